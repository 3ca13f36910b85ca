"""`competency build` is atomic: a broken standard, a failing MkDocs build or a killed build leaves the previous site.

Each test here runs a full build (the swap itself is tested without one in tests/generator/site/).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from devtools import ROOT
from devtools.cli import competency_process
from tests.generator.site.test_publish import fake_site, site_version

pytestmark = pytest.mark.browser


def fingerprint(folder: Path) -> str:
    """A hash over every file's path and bytes: equal means byte-identical trees."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def previous_site(built_site: Path, tmp_path: Path) -> Path:
    """A copy of the built site standing in for the one already published."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    return site


def test_broken_standard_stops_the_build_and_keeps_the_site(tmp_path: Path, previous_site: Path) -> None:
    """The validator's FILE:LINE:COL message, exit 1, and not one byte of the old site changed."""
    standards = tmp_path / "standards"
    shutil.copytree(ROOT / "standards", standards)
    broken = sorted(standards.glob("*.yaml"))[0]
    lines = broken.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.strip().startswith("family:"))
    lines[number] = lines[number].split(":")[0] + ": 不存在的类别"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = fingerprint(previous_site)

    result = competency_process("build", "--standards", str(standards), "--site-dir", str(previous_site))

    assert result.returncode == 1
    where = f"{os.path.relpath(broken, ROOT)}:{number + 1}:"
    assert re.search(rf"^{re.escape(where)}\d+: standard\.family: ", result.stderr, re.MULTILINE), result.stderr
    assert "Traceback" not in result.stderr
    assert fingerprint(previous_site) == before


def _project_copy(tmp_path: Path) -> Path:
    """The site sources of the project in a scratch folder (standards stay where they are)."""
    project = tmp_path / "project"
    project.mkdir()
    hook = "generator/site/mkdocs_hook.py"
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert hook in config
    (project / "mkdocs.yml").write_text(config.replace(hook, str(ROOT / hook)), encoding="utf-8")
    shutil.copytree(ROOT / "site_overrides", project / "site_overrides")
    shutil.copytree(ROOT / "content", project / "content")
    (project / "standards").symlink_to(ROOT / "standards")  # watched by mkdocs.yml
    return project


def test_strict_mkdocs_failure_keeps_the_site(tmp_path: Path, previous_site: Path) -> None:
    """A dead link in content/ is a warning, strict mode makes it fatal, and the old site stays."""
    project = _project_copy(tmp_path)
    glossary = project / "content" / "guide" / "glossary.md"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\n[失效链接](no-such-page.md)\n", encoding="utf-8")
    before = fingerprint(previous_site)

    result = competency_process(
        "build", "--standards", str(ROOT / "standards"), "--site-dir", str(previous_site), cwd=project
    )

    assert result.returncode == 1, result.stdout + result.stderr
    assert "no-such-page.md" in result.stderr
    assert "原有的网站保持不变" in result.stderr
    assert fingerprint(previous_site) == before
    assert not list(previous_site.parent.glob(".site.*")), "temporary build left behind"


def test_build_writes_a_complete_site(built_site: Path) -> None:
    """The strict build produced every kind of page, the search index and no leftovers."""
    assert (built_site / "index.html").is_file()
    assert (built_site / "changes" / "index.html").is_file()
    assert (built_site / "pagefind" / "pagefind-entry.json").is_file()
    assert (built_site / "pagefind" / "names" / "meta.json").is_file()
    assert not list(built_site.parent.glob(f".{built_site.name}.*"))


def test_zensical_builds_the_generated_docs(built_site: Path, tmp_path: Path) -> None:
    """After `competency generate`, Zensical builds the same docs with the same mkdocs.yml."""
    project = _project_copy(tmp_path)
    shutil.copytree(ROOT / "build", project / "build", ignore=shutil.ignore_patterns(".*"))
    result = subprocess.run(
        [sys.executable, "-m", "zensical", "build"], cwd=project, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "标准版本：" in home
    assert {p.name for p in (project / "site" / "series").iterdir()} == {
        p.name for p in (built_site / "series").iterdir()
    }


# ---------------------------------------------------------------- a build killed while MkDocs writes


def _children(pid: int) -> list[int]:
    """Processes whose parent is pid (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG and /proc are Linux's")
def test_a_killed_build_takes_mkdocs_with_it_and_the_next_build_cleans_up(tmp_path: Path) -> None:
    site = fake_site(tmp_path / "site", "old")
    command = [sys.executable, "-m", "generator.cli", "build", "--site-dir", str(site)]
    build = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    temporary = tmp_path / f".site.new-{build.pid}"
    deadline = time.monotonic() + 120
    mkdocs: list[int] = []
    while time.monotonic() < deadline and not (mkdocs and temporary.exists()):
        mkdocs = _children(build.pid)
        time.sleep(0.05)
    assert mkdocs and temporary.exists(), "mkdocs did not start writing the new site"
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(pid) for pid in mkdocs):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in mkdocs), "mkdocs outlived the killed build"
    assert site_version(site) == "old"  # the killed build replaced nothing
    assert temporary.exists()  # what it left, for the next build to remove
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (site / "index.html").is_file() and (site / "calculator").is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
