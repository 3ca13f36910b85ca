"""The in-page calculator: rules bundle, offline wheels, self-hosted Pyodide and one form page per model.

May import: `calculator`, `teamfile`, `generator.validation`, `generator.git`, `generator.handbook`
(its wording, paths and Jinja environment); never the change log, the site build or the command line.

`write_calculator` is the one call the site generator makes. Everything the page
runs is written into the docs folder, so the built site needs no other host:

- `assets/calculator/rules.json`: every validated standard as plain data, read by `calculator.browser.load`;
- `assets/calculator/*.whl`: the `calculator` and `teamfile` packages as pure-Python
  `py3-none-any` wheels, zipped here with their METADATA, WHEEL and RECORD (no pip, no network);
- `assets/pyodide/`: the runtime files of the pinned npm package `pyodide`;
- `calculator/<model-id>.md` and `calculator/index.md`: forms generated from each model's inputs;
- `sw.js`: the service worker that keeps the calculator pages and their engine for visits offline.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from jinja2 import Environment

import calculator
import teamfile
from generator.handbook.paths import calculator_path
from generator.handbook.render import environment
from generator.validation import Standards

from .bundle import bundle_json
from .files import CalculatorBuildError, digest, write_if_changed
from .forms import ASSETS, INDEX, Boot, head_settings, render_index, render_page
from .offline import kept_files, page_url, write_service_worker
from .pyodide import PYODIDE_DIR, copy_pyodide, download_sizes
from .wheels import build_wheel, package_files, remove_stale_wheels

TEMPLATES = __name__  # the package whose `templates/` folder holds the calculator pages

__all__ = ["TEMPLATES", "CalculatorBuildError", "Written", "write_calculator"]


@dataclass(frozen=True)
class Written:
    """What `write_calculator` wrote: the pages (docs paths, the index first) and what starts the engine."""

    pages: list[str]
    boot: Boot

    def engine(self, base: str) -> dict[str, Any]:
        """The engine's start settings for another page that grades (the 自评与评审 pages), as URLs relative
        to a page `base` away from the site's root: the same files, so one worker serves every page."""
        head = head_settings(base, self.boot)
        return {"runtime": head["runtime"], "settings": head["settings"]}


def _folder(package: ModuleType) -> Path:
    """The folder of an installed package."""
    assert package.__file__ is not None
    return Path(package.__file__).parent


def write_calculator(docs_dir: Path, standards: Standards, env: Environment | None = None) -> Written:
    """Write the rules bundle, wheels, Pyodide runtime and calculator pages; return the pages' paths
    and the engine's start settings.

    `env` is the generation's Jinja environment, which holds this package's templates
    (`environment(TEMPLATES)`); without one, such an environment is made for this call.
    """
    env = env or environment(TEMPLATES)
    assets = docs_dir / ASSETS
    bundle = write_if_changed(assets / "rules.json", bundle_json(standards).encode("utf-8"))
    wheels = [
        build_wheel(f"competency_{package.__name__}", package_files(_folder(package), package.__name__), assets)
        for package in (calculator, teamfile)
    ]
    remove_stale_wheels(assets, wheels)
    copy_pyodide(docs_dir / PYODIDE_DIR)
    boot = Boot(rules=f"rules.json?v={digest(bundle)}", wheels=[w.name for w in wheels], sizes=download_sizes())
    models = [(s, m) for s in standards.series for m in s.models]
    pages = {INDEX: render_index(env, models, standards.labels)}
    for series, model in models:
        pages[calculator_path(model)] = render_page(env, series, model, boot, standards.labels)
    for path, text in pages.items():
        write_if_changed(docs_dir / path, text.encode("utf-8"))
    kept = kept_files(boot.rules, boot.wheels, [page_url(path) for path in pages])
    write_service_worker(docs_dir, kept, "".join(pages.values()).encode("utf-8"))
    return Written(list(pages), boot)
