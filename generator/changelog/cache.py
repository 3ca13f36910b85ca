"""A cache of each commit's described changes, so a long history is compared once, not at every build.

It lives in the repository's git directory (`competency-changelog.json`): it is derived from
git objects only, belongs to that repository, is never committed and survives a clean build folder.
Entries are keyed by commit; the whole cache is dropped when the code that words the changes, the
labels (the schema's Chinese names) or the cache format change. A cache that cannot be read or
written is ignored: the history is then compared in full, as without one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

import calculator.words
from generator.handbook import requirements, wording
from generator.validation import Labels

from . import describe, history
from .describe import Change

FORMAT = 1
NAME = "competency-changelog.json"


@dataclass(frozen=True)
class Saved:
    """One entry as kept: the standard's id and title, and the changes."""

    standard: str
    title: str
    changes: list[Change]


@dataclass(frozen=True)
class Kept:
    """What a commit gave: its entries, the paths whose version compiled (-> blob), the titles it set."""

    entries: list[Saved]
    good: dict[str, str]
    titles: dict[str, str]


def _key(labels: Labels) -> str:
    """What the cached sentences depend on: the wording code, the labels and the format."""
    digest = hashlib.sha256(str(FORMAT).encode())
    for module in (describe, calculator.words, wording, requirements):
        with contextlib.suppress(OSError, TypeError):
            digest.update(FsPath(str(module.__file__)).read_bytes())
    digest.update(FsPath(__file__).with_name("changes.py").read_bytes())
    digest.update(json.dumps(dataclasses.asdict(labels), sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


@dataclass
class Cache:
    """Commits' entries by sha, loaded from and saved to one file."""

    path: FsPath | None
    key: str
    commits: dict[str, Kept] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def open(cls, root: FsPath, labels: Labels) -> Cache:
        """The cache of a repository (empty when absent, stale or unreadable)."""
        key = _key(labels)
        out = history._run(root, "rev-parse", "--absolute-git-dir")
        if not out or not out.strip():
            return cls(None, key)
        path = FsPath(out.decode().strip()) / NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("key") != key:
                return cls(path, key)
            return cls(path, key, {sha: _kept(raw) for sha, raw in data["commits"].items()})
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls(path, key)

    def get(self, sha: str) -> Kept | None:
        return self.commits.get(sha)

    def put(self, sha: str, kept: Kept) -> None:
        self.commits[sha] = kept
        self.changed = True

    def save(self) -> None:
        """Write the cache through a temporary file and a rename; a failure leaves no cache, not an error."""
        if self.path is None or not self.changed:
            return
        data = {"key": self.key, "commits": {sha: _raw(kept) for sha, kept in self.commits.items()}}
        temporary = self.path.with_name(f".{NAME}.{os.getpid()}.tmp")
        try:
            temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink()


def _raw(kept: Kept) -> dict[str, Any]:
    entries = [[e.standard, e.title, [[c.text, c.effect] for c in e.changes]] for e in kept.entries]
    return {"entries": entries, "good": kept.good, "titles": kept.titles}


def _kept(raw: dict[str, Any]) -> Kept:
    entries = [Saved(str(s), str(t), [Change(str(x), str(y)) for x, y in changes]) for s, t, changes in raw["entries"]]
    return Kept(
        entries, {str(k): str(v) for k, v in raw["good"].items()}, {str(k): str(v) for k, v in raw["titles"].items()}
    )
