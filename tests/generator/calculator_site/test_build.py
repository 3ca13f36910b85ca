"""What `write_calculator` puts into the docs folder: bundle, wheels, Pyodide runtime, pages."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import markdown
import pytest

from calculator import browser, team
from generator.calculator_site import write_calculator
from generator.calculator_site.pyodide import PYODIDE_FILES
from generator.calculator_site.wheels import build_wheel
from tests.helpers import ROOT, engine, models, standards, with_examples


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A docs folder with the calculator written into it once."""
    folder = tmp_path_factory.mktemp("docs")
    return folder, write_calculator(folder, standards()).pages


def wheels(folder: Path) -> dict[str, Path]:
    """The wheels written, by distribution name."""
    return {path.name.split("-")[0]: path for path in (folder / "assets/calculator").glob("*.whl")}


def test_pages_for_every_model_and_an_index(docs: tuple[Path, list[str]]) -> None:
    folder, pages = docs
    assert pages[0] == "calculator/index.md"
    assert sorted(pages[1:]) == sorted(f"calculator/{model_id}.md" for model_id in models())
    index = (folder / "calculator/index.md").read_text(encoding="utf-8")
    for model_id, (_series, model) in models().items():
        assert f"[{model.title}]({model_id}.md)" in index


def test_pyodide_runtime_is_copied_from_the_npm_package(docs: tuple[Path, list[str]]) -> None:
    folder, _pages = docs
    for name in PYODIDE_FILES:
        copied = folder / "assets/pyodide" / name
        assert copied.read_bytes() == (ROOT / "node_modules/pyodide" / name).read_bytes()


def test_rules_bundle_loads_in_the_browser_entry_point(docs: tuple[Path, list[str]]) -> None:
    folder, _pages = docs
    bundle = (folder / "assets/calculator/rules.json").read_text(encoding="utf-8")
    assert sorted(json.loads(browser.load(bundle))) == sorted(models())
    assert set(json.loads(bundle)["version"]) == {"commit", "date", "modified"}
    for model_id in with_examples():
        _series, model = models()[model_id]
        for example in model.examples:
            answer = json.loads(browser.grade_json(model_id, json.dumps(example.inputs)))
            expected = engine(model_id, example.inputs)
            # the page's answer is the engine's, with how the outcome reads (tone) and, for a model that
            # only scores, what raising each input adds (gains)
            assert answer.pop("tone") == team.tone(expected)
            assert answer.pop("gains", None) == (
                team.score_gains(*models()[model_id], expected) if team.score_only(model) else None
            )
            assert answer == expected


def test_wheels_are_valid_pure_python_wheels(docs: tuple[Path, list[str]]) -> None:
    folder, _pages = docs
    found = wheels(folder)
    assert set(found) == {"competency_calculator", "competency_teamfile"}
    with zipfile.ZipFile(found["competency_calculator"]) as archive:
        names = archive.namelist()
        assert {n.split("/")[0] for n in names} == {
            "calculator",
            found["competency_calculator"].name.rsplit("-", 3)[0] + ".dist-info",
        }
        info = next(n for n in names if n.endswith(".dist-info/WHEEL"))
        assert "Tag: py3-none-any" in archive.read(info).decode()
        record = archive.read(next(n for n in names if n.endswith("RECORD"))).decode()
        for path, digest, size in csv.reader(io.StringIO(record)):
            if path.endswith("RECORD"):
                continue
            data = archive.read(path)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert (digest, int(size)) == (f"sha256={expected}", len(data))


def test_wheel_installs_offline_and_grades(docs: tuple[Path, list[str]], tmp_path: Path) -> None:
    folder, _pages = docs
    target = tmp_path / "site-packages"
    install = [sys.executable, "-m", "pip", "install", "-q", "--no-index", "--no-deps", "--target", str(target)]
    subprocess.run([*install, *map(str, wheels(folder).values())], check=True, capture_output=True)
    bundle = folder / "assets/calculator/rules.json"
    script = (
        f"import sys; sys.path.insert(0, {str(target)!r})\n"
        "import json, calculator.browser as b, teamfile\n"
        f"b.load(open({str(bundle)!r}, encoding='utf-8').read())\n"
        "print(b.grade_json('cs-staff-rating', json.dumps(dict.fromkeys("
        "['knowledge_skills', 'communication', 'teamwork', 'efficiency', 'satisfaction'], 80))))\n"
        "print(b.__file__)"
    )
    done = subprocess.run([sys.executable, "-I", "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    result, location = done.stdout.strip().splitlines()
    assert json.loads(result)["outcome"]["id"] == "senior"
    assert location.startswith(str(target))


def test_wheels_are_reproducible(tmp_path: Path) -> None:
    files = {"pkg/__init__.py": b"x = 1\n"}
    first = build_wheel("demo", files, tmp_path / "a").read_bytes()
    second = build_wheel("demo", files, tmp_path / "b").read_bytes()
    assert first == second


def test_rewriting_leaves_unchanged_files_alone(docs: tuple[Path, list[str]]) -> None:
    folder, _pages = docs
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}
    write_calculator(folder, standards())
    after = {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}
    assert before == after


def test_form_is_one_raw_html_block_with_labelled_fields(docs: tuple[Path, list[str]]) -> None:
    folder, _pages = docs
    for model_id, (_series, model) in models().items():
        text = (folder / f"calculator/{model_id}.md").read_text(encoding="utf-8")
        html = markdown.markdown(text.split("---", 2)[2], extensions=["md_in_html", "attr_list", "tables"])
        assert '<div id="result" class="calc-result" aria-live="polite" data-result=""' in html
        assert html.count("<form") == 1 and "<p><div" not in html
        for spec in model.inputs:
            assert f'data-input="{spec.key}"' in html
            if spec.type in ("number", "integer", "choice", "level"):
                assert f'<label class="calc-label" for="calc-{spec.key}">' in html
