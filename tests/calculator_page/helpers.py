"""What tests/calculator_page/test_team_mapping.py imports, until it moves beside the other tests (tests/helpers.py)."""

from __future__ import annotations

from types import ModuleType

from tests.helpers import ROOT, engine, models, standards, with_examples

__all__ = ["ROOT", "engine", "models", "standards", "teamfile", "with_examples"]


def teamfile() -> ModuleType:
    """The team-file package the page runs (the same wheel the build packs)."""
    import teamfile as module

    return module
