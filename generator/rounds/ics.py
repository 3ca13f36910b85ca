"""A review round as an iCalendar file (RFC 5545) that Outlook, 钉钉 and 企业微信 import.

One all-day event per dated step (a span of days where the source gives one), with a reminder at
9:00 the day before. Text is UTF-8, lines end in CRLF and are folded at 75 octets without cutting
a character. Nothing depends on the time of the build: the UID names the quarter, the standard,
the process and the step's place in it, and DTSTAMP is the standards' version date.
"""

from __future__ import annotations

import datetime

from generator.git import Version

from .schedule import Quarter, Round, rule, schedule

PRODUCT = "-//任职资格手册//评审日程//ZH"
UID_DOMAIN = "competency-handbook"
LIMIT = 75  # octets per line, the CRLF not counted


def escape(text: str) -> str:
    """A TEXT value: backslash, semicolon, comma and line breaks escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """One content line folded at 75 octets (continuations start with a space), never inside a character."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > LIMIT:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def uid(round_: Round, assessed: Quarter, number: int) -> str:
    """The event's UID: the same for the same step of the same round in every build."""
    return f"{assessed.slug}-{round_.process_id}-step{number}@{round_.standard_id}.{UID_DOMAIN}"


def _date(day: datetime.date) -> str:
    return day.strftime("%Y%m%d")


def calendar(round_: Round, assessed: Quarter, version: Version) -> str:
    """The .ics text of a round for an assessed quarter: one event per dated step."""
    stamp = datetime.date.fromisoformat(version.date[:10]).strftime("%Y%m%dT000000Z")
    name = f"{round_.title}（评审{assessed.name}）"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for item in schedule(round_, assessed):
        step = item.step
        description = [
            f"负责：{step.owner}" if step.owner else "负责：原文未写明",
            f"标准：《{round_.standard_title}》，{version.text()}",
            f"流程：{round_.title}",
            f"原文期限：{step.deadline}",
            f"日期：{rule(step)}（本手册把“次季”读作被评审季度的下一季度，评审{assessed.name}）",
        ]
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid(round_, assessed, step.number)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_date(item.first)}",
            f"DTEND;VALUE=DATE:{_date(item.last + datetime.timedelta(days=1))}",
            f"SUMMARY:{escape(step.action)}",
            f"DESCRIPTION:{escape(chr(10).join(description))}",
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "TRIGGER:-PT15H",
            f"DESCRIPTION:{escape(step.action)}",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
