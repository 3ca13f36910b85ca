"""标准变更记录: what each commit changed in the standards, per version and per standard, in words.

Every version of every standards file is read from git (`history`), compiled as the build
compiles it and compared with the version before (`describe`), so the page says
"模型「…」中「助理二级」的定级分数段从 71 ≤ 得分 < 81 改为 71 ≤ 得分 < 80 · 影响定级结果", never
"line 42 changed". Versions are git tags (or, after the last tag, the commit dates); commits that
change no content of the standards are folded into one line; a commit's subject is shown as its
author wrote it, under the computed summary. `page()` also writes the Atom feeds (`feed`).
Without git, or in a shallow clone, the page says so.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

import yaml

from generator.git import day_words
from generator.handbook.render import Renderer
from generator.validation import Labels

from . import cache, feed, history
from .describe import AFFECTS, MAYBE, WORDING, Change, Compiled, compile_standard, describe_standard, strongest

Json = dict[str, Any]
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Commit:
    """The commit behind changes: when, who, and the subject as its author wrote it."""

    sha: str
    short: str
    date: str
    time: str
    author: str
    subject: str

    @property
    def day(self) -> str:
        """The commit's date in words."""
        return day_words(self.date)

    @property
    def lang(self) -> str:
        """The subject's language for screen readers: `en` when it is mostly Latin letters, else `zh`."""
        latin = sum(1 for ch in self.subject if ch.isascii() and ch.isalpha())
        return "en" if latin * 2 > len(self.subject.replace(" ", "")) else "zh"


@dataclass(frozen=True)
class Entry:
    """What one commit changed in one standard."""

    commit: Commit | None  # None: edits not committed yet
    standard: str  # the standard's id (file names and anchors only; never shown)
    title: str
    changes: list[Change]

    @property
    def effect(self) -> str:
        """The strongest effect on grades among the changes."""
        return strongest(self.changes)

    @property
    def summary(self) -> str:
        """`3 项变更，其中 1 项影响定级结果`."""
        return summary(self.changes)


def summary(changes: list[Change]) -> str:
    """How many changes, and how many of them affect grades: `3 项变更，其中 1 项影响定级结果`."""
    counts = {e: sum(1 for c in changes if c.effect == e) for e in (AFFECTS, MAYBE)}
    parts = [f"{n} 项{e}" for e, n in counts.items() if n]
    return f"{len(changes)} 项变更" + (f"，其中 {'、'.join(parts)}" if parts else "，均不影响定级结果")


@dataclass(frozen=True)
class StandardGroup:
    """One standard's changes within a version, newest commit first."""

    standard: str
    title: str
    anchor: str
    entries: list[Entry]

    @property
    def summary(self) -> str:
        """The standard's changes in this version counted: `共 4 项变更，其中 1 项影响定级结果`."""
        commits = f"；分 {len(self.entries)} 次提交" if len(self.entries) > 1 else ""
        return f"共 {summary([c for e in self.entries for c in e.changes])}{commits}"


@dataclass(frozen=True)
class Version:
    """A version (a tag, or a date after the last tag) and the standards it changed."""

    heading: str
    anchor: str
    standards: list[StandardGroup]


@dataclass(frozen=True)
class History:
    """The change log: versions newest first, uncommitted edits, folded commits and caveats."""

    available: bool
    notes: list[str] = field(default_factory=list)
    pending: list[Entry] = field(default_factory=list)
    versions: list[Version] = field(default_factory=list)
    folded: list[Commit] = field(default_factory=list)  # commits that changed no content, newest first
    titles: dict[str, str] = field(default_factory=dict)  # standard id -> its latest title

    @property
    def entries(self) -> list[Entry]:
        """Every committed entry, newest first (for the feeds)."""
        found = [e for v in self.versions for g in v.standards for e in g.entries]
        return sorted(found, key=lambda e: e.commit.time if e.commit else "", reverse=True)

    @property
    def commits(self) -> list[Commit]:
        """The commits that changed content, newest first."""
        return list({e.commit.sha: e.commit for e in self.entries if e.commit}.values())


# ---------------------------------------------------------------- reading versions


@dataclass(frozen=True)
class Broken:
    """A file version that does not parse or compile: why, in words."""

    reason: str


Parsed = Compiled | Broken | None  # None: the file is absent


def parse(text: str | None) -> Parsed:
    """One file version compiled, a `Broken` with the reason, or None when absent."""
    if text is None:
        return None
    try:
        data = yaml.load(text, Loader=LOADER)  # noqa: S506 - a safe loader (CSafeLoader or SafeLoader)
    except yaml.YAMLError:
        return Broken("YAML 语法错误")
    except RecursionError:
        return Broken("嵌套过深")
    if not isinstance(data, dict) or not isinstance(data.get("standard"), dict) or "id" not in data["standard"]:
        return Broken("不是一份标准")
    try:
        return compile_standard(data)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError):
        return Broken("不符合当前的标准格式")


class Reader:
    """File versions by blob, each read and compiled once; blobs not fetched up front are read on demand."""

    def __init__(self, root: FsPath, texts: dict[str, str]) -> None:
        self.root = root
        self.texts = texts
        self.cache: dict[str | None, Parsed] = {None: None}

    def __call__(self, blob: str | None) -> Parsed:
        if blob not in self.cache:
            assert blob is not None
            text = self.texts.get(blob)
            if text is None:
                text = history.blobs(self.root, {blob}).get(blob)
            self.cache[blob] = Broken("该版本的文件无法从 git 读取") if text is None else parse(text)
        return self.cache[blob]


@dataclass
class State:
    """What the walk through the history knows: each path's last version that compiled, each standard's title."""

    read: Reader
    good: dict[str, str] = field(default_factory=dict)  # path -> blob of its latest version that compiled
    titles: dict[str, str] = field(default_factory=dict)

    def last_good(self, path: str) -> Compiled | None:
        found = self.read(self.good[path]) if path in self.good else None
        return found if isinstance(found, Compiled) else None


def change_log(directory: FsPath, labels: Labels) -> History:
    """The history of a standards directory as the change page shows it.

    Each commit's entries are kept in a cache in the repository's git directory (keyed by commit,
    this module's CACHE_VERSION and the labels), so a long history is compared once, not at every build.
    """
    log = history.read(directory)
    if log is None:
        return History(False, ["未找到 git 仓库（或未安装 git），无法列出标准的变更历史。"])
    notes = []
    if log.shallow:
        notes.append("当前检出是浅克隆，更早的变更未包含在内；最早一次提交里的标准按“新增”列出。")
    # a shallow clone's first commit reads as "everything added": not worth keeping for a later, deeper clone
    store = cache.Cache.open(log.root, labels) if not log.shallow else cache.Cache(None, "")
    work = history.working_changes(directory, log.root)
    fresh = [c for c in log.commits if store.get(c.sha) is None]
    shas = {b for c in fresh for f in c.files for b in (f.before, f.after) if b}
    state = State(Reader(log.root, history.blobs(log.root, shas | {f.before for f in work if f.before})))
    described: list[Entry] = []
    folded: list[Commit] = []
    for raw in log.commits:
        commit = Commit(raw.sha, raw.short, raw.date, raw.time, raw.author, raw.subject)
        kept = store.get(raw.sha)
        if kept is not None:
            entries = [Entry(commit, e.standard, e.title, e.changes) for e in kept.entries]
            state.good.update(kept.good)
            state.titles.update(kept.titles)
        else:
            files = [f for f in raw.files if f.path.endswith(SUFFIXES)]
            before = dict(state.good)
            entries = _entries(commit, [(f.path, f.before, f.after) for f in files], labels, state)
            good = {p: b for p, b in state.good.items() if before.get(p) != b}
            saved = [cache.Saved(e.standard, e.title, e.changes) for e in entries]
            store.put(raw.sha, cache.Kept(saved, good, {e.standard: e.title for e in entries}))
        if entries:
            described += entries
        else:
            folded.append(commit)
    store.save()
    pending = _pending(log.root, work, labels, state)
    versions = _versions(described, log.tags)
    return History(True, notes, pending, versions, folded[::-1], state.titles)


def _entries(
    commit: Commit | None,
    files: list[tuple[str, str | None, str | None | Parsed]],
    labels: Labels,
    state: State,
) -> list[Entry]:
    """One commit's entries: its file versions paired by standard id (so a renamed file is one standard).

    `files` are (path, blob before, blob after); the work tree's version comes as parsed already.
    """
    before: dict[str, Compiled] = {}
    after: dict[str, Compiled] = {}
    entries: list[Entry] = []
    for path, old_blob, new_blob in files:
        old = state.read(old_blob)
        new = new_blob if not isinstance(new_blob, str | None) else state.read(new_blob)
        if isinstance(old, Broken):
            old = state.last_good(path)  # compare with the last version that could be read
        if isinstance(old, Compiled):
            before[old.id] = old
        if isinstance(new, Compiled):
            after[new.id] = new
            if isinstance(new_blob, str):
                state.good[path] = new_blob
            state.titles[new.id] = new.title
        elif isinstance(new, Broken):
            known = old if isinstance(old, Compiled) else state.last_good(path)
            key = known.id if known else path
            title = state.titles.get(key, "一份标准")
            reason = f"这一版的标准文件无法读取（{new.reason}），未能比较内容。"
            entries.append(Entry(commit, key, title, [Change(reason, MAYBE)]))
            if known is not None:
                before.pop(known.id, None)
    for standard in dict.fromkeys([*before, *after]):
        old_version, new_version = before.get(standard), after.get(standard)
        if old_version is not None and new_version is not None and old_version.data == new_version.data:
            continue
        try:
            changes = describe_standard(old_version, new_version, labels)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            changes = [Change("文件内容已修改（这一版不符合当前的标准格式，无法逐项比较）。", MAYBE)]
        title = (new_version or old_version).title  # type: ignore[union-attr]
        if changes:
            entries.append(Entry(commit, standard, title, changes))
    return entries


def _pending(root: FsPath, work: list[history.FileChange], labels: Labels, state: State) -> list[Entry]:
    """Edits in the work tree not yet committed (what HR sees while previewing)."""
    files: list[tuple[str, str | None, str | None | Parsed]] = []
    for change in work:
        if not change.path.endswith(SUFFIXES):
            continue
        file = root / change.path
        try:
            text = file.read_text(encoding="utf-8") if file.is_file() else None
        except (OSError, UnicodeDecodeError):
            text = None
        files.append((change.path, change.before, parse(text)))
    scratch = State(state.read, dict(state.good), dict(state.titles))
    return _entries(None, files, labels, scratch)


def _versions(entries: list[Entry], tags: dict[str, history.Tag]) -> list[Version]:
    """Entries grouped by version (tag, or date after the last tag) and standard, newest first."""
    keyed: dict[tuple[str, str], dict[str, list[Entry]]] = {}
    for entry in sorted(entries, key=lambda e: e.commit.time if e.commit else "", reverse=True):
        assert entry.commit is not None
        tag = tags.get(entry.commit.sha)
        key = (
            (f"版本 {tag.name}（{day_words(tag.date)}）", "v-" + _slug(tag.name))
            if tag
            else (
                entry.commit.day,
                "d-" + entry.commit.date,
            )
        )
        keyed.setdefault(key, {}).setdefault(entry.standard, []).append(entry)
    versions = []
    for (heading, anchor), standards in keyed.items():
        groups = [
            StandardGroup(sid, those[0].title, f"{anchor}-{_slug(sid)}", those) for sid, those in standards.items()
        ]
        versions.append(Version(heading, anchor, groups))
    return versions


def _slug(text: str) -> str:
    """An anchor part from an id or tag: letters, digits and dashes; anything else hashed."""
    plain = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "-" for ch in text).strip("-")
    return plain if plain == text else f"{plain}-{hashlib.sha1(text.encode()).hexdigest()[:6]}"


# ---------------------------------------------------------------- the page


def feed_paths(path: str) -> tuple[str, str]:
    """The docs folder of the feeds beside a change page (changes.md -> changes/) and the page's URL part."""
    stem = path.removesuffix(".md")
    return f"{stem}/", f"{stem}/"


def page(renderer: Renderer, path: str, log: History) -> str:
    """Render the 标准变更记录 page and its Atom feeds into the renderer's pages; return the page's path."""
    version = renderer.handbook.version
    folder, url = feed_paths(path)
    standards = {about.id: about.title for about, _entries in renderer.handbook.standards()}
    feeds = feed.write_all(renderer.pages, log, folder, url, standards)
    meta = {"title": "标准变更记录", "revision_date": version.date}
    return renderer.write(
        path,
        "changes.md.j2",
        meta,
        history=log,
        version=version.text(),
        feeds=feeds,
        folder=folder.rstrip("/").rsplit("/", 1)[-1],
        effects={"affects": AFFECTS, "maybe": MAYBE, "wording": WORDING},
    )
