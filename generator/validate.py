"""Validation of a standards directory: syntax, schema, semantics, worked examples."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path as FsPath

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
    documents: list[Document] = []
    issues: list[Issue] = []
    for path in files:
        document, problems = load_document(path)
        issues += problems
        if document is None:
            continue
        found = schema_issues(document, check, strict)
        issues += found
        if any(i.severity == "error" and not i.message.startswith("unknown key") for i in found):
            continue  # the structure is wrong: semantic checks would only repeat it
        issues += document_issues(document)
        documents.append(document)
    issues += _cross_file_issues(documents)
    return Standards(documents, sorted(issues, key=lambda i: i.sort_key))


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
