"""The in-page calculator: rules bundle, offline wheels, self-hosted Pyodide and one form page per model.

`write_calculator` is the one call the site generator makes. Everything the page
runs is written into the docs folder, so the built site needs no other host:

- `assets/calculator/rules.json`: every validated standard as plain data, read by `calculator.browser.load`;
- `assets/calculator/*.whl`: the `calculator` package (and the team-file reader) as pure-Python
  `py3-none-any` wheels, zipped here with their METADATA, WHEEL and RECORD (no pip, no network);
- `assets/pyodide/`: the runtime files of the pinned npm package `pyodide`;
- `calculator/<model-id>.md` and `calculator/index.md`: forms generated from each model's inputs.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import json
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

import calculator
from calculator import load_standard
from calculator.engine import needed_parameters
from calculator.model import Input, Model, Series

from . import rules
from .rules import input_range, visible
from .validate import Standards

ROOT = Path(__file__).resolve().parent.parent
ASSETS = "assets/calculator"
PYODIDE_DIR = "assets/pyodide"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
TEAMFILE = ROOT / "site_overrides" / ASSETS / "teamfile.py"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed timestamps: the same sources give byte-identical wheels
KIND_NAMES = {"scoring": "评分定级", "review": "考核调整", "eligibility": "任职资格测算"}


class CalculatorBuildError(RuntimeError):
    """Something the calculator page needs is missing at build time; the message says what to do."""


def write_calculator(docs_dir: Path, standards: Standards) -> list[str]:
    """Write the rules bundle, wheels, Pyodide runtime and calculator pages; return the pages' paths."""
    assets = docs_dir / ASSETS
    bundle = _write_if_changed(assets / "rules.json", bundle_json(standards).encode("utf-8"))
    wheels = [
        build_wheel("competency_calculator", _package_files(Path(calculator.__file__).parent, "calculator"), assets),
        build_wheel("competency_teamfile", {"teamfile.py": _read(TEAMFILE)}, assets),
    ]
    _remove_stale_wheels(assets, wheels)
    copy_pyodide(docs_dir / PYODIDE_DIR)
    boot = Boot(rules=f"rules.json?v={_digest(bundle)}", wheels=[w.name for w in wheels])
    models = [(s, m) for document in standards.documents for s in load_standard(document.data) for m in s.models]
    pages = {"calculator/index.md": render_index(models)}
    for series, model in models:
        pages[f"calculator/{model.id}.md"] = render_page(series, model, boot)
    for path, text in pages.items():
        _write_if_changed(docs_dir / path, text.encode("utf-8"))
    return list(pages)


# ---------------------------------------------------------------- files


def _read(path: Path) -> bytes:
    """A source file the build needs, or a clear error."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise CalculatorBuildError(f"{path}: cannot read ({error.strerror})") from None


def _write_if_changed(path: Path, data: bytes) -> bytes:
    """Write a file unless it already holds these bytes (keeps `mkdocs serve` from reloading in a loop)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)
    return data


def _digest(data: bytes) -> str:
    """A short content hash for cache-busting file names and URLs."""
    return hashlib.sha256(data).hexdigest()[:12]


def copy_pyodide(target: Path) -> None:
    """Copy the runtime files of the pinned `pyodide` npm package into the site."""
    source = next(
        (base / "node_modules/pyodide" for base in (Path.cwd(), ROOT) if (base / "node_modules/pyodide").is_dir()), None
    )
    if source is None:
        raise CalculatorBuildError("node_modules/pyodide not found: run `npm ci` (or `make setup`) in the project root")
    target.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        src, dst = source / name, target / name
        if not src.is_file():
            raise CalculatorBuildError(f"{src}: missing from the pyodide npm package; reinstall it with `npm ci`")
        if not dst.is_file() or dst.stat().st_size != src.stat().st_size or dst.stat().st_mtime < src.stat().st_mtime:
            shutil.copy2(src, dst)


# ---------------------------------------------------------------- rules bundle


def bundle_json(standards: Standards) -> str:
    """Every validated standard as the page's rules bundle, with the standards' version."""
    bundle = {"standards": [d.data for d in standards.documents], "version": standards_version(standards)}
    return json.dumps(bundle, ensure_ascii=False, sort_keys=True, default=str)


def standards_version(standards: Standards) -> dict[str, Any]:
    """The last commit that touched the standards (hash, date), and whether there are uncommitted changes."""
    folder = Path(standards.documents[0].file).parent if standards.documents else Path("standards")
    log = _git(folder, "log", "-1", "--format=%H%x00%cI", "--", ".")
    if not log:
        return {"commit": None, "date": None, "modified": None}
    commit, date = log.split("\0")
    return {"commit": commit[:12], "date": date, "modified": bool(_git(folder, "status", "--porcelain", "--", "."))}


def _git(folder: Path, *args: str) -> str:
    """Output of a git command in a folder; empty when git or the repository is missing."""
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


# ---------------------------------------------------------------- wheels


def _package_files(folder: Path, package: str) -> dict[str, bytes]:
    """The files of a package folder as wheel archive paths: its modules and py.typed."""
    files = sorted([*folder.glob("*.py"), *folder.glob("py.typed")])
    return {f"{package}/{path.name}": _read(path) for path in files}


def _project_version() -> str:
    """The project's version from its installed metadata."""
    try:
        return importlib.metadata.version("competency-handbook")
    except importlib.metadata.PackageNotFoundError:
        return "0"


def build_wheel(name: str, files: dict[str, bytes], out_dir: Path) -> Path:
    """Write a pure-Python `py3-none-any` wheel of `files`; its local version is their content hash."""
    version = f"{_project_version()}+{_digest(b''.join(k.encode() + v for k, v in sorted(files.items())))}"
    info = f"{name}-{version}.dist-info"
    metadata = {
        f"{info}/METADATA": (
            f"Metadata-Version: 2.1\nName: {name.replace('_', '-')}\nVersion: {version}\n"
            "Summary: Built by competency-handbook for the in-page calculator\nRequires-Python: >=3.11\n"
        ).encode(),
        f"{info}/WHEEL": (
            b"Wheel-Version: 1.0\nGenerator: competency-handbook (generator/calculator_site.py)\n"
            b"Root-Is-Purelib: true\nTag: py3-none-any\n"
        ),
    }
    contents = {**files, **metadata}
    record = [f"{path},sha256={_record_hash(data)},{len(data)}" for path, data in contents.items()]
    contents[f"{info}/RECORD"] = ("\n".join([*record, f"{info}/RECORD,,"]) + "\n").encode()
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}-{version}-py3-none-any.whl"
    if not path.is_file():
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for archive_path, data in contents.items():
                entry = zipfile.ZipInfo(archive_path, date_time=ZIP_DATE)
                entry.external_attr = 0o644 << 16
                archive.writestr(entry, data, zipfile.ZIP_DEFLATED)
    return path


def _record_hash(data: bytes) -> str:
    """A RECORD hash: urlsafe base64 of the sha256, without padding."""
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _remove_stale_wheels(folder: Path, keep: list[Path]) -> None:
    """Delete wheels of earlier builds so the site ships only the current ones."""
    for old in folder.glob("*.whl"):
        if old not in keep:
            old.unlink()


# ---------------------------------------------------------------- pages


@dataclass(frozen=True)
class Boot:
    """What the page script loads, as file names inside `assets/calculator/`."""

    rules: str
    wheels: list[str]


def _environment() -> jinja2.Environment:
    """Jinja for the pages: HTML autoescaped, every variable required.

    The form is one raw HTML block (Markdown leaves it alone), so autoescaping is all its text
    needs; Markdown lines (the heading, the index table) use `md`/`cell`, which write the text
    as `rules.text()` does everywhere else in the handbook. Display text from the standards has
    its invisible control characters removed (`visible`) before it gets here.
    """
    environment = jinja2.Environment(
        loader=jinja2.DictLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(md=rules.text, cell=lambda value: rules.text(value) or markupsafe.Markup(" "))
    return environment


def render_index(models: list[tuple[Series, Model]]) -> str:
    """The calculator index: every model with its kind and series."""
    rows = [
        {"id": m.id, "title": m.title, "kind": KIND_NAMES.get(m.kind, m.kind), "series": s.name, "inputs": _labels(m)}
        for s, m in models
    ]  # written with the `cell` filter: Markdown table cells
    return _environment().get_template("index.md").render(models=rows)


def _labels(model: Model) -> str:
    """The input labels of a model, for the index."""
    return "、".join(spec.label for spec in model.inputs)


def render_page(series: Series, model: Model, boot: Boot) -> str:
    """One calculator page: the form generated from the model's inputs, result region and team mode."""
    base = "../../"  # the page's URL is calculator/<model-id>/ (MkDocs' directory URLs)
    environment = _environment()
    head = head_settings(base, boot)
    form = environment.get_template("form.html").render(
        model=model,
        kind=KIND_NAMES.get(model.kind, model.kind),
        series_name=visible(series.name),
        text=visible(model.text),
        fields=[field_view(series, spec) for spec in model.inputs],
        params=[
            {"id": p.id, "name": visible(p.name), "unit": visible(p.unit), "source": visible(p.source)}
            for p in needed_parameters(series, model)
        ],
        base=base,
        asset=f"{base}{ASSETS}/",
        **head["settings"],
    )
    # Markdown ends a raw HTML block at a blank line in some parsers: keep the form one block
    squeezed = "\n".join(line for line in form.splitlines() if line.strip())
    return environment.get_template("page.md").render(
        model=model, title=rules.title(f"{model.title}（计算器）"), form=markupsafe.Markup(squeezed), head=head
    )


def head_settings(base: str, boot: Boot) -> dict[str, Any]:
    """What a calculator page's <head> starts (`site_overrides/main.html`), as URLs relative to the page.

    The head starts `runtime` with `settings` (the files the form's data attributes name too)
    while the rest of the page is parsed, and preloads the page's modules and Pyodide's, so
    they are not fetched one after another once calculator.js has run. Pyodide's data files,
    the wheels and the rules are fetched by the runtime as soon as it starts; `<link
    rel=preload as=fetch>` for them made Chromium download each twice, because a fetch made
    that early is not matched to its preload.
    """
    assets, pyodide = f"{base}{ASSETS}/", f"{base}{PYODIDE_DIR}/"
    modules = sorted(path.name for path in (ROOT / "site_overrides" / ASSETS).glob("*.js"))
    return {
        "runtime": f"{assets}runtime.js",
        "settings": {
            "pyodide": pyodide,
            "rules": f"{assets}{boot.rules}",
            "wheels": [f"{assets}{w}" for w in boot.wheels],
        },
        "modules": [assets + name for name in modules] + [pyodide + n for n in PYODIDE_FILES if n.endswith(".mjs")],
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
    count_text = (
        f"共 {spec.min_items} 项"
        if fixed
        else f"{spec.min_items}-{spec.max_items} 项"
        if spec.max_items is not None
        else f"至少 {spec.min_items} 项"
    )
    return {
        "control": "list",
        "record": bool(spec.fields),
        "parts": parts,
        "rows": max(spec.min_items, 1),
        "fixed": fixed,
        "min_items": spec.min_items,
        "max_items": "" if spec.max_items is None else spec.max_items,
        "count": count_text,
        "inputmode": "numeric" if spec.items == "integer" else "decimal",
    }


_INDEX = """\
---
title: 定级计算器
---

# 定级计算器

每个计算器都直接运行本手册的定级规则（与命令行 `competency grade` 是同一套 Python 代码，\
在浏览器中由 Pyodide 执行）。**输入的数据只在您的浏览器中计算，不会发送到服务器**；\
分享链接把输入放在网址 `#` 之后的部分，这一部分浏览器不会发给服务器。

| 计算器 | 类型 | 职级序列 | 输入项 |
|---|---|---|---|
{% for m in models %}
| [{{ m.title|cell }}]({{ m.id }}.md) | {{ m.kind|cell }} | {{ m.series|cell }} | {{ m.inputs|cell }} |
{% endfor %}

## 团队批量定级

每个计算器页面下方都可以上传一个 CSV 或 Excel（.xlsx）文件，一行一人，逐行定级，结果可下载为 CSV 或 Excel。

- 第一行是列名：输入项的中文名称或英文键名均可（如“沟通能力”或 `communication`），多余的列（如姓名、工号）原样保留。
- 列表类输入（如三个月的月度绩效、各季度的考核分和达成率）有两种写法：
    - 每个元素一列，列名为“名称.序号”，序号从 1 开始、按时间从早到晚，如 `近三个月月度绩效.1`、`近三个月月度绩效.2`；
      由多个字段组成的，列名为“名称.序号.字段”，如 `quarters.1.score`、`季度考核数据（从早到晚）.1.达成率`；
    - 或整个列表写在一个单元格里：数字之间用逗号或空格分隔（`80, 85, 90`），\
或写成 JSON（`[{"score": 80, "attainment": 95}]`）。
- 空单元格视为未填写；每个计算器页面都可以下载一份带好列名的空白模板。
"""

_PAGE = """\
---
title: {{ title|tojson }}
hide:
  - toc
calculator: {{ head|tojson }}
---

# {{ model.title|md }}

{{ form }}
"""

_FORM = """\
<div class="calc" data-calculator data-model="{{ model.id }}" data-kind="{{ model.kind }}" \
data-pyodide="{{ pyodide }}" data-rules="{{ rules }}" data-wheels='{{ wheels|tojson }}'>
<link rel="stylesheet" href="{{ asset }}calculator.css">
<p class="calc-intro"><span class="calc-kind">{{ kind }}</span> {{ series_name }}\
{% if text %}：{{ text }}{% endif %}</p>
<div class="calc-status" data-status role="status">
<progress class="calc-progress" data-progress max="100" value="0">0%</progress>
<span class="calc-status__text" data-status-text>计算引擎加载中……可以先填写表单，加载完成后立即显示结果。</span>
</div>
<div class="calc-notice" data-notice role="alert" hidden></div>
<form class="calc-form" data-form novalidate autocomplete="off">
<h2 class="calc-heading" id="calc-inputs">输入</h2>
{% for f in fields %}
{{ field(f) }}
{% endfor %}
{% if params %}
<fieldset class="calc-params" data-params>
<legend class="calc-label">试算参数（人力资源部尚未设定）</legend>
<p class="calc-help">本模型的规则依赖源文件留给公司自定的数值（原文为“[X]”），人力资源部尚未设定。\
不填写时不给出结论；填写试算值后按试算值测算，结果标明为试算，不是正式结论。</p>
{% for p in params %}
<div class="calc-field calc-field--text" data-param="{{ p.id }}">
<label class="calc-label" for="calc-param-{{ p.id }}">{{ p.name }}</label>
<div class="calc-control">
<input id="calc-param-{{ p.id }}" class="calc-input" type="text" inputmode="decimal" name="param:{{ p.id }}" \
value="" autocomplete="off" spellcheck="false" \
aria-describedby="calc-param-{{ p.id }}-help calc-param-{{ p.id }}-error">
{% if p.unit %}<span class="calc-unit" aria-hidden="true">{{ p.unit }}</span>{% endif %}
</div>
<p class="calc-help" id="calc-param-{{ p.id }}-help">原文：{{ p.source }}</p>
<p class="calc-error" id="calc-param-{{ p.id }}-error" data-error-for="param:{{ p.id }}"></p>
</div>
{% endfor %}
</fieldset>
{% endif %}
</form>
<div class="calc-actions">
<button type="button" class="md-button" data-action="share">复制分享链接</button>
<button type="button" class="md-button" data-action="print">打印结果</button>
<button type="button" class="md-button" data-action="clear">清空</button>
<span class="calc-actions__status" data-action-status role="status"></span>
</div>
<section class="calc-output" aria-labelledby="calc-result-heading">
<h2 class="calc-heading" id="calc-result-heading">结果</h2>
<div class="calc-print-meta" data-print-meta></div>
<div id="result" class="calc-result" aria-live="polite" data-result="" data-state="loading">
<p class="calc-result__placeholder">填写上面的输入项后，这里显示结果。</p>
</div>
<div class="calc-details" data-details></div>
<figure class="calc-chart" data-chart hidden></figure>
</section>
<section class="calc-team" data-team aria-labelledby="calc-team-heading">
<h2 class="calc-heading" id="calc-team-heading">团队批量定级</h2>
<p>上传 CSV 或 Excel（.xlsx）文件，一行一人；列名用输入项的中文名称或键名。\
文件只在本机读取和计算，不会上传。列的写法见<a href="../">计算器首页</a>。</p>
<div class="calc-drop" data-drop>
<label class="calc-drop__label" for="calc-team-file">选择文件，或把文件拖到这里</label>
<input id="calc-team-file" class="calc-drop__input" type="file" data-team-file \
accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet">
</div>
<div class="calc-actions">
<button type="button" class="md-button" data-action="template">下载空白模板（CSV）</button>
<button type="button" class="md-button" data-action="download-csv" disabled>下载结果（CSV）</button>
<button type="button" class="md-button" data-action="download-xlsx" disabled>下载结果（Excel）</button>
</div>
<div class="calc-team__status" data-team-status role="status" aria-live="polite"></div>
<div class="calc-team__table" data-team-table></div>
</section>
</div>
<script type="module" src="{{ asset }}calculator.js"></script>
"""

_MACROS = """\
{% macro describedby(id, help) %}{% if help %}{{ id }}-help {% endif %}{{ id }}-error{% endmacro %}
{% macro text_input(id, name, mode, value, label_id="") %}
<input id="{{ id }}" class="calc-input" type="text" inputmode="{{ mode }}" name="{{ name }}" \
value="{{ value }}" autocomplete="off" spellcheck="false"{% if label_id %} aria-labelledby="{{ label_id }}"{% endif %}>
{% endmacro %}
{% macro field(f) %}
{% set id = "calc-" ~ f.key %}
{% set help = f.get("range") or f.help %}
{% if f.control in ("radio", "list") %}
<fieldset class="calc-field calc-field--{{ f.control }}" data-input="{{ f.key }}" data-type="{{ f.type }}" \
aria-describedby="{{ describedby(id, help) }}">
<legend class="calc-label">{{ f.label }}\
{% if f.control == "list" %} <span class="calc-count">（{{ f.count }}）</span>{% endif %}</legend>
{% if f.control == "radio" %}
<div class="calc-radios">
{% for value, text in f.options %}
<label class="calc-radio"><input type="radio" name="{{ f.key }}" value="{{ value }}"\
{% if f.default|string|lower == value %} checked{% endif %}> {{ text }}</label>
{% endfor %}
</div>
{% else %}
{{ list_rows(f, id) }}
{% endif %}
{% else %}
<div class="calc-field calc-field--{{ f.control }}" data-input="{{ f.key }}" data-type="{{ f.type }}">
<label class="calc-label" for="{{ id }}">{{ f.label }}</label>
<div class="calc-control">
{% if f.control == "select" %}
<select id="{{ id }}" class="calc-input" name="{{ f.key }}" aria-describedby="{{ describedby(id, help) }}">
<option value="">请选择……</option>
{% for value, text in f.options %}
<option value="{{ value }}"{% if f.default == value %} selected{% endif %}>{{ text }}</option>
{% endfor %}
</select>
{% else %}
<input id="{{ id }}" class="calc-input" type="text" inputmode="{{ f.inputmode }}" name="{{ f.key }}" \
value="{{ f.default }}" autocomplete="off" spellcheck="false" aria-describedby="{{ describedby(id, help) }}">
{% endif %}
{% if f.unit %}<span class="calc-unit" aria-hidden="true">{{ f.unit }}</span>{% endif %}
</div>
{% endif %}
{% if help %}
<p class="calc-help" id="{{ id }}-help">{% if f.get("range") %}范围 {{ f.range }}。{% endif %}{{ f.help }}</p>
{% endif %}
<p class="calc-error" id="{{ id }}-error" data-error-for="{{ f.key }}"></p>
{% if f.control in ("radio", "list") %}
</fieldset>
{% else %}
</div>
{% endif %}
{% endmacro %}
{% macro list_row(f, id, i, n) %}
<div class="calc-row" data-row role="group" aria-labelledby="{{ id }}-{{ i }}-label">
<span class="calc-row__label" id="{{ id }}-{{ i }}-label">第 <span data-nth>{{ n }}</span> 项</span>
{% for p in f.parts %}
{% set pid = id ~ "-" ~ i ~ ("-" ~ p.key if p.key else "") %}
<span class="calc-row__part" data-part="{{ p.key }}">
{% if p.label %}<label class="calc-row__field" for="{{ pid }}">{{ p.label }}</label>{% endif %}
<input id="{{ pid }}" class="calc-input" type="text" inputmode="{{ f.inputmode }}" \
autocomplete="off" spellcheck="false" data-field="{{ p.key }}" \
aria-label="{{ f.label }} 第 {{ n }} 项{% if p.label %} {{ p.label }}{% endif %}\
{% if p.range %}（{{ p.range }}）{% endif %}">
{% if p.unit %}<span class="calc-unit" aria-hidden="true">{{ p.unit }}</span>{% endif %}
</span>
{% endfor %}
{% if not f.fixed %}
<button type="button" class="calc-row__remove" data-action="remove-row" aria-label="删除第 {{ n }} 项">删除</button>
{% endif %}
</div>
{% endmacro %}
{% macro list_rows(f, id) %}
<div class="calc-rows" data-rows data-min="{{ f.min_items }}" data-max="{{ f.max_items }}">
{% for i in range(f.rows) %}
{{ list_row(f, id, i, i + 1) }}
{% endfor %}
</div>
{% if not f.fixed %}
<template data-row-template>
{{ list_row(f, id, "__i__", "__n__") }}
</template>
<button type="button" class="md-button calc-row__add" data-action="add-row">添加一项</button>
{% endif %}
{% endmacro %}
"""

TEMPLATES = {
    "index.md": _INDEX,
    "page.md": _PAGE,
    "form.html": '{% from "macros.html" import field %}\n' + _FORM,
    "macros.html": _MACROS,
}
