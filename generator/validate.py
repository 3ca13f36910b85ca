"""Validation of a standards directory: syntax, schema, semantics, worked examples."""

from __future__ import annotations

import multiprocessing
import os
import threading
from dataclasses import dataclass
from pathlib import Path as FsPath

from jsonschema import Draft202012Validator

from .issues import Issue
from .load import Document, load_document, standard_files
from .schema import schema_issues, validator
from .semantics import document_issues


@dataclass
class Standards:
    """The validated documents of a directory and every issue found."""

    documents: list[Document]
    issues: list[Issue]

    @property
    def errors(self) -> list[Issue]:
        """The issues that fail validation."""
        return [i for i in self.issues if i.severity == "error"]


def validate(directory: FsPath, strict: bool = False) -> Standards:
    """Load and check every standard of a directory; report all problems, sorted by place."""
    files = standard_files(directory)
    if not files:
        return Standards([], [Issue(str(directory), 1, 1, (), "no standards (*.yaml) found")])
    check = validator(str(directory))
    loaded: list[Document] = []
    issues: list[Issue] = []
    for path in files:
        document, problems = load_document(path)
        issues += problems
        if document is not None:
            loaded.append(document)
    documents: list[Document] = []
    for document, found in zip(loaded, _schema_checks(loaded, check, strict), strict=True):
        issues += found
        if any(i.severity == "error" and not i.message.startswith("unknown key") for i in found):
            continue  # the structure is wrong: semantic checks would only repeat it
        issues += document_issues(document)
        documents.append(document)
    issues += _cross_file_issues(documents)
    return Standards(documents, sorted(issues, key=lambda i: i.sort_key))


PARALLEL_FROM = 100  # documents; below this, starting processes costs more than it saves
_JOB: tuple[list[Document], Draft202012Validator, bool] | None = None


def _schema_checks(documents: list[Document], check: Draft202012Validator, strict: bool) -> list[list[Issue]]:
    """Schema issues of each document; on a large handbook, spread over the CPU cores (forked processes)."""
    workers = min(os.cpu_count() or 1, 8)
    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    if len(documents) < PARALLEL_FROM or workers < 2 or not forkable:  # never fork a threaded process (serve)
        return [schema_issues(document, check, strict) for document in documents]
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
    return [schema_issues(document, check, strict) for document in documents[start::step]]


def _cross_file_issues(documents: list[Document]) -> list[Issue]:
    """Standard, series and model ids are unique across all files."""
    issues = []
    seen: dict[tuple[str, str], str] = {}
    for document in documents:
        data = document.data
        named = [(("standard", "id"), "standard", data["standard"]["id"])]
        named += [(("series", i, "id"), "series", s["id"]) for i, s in enumerate(data["series"])]
        named += [(("models", i, "id"), "model", m["id"]) for i, m in enumerate(data.get("models", ()))]
        for path, kind, name in named:
            if (kind, name) in seen:
                issues.append(document.issue(path, f"duplicate {kind} id '{name}' (also in {seen[kind, name]})"))
            else:
                seen[kind, name] = document.file
    return issues
