"""The CLI tests run `competency` in this process (devtools.cli.competency); the committed standards are validated once.

Grading and listing validate the standards first. For the committed, unchanged standards the
answer is the same every time, so it is computed once per way of asking (working directory,
path as given, strictness) and reused; a test's own workspace is validated afresh on every call.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

import generator.cli
from devtools import ROOT
from generator.validation import Standards, validate

COMMITTED = (ROOT / "standards").resolve()


@cache
def _committed(cwd: str, directory: str, strict: bool) -> Standards:
    return validate(Path(directory), strict=strict)


def _validate(directory: Path, strict: bool = False) -> Standards:
    """`generator.validation.validate`, once per way of asking for the committed standards."""
    if Path(directory).resolve() == COMMITTED:
        return _committed(os.getcwd(), str(directory), strict)
    return validate(directory, strict=strict)


@pytest.fixture(autouse=True)
def validated_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generator.cli, "validate", _validate)
