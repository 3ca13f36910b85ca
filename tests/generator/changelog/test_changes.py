"""The change log from a real git history: per version and standard, commits without content folded, feeds."""

from __future__ import annotations

import copy
import os
import posixpath
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import git
from generator.changelog import change_log, page
from generator.changelog.describe import AFFECTS, MAYBE, WORDING
from generator.handbook.model import assemble
from generator.handbook.render import Renderer, environment
from generator.validation import validate
from tests.generator.changelog.test_describe import STANDARD
from tests.helpers import ROOT, standards, workspace

LABELS = standards().labels
ATOM = "{http://www.w3.org/2005/Atom}"


class Repo:
    """A small git repository with one standards folder, committed at given times."""

    def __init__(self, tmp_path: Path) -> None:
        self.root = workspace(tmp_path)
        self.standards = self.root / "standards"
        self.clock = 0
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str) -> str:
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "王芳",
            "GIT_AUTHOR_EMAIL": "hr@example.com",
            "GIT_COMMITTER_NAME": "王芳",
            "GIT_COMMITTER_EMAIL": "hr@example.com",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        done = subprocess.run(["git", "-C", str(self.root), *args], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def write(self, name: str, data: Any) -> None:
        text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (self.standards / name).write_text(text, encoding="utf-8")

    def commit(self, subject: str, day: int) -> None:
        self.git("add", "-A")
        stamp = f"2026-03-{day:02d}T10:00:00+08:00"
        os.environ["GIT_COMMITTER_DATE"] = os.environ["GIT_AUTHOR_DATE"] = stamp
        try:
            self.git("commit", "-q", "-m", subject)
        finally:
            del os.environ["GIT_COMMITTER_DATE"], os.environ["GIT_AUTHOR_DATE"]


def history(tmp_path: Path) -> Repo:
    """Added (tagged v1.0), a band moved, a comment-only edit, a reworded requirement."""
    repo = Repo(tmp_path)
    data = copy.deepcopy(STANDARD)
    repo.write("demo.yaml", data)
    repo.commit("Add demo standard", 2)
    repo.git("tag", "v1.0")
    data["models"][0]["bands"][0]["below"] = 80
    data["models"][0]["bands"][1]["min"] = 80
    repo.write("demo.yaml", data)
    repo.commit("Bands: 80 is the new line", 5)
    repo.write("demo.yaml", "# a comment only\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    repo.commit("Comment on the file", 6)
    data["series"][0]["levels"][0]["requirements"][1]["text"] = "熟悉产品"
    repo.write("demo.yaml", data)
    repo.commit("Reword 产品知识", 6)
    return repo


def test_versions_standards_and_folded_commits(tmp_path: Path) -> None:
    repo = history(tmp_path)
    log = change_log(repo.standards, LABELS)
    assert log.available and not log.notes and not log.pending
    assert [v.heading for v in log.versions] == [
        "2026 年 3 月 6 日",
        "2026 年 3 月 5 日",
        "版本 v1.0（2026 年 3 月 2 日）",
    ]
    assert [[g.title for g in v.standards] for v in log.versions] == [["示例标准"]] * 3
    newest = log.versions[0].standards[0].entries
    assert len(newest) == 1  # the comment-only commit of the same day is not an entry
    assert [(c.text, c.effect) for c in newest[0].changes] == [
        ("职级「助理二级」要求「产品知识」的措辞从「了解产品」改为「熟悉产品」", MAYBE)
    ]
    assert newest[0].commit is not None and newest[0].commit.subject == "Reword 产品知识"
    band = log.versions[1].standards[0].entries[0]
    assert band.changes[0].effect == AFFECTS and "71 ≤ 得分 < 81 改为 71 ≤ 得分 < 80" in band.changes[0].text
    assert band.summary == "2 项变更，其中 2 项影响定级结果"
    assert [c.subject for c in log.folded] == ["Comment on the file"]


def rendered(repo: Repo, monkeypatch: pytest.MonkeyPatch, url: str = "https://hr.example.com/手册/") -> Renderer:
    monkeypatch.setenv("HANDBOOK_URL", url)
    found = validate(repo.standards)
    assert not found.errors, found.errors
    renderer = Renderer(environment("generator.calculator_site"), assemble(found), set())
    page(renderer, "changes.md", change_log(repo.standards, found.labels))
    return renderer


def test_page_headings_are_chinese_and_subjects_sit_under_the_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = rendered(history(tmp_path), monkeypatch).pages["changes.md"]
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "# 标准变更记录",
        "## 订阅更新 {: #subscribe }",
        "## 2026 年 3 月 6 日 {: #d-2026-03-06 }",
        "### 《示例标准》 {: #d-2026-03-06-demo }",
        "## 2026 年 3 月 5 日 {: #d-2026-03-05 }",
        "### 《示例标准》 {: #d-2026-03-05-demo }",
        "## 版本 v1.0（2026 年 3 月 2 日） {: #v-v1.0 }",
        "### 《示例标准》 {: #v-v1.0-demo }",
    ]
    change = text.index("**【可能影响定级结果】**职级「助理二级」要求「产品知识」的措辞从「了解产品」改为「熟悉产品」")
    subject = text.index('提交说明：<span lang="en">Reword 产品知识</span>')
    assert change < subject < text.index("## 2026 年 3 月 5 日")
    assert '<small class="changelog-commit">提交说明：' in text
    assert "### 《示例标准》 {: #d-2026-03-05-demo }\n\n共 2 项变更，其中 2 项影响定级结果\n" in text
    assert "另有 1 次提交未改动标准内容" in text and "Comment on the file" in text
    assert text.index("Comment on the file") > text.index("## 版本 v1.0")  # folded at the end, not an entry
    assert "[全部标准的变更](changes/feed.xml)" in text and "[《示例标准》](changes/demo.xml)" in text


def test_feeds_are_valid_atom_with_stable_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = history(tmp_path)
    pages = rendered(repo, monkeypatch).pages
    for name in ("changes/feed.xml", "changes/demo.xml"):
        feed = ET.fromstring(pages[name])
        assert feed.tag == f"{ATOM}feed"
        for required in ("id", "title", "updated", "author"):
            assert feed.find(f"{ATOM}{required}") is not None, required
        self_link = feed.find(f"{ATOM}link[@rel='self']")
        assert self_link is not None and self_link.get("href") == f"https://hr.example.com/手册/{name}"
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == 3
        for entry in entries:
            for required in ("id", "title", "updated", "content"):
                assert entry.find(f"{ATOM}{required}") is not None, required
        first = entries[0]
        assert first.findtext(f"{ATOM}title") == "《示例标准》：1 项变更，其中 1 项可能影响定级结果"
        assert first.findtext(f"{ATOM}updated") == "2026-03-06T10:00:00+08:00"
        assert feed.findtext(f"{ATOM}updated") == "2026-03-06T10:00:00+08:00"
        link = first.find(f"{ATOM}link")
        assert link is not None and link.get("href") == "https://hr.example.com/手册/changes/#d-2026-03-06-demo"
        content = first.findtext(f"{ATOM}content") or ""
        assert "【可能影响定级结果】" in content and "提交说明：Reword 产品知识" in content
    ids = [e.findtext(f"{ATOM}id") for e in ET.fromstring(pages["changes/feed.xml"]).findall(f"{ATOM}entry")]
    again = rendered(repo, monkeypatch, "http://elsewhere.example/").pages["changes/feed.xml"]
    assert ids == [e.findtext(f"{ATOM}id") for e in ET.fromstring(again).findall(f"{ATOM}entry")]
    assert len(set(ids)) == 3 and all(i and i.startswith("urn:uuid:") for i in ids)


def test_standards_text_in_a_feed_is_escaped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = Repo(tmp_path)
    data = copy.deepcopy(STANDARD)
    repo.write("demo.yaml", data)
    repo.commit("Add", 2)
    data["series"][0]["levels"][0]["requirements"][1]["text"] = "<b>熟悉</b> & 掌握"
    repo.write("demo.yaml", data)
    repo.commit("<script>alert(1)</script>", 3)
    renderer = rendered(repo, monkeypatch)
    content = ET.fromstring(renderer.pages["changes/feed.xml"]).findtext(f"{ATOM}entry/{ATOM}content") or ""
    assert "&lt;b&gt;熟悉&lt;/b&gt; &amp; 掌握" in content and "&lt;script&gt;" in content
    assert "<script>" not in renderer.pages["changes.md"] and "<b>熟悉" not in renderer.pages["changes.md"]


def test_a_file_that_does_not_parse_gives_a_line(tmp_path: Path) -> None:
    repo = Repo(tmp_path)
    data = copy.deepcopy(STANDARD)
    repo.write("demo.yaml", data)
    repo.commit("Add", 2)
    repo.write("demo.yaml", "standard: [unclosed\n")
    repo.commit("Broken", 3)
    data["parameters"][0]["value"] = 4
    repo.write("demo.yaml", data)
    repo.commit("Fixed", 4)
    log = change_log(repo.standards, LABELS)
    lines = [(e.commit.subject if e.commit else "", [c.text for c in e.changes]) for e in log.entries]
    assert lines == [
        ("Fixed", ["参数「考察月数」的值从 3 个月 改为 4 个月"]),  # against the last version that was read
        ("Broken", ["这一版的标准文件无法读取（YAML 语法错误），未能比较内容。"]),
        ("Add", ["新增标准《示例标准》：1 个序列、2 个职级、1 个评定模型"]),
    ]
    assert log.versions[1].standards[0].title == "示例标准"


def test_uncommitted_edits_are_listed(tmp_path: Path) -> None:
    repo = history(tmp_path)
    data = yaml.safe_load((repo.standards / "demo.yaml").read_text(encoding="utf-8"))
    data["standard"]["summary"] = "新的说明"
    repo.write("demo.yaml", data)
    log = change_log(repo.standards, LABELS)
    assert [(c.text, c.effect) for e in log.pending for c in e.changes] == [("新增说明：「新的说明」", WORDING)]


def test_schema_only_commits_are_folded(tmp_path: Path) -> None:
    repo = history(tmp_path)
    schema = repo.standards / "schema.json"
    schema.write_text(schema.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    repo.commit("Schema: trailing newline", 7)
    log = change_log(repo.standards, LABELS)
    assert [c.subject for c in log.folded] == ["Schema: trailing newline", "Comment on the file"]
    assert len(log.versions) == 3


def test_without_git_the_log_says_so(tmp_path: Path) -> None:
    """Standards outside any repository: no history, and a sentence instead of an error."""
    shutil.copytree(ROOT / "standards", tmp_path / "standards")
    log = change_log(tmp_path / "standards", LABELS)
    assert not log.available and not log.versions
    assert log.notes == ["未找到 git 仓库（或未安装 git），无法列出标准的变更历史。"]


def test_without_git_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = history(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    from generator import git

    git.repository_root.cache_clear()
    try:
        log = change_log(repo.standards, LABELS)
    finally:
        git.repository_root.cache_clear()
    assert not log.available and "git" in log.notes[0]


def test_shallow_clone_lists_what_it_has(tmp_path: Path) -> None:
    """A depth-1 clone: the one commit's standards count as added, with a note that history is cut."""
    (tmp_path / "origin").mkdir()
    repo = history(tmp_path / "origin")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True)
    log = change_log(clone / "standards", LABELS)
    assert log.available and len(log.entries) == 1
    assert log.notes == ["当前检出是浅克隆，更早的变更未包含在内；最早一次提交里的标准按“新增”列出。"]
    assert [c.text for c in log.entries[0].changes] == ["新增标准《示例标准》：1 个序列、2 个职级、1 个评定模型"]


def test_a_repository_without_commits_has_no_entries(tmp_path: Path) -> None:
    repo = Repo(tmp_path)
    repo.write("demo.yaml", copy.deepcopy(STANDARD))
    log = change_log(repo.standards, LABELS)
    assert log.available and not log.versions and not log.folded


def test_a_renamed_file_is_the_same_standard(tmp_path: Path) -> None:
    repo = Repo(tmp_path)
    data = copy.deepcopy(STANDARD)
    repo.write("demo.yaml", data)
    repo.commit("Add", 2)
    (repo.standards / "demo.yaml").unlink()
    data["parameters"][0]["value"] = 5
    repo.write("renamed.yaml", data)
    repo.commit("Rename", 3)
    log = change_log(repo.standards, LABELS)
    assert [c.text for c in log.entries[0].changes] == ["参数「考察月数」的值从 3 个月 改为 5 个月"]


def _described(log: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(e.commit.sha, [(c.text, c.effect) for c in e.changes]) for e in log.entries]


def test_the_cache_gives_the_same_log_and_a_broken_cache_is_ignored(tmp_path: Path) -> None:
    repo = history(tmp_path)
    first = change_log(repo.standards, LABELS)
    stored = repo.root / ".git" / "competency-changelog.json"
    assert stored.is_file()
    assert _described(change_log(repo.standards, LABELS)) == _described(first)
    stored.write_text("{not json", encoding="utf-8")
    assert _described(change_log(repo.standards, LABELS)) == _described(first)
    assert [c.subject for c in change_log(repo.standards, LABELS).folded] == ["Comment on the file"]


def test_each_series_page_links_the_feed_of_its_standard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Employees follow their own standard: the series page's link leads to a feed the change log writes."""
    renderer = rendered(history(tmp_path), monkeypatch)
    for entry in renderer.handbook.entries:
        renderer.series(entry)
    series_pages = {p: t for p, t in renderer.pages.items() if p.startswith("series/") and p.endswith("/index.md")}
    assert series_pages
    for path, text in series_pages.items():
        target = re.search(r"\[订阅本标准的变更\]\(([^)]+)\)", text)
        assert target, path
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target[1]))
        assert resolved in renderer.pages and resolved.endswith(".xml"), (path, resolved)
        assert ET.fromstring(renderer.pages[resolved]).tag == "{http://www.w3.org/2005/Atom}feed"


def test_the_footer_and_the_change_log_name_a_commit_alike(tmp_path: Path) -> None:
    """git's %h grows with the repository (here forced by core.abbrev); the handbook's name of a commit does not."""
    repo = history(tmp_path)
    repo.git("config", "core.abbrev", "12")
    head = repo.git("rev-parse", "HEAD").strip()
    newest = change_log(repo.standards, LABELS).versions[0].standards[0].entries[0].commit
    assert newest is not None and newest.short == head[:7]
    assert git.version(repo.standards).commit == head[:7]
    assert [c.short for c in git.commits(repo.standards)][-1] == head[:7]
