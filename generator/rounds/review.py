"""自评与评审: one page per series whose levels state requirements, where an employee assesses themself
against a level and an assessor rates the dossier file they receive.

The page is a form drawn in the browser (`site_overrides/assets/review/review.js`) from the data
written here: the standard (id, title, version), the series, and each level's requirements in the
source's wording, with the certification method where the standard gives one and, for a
requirement a model's inputs can check, the calculator page that checks it. Nothing typed leaves
the browser; the dossier is a file the person saves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from calculator.model import Level, Requirement, Series
from generator.git import Version
from generator.handbook import wording
from generator.handbook.model import Entry, Handbook
from generator.handbook.paths import calculator_path
from generator.handbook.render import front_matter
from generator.handbook.requirements import display_label, requirement_words
from generator.handbook.wording import visible

FORMAT_VERSION = 1  # the dossier file's format: review.js refuses a newer one
REVIEW_PAGE = "review.md"


def review_path(series: Series) -> str:
    """The 自评与评审 page of a series, beside its level pages' folder, relative to docs_dir."""
    return f"series/{series.id}/{REVIEW_PAGE}"


@dataclass(frozen=True)
class ReviewPage:
    """What the 自评与评审 page of a series carries."""

    path: str
    title: str
    data: dict[str, Any]


def _up(path: str) -> str:
    """From a page's URL (MkDocs' directory URLs: a/b/c.md is served at a/b/c/) back to the site's root."""
    return "../" * (path.count("/") + 1)


def _checker(entry: Entry, requirement: Requirement, source: str) -> dict[str, str] | None:
    """The calculator page whose model's inputs check this requirement, if any."""
    if not requirement.checks:
        return None
    needed = {check.input for check in requirement.checks}
    for model in entry.series.models:
        if needed <= {spec.key for spec in model.inputs}:
            page = calculator_path(model).removesuffix(".md") + "/"
            return {"title": visible(model.title), "href": _up(source) + page}
    return None


def _requirement(entry: Entry, requirement: Requirement, number: int, kinds: dict[str, str], source: str) -> Any:
    found: dict[str, Any] = {
        "key": f"r{number}",
        "kind": visible(kinds.get(requirement.kind, requirement.kind)),
        "label": visible(display_label(requirement, kinds)),
        "text": visible(requirement_words(requirement) or display_label(requirement, kinds)),
    }
    if requirement.certification:
        found["method"] = visible(requirement.certification)
    checker = _checker(entry, requirement, source)
    if checker:
        found["checker"] = checker
    return found


def _level(entry: Entry, level: Level, kinds: dict[str, str], source: str) -> dict[str, Any]:
    requirements = [_requirement(entry, r, n, kinds, source) for n, r in enumerate(level.requirements, 1)]
    return {"id": level.id, "name": visible(level.name), "requirements": requirements}


def review_page(handbook: Handbook, entry: Entry) -> ReviewPage | None:
    """The page of a series, or None when none of its levels states a requirement."""
    series = entry.series
    if not any(level.requirements for level in series.levels):
        return None
    path = review_path(series)
    version: Version = handbook.version
    data = {
        "format_version": FORMAT_VERSION,
        "standard": {
            "id": entry.standard.id,
            "title": visible(entry.standard.title),
            "version": {"commit": version.commit, "date": version.date, "text": version.text()},
        },
        "series": {"id": series.id, "name": visible(entry.title)},
        "levels": [_level(entry, lv, handbook.kinds, path) for lv in series.levels],
    }
    return ReviewPage(path, f"自评与评审：{entry.title}", data)


def write_review_pages(handbook: Handbook, env: Environment) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Every series' 自评与评审 page ({docs path: Markdown}) and their nav entries."""
    pages: dict[str, str] = {}
    nav: list[dict[str, str]] = []
    for entry in handbook.entries:
        page = review_page(handbook, entry)
        if page is None:
            continue
        base = Markup(_up(page.path))
        form = env.get_template("rounds/review.html").render(data=page.data, base=base, levels=page.data["levels"])
        squeezed = "\n".join(line for line in form.splitlines() if line.strip())  # one raw HTML block
        meta = {"title": wording.title(page.title), "search": {"exclude": True}, "hide": ["toc"]}
        meta["revision_date"] = entry.updated
        body = env.get_template("rounds/review.md.j2").render(title=page.title, form=Markup(squeezed))
        pages[page.path] = front_matter(**meta) + body
        nav.append({wording.title(entry.title): page.path})
    return pages, nav
