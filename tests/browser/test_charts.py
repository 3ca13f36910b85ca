"""The calculator's charts in Chromium: labels never overlap, text stays readable on a phone, and a review
chart shows the window the deciding rule looks at with the statistic it compares (from the engine's result)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest

from calculator.engine import adopted, variant
from tests.helpers import models

pytestmark = pytest.mark.browser

READY = 120_000  # ms: Pyodide's first start on a slow machine
PHONE, DESKTOP = 390, 1280

# Every text box of every chart, in page coordinates, with its rendered font size (CSS size x the SVG's scale).
TEXTS = """() => [...document.querySelectorAll("[data-chart] svg")].map((svg) => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll("text")].map((t) => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, cls: t.getAttribute("class"), left: r.left, right: r.right, top: r.top,
            bottom: r.bottom, px: parseFloat(getComputedStyle(t).fontSize) * scale};
  });
})"""


def show(page: Any, base: str, model_id: str, inputs: dict[str, Any]) -> dict[str, Any]:
    """Open (or re-fill, through the share link's fragment) a calculator; return the result it painted."""
    text = json.dumps(inputs, ensure_ascii=False)
    page.goto(f"{base}/calculator/{model_id}/#" + quote(text, safe="!'()*"))
    page.wait_for_selector(f"[data-calculator][data-model='{model_id}'][data-ready]", timeout=READY)
    handle = page.wait_for_function(
        """(expected) => {
          const node = document.querySelector("#result");
          if (!node || node.dataset.state !== "ok" || !node.dataset.graded) return false;
          const same = JSON.stringify(JSON.parse(node.dataset.graded)) === JSON.stringify(expected);
          return same && document.querySelector("[data-chart] svg text") && node.dataset.result;
        }""",
        arg=inputs,
        timeout=20_000,
    )
    page.wait_for_timeout(100)  # a resize redraw, if any, has happened
    return dict(json.loads(handle.json_value()))


def overlaps(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs of text boxes that overlap by more than half a pixel each way."""
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            wide = min(a["right"], b["right"]) - max(a["left"], b["left"])
            high = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if wide > 0.5 and high > 0.5:
                found.append((a["text"], b["text"]))
    return found


def check_texts(page: Any) -> list[list[dict[str, Any]]]:
    """Every chart: no two labels overlap, each at least 11 px as rendered, inside its SVG; return the boxes."""
    charts = page.evaluate(TEXTS)
    assert charts and all(charts)
    for boxes in charts:
        assert overlaps(boxes) == [], overlaps(boxes)
        small = [(b["text"], round(b["px"], 1)) for b in boxes if b["px"] < 11]
        assert small == []
    inside = page.evaluate(
        """() => [...document.querySelectorAll("[data-chart] svg")].flatMap((svg) => {
          const box = svg.getBoundingClientRect();
          return [...svg.querySelectorAll("text")].filter((t) => {
            const r = t.getBoundingClientRect();
            return r.left < box.left - 0.5 || r.right > box.right + 0.5
              || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5;
          }).map((t) => t.textContent);
        })"""
    )
    assert inside == []  # nothing cut off at the chart's edge
    return list(charts)


def distinct_bounds(model_id: str, field: str | None) -> set[float]:
    """The distinct threshold values of a model's rules on one field, from the standard."""
    _series, model = models()[model_id]
    return {
        float(getattr(part, op))
        for rule in model.rules
        for condition in rule.conditions
        for part in condition.parts or (condition,)
        if part.field == field
        for op in ("gt", "ge", "lt", "le")
        if getattr(part, op) is not None
    }


def threshold_labels(boxes: list[dict[str, Any]]) -> list[str]:
    return [b["text"] for b in boxes if "chart-threshold-text" in (b["cls"] or "")]


def test_quarterly_review_marks_the_three_months_and_their_mean(page: Any, site_url: str) -> None:
    """One threshold label per value (80 is both "> 80" and "≤ 80"), none over another; the window is shaded
    and labelled with the mean the verdict compares, drawn between the bars it averages."""
    page.set_viewport_size({"width": DESKTOP, "height": 900})
    scores = [85, 70, 80]
    result = show(page, site_url, "cs-quarterly-review", {"monthly_scores": scores})
    (statistic,) = result["window"]["statistics"]
    mean = statistic["value"]
    for width in (DESKTOP, PHONE):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(150)
        (boxes,) = check_texts(page)
        labels = threshold_labels(boxes)
        assert sorted(labels) == sorted(f"{v:g}分" for v in distinct_bounds("cs-quarterly-review", None))
        assert f"近3期平均 {round(mean, 2):g}分" in [b["text"] for b in boxes]
        svg = page.locator("[data-chart] svg").first
        assert svg.get_attribute("data-width") == str(round(svg.bounding_box()["width"]))  # drawn at its size
        window = page.locator("[data-chart] .chart-window").bounding_box()
        bars = [b.bounding_box() for b in page.locator("[data-chart] .calc-part rect").all()]
        assert len(bars) == 3
        assert all(window["x"] <= b["x"] and b["x"] + b["width"] <= window["x"] + window["width"] for b in bars)
        # the mean's line sits between the tops of the 80 and the 70 bar, nearer the 80 one
        line = page.locator("[data-chart] .chart-stat").bounding_box()
        top_80, top_70 = bars[2]["y"], bars[1]["y"]
        middle = line["y"] + line["height"] / 2
        assert top_80 < middle < top_70 and middle - top_80 < top_70 - middle


def test_sales_review_shades_only_the_latest_two_quarters(page: Any, site_url: str) -> None:
    """S11's rule looks at two quarters: of three, only the last two are in the window; the attainment chart
    draws their mean (84.5%), the score chart says whether each of them is under 80."""
    page.set_viewport_size({"width": PHONE, "height": 900})
    quarters = [{"score": 50, "attainment": 50}, {"score": 70, "attainment": 90}, {"score": 75, "attainment": 79}]
    result = show(page, site_url, "sales-center-review", {"level": "S11", "quarters": quarters})
    assert (result["window"]["start"], result["window"]["size"]) == (1, 2)
    charts = check_texts(page)
    assert len(charts) == 2
    texts = [[b["text"] for b in boxes] for boxes in charts]
    assert "近2期每期 < 80分：是" in texts[0]
    assert "近2期平均 84.5%" in texts[1]
    for index in range(2):
        chart = page.locator("[data-chart] svg").nth(index)
        window = chart.locator(".chart-window").bounding_box()
        bars = [b.bounding_box() for b in chart.locator(".calc-part rect").all()]
        assert bars[0]["x"] + bars[0]["width"] < window["x"]  # the oldest quarter is outside
        assert all(window["x"] <= b["x"] and b["x"] + b["width"] <= window["x"] + window["width"] for b in bars[1:])
        assert threshold_labels(charts[index]) == ["80" + ("分" if index == 0 else "%")]


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_scoring_chart_text_is_readable_and_apart(page: Any, site_url: str, width: int) -> None:
    """cs-dept-grading's band edges 60, 63, 66 lie close together: their tick labels go on separate rows;
    every text is at least 11 px as shown (the SVG is drawn at its own width, not scaled down)."""
    page.set_viewport_size({"width": width, "height": 900})
    inputs = {
        "education": "本科",
        "height": 168,
        "looks": "形象气质佳",
        "appearance": 4,
        "work_experience": "三年至五年",
        "experience": 3,
        "work_location": "前台",
        "certificates": 2,
        "performance_total": 90,
    }
    result = show(page, site_url, "cs-dept-grading", inputs)
    (boxes,) = check_texts(page)
    ticks = [b["text"] for b in boxes if "chart-axis" in (b["cls"] or "")]
    series, model = variant(*models()["cs-dept-grading"], adopted(models()["cs-dept-grading"][1]))  # as the page
    assert sorted(float(t) for t in ticks) == sorted({0.0, *(float(b.min) for b in model.bands)})
    assert f"得分 {result['score']:g}" in [b["text"] for b in boxes]
    names = [b["text"] for b in boxes if "chart-row" in (b["cls"] or "")]
    assert names == ["得分构成", *(series.level(b.level).name for b in reversed(model.bands))]


def test_chart_text_is_text_not_markup(page: Any, site_url: str) -> None:
    """Titles and labels go in as text nodes: the chart holds no element the data could have made."""
    page.set_viewport_size({"width": PHONE, "height": 900})
    show(page, site_url, "cs-quarterly-review", {"monthly_scores": [40, 50, 55]})
    tags = page.evaluate(
        "() => [...new Set([...document.querySelectorAll('[data-chart] svg *')].map((e) => e.tagName))].sort()"
    )
    assert set(tags) <= {"circle", "g", "line", "rect", "text", "title"}
    check_texts(page)
    assert page.locator("[data-chart] .chart-window-text").text_content() == "近3期平均 48.33分"
