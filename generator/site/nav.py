"""The site's navigation: home, one tab per family, the calculators, then the guides."""

from __future__ import annotations

from typing import Any

from generator.handbook.model import Handbook
from generator.handbook.paths import calculator_path
from generator.handbook.wording import title

from .content import HOME

CHANGES = "changes.md"


def navigation(
    handbook: Handbook,
    sections: list[dict[str, list[Any]]],
    content: list[tuple[str, dict[str, Any]]],
    calculators: list[str],
) -> list[Any]:
    """The site navigation: home, one tab per family, calculators, then the guides.

    Titles from the standards go through `rules.title()`: Material writes nav titles into the
    page as HTML, unescaped (the series' sections come escaped from `Renderer.series`).
    """
    by_series = dict(zip((e.series.id for e in handbook.entries), sections, strict=True))
    nav: list[Any] = [{"首页": HOME}]
    for family, entries in handbook.families:
        nav.append({title(family): [by_series[e.series.id] for e in entries]})
    titles = {calculator_path(m): title(m.title) for _e, m in handbook.models()}
    if calculators:
        nav.append({"计算器": [{titles[p]: p} if p in titles else p for p in calculators]})
    guides = sorted((meta.get("order", 100), path, meta) for path, meta in content if path != HOME)
    nav.append({"指南": [{str(meta["_title"]): path} for _order, path, meta in guides] + [{"标准变更记录": CHANGES}]})
    return nav
