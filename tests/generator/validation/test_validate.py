"""The validator on the committed standards and on a corpus of broken files."""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools import ROOT
from devtools.cli import competency
from tests.helpers import workspace as _workspace

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(p.stem for p in BROKEN.glob("*.yaml"))


def test_committed_standards_validate_strictly() -> None:
    result = competency("validate", "--strict")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("通过：")


@pytest.mark.parametrize("case", CASES)
def test_broken_file_yields_exact_messages(case: str, tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, BROKEN / f"{case}.yaml")
    result = competency("validate", "--strict", cwd=workspace)
    expected = (BROKEN / f"{case}.expected").read_text(encoding="utf-8").splitlines()
    lines = result.stderr.splitlines()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert lines[:-1] == expected
    assert lines[-1] == f"共 {len(expected)} 个错误；没有做任何改动。"
    assert all(line.startswith(f"standards/{case}.yaml:") for line in expected)


def test_unknown_key_is_a_warning_without_strict(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, BROKEN / "unknown-key.yaml")
    result = competency("validate", cwd=workspace)
    assert result.returncode == 0
    assert "警告：未知的键 'tittle'；是不是要写 'title'？" in result.stderr


def test_every_problem_is_reported_across_files(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, BROKEN / "weights.yaml", BROKEN / "gap.yaml", BROKEN / "syntax-error.yaml")
    result = competency("validate", cwd=workspace)
    files = {line.split(":")[0] for line in result.stderr.splitlines()[:-1]}
    assert files == {"standards/weights.yaml", "standards/gap.yaml", "standards/syntax-error.yaml"}


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, ROOT / "standards" / "cs-staff-rating.yaml")
    copy = workspace / "standards" / "copy.yaml"
    copy.write_text((workspace / "standards" / "cs-staff-rating.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = competency("validate", cwd=workspace)
    assert result.returncode == 1
    place = "standards/cs-staff-rating.yaml:3:7: standard.id: "
    assert place + "标准 id 'cs-staff-rating' 重复（standards/copy.yaml 中已有）" in result.stderr


def test_a_large_handbook_is_checked_in_parallel_with_the_same_issues(tmp_path: Path, monkeypatch) -> None:
    from devtools.synthetic import synthetic_standards
    from generator.validation import checks as module

    standards = tmp_path / "standards"
    synthetic_standards(standards, 7)  # 16 files x 7 = 112, above the parallel threshold
    victim = sorted(standards.glob("*.yaml"))[57]
    victim.write_text(victim.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(module.threading, "active_count", lambda: 1)  # other tests' servers run in threads
    parallel = module.validate(Path("standards"))
    monkeypatch.setattr(module, "PARALLEL_FROM", 10**9)
    serial = module.validate(Path("standards"))
    assert len(parallel.documents) == len(serial.documents) == 111
    assert [str(i) for i in parallel.issues] == [str(i) for i in serial.issues]
    assert {issue.file for issue in serial.errors} == {f"standards/{victim.name}"}  # every other copy validates
    messages = [str(issue) for issue in serial.errors]
    assert any(f"standards/{victim.name}:" in m and "缺少必填的键 'title'" in m for m in messages)


def test_one_process_reads_each_folders_schema_and_an_edited_schema(tmp_path: Path, monkeypatch) -> None:
    """The schema is cached by its resolved file and version, not by the folder name as given."""
    from generator.validation import validate

    first = _workspace(tmp_path / "first", ROOT / "standards" / "cs-staff-rating.yaml")
    second = _workspace(tmp_path / "second", ROOT / "standards" / "cs-staff-rating.yaml")
    schema = second / "standards" / "schema.json"
    schema.write_text(schema.read_text(encoding="utf-8").replace('"interpretation"', '"interpretatio"'), "utf-8")
    monkeypatch.chdir(first)
    assert not validate(Path("standards")).errors
    monkeypatch.chdir(second)
    assert validate(Path("standards"), strict=True).errors  # the same name "standards", another schema
    schema.write_text((ROOT / "standards" / "schema.json").read_text(encoding="utf-8") + "\n", "utf-8")
    assert not validate(Path("standards"), strict=True).errors  # edited back: read again
