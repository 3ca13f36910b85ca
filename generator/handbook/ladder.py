"""The promotion path of a series as an inline SVG ladder, drawn at build time.

Highest level on top; an arrow up between neighbours (晋级), a dashed arrow down where
a review rule can demote, and the band of the first scoring model beside each level.
No script and no request: the figure prints and works offline. Every text in it comes from
the standards and is written with `rules.text()` (character references for HTML's and Markdown's
own characters, no invisible control characters), so it shows as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from calculator.model import Series

from .wording import text, visible

ROW = 58
LEGEND_WIDTH = 190
BOX = 32
FONT = 14


@dataclass(frozen=True)
class Rung:
    """One level on the ladder."""

    name: str
    note: str
    demotable: bool


def text_width(text: str) -> int:
    """Approximate rendered width: full width for CJK, about half for the rest."""
    return sum(FONT if ord(ch) > 0x2E80 else FONT * 0.6 for ch in text).__ceil__()


def rungs(series: Series) -> list[Rung]:
    """The levels lowest first, with a band note and whether a demotion rule covers them."""
    scoring = next((m for m in series.models if m.kind == "scoring"), None)
    demotions = [
        r for m in series.models if m.kind == "review" for r in m.rules if r.decision in ("demote", "demote_probation")
    ]
    found = []
    for index, level in enumerate(series.levels):
        band = scoring.band(level.id) if scoring else None
        note = band.text() if band else (level.group if level.group else "")
        demotable = index > 0 and any(r.covers(series, level.id) for r in demotions)
        found.append(Rung(visible(level.name), visible(note), demotable))
    return found


def ladder(series: Series) -> str:
    """The SVG markup of a series' promotion path (one line, safe to inline in Markdown)."""
    steps = rungs(series)
    box_width = max(text_width(s.name) for s in steps) + 28
    note_width = max((text_width(s.note) for s in steps), default=0)
    left, arrows = 10, 46
    width = max(left + box_width + arrows + note_width + 10, LEGEND_WIDTH)
    height = len(steps) * ROW - (ROW - BOX) + 50
    marker = f"ladder-arrow-{escape(series.id)}"
    path = " → ".join(s.name for s in steps)
    parts = [
        f'<svg class="ladder" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg" aria-labelledby="{marker}-title">',
        f'<title id="{marker}-title">{text(series.name)}晋升路径：{text(path)}</title>',
        f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="ladder-head"/></marker></defs>',
    ]
    for position, step in enumerate(reversed(steps)):
        top = position * ROW
        parts += _rung(step, top, left, box_width, arrows)
        if position < len(steps) - 1:
            parts += _arrows(step, top, left + box_width // 2, marker)
    parts += _legend(height, left, marker)
    parts.append("</svg>")
    return "".join(parts)


def _rung(step: Rung, top: int, left: int, box_width: int, arrows: int) -> list[str]:
    """A level's box, name and note."""
    middle = top + BOX // 2 + 5
    parts = [
        f'<rect class="ladder-box" x="{left}" y="{top}" width="{box_width}" height="{BOX}" rx="4"/>',
        f'<text class="ladder-name" x="{left + box_width // 2}" y="{middle}" text-anchor="middle">'
        f"{text(step.name)}</text>",
    ]
    if step.note:
        parts.append(f'<text class="ladder-note" x="{left + box_width + arrows}" y="{middle}">{text(step.note)}</text>')
    return parts


def _arrows(upper: Rung, top: int, centre: int, marker: str) -> list[str]:
    """The arrows between a level and the one below it."""
    start, end = top + ROW - 2, top + BOX + 2
    parts = [
        f'<line class="ladder-up" x1="{centre - 12}" y1="{start}" x2="{centre - 12}" y2="{end}" '
        f'marker-end="url(#{marker})"><title>晋级</title></line>'
    ]
    if upper.demotable:
        parts.append(
            f'<line class="ladder-down" x1="{centre + 12}" y1="{end}" x2="{centre + 12}" y2="{start}" '
            f'marker-end="url(#{marker})"><title>降级</title></line>'
        )
    return parts


def _legend(height: int, left: int, marker: str) -> list[str]:
    """Legend: what the two arrow styles mean."""
    y = height - 14
    return [
        f'<line class="ladder-up" x1="{left}" y1="{y}" x2="{left + 26}" y2="{y}" marker-end="url(#{marker})"/>',
        f'<text class="ladder-note" x="{left + 32}" y="{y + 5}">晋级</text>',
        f'<line class="ladder-down" x1="{left + 80}" y1="{y}" x2="{left + 106}" y2="{y}" marker-end="url(#{marker})"/>',
        f'<text class="ladder-note" x="{left + 112}" y="{y + 5}">考核降级</text>',
    ]
