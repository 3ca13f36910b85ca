"""Where each handbook page lives (docs paths built from ids) and the only links a page may carry."""

from __future__ import annotations

import re

from markupsafe import Markup

from calculator.model import Level, Model, Series

SERIES_DIR = "series"


def series_path(series: Series) -> str:
    """The series page, relative to docs_dir."""
    return f"{SERIES_DIR}/{series.id}/index.md"


def level_path(series: Series, level: Level) -> str:
    """A level page, relative to docs_dir."""
    return f"{SERIES_DIR}/{series.id}/levels/{level.id}.md"


def matrix_path(series: Series) -> str:
    """The comparison matrix of a series."""
    return f"{SERIES_DIR}/{series.id}/matrix.md"


def print_path(series: Series) -> str:
    """The print-friendly page of a series."""
    return f"{SERIES_DIR}/{series.id}/print.md"


def calculator_path(model: Model) -> str:
    """Where the calculator helper writes a model's page, relative to docs_dir."""
    return f"calculator/{model.id}.md"


# A link the generator writes: `../` steps up, then a docs path built from ids (the schema's id
# pattern: letters, digits, `_` and `-`), then an optional anchor. No scheme, no `..` further in.
LINK = re.compile(r"^(\.\./)*[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)*(#[A-Za-z0-9_-]+)?$")


def link(target: str) -> Markup:
    """A relative link as Markup for a template; anything but a plain docs path is refused, never written."""
    if not LINK.match(target):
        raise ValueError(f"not a docs link: {target!r}")
    return Markup(target)


def relative(source: str, target: str, anchor: str = "") -> Markup:
    """A Markdown link from one docs file to another (MkDocs turns it into the right URL)."""
    up = source.count("/")
    return link("../" * up + target + (f"#{anchor}" if anchor else ""))


