"""The validator on the committed standards and on a corpus of broken files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, competency

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(p.stem for p in BROKEN.glob("*.yaml"))


def _workspace(tmp_path: Path, *files: Path) -> Path:
    """A project folder with the committed schema and the given standards files."""
    standards = tmp_path / "standards"
    standards.mkdir()
    shutil.copy(ROOT / "standards" / "schema.json", standards)
    for file in files:
        shutil.copy(file, standards)
    return tmp_path


def test_committed_standards_validate_strictly() -> None:
    result = competency("validate", "--strict")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: ")


@pytest.mark.parametrize("case", CASES)
def test_broken_file_yields_exact_messages(case: str, tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, BROKEN / f"{case}.yaml")
    result = competency("validate", "--strict", cwd=workspace)
    expected = (BROKEN / f"{case}.expected").read_text(encoding="utf-8").splitlines()
    lines = result.stderr.splitlines()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert lines[:-1] == expected
    assert lines[-1] == f"{len(expected)} error(s); nothing was changed."
    assert all(line.startswith(f"standards/{case}.yaml:") for line in expected)


def test_unknown_key_is_a_warning_without_strict(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, BROKEN / "unknown-key.yaml")
    result = competency("validate", cwd=workspace)
    assert result.returncode == 0
    assert "warning: unknown key 'tittle'; did you mean 'title'?" in result.stderr


def test_every_problem_is_reported_across_files(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, BROKEN / "weights.yaml", BROKEN / "gap.yaml", BROKEN / "syntax-error.yaml")
    result = competency("validate", cwd=workspace)
    files = {line.split(":")[0] for line in result.stderr.splitlines()[:-1]}
    assert files == {"standards/weights.yaml", "standards/gap.yaml", "standards/syntax-error.yaml"}


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, BROKEN.parent.parent.parent / "standards" / "cs-staff-rating.yaml")
    copy = workspace / "standards" / "copy.yaml"
    copy.write_text((workspace / "standards" / "cs-staff-rating.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = competency("validate", cwd=workspace)
    assert result.returncode == 1
    assert "standards/cs-staff-rating.yaml:3:7: standard.id: duplicate standard id 'cs-staff-rating'" in result.stderr
