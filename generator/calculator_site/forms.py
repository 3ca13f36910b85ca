"""The calculator pages: one form per model, generated from its inputs, and the index of all calculators."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from calculator.engine import needed_parameters
from calculator.model import Input, Model, Series
from calculator.words import count_text
from generator.handbook import wording
from generator.handbook.paths import link
from generator.handbook.wording import input_range, visible
from generator.validation import Labels

from .pyodide import PYODIDE_DIR

ROOT = Path(__file__).resolve().parents[2]
ASSETS = "assets/calculator"
INDEX = "calculator/index.md"
WORKER = "worker.js"  # the engine's module worker, started by runtime.js
RUNTIME = "runtime.js"  # the page's end of the worker, started from a calculator page's <head>


@dataclass(frozen=True)
class Boot:
    """What the page script loads, as file names inside `assets/calculator/`."""

    rules: str
    wheels: list[str]
    sizes: dict[str, int]  # bytes of the runtime files the progress bar counts


def render_index(env: Environment, models: list[tuple[Series, Model]], labels: Labels) -> str:
    """The calculator index: every model with its kind and series (Markdown table cells, through `cell`)."""
    rows = [
        {
            "link": link(f"{m.id}.md"),  # a sibling of the index
            "title": m.title,
            "kind": labels.model_kind.get(m.kind, m.kind),
            "series": s.name,
            "inputs": _labels(m),
        }
        for s, m in models
    ]
    return env.get_template("calculator/index.md").render(models=rows)


def _labels(model: Model) -> str:
    """The input labels of a model, for the index."""
    return "、".join(spec.label for spec in model.inputs)


def render_page(env: Environment, series: Series, model: Model, boot: Boot, labels: Labels) -> str:
    """One calculator page: the form generated from the model's inputs, result region and team mode.

    The form is one raw HTML block (Markdown leaves it alone), rendered from an autoescaped
    `.html` template; display text from the standards has its invisible control characters
    removed (`visible`) before it gets there.
    """
    base = "../../"  # the page's URL is calculator/<model-id>/ (MkDocs' directory URLs)
    head = head_settings(base, boot)
    form = env.get_template("calculator/form.html").render(
        model=model,
        kind=labels.model_kind.get(model.kind, model.kind),
        series_name=visible(series.name),
        text=visible(model.text),
        fields=[field_view(series, spec) for spec in model.inputs],
        params=[
            {"id": p.id, "name": visible(p.name), "unit": visible(p.unit), "source": visible(p.source)}
            for p in needed_parameters(series, model)
        ],
        share_key=share_key(series, model),
        base=base,
        asset=f"{base}{ASSETS}/",
        **head["settings"],
    )
    # Markdown ends a raw HTML block at a blank line in some parsers: keep the form one block
    squeezed = "\n".join(line for line in form.splitlines() if line.strip())
    return env.get_template("calculator/page.md").render(
        model=model, title=wording.title(f"{model.title}（计算器）"), form=Markup(squeezed), head=head
    )


def share_key(series: Series, model: Model) -> str:
    """What a compact share link (share.js) carries to tell that it still fits the form: a hash of the inputs
    in order (key, type, options or levels, record fields) and the trial parameters, 3 characters (base 36).

    A standard that adds, removes, reorders or renames an input or option changes it, and older links are
    then refused with a message instead of filling the wrong boxes.
    """
    shape = [
        [
            spec.key,
            spec.type,
            [o.value for o in spec.options] if spec.type == "choice" else [],
            [lv.id for lv in series.levels] if spec.type == "level" else [],
            [f.key for f in spec.fields],
        ]
        for spec in model.inputs
    ]
    params = [p.id for p in needed_parameters(series, model)]
    text = json.dumps([shape, params], ensure_ascii=False, separators=(",", ":"))
    value = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:4], "big") % 36**3
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    return digits[value // 1296] + digits[value // 36 % 36] + digits[value % 36]


def head_settings(base: str, boot: Boot) -> dict[str, Any]:
    """What a calculator page's <head> starts (`site_overrides/main.html`), as URLs relative to the page.

    The head starts `runtime` with `settings` (the files the form's data attributes name too)
    while the rest of the page is parsed, and preloads the page's modules, so they are not
    fetched one after another once calculator.js has run; the runtime comes first, as the
    start waits on it alone. The engine runs in `worker.js`,
    which fetches Pyodide, the wheels and the rules itself (a worker has its own module map:
    preloading them from the page would download them twice).
    """
    assets, pyodide = f"{base}{ASSETS}/", f"{base}{PYODIDE_DIR}/"
    names = sorted(path.name for path in (ROOT / "site_overrides" / ASSETS).glob("*.js") if path.name != WORKER)
    modules = [RUNTIME, *(name for name in names if name != RUNTIME)]
    return {
        "runtime": f"{assets}{RUNTIME}",
        "settings": {
            "pyodide": pyodide,
            "rules": f"{assets}{boot.rules}",
            "wheels": [f"{assets}{w}" for w in boot.wheels],
            "sizes": boot.sizes,
            "worker": f"{assets}{WORKER}",
            "serviceWorker": f"{base}sw.js",
        },
        "modules": [assets + name for name in modules],
    }


def field_view(series: Series, spec: Input) -> dict[str, Any]:
    """What the form template needs for one input."""
    view: dict[str, Any] = {
        "key": spec.key,
        "label": visible(spec.label),
        "type": spec.type,
        "unit": visible(spec.unit),
        "help": visible(spec.help),
        "default": "" if spec.default is None else spec.default,
    }
    if spec.type in ("number", "integer"):
        view.update(control="text", inputmode="numeric" if spec.type == "integer" else "decimal")
        view["range"] = visible(input_range(spec))
    elif spec.type == "choice":
        view.update(control="select", options=[(o.value, visible(o.label)) for o in spec.options])
    elif spec.type == "level":
        view.update(control="select", options=[(lv.id, visible(_level_label(lv.id, lv.name))) for lv in series.levels])
    elif spec.type == "boolean":
        view.update(control="radio", options=[("true", "是"), ("false", "否")])
    else:
        view.update(_list_view(spec))
    return view


def _level_label(level_id: str, name: str) -> str:
    """A level as the select shows it: name, with the id when it differs."""
    return name if name == level_id else f"{name}（{level_id}）"


def _list_view(spec: Input) -> dict[str, Any]:
    """A list input: its rows (numbers or records) and how many it takes."""
    fixed = spec.max_items is not None and spec.max_items == spec.min_items
    if spec.fields:
        parts = [
            {"key": f.key, "label": visible(f.label), "unit": visible(f.unit), "range": visible(input_range(f))}
            for f in spec.fields
        ]
    else:
        parts = [{"key": "", "label": "", "unit": visible(spec.unit), "range": visible(input_range(spec))}]
    return {
        "control": "list",
        "record": bool(spec.fields),
        "parts": parts,
        "rows": max(spec.min_items, 1),
        "fixed": fixed,
        "min_items": spec.min_items,
        "max_items": "" if spec.max_items is None else spec.max_items,
        "count": count_text(spec.min_items, spec.max_items),
        "inputmode": "numeric" if spec.items == "integer" else "decimal",
    }
