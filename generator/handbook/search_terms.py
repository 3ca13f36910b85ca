"""A jieba user dictionary from the standards' own words, so 助理三级 or 达成率 stay one token.

Material's search plugin segments Chinese with jieba at build time and loads this file
through `plugins.search.jieba_dict_user`; the browser then matches the same tokens.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path as FsPath

from .model import Handbook

HAN = re.compile(r"[\u3400-\u9fff]{2,}")
LONGEST = 8  # longer phrases stay segmented, so a search for a part of them still finds them
HEADING = re.compile(r"^#{2,3}\s+(.+?)\s*(\{.*\})?$", re.MULTILINE)


def _han_runs(text: str) -> Iterator[str]:
    """The runs of Chinese characters in a name (punctuation and Latin split them)."""
    yield from HAN.findall(text)


def _names(handbook: Handbook) -> Iterator[str]:
    """Names that people search for: departments, roles, series, levels, groups, items, modules, inputs, owners."""
    for about, _entries in handbook.standards():
        yield about.applies_to.department
        yield from (role.name for role in about.applies_to.roles)
    for entry in handbook.entries:
        series = entry.series
        yield series.name
        for level in series.levels:
            yield level.name
            yield from level.aliases
            yield level.group
            for requirement in level.requirements:
                yield requirement.item
                yield requirement.module
        for model in series.models:
            yield from (spec.label for spec in model.inputs)
            yield from (f.label for spec in model.inputs for f in spec.fields)
            yield from (item.label for item in model.items())
            yield from (group.label for group in model.groups)
        for process in entry.processes:
            yield from (step.owner for step in process.steps)


def glossary_terms(content: FsPath) -> Iterator[str]:
    """Terms defined in the hand-written glossary (its `##`/`###` headings)."""
    for path in content.rglob("glossary.md"):
        for match in HEADING.finditer(path.read_text(encoding="utf-8")):
            yield match.group(1)


def terms(handbook: Handbook, extra: Iterable[str] = ()) -> list[str]:
    """Every distinct Chinese term, longest first (stable for diffs)."""
    found = {run for name in [*_names(handbook), *extra] if name for run in _han_runs(name) if len(run) <= LONGEST}
    return sorted(found, key=lambda t: (-len(t), t))


def user_dictionary(handbook: Handbook, content: FsPath) -> str:
    """The dictionary file's text: one word per line (jieba picks a frequency that keeps it whole)."""
    return "".join(f"{term}\n" for term in terms(handbook, glossary_terms(content)))
