"""The search index: the exact-name table (its keys, files and the browser's twin of its hash) and Pagefind's run."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from devtools import ROOT
from generator.handbook.model import Handbook, assemble
from generator.site import search_index
from generator.site.search_index import Name, bucket, name_files, names, normal
from tests.helpers import standards

SCRIPT = ROOT / "site_overrides" / "assets" / "javascripts" / "search.js"


@cache
def handbook() -> Handbook:
    return assemble(standards())


def lookup(files: dict[str, bytes], text: str) -> list[dict[str, str]]:
    """What the browser does for a query: the one file its hash names, then the key."""
    meta = json.loads(files["names/meta.json"])
    key = normal(text)
    table = json.loads(files[f"names/{meta['prefix']}{bucket(key, meta['files'])}.json"])
    return list(table.get(key, []))


def test_a_name_is_read_up_to_width_case_spaces_and_punctuation() -> None:
    assert normal("客服岗位级别(C级—A级)") == normal("客服岗位级别（C级 — A级）") == "客服岗位级别c级a级"
    assert normal(" s3 ") == normal("Ｓ３") == "s3"
    assert normal("《销售人员任职资格》") == "销售人员任职资格"
    assert normal("助理三级") != normal("助理二级")


def test_the_browser_reads_and_hashes_names_as_the_build_does(tmp_path: Path) -> None:
    """search.js's `normal` and `bucket` give what search_index's do, for every name and typed variants."""
    node = shutil.which("node")
    assert node, "Node.js is needed (make test installs it with the npm packages)"
    module = tmp_path / "search.mjs"
    module.write_text(SCRIPT.read_text(encoding="utf-8"), encoding="utf-8")
    texts = sorted({n.text for n in names(handbook())}) + ["客服岗位级别(C级—A级)", " S11 ", "Ｐ５-Ｐ８", "ａ\u200b级"]
    counts = [1, 7, 97, 4099]
    probe = (
        f"import {{normal, bucket}} from {json.dumps(module.as_uri())};\n"
        f"const texts = {json.dumps(texts, ensure_ascii=False)};\n"
        f"console.log(JSON.stringify(texts.map(t => [normal(t), ...{counts}.map(c => bucket(normal(t), c))])));\n"
    )
    done = subprocess.run([node, "--input-type=module", "-e", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    browser = json.loads(done.stdout)
    build = [[normal(t), *(bucket(normal(t), c) for c in counts)] for t in texts]
    assert browser == build


def test_every_name_is_found_in_the_file_its_hash_names() -> None:
    found = names(handbook())
    files = name_files(found)
    for name in found:
        assert name.url in [page["url"] for page in lookup(files, name.text)], name


def test_levels_series_standards_and_roles_are_named() -> None:
    found = names(handbook())
    by_text: dict[str, set[str]] = {}
    for name in found:
        by_text.setdefault(name.text, set()).add(name.url)
    for entry in handbook().entries:
        series = entry.series
        assert f"series/{series.id}/" in by_text[series.name]
        assert f"series/{series.id}/" in by_text[entry.title]
        for level in series.levels:
            assert f"series/{series.id}/levels/{level.id}/" in by_text[level.name]
            for alias in level.aliases:
                assert f"series/{series.id}/levels/{level.id}/" in by_text[alias]
    for about, entries in handbook().standards():
        assert any(u.endswith(f"/#standard-{about.id}") for u in by_text[about.title]), about.title
        for role in about.applies_to.roles:
            pages = by_text[role.name]
            series_ids = {e.series.id for e in entries if not role.series or e.series.id == role.series}
            assert any(u.startswith(f"series/{s}/") for s in series_ids for u in pages), role  # its own


def test_a_level_of_that_name_comes_before_a_series_or_standard_of_that_name() -> None:
    files = name_files(names(handbook()))
    pages = lookup(files, "市场类销售职种")
    kinds = [page["kind"] for page in pages]
    assert kinds[0] == "职级" and kinds == sorted(kinds, key=search_index.KINDS.index), pages


def test_the_name_files_stay_small_as_the_names_grow() -> None:
    """A query downloads one file of the table: its size depends on the bytes per file, not on all names.

    Grown two ways, as 100 copies of the standards grow it: new names (renamed series and standards),
    and the same names on many more pages (level names the copies keep).
    """
    base = names(handbook())
    for copies in (1, 100):
        renamed = [
            replace(n, text=f"{n.text}{i}" if i else n.text, url=f"c{i}/{n.url}") for i in range(copies) for n in base
        ]
        repeated = [replace(n, url=f"c{i}/{n.url}") for i in range(copies) for n in base]
        for grown in (renamed, repeated):
            files = name_files(grown)
            sizes = [len(data) for path, data in files.items() if not path.endswith("meta.json")]
            assert sum(sizes) / len(sizes) < 2 * search_index.FILE_BYTES, (copies, len(sizes), max(sizes))
            if grown is renamed:
                assert max(sizes) < 5 * search_index.FILE_BYTES, (copies, max(sizes))


PAGE = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{title}</title></head><body>
<nav>导航里的字不进索引</nav>
<div data-pagefind-body data-pagefind-meta="trail:《示例标准》 › 示例序列">
<h1 id="top">{title}<a class="headerlink" href="#top">¶</a></h1>
<nav class="level-steps"><a href="../a/">← 上一级：甲</a> <a href="../c/">下一级：丙 →</a></nav>
<p>{text}</p>
</div></body></html>"""


def test_pagefind_indexes_the_body_without_the_neighbour_line(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for slug, title, text in (("a", "助理三级", "定级总分八十一至八十五分"), ("b", "客户经理", "负责客户开发与维护")):
        (site / slug).mkdir(parents=True)
        (site / slug / "index.html").write_text(PAGE.format(title=title, text=text), encoding="utf-8")
    unmarked = "<html lang='zh'><body><p>没有正文标记的页面</p></body></html>"
    (site / "skipped.html").write_text(unmarked, encoding="utf-8")
    found = [Name("助理三级", "职级", "a/", "助理三级", "《示例标准》")]
    done = search_index.write(site, found)
    assert (done.pages, done.names) == (2, 1)
    output = site / search_index.OUTPUT
    assert (output / "pagefind.js").is_file() and (output / "pagefind-entry.json").is_file()
    assert not (output / "pagefind-ui.js").exists()  # Pagefind's own interfaces are not shipped
    fragments = [json.loads(gzip.decompress(f.read_bytes())[12:]) for f in (output / "fragment").iterdir()]
    assert sorted(f["url"] for f in fragments) == ["/a/", "/b/"]
    for fragment in fragments:
        text = fragment["content"].replace("\u200b", "")
        assert "上一级" not in text and "下一级" not in text and "¶" not in text and "导航" not in text, text
        assert fragment["meta"]["trail"] == "《示例标准》 › 示例序列"
    meta = json.loads((output / "names" / "meta.json").read_text(encoding="utf-8"))
    assert meta["files"] == 1


def test_a_site_without_pages_is_an_error_in_chinese(tmp_path: Path) -> None:
    site = tmp_path / "empty"
    site.mkdir()
    with pytest.raises(search_index.SearchIndexError, match="搜索索引没有建成"):
        search_index.write(site, [])
