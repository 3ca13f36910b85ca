"""What validation hands on: each standard resolved and compiled once, and the issues found."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from calculator.model import Series

from .issues import Issue
from .load import Document


@dataclass(frozen=True)
class Standard:
    """One validated standard: the file as loaded, its data with the parameters HR set put in, its compiled series."""

    document: Document
    data: dict[str, Any]
    series: tuple[Series, ...]


@dataclass(frozen=True)
class Labels:
    """The Chinese names of the schema's enums (its `enumDescriptions`), by value."""

    requirement_kind: dict[str, str] = field(default_factory=dict)
    model_kind: dict[str, str] = field(default_factory=dict)
    input_type: dict[str, str] = field(default_factory=dict)
    period: dict[str, str] = field(default_factory=dict)
    family: dict[str, str] = field(default_factory=dict)


@dataclass
class Standards:
    """What validation hands on: the directory, its standards (compiled once) and every issue found.

    `standards` holds the files that validated; when there are errors, later steps do not run.
    """

    directory: FsPath
    documents: list[Document]  # every file whose structure passed the schema, so its semantics were checked
    standards: list[Standard]  # those of them with no error, resolved and compiled
    issues: list[Issue]
    labels: Labels = field(default_factory=Labels)

    @property
    def errors(self) -> list[Issue]:
        """The issues that fail validation."""
        return [i for i in self.issues if i.severity == "error"]

    @property
    def series(self) -> list[Series]:
        """Every series of every standard, in file order."""
        return [series for standard in self.standards for series in standard.series]
