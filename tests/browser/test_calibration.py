"""The calibration view of team mode in Chromium: distribution, who is one change away, last quarter compared.

The lists are Python's (`calculator.calibration`, held against the CLI in tests/calculator/test_calibration.py);
here: the page draws them for a file with names, downloads each as a workbook, and compares two files.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest

pytestmark = pytest.mark.browser

MODEL = "cs-quarterly-review"
HEADER = "姓名,近三个月月度绩效.1,近三个月月度绩效.2,近三个月月度绩效.3"
LAST = {"甲": [70, 70, 70], "乙": [80, 80, 80], "丙": [60, 60, 60], "丁": [75, 75, 75], "戊": [90, 95, 100]}
THIS = {"甲": [60, 60, 60], "乙": [85, 85, 85], "丁": [75, 75, 75], "庚": [75, 75, 75]}


def csv(people: dict[str, list[int]]) -> bytes:
    lines = [HEADER, *(",".join([who, *map(str, scores)]) for who, scores in people.items())]
    return ("\n".join(lines) + "\n").encode("utf-8")


def upload(page: Any, name: str, people: dict[str, list[int]]) -> None:
    page.set_input_files("[data-team-file]", files=[{"name": name, "mimeType": "text/csv", "buffer": csv(people)}])
    page.wait_for_selector(f"[data-calculator][data-team-rows='{len(people)}']", timeout=60_000)


def calibrate(page: Any) -> None:
    page.click("[data-action=calibrate]")
    page.wait_for_selector("[data-calibration][data-calibration-state=ok]", timeout=60_000)


def names(page: Any, key: str) -> list[str]:
    """The 被评人 column of one list, as drawn."""
    return page.eval_on_selector_all(
        f"[data-list={key}] tbody tr", "rows => rows.map(r => r.querySelector('td[data-label=被评人]').textContent)"
    )


def test_calibration_lists_a_team_and_compares_it_with_last_quarter(page: Any, site_url: str) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{site_url}/calculator/{MODEL}/")
    page.wait_for_selector(f"[data-calculator][data-model='{MODEL}'][data-ready]", timeout=180_000)
    upload(page, "上季度.csv", LAST)
    calibrate(page)
    bars = " ".join(page.inner_text("[data-list=distribution]").split())
    assert "降一级 1 人（20.0%）" in bars and "保持不变 3 人（60.0%）" in bars and "可提升一级 1 人（20.0%）" in bars
    assert names(page, "near") == ["乙"] and names(page, "risk") == ["甲"] and names(page, "down") == ["丙"]
    assert "80.5 分" in page.inner_text("[data-list=near]")  # one smallest change: 0.5 in one month

    with page.expect_download() as download:
        page.click("[data-download=risk]")
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["行号", "被评人", "当前结果", "改变的输入项", "现为", "改为", "就会变为"]
    assert rows[1][:3] == [2, "甲", "保持不变"] and rows[1][-1] == "降一级"

    page.click("[data-action=keep-for-compare]")
    page.wait_for_selector("[data-kept]")
    upload(page, "本季度.csv", THIS)
    calibrate(page)
    compared = " ".join(page.inner_text("[data-list=compare]").split())
    assert "与“上季度”相比" in compared
    assert "上升 1 人，下降 1 人，结果不变 1 人。" in compared
    assert "只在上一季度文件中：丙、戊。" in compared and "只在本季度文件中：庚。" in compared
    assert names(page, "compare") == ["乙", "甲"]
    assert all(url.startswith(site_url) for url in requests)  # nothing typed or uploaded leaves the origin
