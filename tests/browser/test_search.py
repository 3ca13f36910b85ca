"""Chinese search through Material's search box finds level pages by name and by a requirement phrase."""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from pathlib import Path
from typing import Any

import jieba
import pytest

from devtools import ROOT
from tests.browser.helpers import level_url, search, series_objects

pytestmark = pytest.mark.browser

HAN = re.compile(r"[\u4e00-\u9fff]{2,}")
FIRST_PAGE = 10  # Material shows ten results before the reader scrolls


def _levels_with_distinct_names() -> list[tuple[Any, Any]]:
    """Levels whose Chinese name is unique across series; first, middle and last of them."""
    counts = Counter(lv.name for s in series_objects() for lv in s.levels)
    found = [(s, lv) for s in series_objects() for lv in s.levels if counts[lv.name] == 1 and HAN.fullmatch(lv.name)]
    found.sort(key=lambda pair: (-len(pair[1].name), pair[1].name))
    return [found[0], found[len(found) // 2], found[-1]] if len(found) >= 3 else found


def test_search_for_a_level_name_finds_its_page(page: Any, site_url: str) -> None:
    """A level's name, typed in Chinese, lists that level's page on the first page of results."""
    chosen = _levels_with_distinct_names()
    assert chosen, "no level with a distinct Chinese name"
    for series, level in chosen:
        results = search(page, site_url, level.name)
        assert level_url(series.id, level.id) in results[:FIRST_PAGE], (level.name, results[:FIRST_PAGE])


def _indexed_texts(site: Path) -> dict[str, str]:
    """The text the search index holds for each page (sections joined, segmentation removed)."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts: dict[str, str] = {}
    for doc in index["docs"]:
        location = doc["location"].split("#")[0]
        texts[location] = texts.get(location, "") + (doc["title"] + doc["text"]).replace("\u200b", "")
    return texts


def _requirement_phrase(site: Path) -> tuple[str, str]:
    """A phrase from a requirement, starting with a word no other indexed page contains, and its page."""
    jieba.setLogLevel(logging.WARNING)
    with open(ROOT / "build" / "jieba-userdict.txt", "rb") as words:  # jieba leaves a file it opens unclosed
        jieba.load_userdict(words)
    texts = _indexed_texts(site)
    for series in series_objects():
        for level in series.levels:
            target = level_url(series.id, level.id)
            for requirement in level.requirements:
                words = list(jieba.cut(requirement.text))
                for i, word in enumerate(words[:-1]):
                    pages = [loc for loc, text in texts.items() if word in text]
                    if HAN.fullmatch(word) and pages == [target] and HAN.fullmatch(words[i + 1]):
                        return word + words[i + 1], target
    raise AssertionError("no requirement has a word of its own")


def test_search_for_a_requirement_phrase_finds_its_level(page: Any, site_url: str, built_site: Path) -> None:
    """A phrase from one level's requirements finds that level's page first."""
    phrase, target = _requirement_phrase(built_site)
    results = search(page, site_url, phrase)
    assert results and results[0] == target, (phrase, results[:FIRST_PAGE])
