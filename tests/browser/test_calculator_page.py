"""The calculator pages in headless Chromium against the built site on 127.0.0.1.

Pyodide takes seconds to start, so one page tours every model through Material's
instant navigation (the runtime must load once), and only the request-recording and
the hostile-link tests open fresh pages.
"""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote, urlparse

import openpyxl
import pytest

import generator.cli
from calculator import team
from devtools.cli import competency
from devtools.people import cell, random_inputs, team_columns, team_csv
from devtools.server import Handler, serve
from tests.helpers import engine, models, with_examples

pytestmark = pytest.mark.browser

READY = 120_000  # ms: Pyodide's first start on a slow CI machine
CANONICAL = """(expected) => {
  // The result of these inputs, read from the same element in the same task as its inputs
  // (instant navigation may swap the result region between two reads); false until it is there.
  const canon = (v) => Array.isArray(v) ? v.map(canon) : v && typeof v === "object"
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon(v[k])])) : v;
  const node = document.querySelector("#result");
  const graded = node ? node.dataset.graded : undefined;
  if (graded === undefined || !node.dataset.result) return false;
  return JSON.stringify(canon(JSON.parse(graded))) === JSON.stringify(canon(expected)) && node.dataset.result;
}"""


def share_link(base: str, model_id: str, inputs: dict[str, Any]) -> str:
    """A share link as the page writes it: `#` + encodeURIComponent(JSON.stringify(inputs))."""
    return f"{base}/calculator/{model_id}/#" + quote(json.dumps(inputs, ensure_ascii=False), safe="!'()*")


def wait_ready(page: Any, model_id: str) -> None:
    """Wait until the model's page has its runtime."""
    page.wait_for_selector(f"[data-calculator][data-model='{model_id}'][data-ready]", timeout=READY)


def graded(page: Any, inputs: dict[str, Any]) -> dict[str, Any]:
    """The `data-result` once the result region shows these inputs' result."""
    handle = page.wait_for_function(CANONICAL, arg=inputs, timeout=10_000)
    return dict(json.loads(handle.json_value()))


def current_link(page: Any) -> str:
    """The address once the page has written the latest inputs into it (while typing, it trails by at most 0.2 s)."""
    page.wait_for_selector("[data-calculator]:not([data-link-pending])", state="attached")
    return str(page.evaluate("location.href"))


def navigate(page: Any, url: str, model_id: str) -> None:
    """Follow a link the way a person clicks it, so Material's instant navigation handles it."""
    if not page.url.startswith("http"):  # a fresh page (the test runs alone): open the site first
        page.goto(url)
        wait_ready(page, model_id)
        return
    page.evaluate(
        """(href) => { const a = document.createElement("a"); a.href = href;
        document.querySelector(".md-content").append(a); a.click(); }""",
        url,
    )
    wait_ready(page, model_id)


def clear(page: Any) -> None:
    page.click("[data-action=clear]")


def type_inputs(page: Any, model_id: str, inputs: dict[str, Any]) -> None:
    """Fill the form field by field, as a person would (trial parameter values last)."""
    clear(page)
    for key, value in inputs.get(PARAMS, {}).items():
        page.fill(f"#calc-param-{key}", str(value))
    _series, model = models()[model_id]
    for spec in model.inputs:
        if spec.key not in inputs:
            continue
        value = inputs[spec.key]
        if spec.type in ("number", "integer"):
            page.fill(f"#calc-{spec.key}", str(value))
        elif spec.type in ("choice", "level"):
            page.select_option(f"#calc-{spec.key}", str(value))
        elif spec.type == "boolean":
            page.check(f"input[name='{spec.key}'][value='{'true' if value else 'false'}']")
        else:
            field = f"[data-input='{spec.key}']"
            while page.locator(f"{field} [data-row]").count() < len(value):
                page.click(f"{field} [data-action=add-row]")
            for index, item in enumerate(value):
                if spec.fields:
                    for part in spec.fields:
                        page.fill(f"#calc-{spec.key}-{index}-{part.key}", str(item[part.key]))
                else:
                    page.fill(f"#calc-{spec.key}-{index}", str(item))


PARAMS = "_params"  # the share link's key for trial parameter values


def shared(example: Any, model: Any) -> dict[str, Any]:
    """What the page grades and shares for a worked example: its inputs over the boxes' defaults (the page shows
    a model's default, such as 0 years, in its box), and its trial values as typed (text)."""
    inputs = {spec.key: spec.default for spec in model.inputs if spec.default is not None} | dict(example.inputs)
    if not example.params:
        return inputs
    return {**inputs, PARAMS: {key: str(value) for key, value in example.params.items()}}


def same_result(page_result: dict[str, Any], model_id: str, inputs: dict[str, Any]) -> None:
    """The page's result is the CPython engine's, field for field (trial values included), with how the outcome
    reads (tone) and, for a model that only scores, what raising each input adds (gains)."""
    values = {k: v for k, v in inputs.items() if k != PARAMS}
    expected = engine(model_id, values, inputs.get(PARAMS))
    assert "errors" not in page_result, page_result
    for key in ("outcome", "score", "breakdown", "rule", "next", "notes"):
        assert page_result[key] == expected[key], (model_id, inputs, key)
    page_result = dict(page_result)
    series, model = models()[model_id]
    assert page_result.pop("tone") == team.tone(expected)
    gains = team.score_gains(series, model, expected, inputs.get(PARAMS)) if team.score_only(model) else None
    assert page_result.pop("gains", None) == gains
    assert page_result == expected


LINK_LIMIT = 120  # characters of a share link, the test server's address included


class _SitemapHandler(Handler):
    """The built site, with the sitemap MkDocs writes when `site_url` is this server's address.

    Material navigates instantly only to URLs listed in sitemap.xml (matching port and path);
    a deployed handbook sets `site_url`, a test server on a random port cannot.
    """

    def do_GET(self) -> None:
        if self.path.split("?")[0] != "/sitemap.xml":
            super().do_GET()
            return
        origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        root = Path(self.directory)
        pages = sorted(p.parent.relative_to(root).as_posix() for p in root.rglob("index.html"))
        urls = "".join(f"<url><loc>{origin}/{'' if p == '.' else p + '/'}</loc></url>" for p in pages)
        body = f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body.encode())))
        self.end_headers()
        self.wfile.write(body.encode())


@pytest.fixture(scope="module")
def instant_url(built_site: Path) -> Iterator[str]:
    """The built site on 127.0.0.1 with instant navigation active."""
    with serve(built_site, _SitemapHandler) as url:
        yield url


@pytest.fixture(scope="module")
def tour(browser: Any) -> Iterator[SimpleNamespace]:
    """One page for the whole module; it records requests and script errors."""
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    seen = SimpleNamespace(page=page, requests=[], errors=[], dialogs=[])
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.on("dialog", lambda dialog: (seen.dialogs.append(dialog.message), dialog.dismiss()))
    yield seen
    context.close()


# ---------------------------------------------------------------- worked examples


def test_worked_examples_typed_and_shared_match_the_engine(tour: SimpleNamespace, instant_url: str) -> None:
    page = tour.page
    ids = with_examples()
    assert ids, "no model carries worked examples"
    lengths: dict[str, int] = {}
    for position, model_id in enumerate(ids):
        _series, model = models()[model_id]
        first = shared(model.examples[0], model)
        if position == 0:
            page.goto(share_link(instant_url, model_id, first))
            wait_ready(page, model_id)
        else:
            navigate(page, share_link(instant_url, model_id, first), model_id)
        same_result(graded(page, first), model_id, first)
        links = []
        for example in model.examples:
            payload = shared(example, model)
            type_inputs(page, model_id, payload)
            result = graded(page, payload)
            same_result(result, model_id, payload)
            if example.reading:  # the headline is the adopted reading's; this reading's verdict is listed
                option = next(o for q in result["readings"] for o in q["options"] if o["id"] == example.reading)
                assert (option["outcome"] or {}).get("id") == example.outcome, (model_id, example)
            else:
                assert (result["outcome"] or {}).get("id") == example.outcome, (model_id, example)
            href = current_link(page)
            assert "?" not in href and href.split("#", 1)[0].endswith(f"/calculator/{model_id}/")
            fragment = href.split("#", 1)[1]
            assert fragment[0] == "1" and "%" not in fragment, href  # the compact format: no JSON, no escapes
            if example.params:  # 16 inputs and 13 trial values: the link past the page's own address
                assert len(href) - len(instant_url) <= LINK_LIMIT, href
            else:
                assert len(href) <= LINK_LIMIT, href
            lengths[model_id] = max(lengths.get(model_id, 0), len(href))
            links.append((href, payload))
        clear(page)
        for href, inputs in links:  # every worked example's link, opened again, gives the same result
            page.evaluate("(href) => { location.hash = new URL(href).hash; }", href)
            same_result(graded(page, inputs), model_id, inputs)
    print("longest share link per model:", lengths)
    assert not tour.errors and not tour.dialogs


def test_runtime_loads_once_across_instant_navigation(tour: SimpleNamespace, instant_url: str) -> None:
    for model_id in ("cs-staff-rating", "sales-center-review"):  # the tour so far, or these two when run alone
        navigate(tour.page, f"{instant_url}/calculator/{model_id}/", model_id)
    wasm = [url for url in tour.requests if url.endswith("pyodide.asm.wasm")]
    assert len(wasm) == 1, wasm
    assert len([url for url in tour.requests if url.endswith(".whl")]) == 2


def test_inline_errors_name_the_field_without_nan(tour: SimpleNamespace, instant_url: str) -> None:
    page = tour.page
    navigate(page, f"{instant_url}/calculator/cs-staff-rating/", "cs-staff-rating")
    clear(page)
    page.fill("#calc-communication", "abc")
    page.fill("#calc-teamwork", "120")
    page.wait_for_selector("#result[data-state=invalid]")
    page.wait_for_function("document.querySelector('#calc-teamwork-error').textContent !== ''")
    assert page.inner_text("#calc-communication-error") == "沟通能力应为数字，实际为 'abc'"
    assert page.inner_text("#calc-teamwork-error") == "团队合作应在 0–100 分 之间，实际为 120"
    assert page.get_attribute("#calc-communication", "aria-invalid") == "true"
    assert page.inner_text("#calc-satisfaction-error") == ""  # untouched fields stay quiet
    text = page.inner_text(".calc")
    assert "NaN" not in text and "Traceback" not in text and "缺少客户满意度" in page.inner_text("#result")
    errors = json.loads(page.get_attribute("#result", "data-result"))["errors"]
    assert {"input": "communication", "message": "沟通能力应为数字，实际为 'abc'"} in errors


def test_chart_and_print_view(tour: SimpleNamespace) -> None:
    page = tour.page
    inputs = {"knowledge_skills": 70, "communication": 60, "teamwork": 60, "efficiency": 60, "satisfaction": 60}
    type_inputs(page, "cs-staff-rating", inputs)
    result = graded(page, inputs)
    assert page.locator("[data-chart] svg rect").count() >= len(result["breakdown"])
    for row in result["breakdown"]:
        assert f"{row['label']}：{row['contribution']:g}" in page.inner_html("[data-chart]")
    page.emulate_media(media="print")
    try:
        assert not page.is_visible("[data-form]") and not page.is_visible("[data-team]")
        meta = page.inner_text("[data-print-meta]")
        assert "专业知识与技能" in meta and "客户服务人员职级评定标准" in meta
        assert page.is_visible("#result") and page.is_visible("[data-details]")
    finally:
        page.emulate_media(media="screen")


def test_a_bad_list_element_is_the_one_marked(tour: SimpleNamespace, instant_url: str) -> None:
    """The message names the element; only that element's box is marked invalid."""
    page = tour.page
    navigate(page, f"{instant_url}/calculator/cs-quarterly-review/", "cs-quarterly-review")
    clear(page)
    for index, value in enumerate(["80", "120", "90"]):
        page.fill(f"#calc-monthly_scores-{index}", value)
    page.wait_for_selector("#result[data-state=invalid]")
    page.wait_for_function("document.querySelector('#calc-monthly_scores-error').textContent !== ''")
    assert "第 2 项" in page.inner_text("#calc-monthly_scores-error")
    marked = [page.get_attribute(f"#calc-monthly_scores-{i}", "aria-invalid") for i in range(3)]
    assert marked == [None, "true", None]
    page.fill("#calc-monthly_scores-1", "85")
    page.wait_for_selector("#result[data-state=ok]")
    assert page.get_attribute("#calc-monthly_scores-1", "aria-invalid") is None


# ---------------------------------------------------------------- team mode


@cache
def _cached_validate(directory: Path, strict: bool = False) -> Any:
    from generator.validation import validate

    return validate(directory, strict)


def cli_grade(model_id: str, inputs: dict[str, Any], tmp: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """`competency grade MODEL --input FILE --json` run in-process (validation cached), exit code and output.

    The runner is the one tests/generator/test_cli.py holds to the installed command.
    """
    monkeypatch.setattr(generator.cli, "validate", _cached_validate)
    path = tmp / "inputs.json"
    path.write_text(json.dumps(inputs, ensure_ascii=False), encoding="utf-8")
    done = competency("grade", model_id, "--input", str(path), "--json")
    return done.returncode, done.stdout if done.returncode == 0 else done.stderr


def team_rows(model_id: str, count: int, seed: int) -> list[dict[str, Any]]:
    """People with random inputs; every tenth has one wrong value."""
    series, model = models()[model_id]
    rnd = random.Random(seed)
    return [random_inputs(model, series, rnd, bad=i % 10 == 9) for i in range(count)]


def xlsx_of(model_id: str, rows: list[dict[str, Any]]) -> bytes:
    """The same team file as an Excel workbook (numbers as numbers)."""
    _series, model = models()[model_id]
    columns = team_columns(model, rows)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([name for name, _ in columns])
    for index, row in enumerate(rows):
        sheet.append([cell(row, path, index) for _, path in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(page: Any, name: str, data: bytes, rows: int) -> None:
    page.set_input_files(
        "[data-team-file]", files=[{"name": name, "mimeType": "application/octet-stream", "buffer": data}]
    )
    page.wait_for_selector(f"[data-calculator][data-team-rows='{rows}']", timeout=60_000)


@pytest.mark.parametrize(
    ("model_id", "kind"),
    [("cs-staff-rating", "csv"), ("sales-center-review", "xlsx"), ("sales-title-eligibility", "csv")],
)
def test_team_file_of_200_rows_matches_the_cli(
    tour: SimpleNamespace, instant_url: str, model_id: str, kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tour.page
    series, model = models()[model_id]
    rows = team_rows(model_id, 200, seed=len(model_id))
    navigate(page, f"{instant_url}/calculator/{model_id}/", model_id)
    data = team_csv(model, rows) if kind == "csv" else xlsx_of(model_id, rows)
    upload(page, f"team.{kind}", data, 200)
    with page.expect_download() as download:
        page.click("[data-action=download-csv]")
    table = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    header, body = table[0], table[1:]
    assert len(body) == 200
    column = {name: i for i, name in enumerate(header)}
    for index, (inputs, out) in enumerate(zip(rows, body, strict=True)):
        code, text = cli_grade(model_id, inputs, tmp_path, monkeypatch)
        if code == 0:
            result = json.loads(text)
            outcome = result["outcome"]
            assert out[column["结果标识（供系统导入）"]] == (outcome["id"] if outcome else ""), (index, inputs)
            assert out[column["定级结果"]] == team.outcome_words(result), (index, inputs)
            score = out[column["得分"]]
            assert (float(score) if score else None) == result["score"], (index, inputs)
            if "结果职级" in column:
                assert out[column["结果职级"]] == series.level(outcome["level"]).name
            assert out[column["错误"]] == ""
        else:
            assert code == 2
            messages = [line.removeprefix("error: ").split(": ", 1)[1] for line in text.strip().splitlines()]
            assert out[column["错误"]] == "；".join(messages), (index, inputs)
            assert out[column["结果标识（供系统导入）"]] == ""
        assert out[column["行号"]] == str(index + 2)  # no blank rows: the header is row 1
    assert header[:3] == ["行号", "姓名", "定级结果"] and header[-1] == "结果标识（供系统导入）"
    drawn = page.locator("[data-team-table] thead th").all_inner_texts()
    assert drawn == header[:-1]  # the id column is only in the downloads
    assert "结果标识" not in page.inner_text("[data-team-table]")
    bad_rows = page.locator("tr.calc-team__bad").count()
    assert bad_rows == sum(1 for row in body if row[column["错误"]])
    assert page.locator("td.calc-cell--error .calc-cell__error").count() >= bad_rows


def test_a_file_with_blank_rows_keeps_its_row_numbers_and_exports_suggestions(
    tour: SimpleNamespace, instant_url: str
) -> None:
    """Rows are numbered as in the file (header row 1, blank rows counted), on the page and in both downloads;
    the downloads carry what it takes and the pending conditions; the Excel file has widths, a frozen header
    and an autofilter."""
    page = tour.page
    model_id = "sales-title-eligibility"
    navigate(page, f"{instant_url}/calculator/{model_id}/", model_id)
    source = (
        "工号,姓名,学历,市场营销或相关专业,毕业年限\n"
        "A01,张三,大专,是,1\n"
        ",,,,\n"
        "\n"
        "A02,李四,本科,是,abc\n"
        "A03,王五,硕士及以上,是,10\n"
    ).encode("utf-8-sig")
    upload(page, "team.csv", source, 3)
    assert page.locator("[data-team-table] tbody th").all_inner_texts() == ["2", "5", "6"]
    summary = page.inner_text(".calc-team__summary")
    assert "有错误" in summary and "1 人" in summary
    with page.expect_download() as download:
        page.click("[data-action=download-csv]")
    table = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    header, body = table[0], table[1:]
    assert header[:4] == ["行号", "工号", "姓名", "定级结果"] and header[-1] == "结果标识（供系统导入）"
    assert [row[0] for row in body] == ["2", "5", "6"] and [row[2] for row in body] == ["张三", "李四", "王五"]
    column = {name: i for i, name in enumerate(header)}
    first = engine(model_id, {"education": "大专", "major_related": True, "years_since_graduation": 1})
    assert body[0][column["需评审认定的条件"]] == "；".join(first["pending"])
    change = first["next"]["changes"][0]
    assert body[0][column["怎样得到更好的结果"]] == (
        f"得到「{first['next']['outcome']['name']}」只需改一项：{change['label']} 1 → {change['to']:g}"
    )
    assert body[1][column["错误"]] == "毕业年限应为数字，实际为 'abc'"
    with page.expect_download() as download:
        page.click("[data-action=download-xlsx]")
    assert download.value.suggested_filename.endswith("-定级结果.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert [c.value for c in sheet[1]] == header
    assert [sheet.cell(n, 1).value for n in (2, 3, 4)] == [2, 5, 6]
    assert sheet.freeze_panes == "A2" and all(c.font.b for c in sheet[1])
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}4"
    widths = [sheet.column_dimensions[sheet.cell(1, n + 1).column_letter].width for n in range(len(header))]
    assert widths[column["行号"]] == 9 and widths[column["需评审认定的条件"]] == 60  # from the content, capped
    assert len(set(widths)) > 3
    assert not tour.errors


def test_share_link_carries_the_name_only_when_ticked_and_the_printout_says_whose(
    tour: SimpleNamespace, instant_url: str
) -> None:
    page = tour.page
    navigate(page, f"{instant_url}/calculator/cs-staff-rating/", "cs-staff-rating")
    inputs = {"knowledge_skills": 80, "communication": 70, "teamwork": 90, "efficiency": 60, "satisfaction": 100}
    type_inputs(page, "cs-staff-rating", inputs)
    graded(page, inputs)
    page.fill("#calc-subject", "张三丰")
    page.wait_for_function("document.querySelector('#result').textContent.includes('被评人：张三丰')")
    current_link(page)
    shared_hash = page.evaluate("location.hash")
    assert shared_hash.startswith("#1") and "%" not in shared_hash
    assert not page.is_checked("[data-subject-share]")  # off by default: a name in a URL reaches the history
    assert "历史记录" in page.inner_text("#calc-subject-help")
    page.check("[data-subject-share]")
    page.wait_for_function("location.hash.includes('%E5%BC%A0')")
    href = current_link(page)
    assert len(href) <= LINK_LIMIT + 30  # three Chinese characters percent-encoded
    page.emulate_media(media="print")
    try:
        meta = page.inner_text("[data-print-meta]")
        assert "被评人：张三丰" in meta and "评定日期：" in meta and "评定人签名：" in meta
    finally:
        page.emulate_media(media="screen")
    page.uncheck("[data-subject-share]")
    page.wait_for_function("!location.hash.includes('%')")
    clear(page)
    assert page.input_value("#calc-subject") == ""
    page.evaluate("(href) => { location.hash = new URL(href).hash; }", href)  # the link with the name
    graded(page, inputs)
    assert page.input_value("#calc-subject") == "张三丰" and page.is_checked("[data-subject-share]")
    assert "被评人：张三丰" in page.inner_text("#result")
    assert not tour.errors


@pytest.mark.parametrize(
    ("fragment", "message"),
    [
        ("9abc,1,2", "格式（第 9 版）"),
        ("1zzz,80,80", "本计算器的输入项已经改变"),
        ("1{key},80,80,80,80,80,80,80", "数值比本计算器的输入项多"),
        ("1{key},80,'%E5%BC", "已损坏"),
        ("1{key},80;;;x", "不认识的部分"),
        ("1{key},abc", "有一个值无法读取"),
    ],
)
def test_compact_links_that_do_not_fit_are_refused_in_chinese(
    tour: SimpleNamespace, instant_url: str, fragment: str, message: str
) -> None:
    page = tour.page
    navigate(page, f"{instant_url}/calculator/cs-staff-rating/", "cs-staff-rating")
    key = page.get_attribute("[data-form]", "data-share-key")
    page.evaluate("(hash) => { location.hash = hash; }", fragment.replace("{key}", key))
    page.wait_for_function("(t) => document.querySelector('[data-notice]').textContent.includes(t)", arg=message)
    assert "链接中的输入已忽略" in page.inner_text("[data-notice]")
    assert page.input_value("#calc-knowledge_skills") == ""
    page.fill("#calc-knowledge_skills", "80")  # the page stays usable
    page.wait_for_function("location.hash.startsWith('#1' + document.querySelector('[data-form]').dataset.shareKey)")
    assert not tour.errors


CONTRAST = """() => {
  // The outcome line's colour and its contrast against the page's background (WCAG's formula).
  const rgb = (text) => (text.match(/[\\d.]+/g) || []).slice(0, 4).map(Number);
  const lum = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const outcome = document.querySelector("#result .calc-outcome");
  let node = outcome, bg = [0, 0, 0, 0];
  while (node && (bg.length === 4 && bg[3] === 0)) {
    bg = rgb(getComputedStyle(node).backgroundColor);
    if (bg.length === 3) break;
    node = node.parentElement;
  }
  const fg = rgb(getComputedStyle(outcome).color);
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  const tag = outcome.querySelector(".calc-tone");
  return { color: getComputedStyle(outcome).color, ratio: (a + 0.05) / (b + 0.05), tag: tag ? tag.textContent : "" };
}"""


def test_review_outcomes_have_distinct_readable_colours_and_words_in_both_schemes(
    tour: SimpleNamespace, instant_url: str
) -> None:
    page = tour.page
    model_id = "cs-quarterly-review"
    navigate(page, f"{instant_url}/calculator/{model_id}/", model_id)
    cases = {"promote": [90, 90, 90], "keep": [75, 75, 75], "demote": [60, 60, 60], "demote_probation": [40, 40, 40]}
    seen: dict[str, dict[str, Any]] = {}
    try:
        for scheme in ("default", "slate"):
            page.evaluate("(s) => document.body.setAttribute('data-md-color-scheme', s)", scheme)
            for decision, scores in cases.items():
                inputs = {"monthly_scores": scores}
                type_inputs(page, model_id, inputs)
                assert graded(page, inputs)["outcome"]["id"] == decision
                seen[f"{scheme}/{decision}"] = page.evaluate(CONTRAST)
    finally:
        page.evaluate("() => document.body.setAttribute('data-md-color-scheme', 'default')")
    print(seen)
    for scheme in ("default", "slate"):
        good, keep, bad, probation = (seen[f"{scheme}/{d}"] for d in cases)
        assert len({good["color"], keep["color"], bad["color"]}) == 3, seen  # good, neutral, bad differ
        assert bad["color"] == probation["color"]
        assert [good["tag"], keep["tag"], bad["tag"], probation["tag"]] == ["▲ 晋升", "■ 不变", "▼ 降级", "▼ 降级"]
        for entry in (good, keep, bad):
            assert entry["ratio"] >= 4.5, (scheme, entry)
    assert not tour.errors


def test_axe_finds_no_serious_violation_on_a_graded_page_with_a_team_table_in_both_schemes(
    tour: SimpleNamespace, instant_url: str
) -> None:
    """The calculator as people see it after use: a result with its tone, details, notes, the name box and a team
    table; axe-core (served by the test) in the light and the dark scheme."""
    page = tour.page
    model_id = "cs-quarterly-review"
    navigate(page, f"{instant_url}/calculator/{model_id}/", model_id)
    inputs = {"monthly_scores": [40, 45, 50]}
    type_inputs(page, model_id, inputs)
    graded(page, inputs)
    page.fill("#calc-subject", "张三")
    upload(page, "team.csv", '姓名,monthly_scores\n甲,"90,90,90"\n乙,"40,40,40"\n丙,abc\n'.encode(), 3)
    page.add_script_tag(path=str(Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"))
    found = {}
    try:
        for scheme in ("default", "slate"):
            page.evaluate("(s) => document.body.setAttribute('data-md-color-scheme', s)", scheme)
            page.wait_for_timeout(500)  # Material's buttons fade their colours (125 ms): let them settle
            results = page.evaluate("() => axe.run(document.querySelector('[data-calculator]'))")
            found[scheme] = [
                f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
                for v in results["violations"]
                if v["impact"] in ("serious", "critical")
            ]
    finally:
        page.evaluate("() => document.body.setAttribute('data-md-color-scheme', 'default')")
    assert found == {"default": [], "slate": []}


def test_ten_thousand_rows_grade_in_seconds(tour: SimpleNamespace, instant_url: str) -> None:
    page = tour.page
    _series, model = models()["sales-center-review"]
    rows = team_rows("sales-center-review", 10_000, seed=3)
    navigate(page, f"{instant_url}/calculator/sales-center-review/", "sales-center-review")
    upload(page, "big.csv", team_csv(model, rows), 10_000)
    milliseconds = int(page.get_attribute("[data-calculator]", "data-team-ms"))
    print(f"team mode: 10000 rows in {milliseconds} ms ({10_000_000 / max(milliseconds, 1):.0f} rows/s)")
    assert milliseconds < 20_000
    page.wait_for_selector("[data-calculator][data-team-painted='500']")  # the table is drawn 20 rows a frame
    assert page.locator("[data-team-table] tbody tr").count() == 500
    assert not tour.errors


# ---------------------------------------------------------------- privacy and hostile links


def test_every_request_stays_local_and_carries_no_input(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    requests: list[Any] = []
    page.on("request", lambda request: requests.append(request))
    try:
        page.goto(f"{site_url}/calculator/cs-staff-rating/")
        wait_ready(page, "cs-staff-rating")
        print(f"Pyodide ready after {page.get_attribute('[data-calculator]', 'data-load-ms')} ms")
        values = {"knowledge_skills": "87.25", "communication": "91.75", "teamwork": "66.5", "efficiency": "73.25"}
        page.focus("#calc-knowledge_skills")
        for key, value in [*values.items(), ("satisfaction", "58.75")]:
            assert page.evaluate("document.activeElement.id") == f"calc-{key}"
            page.keyboard.type(value)
            page.keyboard.press("Tab")
            while page.evaluate("document.activeElement.tagName") not in ("INPUT", "SELECT", "BUTTON"):
                page.keyboard.press("Tab")
        inputs = {key: float(value) for key, value in values.items()} | {"satisfaction": 58.75}
        result = graded(page, inputs)
        assert result["outcome"]["id"] == engine("cs-staff-rating", inputs)["outcome"]["id"]
        print(f"result latency {page.get_attribute('#result', 'data-ms')} ms")
        team = "姓名,沟通能力,专业知识与技能,团队合作,工作效率,客户满意度\n保密员工甲,93.125,81.5,77.5,66.25,99.5\n"
        upload(page, "private.csv", team.encode(), 1)
        assert page.evaluate("document.querySelector('.calc-form').scrollWidth <= document.documentElement.clientWidth")
    finally:
        context.close()
    secrets = ["87.25", "91.75", "58.75", "93.125", "保密员工甲", quote("保密员工甲"), "knowledge_skills"]
    secrets.append(quote(json.dumps(inputs)))
    for request in requests:
        assert urlparse(request.url).hostname == "127.0.0.1", request.url
        assert request.method == "GET", request.url
        assert not request.post_data
        for secret in secrets:
            assert secret not in request.url, request.url
    assert any(request.url.endswith("pyodide.asm.wasm") for request in requests)


def test_a_calculator_page_downloads_each_file_once(browser: Any, site_url: str) -> None:
    """The <head> starts the runtime while the page parses; nothing it or the page loads is fetched twice."""
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(f"{site_url}/calculator/sales-center-review/")
        wait_ready(page, "sales-center-review")
        page.wait_for_load_state("load")
        started_in_head = page.evaluate(
            """() => !!document.head.querySelector("script[type=module][src$='calculator-boot.js']")
                && JSON.parse(document.getElementById("__calculator_boot").textContent)
                    .runtime.endsWith("runtime.js")"""
        )
        # The start is requested first: the boot script, then the runtime it imports, then the rest.
        head = page.evaluate(
            """() => [...document.head.querySelectorAll("script[src], link[rel=modulepreload], link[rel=stylesheet]")]
                .map((node) => (node.src || node.href).split("/").pop())"""
        )
    finally:
        context.close()
    assert started_in_head
    assert head[:2] == ["calculator-boot.js", "runtime.js"], head
    assert len([name for name in head if name.endswith(".js")]) > 5, head
    twice = sorted({url for url in requests if requests.count(url) > 1})
    assert not twice, twice
    assert any(url.endswith(".whl") for url in requests) and any("rules.json" in url for url in requests)


def test_hostile_fragments_execute_nothing_and_show_as_text(browser: Any, site_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []

    def dismissed(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismissed)
    try:
        page.goto(f'{site_url}/calculator/cs-staff-rating/#<img src=x onerror="window.__pwned=1;alert(1)">')
        wait_ready(page, "cs-staff-rating")
        notice = page.inner_text("[data-notice]")
        assert '<img src=x onerror="window.__pwned=1;alert(1)">' in notice
        hostile = {
            "knowledge_skills": "<img src=x onerror=window.__pwned=2>",
            "communication": "<script>window.__pwned=3</script>",
            "teamwork": 80,
            "<svg onload=window.__pwned=4>": 1,
        }
        # Opened as a new page: set on the same page, Material's instant navigation sometimes renders the
        # page again after the hashchange (about one run in three), and the notice of the ignored key goes.
        assert page.evaluate("window.__pwned") is None
        page.close()
        page = context.new_page()
        page.on("dialog", dismissed)
        page.goto(share_link(site_url, "cs-staff-rating", hostile))
        wait_ready(page, "cs-staff-rating")
        page.wait_for_function("document.querySelector('#result').textContent.includes('应为数字')", timeout=READY)
        result = page.inner_text("#result")
        assert "专业知识与技能应为数字，实际为 '<img src=x onerror=window.__pwned=2>'" in result
        assert "<script>window.__pwned=3</script>" in result
        assert "<svg onload=window.__pwned=4>" in page.inner_text("[data-notice]")
        assert page.input_value("#calc-knowledge_skills") == hostile["knowledge_skills"]
        page.wait_for_timeout(300)
        assert page.evaluate("window.__pwned") is None
        assert page.locator(".calc img, .calc script:not([src]), [data-notice] svg, #result svg").count() == 0
        assert dialogs == []
    finally:
        context.close()


def test_a_wheel_that_fails_to_download_is_reported_not_ignored(browser: Any, site_url: str) -> None:
    """A wheel the server cannot deliver stops the start with a message naming it, not a half-working page."""
    context = browser.new_context()
    page = context.new_page()
    page.route("**/competency_teamfile-*.whl", lambda route: route.fulfill(status=404, body="missing"))
    try:
        page.goto(f"{site_url}/calculator/cs-staff-rating/")
        page.wait_for_selector("[data-status].calc-status--failed", timeout=READY)
        status = page.inner_text("[data-status]")
        assert "计算引擎加载失败" in status and "competency_teamfile-" in status and "HTTP 404" in status
        assert page.get_attribute("[data-calculator]", "data-ready") is None
        assert page.get_attribute("#result", "data-result") == ""
    finally:
        context.close()
