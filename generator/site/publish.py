"""Generating and building the handbook site: a thin orchestrator over pages, changes and search terms.

`generate()` writes `build/docs/` (content/ plus generated pages), `build/generated.yml`
(navigation and standards version, pulled in by `mkdocs.yml` through INHERIT, so Zensical
reads it too) and `build/search-names.json` (the names search finds first). Everything is
written to a temporary directory first and renamed into place, so a failed run leaves the previous output.
`build()` runs `mkdocs build --strict` into a temporary directory, indexes it for search
(`search_index`, a plain step on the built HTML) and swaps it into the site directory only when
both succeed.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

import yaml
from jinja2 import Environment

from generator import calculator_site, changelog, git, rounds
from generator.handbook.model import Handbook, assemble
from generator.handbook.render import Renderer, environment
from generator.validation import Standards

from . import search_index
from .content import copy_content, date_pages, page_title
from .nav import CHANGES, navigation

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None  # type: ignore[assignment]

@dataclass(frozen=True)
class Layout:
    """Where things live, relative to the project root (the directory of mkdocs.yml)."""

    root: FsPath

    @property
    def build(self) -> FsPath:
        return self.root / "build"

    @property
    def docs(self) -> FsPath:
        return self.build / "docs"

    @property
    def config(self) -> FsPath:
        return self.build / "generated.yml"

    @property
    def search_names(self) -> FsPath:
        return self.build / "search-names.json"

    @property
    def content(self) -> FsPath:
        return self.root / "content"


@dataclass(frozen=True)
class Generated:
    """What a generation wrote."""

    pages: int
    calculator_pages: int
    docs: FsPath


@contextlib.contextmanager
def locked(layout: Layout) -> Iterator[None]:
    """Serialise generations and builds sharing one checkout (e.g. parallel test runs)."""
    layout.build.mkdir(parents=True, exist_ok=True)
    with open(layout.build / ".lock", "w") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def swap(new: FsPath, target: FsPath) -> None:
    """Put a finished directory in place of the old one; the target is never missing where the OS allows.

    On Linux, `renameat2(RENAME_EXCHANGE)` trades the two names in one step, so a server or a
    kill at any moment sees either the whole old directory or the whole new one; the old one
    then sits under the temporary name until it is removed. Elsewhere (or on a file system
    without the exchange) two renames remain, and a kill between them is undone by the next
    build (`clean_stale`).
    """
    if not os.path.lexists(target):
        os.replace(new, target)
        return
    if _exchange(new, target):
        _between_steps()
        shutil.rmtree(new, ignore_errors=True)  # holds the old directory now
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.replace(target, old)
    _between_steps()
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def _between_steps() -> None:
    """Called between the two steps of a swap (tests kill the process here)."""


AT_FDCWD = -100
RENAME_EXCHANGE = 2
STALE = re.compile(r"^\.(?P<name>.+)\.(?P<kind>new|old)-(?P<pid>\d+)$")


def _exchange(first: FsPath, second: FsPath) -> bool:
    """Swap two paths atomically with Linux's renameat2; False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # no such libc symbol (glibc before 2.28, musl before 1.2.3)
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
        return False  # the kernel or the file system cannot exchange: two renames instead
    raise OSError(error, os.strerror(error), str(first), None, str(second))


def clean_stale(target: FsPath) -> list[FsPath]:
    """Remove what killed builds left beside `target`; put the old directory back if a kill took it.

    `.NAME.new-PID` (a build, or the old site after an exchange) and `.NAME.old-PID` (the old
    site between two renames) of processes no longer running. Returns what was removed.
    """
    if not target.parent.is_dir():
        return []
    stale = []
    for entry in sorted(target.parent.iterdir()):
        match = STALE.match(entry.name)
        if match and match["name"] == target.name and not _running(int(match["pid"])):
            stale.append((match["kind"], entry))
    olds = [entry for kind, entry in stale if kind == "old"]
    if olds and not os.path.lexists(target):  # killed between two renames: the old site comes back
        newest = max(olds, key=lambda entry: entry.stat().st_mtime)
        os.replace(newest, target)
        stale.remove(("old", newest))
    for _kind, entry in stale:
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
    return [entry for _kind, entry in stale]


def _running(pid: int) -> bool:
    """Whether a process of this id exists (ours included)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _dies_with_parent() -> Callable[[], None] | None:
    """For `preexec_fn`: the child gets SIGTERM when this process dies (Linux `PR_SET_PDEATHSIG`).

    A build killed with SIGKILL cannot stop its `mkdocs` child itself; the kernel does it.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def preexec() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the call: nobody would stop us
            os._exit(1)

    return preexec


PR_SET_PDEATHSIG = 1


def write_atomic(path: FsPath, text: str) -> None:
    """Write a file through a temporary sibling and a rename."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


# ---------------------------------------------------------------- generate


def render_all(handbook: Handbook, env: Environment, calculators: set[str]) -> tuple[Renderer, list[dict[str, list[Any]]], str]:
    """Every generated page, each series' nav section (in handbook order) and the home page's catalogue."""
    renderer = Renderer(env, handbook, calculators)
    sections = [renderer.series(e) for e in handbook.entries]
    changelog.page(renderer, CHANGES, changelog.change_log(handbook.directory, handbook.labels))
    return renderer, sections, renderer.catalogue()


def _write_pages(docs: FsPath, rendered: Renderer) -> None:
    """Write rendered pages under docs."""
    for relative, text in rendered.pages.items():
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def generate(standards: Standards, layout: Layout) -> Generated:
    """Write every page into build/docs (atomically), the nav config and the names search finds first."""
    handbook = assemble(standards)
    env = environment(calculator_site.TEMPLATES, rounds.TEMPLATES)
    layout.build.mkdir(parents=True, exist_ok=True)
    docs = FsPath(tempfile.mkdtemp(prefix=".docs-", dir=layout.build))
    try:
        written = calculator_site.write_calculator(docs, standards, env)
        calculators = written.pages
        rendered, sections, catalogue = render_all(handbook, env, set(calculators))
        content = copy_content(layout.content, docs, catalogue)
        _write_pages(docs, rendered)
        date_pages(docs, calculators, handbook.version.date)
        schedules = rounds.write_rounds(docs, rounds.rounds(standards), handbook.version, env)
        assessments, assessment_nav = rounds.write_review_pages(handbook, env, written.engine)
        for path, text in assessments.items():  # beside the series' pages, whose folders exist
            (docs / path).write_text(text, encoding="utf-8")
        review = [{"评审日程": schedules}] if schedules else []
        review += [{"自评与评审": assessment_nav}] if assessment_nav else []
        content = [(p, {**m, "_title": page_title(m, layout.content / p)}) for p, m in content]
        config = {
            "nav": navigation(handbook, sections, content, list(calculators), review),
            "extra": {"standards_version": handbook.version.text()},
        }
    except BaseException:
        shutil.rmtree(docs, ignore_errors=True)
        raise
    swap(docs, layout.docs)
    write_atomic(layout.config, "# Generated by `competency generate`; do not edit.\n" + _yaml(config))
    write_atomic(layout.search_names, search_index.names_text(handbook))
    review_pages = sum(len(pages) for entry in schedules for pages in entry.values()) + len(assessments)
    return Generated(len(rendered.pages) + len(content) + review_pages, len(calculators), layout.docs)


def _yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200)


# ---------------------------------------------------------------- build


@dataclass(frozen=True)
class Built:
    """The outcome of a site build."""

    ok: bool
    pages: int
    seconds: float
    site: FsPath


def build(standards: Standards, site: FsPath, layout: Layout) -> Built:
    """Generate, run `mkdocs build --strict` into a temporary directory, index it for search, swap it into `site`."""
    start = time.monotonic()
    site = site.resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    with locked(layout):
        clean_stale(site)  # what killed builds left: their copies, or the old site between two renames
        generate(standards, layout)
        temporary = site.with_name(f".{site.name}.new-{os.getpid()}")
        shutil.rmtree(temporary, ignore_errors=True)
        # No --quiet: it raises the log level above WARNING, and strict mode then sees no warnings.
        command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
        command += ["--config-file", str(layout.root / "mkdocs.yml"), "--site-dir", str(temporary)]
        environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # keep the log to what concerns this site
        stamp = git.commit_time(standards.directory)
        if stamp and "SOURCE_DATE_EPOCH" not in environment:
            environment["SOURCE_DATE_EPOCH"] = stamp  # dates in the sitemap come from the commit: builds repeat
        try:
            done = subprocess.run(command, cwd=layout.root, env=environment, preexec_fn=_dies_with_parent())
            if done.returncode != 0:
                return Built(False, 0, time.monotonic() - start, site)
            try:
                search_index.write(temporary, search_index.read_names(layout.search_names))
            except search_index.SearchIndexError as error:
                print(error, file=sys.stderr)
                return Built(False, 0, time.monotonic() - start, site)
            swap(temporary, site)
        finally:
            shutil.rmtree(temporary, ignore_errors=True)  # a failed or interrupted build leaves nothing behind
    pages = sum(1 for _ in site.rglob("index.html"))
    return Built(True, pages, time.monotonic() - start, site)
