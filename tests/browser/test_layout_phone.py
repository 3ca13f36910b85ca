"""Handbook tables on a phone (390 px) and the comparison matrix on a desktop (1280 px), measured in Chromium:
every column shown, headers on one line, no text cut off, the matrix's label column in place while it scrolls;
and the calculator's list rows on a phone."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import catalogue, level_url, series_url

pytestmark = pytest.mark.browser

PHONE, DESKTOP = 390, 1280

# Each table of the article: how far its wrapper overflows, the header cells that take more than one line,
# and the cells whose text is wider than the cell (clipped or spilling).
TABLES = """() => [...document.querySelectorAll("article .md-typeset__scrollwrap")].map((wrap) => {
  const table = wrap.querySelector("table");
  const lines = (cell) => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  };
  return {
    head: [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim()),
    over: wrap.scrollWidth - wrap.clientWidth,
    wrapped: [...table.querySelectorAll("thead th")].filter((th) => lines(th) > 1).map((th) => th.textContent.trim()),
    clipped: [...table.querySelectorAll("th, td")].filter((c) => c.scrollWidth > c.clientWidth + 1)
      .map((c) => c.textContent.trim()),
  };
})"""


def phone_pages() -> list[str]:
    """Every series overview, and every level page of the series with the most levels and of one with long
    Latin words in its tables (客服部技术支持)."""
    series = catalogue()["series"]
    longest = max(series, key=lambda s: len(s["levels"]))
    chosen = [longest, *(s for s in series if s["id"] == "cs-tech-support")]
    return [series_url(s["id"]) for s in series] + [
        level_url(s["id"], level["id"]) for s in chosen for level in s["levels"]
    ]


def test_tables_on_a_phone_show_every_column(page: Any, site_url: str) -> None:
    """At 390 px each table of a series or level page fits its wrapper (the next-level table's 下一级 column
    included), its headers stay on one line, no cell's text is cut off and the page is no wider than the screen."""
    page.set_viewport_size({"width": PHONE, "height": 844})
    seen_next = 0
    for path in phone_pages():
        page.goto(f"{site_url}/{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE, path
        for table in page.evaluate(TABLES):
            assert table["over"] <= 1, (path, table["head"], table["over"])
            assert table["wrapped"] == [], (path, table["wrapped"])
            assert table["clipped"] == [], (path, table["clipped"])
            seen_next += table["head"][-1:] == ["下一级"]
    assert seen_next  # the next-level tables were among them


def test_next_level_table_columns_are_on_screen(page: Any, site_url: str) -> None:
    """The 变化 / 项目 / 本级 / 下一级 table: every header cell lies inside the screen, side by side."""
    page.set_viewport_size({"width": PHONE, "height": 844})
    series = next(s for s in catalogue()["series"] if len(s["levels"]) == 8)  # 客服部岗位定级
    page.goto(f"{site_url}/{level_url(series['id'], series['levels'][4]['id'])}")
    table = page.locator("article table", has=page.locator("th", has_text="下一级")).first
    heads = [h.bounding_box() for h in table.locator("thead th").all()]
    assert len(heads) == 4
    assert all(0 <= h["x"] and h["x"] + h["width"] <= PHONE for h in heads)
    assert all(a["x"] + a["width"] <= b["x"] + 0.5 for a, b in zip(heads, heads[1:], strict=False))


def test_matrix_label_column_stays_while_scrolling(page: Any, site_url: str) -> None:
    """On a phone and on a desktop, scrolling the matrix sideways leaves its label column where it was."""
    series = max(catalogue()["series"], key=lambda s: len(s["levels"]))
    for width in (PHONE, DESKTOP):
        page.set_viewport_size({"width": width, "height": 844})
        page.goto(f"{site_url}/{series_url(series['id'])}matrix/")
        wrap = page.locator(".matrix .md-typeset__scrollwrap").first
        assert wrap.evaluate("e => e.scrollWidth > e.clientWidth"), width  # the longest series scrolls
        # a shadow shows there is more to the right
        assert "radial-gradient" in wrap.evaluate("e => getComputedStyle(e).backgroundImage")
        label = page.locator(".matrix tbody tr td:first-child").first
        second = page.locator(".matrix tbody tr td:nth-child(2)").first
        before, cell = label.bounding_box(), second.bounding_box()
        wrap.evaluate("e => { e.scrollLeft = 300; }")
        page.wait_for_timeout(50)
        after, moved = label.bounding_box(), second.bounding_box()
        assert moved["x"] < cell["x"] - 250  # the content did scroll
        box = wrap.bounding_box()
        assert box["x"] - 0.5 <= after["x"] <= box["x"] + abs(before["x"] - box["x"]) + 0.5, (width, before, after)
        # it is the label that shows there, above the scrolled cells
        x, y = after["x"] + after["width"] / 2, after["y"] + after["height"] / 2
        shown = page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('td').cellIndex", [x, y])
        assert shown == 0


def test_matrix_uses_the_full_width_at_1280(page: Any, site_url: str) -> None:
    """All 8 levels of 客服部岗位定级 are on screen at 1280 px (the sidebars give way on this page only)."""
    series = next(s for s in catalogue()["series"] if len(s["levels"]) == 8)
    page.set_viewport_size({"width": DESKTOP, "height": 900})
    page.goto(f"{site_url}/{series_url(series['id'])}matrix/")
    heads = page.locator(".matrix thead th")
    assert heads.count() == 9
    assert [h.removesuffix("¶").strip() for h in heads.all_inner_texts()][1:] == [lv["name"] for lv in series["levels"]]
    last = heads.nth(8).bounding_box()
    assert last["x"] + last["width"] <= DESKTOP
    wrap = page.locator(".matrix .md-typeset__scrollwrap").first
    assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    assert not page.locator(".md-sidebar--primary").first.is_visible()
    # a level page keeps its navigation
    page.goto(f"{site_url}/{level_url(series['id'], series['levels'][0]['id'])}")
    assert page.locator(".md-sidebar--primary").first.is_visible()


# Each list row of the calculator's form: the middles (`top`) of its number, its 删除 button and each field.
ROWS = """() => [...document.querySelectorAll("[data-row]")].filter((row) => row.offsetParent).map((row) => {
  const top = (node) => { const box = node.getBoundingClientRect(); return Math.round(box.top + box.height / 2); };
  return {
    right: row.getBoundingClientRect().right,
    label: top(row.querySelector(".calc-row__label")),
    remove: row.querySelector(".calc-row__remove") && top(row.querySelector(".calc-row__remove")),
    parts: [...row.querySelectorAll(".calc-row__part")].map((part) => ({
      top: top(part),
      height: part.getBoundingClientRect().height,
      input: part.querySelector("input").getBoundingClientRect().height,
      right: part.getBoundingClientRect().right,
    })),
  };
})"""


@pytest.mark.parametrize(("model", "fields"), [("sales-center-review", 2), ("cs-quarterly-review", 1)])
def test_list_rows_on_a_phone_keep_each_field_whole(page: Any, site_url: str, model: str, fields: int) -> None:
    """At 390 px a row of several fields has its number and 删除 on one line and then one whole field a line;
    a row of one field (三个月的分数, a fixed list without 删除) stays on one line. Nothing is wider than the screen."""
    page.set_viewport_size({"width": PHONE, "height": 844})
    page.goto(f"{site_url}/calculator/{model}/")
    if fields > 1:
        page.click("[data-action=add-row]")
    rows = page.evaluate(ROWS)
    assert len(rows) >= 2
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    for row in rows:
        assert (row["remove"] is None) == (fields == 1), row
        if row["remove"] is not None:
            assert abs(row["remove"] - row["label"]) <= 4, row
        assert len(row["parts"]) == fields, row
        for part in row["parts"]:
            assert part["height"] <= part["input"] + 4, row  # label, box and unit on one line
            assert part["right"] <= row["right"] + 1, row
        tops = [part["top"] for part in row["parts"]]
        if fields == 1:
            assert abs(tops[0] - row["label"]) <= 4, row
        else:
            assert tops == sorted(tops) and len(set(tops)) == fields and tops[0] > row["label"], row
