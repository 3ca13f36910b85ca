"""Mutates the committed standards in many ways; each mutant must be rejected cleanly.

Run `python -m benchmarks.mutations` for a report: how many mutations were tried, how
many were caught (exit 1 with at least one `FILE:LINE:COL:` message, no traceback), and
the slowest and hungriest of them.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import re
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.load import LOADER

ROOT = Path(__file__).resolve().parent.parent
STANDARDS = ROOT / "standards"
PER_KIND = 1
MESSAGE = re.compile(r"^standards/[^:]+\.yaml:\d+:\d+: ")
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
    """One mutation of one file: its name and the new text of the file."""

    file: str
    name: str
    text: str


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
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


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


def _edit(data: dict[str, Any], index: int, change: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    """A deep copy of the data with one object changed."""
    mutated = copy.deepcopy(data)
    change(list(objects(mutated))[index][1])
    return mutated


def _model_mutations(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Semantic mutations: bands, weights, references, duplicate ids, examples."""
    for m, model in enumerate(data.get("models", ())):
        for b in range(1, len(model.get("bands", ()))):
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


def _model(data: dict[str, Any], index: int, change: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
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


def mutants() -> Iterator[Mutant]:
    """Every mutant of every committed standard, and one 10 MB text."""
    first = sorted(STANDARDS.glob("*.yaml"))[0]
    data = yaml.safe_load(first.read_text(encoding="utf-8"))
    data["series"][0]["levels"][0]["summary"] = "长" * 10_000_000
    yield Mutant(first.name, "10 MB string in a level summary", dump(data))
    for name, text in file_mutations():
        yield Mutant(first.name, name, text)
    for path in sorted(STANDARDS.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        for name, mutated in data_mutations(data):
            yield Mutant(path.name, name, dump(mutated))
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
    peak_bytes: int

    @property
    def caught(self) -> bool:
        """Rejected with placed messages and no traceback."""
        lines = self.output.splitlines()
        return self.exit_code == 1 and any(MESSAGE.match(line) for line in lines) and "Traceback" not in self.output


def run(mutant: Mutant, workspace: Path) -> Outcome:
    """Validate a copy of the standards with one file replaced by the mutant, in process."""
    from generator.cli import main

    target = workspace / "standards" / mutant.file
    target.write_bytes(mutant.text.encode("utf-8", "surrogatepass"))
    err = io.StringIO()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()), _chdir(workspace):
            code = main(["validate", "--strict"])
    except BaseException as error:  # a crash is what this corpus looks for
        import traceback

        code, _ = -1, err.write("Traceback\n" + "".join(traceback.format_exception(error)))
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    target.unlink()
    return Outcome(mutant, code, err.getvalue(), seconds, peak)


@contextlib.contextmanager
def _chdir(path: Path) -> Iterator[None]:
    """Run with the workspace as current directory (messages name files relative to it)."""
    import os

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
    """Counts and extremes of a corpus run."""
    missed = [
        f"{o.mutant.file}: {o.mutant.name}: exit {o.exit_code}: {o.output[-300:]}" for o in outcomes if not o.caught
    ]
    slowest = max(outcomes, key=lambda o: o.seconds)
    hungriest = max(outcomes, key=lambda o: o.peak_bytes)
    return {
        "tried": len(outcomes),
        "caught": sum(o.caught for o in outcomes),
        "missed": missed,
        "slowest": {"mutant": f"{slowest.mutant.file}: {slowest.mutant.name}", "seconds": round(slowest.seconds, 3)},
        "peak_memory": {
            "mutant": f"{hungriest.mutant.file}: {hungriest.mutant.name}",
            "mib": round(hungriest.peak_bytes / 2**20, 1),
        },
    }


def main() -> int:
    """Run the whole corpus and print the report as JSON."""
    with workspace() as folder:
        outcomes = [run(m, Path(folder)) for m in mutants()]
    result = report(outcomes)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0 if not result["missed"] else 1


if __name__ == "__main__":
    sys.exit(main())
