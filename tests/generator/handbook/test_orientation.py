"""Orientation: every standard says whom it applies to in the source's words; pages list it by department and role.

The data (`applies_to:`) is checked against the source text; the pages (the home catalogue, each
family's landing page, 找到我的职级) are rendered from the committed standards without MkDocs.
"""

from __future__ import annotations

import json
import re
import shutil
from functools import cache
from pathlib import Path

import pytest
import yaml

from generator.handbook import orientation
from generator.handbook.model import AppliesTo, Handbook, Role, assemble, shared
from generator.handbook.paths import FINDER, HOME, family_path, level_path, series_path
from generator.handbook.render import Renderer, environment
from generator.handbook.sources import Source, normal
from generator.site.nav import navigation
from generator.validation import validate
from tests.helpers import ROOT, standards

SOURCE = Source(ROOT / "sources")
SOURCE_TEXT = normal("".join(line.text for line in SOURCE.lines))
NAMED_BY_HANDBOOK = "原文未给出名称"  # a role the source describes but does not name says so in its name
# What a reader must never see on these pages: ids, YAML keys, English developer words.
LEAKS = re.compile(r"applies_to|\bseries\b|\blevels?\b|\bscope\b|\bNone\b|\bTrue\b|\bFalse\b|[a-z]+-[a-z]+-?[a-z]*")


@cache
def handbook() -> Handbook:
    """The committed standards arranged as the handbook."""
    return assemble(standards())


@cache
def pages() -> tuple[dict[str, str], str]:
    """The orientation pages ({docs path: Markdown}) and the home page's catalogue, rendered once."""
    renderer = Renderer(environment(), handbook(), set())
    catalogue = renderer.catalogue()
    return renderer.pages, catalogue


def raw_standards() -> dict[str, dict[str, object]]:
    """Each committed standard's YAML by file stem."""
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "standards").glob("*.yaml"))}


def body(markdown: str) -> str:
    """A page's Markdown without its front matter, link targets and heading ids (what a reader reads)."""
    text = markdown.split("---\n", 2)[-1] if markdown.startswith("---\n") else markdown
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return re.sub(r"\{: #[^}]*\}", "", text)


# ---------------------------------------------------------------- the data


def test_every_standard_says_whom_it_applies_to() -> None:
    """Each standard has an `applies_to:` block, carried as typed objects on `About`."""
    data = raw_standards()
    for entry in handbook().entries:
        applies = entry.standard.applies_to
        assert isinstance(applies, AppliesTo)
        assert all(isinstance(role, Role) for role in applies.roles)
        assert "applies_to" in data[Path(entry.file).stem]["standard"], entry.file  # type: ignore[operator]


def test_what_is_stated_is_quoted_and_the_quotes_are_the_source_s_words() -> None:
    """Department, roles, scope and purpose come with quotes, and every quote is a passage of the source."""
    for about, _entries in handbook().standards():
        applies = about.applies_to
        if applies.department or applies.roles or applies.scope or applies.purpose:
            assert applies.quotes, about.id
        for quote in applies.quotes:
            assert normal(quote) in SOURCE_TEXT, (about.id, quote)


def test_department_roles_scope_and_purpose_keep_the_source_s_wording() -> None:
    """Each stated department, role, scope and purpose occurs in the source as written (punctuation aside)."""
    for about, _entries in handbook().standards():
        applies = about.applies_to
        words = [applies.department, applies.scope, applies.purpose]
        words += [r.name for r in applies.roles if NAMED_BY_HANDBOOK not in r.name]
        for text in filter(None, words):
            assert normal(text) in SOURCE_TEXT, (about.id, text)


def test_the_committed_standards_state_these_departments() -> None:
    """客服部 and 销售中心（区域） are the only departments the source names; the others say so."""
    named = {about.id: about.applies_to.department for about, _e in handbook().standards()}
    assert {k: v for k, v in named.items() if v} == {
        "cs-dept-grading": "客服部",
        "cs-dept-roles": "客服部",
        "sales-center": "销售中心（区域）",
    }


def test_roles_name_series_and_levels_of_their_own_standard() -> None:
    """A role's series and levels are ids of its standard, so every named role lands on level pages."""
    for about, entries in handbook().standards():
        by_id = {e.series.id: e for e in entries}
        for role in about.applies_to.roles:
            chosen = [by_id[role.series]] if role.series else list(entries)
            assert chosen, (about.id, role)
            ids = {lv.id for e in chosen for lv in e.series.levels}
            assert set(role.levels) <= ids, (about.id, role)


def test_a_role_naming_an_unknown_series_or_level_is_refused_with_its_place() -> None:
    """A wrong id stops the generation with one located line, not a traceback deep in a template."""
    hb = handbook()
    about, entries = next((a, e) for a, e in hb.standards() if a.id == "cs-dept-roles")
    wrong = AppliesTo(roles=(Role("客户代表", "cs-repz"),), quotes=("x",))
    broken = type(about)(**{**about.__dict__, "applies_to": wrong})
    with pytest.raises(orientation.OrientationError, match=r"standard\.applies_to\.roles（客户代表）.*cs-repz"):
        orientation.card(broken, entries, HOME, set(), hb.labels)
    wrong = AppliesTo(roles=(Role("客户代表", "cs-reps", ("nobody",)),), quotes=("x",))
    broken = type(about)(**{**about.__dict__, "applies_to": wrong})
    with pytest.raises(orientation.OrientationError, match="没有职级 'nobody'"):
        orientation.card(broken, entries, HOME, set(), hb.labels)


def _workspace(tmp_path: Path, applies: object) -> Path:
    """A standards folder holding the schema and one committed standard with `applies` as its block."""
    folder = tmp_path / "standards"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "standards" / "schema.json", folder)
    data = yaml.safe_load((ROOT / "standards" / "sales-titles.yaml").read_text(encoding="utf-8"))
    data["standard"]["applies_to"] = applies
    (folder / "sales-titles.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def test_validation_accepts_the_block_and_asks_for_the_source_s_words(tmp_path: Path) -> None:
    """The schema takes roles as names or as {name, series, levels}; a stated field without `source` is an error."""
    good = {"roles": ["销售人员", {"name": "销售员", "series": "sales-titles", "levels": ["seller-1"]}], "source": "x"}
    assert not validate(_workspace(tmp_path / "good", good), strict=True).issues
    bare = validate(_workspace(tmp_path / "bare", {"department": "销售部"}), strict=True)
    assert [i.path for i in bare.errors] == [("standard", "applies_to")]
    typo = validate(_workspace(tmp_path / "typo", {"scope": "x", "source": "x", "rolls": ["x"]}), strict=True)
    assert [i.path for i in typo.errors] == [("standard", "applies_to", "rolls")]
    assert "'roles'" in str(typo.errors[0])  # the key meant, whatever language the message is in


def test_the_schema_describes_the_block_in_chinese_and_keeps_its_format() -> None:
    """Every property of `applies_to` has a Chinese description; the file is written as json.dumps(indent=1)."""
    text = (ROOT / "standards" / "schema.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    assert text == json.dumps(schema, indent=1, ensure_ascii=False) + "\n"
    block = schema["$defs"]["applies_to"]
    assert re.search(r"[\u4e00-\u9fff]", block["description"])
    for spec in block["properties"].values():
        spec = schema["$defs"][spec["$ref"].rsplit("/", 1)[1]] if "$ref" in spec else spec  # interpretation: notes
        assert re.search(r"[\u4e00-\u9fff]", spec["description"]), spec
    assert schema["$defs"]["standard"]["properties"]["applies_to"] == {"$ref": "#/$defs/applies_to"}


# ---------------------------------------------------------------- names told apart


def test_series_sharing_a_name_carry_their_standard_s_title() -> None:
    """The three 客服岗位级别（…） series name their standards; series titles are unique; others keep their names."""
    entries = handbook().entries
    named = [e for e in entries if shared(e.series.name) == "客服岗位级别"]
    assert len(named) == 3
    for e in named:
        assert e.title == f"{e.series.name} · 《{e.standard.title}》"
    assert len({e.title for e in entries}) == len(entries)
    assert all(e.title == e.series.name for e in entries if e not in named)


def test_level_titles_are_unique_across_the_handbook() -> None:
    """Levels named alike in other series (初级, 高级客服, 客服经理) carry a qualifier; titles are unique."""
    hb = handbook()
    titles = []
    for e in hb.entries:
        for level in e.series.levels:
            qualifier = hb.level_qualifier(e, level)
            titles.append(f"{level.name} · {qualifier}" if qualifier else level.name)
    assert len(set(titles)) == len(titles), sorted(t for t in titles if titles.count(t) > 1)
    assert "高级客服 · 《客服岗位定级制度模板范本》" in titles
    assert "初级 · 《岗位任职资格培训（2010年8月）》" in titles


def test_series_and_level_pages_say_it_in_their_title_and_heading() -> None:
    """The front-matter title (tab, search) and the H1 of a shared-name series and level name the standard."""
    renderer = Renderer(environment(), handbook(), set())
    entry = next(e for e in handbook().entries if e.series.id == "cs-grading-template")
    renderer.series(entry)
    page = renderer.pages[series_path(entry.series)]
    assert f"title: {entry.series.name} · 《客服岗位定级制度模板范本》\n" in page
    assert f"# {entry.series.name} <small>· 《客服岗位定级制度模板范本》</small>\n" in page
    level = entry.series.level("cs-template-senior")
    page = renderer.pages[level_path(entry.series, level)]
    assert "title: 高级客服 · 《客服岗位定级制度模板范本》\n" in page
    assert "# 高级客服 <small>· 《客服岗位定级制度模板范本》</small>\n" in page


# ---------------------------------------------------------------- the pages


def test_each_family_has_a_landing_page_listing_its_standards_by_department() -> None:
    """families/<family>/index.md lists each standard under its department, with department, roles and scope."""
    written, _catalogue = pages()
    for family, entries in handbook().families:
        page = written[family_path(family)]
        assert f"# {family}类标准\n" in page
        for about, _those in handbook().standards(entries):
            applies = about.applies_to
            assert f"### 《{about.title}》" in page
            heading = f"## {applies.department}" if applies.department else "## 原文未说明部门"
            assert heading in page, (family, about.id)
            assert f"- **适用部门**：{applies.department or '原文未说明'}\n" in page
            assert f"- **适用岗位**：{'、'.join(r.name for r in applies.roles) or '原文未列出'}\n" in page
            assert f"- **适用范围**：{applies.scope or '原文未说明'}\n" in page
        for e in entries:
            assert f"]({'../../' + series_path(e.series)})" in page


def test_the_landing_pages_list_each_department_s_roles_with_their_series() -> None:
    """Under each department, every role the standards name (or 原文未列出岗位名称) with the series that hold it."""
    written, _catalogue = pages()
    for family, entries in handbook().families:
        page = written[family_path(family)]
        for about, those in handbook().standards(entries):
            names = [r.name for r in about.applies_to.roles] or [orientation.NO_ROLES]
            for name in names:
                assert f"- **{name}**：" in page, (family, name)
            for e in those:
                assert f"《{about.title}》的[{e.series.name}](../../{series_path(e.series)})" in page
    cs = written[family_path("客服")]
    held = "- **审核助理**：《客服部岗位级别说明》的[客服部审核员](../../series/cs-auditors/index.md)（[审核助理]("
    assert held in cs


def test_the_landing_pages_say_how_the_standards_relate() -> None:
    """Same department, same source title, shared roles and level names are spelled out on the landing pages."""
    written, _catalogue = pages()
    cs = written[family_path("客服")]
    assert "以下 2 份标准都写明适用于客服部，原文没有说明它们之间的关系。" in cs
    assert "源文件中同题（都题为“客服岗位定级方案”）的另一份文件" in cs
    assert "都适用于岗位“客服经理”，原文没有说明两者的关系" in cs
    general = written[family_path("综合")]
    assert "职级名称相同（初级、中级、高级、专家级）" in general
    assert "源文件把这些文件收在一起，没有说明它们之间的先后，也没有说明哪一份优先。" in cs


def test_the_home_catalogue_lists_every_standard_by_department_with_its_scope() -> None:
    """The home page's catalogue: per family a link to its landing page, per department each standard and scope."""
    _written, catalogue = pages()
    for family, entries in handbook().families:
        assert f"[{family}类标准一览]({family_path(family)})" in catalogue
        for about, _those in handbook().standards(entries):
            scope = about.applies_to.scope or "原文未说明"
            assert f"- **《{about.title}》**：岗位：" in catalogue
            assert f"适用范围：{scope}" in catalogue
        for e in entries:
            assert f"[{e.series.name}]({series_path(e.series)})" in catalogue
    assert catalogue.index("### 客服部") < catalogue.index("《客服部岗位级别说明》")


def test_the_finder_reaches_every_level_through_a_department_and_a_role() -> None:
    """找到我的职级 nests department → role → level links, and every level page is one of them."""
    written, _catalogue = pages()
    finder = written[FINDER]
    assert finder.count('??? abstract "') >= len(handbook().families)
    linked = set(re.findall(r"\]\((series/[^)]+\.md)\)", finder))
    every = {level_path(e.series, lv) for e in handbook().entries for lv in e.series.levels}
    assert every <= linked, sorted(every - linked)
    departments = re.findall(r'^\?\?\? abstract "(.+)"$', finder, re.MULTILINE)
    assert departments[:2] == ["销售中心（区域）", "销售类标准（原文未说明部门）"]
    assert "客服部" in departments
    roles = re.findall(r'^    \?\?\? abstract "(.+)"$', finder, re.MULTILINE)
    assert {"审核助理", "客服经理", "客户代表", "原文未列出岗位名称"} <= set(roles)


def test_the_finder_says_when_a_role_is_in_several_standards() -> None:
    """A role named by two standards lists both and says that the source does not rank them."""
    finder = pages()[0][FINDER]
    assert "以下 2 份标准都写明适用于“客服人员”，原文没有说明哪一份优先。" in finder


def test_the_orientation_pages_read_chinese_only() -> None:
    """No ids, keys or English words reach a reader on the landing pages, the finder or the catalogue."""
    written, catalogue = pages()
    texts = {path: body(text) for path, text in written.items()} | {"catalogue": body(catalogue)}
    for path, text in texts.items():
        shown = re.sub(r"<small>|</small>|\?\?\? (abstract|quote|note)", "", text)
        assert not LEAKS.search(shown), (path, LEAKS.search(shown))


def test_navigation_opens_each_family_on_its_landing_page_and_offers_the_finder() -> None:
    """找到我的职级 comes right after 首页; each family's section starts with its landing page."""
    hb = handbook()
    renderer = Renderer(environment(), hb, set())
    sections = [renderer.series(e) for e in hb.entries]
    nav = navigation(hb, sections, [], [])
    assert nav[:2] == [{"首页": HOME}, {orientation.FINDER_TITLE: FINDER}]
    families = [item for item in nav if isinstance(item, dict) and next(iter(item)) in dict(hb.families)]
    assert [next(iter(f)) for f in families] == [family for family, _e in hb.families]
    for item in families:
        ((family, children),) = item.items()
        assert children[0] == family_path(family)
        assert [next(iter(c)) for c in children[1:]] == [e.title for e in dict(hb.families)[family]]
