"""The 评审日程 pages: per round an overview (steps, how dates are found, the quarters offered) and per
assessed quarter a printable schedule with its calendar file beside it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from generator.git import Version
from generator.handbook import wording
from generator.handbook.paths import UNSAFE, link
from generator.handbook.render import front_matter

from .ics import calendar
from .schedule import Quarter, Round, Scheduled, Step, quarters, rule, schedule

TEMPLATES = __name__.rpartition(".")[0]  # the package whose `templates/` folder holds these pages
ROUNDS_DIR = "rounds"
WEEKDAYS = "一二三四五六日"
CSS = "assets/review/review.css"


def folder(round_: Round) -> str:
    """Where a round's pages and calendar files live, relative to docs_dir."""
    return f"{ROUNDS_DIR}/{round_.standard_id}-{round_.process_id}"


def day_words(day: datetime.date) -> str:
    """A date as people write it: 2026年4月9日（周四）."""
    return f"{day.year}年{day.month}月{day.day}日（周{WEEKDAYS[day.weekday()]}）"


@dataclass(frozen=True)
class Row:
    """A line of a quarter's schedule."""

    when: str
    step: Step


@dataclass(frozen=True)
class QuarterView:
    """What a quarter's schedule page shows."""

    quarter: Quarter
    page: Markup  # file name of the page, relative to the round's folder
    ics: Markup  # file name of the calendar file
    download: Markup  # the name the browser saves the calendar file under (letters and digits only)
    months: str  # the month(s) the dated steps fall in, in words
    rows: list[Row]


def _when(item: Scheduled) -> str:
    if item.first == item.last:
        return day_words(item.first)
    return f"{day_words(item.first)}至{day_words(item.last)}"


def quarter_view(round_: Round, assessed: Quarter) -> QuarterView:
    """The schedule of a round for an assessed quarter."""
    items = schedule(round_, assessed)
    months = sorted({(i.first.year, i.first.month) for i in items} | {(i.last.year, i.last.month) for i in items})
    words = "、".join(f"{y}年{m}月" for y, m in months)
    download = Markup(UNSAFE.sub("", f"{round_.title}评审{assessed.name}") + ".ics")
    rows = [Row(_when(i), i.step) for i in items]
    return QuarterView(assessed, link(f"{assessed.slug}.md"), link(f"{assessed.slug}.ics"), download, words, rows)


def write_rounds(docs: FsPath, rounds_: list[Round], version: Version, env: Environment) -> list[dict[str, Any]]:
    """Write every round's pages and calendar files into docs; return the nav entries (one section per round)."""
    nav: list[dict[str, Any]] = []
    offered = quarters(version.date)
    for round_ in rounds_:
        base = folder(round_)
        (docs / base).mkdir(parents=True, exist_ok=True)
        views = [quarter_view(round_, q) for q in offered]
        css = Markup("../" * (base.count("/") + 1) + CSS)
        rules = [(step, rule(step)) for step in round_.steps]
        version_text = version.text()
        title = f"评审日程：{round_.title}"
        meta = {"title": wording.title(title), "search": {"exclude": True}, "revision_date": version.date}
        index = f"{base}/index.md"
        text = env.get_template("rounds/round.md.j2").render(
            round=round_, views=views, rules=rules, version=version_text, css=css, title=title
        )
        _write(docs / index, front_matter(**meta) + text)
        section: list[Any] = [index]
        for view in views:
            (docs / base / str(view.ics)).write_bytes(calendar(round_, view.quarter, version).encode("utf-8"))
            page_title = f"{view.quarter.name}评审日程"
            meta = {"title": wording.title(page_title), "search": {"exclude": True}, "revision_date": version.date}
            text = env.get_template("rounds/quarter.md.j2").render(
                round=round_, view=view, version=version_text, css=Markup("../") + css, title=page_title
            )
            path = f"{base}/{view.quarter.slug}.md"
            _write(docs / path, front_matter(**meta) + text)
            section.append({wording.title(view.quarter.name): path})
        nav.append({wording.title(round_.title): section})
    return nav


def _write(path: FsPath, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
