"""Checking documents against the committed JSON Schema (draft 2020-12)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path as FsPath
from typing import Any

from jsonschema import Draft202012Validator, SchemaError, ValidationError

from .issues import Issue, did_you_mean
from .load import Document, display_name
from .standard import Labels

SCHEMA_FILE = "schema.json"


class SchemaFileError(ValueError):
    """The schema beside the standards is missing or broken; `issue` says so in one line."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(str(issue))
        self.issue = issue


def validator(directory: str) -> Draft202012Validator:
    """The validator for the schema that lives beside the standards (SchemaFileError when it is unusable).

    Cached on the schema file's resolved path and its modification time and size, so that a second
    validation in one process (a server, the tests) from another folder, or after HR edits the
    schema, reads the schema it means.
    """
    path = (FsPath(directory) / SCHEMA_FILE).resolve()
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = (0, 0)  # missing or unreadable: _compiled says so
    return _compiled(str(path), display_name(FsPath(directory) / SCHEMA_FILE), stamp)


@cache
def _compiled(resolved: str, name: str, stamp: tuple[int, int]) -> Draft202012Validator:
    """The validator of one version of a schema file (`stamp` tells versions apart)."""
    path = FsPath(resolved)
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SchemaFileError(Issue(name, 1, 1, (), "找不到 JSON Schema 文件：它应与标准文件放在同一文件夹")) from None
    except (OSError, UnicodeDecodeError) as error:
        raise SchemaFileError(Issue(name, 1, 1, (), f"无法读取 JSON Schema 文件：{error}")) from None
    except json.JSONDecodeError as error:
        message = f"JSON Schema 文件不是有效的 JSON：{error.msg}"
        raise SchemaFileError(Issue(name, error.lineno, error.colno, (), message)) from None
    except RecursionError:
        raise SchemaFileError(Issue(name, 1, 1, (), "JSON Schema 文件嵌套过深")) from None
    if not isinstance(schema, dict):
        raise SchemaFileError(Issue(name, 1, 1, (), "JSON Schema 文件应为一个 JSON 对象"))
    check = Draft202012Validator(_inline(schema, schema.get("$defs", {})))
    try:
        list(check.iter_errors({}))  # a schema jsonschema cannot apply fails here, on any instance
    except Exception:  # which error depends on what is broken; the meta-schema then says what
        raise SchemaFileError(_schema_problem(name, schema)) from None
    return check


# where each label table of `Labels` lives in the schema: $defs/<definition>/properties/<property>
LABELLED = {
    "requirement_kind": ("requirement", "kind"),
    "model_kind": ("model", "kind"),
    "input_type": ("input", "type"),
    "period": ("model", "period"),
    "family": ("standard", "family"),  # already Chinese: the enum gives the families' order
}


def labels(schema: dict[str, Any]) -> Labels:
    """The Chinese names the schema gives its enums (`enumDescriptions`, one per value, in order).

    An enum without them is named by its values (the families are Chinese already).
    """
    tables = {}
    for name, (definition, prop) in LABELLED.items():
        spec = schema.get("$defs", {}).get(definition, {}).get("properties", {}).get(prop, {})
        values, names = spec.get("enum", []), spec.get("enumDescriptions", [])
        tables[name] = dict(zip(values, names if len(names) == len(values) else values, strict=True))
    return Labels(**tables)


def _schema_problem(name: str, schema: dict[str, Any]) -> Issue:
    """Why a schema cannot be used, from the meta-schema (checked only then: it takes 0.1 s)."""
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        where = "/".join(map(str, error.absolute_path)) or "(根)"
        return Issue(name, 1, 1, (), f"JSON Schema 文件不是有效的 schema（{where}）：{error.message[:200]}")
    return Issue(name, 1, 1, (), "JSON Schema 文件无法使用（引用或关键字有误）")


def _inline(node: Any, definitions: dict[str, Any], depth: int = 0) -> Any:
    """The schema with each local `$ref` replaced by its definition: the same rules, checked 2x faster."""
    if depth > 20:  # a recursive schema keeps its references
        return node
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/") and len(node) == 1 and ref[8:] in definitions:
            return _inline(definitions[ref[8:]], definitions, depth + 1)
        return {key: _inline(value, definitions, depth) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline(value, definitions, depth) for value in node]
    return node


def schema_issues(document: Document, check: Draft202012Validator, strict: bool) -> list[Issue]:
    """Every schema violation of a document; unknown keys are warnings unless strict."""
    issues = []
    for error in check.iter_errors(document.data):
        for leaf in _leaves(error):
            issues.extend(_to_issues(document, leaf, strict))
    return issues


def _leaves(error: ValidationError) -> list[ValidationError]:
    """For oneOf/anyOf, the errors of the branch that came closest; else the error itself."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        deepest = max(len(e.relative_path) for e in error.context)
        if deepest == 0 and error.validator == "oneOf" and _is_exclusive_pair(error):
            return [error]
        best = [e for e in error.context if len(e.relative_path) == deepest]
        schema_paths = {tuple(e.relative_schema_path)[:1] for e in best}
        if len(schema_paths) == 1 or deepest > 0:
            return best[:1] if deepest == 0 else best
        return [error]
    return [error]


def _is_exclusive_pair(error: ValidationError) -> bool:
    """A `oneOf` of required keys (e.g. below/max) that both or neither matched."""
    alternatives: Any = error.validator_value
    return all(set(s) == {"required"} for s in alternatives if isinstance(s, dict))


def _to_issues(document: Document, error: ValidationError, strict: bool) -> list[Issue]:
    """One schema error as issues with a plain message."""
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties":
        schema: Any = error.schema
        instance: Any = error.instance
        known = list(schema.get("properties", {}))
        extra = [k for k in instance if k not in known]
        return [
            document.issue((*path, key), _unknown_key(key, known), "error" if strict else "warning") for key in extra
        ]
    return [document.issue(path, _message(error))]


UNKNOWN_KEY = "未知的键"  # the start of an unknown key's message: a warning unless strict


def _unknown_key(key: str, known: list[str]) -> str:
    """`未知的键 'levles'；是不是要写 'levels'？`, chosen from the keys valid at that place."""
    close = did_you_mean(key, known)
    hint = f"；是不是要写 '{close}'？" if close else f"；此处可用的键：{'、'.join(known)}"
    return f"{UNKNOWN_KEY} '{key}'{hint}"


TYPE_NAMES = {
    "string": "文本",
    "number": "数字",
    "integer": "整数",
    "boolean": "true 或 false",
    "array": "列表",
    "object": "映射（键: 值）",
    "null": "空值（null）",
}
SIGNS = {"minimum": "≥", "exclusiveMinimum": ">", "maximum": "≤", "exclusiveMaximum": "<"}
ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_-]*$"


def _message(error: ValidationError) -> str:
    """A message in Chinese that says what was expected and what was found."""
    kind: Any = error.validator
    expected: Any = error.validator_value
    value: Any = error.instance
    if kind == "type":
        names = [expected] if isinstance(expected, str) else expected
        return f"应为{'或'.join(TYPE_NAMES.get(n, n) for n in names)}，实际为 {_show(value)}"
    if kind == "required":
        missing = [k for k in expected if k not in value]
        return f"缺少必填的键 '{missing[0]}'" if missing else "缺少必填的键"
    if kind == "dependentRequired":
        pairs = [(k, [n for n in needs if n not in value]) for k, needs in expected.items() if k in value]
        key, missing = next(((k, m) for k, m in pairs if m), ("", []))
        return f"写了 '{key}' 就须同时写 '{missing[0]}'" if missing else "缺少相关的键"
    if kind == "enum":
        close = did_you_mean(value, expected) if isinstance(value, str) else None
        hint = f"；是不是要写 '{close}'？" if close else ""
        return f"应为以下之一：{'、'.join(map(str, expected))}；实际为 {_show(value)}{hint}"
    if kind == "const":
        return f"此处只能是 {_show(expected)}，实际为 {_show(value)}"
    if kind in SIGNS:
        return f"应为 {SIGNS[kind]} {expected} 的数字，实际为 {_show(value)}"
    if kind == "pattern":
        if expected == ID_PATTERN:
            return f"{_show(value)} 不能用作 id：只能用字母、数字、连字符和下划线，并以字母或数字开头"
        return f"{_show(value)} 不能用在这里（应符合格式 {expected}）"
    if kind == "maxLength":
        return f"文本有 {len(value)} 个字，最多 {expected} 个"
    if kind == "minLength":
        return "不能为空"
    if kind == "minItems":
        return f"至少应有 {expected} 项"
    if kind == "maxItems":
        return f"最多 {expected} 项，实际有 {len(value)} 项"
    if kind == "minProperties":
        return f"至少应写 {expected} 个键" if expected > 1 else "不能为空：至少应写一个键"
    if kind == "maxProperties":
        return f"最多只能写 {expected} 个键，实际有 {len(value)} 个"
    if kind == "oneOf" and _is_exclusive_pair(error):
        keys = [s["required"][0] for s in expected]
        return f"{'、'.join(keys)} 须恰好写一个"
    if kind in ("oneOf", "anyOf"):
        return "不符合此处允许的任何一种写法：请对照同类条目检查键和值"
    if kind == "not":
        return "此处不允许这样写"
    return f"不符合标准文件的格式（{kind}）"


def _show(value: Any) -> str:
    """A value in a message as YAML writes it, shortened."""
    if isinstance(value, (dict, list)):
        return "映射" if isinstance(value, dict) else "列表"
    if value is None or isinstance(value, bool):
        return {None: "空值（null）", True: "true", False: "false"}[value]
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
