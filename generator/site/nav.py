"""The site's navigation: home, 找到我的职级, one tab per family (opening on its landing page), calculators,
the review round (评审), guides."""

from __future__ import annotations

from typing import Any

from generator.handbook.model import Handbook
from generator.handbook.orientation import FINDER_TITLE
from generator.handbook.paths import FINDER, calculator_path, family_path
from generator.handbook.wording import title

from .content import HOME

CHANGES = "changes.md"


def navigation(
    handbook: Handbook,
    sections: list[dict[str, list[Any]]],
    content: list[tuple[str, dict[str, Any]]],
    calculators: list[str],
    review: list[Any] | None = None,
) -> list[Any]:
    """The site navigation: home, 找到我的职级, one tab per family, calculators, then the guides.

    A family's first page is its landing page (families/<family>/index.md, written by
    `Renderer.catalogue`): with Material's navigation.indexes it is the page its tab opens.
    Titles from the standards go through `wording.title()`: Material writes nav titles into the
    page as HTML, unescaped (the series' sections come escaped from `Renderer.series`).
    """
    by_series = dict(zip((e.series.id for e in handbook.entries), sections, strict=True))
    nav: list[Any] = [{"首页": HOME}, {FINDER_TITLE: FINDER}]
    for family, entries in handbook.families:
        nav.append({title(family): [family_path(family), *(by_series[e.series.id] for e in entries)]})
    titles = {calculator_path(m): title(m.title) for _e, m in handbook.models()}
    if calculators:
        nav.append({"计算器": [{titles[p]: p} if p in titles else p for p in calculators]})
    if review:
        nav.append({"评审": review})  # the review round's pages (generator/rounds), titles already escaped
    guides = sorted((meta.get("order", 100), path, meta) for path, meta in content if path != HOME)
    nav.append({"指南": [{str(meta["_title"]): path} for _order, path, meta in guides] + [{"标准变更记录": CHANGES}]})
    return nav
