"""Hardening of the calculator page (issue 11): team mode never gets stuck, share links are bounded,
no history trail. Headless Chromium against the built site, one page per module (Pyodide starts once)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest

from tests.teamfile import files

pytestmark = pytest.mark.browser

READY = 120_000
MODEL = "sales-center-review"
GOOD_CSV = "姓名,level,quarters.1.score,quarters.1.attainment\n张三,S5,85,95\n李四,S6,70,60\n".encode("utf-8-sig")


@pytest.fixture(scope="module")
def calc(browser: Any, site_url: str) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: page.errors.append(str(error)))  # type: ignore[attr-defined]
    page.goto(f"{site_url}/calculator/{MODEL}/")
    page.wait_for_selector(f"[data-calculator][data-model='{MODEL}'][data-ready]", timeout=READY)
    yield page
    context.close()


def upload(page: Any, name: str, data: bytes) -> tuple[str, str, float]:
    """Load a team file; wait until its reading and grading ended. The state, the status text and the seconds
    the page took, from the file input's change event to the end (not Playwright's transfer of the bytes)."""
    page.evaluate(
        """() => { const root = document.querySelector('[data-calculator]'); delete root.dataset.teamState;
        window.__took = null;
        document.querySelector('[data-team-file]').addEventListener('change', () => {
          const start = performance.now();
          new MutationObserver((_, observer) => {
            if (['ok', 'refused', 'failed'].includes(root.dataset.teamState)) {
              window.__took = performance.now() - start; observer.disconnect(); }
          }).observe(root, { attributes: true, attributeFilter: ['data-team-state'] });
        }, { once: true, capture: true }); }"""
    )
    page.set_input_files(
        "[data-team-file]", files=[{"name": name, "mimeType": "application/octet-stream", "buffer": data}]
    )
    page.wait_for_function("window.__took !== null", timeout=60_000)
    seconds = page.evaluate("window.__took") / 1000
    state = page.get_attribute("[data-calculator]", "data-team-state")
    return state, page.inner_text("[data-team-status]"), seconds


def xlsx_rows(*cells: str) -> bytes:
    """A workbook: a header row for the model, then one row per XML snippet of cells."""
    cell = '<c r="{}1" t="inlineStr"><is><t>{}</t></is></c>'
    header = f'<row r="1">{cell.format("A", "level")}{cell.format("B", "quarters")}</row>'
    return files.xlsx(header + "".join(cells))


HOSTILE = [
    (
        "shared string out of range",
        "bad.xlsx",
        files.xlsx('<row r="1"><c r="A1" t="s"><v>7</v></c></row>', "<si><t>a</t></si>"),
        "共享字符串",
    ),
    ("row abc", "bad.xlsx", files.xlsx('<row r="abc"><c r="A1"><v>1</v></c></row>'), "行号 'abc' 无效"),
    ("cell ZZZZZZ2", "bad.xlsx", xlsx_rows('<row r="2"><c r="ZZZZZZ2"><v>1</v></c></row>'), "位置 'ZZZZZZ2' 无效"),
    ("row 300000000", "bad.xlsx", xlsx_rows('<row r="300000000"><c r="A300000000"><v>1</v></c></row>'), "行号"),
    ("zip bomb", "bomb.xlsx", files.bomb(3000), "超过上限 100 MB"),
    ("ratio bomb", "bomb.xlsx", files.bomb(60), "压缩比异常"),
    ("stray quote", "bad.csv", ('level,quarters\nS5,"[1\n' + "S5,1\n" * 30_000).encode(), "未配对的引号"),
    (
        "20,000-deep list cell",
        "deep.xlsx",
        xlsx_rows(
            '<row r="2"><c r="A2" t="inlineStr"><is><t>S5</t></is></c>'
            f'<c r="B2" t="inlineStr"><is><t>{"[" * 20_000 + "]" * 20_000}</t></is></c></row>'
        ),
        "嵌套超过 16 层",
    ),
    (
        "5,000-digit number in a list cell",
        "big.csv",
        f'level,quarters\nS5,"[{"9" * 5000}]"\n'.encode(),
        "超过 300 位的数字",
    ),
    ("UTF-16 without BOM", "u16.csv", "level,quarters\nS5,80\n".encode("utf-16-le"), "UTF-16"),
    (
        "duplicate columns",
        "dup.csv",
        'level,当前职级,quarters\nS5,S6,"[{}]"\n'.encode(),
        "「level」（A 列）、「当前职级」（B 列）",
    ),
    ("file over 20 MB", "huge.csv", b"level,quarters\n" + b"S5,80\n" * (4 * 2**20), "超过上限 20 MB"),
]


@pytest.mark.parametrize(("case", "name", "data", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_team_file_ends_in_a_message_and_the_next_file_still_works(
    calc: Any, case: str, name: str, data: bytes, message: str
) -> None:
    state, status, seconds = upload(calc, name, data)
    print(f"{case}: {state} in {seconds:.2f} s: {status[:80]}")
    assert state == "refused", status
    assert message in status and "正在读取" not in status
    assert seconds < 5, f"{case} kept the page busy for {seconds:.1f} s"
    state, status, _ = upload(calc, "good.csv", GOOD_CSV)
    assert state == "ok" and status.startswith("共 2 行"), status


def test_odd_numbers_grade_as_errors_of_their_rows(calc: Any) -> None:
    data = (
        "level,quarters.1.score,quarters.1.attainment\n"
        f"S5,NaN,90\nS5,inf,90\nS5,8_0,90\nS5,{'9' * 400},90\nS5,1e999,90\nS5,85,95\n"
    ).encode()
    state, status, _ = upload(calc, "odd.csv", data)
    assert state == "ok", status
    assert calc.locator("tr.calc-team__bad").count() == 5
    assert calc.locator("[data-team-table] tbody tr:not(.calc-team__bad)").count() == 1


def test_an_engine_exception_ends_in_a_message_and_the_page_recovers(calc: Any) -> None:
    """Whatever Python raises while grading, the status says so (it stayed on 正在读取 for ever before)."""
    patch = """async (how) => {
      const src = document.querySelector('script[src*="calculator.js"]').src.replace("calculator.js", "runtime.js");
      const { runtime } = await import(src);
      const rt = await runtime.promise;
      if (how === "break") { window.__teamJson = rt.browser.team_json; rt.browser.team_json = rt.browser.describe; }
      else { rt.browser.team_json = window.__teamJson; }
    }"""
    calc.evaluate(patch, "break")
    try:
        state, status, _ = upload(calc, "good.csv", GOOD_CSV)
    finally:
        calc.evaluate(patch, "restore")
    assert state == "failed"
    assert "出现内部错误" in status and "TypeError" in status and "可以换一个文件再试" in status
    state, status, _ = upload(calc, "good.csv", GOOD_CSV)
    assert state == "ok", status


def test_the_same_file_can_be_loaded_twice(calc: Any) -> None:
    for _ in range(2):
        state, status, _ = upload(calc, "good.csv", GOOD_CSV)
        assert state == "ok", status


def test_a_big_legitimate_file_is_read_in_steps_with_progress(calc: Any) -> None:
    rows = [["S5", 80 + n % 20, 90] for n in range(20_000)]
    table = {"header": ["level", "quarters.1.score", "quarters.1.attainment"], "rows": rows}
    import teamfile

    data = teamfile.xlsx_bytes(json.dumps(table))
    calc.evaluate("""() => { window.__longest = 0; window.__seen = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
      }).observe({ type: "longtask", buffered: false });
      new MutationObserver(() => window.__seen.push(document.querySelector("[data-team-status]").textContent))
        .observe(document.querySelector("[data-team-status]"), { childList: true, subtree: true }); }""")
    state, status, seconds = upload(calc, "big.xlsx", data)
    assert state == "ok", status
    assert calc.get_attribute("[data-calculator]", "data-team-rows") == "20000"  # every row, in chunks of any size
    assert status.startswith("共 20000 行")
    seen = calc.evaluate("window.__seen")
    assert any("正在读取 big.xlsx …… " in text and "%" in text for text in seen), seen[:5]
    longest = calc.evaluate("window.__longest")
    print(f"20,000 rows read and graded in {seconds:.1f} s; longest task {longest:.0f} ms")
    assert longest < 2_000


# ---------------------------------------------------------------- share links


def link(site_url: str, inputs: dict[str, Any]) -> str:
    return f"{site_url}/calculator/{MODEL}/#" + quote(json.dumps(inputs, ensure_ascii=False), safe="!'()*")


def notice_after(page: Any, url: str, text: str) -> float:
    """Open a share link in the loaded page; seconds until the notice shows `text`."""
    started = time.perf_counter()
    page.evaluate("(hash) => { location.hash = hash; }", url.split("#", 1)[1])
    page.wait_for_function(
        "(t) => document.querySelector('[data-notice]').textContent.includes(t)", arg=text, timeout=60_000
    )
    return time.perf_counter() - started


def opened(browser: Any, url: str, text: str) -> float:
    """Open a link in a new page; seconds from the navigation to the notice showing `text` (no engine needed)."""
    context = browser.new_context()
    page = context.new_page()
    try:
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_function(
            "(t) => document.querySelector('[data-notice]').textContent.includes(t)", arg=text, timeout=60_000
        )
        seconds = time.perf_counter() - started
        assert page.locator("[data-calculator] [data-rows] [data-row]").count() <= 3
        return seconds
    finally:
        context.close()


def test_a_share_link_with_a_4000_element_list_is_refused_at_once(calc: Any, site_url: str, browser: Any) -> None:
    """Such a link took 134 s (rows were added one at a time, each renumbering all); now it is refused at once."""
    quarters = [{"score": 80, "attainment": 90}] * 4000
    seconds = opened(browser, link(site_url, {"level": "S5", "quarters": quarters}), "远超本计算器的分享链接")
    print(f"4,000-record share link: refused {seconds:.2f} s after the navigation began")
    # A hang bound, not a speed target: the old behaviour took 134 s; a loaded 2-CPU machine takes
    # up to about 12 s just to open a calculator page (seen in CI runs beside other browser tests).
    assert seconds < 30
    quarters = [{"score": 80, "attainment": 90}] * 9  # short enough for a link, one more than the model takes
    seconds = notice_after(calc, link(site_url, {"level": "S5", "quarters": quarters}), "有 9 项，本计算器最多 8 项")
    assert seconds < 10  # a hang bound: the page is loaded, only the fragment changes
    # the rest of the link is still filled in (waited for, not read once: a loaded CI run once read it empty)
    calc.wait_for_function("() => document.querySelector('#calc-level').value === 'S5'", timeout=5_000)
    assert calc.locator("[data-input=quarters] [data-row]").count() <= 1
    assert not calc.errors  # type: ignore[attr-defined]
    # A list of fixed length (three months) took the first three of 4,000 values without a word.
    fragment = quote(json.dumps({"monthly_scores": [1] * 4000}, separators=(",", ":")), safe="!'()*")
    url = f"{site_url}/calculator/cs-quarterly-review/#{fragment}"  # compact, as the page writes it: 16,000 characters
    seconds = opened(browser, url, "有 4000 项，本计算器最多 3 项")
    print(f"4,000-element list link: refused {seconds:.2f} s after the navigation began")
    assert seconds < 10


def test_share_links_too_long_or_too_deep_are_refused(calc: Any, site_url: str) -> None:
    deep = json.loads("[" * 20 + "]" * 20)
    assert notice_after(calc, link(site_url, {"level": deep}), "不是本计算器的输入") < 2
    long = {"level": "S5", "note": "x" * 30_000}
    assert notice_after(calc, link(site_url, long), "远超本计算器的分享链接") < 2
    many = {f"k{n}": n for n in range(500)}
    seconds = notice_after(calc, link(site_url, {"level": "S5", **many}), "等 500 项")
    assert seconds < 2
    good = {"level": "S5", "quarters": [{"score": 85, "attainment": 95}]}
    calc.evaluate("(hash) => { location.hash = hash; }", link(site_url, good).split("#", 1)[1])
    calc.wait_for_selector("#result[data-state=ok]")
    assert not calc.errors  # type: ignore[attr-defined]


# ---------------------------------------------------------------- history


def test_changes_leave_no_history_trail_and_forget_clears_the_page(browser: Any, site_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{site_url}/calculator/cs-staff-rating/")
        page.wait_for_selector("[data-calculator][data-ready]", timeout=READY)
        before = page.evaluate("history.length")
        for n in range(40):
            page.fill("#calc-communication", str(50 + n))
            page.fill("#calc-teamwork", str(90 - n))
        page.wait_for_function("location.hash.endsWith(',,89,51')")  # the compact link: values by position
        assert page.evaluate("history.length") == before
        page.click("[data-action=forget]")
        assert page.evaluate("location.hash") == ""
        assert page.input_value("#calc-communication") == "" and page.input_value("#calc-teamwork") == ""
        assert "已清除本页的输入" in page.inner_text("[data-action-status]")
        assert page.evaluate("history.length") == before
        page.go_back()  # the entry before this page: about:blank, never one with inputs
        assert "communication" not in page.url
    finally:
        context.close()


def test_xlsx_download_is_compressed(calc: Any) -> None:
    rows = "".join(f"S{5 + n % 5},85,95\n" for n in range(3_000))
    state, status, _ = upload(calc, "many.csv", f"level,quarters.1.score,quarters.1.attainment\n{rows}".encode())
    assert state == "ok", status
    with calc.expect_download() as download:
        calc.click("[data-action=download-xlsx]")
    import zipfile

    with zipfile.ZipFile(download.value.path()) as archive:
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_DEFLATED}
