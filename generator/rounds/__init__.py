"""The review round: its calendar (one `.ics` file and one printable schedule per quarter) from the
dated steps of the standards' processes.

`schedule` turns a process step's structured `due` (validated against the source's wording by
`generator.validation.processes`) into dates for an assessed quarter: "次季" is the quarter after it.
Steps without `due` are listed as undated, never given a guessed date. `ics` writes the calendar
(RFC 5545: UTF-8, CRLF, folded lines, stable UIDs, DTSTAMP from the standards' version date, so a
build repeats byte for byte). `pages` writes the 评审日程 pages and the files into the docs.
`review` writes each series' 自评与评审 page: the data its form (site_overrides/assets/review/review.js)
draws the requirements from; self-assessment, dossier files and the assessor's pass run in the browser.

May import: `calculator`, `generator.validation`, `generator.git`, `generator.handbook` (its Jinja
environment, paths and wording), Jinja2, MarkupSafe and the standard library; never the change log,
the calculator site, the site build or the command line.
"""

from .ics import calendar
from .pages import ROUNDS_DIR, TEMPLATES, write_rounds
from .review import FORMAT_VERSION, review_page, review_path, write_review_pages
from .schedule import Quarter, Round, Scheduled, quarters, rounds

__all__ = [
    "FORMAT_VERSION",
    "ROUNDS_DIR",
    "TEMPLATES",
    "Quarter",
    "Round",
    "Scheduled",
    "calendar",
    "quarters",
    "review_page",
    "review_path",
    "rounds",
    "write_review_pages",
    "write_rounds",
]
