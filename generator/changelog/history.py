"""The standards' git history in three git calls, however long it is.

`git log --raw` lists every commit that touched the standards with the blobs of each file before
and after; `git cat-file --batch` reads all those blobs in one process; `git for-each-ref` and one
walk of the history tell which tag (version) each commit belongs to. Without git, outside a
repository or when git fails, `read()` answers None; a shallow clone gives what it holds.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path as FsPath

from generator import git

RECORD, UNIT = "\x1e", "\x1f"
NO_BLOB = "0" * 40


@dataclass(frozen=True)
class FileChange:
    """One file a commit changed: its path (relative to the repository) and its blobs before and after."""

    path: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class Commit:
    """One commit that touched the standards."""

    sha: str
    short: str
    date: str  # YYYY-MM-DD, the committer's date
    time: str  # ISO 8601 with offset, the committer's time
    author: str
    subject: str
    files: tuple[FileChange, ...]


@dataclass(frozen=True)
class Tag:
    """A version: a tag's name and the date of the commit it names."""

    name: str
    date: str


@dataclass(frozen=True)
class Log:
    """The history of a standards directory, oldest commit first."""

    root: FsPath
    commits: list[Commit]
    tags: dict[str, Tag]  # commit sha -> the first tag whose history holds it
    shallow: bool


def _run(root: FsPath, *args: str, stdin: bytes | None = None) -> bytes | None:
    """A git command's output, or None when git cannot answer."""
    if shutil.which("git") is None:
        return None
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "-c", "core.quotePath=false", *args],
            input=stdin,
            capture_output=True,
            timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def read(directory: FsPath) -> Log | None:
    """The commits that touched a directory, with their files' blobs, and the tag of each."""
    root = git.repository_root(directory.resolve())
    if root is None:
        return None
    where = directory.resolve().relative_to(root).as_posix() or "."
    fields = UNIT.join(["%H", "%cs", "%cI", "%an", "%s"])
    out = _run(root, "log", "--reverse", "--no-merges", "--no-renames", "--raw", "--no-abbrev",
               f"--format={RECORD}{fields}", "--", where)  # fmt: skip
    if out is None:
        return Log(root, [], {}, git.is_shallow(directory)) if _run(root, "rev-parse", "HEAD") is None else None
    commits = [_commit(record) for record in out.decode("utf-8", "replace").split(RECORD) if record.strip()]
    return Log(root, commits, _tags(root), git.is_shallow(directory))


def _commit(record: str) -> Commit:
    head, *lines = record.strip("\n").split("\n")
    sha, date, time, author, subject = head.split(UNIT)
    short = git.short(sha)  # `--no-abbrev` (full blob names) makes %h full too
    files = []
    for line in lines:
        if not line.startswith(":") or "\t" not in line:
            continue
        meta, path = line.split("\t", 1)
        _modes, _mode, before, after, _status = meta[1:].split(" ", 4)
        files.append(FileChange(path, None if before == NO_BLOB else before, None if after == NO_BLOB else after))
    return Commit(sha, short, date, time, author, subject, tuple(files))


def _tags(root: FsPath) -> dict[str, Tag]:
    """Each commit of HEAD's history -> the oldest tag that holds it (commits after the last tag: none)."""
    refs = _run(root, "for-each-ref", "refs/tags", "--format=%(objectname)%09%(*objectname)%09%(refname:short)")
    if not refs or not refs.strip():
        return {}
    tagged: dict[str, str] = {}
    for line in refs.decode("utf-8", "replace").splitlines():
        target, peeled, name = line.split("\t", 2)
        tagged.setdefault(peeled or target, name)
    walk = _run(root, "log", "--topo-order", "--reverse", f"--format=%H{UNIT}%cs", "HEAD")
    found: dict[str, Tag] = {}
    waiting: list[str] = []
    for line in (walk or b"").decode().splitlines():
        sha, date = line.split(UNIT)
        waiting.append(sha)
        if sha in tagged:
            tag = Tag(tagged[sha], date)
            found.update(dict.fromkeys(waiting, tag))
            waiting = []
    return found


def blobs(root: FsPath, shas: set[str]) -> dict[str, str]:
    """The texts of blobs by sha, read in one `git cat-file --batch`; absent or unreadable ones left out."""
    if not shas:
        return {}
    ordered = sorted(shas)
    out = _run(root, "cat-file", "--batch", stdin="".join(f"{s}\n" for s in ordered).encode())
    found: dict[str, str] = {}
    at = 0
    while out is not None and at < len(out):
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue  # "<sha> missing"
        size = int(header[2])
        found[header[0].decode()] = out[at : at + size].decode("utf-8", "replace")
        at += size + 1
    return found


def working_changes(directory: FsPath, root: FsPath) -> list[FileChange]:
    """Files under a directory that differ from HEAD in the work tree: HEAD's blob, and None for the work tree."""
    where = directory.resolve().relative_to(root).as_posix() or "."
    status = _run(root, "status", "--porcelain", "-z", "--untracked-files=all", "--", where)
    if not status:
        return []
    paths = []
    for entry in status.decode("utf-8", "replace").split("\0"):
        if len(entry) > 3 and entry[:2] != "R ":
            paths.append(entry[3:])
    head = _run(root, "ls-tree", "-r", "HEAD", "--", where) or b""
    blob_of = {}
    for line in head.decode("utf-8", "replace").splitlines():
        meta, path = line.split("\t", 1)
        blob_of[path] = meta.split()[2]
    return [FileChange(p, blob_of.get(p), None) for p in sorted(set(paths))]
