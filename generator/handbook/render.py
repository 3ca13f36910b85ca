"""Rendering: the one Jinja environment of the handbook and the page writer.

Templates only loop and format. Every `{{ … }}` goes through `finalize`, so text from the standards
reaches a page escaped whether or not a template remembers to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from jinja2 import (
    ChoiceLoader,
    Environment,
    PackageLoader,
    StrictUndefined,
    pass_eval_context,
    select_autoescape,
)
from jinja2.nodes import EvalContext
from markupsafe import Markup

from calculator.words import num

from . import orientation, wording
from .model import Entry, Handbook
from .paths import FINDER, HOME, feed_path, level_path, matrix_path, print_path, series_path
from .sources import Passage
from .views import level_view, matrix_view, series_view

#
# Every `{{ … }}` of a template goes through `finalize`: text becomes `wording.text()` (it shows as
# itself, no Markdown or HTML of its own), numbers are written as numbers, and only Markup passes
# unchanged: links from `link()`, the ladder's SVG, notes admonitions and heading marks. A value a
# template forgets to escape is escaped all the same.


def md(value: Any) -> Markup:
    """Text that shows as itself inside Markdown or HTML (paragraph, list item, heading, raw HTML)."""
    return wording.text(value)


def cell(value: Any) -> Markup:
    """Text safe inside a Markdown table cell (never empty, so the row keeps its cells)."""
    return wording.text(value) or Markup(" ")


def notes(items: Any, title: str = "解读说明") -> Markup:
    """Interpretation notes as an admonition marked as the handbook's reading (empty when there are none)."""
    if not items:
        return Markup("")
    body = "".join(f"    {md(item)}\n\n" for item in items)
    return Markup(f'!!! note "{md(title)}"\n\n{body}')


def passages(pairs: Any, title: str = "原文出处") -> Markup:
    """Source passages behind texts, collapsed (`??? quote`): each source line once, with the texts it carries."""
    if not pairs:
        return Markup("")
    lines: dict[tuple[str, int], tuple[Passage, list[str]]] = {}
    for label, passage in pairs:
        lines.setdefault((passage.file, passage.line), (passage, []))[1].append(label)
    body = "".join(
        f"    - 第 {passage.line} 行：“{md(passage.text)}”<br>对应本页：{md('；'.join(labels))}\n"
        for passage, labels in sorted(lines.values(), key=lambda entry: entry[0].line)
    )
    note = "源文件经 PDF 提取，部分文字有错乱、表格被打散；以下为与本页文字对应的原文行，原样照录。"
    return Markup(f'??? quote "{md(title)}"\n\n    {note}\n\n{body}\n')


@pass_eval_context
def _finalize(context: EvalContext, value: Any) -> Any:
    """What a template's `{{ value }}` writes: Markup as it is, numbers as numbers, anything else as text.

    In an HTML template (autoescaped) the value is left to Jinja's escaping; in a Markdown
    template it becomes `wording.text()`, which shows as itself in Markdown and HTML alike.
    """
    if context.autoescape or isinstance(value, Markup):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return num(value)
    return md(value)


def environment(*packages: str) -> Environment:
    """The one Jinja environment of a generation: the templates of the handbook and of `packages`.

    Every variable is required (StrictUndefined). `.html` templates are autoescaped; every other
    output goes through `finalize`, so it is escaped unless it is Markup.
    """
    env = Environment(
        loader=ChoiceLoader([PackageLoader(name, "templates") for name in ("generator.handbook", *packages)]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=select_autoescape(["html"], default_for_string=True, default=False),
        finalize=_finalize,
    )
    env.filters.update(md=md, cell=cell, num=num)
    env.globals.update(notes=notes, passages=passages)
    return env


def front_matter(**meta: Any) -> str:
    """A YAML front-matter block (titles in it come from `wording.title()`: Material renders them as HTML)."""
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"


@dataclass
class Renderer:
    """Renders pages into `pages` ({docs path: Markdown}) with one environment and the calculators present."""

    env: Environment
    handbook: Handbook
    calculators: set[str]
    pages: dict[str, str] = field(default_factory=dict)

    def write(self, path: str, template: str, meta: dict[str, Any], **context: Any) -> str:
        """Render one page with its front matter; return its path (for the nav)."""
        self.pages[path] = front_matter(**meta) + self.env.get_template(template).render(**context)
        return path

    def series(self, entry: Entry) -> dict[str, list[Any]]:
        """A series' overview, level, matrix and print pages; return its nav section."""
        series, labels, calculators = entry.series, self.handbook.labels, self.calculators
        feed = {"href": feed_path(entry.standard.id), "title": f"《{entry.standard.title}》的变更"}
        dated = {"revision_date": entry.updated, "feed": feed}
        source = series_path(series)
        nav: list[Any] = [
            self.write(
                source,
                "series.md.j2",
                {"title": wording.title(entry.title), **dated},
                view=self._series_view(entry, source),
            )
        ]
        for level in series.levels:
            path = level_path(series, level)
            view = level_view(entry, level, labels, calculators, path, self.handbook.level_qualifier(entry, level))
            # level pages answer most searches
            meta = {"title": wording.title(view.title), "search": {"boost": 2}, **dated}
            nav.append({wording.title(level.name): self.write(path, "level.md.j2", meta, view=view)})
        path = matrix_path(series)
        # the matrix repeats the level pages: left out of search
        meta = {"title": wording.title(f"{entry.title}对比矩阵"), "search": {"exclude": True}, **dated}
        nav.append({"对比矩阵": self.write(path, "matrix.md.j2", meta, view=matrix_view(entry, labels, path))})
        path = print_path(series)
        meta = {"title": wording.title(f"打印：{entry.title}"), "search": {"exclude": True}, **dated}
        levels = [
            level_view(entry, lv, labels, calculators, path, self.handbook.level_qualifier(entry, lv))
            for lv in series.levels
        ]
        overview = self._series_view(entry, path)
        version = self.handbook.version.text()
        nav.append(
            {"打印本序列": self.write(path, "print.md.j2", meta, series=overview, levels=levels, version=version)}
        )
        return {wording.title(entry.title): nav}

    def _series_view(self, entry: Entry, source: str) -> Any:
        """The series view for the page at `source`, with whom the series applies to."""
        roles = orientation.series_roles(self.handbook, entry)
        landing = orientation.standard_link(source, entry)
        return series_view(entry, self.calculators, source, self.handbook.labels, roles, landing)

    def catalogue(self) -> str:
        """The home page's catalogue (Markdown inserted into content/index.md), by family, department and standard.

        Writes the other pages of orientation besides: each family's landing page (the first page of
        its tab, families/<family>/index.md) and 找到我的职级 (find.md).
        """
        self._landing_pages()
        self._finder()
        families = orientation.family_views(self.handbook, HOME, self.calculators)
        return self.env.get_template("catalogue.md.j2").render(families=families, no_roles=orientation.NO_ROLES)

    def _landing_pages(self) -> None:
        """Each family's landing page: its standards by department, with whom each applies to."""
        for view in orientation.landing_views(self.handbook, self.calculators):
            updated = max(s.entry.updated for card in view.cards for s in card.series)
            meta = {"title": wording.title(view.title), "revision_date": updated}
            finder = orientation.finder_link(view.path)
            self.write(view.path, "family.md.j2", meta, view=view, finder=finder, no_roles=orientation.NO_ROLES)

    def _finder(self) -> None:
        """找到我的职级: departments, their roles, each role's levels (it repeats names: left out of search)."""
        updated = max(e.updated for e in self.handbook.entries)
        meta = {"title": orientation.FINDER_TITLE, "search": {"exclude": True}, "revision_date": updated}
        families = orientation.family_views(self.handbook, FINDER, self.calculators)
        example = next((d.name for f in families for d in f.departments if not d.stated), "")
        self.write(FINDER, "finder.md.j2", meta, families=families, example=example)
