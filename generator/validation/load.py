"""Reading standards YAML with the line and column of every value."""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path as FsPath
from typing import Any

import yaml

from .issues import Issue, Path

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it: 20x faster on big files
MAX_NODES = 200_000  # guards against alias bombs: nodes visited with aliases expanded
MAX_BYTES = 2 * 2**20  # a standards file; the largest committed one is under 30 KB
SUFFIX = ".yaml"
SCHEMA_NAME = "schema.json"


class Document:
    """One standards file: its data and, computed when first asked, where each value sits in the text."""

    def __init__(self, file: str, data: Any, text: str = "", places: dict[Path, tuple[int, int]] | None = None) -> None:
        self.file = file
        self.data = data
        self._text = text
        self._places = places

    @property
    def places(self) -> dict[Path, tuple[int, int]]:
        """Line and column of every path; parsed again with marks only when an issue needs a place."""
        if self._places is None:
            self._places = {}
            with contextlib.suppress(yaml.YAMLError, _TooLarge, _DuplicateKey, ValueError, TypeError, RecursionError):
                node = yaml.compose(self._text, Loader=LOADER)
                if node is not None:
                    _convert(node, (), self._places, [MAX_NODES])
        return self._places

    @property
    def text(self) -> str:
        """The file's text as read."""
        return self._text

    def with_data(self, data: Any) -> Document:
        """The same file and places with other data (e.g. parameters resolved)."""
        return Document(self.file, data, self._text, self._places)

    def place(self, path: Path) -> tuple[int, int]:
        """Line and column of a path, or of its nearest parent that has one."""
        places = self.places
        while path not in places and path:
            path = path[:-1]
        return places.get(path, (1, 1))

    def issue(self, path: Path, message: str, severity: str = "error") -> Issue:
        """An issue placed at a path of this document."""
        line, column = self.place(path)
        return Issue(self.file, line, column, path, message, severity)


def display_name(path: FsPath) -> str:
    """A file name relative to the current directory when possible, with forward slashes."""
    try:
        return FsPath(os.path.relpath(path)).as_posix()
    except ValueError:
        return path.as_posix()


def standard_files(directory: FsPath) -> list[FsPath]:
    """The standards files of a directory, in a stable order."""
    return sorted(p for p in directory.glob("*.yaml") if p.is_file())


def scan(directory: FsPath) -> tuple[list[FsPath], list[Issue]]:
    """The `*.yaml` entries of a directory to read, and an issue for every other entry it skips.

    A `*.yaml` entry that is not a regular file (a dangling symbolic link, a folder) is an error:
    it was meant as a standard and would otherwise be missing from the handbook without a word.
    Any other file is a warning, so that `team.yml` or `new-standard.YAML` do not go unnoticed.
    """
    try:
        entries = sorted(directory.iterdir())
    except OSError as error:
        return [], [Issue(display_name(directory), 1, 1, (), f"无法读取文件夹：{error.strerror or error}")]
    files: list[FsPath] = []
    issues: list[Issue] = []
    for entry in entries:
        name = display_name(entry)
        if entry.name == SCHEMA_NAME:
            continue
        if entry.suffix == SUFFIX:
            if entry.is_file():
                files.append(entry)
            elif entry.is_symlink() and not entry.exists():
                issues.append(Issue(name, 1, 1, (), "无法读取：符号链接指向的文件不存在；此标准未被读取"))
            else:
                issues.append(Issue(name, 1, 1, (), "无法读取：不是普通文件（是文件夹或设备？）；此标准未被读取"))
        else:
            issues.append(Issue(name, 1, 1, (), "已跳过：只读取扩展名为 .yaml 的标准文件", "warning"))
    return files, issues


def load_document(path: FsPath) -> tuple[Document | None, list[Issue]]:
    """Parse one file; a syntax error or an alias bomb comes back as an issue."""
    name = display_name(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:  # checked before reading: a 50 MB file took minutes and gigabytes
            megabytes = f"{size / 2**20:.1f}"
            message = f"文件有 {megabytes} MB，超过标准文件的上限 {MAX_BYTES // 2**20} MB：请把它拆成几个标准"
            return None, [Issue(name, 1, 1, (), message)]
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, [Issue(name, 1, 1, (), f"无法读取文件：{_reason(error)}")]
    try:
        data = yaml.load(text, Loader=_FastLoader)
        if "*" in text:  # aliases: make sure they do not expand into a bomb
            _count(data, [MAX_NODES])
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Issue(name, line, column, (), f"YAML 语法错误：{_syntax_message(error)}")]
    except yaml.reader.ReaderError as error:  # a control character, or bytes no encoding reads
        return None, [Issue(name, 1, 1, (), _reader_message(error))]
    except yaml.YAMLError as error:
        return None, [Issue(name, 1, 1, (), f"YAML 错误：{error}")]
    except _TooLarge:
        return None, [Issue(name, 1, 1, (), f"文档展开后超过 {MAX_NODES} 个值（YAML 别名 * 引用过多？）")]
    except (_DuplicateKey, ValueError, TypeError, RecursionError):
        return _load_slowly(name, text)
    if data is None:
        return None, [Issue(name, 1, 1, (), "文件是空的：应写一个标准")]
    return Document(name, data, text), []


def _load_slowly(name: str, text: str) -> tuple[Document | None, list[Issue]]:
    """Parse node by node to place a duplicate key or an unusable key exactly."""
    document = Document(name, None, text, {})
    try:
        node = yaml.compose(text, Loader=LOADER)
        document.data = None if node is None else _convert(node, (), document.places, [MAX_NODES])
    except _DuplicateKey as dup:
        mark = dup.node.start_mark
        message = f"键 '{dup.key}' 重复：YAML 只会保留最后一个"
        return None, [Issue(name, mark.line + 1, mark.column + 1, (*dup.path, dup.key), message)]
    except (yaml.YAMLError, ValueError, TypeError, _TooLarge) as error:
        return None, [Issue(name, 1, 1, (), f"YAML 错误：{error}")]
    except RecursionError:
        return None, [Issue(name, 1, 1, (), "文档嵌套过深：请减少列表和映射的层数")]
    return document, []


# Folding a `>` scalar turns each line break into a space; in Chinese that space is an error of the
# format, not of the writer. As CSS does for segment breaks (CSS Text 3, "segment break transformation"),
# a folded break between two wide characters, or next to full-width punctuation, is removed.
WIDE = "\u2e80-\u303f\u3040-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
PUNCTUATION = "\u3000-\u303f\ufe30-\ufe4f\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff60"
FOLDED_BREAK = re.compile(f"(?<=[{WIDE}]) (?=[{WIDE}])|(?<=[{PUNCTUATION}]) (?=\\S)|(?<=\\S) (?=[{PUNCTUATION}])")


def unfold(node: yaml.Node) -> None:
    """Remove the spaces that folding put between Chinese lines of a `>` scalar (a no-op for any other node)."""
    if isinstance(node, yaml.ScalarNode) and node.style == ">" and " " in node.value:
        node.value = FOLDED_BREAK.sub("", node.value)


class _FastLoader(LOADER):  # type: ignore[misc,valid-type]
    """The libyaml loader, refusing mappings that repeat a key (YAML would keep the last silently)."""

    def construct_scalar(self, node: yaml.ScalarNode) -> Any:
        unfold(node)
        return super().construct_scalar(node)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        if len(mapping) != len(node.value) and not any(k.tag == "tag:yaml.org,2002:merge" for k, _ in node.value):
            raise _DuplicateKey(node, (), None)
        return mapping


def _count(data: Any, budget: list[int]) -> None:
    """Visit every value with aliases expanded, stopping once the budget runs out."""
    stack = [data]
    while stack:
        value = stack.pop()
        budget[0] -= 1
        if budget[0] < 0:
            raise _TooLarge
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


# PyYAML's complaints (English) and what they usually mean, for HR editing a standard
SYNTAX = (
    ("mapping values are not allowed", "此处不能出现“键: 值”：多半是缩进不对，或文字里的冒号需要加引号"),
    ("could not find expected ':'", "找不到应有的冒号“:”：键后面要写冒号和空格"),
    ("cannot start any token", "有不能出现在这里的字符（例如制表符 Tab：YAML 只能用空格缩进）"),
    ("found undefined alias", "引用了未定义的别名（*名称）"),
    ("did not find expected '-' indicator", "找不到应有的列表项标记“- ”：同一列表的各项要对齐"),
    ("did not find expected key", "找不到应有的键：多半是缩进不对，或列表项“- ”放错了位置"),
    ("did not find expected node content", "这里缺少内容：多半是多写了符号"),
    ("did not find expected ',' or ']'", "方括号列表 [ … ] 没有闭合，或缺少逗号"),
    ("did not find expected ',' or '}'", "花括号 { … } 没有闭合，或缺少逗号"),
    ("found unexpected end of stream", "文件在引号或括号闭合之前就结束了"),
    ("found unknown escape character", "双引号文字里有无效的反斜杠转义（\\）"),
    ("expected <block end>", "缩进不一致：同一层的键要对齐"),
    ("found a tab character", "有制表符（Tab）：YAML 只能用空格缩进"),
    ("found unexpected ':'", "多了一个冒号：文字里的冒号需要加引号"),
)


def _syntax_message(error: yaml.MarkedYAMLError) -> str:
    """The parser's complaint in Chinese with where its context started, and a hint about the usual cause."""
    problem = error.problem or ""
    unknown = f"无法解析（{problem or '格式有误'}）"
    message = next((chinese for english, chinese in SYNTAX if english in problem), unknown)
    if error.context and error.context_mark:
        message += f"（相关内容从第 {error.context_mark.line + 1} 行开始）"
    return message + "；请检查这一行和上一行的缩进与引号"


def _reader_message(error: yaml.reader.ReaderError) -> str:
    """A character YAML does not accept, named by its code and place."""
    character = error.character
    code = f"#x{character:04x}" if isinstance(character, int) else repr(character)
    return f"有 YAML 不接受的字符（{code}，第 {error.position + 1} 个字符）：控制字符不能出现在标准文件中，请删除它"


def _reason(error: Exception) -> str:
    """Why a file could not be read, in Chinese."""
    if isinstance(error, UnicodeDecodeError):
        return f"不是 UTF-8 编码（第 {error.start + 1} 个字节无法解码）：请把文件另存为 UTF-8"
    if isinstance(error, PermissionError):
        return "没有读取权限"
    return str(getattr(error, "strerror", None) or error)


class _TooLarge(Exception):
    """Internal: the node budget ran out."""


class _DuplicateKey(Exception):
    """Internal: a mapping repeats a key (YAML would silently keep the last one)."""

    def __init__(self, node: yaml.Node, path: Path, key: object) -> None:
        super().__init__(key)
        self.node, self.path, self.key = node, path, key


def _convert(node: yaml.Node, path: Path, places: dict[Path, tuple[int, int]], budget: list[int]) -> Any:
    """Build plain data from a node tree, recording where each path starts."""
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooLarge
    places.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            if isinstance(key, (dict, list)):
                raise ValueError(f"第 {key_node.start_mark.line + 1} 行：键必须是普通的文字或数字")
            if key in result:
                raise _DuplicateKey(key_node, path, key)
            result[key] = _convert(value_node, (*path, key), places, budget)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(child, (*path, i), places, budget) for i, child in enumerate(node.value)]
    return _scalar(node)


_CONSTRUCTOR = yaml.SafeLoader("")


def _scalar(node: yaml.Node) -> Any:
    """A scalar with YAML's safe typing (ints, floats, bools, null, strings)."""
    if not isinstance(node, yaml.ScalarNode):
        return [] if isinstance(node, yaml.SequenceNode) else {}
    unfold(node)
    return _CONSTRUCTOR.construct_object(node, deep=True)
