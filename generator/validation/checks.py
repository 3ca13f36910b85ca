"""Validation of a standards directory: syntax, schema, semantics, worked examples."""

from __future__ import annotations

import math
import multiprocessing
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path as FsPath
from typing import Any

from jsonschema import Draft202012Validator

from calculator import resolve_parameters

from .issues import Issue, Path
from .load import Document, load_document, scan
from .schema import UNKNOWN_KEY, SchemaFileError, labels, schema_issues, validator
from .semantics import _param_refs, document_issues
from .standard import Standard, Standards


def validate(directory: FsPath, strict: bool = False) -> Standards:
    """Load and check every standard of a directory; report all problems, sorted by place."""
    files, issues = scan(directory)
    if not files:
        return Standards(directory, [], [], [*issues, Issue(str(directory), 1, 1, (), "找不到标准文件（*.yaml）")])
    try:
        check = validator(str(directory))
    except SchemaFileError as error:
        return Standards(directory, [], [], [*issues, error.issue])
    loaded: list[Document] = []
    for path in files:
        document, problems = load_document(path)
        issues += problems
        if document is not None:
            loaded.append(document)
    checked: list[Document] = []
    standards: list[Standard] = []
    for document, found in zip(loaded, _schema_checks(loaded, check, strict), strict=True):
        issues += found
        issues += _guarded(document, markup_warnings)
        if any(i.severity == "error" and not i.message.startswith(UNKNOWN_KEY) for i in found):
            continue  # the structure is wrong: semantic checks would only repeat it
        checked.append(document)
        early = _guarded(document, number_issues) or _guarded(document, lambda d: parameter_type_issues(d, check))
        if early:
            issues += early
            continue
        try:
            semantic, standard = document_issues(document)
        except RecursionError:
            issues.append(document.issue((), TOO_DEEP))
            continue
        issues += semantic
        if standard is not None:
            standards.append(standard)
    issues += _cross_file_issues(checked)
    ordered = sorted(issues, key=lambda i: i.sort_key)
    return Standards(
        directory, checked, standards, ordered, labels(dict(check.schema) if isinstance(check.schema, dict) else {})
    )


def _guarded(document: Document, check: Any) -> list[Issue]:
    """A check of one document; nesting too deep for Python's recursion becomes an issue, not a traceback."""
    try:
        found: list[Issue] = check(document)
    except RecursionError:
        return [document.issue((), TOO_DEEP)]
    return found


TOO_DEEP = "文档嵌套过深，无法检查：请减少列表和映射的层数"
PARALLEL_FROM = 100  # documents; below this, starting processes costs more than it saves
_JOB: tuple[list[Document], Draft202012Validator, bool] | None = None


def _schema_checks(documents: list[Document], check: Draft202012Validator, strict: bool) -> list[list[Issue]]:
    """Schema issues of each document; on a large handbook, spread over the CPU cores (forked processes)."""
    workers = min(os.cpu_count() or 1, 8)
    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    if len(documents) < PARALLEL_FROM or workers < 2 or not forkable:  # never fork a threaded process (serve)
        return [_guarded(document, lambda d: schema_issues(d, check, strict)) for document in documents]
    global _JOB
    _JOB = (documents, check, strict)  # inherited by the forked workers, not pickled
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_schema_part, [(start, workers) for start in range(workers)])
    finally:
        _JOB = None
    found: list[list[Issue]] = [[] for _ in documents]
    for start, part in enumerate(parts):
        for offset, issues in enumerate(part):
            found[start + offset * workers] = issues
    return found


def _schema_part(span: tuple[int, int]) -> list[list[Issue]]:
    """In a worker: the schema issues of every `step`-th document from `start`."""
    assert _JOB is not None
    documents, check, strict = _JOB
    start, step = span
    return [_guarded(document, lambda d: schema_issues(d, check, strict)) for document in documents[start::step]]


KINDS = {"standard": "标准", "series": "系列", "model": "模型"}


def _cross_file_issues(documents: list[Document]) -> list[Issue]:
    """Standard, series and model ids are unique across all files."""
    issues = []
    seen: dict[tuple[str, str], str] = {}
    for document in documents:
        data = document.data
        named: list[tuple[tuple[str | int, ...], str, Any]] = [(("standard", "id"), "standard", data["standard"]["id"])]
        named += [(("series", i, "id"), "series", s["id"]) for i, s in enumerate(data["series"])]
        named += [(("models", i, "id"), "model", m["id"]) for i, m in enumerate(data.get("models", ()))]
        for path, kind, name in named:
            if (kind, name) in seen:
                issues.append(document.issue(path, f"{KINDS[kind]} id '{name}' 重复（{seen[kind, name]} 中已有）"))
            else:
                seen[kind, name] = document.file
    return issues


# ---------------------------------------------------------------- checks before the semantic ones

NUMBER_HINT = re.compile(r"(?i)\.(?:nan|inf)|e[-+]?[0-9]{3}|[0-9]{16}")  # text that may hold a bad number
MAX_INTEGER = 10**15  # larger is no threshold, score or count; `:g` and float() fail on huge ones
MARKUP = (
    (re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?\s*>|<!--"), "HTML 标签"),
    (re.compile(r"\{:[^}\n]*\}"), "Markdown 属性列表 {: …}"),
    (re.compile(r"(?i)\bjavascript\s*:"), "javascript: 链接"),
)


def number_issues(document: Document) -> list[Issue]:
    """NaN, infinities and absurdly large integers wherever the standard holds a number.

    YAML reads `.nan`, `.inf` and `1.0e+999` as floats that pass every schema bound (NaN compares
    false with everything): a band `min: .nan` then graded a score of 10 into the band. The text
    is searched first, so that only files that may hold such a number are walked.
    """
    if not NUMBER_HINT.search(document.text):
        return []
    issues = []
    for path, value in _values(document.data, ()):
        if isinstance(value, float) and not math.isfinite(value):
            written = ".nan" if math.isnan(value) else ".inf" if value > 0 else "-.inf"
            issues.append(document.issue(path, f"应为有限的数字，实际为 {written}"))
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INTEGER:
            issues.append(document.issue(path, f"数字过大（{len(str(abs(value)))} 位）：应不超过 {MAX_INTEGER:.0e}"))
    return issues


def parameter_type_issues(document: Document, check: Draft202012Validator) -> list[Issue]:
    """A text parameter (`value: 六个月`) referenced where the schema wants a number.

    `{param: ID}` passes the schema whatever the parameter's value is; the standard with the
    values put in is checked again, and an error at a reference names the parameter.
    """
    values: dict[Any, Any] = {
        p.get("id"): p.get("value") for p in document.data.get("parameters", ()) if isinstance(p, dict)
    }
    texts = {key: value for key, value in values.items() if isinstance(value, str)}
    if not texts:
        return []
    refs = {path[:-1]: name for path, name in _param_refs(document.data, ()) if name in texts}
    if not refs:
        return []
    resolved = resolve_parameters(document.data, {key: value for key, value in values.items() if value is not None})
    issues = []
    for error in check.iter_errors(resolved):
        for leaf in [error, *error.context]:
            path = tuple(leaf.absolute_path)
            name = refs.pop(path, None)
            if name is not None:
                issues.append(document.issue(path, f"参数 '{name}' 的值 {texts[name]!r} 不是数字，这里需要数字"))
    return issues


def markup_warnings(document: Document) -> list[Issue]:
    """A warning for HTML, `{: …}` attribute lists and `javascript:` links in any text of a standard.

    The handbook renders the standards' texts as Markdown, where such markup would become live
    HTML; the text is searched first, and only a file that holds some is walked to place it.
    """
    kinds = [(pattern, what) for pattern, what in MARKUP if pattern.search(document.text)]
    if not kinds:
        return []
    issues = []
    for path, value in _values(document.data, ()):
        if isinstance(value, str):
            for pattern, what in kinds:
                found = pattern.search(value)
                if found:
                    sample = found.group()[:40]
                    message = f"文本中有 {what}（{sample!r}）：手册按 Markdown 显示文本，请改为纯文字"
                    issues.append(document.issue(path, message, "warning"))
    return issues


def _values(data: Any, path: Path) -> Iterator[tuple[Path, Any]]:
    """Every scalar (and every mapping key) of a document with its path, without recursion."""
    stack: list[tuple[Path, Any]] = [(path, data)]
    while stack:
        here, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                yield (*here, key), key
                stack.append(((*here, key), item))
        elif isinstance(value, list):
            stack.extend(((*here, index), item) for index, item in enumerate(value))
        else:
            yield here, value
