"""Atom feeds of the change log: one for every standard (`changes/feed.xml`), one per standard (`changes/<id>.xml`).

Ids are `urn:uuid:` names derived from the commit and the standard (uuid5), so they stay the same
whatever address the site is published at and however often it is rebuilt. Links are absolute,
built from `HANDBOOK_URL` (default `http://127.0.0.1:8000/`), the variable `mkdocs.yml` takes its
`site_url` from: feed readers resolve `xml:base` unevenly, and an absolute address is what a reader
stores when someone subscribes. An entry's `updated` is its commit's committer time.
"""

from __future__ import annotations

import html
import os
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .describe import AFFECTS, MAYBE

if TYPE_CHECKING:
    from .changes import Entry, History

ATOM = "http://www.w3.org/2005/Atom"
DEFAULT_URL = "http://127.0.0.1:8000/"
ALL = "feed"
LIMIT = 100  # entries per feed, newest first
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:任职资格手册:标准变更记录")
SITE_TITLE = "任职资格手册"


@dataclass(frozen=True)
class Link:
    """A feed as the change page links to it: a title and the path from the page."""

    title: str
    href: str


@dataclass(frozen=True)
class Feeds:
    """The feeds written: the one for every standard, and one per standard (in handbook order)."""

    all: Link
    standards: list[Link]


def site_url() -> str:
    """The site's address, as mkdocs.yml's `site_url` reads it, with a trailing slash."""
    url = os.environ.get("HANDBOOK_URL") or DEFAULT_URL
    return url if url.endswith("/") else url + "/"


def entry_id(entry: Entry) -> str:
    """An entry's stable id: the commit and the standard."""
    sha = entry.commit.sha if entry.commit else "working-tree"
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{sha}/{entry.standard}')}"


def write_all(pages: dict[str, str], log: History, folder: str, url: str, standards: dict[str, str]) -> Feeds:
    """Write the feeds into `pages` (docs path -> text) under `folder`; `url` is the page's address part.

    `standards` are the current standards (id -> title), each given a feed even before its first change.
    """
    base = site_url()
    page = base + url
    name = folder.rstrip("/").rsplit("/", 1)[-1]
    entries = log.entries
    pages[f"{folder}{ALL}.xml"] = atom(
        f"{SITE_TITLE}：标准变更记录", "全部标准", page, base + f"{url}{ALL}.xml", entries, log
    )
    links = []
    for standard, title in standards.items():
        file = f"{standard}.xml" if standard != ALL else f"{standard}-standard.xml"
        own = [e for e in entries if e.standard == standard]
        pages[f"{folder}{file}"] = atom(
            f"{SITE_TITLE}：《{title}》的变更", f"《{title}》", page, base + url + file, own, log, standard
        )
        links.append(Link(f"《{title}》", f"{name}/{file}"))
    return Feeds(Link("全部标准的变更", f"{name}/{ALL}.xml"), links)


def atom(
    title: str,
    about: str,
    page: str,
    self_url: str,
    entries: list[Entry],
    log: History,
    standard: str = "",
) -> str:
    """One Atom feed (RFC 4287) of entries, newest first."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    shown = entries[:LIMIT]
    _text(root, "id", f"urn:uuid:{uuid.uuid5(NAMESPACE, 'feed/' + (standard or ALL))}")
    _text(root, "title", title)
    _text(root, "subtitle", f"{about}的内容变更，每条注明是否影响定级结果。")
    _text(root, "updated", shown[0].commit.time if shown and shown[0].commit else _epoch(log))
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": self_url})
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": page})
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", SITE_TITLE)
    anchors = {id(e): g.anchor for v in log.versions for g in v.standards for e in g.entries}
    for entry in shown:
        assert entry.commit is not None
        item = ET.SubElement(root, f"{{{ATOM}}}entry")
        _text(item, "id", entry_id(entry))
        _text(item, "title", f"《{entry.title}》：{entry.summary}")
        _text(item, "updated", entry.commit.time)
        who = ET.SubElement(item, f"{{{ATOM}}}author")
        _text(who, "name", entry.commit.author or SITE_TITLE)
        href = page + (f"#{anchors[id(entry)]}" if id(entry) in anchors else "")
        ET.SubElement(item, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": href})
        _text(item, "summary", entry.summary)
        content = _text(item, "content", _html(entry))
        content.set("type", "html")
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = text
    return element


def _epoch(log: History) -> str:
    """A feed's `updated` when it has no entry yet: the newest commit that changed content, else 1970."""
    commits = log.commits
    return commits[0].time if commits else "1970-01-01T00:00:00Z"


def _html(entry: Entry) -> str:
    """An entry's changes as HTML (escaped: text from the standards is data), then the commit's subject."""
    items = "".join(
        f"<li>{'<strong>' if c.effect in (AFFECTS, MAYBE) else ''}【{html.escape(c.effect)}】"
        f"{'</strong>' if c.effect in (AFFECTS, MAYBE) else ''}{html.escape(c.text)}</li>"
        for c in entry.changes
    )
    assert entry.commit is not None
    note = f"<p><small>提交说明：{html.escape(entry.commit.subject)}（{html.escape(entry.commit.day)}）</small></p>"
    return f"<ul>{items}</ul>{note}"
