"""Two builds of the same commit produce byte-identical sites."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from devtools.cli import competency_process

pytestmark = pytest.mark.browser


def digests(site: Path) -> dict[str, str]:
    """SHA-256 of every file of a built site, by relative path."""
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def test_two_builds_are_byte_identical(built_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "site-again"
    result = competency_process("build", "--site-dir", str(again))
    assert result.returncode == 0, result.stderr
    first, second = digests(built_site), digests(again)
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []
