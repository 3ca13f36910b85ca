"""Dates of a review round: each dated step of a process, for an assessed quarter.

A step's `due` says which month of the quarter after the assessed one (次季) and which day;
`from_day` makes it a span of days. Steps with a deadline but no `due` (a wording without an
exact day) and steps without a deadline are kept, undated: nothing here guesses a date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from generator.validation import Standards

CHINESE_QUARTERS = ("一", "二", "三", "四")


@dataclass(frozen=True, order=True)
class Quarter:
    """An assessed quarter: year and 1-4."""

    year: int
    number: int

    @property
    def next(self) -> Quarter:
        """The quarter after this one (次季)."""
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    @property
    def slug(self) -> str:
        """The quarter in file names: 2026-q1."""
        return f"{self.year}-q{self.number}"

    @property
    def name(self) -> str:
        """The quarter in words: 2026年第一季度."""
        return f"{self.year}年第{CHINESE_QUARTERS[self.number - 1]}季度"

    def month(self, quarter_month: int) -> tuple[int, int]:
        """(year, month) of the n-th month (1-3) of this quarter."""
        return self.year, (self.number - 1) * 3 + quarter_month


def quarters(date: str) -> list[Quarter]:
    """The quarters a build offers: every quarter of the year of `date` (the standards' version) and of the next."""
    year = datetime.date.fromisoformat(date[:10]).year
    return [Quarter(y, n) for y in (year, year + 1) for n in range(1, 5)]


@dataclass(frozen=True)
class Step:
    """One step of a process as the source states it, with its structured due (None: undated)."""

    number: int
    action: str
    owner: str
    deadline: str
    due: tuple[int, int, int | None] | None  # (quarter_month, day, from_day)

    @classmethod
    def from_dict(cls, number: int, data: dict[str, Any]) -> Step:
        due = data.get("due")
        parts = (due["quarter_month"], due["day"], due.get("from_day")) if due else None
        return cls(number, data["action"], data.get("owner", ""), data.get("deadline", ""), parts)


@dataclass(frozen=True)
class Round:
    """A process of a standard that has at least one dated step."""

    standard_id: str
    standard_title: str
    standard_file: str
    process_id: str
    title: str
    period: str
    notes: tuple[str, ...]
    steps: tuple[Step, ...]

    @property
    def dated(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.due is not None)

    @property
    def undated(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.due is None)


@dataclass(frozen=True)
class Scheduled:
    """A dated step in one round: the first and the last day (the same day unless the source gives a span)."""

    step: Step
    first: datetime.date
    last: datetime.date


def rounds(standards: Standards) -> list[Round]:
    """Every process with a dated step, in the order of the standards and their processes."""
    found = []
    for standard in standards.standards:
        data = standard.data
        about = data["standard"]
        for process in data.get("processes", ()):
            steps = tuple(Step.from_dict(n, s) for n, s in enumerate(process["steps"], 1))
            if any(s.due for s in steps):
                notes = process.get("interpretation", ())
                found.append(
                    Round(
                        about["id"],
                        about["title"],
                        standard.document.file,
                        process["id"],
                        process["title"],
                        process.get("period", ""),
                        (notes,) if isinstance(notes, str) else tuple(notes),
                        steps,
                    )
                )
    return found


def schedule(round_: Round, assessed: Quarter) -> list[Scheduled]:
    """The dated steps of a round for an assessed quarter, in date order (then in the source's order)."""
    found = []
    for step in round_.dated:
        assert step.due is not None
        quarter_month, day, from_day = step.due
        year, month = assessed.next.month(quarter_month)
        last = datetime.date(year, month, day)
        found.append(Scheduled(step, datetime.date(year, month, from_day) if from_day else last, last))
    return sorted(found, key=lambda s: (s.first, s.step.number))


def rule(step: Step) -> str:
    """How a step's date is found, in words: 次季第1个月9日 → “评审季度之后那一季度的第1个月9日”."""
    if step.due is None:
        return "原文没有确切日期，不排入日历" if step.deadline else "原文没有期限"
    quarter_month, day, from_day = step.due
    days = f"{from_day}日至{day}日" if from_day else f"{day}日"
    return f"评审季度的下一季度第{quarter_month}个月{days}"
