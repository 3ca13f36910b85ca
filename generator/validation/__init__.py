"""Validation: the only code that reads standards YAML.

Syntax, schema and semantics (ids, references, weights, bands, readings, worked examples) are
checked once; each standard that passes is handed on resolved and compiled, as a `Standard`.

May import: `calculator`, PyYAML, jsonschema and the standard library; nothing else of `generator`.
"""

from .checks import validate
from .issues import Issue
from .standard import Labels, Standard, Standards

__all__ = ["Issue", "Labels", "Standard", "Standards", "validate"]
