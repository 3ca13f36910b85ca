"""What the source leaves open, as the handbook shows it: unset parameters, readings, tied titles, source passages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import level_url, series_url

pytestmark = pytest.mark.browser


def html(built_site: Path, url: str) -> str:
    return (built_site / url / "index.html").read_text(encoding="utf-8")


def test_unset_parameters_read_as_x_to_be_set_and_the_series_says_so(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/{series_url('sales-promotion')}")
    banner = page.locator(".admonition.warning").first
    assert "有参数尚未设定" in banner.inner_text() and "初级销售代表晋升所需任职月数" in banner.inner_text()
    table = page.locator("#parameters ~ .md-typeset__scrollwrap table").first
    values = table.locator("tbody td:nth-child(2)").all_inner_texts()
    assert len(values) == 14 and set(values) == {"[X]（待人力资源部设定）"}
    page.goto(f"{site_url}/{level_url('sales-promotion', 'rep-intermediate')}")
    body = page.locator("article").inner_text()
    assert "有参数尚未设定" in body
    assert "在初级销售代表岗位任职时间：≥ [X]（待人力资源部设定） 个月" in body
    assert "6 个月" not in body and "≥ 6" not in body


def test_a_series_with_readings_lists_each_and_marks_the_adopted_one(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/{series_url('sales-center')}")
    section = page.locator("#readings ~ .md-typeset__scrollwrap table").first
    rows = section.locator("tbody tr").all_inner_texts()
    assert len(rows) == 2
    assert "本手册采用" in rows[0] and "本手册采用" not in rows[1]
    rules = page.locator("article").inner_text()
    assert "S3—S3连续1个季度考核分低于80分或累计达成率低于80%" in rules  # quoted as the source has it
    assert "S3—S9连续" not in rules
    assert "（按「连续两季，每季考核分或达成率低于80」的理解）" in rules
    assert "每一期（考核分 < 80 分 或 达成率 < 80%）" in rules


def test_permission_wording_stays_permission(built_site: Path) -> None:
    page = html(built_site, series_url("cs-reps"))
    assert "可提升一级" in page and "晋升一级" not in page
    assert "公司可劝其离职或解除劳动合同" in page


def test_tied_titles_say_so_on_their_level_pages(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/{level_url('sales-titles', 'seller-4')}")
    note = page.locator(".admonition.info").first.inner_text()
    assert "可量化条件相同" in note and "一级销售助理工程师" in note
    page.goto(f"{site_url}/{level_url('sales-titles', 'assistant-engineer-3')}")
    body = page.locator("article").inner_text()
    assert "二级销售助理工程师" in page.locator(".admonition.info").first.inner_text()
    assert "学历：本科及以上（按「大学（本科）毕业四年以上」的理解）" in body


def test_the_source_passage_behind_each_requirement_is_one_click_away(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/{level_url('sales-titles', 'assistant-engineer-3')}")
    details = page.locator("details.quote").first
    assert details.get_attribute("open") is None  # collapsed until asked for
    details.locator("summary").click()
    text = details.inner_text()
    assert "原文出处" in text and "市场营销或相关专业大毕业四年以上" in text and "第 107 行" in text
    page.goto(f"{site_url}/{series_url('sales-center')}")
    rules = page.locator("details.quote").first
    rules.locator("summary").click()
    assert "S3—S3连续1个季度" in rules.inner_text()
