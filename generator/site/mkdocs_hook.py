"""A thin MkDocs hook for `mkdocs serve`: regenerate when standards/ or content/ change.

`mkdocs.yml` watches both folders; on every rebuild this hook re-runs the generator when
their files changed (validation errors are logged and the previous pages stay), then
refreshes the navigation and version that MkDocs read from build/generated.yml before the
regeneration. `mkdocs build` and `competency build` are left alone: they build what
`competency generate` wrote. Zensical ignores hooks, which is fine for the same reason.
"""

from __future__ import annotations

import logging
from pathlib import Path as FsPath
from typing import Any

import yaml

from generator.site.publish import Layout

log = logging.getLogger("mkdocs.hooks.competency")
_state: dict[str, Any] = {"command": None, "fingerprint": None}


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether we are serving."""
    _state["command"] = command


def fingerprint(*folders: FsPath) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and times of every file under the folders: changes when anything is edited."""
    found = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                stat = path.stat()
                found.append((path.as_posix(), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


def _up_to_date(generated: FsPath, sources: tuple[tuple[str, int, int], ...]) -> bool:
    """Whether the generated output is newer than every source file."""
    return generated.is_file() and all(mtime <= generated.stat().st_mtime_ns for _p, _s, mtime in sources)


def _regenerate(root: FsPath) -> bool:
    """Validate and generate; log every validation issue. True when pages were written."""
    from generator.site import generate, locked
    from generator.validation import validate

    standards = validate(root / "standards")
    for issue in standards.issues:
        (log.error if issue.severity == "error" else log.warning)(str(issue))
    if standards.errors:
        log.error("Standards do not validate; the previous pages stay in place.")
        return False
    layout = Layout(root)
    with locked(layout):
        done = generate(standards, layout)
    log.info(f"Regenerated {done.pages} pages from standards/ and content/")
    return True


def on_config(config: Any) -> Any:
    """While serving, regenerate on change and take the fresh navigation and version."""
    if _state["command"] != "serve":
        return config
    root = FsPath(config.config_file_path).resolve().parent
    current = fingerprint(root / "standards", root / "content")
    if _state["fingerprint"] is None and _up_to_date(Layout(root).config, current):
        _state["fingerprint"] = current  # `make serve` has just run `competency generate`
    if current != _state["fingerprint"] and _regenerate(root):
        _state["fingerprint"] = current
    generated = yaml.safe_load(Layout(root).config.read_text(encoding="utf-8"))
    config["nav"] = generated["nav"]
    config["extra"]["standards_version"] = generated["extra"]["standards_version"]
    return config
