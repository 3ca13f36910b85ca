"""The `competency` command: validate, list, grade, generate, build.

May import: `calculator` and `generator.validation` at module level. The site commands import
`generator.site` inside their bodies, so `competency validate` on HR's machine loads no template,
page or site code.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path as FsPath
from typing import Any

from calculator import InputError, grade
from calculator.inputs import JsonInputError, JsonSyntaxError, load_json, shown
from calculator.model import Model, Series
from generator.validation import Standards, validate
from generator.validation.issues import choices

ERROR = "错误："  # before each problem of the inputs on standard error
Command = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Command]] = {}


def command(
    name: str, help_text: str, arguments: Callable[[argparse.ArgumentParser], None]
) -> Callable[[Command], Command]:
    """Register a subcommand with its arguments."""

    def register(function: Command) -> Command:
        COMMANDS[name] = (help_text, arguments, function)
        return function

    return register


def _standards_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--standards", default="standards", metavar="DIR", help="标准文件所在的文件夹（默认：standards）"
    )
    parser.add_argument("--strict", action="store_true", help="把未知的键当作错误（默认只是警告）")


def load_or_report(args: argparse.Namespace, warnings: bool = True) -> Standards | None:
    """Validate; print every error (and warning, if asked); None (after a count of errors) when there are errors."""
    standards = validate(FsPath(args.standards), strict=getattr(args, "strict", False))
    for issue in standards.issues if warnings else standards.errors:
        print(issue, file=sys.stderr)
    if standards.errors:
        print(f"共 {len(standards.errors)} 个错误；没有做任何改动。", file=sys.stderr)
        return None
    return standards


@command("validate", "校验每个标准，并运行其中的计算示例", _standards_argument)
def _validate(args: argparse.Namespace) -> int:
    standards = load_or_report(args)
    if standards is None:
        return 1
    examples = sum(len(m.examples) for s in standards.series for m in s.models)
    print(f"通过：{len(standards.documents)} 个标准，{examples} 个计算示例全部符合。")
    return 0


def _list_arguments(parser: argparse.ArgumentParser) -> None:
    _standards_argument(parser)
    parser.add_argument("--json", action="store_true", help="以 JSON 输出（供程序读取）")


def catalogue(standards: Standards) -> dict[str, Any]:
    """Series with their levels, and models with their inputs, as plain data."""
    series: list[dict[str, Any]] = []
    models: list[dict[str, Any]] = []
    for standard in standards.standards:
        meta = standard.data["standard"]
        for s in standard.series:
            series.append(
                {
                    "id": s.id,
                    "name": s.name,
                    "standard": meta["id"],
                    "title": meta["title"],
                    "levels": [{"id": lv.id, "name": lv.name, "aliases": list(lv.aliases)} for lv in s.levels],
                }
            )
            models.extend(_model_entry(m, s) for m in s.models)
    return {"series": series, "models": models}


def _model_entry(model: Model, series: Series) -> dict[str, Any]:
    """One model's id, title, kind and inputs."""
    inputs = []
    for spec in model.inputs:
        entry: dict[str, Any] = {"key": spec.key, "label": spec.label, "type": spec.type}
        if spec.type in ("number", "integer", "list"):
            entry.update(min=spec.min, max=spec.max, unit=spec.unit)
        if spec.type == "choice":
            entry["options"] = list(spec.option_values())
        if spec.type == "level":
            entry["options"] = [lv.id for lv in series.levels]
        if spec.fields:
            entry["fields"] = [
                {"key": f.key, "label": f.label, "min": f.min, "max": f.max, "unit": f.unit} for f in spec.fields
            ]
        inputs.append(entry)
    return {"id": model.id, "title": model.title, "kind": model.kind, "series": series.id, "inputs": inputs}


@command("list", "列出系列、职级和模型", _list_arguments)
def _list(args: argparse.Namespace) -> int:
    standards = load_or_report(args, warnings=False)
    if standards is None:
        return 1
    data = catalogue(standards)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    for s in data["series"]:
        print(f"{s['id']}  {s['name']}  [{s['title']}]")
        print("    " + " < ".join(f"{lv['name']}({lv['id']})" for lv in s["levels"]))
    print()
    for m in data["models"]:
        keys = ", ".join(f"{i['key']}({i['label']})" for i in m["inputs"])
        print(f"{m['id']}  {m['kind']}  {m['title']}\n    输入项：{keys}")
    return 0


def _grade_arguments(parser: argparse.ArgumentParser) -> None:
    _standards_argument(parser)
    parser.add_argument("model", metavar="MODEL_ID")
    parser.add_argument("--input", metavar="FILE", help="输入项的 JSON 文件；写 - 表示从标准输入读取")
    parser.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE", help="一个输入项（值按 JSON 读取，否则当作文字）"
    )
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="ID=VALUE",
        help="为人力资源部尚未设定的参数给一个试算值（结果标为试算）",
    )
    parser.add_argument("--reading", metavar="ID", help="按原文的这一种解读定级，而不是本手册采用的解读")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果（供程序读取）")


def read_params(args: argparse.Namespace) -> dict[str, Any]:
    """Trial parameter values from --param ID=VALUE; raises InputError for bad syntax."""
    from calculator import Problem

    params: dict[str, Any] = {}
    for pair in args.param:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError([Problem("--param", f"应为 参数ID=数值，实际为 {shown(pair)}")])
        params[key.strip()] = value.strip()
    return params


MAX_INPUT_BYTES = 10 * 2**20  # --input: a person's inputs are a few hundred bytes


def read_inputs(args: argparse.Namespace) -> dict[str, Any]:
    """Inputs from --input and --set (later wins); raises InputError for bad syntax.

    Bounded: the file's size, its encoding (UTF-8), JSON nesting and the digits of an integer
    are checked before Python's json would raise RecursionError or ValueError on them.
    """
    from calculator import Problem

    inputs: dict[str, Any] = {}
    if args.input:
        try:
            loaded = load_json(_input_text(args.input))
        except OSError as error:
            message = f"无法读取输入文件：{error.strerror or error}（{args.input}）"
            raise InputError([Problem("--input", message)]) from None
        except (JsonInputError, UnicodeDecodeError) as error:
            raise InputError([Problem("--input", _input_problem(error))]) from None
        if not isinstance(loaded, dict):
            raise InputError([Problem("--input", "应为一个 JSON 对象（键为输入项）")])
        inputs.update(loaded)
    for pair in args.set:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise InputError([Problem("--set", f"应写成 键=值，实际为 {shown(pair)}")])
        if _undecodable(pair):
            raise InputError([Problem("--set", f"{shown(pair)} 不是有效的 UTF-8 文本：请检查终端的编码")])
        try:
            inputs[key.strip()] = load_json(value)
        except JsonSyntaxError:
            inputs[key.strip()] = value  # not JSON: the value is text
        except JsonInputError as error:
            raise InputError([Problem(key.strip(), str(error))]) from None
    return inputs


def _input_text(name: str) -> str:
    """The text of --input (a file, or - for standard input): at most MAX_INPUT_BYTES of UTF-8."""
    if name == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    else:
        with open(name, "rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise JsonInputError(f"输入超过 {MAX_INPUT_BYTES // 2**20} MB，不是一个人的输入项")
    return data.decode("utf-8-sig")


def _input_problem(error: Exception) -> str:
    """What is wrong with the --input text, in one line."""
    if isinstance(error, UnicodeDecodeError):
        return f"输入不是 UTF-8 编码（第 {error.start + 1} 个字节无法解码）：请把文件另存为 UTF-8"
    return f"无法读取 JSON 输入：{error}"


def _undecodable(text: str) -> bool:
    """Whether a command-line argument held bytes that are not UTF-8 (Python keeps them as surrogates)."""
    return any("\udc80" <= char <= "\udcff" for char in text)


@command("grade", "用一个模型为一个人定级", _grade_arguments)
def _grade(args: argparse.Namespace) -> int:
    standards = load_or_report(args, warnings=False)  # the result itself names what a grade is missing
    if standards is None:
        return 1
    models = {m.id: (s, m) for s in standards.series for m in s.models}
    if args.model not in models:
        print(f"错误：未知模型 '{args.model}'{choices(args.model, models)}", file=sys.stderr)
        return 2
    series, model = models[args.model]
    try:
        result = grade(series, model, read_inputs(args), params=read_params(args), reading=args.reading)
    except InputError as error:
        for problem in error.problems:
            print(f"{ERROR}{problem}", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else describe(result))
    return 0


def describe(result: dict[str, Any]) -> str:
    """A grading result for people to read in a terminal."""
    outcome = result["outcome"]
    if result.get("unset_parameters"):
        lines = ["结果：不给出结论：规则所需的参数尚未由人力资源部设定"]
        lines += [
            f"  缺少参数：{p['name']}（--param {p['id']}=数值{'，单位 ' + p['unit'] if p['unit'] else ''}；"
            f"原文：{p['source']}）"
            for p in result["unset_parameters"]
        ]
        return "\n".join(lines)
    if result.get("tied"):
        names = " / ".join(t["name"] for t in result["tied"])
        lines = [f"结果：最高可申报 {names}（这几级的可量化条件相同，原文未作区分，由评审人员认定）"]
    else:
        lines = [
            f"结果：{outcome['name'] if outcome else '未达到任何职级'}"
            + (f"（{outcome['level']}）" if outcome and "level" in outcome else "")
        ]
    if result.get("parameters"):
        lines.append("（试算）" + "；".join(f"{p['name']} = {p['value']:g}{p['unit']}" for p in result["parameters"]))
    if result["score"] is not None:
        lines.append(f"得分：{result['score']:g}")
    for row in result["breakdown"]:
        lines.append("  " + "  ".join(f"{k}={v}" for k, v in row.items() if v is not None))
    lines.append(f"依据：{result['rule']['text']}")
    if result["next"]:
        best = result["next"]["changes"][0]
        lines.append(f"下一步：{best['label']} 从 {best['from']} 提高到 {best['to']} → {best['outcome']['name']}")
    for question in result.get("readings", ()):
        if question["differs"]:
            lines.append(f"此结论取决于对原文的解读：{question['question']}")
            for option in question["options"]:
                mark = "（本手册采用）" if option["adopted"] else ""
                verdict = option["outcome"]["name"] if option["outcome"] else "未达到任何职级"
                level = (
                    f"（{option['outcome']['level']}）" if option["outcome"] and "level" in option["outcome"] else ""
                )
                tied = " / ".join(t["name"] for t in option["tied"]) if option.get("tied") else ""
                lines.append(f"  按「{option['name']}」{mark}：{tied or verdict + level}")
    lines += [f"待评审认定：{p}" for p in result.get("pending", [])]
    lines += [f"说明：{n}" for n in result["notes"] if not n.startswith("此结论取决于对原文的解读")]
    return "\n".join(lines)


def _failed() -> int:
    """Say that nothing was written after the validator's messages."""
    print("标准未通过校验：没有生成任何页面，原有的网站保持不变。", file=sys.stderr)
    return 1


def _environment_error(error: Exception) -> int:
    """A missing file or tool (e.g. node_modules not installed): one line, no traceback, nothing replaced."""
    print(f"{ERROR}{error}；原有的页面和网站保持不变。", file=sys.stderr)
    return 1


def _generate_arguments(parser: argparse.ArgumentParser) -> None:
    _standards_argument(parser)


@command("generate", "校验，然后把手册页面写入 build/docs", _generate_arguments)
def _generate(args: argparse.Namespace) -> int:
    standards = load_or_report(args)
    if standards is None:
        return _failed()
    from generator.site import Layout, generate, locked

    layout = Layout(FsPath.cwd())
    try:
        with locked(layout):
            done = generate(standards, layout)
    except (OSError, RuntimeError) as error:
        return _environment_error(error)
    print(f"已生成 {done.pages} 个页面（其中计算器页面 {done.calculator_pages} 个），位于 {done.docs}")
    return 0


def _build_arguments(parser: argparse.ArgumentParser) -> None:
    _standards_argument(parser)
    parser.add_argument("--site-dir", default="site", metavar="DIR", help="网站输出到哪个文件夹（默认：site）")


@command("build", "校验、生成并构建网站（严格模式；失败时原有网站不变）", _build_arguments)
def _build(args: argparse.Namespace) -> int:
    standards = load_or_report(args)
    if standards is None:
        return _failed()
    from generator.site import Layout, build

    try:
        built = build(standards, FsPath(args.site_dir), Layout(FsPath.cwd()))
    except (OSError, RuntimeError) as error:
        return _environment_error(error)
    if not built.ok:
        print("网站构建失败（见上面 MkDocs 的信息）；原有的网站保持不变。", file=sys.stderr)
        return 1
    print(f"已构建 {built.pages} 个页面，位于 {built.site}，用时 {built.seconds:.1f} 秒")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `competency` console script."""
    parser = argparse.ArgumentParser(prog="competency", description="任职资格定级标准：校验、查询、定级、生成手册")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (help_text, arguments, _function) in COMMANDS.items():
        arguments(sub.add_parser(name, help=help_text, description=help_text))
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command][2](args)
    except BrokenPipeError:  # the reader went away (`| head`): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as error:  # a bug, not the input: one line instead of a traceback
        if os.environ.get("COMPETENCY_DEBUG"):
            raise
        print(
            f"内部错误（{type(error).__name__}: {shown(str(error))}）：请把命令和输入发给手册维护人员；"
            "设置环境变量 COMPETENCY_DEBUG=1 可看到详细信息",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
