"""Where each handbook page lives (docs paths built from ids) and the only links a page may carry."""

from __future__ import annotations

import re

from markupsafe import Markup

from calculator.model import Level, Model, Series

HOME = "index.md"  # content/index.md, with the catalogue inserted
SERIES_DIR = "series"
FAMILIES_DIR = "families"
FINDER = "find.md"  # 找到我的职级: department → role → level
FEEDS_DIR = "changes"  # the change log's Atom feeds, one per standard (changes/<id>.xml, beside changes.md)

# A family's folder is its Chinese name (families/客服/): family names are the schema's enum, and a
# reader sees the address; any character outside the Chinese letters, ASCII letters and digits
# becomes "-".
UNSAFE = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fffA-Za-z0-9_-]+")


def series_path(series: Series) -> str:
    """The series page, relative to docs_dir."""
    return f"{SERIES_DIR}/{series.id}/index.md"


def level_path(series: Series, level: Level) -> str:
    """A level page, relative to docs_dir."""
    return f"{SERIES_DIR}/{series.id}/levels/{level.id}.md"


def matrix_path(series: Series) -> str:
    """The comparison matrix of a series."""
    return f"{SERIES_DIR}/{series.id}/matrix.md"


def feed_path(standard_id: str) -> str:
    """The Atom feed of one standard's changes (written by generator.changelog)."""
    return f"{FEEDS_DIR}/{standard_id}.xml"


def print_path(series: Series) -> str:
    """The print-friendly page of a series."""
    return f"{SERIES_DIR}/{series.id}/print.md"


def family_path(family: str) -> str:
    """The landing page of a family's tab, relative to docs_dir."""
    folder = UNSAFE.sub("-", family).strip("-_") or "family"
    return f"{FAMILIES_DIR}/{folder}/index.md"


def calculator_path(model: Model) -> str:
    """Where the calculator helper writes a model's page, relative to docs_dir."""
    return f"calculator/{model.id}.md"


# A link the generator writes: `../` steps up, then a docs path built from ids (the schema's id
# pattern: letters, digits, `_` and `-`) or a family's Chinese name, then an optional anchor.
# No scheme, no `..` further in.
SEGMENT = r"[A-Za-z0-9\u3400-\u4dbf\u4e00-\u9fff][A-Za-z0-9_.\u3400-\u4dbf\u4e00-\u9fff-]*"
LINK = re.compile(rf"^(\.\./)*{SEGMENT}(/{SEGMENT})*(#[A-Za-z0-9_-]+)?$")


def link(target: str) -> Markup:
    """A relative link as Markup for a template; anything but a plain docs path is refused, never written."""
    if not LINK.match(target):
        raise ValueError(f"not a docs link: {target!r}")
    return Markup(target)


def relative(source: str, target: str, anchor: str = "") -> Markup:
    """A Markdown link from one docs file to another (MkDocs turns it into the right URL)."""
    up = source.count("/")
    return link("../" * up + target + (f"#{anchor}" if anchor else ""))
