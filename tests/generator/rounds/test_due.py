"""A step's structured `due` is checked against the source's wording of its `deadline` by `competency validate`."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.validation import validate
from generator.validation.processes import due_problems
from tests.helpers import ROOT, workspace


@pytest.mark.parametrize(
    ("deadline", "due"),
    [
        ("次季第1个月9日前", {"quarter_month": 1, "day": 9}),
        ("次季第二个月20日前", {"quarter_month": 2, "day": 20}),
        ("次季第1个月8-20日", {"quarter_month": 1, "from_day": 8, "day": 20}),
    ],
)
def test_a_due_that_says_what_the_wording_says_passes(deadline: str, due: dict[str, int]) -> None:
    assert due_problems(deadline, due) == []


@pytest.mark.parametrize(
    ("deadline", "due", "words"),
    [
        ("次季第1个月9日前", {"quarter_month": 1, "day": 10}, "day: 10"),
        ("次季第1个月9日前", {"quarter_month": 2, "day": 9}, "quarter_month: 2"),
        ("次季第1个月8-20日", {"quarter_month": 1, "day": 20}, "day: 20"),
        ("次季第1个月8-20日", {"quarter_month": 1, "from_day": 9, "day": 20}, "from_day: 9"),
        ("次季第2个月30日前", {"quarter_month": 2, "day": 30}, "不一定有30日"),
        ("次季第1个月20-8日", {"quarter_month": 1, "from_day": 20, "day": 8}, "应早于"),
        (None, {"quarter_month": 1, "day": 9}, "照录原文"),
    ],
)
def test_a_due_that_disagrees_with_the_wording_is_an_error(
    deadline: str | None, due: dict[str, int], words: str
) -> None:
    assert any(words in problem for problem in due_problems(deadline, due))


def test_validate_reports_a_disagreeing_due_at_its_line(tmp_path: Path) -> None:
    folder = workspace(tmp_path, ROOT / "standards" / "sales-center.yaml") / "standards"
    path = folder / "sales-center.yaml"
    text = path.read_text(encoding="utf-8")
    assert "due: {quarter_month: 1, day: 11}" in text
    path.write_text(text.replace("due: {quarter_month: 1, day: 11}", "due: {quarter_month: 1, day: 12}"), "utf-8")
    line = next(n for n, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "day: 12}" in row)
    errors = validate(folder).errors
    assert [(e.line, "day: 12" in e.message) for e in errors] == [(line, True)]
