"""What git knows about the standards: versions, dates and past file contents.

Every function degrades gracefully: without git, outside a repository or in a
shallow clone it answers with what it can (file times, "unknown") and never raises.
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path as FsPath

SEPARATOR = "\x1f"
SHORT = 7  # characters of a commit's name in the footer, the change log and the feeds


@dataclass(frozen=True)
class Version:
    """The standards' version: last commit touching them, its date, and local edits."""

    commit: str
    date: str
    dirty: bool = False

    def text(self) -> str:
        """The version in words, as the footer, print pages and change log show it.

        `2026 年 12 月 1 日更新（版本号 e904868）`: the date first, which people read; the commit
        for anyone who needs to name the exact version.
        """
        day = day_words(self.date)
        if not self.commit:
            return f"{day}的文件（未纳入版本管理）"
        return f"{day}更新（版本号 {self.commit}）" + ("，另有尚未提交的修改" if self.dirty else "")


def day_words(date: str) -> str:
    """An ISO date in words: 2026-12-01 -> 2026 年 12 月 1 日 (anything else as it is)."""
    try:
        day = datetime.date.fromisoformat(date[:10])
    except ValueError:
        return date
    return f"{day.year} 年 {day.month} 月 {day.day} 日"


@dataclass(frozen=True)
class Commit:
    """One commit that touched the standards."""

    sha: str
    short: str
    date: str
    author: str
    subject: str
    parent: str | None


def _git(directory: FsPath, *args: str) -> str | None:
    """Output of a git command run in a directory, or None when git cannot answer."""
    if shutil.which("git") is None:
        return None
    try:
        done = subprocess.run(
            ["git", "-C", str(directory), *args], capture_output=True, text=True, encoding="utf-8", timeout=60
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


@cache
def repository_root(directory: FsPath) -> FsPath | None:
    """The top of the git work tree holding a directory, if any."""
    out = _git(directory, "rev-parse", "--show-toplevel")
    return FsPath(out.strip()) if out else None


def is_shallow(directory: FsPath) -> bool:
    """Whether the repository is a shallow clone (history cut short)."""
    return (_git(directory, "rev-parse", "--is-shallow-repository") or "").strip() == "true"


def _today() -> str:
    return datetime.date.today().isoformat()


def _mtime_date(path: FsPath) -> str:
    """A file's (or a directory's newest file's) modification date."""
    try:
        files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
        newest = max((p.stat().st_mtime for p in files), default=path.stat().st_mtime)
    except OSError:
        return _today()
    return datetime.date.fromtimestamp(newest).isoformat()


def is_dirty(path: FsPath) -> bool:
    """Whether a tracked path has uncommitted changes (or is untracked)."""
    out = _git(
        path if path.is_dir() else path.parent, "status", "--porcelain", "--", path.name if path.is_file() else "."
    )
    return bool(out and out.strip())


def last_updated(path: FsPath) -> str:
    """The date a file last changed: its last commit, or its mtime when edited or untracked."""
    if repository_root(path.parent) is None or is_dirty(path):
        return _mtime_date(path)
    out = _git(path.parent, "log", "-1", "--format=%cs", "--", path.name)
    return out.strip() if out and out.strip() else _mtime_date(path)


def version(directory: FsPath) -> Version:
    """The version of a standards directory."""
    if repository_root(directory) is None:
        return Version("", _mtime_date(directory))
    out = _git(directory, "log", "-1", f"--format=%H{SEPARATOR}%cs", "--", ".")
    if not out or not out.strip():
        return Version("", _mtime_date(directory), dirty=True)
    sha, date = out.strip().split(SEPARATOR)
    return Version(short(sha), date, dirty=is_dirty(directory))


def short(sha: str) -> str:
    """A commit's name as the handbook shows it, the same everywhere (git's %h grows in a large repository)."""
    return sha[:SHORT]


def commit_time(directory: FsPath) -> str | None:
    """Seconds since the epoch of the last commit, for reproducible build dates (SOURCE_DATE_EPOCH)."""
    if repository_root(directory) is None:
        return None
    out = _git(directory, "log", "-1", "--format=%ct")
    return out.strip() if out and out.strip() else None


def commits(directory: FsPath) -> list[Commit]:
    """Commits that touched a directory, oldest first."""
    fields = SEPARATOR.join(["%H", "%cs", "%an", "%s", "%P"])
    out = _git(directory, "log", "--reverse", f"--format={fields}", "--", ".")
    found = []
    for line in (out or "").splitlines():
        sha, date, author, subject, parents = line.split(SEPARATOR)
        parent = parents.split()[0] if parents.split() else None
        found.append(Commit(sha, short(sha), date, author, subject, parent))
    return found


def changed_files(directory: FsPath, commit: Commit) -> list[str]:
    """Paths (relative to the repository) under a directory that a commit changed."""
    root = repository_root(directory)
    if root is None:
        return []
    base = commit.parent if commit.parent and exists(directory, commit.parent) else None
    args = ["diff", "--name-only", base, commit.sha] if base else ["show", "--format=", "--name-only", commit.sha]
    out = _git(root, *args, "--", str(directory.resolve().relative_to(root)))
    return [line for line in (out or "").splitlines() if line.strip()]


def exists(directory: FsPath, sha: str) -> bool:
    """Whether a commit is present (not cut off by a shallow clone)."""
    return _git(directory, "cat-file", "-e", f"{sha}^{{commit}}") is not None


def show(directory: FsPath, sha: str | None, path: str) -> str | None:
    """A file's text at a commit (path relative to the repository), None if absent."""
    root = repository_root(directory)
    if root is None or sha is None:
        return None
    return _git(root, "show", f"{sha}:{path}")


def release(directory: FsPath) -> dict[str, str | bool | None]:
    """The version the calculator bundle carries: the last commit's hash (12) and ISO time, and local edits."""
    out = _git(directory, "log", "-1", "--format=%H%x00%cI", "--", ".")
    if not out or not out.strip():
        return {"commit": None, "date": None, "modified": None}
    commit, date = out.strip().split("\0")
    status = _git(directory, "status", "--porcelain", "--", ".")
    return {"commit": commit[:12], "date": date, "modified": bool(status and status.strip())}
