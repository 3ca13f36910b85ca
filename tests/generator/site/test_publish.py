"""Publishing is atomic: a kill at any moment leaves a complete site, and the next build cleans up."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from devtools import ROOT
from generator.site import publish

COMPLETE = "index.html"


def fake_site(path: Path, version: str, files: int = 50) -> Path:
    """A complete fake site: every page plus the marker written last."""
    path.mkdir(parents=True)
    for n in range(files):
        (path / f"page-{n}.html").write_text(version, encoding="utf-8")
    (path / COMPLETE).write_text(version, encoding="utf-8")
    return path


def site_version(path: Path) -> str | None:
    """The version of a complete site at path, None when it is missing or partial."""
    if not (path / COMPLETE).is_file():
        return None
    versions = {page.read_text(encoding="utf-8") for page in path.glob("*.html")}
    return versions.pop() if len(versions) == 1 else None


def _swap_and_die(tmp_path: Path, exchange: bool) -> None:
    """In a child process: swap a new site in and SIGKILL ourselves between the two steps."""
    script = f"""
import os, signal
from pathlib import Path
from generator.site import publish as site
site._between_steps = lambda: os.kill(os.getpid(), signal.SIGKILL)
if not {exchange}:
    site._exchange = lambda first, second: False
folder = Path({str(tmp_path)!r})
site.swap(folder / f".site.new-{{os.getpid()}}", folder / "site")
"""
    reader = "import sys; exec(sys.stdin.read())"
    child = subprocess.Popen([sys.executable, "-c", reader], cwd=ROOT, stdin=subprocess.PIPE)
    # the new site is written under the child's pid, as a build writes it, before the swap starts
    fake_site(tmp_path / f".site.new-{child.pid}", "new")
    child.communicate(script.encode())
    assert child.returncode == -signal.SIGKILL


def test_exchange_is_available_here(tmp_path: Path) -> None:
    """The atomic swap is what this machine (Linux) uses; the fallback is tested below on its own."""
    first, second = fake_site(tmp_path / "a", "a", 1), fake_site(tmp_path / "b", "b", 1)
    assert publish._exchange(first, second)
    assert (site_version(first), site_version(second)) == ("b", "a")


def test_a_kill_between_the_steps_of_a_swap_leaves_a_complete_site(tmp_path: Path) -> None:
    fake_site(tmp_path / "site", "old")
    _swap_and_die(tmp_path, exchange=True)
    assert site_version(tmp_path / "site") == "new"  # never missing, never half
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site."))
    assert len(leftovers) == 1 and leftovers[0].startswith(".site.new-")  # the old site, under the temporary name
    removed = publish.clean_stale(tmp_path / "site")
    assert [p.name for p in removed] == leftovers
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert site_version(tmp_path / "site") == "new"


def test_without_the_exchange_the_next_build_puts_the_old_site_back(tmp_path: Path) -> None:
    fake_site(tmp_path / "site", "old")
    _swap_and_die(tmp_path, exchange=False)
    assert not (tmp_path / "site").exists()  # the window two renames cannot close
    publish.clean_stale(tmp_path / "site")
    assert site_version(tmp_path / "site") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_swaps_with_a_reader_never_see_the_site_missing(tmp_path: Path) -> None:
    """A server reading the site while builds swap new versions in always finds a complete one."""
    target = fake_site(tmp_path / "site", "v0", files=5)
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, pathlib, time\n"
            "site = pathlib.Path(sys.argv[1]); end = time.time() + 3; misses = reads = 0\n"
            "while time.time() < end:\n"
            "    reads += 1\n"
            "    misses += not (site / 'index.html').is_file()\n"
            "print(reads, misses)\n",
            str(target),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    n = 0
    while reader.poll() is None:
        n += 1
        new = fake_site(tmp_path / f".site.new-{os.getpid()}", f"v{n}", files=5)
        publish.swap(new, target)
    reads, misses = map(int, reader.communicate()[0].split())
    assert n > 10 and reads > 1000
    assert misses == 0
    assert site_version(target) == f"v{n}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_clean_stale_keeps_what_running_builds_write(tmp_path: Path) -> None:
    mine = fake_site(tmp_path / f".site.new-{os.getpid()}", "mine", 1)
    other = fake_site(tmp_path / ".docs.new-1", "other", 1)  # another name: not this site's
    dead = fake_site(tmp_path / ".site.new-999999999", "dead", 1)
    publish.clean_stale(tmp_path / "site")
    assert mine.exists() and other.exists() and not dead.exists()
