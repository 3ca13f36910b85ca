"""The rules bundle (`rules.json`): every validated standard as plain data, with the standards' version."""

from __future__ import annotations

import json

from generator import git
from generator.validation import Standards


def bundle_json(standards: Standards) -> str:
    """Every validated standard as the page's rules bundle, with the standards' version."""
    bundle = {"standards": [d.data for d in standards.documents], "version": git.release(standards.directory)}
    return json.dumps(bundle, ensure_ascii=False, sort_keys=True, default=str)
