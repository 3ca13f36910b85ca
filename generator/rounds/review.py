"""自评与评审: one page per series whose levels state requirements, where an employee assesses themself
against a level and an assessor rates the dossier file they receive.

The page is a form drawn in the browser (`site_overrides/assets/review/review.js`) from the data
written here: the standard (id, title, version), the series, and each level's requirements in the
source's wording, with the certification method where the standard gives one and, for a
requirement a model's inputs can check, the calculator page that checks it. Nothing typed leaves
the browser; the dossier is a file the person saves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from calculator.checks import checkable, checked_inputs
from calculator.model import Input, Level, Model, Requirement, Series
from generator.git import Version
from generator.handbook import wording
from generator.handbook.model import Entry, Handbook
from generator.handbook.paths import calculator_path
from generator.handbook.render import front_matter
from generator.handbook.requirements import display_label, requirement_words
from generator.handbook.wording import input_range, visible

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


def _calculator_link(model: Model, source: str) -> dict[str, str]:
    """A model's calculator page, as a link from the page at `source`."""
    return {"title": visible(model.title), "href": _up(source) + calculator_path(model).removesuffix(".md") + "/"}


def _checker(entry: Entry, requirement: Requirement, source: str) -> dict[str, str] | None:
    """The calculator page whose model's inputs check this requirement, if any."""
    if not requirement.checks:
        return None
    needed = {check.input for check in requirement.checks}
    for model in entry.series.models:
        if needed <= {spec.key for spec in model.inputs}:
            return _calculator_link(model, source)
    return None


def _checking_model(series: Series, level: Level) -> Model | None:
    """The model of the series whose inputs check the most of a level's requirements (the first of equals)."""
    best = max(series.models, key=lambda model: len(checkable(model, level)), default=None)
    return best if best is not None and checkable(best, level) else None


def _field(series: Series, spec: Input) -> dict[str, Any]:
    """One input the page asks for a checkable requirement: a box, a list of options or yes/no."""
    found: dict[str, Any] = {
        "key": spec.key,
        "label": visible(spec.label),
        "type": spec.type,
        "help": visible(spec.help),
    }
    if spec.type in ("number", "integer"):
        found["range"] = visible(input_range(spec))
    elif spec.type == "choice":
        found["options"] = [[o.value, visible(o.label)] for o in spec.options]
    elif spec.type == "level":
        found["options"] = [[lv.id, visible(lv.name)] for lv in series.levels]
    return found


def _checks(series: Series, model: Model, level: Level, source: str) -> dict[str, Any]:
    """What the page asks so that the engine grades a level's checkable requirements, and the calculator
    page of the model (which grades the whole level, scoring items and all)."""
    return {
        "model": model.id,
        "calculator": _calculator_link(model, source),
        "inputs": [_field(series, spec) for spec in checked_inputs(model, level)],
    }


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
    found: dict[str, Any] = {"id": level.id, "name": visible(level.name), "requirements": requirements}
    model = _checking_model(entry.series, level)
    if model is not None:
        for index in checkable(model, level):
            requirements[index]["checked"] = True
        found["checks"] = _checks(entry.series, model, level, source)
    return found


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


Engine = Callable[[str], dict[str, Any]]  # the engine's start settings for a page `base` away from the root


def write_review_pages(
    handbook: Handbook, env: Environment, engine: Engine | None = None
) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Every series' 自评与评审 page ({docs path: Markdown}) and their nav entries.

    With `engine` (the calculator's start settings), a page whose levels have requirements a model's
    inputs check starts the calculator's engine to grade them; without it, those link to the calculator.
    """
    pages: dict[str, str] = {}
    nav: list[dict[str, str]] = []
    for entry in handbook.entries:
        page = review_page(handbook, entry)
        if page is None:
            continue
        base = Markup(_up(page.path))
        if engine is not None and any("checks" in level for level in page.data["levels"]):
            page.data["engine"] = engine(str(base))
        form = env.get_template("rounds/review.html").render(data=page.data, base=base, levels=page.data["levels"])
        squeezed = "\n".join(line for line in form.splitlines() if line.strip())  # one raw HTML block
        meta = {"title": wording.title(page.title), "search": {"exclude": True}, "hide": ["toc"]}
        meta["revision_date"] = entry.updated
        body = env.get_template("rounds/review.md.j2").render(title=page.title, form=Markup(squeezed))
        pages[page.path] = front_matter(**meta) + body
        nav.append({wording.title(entry.title): page.path})
    return pages, nav
