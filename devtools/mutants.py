"""The bad-input corpus: the committed standards mutated in many ways, and bad `competency grade` inputs.

A mutant is caught when `competency validate --strict` rejects it (exit 1 with at least one
`FILE:LINE:COL:` message, no traceback; for markup in a text, exit 0 with a located warning).
A bad grade input is caught when `competency grade` exits 2 with one `error:` line per problem
and no traceback. Both run in process (`generator.cli.main`); mutants are spread over forked
processes, one per core, when that is safe. `python -m devtools.mutants` validates the attacks
(the mutants made to exhaust time or memory) and prints their outcomes as JSON lines, for a
caller that measures that process's peak memory; `python -m benchmarks.mutations` reports on
the whole corpus with each mutant's traced memory.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import yaml

from devtools import ROOT
from generator.validation.load import LOADER

STANDARDS = ROOT / "standards"
PER_KIND = 1
MESSAGE = re.compile(r"^standards/[^:]+\.yaml:\d+:\d+: ")
WARNING = re.compile(r"^standards/[^:]+\.yaml:\d+:\d+: [^:]+: 警告：")
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: the corpus is written 10x faster
REQUIRED = {  # object kind -> keys the schema requires
    "standard": ("id", "title", "source", "family"),
    "series": ("id", "name", "levels"),
    "level": ("id", "name"),
    "model": ("id", "kind", "title", "series", "inputs"),
    "input": ("key", "label", "type"),
    "band": ("level", "min"),
    "rule": ("id", "decision"),
    "item": ("id", "label"),
    "example": ("inputs", "expect"),
    "step": ("action",),
}


@dataclass(frozen=True)
class Mutant:
    """One mutation of one file: its name and the new text of the file.

    `expect` is "error" (rejected) or "warning" (accepted with a located warning); with `link`,
    the file is a symbolic link to nowhere instead of the text.
    """

    file: str
    name: str
    text: str
    expect: str = "error"
    link: bool = False


def objects(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object of a standard with its kind."""
    yield "standard", data["standard"]
    for series in data["series"]:
        yield "series", series
        for level in series["levels"]:
            yield "level", level
    for model in data.get("models", ()):
        yield "model", model
        yield from (("input", spec) for spec in model["inputs"])
        yield from (("band", band) for band in model.get("bands", ()))
        yield from (("rule", rule) for rule in model.get("rules", ()))
        yield from (("item", item) for group in model.get("groups", ()) for item in group["items"])
        yield from (("example", example) for example in model.get("examples", ()))
    for process in data.get("processes", ()):
        yield from (("step", step) for step in process["steps"])


def dump(data: Any) -> str:
    """YAML text of mutated data."""
    return str(yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=100))


def data_mutations(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Mutations made on the data, each certain to break a rule of the format."""
    seen: dict[str, int] = {}
    for index, (kind, obj) in enumerate(list(objects(data))):
        seen[kind] = seen.get(kind, 0) + 1
        if seen[kind] > PER_KIND:
            continue  # a few objects of each kind per file keep the corpus at a few hundred mutants
        for key in REQUIRED.get(kind, ()):
            yield f"delete {kind}[{index}].{key}", _edit(data, index, lambda o, k=key: o.pop(k))
        for key, value in list(obj.items()):
            if key in ("id", "name", "title", "label", "key") and isinstance(value, str):
                yield f"type {kind}[{index}].{key}", _edit(data, index, lambda o, k=key: o.__setitem__(k, ["list"]))
            if key in ("min", "weight", "window") and isinstance(value, (int, float)):
                yield f"type {kind}[{index}].{key}", _edit(data, index, lambda o, k=key: o.__setitem__(k, "abc"))
    yield from _model_mutations(data)
    yield from _number_mutations(data)


def _number_mutations(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Numbers the schema lets through: NaN, infinities, huge integers, text bounds and text parameters."""
    for m, model in enumerate(data.get("models", ())[:1]):
        numeric = [i for i, spec in enumerate(model["inputs"]) if spec["type"] in ("number", "integer")]
        for i in numeric[:1]:
            for name, value in (("NaN", float("nan")), ("inf", float("inf")), ("huge integer", 10**40)):
                yield (
                    f"{name} input max model[{m}].inputs[{i}]",
                    _model(data, m, lambda x, i=i, v=value: x["inputs"][i].__setitem__("max", v)),
                )
        for b in range(min(len(model.get("bands", ())), 1)):
            for name, value in (("NaN", float("nan")), ("-inf", float("-inf"))):
                yield (
                    f"{name} band min model[{m}].bands[{b}]",
                    _model(data, m, lambda x, b=b, v=value: x["bands"][b].__setitem__("min", v)),
                )
            mutated = _model(data, m, lambda x, b=b: x["bands"][b].__setitem__("min", {"param": "text-mark"}))
            mutated.setdefault("parameters", []).append({"id": "text-mark", "name": "及格线", "value": "六十"})
            yield f"text parameter in band min model[{m}].bands[{b}]", mutated
    for s, series in enumerate(data["series"]):
        for lv, level in enumerate(series["levels"]):
            for r, requirement in enumerate(level.get("requirements", ())):
                for c, check in enumerate(requirement.get("checks", ())):
                    if isinstance(check.get("min"), (int, float)) and not isinstance(check["min"], bool):
                        mutated = copy.deepcopy(data)
                        place = mutated["series"][s]["levels"][lv]["requirements"][r]["checks"][c]
                        place["min"] = "four"
                        yield f"text bound series[{s}].levels[{lv}].requirements[{r}].checks[{c}]", mutated
                        return


def markup_mutations(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Markup in a text: accepted, with a located warning (the handbook renders texts as Markdown)."""
    for name, text in (
        ("HTML tag", "<img src=x onerror=alert(1)>"),
        ("attribute list", "正文 {: .danger onclick=alert(1)}"),
        ("javascript link", "[详情](javascript:alert(1))"),
    ):
        mutated = copy.deepcopy(data)
        level = mutated["series"][0]["levels"][0]
        level["name"] = f"{level['name']}{text}"
        yield f"{name} in series[0].levels[0].name", mutated


def _edit(data: dict[str, Any], index: int, change: Callable[..., Any]) -> dict[str, Any]:
    """A deep copy of the data with one object changed."""
    mutated = copy.deepcopy(data)
    change(list(objects(mutated))[index][1])
    return mutated


def _model_mutations(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Semantic mutations: bands, weights, references, duplicate ids, examples."""
    for m, model in enumerate(data.get("models", ())):
        bands = model.get("bands", ())
        for b in range(1, len(bands)):
            if "reading" in bands[b] or "reading" in bands[b - 1]:
                continue  # the two readings' bands are alternatives, not neighbours
            yield (
                f"overlap model[{m}].bands[{b}]",
                _model(data, m, lambda x, b=b: x["bands"][b].__setitem__("min", x["bands"][b]["min"] - 1)),
            )
            yield (
                f"gap model[{m}].bands[{b}]",
                _model(data, m, lambda x, b=b: x["bands"][b].__setitem__("min", x["bands"][b]["min"] + 0.5)),
            )
        for b in range(len(model.get("bands", ()))):
            yield (
                f"dangling band model[{m}].bands[{b}]",
                _model(data, m, lambda x, b=b: x["bands"][b].__setitem__("level", "no-such-level")),
            )
        for g, group in enumerate(model.get("groups", ())):
            if group.get("formula") == "weighted":
                yield (
                    f"weights 99 model[{m}].groups[{g}]",
                    _model(
                        data,
                        m,
                        lambda x, g=g: x["groups"][g]["items"][0].__setitem__(
                            "weight", x["groups"][g]["items"][0]["weight"] - 1
                        ),
                    ),
                )
        for e, example in enumerate(model.get("examples", ())[:2]):
            wrong = (
                "no-such-outcome"
                if example["expect"]["outcome"] is not None
                else model.get("bands", [{"level": "x"}])[0]["level"]
            )
            yield (
                f"failing example model[{m}].examples[{e}]",
                _model(data, m, lambda x, e=e, w=wrong: x["examples"][e]["expect"].__setitem__("outcome", w)),
            )
        yield f"dangling series model[{m}]", _model(data, m, lambda x: x.__setitem__("series", "no-such-series"))
        yield f"unknown key model[{m}]", _model(data, m, lambda x: x.__setitem__("titel", "typo"))
        for r, rule in enumerate(model.get("rules", ())):
            if "levels" in rule:
                yield (
                    f"dangling rule level model[{m}].rules[{r}]",
                    _model(data, m, lambda x, r=r: x["rules"][r]["levels"].__setitem__("from", "S99")),
                )
    for s, series in enumerate(data["series"]):
        if len(series["levels"]) > 1:
            mutated = copy.deepcopy(data)
            mutated["series"][s]["levels"][1]["id"] = mutated["series"][s]["levels"][0]["id"]
            yield f"duplicate level id series[{s}]", mutated
    if len(data.get("models", ())) > 1:
        mutated = copy.deepcopy(data)
        mutated["models"][1]["id"] = mutated["models"][0]["id"]
        yield "duplicate model id", mutated


def _model(data: dict[str, Any], index: int, change: Callable[..., Any]) -> dict[str, Any]:
    """A deep copy of the data with one model changed."""
    mutated = copy.deepcopy(data)
    change(mutated["models"][index])
    return mutated


def text_mutations(text: str) -> Iterator[tuple[str, str]]:
    """Mutations of the text itself: syntax, indentation, tabs, alias bombs."""
    lines = text.splitlines()
    keyed = [i for i, line in enumerate(lines) if re.match(r"^\s+\w+:", line)]
    for i in keyed[:: max(len(keyed) // 3, 1)][:3]:
        yield f"tab indent line {i + 1}", "\n".join(lines[:i] + ["\t" + lines[i]] + lines[i + 1 :])
    top = [i for i, line in enumerate(lines) if re.match(r"^[a-z]+:", line)]
    for i in top[1:3]:
        yield f"indent top-level key line {i + 1}", "\n".join(lines[:i] + ["   " + lines[i]] + lines[i + 1 :])
    yield "unclosed bracket", text + "\nbroken: [1, 2\n"
    yield "truncated", text[: len(text) // 3] + "\n  - {unterminated: 'x\n"


def file_mutations() -> Iterator[tuple[str, str]]:
    """Whole-file replacements: an alias bomb, nothing, binary garbage."""
    bomb = "a: &a ['lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol']\n"
    for name in "bcdefghi":
        previous = chr(ord(name) - 1)
        bomb += f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]\n"
    yield "alias bomb", bomb
    yield "empty file", ""
    yield "binary garbage", "\x00\x01\x02"
    yield "not UTF-8", "standard: {id: \udcff}\n"  # written with surrogatepass: bytes that are not UTF-8
    yield "flow nesting 900 deep", "standard: " + "[" * 900 + "]" * 900 + "\n"
    yield "block nesting 400 deep", "standard:\n" + "".join(" " * (i + 1) + "-\n" for i in range(400))


def attacks() -> Iterator[Mutant]:
    """The mutants made to exhaust time or memory: huge strings, an alias bomb, deep nesting, garbage."""
    first = sorted(STANDARDS.glob("*.yaml"))[0]
    data = yaml.safe_load(first.read_text(encoding="utf-8"))
    data["series"][0]["levels"][0]["summary"] = "长" * 10_000_000
    yield Mutant(first.name, "10 MB string in a level summary", dump(data))  # above the file size cap
    data["series"][0]["levels"][0]["summary"] = "长" * 500_000
    yield Mutant(first.name, "1.5 MB string in a level summary", dump(data))  # under it: the schema's maxLength
    for name, text in file_mutations():
        yield Mutant(first.name, name, text)


def mutants() -> Iterator[Mutant]:
    """Every mutant of every committed standard: the attacks, a dangling link, then each file's mutations."""
    yield from attacks()
    yield Mutant("dangling-link.yaml", "dangling symbolic link", "", link=True)
    for path in sorted(STANDARDS.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        for name, mutated in data_mutations(data):
            yield Mutant(path.name, name, dump(mutated))
        for name, mutated in markup_mutations(data):
            yield Mutant(path.name, name, dump(mutated), expect="warning")
        for name, mutated_text in text_mutations(text):
            if not _same_data(mutated_text, data):  # e.g. a tab inside a flow mapping is still valid YAML
                yield Mutant(path.name, name, mutated_text)


def _same_data(text: str, data: Any) -> bool:
    """Whether a text mutation left the parsed data as it was (so it mutated nothing)."""
    try:
        return bool(yaml.load(text, Loader=LOADER) == data)
    except yaml.YAMLError:
        return False


@dataclass
class Outcome:
    """What the validator did with one mutant."""

    mutant: Mutant
    exit_code: int
    output: str
    seconds: float
    peak_bytes: int | None  # the traced peak of Python's allocations, when traced

    @property
    def caught(self) -> bool:
        """Rejected with placed messages and no traceback (a warning mutant: accepted, its warning placed)."""
        lines = self.output.splitlines()
        if "Traceback" in self.output:
            return False
        if self.mutant.expect == "warning":
            return self.exit_code == 0 and any(WARNING.match(line) for line in lines)
        return self.exit_code == 1 and any(MESSAGE.match(line) for line in lines)


def run(mutant: Mutant, workspace: Path, trace_memory: bool = False) -> Outcome:
    """Validate a copy of the standards with one file replaced by the mutant, in process.

    With `trace_memory`, tracemalloc records the peak of Python's allocations (it makes the run
    several times slower).
    """
    from generator.cli import main

    target = workspace / "standards" / mutant.file
    if mutant.link:
        target.symlink_to(workspace / "no-such-file.yaml")
    else:
        target.write_bytes(mutant.text.encode("utf-8", "surrogatepass"))
    err = io.StringIO()
    if trace_memory:
        tracemalloc.start()
    started = time.perf_counter()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()), _chdir(workspace):
            code = main(["validate", "--strict"])
    except BaseException as error:  # a crash is what this corpus looks for
        import traceback

        code, _ = -1, err.write("Traceback\n" + "".join(traceback.format_exception(error)))
    seconds = time.perf_counter() - started
    peak = None
    if trace_memory:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    target.unlink()
    return Outcome(mutant, code, err.getvalue(), seconds, peak)


def run_all(corpus: list[Mutant], trace_memory: bool = False) -> list[Outcome]:
    """Every mutant validated, spread over forked processes (one per core) when that is safe."""
    workers = min(os.cpu_count() or 1, 8)
    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    if workers < 2 or not forkable or len(corpus) < 20:
        with workspace() as folder:
            return [run(mutant, Path(folder), trace_memory) for mutant in corpus]
    global _CORPUS, _TRACE
    _CORPUS, _TRACE = corpus, trace_memory  # inherited by the forked workers, not pickled
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_run_part, [(start, workers) for start in range(workers)])
    finally:
        _CORPUS = []
    found: list[Outcome | None] = [None] * len(corpus)
    for start, part in enumerate(parts):
        for offset, outcome in enumerate(part):
            found[start + offset * workers] = Outcome(corpus[start + offset * workers], *outcome)
    return [outcome for outcome in found if outcome is not None]


_CORPUS: list[Mutant] = []
_TRACE = False


def _run_part(span: tuple[int, int]) -> list[tuple[int, str, float, int | None]]:
    """In a worker: every `step`-th mutant from `start`, in its own workspace (the texts stay here)."""
    start, step = span
    with workspace() as folder:
        outcomes = [run(mutant, Path(folder), _TRACE) for mutant in _CORPUS[start::step]]
    return [(o.exit_code, o.output, o.seconds, o.peak_bytes) for o in outcomes]


@contextlib.contextmanager
def _chdir(path: Path) -> Iterator[None]:
    """Run with the workspace as current directory (messages name files relative to it)."""
    before = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def workspace() -> tempfile.TemporaryDirectory[str]:
    """A temporary project with the committed schema; each run adds one mutated file."""
    folder = tempfile.TemporaryDirectory()
    (Path(folder.name) / "standards").mkdir()
    shutil.copy(STANDARDS / "schema.json", Path(folder.name) / "standards")
    return folder


def report(outcomes: list[Outcome]) -> dict[str, Any]:
    """Counts and extremes of a corpus run (the hungriest only when memory was traced)."""
    missed = [
        f"{o.mutant.file}: {o.mutant.name}: exit {o.exit_code}: {o.output[-300:]}" for o in outcomes if not o.caught
    ]
    slowest = max(outcomes, key=lambda o: o.seconds)
    found: dict[str, Any] = {
        "tried": len(outcomes),
        "caught": sum(o.caught for o in outcomes),
        "missed": missed,
        "slowest": {"mutant": f"{slowest.mutant.file}: {slowest.mutant.name}", "seconds": round(slowest.seconds, 3)},
    }
    traced = [o for o in outcomes if o.peak_bytes is not None]
    if traced:
        hungriest = max(traced, key=lambda o: o.peak_bytes or 0)
        found["peak_memory"] = {
            "mutant": f"{hungriest.mutant.file}: {hungriest.mutant.name}",
            "mib": round((hungriest.peak_bytes or 0) / 2**20, 1),
        }
    return found


# ---------------------------------------------------------------- bad inputs of `competency grade`


@dataclass(frozen=True)
class BadInput:
    """One bad input of `competency grade MODEL`: arguments, and the bytes of `--input FILE` if any."""

    name: str
    model: str
    args: tuple[str, ...]
    data: bytes | None = None


def bad_inputs() -> Iterator[BadInput]:
    """Inputs that once ended in a traceback: huge integers, deep JSON, bytes that are not UTF-8, odd numerals."""
    deep = "[" * 10_000 + "]" * 10_000
    for name, value in (
        ("400-digit integer", "9" * 400),
        ("5,000-digit integer", "9" * 5000),
        ("JSON nested 10,000 deep", deep),
        ("underscore numeral", "8_0"),
        ("NaN", "NaN"),
        ("infinity", "1e999"),
        ("hexadecimal", "0x50"),
        ("10 MB of digits", "9" * 10_000_000),
    ):
        yield BadInput(f"--set a number: {name}", "cs-staff-rating", ("--set", f"knowledge_skills={value}"))
    for name, value in (
        ("nested 10,000 deep", deep),
        ("5,000-digit element", f"[{'9' * 5000}]"),
        ("100,000 elements", str([1] * 100_000)),
        ("bytes that are not UTF-8", "\udcff"),
    ):
        yield BadInput(f"--set a list: {name}", "cs-quarterly-review", ("--set", f"monthly_scores={value}"))
    yield BadInput("--set a choice: a list", "cs-dept-grading", ("--set", "education=[[[[1]]]]"))
    for name, data in (
        ("not UTF-8", b'{"monthly_scores": "\xff"}'),
        ("UTF-16", '{"monthly_scores": [1, 2, 3]}'.encode("utf-16")),
        ("nested 10,000 deep", ('{"monthly_scores": ' + deep + "}").encode()),
        ("5,000-digit integer", ('{"monthly_scores": [' + "9" * 5000 + ", 1, 1]}").encode()),
        ("400-digit integer", ('{"monthly_scores": [' + "9" * 400 + ", 1, 1]}").encode()),
        ("not an object", b"[1, 2, 3]"),
        ("not JSON", b"{monthly_scores: [1, 2, 3]}"),
        ("empty", b""),
        ("11 MB", b'{"monthly_scores": "' + b"x" * 11 * 2**20 + b'"}'),
    ):
        yield BadInput(f"--input {name}", "cs-quarterly-review", (), data)


@dataclass
class InputOutcome:
    """What `competency grade` did with one bad input."""

    case: BadInput
    exit_code: int
    output: str
    seconds: float

    @property
    def caught(self) -> bool:
        """Exit 2 with one `error: KEY: message` line per problem and no traceback (the standards' warnings aside)."""
        lines = [line for line in self.output.splitlines() if ": 警告：" not in line]
        return self.exit_code == 2 and bool(lines) and all(line.startswith("错误：") for line in lines)


def run_inputs(cases: list[BadInput]) -> list[InputOutcome]:
    """Grade each bad input in process (the committed standards validated once)."""
    import generator.cli as cli
    from generator.validation import validate

    standards = validate(STANDARDS)
    outcomes = []
    with (
        mock.patch.object(cli, "validate", lambda directory, strict=False: standards),
        tempfile.TemporaryDirectory() as folder,
    ):
        for case in cases:
            args = ["grade", case.model, *case.args]
            if case.data is not None:
                path = Path(folder) / "inputs.json"
                path.write_bytes(case.data)
                args += ["--input", str(path)]
            err = io.StringIO()
            started = time.perf_counter()
            try:
                with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                    code = cli.main(args)
            except BaseException as error:  # a crash is what this corpus looks for
                import traceback

                code, _ = -1, err.write("Traceback\n" + "".join(traceback.format_exception(error)))
            outcomes.append(InputOutcome(case, code, err.getvalue(), time.perf_counter() - started))
    return outcomes


def input_report(outcomes: list[InputOutcome]) -> dict[str, Any]:
    """Counts and the slowest of the bad grade inputs."""
    slowest = max(outcomes, key=lambda o: o.seconds)
    return {
        "tried": len(outcomes),
        "caught": sum(o.caught for o in outcomes),
        "missed": [f"{o.case.name}: exit {o.exit_code}: {o.output[-300:]}" for o in outcomes if not o.caught],
        "slowest": {"input": slowest.case.name, "seconds": round(slowest.seconds, 3)},
    }


def main() -> int:
    """Validate the attacks in this process; one JSON line per mutant: name, caught, seconds."""
    with workspace() as folder:
        for mutant in attacks():
            outcome = run(mutant, Path(folder))
            print(json.dumps({"mutant": mutant.name, "caught": outcome.caught, "seconds": outcome.seconds}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
