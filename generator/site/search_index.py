"""The site's search: a Pagefind index of the built pages, and a small table of exact names beside it.

`names_text(handbook)` is what `competency generate` keeps of the standards for it
(build/search-names.json); `write(site, names)` runs after the site engine has written `site`
(a plain step on the finished HTML, so MkDocs or another engine may build the pages) and before
the site is swapped into place: a failed index leaves the old site. It writes

- `pagefind/`: Pagefind's index (the extended binary segments Chinese). Pagefind reads each page's
  `data-pagefind-body` (site_overrides/main.html puts it around the article of every page that
  does not leave search) and skips what `EXCLUDE` names: the permalink signs, the
  "← 上一级 … 下一级 →" line and the headings that name the neighbouring level. The browser
  downloads only the index chunks a query needs.
- `pagefind/names/`: every name people type to find a page (level names and their aliases and
  codes, roles, series, standards' titles) with the pages of that name, split by a hash of the
  name into files of a few kilobytes. The search box looks a query up in the one file its hash
  names and lists those pages first, above Pagefind's ranked results: an exact name is found
  first whatever the ranking does, and a query downloads one small file for it at any size.

`normal()` and `bucket()` have twins in site_overrides/assets/javascripts/search.js; both must
read a name the same way (tests/generator/site/test_search_index.py holds them to examples).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path as FsPath

from generator.handbook import paths
from generator.handbook.model import Entry, Handbook, told_apart
from generator.handbook.orientation import family_title

OUTPUT = "pagefind"
NAMES = "names"
FILE_BYTES = 6_000  # the exact-name table's files average this size, whatever the number of names
# What Pagefind leaves out of the text it indexes and quotes: Material's permalink signs, the
# line to the neighbouring levels, and headings marked as naming another page (与上一级相比：…).
EXCLUDE = (".headerlink", ".level-steps", "[data-search-exclude]", ".md-source-file")
# Kinds of name, in the order their pages are listed when one query names several.
# Pagefind's own search interfaces: the header's box uses pagefind.js directly.
UNUSED = tuple(f"pagefind-{ui}.{ext}" for ui in ("ui", "modular-ui", "component-ui") for ext in ("js", "css")) + (
    "pagefind-highlight.js",
)
KINDS = ("职级", "别名", "岗位", "类别", "序列", "标准")


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site (the message says why, in Chinese)."""


@dataclass(frozen=True)
class Name:
    """One name and a page it names."""

    text: str
    kind: str
    url: str  # relative to the site root, as use_directory_urls writes it ("series/x/levels/y/")
    title: str
    trail: str  # where the page sits: standard › series


@dataclass(frozen=True)
class Indexed:
    """What `write` wrote."""

    pages: int
    names: int
    files: int
    seconds: float


# ---------------------------------------------------------------- names


def url(docs_path: str) -> str:
    """The site URL (relative to the root) of a docs file: a/b.md -> a/b/, a/index.md -> a/."""
    stem = docs_path.removesuffix(".md")
    return stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else stem + "/"


def _series_trail(entry: Entry) -> str:
    return f"《{entry.standard.title}》 › {entry.title}"


def _level_names(handbook: Handbook, entry: Entry) -> Iterator[Name]:
    series = entry.series
    for position, level in enumerate(series.levels, start=1):
        title = told_apart(level.name, handbook.level_qualifier(entry, level))
        where = url(paths.level_path(series, level))
        trail = f"{_series_trail(entry)} · 第 {position} 级（共 {len(series.levels)} 级）"
        yield Name(level.name, "职级", where, title, trail)
        for alias in level.aliases:
            yield Name(alias, "别名", where, title, trail)
        if level.id != level.name and CODE.fullmatch(level.id):
            yield Name(level.id, "别名", where, title, trail)
        if level.group and level.group != level.name:
            yield Name(level.group, "类别", where, title, trail)  # 销售工程师: its levels, lowest first


CODE = re.compile(r"[A-Z]{1,2}\d{1,3}")  # a level id that is the source's code (S3, P5, M1), not a slug


def _role_names(handbook: Handbook) -> Iterator[Name]:
    """Each role a standard names, with the pages that hold it: its levels, or its whole series."""
    for about, entries in handbook.standards():
        for role in about.applies_to.roles:
            chosen = [e for e in entries if not role.series or e.series.id == role.series]
            for entry in chosen:
                levels = [lv for lv in entry.series.levels if lv.id in role.levels]
                if role.levels and len(levels) == 1:
                    level = levels[0]
                    title = told_apart(level.name, handbook.level_qualifier(entry, level))
                    trail = _series_trail(entry)
                    yield Name(role.name, "岗位", url(paths.level_path(entry.series, level)), title, trail)
                elif levels or not role.levels:
                    series_url = url(paths.series_path(entry.series))
                    trail = f"《{about.title}》"
                    yield Name(role.name, "岗位", series_url, entry.title, trail)


def names(handbook: Handbook) -> list[Name]:
    """Every name and the pages it names, in the order the search box lists them."""
    found: list[Name] = []
    for entry in handbook.entries:
        found += _level_names(handbook, entry)
        trail = f"《{entry.standard.title}》"
        series_url = url(paths.series_path(entry.series))
        found.append(Name(entry.series.name, "序列", series_url, entry.title, trail))
        if entry.title != entry.series.name:
            found.append(Name(entry.title, "序列", series_url, entry.title, trail))
    found += _role_names(handbook)
    for about, _entries in handbook.standards():
        where = url(paths.family_path(about.family)) + f"#standard-{about.id}"
        found.append(Name(about.title, "标准", where, f"《{about.title}》", family_title(about.family)))
    return found


# A name is looked up as typed, up to width, case, spaces and punctuation: 客服岗位级别(C级—A级)
# finds 客服岗位级别（C级 — A级）, s3 finds S3.
def normal(text: str) -> str:
    """A name as the table keys it: NFKC, lower case, without spaces, punctuation or symbols."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(c for c in folded if unicodedata.category(c)[0] not in "PSZC")


def bucket(key: str, count: int) -> int:
    """Which of `count` files holds a normalised name: FNV-1a (32 bit) of its UTF-8 bytes."""
    value = 0x811C9DC5
    for byte in key.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value % count


def name_files(found: list[Name]) -> dict[str, bytes]:
    """The exact-name table as files (relative path -> bytes): `names/meta.json` and its buckets.

    A name's pages keep the order of `names`, stably sorted by kind: a level named so before a role
    or a category of that name, those before a series, a series before a standard.
    """
    table: dict[str, list[dict[str, str]]] = {}
    for name in found:
        key = normal(name.text)
        if not key:
            continue
        pages = table.setdefault(key, [])
        if all(p["url"] != name.url for p in pages):
            pages.append({"url": name.url, "title": name.title, "trail": name.trail, "kind": name.kind})
    for pages in table.values():
        pages.sort(key=lambda p: KINDS.index(p["kind"]))
    sizes = sum(len(json.dumps({k: v}, ensure_ascii=False, separators=(",", ":")).encode()) for k, v in table.items())
    count = max(1, math.ceil(sizes / FILE_BYTES))  # by bytes: a name of many pages weighs as much as many names
    buckets: list[dict[str, list[dict[str, str]]]] = [{} for _ in range(count)]
    for key in sorted(table):
        buckets[bucket(key, count)][key] = table[key]
    texts = [json.dumps(b, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for b in buckets]
    stamp = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:10]  # new names, new file names
    files = {f"{NAMES}/{stamp}-{i}.json": text.encode("utf-8") for i, text in enumerate(texts)}
    meta = {"files": count, "prefix": f"{stamp}-"}
    files[f"{NAMES}/meta.json"] = json.dumps(meta, separators=(",", ":")).encode("utf-8")
    return files


# ---------------------------------------------------------------- Pagefind


def _pagefind(site: FsPath, output: FsPath) -> None:
    """Index `site` with Pagefind's command (the extended binary of the `pagefind` package) into `output`.

    The command, not the Python API: at thousands of pages the API's service was stopped before it
    had finished writing its files (a WebAssembly file cut at 64 KiB); the command writes everything
    before it exits.
    """
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output), "--quiet"]
    for selector in EXCLUDE:
        command += ["--exclude-selectors", selector]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SearchIndexError(
            f"搜索索引没有建成（Pagefind 退出码 {done.returncode}）：{(done.stderr or done.stdout).strip()}"
        )


def indexed_pages(output: FsPath) -> int:
    """The pages Pagefind's index holds (its entry file counts them per language); 0 without an index."""
    try:
        entry = json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    return sum(int(language.get("page_count", 0)) for language in entry.get("languages", {}).values())


def names_text(handbook: Handbook) -> str:
    """The names as `competency generate` keeps them for the build (build/search-names.json)."""
    return json.dumps([asdict(n) for n in names(handbook)], ensure_ascii=False, indent=0) + "\n"


def read_names(path: FsPath) -> list[Name]:
    """The names `names_text` wrote."""
    return [Name(**item) for item in json.loads(path.read_text(encoding="utf-8"))]


def write(site: FsPath, found: list[Name]) -> Indexed:
    """Index the built site in place: Pagefind's files and the exact-name table under `site/pagefind/`."""
    start = time.monotonic()
    output = site / OUTPUT
    shutil.rmtree(output, ignore_errors=True)
    try:
        _pagefind(site.resolve(), output.resolve())
    except OSError as error:
        raise SearchIndexError(f"搜索索引没有建成（Pagefind 无法运行：{error}）") from error
    pages = indexed_pages(output)
    if pages == 0:
        raise SearchIndexError(f"搜索索引没有建成：Pagefind 在 {site} 中没有找到可索引的页面")
    files = name_files(found)
    for relative, data in files.items():
        target = output / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for unused in UNUSED:
        (output / unused).unlink(missing_ok=True)
    return Indexed(pages, len(found), len(files), time.monotonic() - start)
