"""Text from the standards is shown as text: planted markup runs nothing and reads literally on every kind of page.

A copy of some committed standards gets the same payload in every free-text field the schema
allows (HTML tags and event handlers, attribute break-outs, attr_list's `{: …}`, `javascript:`
links, Jinja syntax, table pipes, an RTL override and zero-width characters). The copy is
committed twice in a scratch git repository (so the change log lists the payload too, with a
hostile commit subject and author), edited once more without committing (the log's pending
part), and built once for the module. Chromium then opens every kind of page: no script runs,
no planted attribute or element is in the DOM, and the planted text reads as written.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml

from devtools import ROOT
from devtools.cli import competency_process
from devtools.server import serve
from tests.browser.helpers import search
from tests.generator.handbook.test_escaping import PAYLOAD, RLO, elements, shown

pytestmark = pytest.mark.browser

SITE_NAME = "任职资格手册"
# Scoring, review and eligibility models, processes, parameters and sections.
FILES = (
    "cs-staff-rating.yaml",
    "sales-center.yaml",
    "sales-titles.yaml",
    "cs-dept-grading.yaml",
    "cs-qualification.yaml",
)
# Keys whose string values are free text (the schema's text fields); `period` is text in processes only.
TEXT_KEYS = {
    "name", "title", "summary", "text", "label", "help", "body", "promotion", "demotion", "source",
    "deadline", "owner", "action", "module", "item", "certification", "group", "note", "unit", "question",
}  # fmt: skip
LIST_KEYS = {"interpretation", "aliases"}  # a string or a list of strings
SUBJECT = "S<script>alert('subject')</script> {{ 7*7 }} [x](javascript:__pwn('subject')) {: onmouseover=__pwn('s') }"
AUTHOR = "HR & {{ 7*7 }} [x](javascript:__pwn('author')) {: onmouseover=__pwn('author') }"

# The page script: every attribute and element a payload could have planted.
PLANTED = """() => {
  const found = [];
  const urls = ["href", "src", "action", "formaction", "xlink:href", "srcdoc", "data"];
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      const value = a.value.replace(/[\\s\\u0000-\\u001f\\u200b-\\u200f\\u2060\\ufeff]/g, "").toLowerCase();
      if (a.name.toLowerCase().startsWith("on")) found.push(`${el.tagName} ${a.name}=${a.value}`);
      if (urls.includes(a.name.toLowerCase()) && /^(javascript|vbscript):/.test(value))
        found.push(`${el.tagName} ${a.name}=${a.value}`);
    }
    if (el.tagName === "SCRIPT" && /__pwn|alert/.test(el.textContent)) found.push(`script ${el.textContent}`);
  }
  const made = {B: /^x$/, EM: /^(em|u)$/, CODE: /^c$/, LI: /^(li|ol)$/, H1: /^h$/, IMG: /./, A: /^(a|x|i)$/};
  for (const el of document.querySelectorAll("b, em, code, li, h1, img[src=x], a, .admonition.danger"))
    if (el.classList.contains("danger") || (made[el.tagName] && made[el.tagName].test(el.textContent.trim())))
      found.push(`${el.tagName} ${el.outerHTML.slice(0, 80)}`);
  return found;
}"""


def plant(node: Any) -> None:
    """Append the payload to every free-text field of a standard (ids, keys and option values stay)."""
    if isinstance(node, list):
        for item in node:
            plant(item)
        return
    if not isinstance(node, dict):
        return
    for key, value in list(node.items()):
        if isinstance(value, str) and (key in TEXT_KEYS or (key == "period" and "steps" in node)):
            node[key] = f"{value} {PAYLOAD}"
        elif key in LIST_KEYS or (
            key == "items" and isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            node[key] = [f"{v} {PAYLOAD}" for v in ([value] if isinstance(value, str) else value)]
        elif key == "options" and node.get("type") == "choice":
            node[key] = [
                {"value": o, "label": f"{o} {PAYLOAD}"}
                if isinstance(o, str)
                else {**o, "label": f"{o.get('label', o['value'])} {PAYLOAD}"}
                for o in value
            ]
        else:
            plant(value)


def _git(project: Path, *args: str, author: str = "HR") -> None:
    identity = ["-c", f"user.name={author}", "-c", "user.email=hr@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *identity, *args], cwd=project, check=True, capture_output=True)


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Any]]:
    """The project with planted standards (committed, plus a pending edit), built: (project, site, planted data)."""
    project = tmp_path_factory.mktemp("injected")
    hook = "generator/site/mkdocs_hook.py"
    (project / "mkdocs.yml").write_text(
        (ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace(hook, str(ROOT / hook))
    )
    shutil.copytree(ROOT / "site_overrides", project / "site_overrides")
    shutil.copytree(ROOT / "content", project / "content")
    standards = project / "standards"
    standards.mkdir()
    shutil.copy(ROOT / "standards" / "schema.json", standards)
    for name in FILES:
        shutil.copy(ROOT / "standards" / name, standards)
    _git(project, "init", "-q")
    _git(project, "add", "standards")
    _git(project, "commit", "-qm", "标准原文")
    planted: dict[str, Any] = {}
    for name in FILES:
        data = yaml.safe_load((ROOT / "standards" / name).read_text(encoding="utf-8"))
        plant(data)
        planted[name] = data
        (standards / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _git(project, "commit", "-qam", SUBJECT, author=AUTHOR)
    pending = yaml.safe_load((standards / FILES[0]).read_text(encoding="utf-8"))
    pending["series"][0]["levels"][0]["summary"] += " 待提交"
    (standards / FILES[0]).write_text(yaml.safe_dump(pending, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = project / "site"
    result = competency_process("build", "--standards", str(standards), "--site-dir", str(site), cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project, site, planted


@pytest.fixture(scope="module")
def injected_url(injected: tuple[Path, Path, dict[str, Any]]) -> Iterator[str]:
    """The planted site served over HTTP on 127.0.0.1."""
    with serve(injected[1]) as url:
        yield url


@pytest.fixture
def guarded(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    """A page whose payload calls are recorded (window.__pwned) and whose dialogs fail the test."""
    context = browser.new_context()
    context.add_init_script("window.__pwned = []; window.__pwn = (what) => window.__pwned.push(String(what));")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield page, dialogs
    context.close()


# The page's title and text, without the parts a page script fills in (`skip`).
TEXT = """(skip) => {
  const copy = document.body.cloneNode(true);
  if (skip) copy.querySelectorAll(skip).forEach((e) => e.remove());
  return document.title + copy.textContent;
}"""
# What the calculator's script writes from the engine's answer (text nodes, not markup).
SCRIPTED = "#result, [data-details], [data-chart], [data-print-meta], [data-notice], [data-team-table]"


def _check(page: Any, dialogs: list[str], where: str, scripted: str = "") -> None:
    """Nothing ran, nothing was planted, no RTL override is left in the title and the generated text."""
    page.wait_for_timeout(50)  # an onerror fires once the broken image has failed
    assert page.evaluate("window.__pwned") == [], where
    assert dialogs == [], where
    assert page.evaluate(PLANTED) == [], where
    assert RLO not in page.evaluate(TEXT, scripted), where


def _first(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The first series, its first level and the first model of a planted standard."""
    series = data["series"][0]
    return series, series["levels"][0], data["models"][0]


def test_built_files_carry_no_live_markup(injected: tuple[Path, Path, dict[str, Any]]) -> None:
    """No page, nav title or search entry of the planted site holds a planted tag, attribute or link."""
    project, site, _planted = injected
    for path in site.rglob("*.html"):
        parsed = elements(path.read_text(encoding="utf-8"))
        for tag, attrs in parsed.tags:
            names = {name for name, _v in attrs}
            assert not any(n.startswith("on") for n in names), (path, tag, attrs)
            assert not any(v and "javascript:" in v.lower() for _n, v in attrs if _n in ("href", "src")), (path, tag)
            assert not (tag == "img" and ("src", "x") in attrs), path
    # The search index (Pagefind's fragments, the name table) holds text; the search box shows it as text,
    # which test_no_payload_runs_on_any_kind_of_page checks in the browser.
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    nav = yaml.safe_load((project / "build" / "generated.yml").read_text(encoding="utf-8"))["nav"]

    def titles(entries: Any) -> Iterator[str]:
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict):
                for key, value in entry.items():
                    yield key
                    yield from titles(value)

    found = list(titles(nav))
    assert any("S&lt;b&gt;x&lt;/b&gt;" in t for t in found), found[:5]
    for title in found:
        assert elements(title).tags == [], title


# ---------------------------------------------------------------- in the browser


def _pages(planted: dict[str, Any]) -> list[str]:
    """Home, every series with its first and last level, matrix and print, the change log and the calculators."""
    paths = ["", "changes/", "calculator/"]
    for data in planted.values():
        for series in data["series"]:
            base = f"series/{series['id']}/"
            levels = series["levels"]
            paths += [base, f"{base}levels/{levels[0]['id']}/", f"{base}levels/{levels[-1]['id']}/"]
            paths += [f"{base}matrix/", f"{base}print/"]
    return paths


def test_no_payload_runs_on_any_kind_of_page(
    guarded: tuple[Any, list[str]], injected: tuple[Path, Path, dict[str, Any]], injected_url: str
) -> None:
    """Home, series, level, matrix, print, change log and calculator index: nothing runs, nothing is planted."""
    page, dialogs = guarded
    for path in _pages(injected[2]):
        response = page.goto(f"{injected_url}/{path}")
        assert response.status == 200, path
        _check(page, dialogs, path)
    page.goto(f"{injected_url}/")
    page.locator(".md-tabs__link").nth(1).click()  # instant navigation swaps the page in by script
    page.wait_for_load_state("networkidle")
    _check(page, dialogs, "instant navigation")
    search(page, injected_url, "danger")  # the search results are rendered from the index
    assert page.locator(".md-search-result__item").count() > 0
    _check(page, dialogs, "search results")


def test_calculator_pages_run_no_payload_and_show_labels_as_text(
    guarded: tuple[Any, list[str]], injected: tuple[Path, Path, dict[str, Any]], injected_url: str
) -> None:
    """Each calculator, graded with its first worked example: form, result and details hold no planted markup."""
    page, dialogs = guarded
    for data in injected[2].values():
        for model in data.get("models", []):
            inputs = model["examples"][0]["inputs"] if model.get("examples") else {}
            fragment = quote(json.dumps(inputs, ensure_ascii=False), safe="!'()*")
            page.goto(f"{injected_url}/calculator/{model['id']}/#{fragment}")
            page.wait_for_selector(f"[data-calculator][data-model='{model['id']}'][data-ready]", timeout=120_000)
            page.wait_for_function("document.querySelector('#result').dataset.state !== 'loading'")
            where = f"calculator {model['id']}"
            _check(page, dialogs, where, SCRIPTED)
            assert page.locator("article h1").first.inner_text().removesuffix("¶").strip() == shown(model["title"]), (
                where
            )
            assert page.title() == f"{shown(model['title'] + '（计算器）')} - {SITE_NAME}", where
            first = model["inputs"][0]
            assert (
                shown(first["label"]) in page.locator(f"[data-input='{first['key']}'] .calc-label").first.inner_text()
            )


def test_planted_text_reads_as_written(
    guarded: tuple[Any, list[str]], injected: tuple[Path, Path, dict[str, Any]], injected_url: str
) -> None:
    """Headings, title, navigation, tables, caption and change log show the payload's characters, not its effects."""
    page, dialogs = guarded
    data = injected[2][FILES[1]]  # a review model: levels are named in its rules
    series, level, _model = _first(data)
    page.set_viewport_size({"width": 1400, "height": 900})

    page.goto(f"{injected_url}/series/{series['id']}/levels/{level['id']}/")
    assert page.locator("article h1").first.inner_text().removesuffix("¶").strip() == shown(level["name"])
    assert page.title() == f"{shown(level['name'])} - {SITE_NAME}"
    assert page.locator(".md-header__topic .md-ellipsis").nth(1).inner_text().strip() == shown(level["name"])
    active = page.locator(".md-sidebar--primary .md-nav__link--active").first.inner_text().strip()
    assert active == shown(level["name"])
    tab = page.locator(".md-tabs__item--active").inner_text().strip()
    assert tab == shown(data["standard"]["family"])
    assert "<b>x</b>" in active and "{{ 7*7 }}" in active and "A&B &lt;" in active and "*em*" in active
    _check(page, dialogs, "level page")

    page.goto(f"{injected_url}/series/{series['id']}/")
    assert page.locator("article h1").first.inner_text().removesuffix("¶").strip() == shown(series["name"])
    table = page.locator("#levels ~ .md-typeset__scrollwrap table").first
    names = table.locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert names == [shown(lv["name"]) for lv in series["levels"]]
    caption = page.locator(".ladder-figure figcaption").inner_text()
    assert caption == "由低到高：" + " → ".join(shown(lv["name"]) for lv in series["levels"])
    rungs = page.locator(".ladder .ladder-name").all_text_contents()
    assert sorted(rungs) == sorted(shown(lv["name"]) for lv in series["levels"])
    headings = [h.removesuffix("¶").strip() for h in page.locator("article h3").all_inner_texts()]
    for thing in [*data["models"], *data["processes"]]:
        assert shown(thing["title"]) in headings, (thing["title"], headings)

    page.goto(f"{injected_url}/series/{series['id']}/matrix/")
    header = page.locator(".matrix table thead th").all_inner_texts()
    assert header[1:] == [shown(lv["name"]) for lv in series["levels"]]

    page.goto(f"{injected_url}/")
    link = page.locator("article a", has_text="S<b>x</b>").first.inner_text()
    assert link in {shown(d["series"][0]["name"]) for d in injected[2].values()}

    page.goto(f"{injected_url}/changes/")
    headings = [h.removesuffix("¶").strip() for h in page.locator("article h2").all_inner_texts()]
    assert not any(shown(SUBJECT) in h for h in headings), headings  # a subject is never a heading
    notes = page.locator("article .changelog-commit").all_inner_texts()
    assert any(n.startswith("提交说明：" + shown(SUBJECT)) for n in notes), notes
    assert shown(AUTHOR) in page.locator("article").inner_text()
    assert "尚未提交的修改" in headings
    _check(page, dialogs, "change log")
