"""The hand-written pages (content/): copied into the docs with their dates; the home page gets the catalogue."""

from __future__ import annotations

import shutil
from pathlib import Path as FsPath
from typing import Any

import yaml

from generator import git
from generator.handbook.paths import HOME

__all__ = ["HOME", "copy_content", "date_pages", "page_title", "split_front_matter", "with_front_matter"]
SERIES_MARKER = "<!-- handbook:series -->"


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """A Markdown page's YAML front matter and body."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            meta = yaml.safe_load(text[4:end]) or {}
            return (meta if isinstance(meta, dict) else {}), text[end + 5 :]
    return {}, text


def with_front_matter(meta: dict[str, Any], body: str) -> str:
    """A page from front matter and body."""
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body


def copy_content(content: FsPath, docs: FsPath, catalogue: str) -> list[tuple[str, dict[str, Any]]]:
    """Copy the hand-written pages into docs with last-update dates; the home page gets the series list."""
    pages = []
    for source in sorted(content.rglob("*")):
        if not source.is_file():
            continue
        relative = source.relative_to(content).as_posix()
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix != ".md":
            shutil.copy2(source, target)
            continue
        meta, body = split_front_matter(source.read_text(encoding="utf-8"))
        meta.setdefault("revision_date", git.last_updated(source))
        if relative == HOME:
            body = body.replace(SERIES_MARKER, catalogue)
        target.write_text(with_front_matter(meta, body), encoding="utf-8")
        pages.append((relative, meta))
    return pages


def date_pages(docs: FsPath, pages: list[str], date: str) -> None:
    """Give pages written by others (the calculator) a last-update date where they have none."""
    for relative in pages:
        path = docs / relative
        meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        if "revision_date" not in meta:
            meta["revision_date"] = date
            path.write_text(with_front_matter(meta, body), encoding="utf-8")


def page_title(meta: dict[str, Any], path: FsPath) -> str:
    """A content page's title: front matter, else its first heading, else its file name."""
    if meta.get("title"):
        return str(meta["title"])
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem
