"""The service worker that keeps the calculator pages and their engine for repeat visits without network."""

from __future__ import annotations

import json
from pathlib import Path

from .files import digest, read, write_if_changed
from .forms import ASSETS
from .pyodide import PYODIDE_DIR, PYODIDE_FILES, pyodide_version

SERVICE_WORKER = "sw.js"  # at the site's root: its scope is the whole site, pages included
SOURCE = Path(__file__).parent / "templates" / "offline" / "sw.js"
ROOT = Path(__file__).resolve().parents[2]


def cache_first() -> list[str]:
    """Path prefixes whose files never change under their name: Pyodide's (versioned folder), wheels, rules."""
    return [f"{PYODIDE_DIR}/", f"{ASSETS}/competency_", f"{ASSETS}/rules.json?v="]


def page_url(path: str) -> str:
    """A page's URL relative to the site root (directory URLs): `calculator/a.md` → `calculator/a/`."""
    stem = path.removesuffix(".md")
    return stem.removesuffix("index") if stem.endswith("/index") or stem == "index" else stem + "/"


def kept_files(rules: str, wheels: list[str], pages: list[str]) -> list[str]:
    """What the service worker fetches when it installs: the engine, the page scripts and the calculator pages."""
    scripts = sorted(p.name for p in (ROOT / "site_overrides" / ASSETS).iterdir() if p.suffix in (".js", ".css"))
    return [
        *(f"{PYODIDE_DIR}/{name}" for name in PYODIDE_FILES),
        *(f"{ASSETS}/{name}" for name in [*scripts, *wheels, rules]),
        *pages,
    ]


def write_service_worker(docs_dir: Path, kept: list[str], contents: bytes) -> None:
    """Write `sw.js`, named for this build: `contents` (what the pages hold) changes its cache's name."""
    own = [p for p in kept if p.startswith(ASSETS + "/") and p.endswith((".js", ".css"))]
    scripts = b"".join(read(ROOT / "site_overrides" / ASSETS / Path(p).name) for p in own)
    version = f"{pyodide_version()}-{digest(contents + scripts + json.dumps(kept).encode())}"
    text = (
        read(SOURCE)
        .decode("utf-8")
        .replace("__VERSION__", version)
        .replace("__PRECACHE__", json.dumps(kept))
        .replace("__CACHE_FIRST__", json.dumps(cache_first()))
    )
    write_if_changed(docs_dir / SERVICE_WORKER, text.encode("utf-8"))
