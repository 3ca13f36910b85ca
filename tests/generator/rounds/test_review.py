"""The 自评与评审 pages' data: each level's requirements in the source's wording, methods, checkers."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from functools import cache

from calculator.model import Requirement
from generator.handbook.model import Entry, Handbook, assemble
from generator.handbook.render import environment
from generator.handbook.requirements import requirement_words
from generator.rounds import FORMAT_VERSION, TEMPLATES, review_page, write_review_pages
from tests.helpers import standards


@cache
def assembled() -> Handbook:
    return assemble(standards())


def entry(series_id: str) -> tuple[Handbook, Entry]:
    handbook = assembled()
    return handbook, next(e for e in handbook.entries if e.series.id == series_id)


def test_each_level_lists_its_requirements_in_the_source_wording() -> None:
    handbook, found = entry("sales-titles")
    page = review_page(handbook, found)
    assert page is not None and page.path == "series/sales-titles/review.md"
    data = page.data
    assert data["format_version"] == FORMAT_VERSION == 1
    assert data["standard"]["id"] == "sales-titles" and data["standard"]["title"] == "销售人员任职资格"
    assert data["standard"]["version"]["commit"] == handbook.version.commit
    for level, compiled in zip(data["levels"], found.series.levels, strict=True):
        assert level["id"] == compiled.id
        assert [r["text"] for r in level["requirements"]] == [requirement_words(r) for r in compiled.requirements]
        assert [r["key"] for r in level["requirements"]] == [f"r{n}" for n in range(1, len(compiled.requirements) + 1)]


def test_a_requirement_a_model_checks_names_its_calculator_and_others_do_not() -> None:
    handbook, found = entry("sales-titles")
    page = review_page(handbook, found)
    assert page is not None
    seller_2 = next(lv for lv in page.data["levels"] if lv["id"] == "seller-2")
    education, *others = seller_2["requirements"]
    assert education["checker"]["href"] == "../../../calculator/sales-title-eligibility/"
    assert all("checker" not in r for r in others)


def test_the_certification_method_is_carried_where_the_standard_gives_one() -> None:
    handbook, found = entry("cs-qualification")
    page = review_page(handbook, found)
    assert page is not None
    methods = [r["method"] for lv in page.data["levels"] for r in lv["requirements"] if "method" in r]
    stated = [r.certification for lv in found.series.levels for r in lv.requirements if r.certification]
    assert methods == stated and methods


def test_a_series_without_requirements_has_no_page() -> None:
    handbook, found = entry("sales-center")
    assert review_page(handbook, found) is None


def test_the_page_carries_its_data_escaped_and_an_anchor_per_level() -> None:
    handbook, found = entry("sales-titles")
    level = found.series.levels[0]
    hostile = Requirement(kind="text", text="</script><script>alert(1)</script>")
    series = replace(found.series, levels=(replace(level, requirements=(hostile,)), *found.series.levels[1:]))
    odd = replace(handbook, entries=(replace(found, series=series),))
    pages, nav = write_review_pages(odd, environment(TEMPLATES))
    (text,) = pages.values()
    assert nav == [{found.title: "series/sales-titles/review.md"}]
    assert "</script><script>" not in text
    raw = re.search(r"<script type=\"application/json\" data-review-data>(.*?)</script>", text, re.DOTALL)
    assert raw is not None
    data = json.loads(raw.group(1))
    assert data["levels"][0]["requirements"][0]["text"] == hostile.text
    for lv in series.levels:
        assert f'id="level-{lv.id}"' in text


def test_a_level_with_checkable_requirements_asks_their_inputs_and_marks_them() -> None:
    handbook, found = entry("sales-titles")
    page = review_page(handbook, found)
    assert page is not None
    seller_2 = next(lv for lv in page.data["levels"] if lv["id"] == "seller-2")
    assert [r.get("checked", False) for r in seller_2["requirements"]] == [True, False, False, False]
    checks = seller_2["checks"]
    assert checks["model"] == "sales-title-eligibility"
    assert checks["calculator"]["href"] == "../../../calculator/sales-title-eligibility/"
    fields = {f["key"]: f for f in checks["inputs"]}
    assert list(fields) == ["education", "major_related", "years_since_graduation"]  # the model's order
    assert fields["education"]["options"] == [
        ["高中及以下", "高中及以下"],
        ["大专", "大专"],
        ["本科", "本科"],
        ["硕士及以上", "硕士及以上"],
    ]
    assert fields["major_related"]["type"] == "boolean" and "options" not in fields["major_related"]
    assert fields["years_since_graduation"]["range"]


def test_the_engine_starts_only_on_pages_that_grade_and_from_the_calculators_files() -> None:
    handbook = assembled()
    settings = {"runtime": "x", "settings": {}}
    asked: list[str] = []

    def engine(base: str) -> dict[str, object]:
        asked.append(base)
        return settings

    pages, _nav = write_review_pages(handbook, environment(TEMPLATES), engine)
    graded = set()
    for path, text in pages.items():
        raw = re.search(r"data-review-data>(.*?)</script>", text, re.DOTALL)
        assert raw is not None
        data = json.loads(raw.group(1))
        if any("checks" in level for level in data["levels"]):
            assert data["engine"] == settings
            graded.add(path)
        else:
            assert "engine" not in data
    assert {"series/sales-titles/review.md", "series/cs-dept/review.md"} <= graded
    assert "series/cs-qualification/review.md" in pages and "series/cs-qualification/review.md" not in graded
    assert set(asked) == {"../../../"}
