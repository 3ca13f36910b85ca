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


def shared(example: Any) -> dict[str, Any]:
    """What the page grades and shares for a worked example: its inputs, and its trial values as typed (text)."""
    if not example.params:
        return dict(example.inputs)
    return {**example.inputs, PARAMS: {key: str(value) for key, value in example.params.items()}}


def same_result(page_result: dict[str, Any], model_id: str, inputs: dict[str, Any]) -> None:
    """The page's result is the CPython engine's, field for field (trial values included)."""
    values = {k: v for k, v in inputs.items() if k != PARAMS}
    expected = engine(model_id, values, inputs.get(PARAMS))
    assert "errors" not in page_result, page_result
    for key in ("outcome", "score", "breakdown", "rule", "next", "notes"):
        assert page_result[key] == expected[key], (model_id, inputs, key)
    assert page_result == expected


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
    for position, model_id in enumerate(ids):
        _series, model = models()[model_id]
        first = shared(model.examples[0])
        if position == 0:
            page.goto(share_link(instant_url, model_id, first))
            wait_ready(page, model_id)
        else:
            navigate(page, share_link(instant_url, model_id, first), model_id)
        same_result(graded(page, first), model_id, first)
        links = []
        for example in model.examples:
            payload = shared(example)
            type_inputs(page, model_id, payload)
            result = graded(page, payload)
            same_result(result, model_id, payload)
            if example.reading:  # the headline is the adopted reading's; this reading's verdict is listed
                option = next(o for q in result["readings"] for o in q["options"] if o["id"] == example.reading)
                assert (option["outcome"] or {}).get("id") == example.outcome, (model_id, example)
            else:
                assert (result["outcome"] or {}).get("id") == example.outcome, (model_id, example)
            href = page.evaluate("location.href")
            assert "?" not in href and href.split("#", 1)[0].endswith(f"/calculator/{model_id}/")
            links.append((href, payload))
        clear(page)
        for href, inputs in links:
            page.evaluate("(href) => { location.hash = new URL(href).hash; }", href)
            same_result(graded(page, inputs), model_id, inputs)
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
            assert out[column["结果代码"]] == (outcome["id"] if outcome else ""), (index, inputs)
            score = out[column["得分"]]
            assert (float(score) if score else None) == result["score"], (index, inputs)
            if "结果职级" in column:
                assert out[column["结果职级"]] == series.level(outcome["level"]).name
            assert out[column["错误"]] == ""
        else:
            assert code == 2
            messages = [line.removeprefix("error: ").split(": ", 1)[1] for line in text.strip().splitlines()]
            assert out[column["错误"]] == "；".join(messages), (index, inputs)
            assert out[column["结果代码"]] == ""
    bad_rows = page.locator("tr.calc-team__bad").count()
    assert bad_rows == sum(1 for row in body if row[column["错误"]])
    assert page.locator("td.calc-cell--error .calc-cell__error").count() >= bad_rows


def test_ten_thousand_rows_grade_in_seconds(tour: SimpleNamespace, instant_url: str) -> None:
    page = tour.page
    _series, model = models()["sales-center-review"]
    rows = team_rows("sales-center-review", 10_000, seed=3)
    navigate(page, f"{instant_url}/calculator/sales-center-review/", "sales-center-review")
    upload(page, "big.csv", team_csv(model, rows), 10_000)
    milliseconds = int(page.get_attribute("[data-calculator]", "data-team-ms"))
    print(f"team mode: 10000 rows in {milliseconds} ms ({10_000_000 / max(milliseconds, 1):.0f} rows/s)")
    assert milliseconds < 20_000
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
    finally:
        context.close()
    assert started_in_head
    twice = sorted({url for url in requests if requests.count(url) > 1})
    assert not twice, twice
    assert any(url.endswith(".whl") for url in requests) and any("rules.json" in url for url in requests)


def test_hostile_fragments_execute_nothing_and_show_as_text(browser: Any, site_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
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
        page.evaluate("(h) => { location.hash = '#' + encodeURIComponent(JSON.stringify(h)); }", hostile)
        page.wait_for_selector("#result[data-state=invalid]")
        page.wait_for_function("document.querySelector('[data-notice]').textContent.includes('svg')")
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
