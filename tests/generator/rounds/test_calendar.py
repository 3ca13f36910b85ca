"""The round calendar: the .ics files parsed back with `icalendar`, and the schedule pages' data."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import icalendar
import pytest

from generator.git import Version
from generator.handbook.render import environment
from generator.rounds import TEMPLATES, Quarter, calendar, quarters, rounds, write_rounds
from generator.rounds.ics import fold
from generator.rounds.schedule import Round, Step, schedule
from tests.helpers import standards

VERSION = Version("abc1234", "2026-12-01")
STEPS = {  # sales-center's quarterly promotion: (day of the quarter's first month, owner), as the source states
    1: (9, "人力资源中心"),
    2: (11, "商学院"),
    3: (12, "人力资源中心"),
    4: (15, "人力资源管理中心"),
    5: (20, "人力资源中心"),
}


def promotion() -> Round:
    (found,) = [r for r in rounds(standards()) if r.standard_id == "sales-center"]
    return found


def parsed(text: str) -> list[icalendar.cal.Component]:
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT"))


def test_only_processes_with_a_dated_step_become_rounds() -> None:
    found = rounds(standards())
    assert [(r.standard_id, r.process_id) for r in found] == [("sales-center", "quarterly-promotion")]
    assert len(promotion().dated) == 5 and promotion().undated == ()


@pytest.mark.parametrize(
    ("assessed", "year", "month"),
    [(Quarter(2026, 1), 2026, 4), (Quarter(2026, 3), 2026, 10), (Quarter(2026, 4), 2027, 1)],
)
def test_each_step_falls_on_its_day_of_the_month_after_the_assessed_quarter(
    assessed: Quarter, year: int, month: int
) -> None:
    events = parsed(calendar(promotion(), assessed, VERSION))
    assert len(events) == 5
    for event, (number, (day, owner)) in zip(events, STEPS.items(), strict=True):
        assert event.decoded("dtstart") == datetime.date(year, month, day)
        assert event.decoded("dtend") == datetime.date(year, month, day) + datetime.timedelta(days=1)
        step = promotion().steps[number - 1]
        assert str(event["summary"]) == step.action
        description = str(event["description"])
        assert f"负责：{owner}" in description
        assert "《销售中心各职级任职要求和晋级标准》" in description and "abc1234" in description
        assert f"原文期限：次季第1个月{day}日前" in description
        assert event.decoded("dtstamp") == datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
        (alarm,) = event.walk("VALARM")
        assert alarm.decoded("trigger") == -datetime.timedelta(hours=15)


def test_the_file_is_utf8_with_crlf_lines_folded_at_75_octets() -> None:
    data = calendar(promotion(), Quarter(2026, 2), VERSION).encode("utf-8")
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in data.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # the long Chinese lines are folded
    for line in lines:
        line.decode("utf-8")  # no character is cut by a fold
    assert lines[0] == b"BEGIN:VCALENDAR" and b"VERSION:2.0" in lines


def test_folding_keeps_the_text_and_the_characters() -> None:
    line = "SUMMARY:" + "晋级" * 60
    folded = fold(line)
    assert folded.replace("\r\n ", "") == line
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))


def test_uids_are_stable_across_builds_and_unique_across_quarters() -> None:
    first = [str(e["uid"]) for q in quarters("2026-12-01") for e in parsed(calendar(promotion(), q, VERSION))]
    again = [str(e["uid"]) for q in quarters("2026-12-01") for e in parsed(calendar(promotion(), q, VERSION))]
    later = Version("def5678", "2027-03-01")
    other = [str(e["uid"]) for q in quarters("2026-12-01") for e in parsed(calendar(promotion(), q, later))]
    assert first == again == other
    assert len(set(first)) == len(first) == 40
    assert first[0] == "2026-q1-quarterly-promotion-step1@sales-center.competency-handbook"


def test_the_same_version_gives_the_same_bytes() -> None:
    assert calendar(promotion(), Quarter(2027, 1), VERSION) == calendar(promotion(), Quarter(2027, 1), VERSION)


def test_text_values_are_escaped() -> None:
    step = Step(1, "统计；汇总,上报\\核对", "人力资源中心", "次季第1个月9日前", (1, 9, None))
    odd = Round("s", "标准", "s.yaml", "p", "流程", "", (), (step,))
    (event,) = parsed(calendar(odd, Quarter(2026, 1), VERSION))
    assert str(event["summary"]) == "统计；汇总,上报\\核对"
    assert "SUMMARY:统计；汇总\\,上报\\\\核对" in calendar(odd, Quarter(2026, 1), VERSION)


def test_a_span_of_days_is_one_event_over_the_span_and_undated_steps_stay_out() -> None:
    span = Step(1, "统筹组织晋级项目工作", "人力资源中心", "次季第1个月8-20日", (1, 20, 8))
    loose = Step(2, "通知结果", "人力资源中心", "尽快", None)
    odd = Round("s", "标准", "s.yaml", "p", "流程", "", (), (span, loose))
    (event,) = parsed(calendar(odd, Quarter(2026, 4), VERSION))
    assert event.decoded("dtstart") == datetime.date(2027, 1, 8)
    assert event.decoded("dtend") == datetime.date(2027, 1, 21)
    assert odd.undated == (loose,)
    assert [s.step for s in schedule(odd, Quarter(2026, 4))] == [span]


def test_the_quarters_offered_are_the_version_year_and_the_next() -> None:
    offered = quarters("2026-12-01")
    assert offered[0] == Quarter(2026, 1) and offered[-1] == Quarter(2027, 4) and len(offered) == 8
    assert Quarter(2027, 4).next == Quarter(2028, 1)
    assert Quarter(2026, 4).name == "2026年第四季度"


def test_the_pages_list_every_quarter_with_its_schedule_and_file(tmp_path: Path) -> None:
    env = environment(TEMPLATES)
    nav = write_rounds(tmp_path, [promotion()], VERSION, env)
    ((title, section),) = nav[0].items()
    assert title == "销售中心（区域）季度晋级项目工作操作流程"
    assert section[0] == "rounds/sales-center-quarterly-promotion/index.md" and len(section) == 9
    folder = tmp_path / "rounds/sales-center-quarterly-promotion"
    index = (folder / "index.md").read_text(encoding="utf-8")
    for q in quarters(VERSION.date):
        assert f"| {q.name} |" in index and f"[下载日历文件]({q.slug}.ics)" in index
        assert parsed((folder / f"{q.slug}.ics").read_text(encoding="utf-8"))
    page = (folder / "2026-q4.md").read_text(encoding="utf-8")
    rows = re.findall(r'<td data-label="日期" class="round-date">(.+?)</td><td data-label="负责">(.+?)</td>', page)
    assert rows == [
        ("2027年1月9日（周六）", "人力资源中心"),
        ("2027年1月11日（周一）", "商学院"),
        ("2027年1月12日（周二）", "人力资源中心"),
        ("2027年1月15日（周五）", "人力资源管理中心"),
        ("2027年1月20日（周三）", "人力资源中心"),
    ]
    assert "被评审季度的下一季度" in page and "评审季度：2026年第四季度" in page
