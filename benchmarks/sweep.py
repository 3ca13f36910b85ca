"""A seeded random sweep: thousands of random mutants of the standards and random `grade` inputs.

Run `python -m benchmarks.sweep [COUNT] [SEED]` for a JSON report. Case `i` of seed `s` is drawn
from its own generator (`random.Random(f"{s}:{i}")`), so any case can be replayed alone with
`case(s, i)` and `run_case(...)`. Each case runs in process: a mutant is validated with
`generator.validation.validate` (its issues are the documented answer; a mutant that passes is then
compiled and every model graded, where `InputError` is the documented answer); a grade input goes
through `calculator.inputs.load_json` (`JsonInputError`, which the CLI turns into `InputError`) and
`calculator.grade` (`InputError`). Any other exception is a traceback; a case that runs past
`BOUND` seconds (a per-case `SIGALRM` timer) is a hang.
"""

from __future__ import annotations

import contextlib
import copy
import json
import multiprocessing
import os
import random
import resource
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from devtools.mutants import DUMPER, STANDARDS

BOUND = 10.0  # seconds a case may take before it counts as a hang
UNICODE = "长é\u0301\u200b\u200f\u202e\ufeff😀𝒳\u00a0\u3000ﬁ٣"
CONTROL = "".join(map(chr, [*range(1, 9), 11, 12, *range(14, 32), 127, 0x85]))
MUTATIONS = ("replace scalar", "delete key", "duplicate element", "swap elements", "truncate", "insert bytes")


@dataclass(frozen=True)
class Case:
    """One random case: a mutated standard (`file`, `data`: the bytes) or a grade input (`model`, `data`)."""

    index: int
    kind: str  # "standard" or "grade"
    name: str
    file: str = ""
    model: str = ""
    data: bytes = b""
    params: str = "{}"
    reading: str | None = None


@dataclass
class Result:
    """What a case ended in: "issues", "accepted", "input error", "traceback" or "hang"."""

    case: Case
    outcome: str
    seconds: float
    detail: str = ""


# ---------------------------------------------------------------- drawing cases


@cache
def _standards() -> list[tuple[str, bytes, Any]]:
    """The committed standards: name, bytes, data."""
    found = []
    for path in sorted(STANDARDS.glob("*.yaml")):
        raw = path.read_bytes()
        found.append((path.name, raw, yaml.safe_load(raw.decode("utf-8"))))
    return found


@cache
def _models() -> list[tuple[str, Any, Any]]:
    """Every model of the committed standards: id, series, model."""
    from calculator import load_standard

    return [(m.id, s, m) for _, _, data in _standards() for s in load_standard(data) for m in s.models]


def random_string(rng: random.Random) -> str:
    """Empty, long, unicode, control characters, or text that looks like YAML or a number."""
    pick = rng.randrange(8)
    if pick == 0:
        return ""
    if pick == 1:
        return rng.choice("x长") * rng.choice((300, 5_000, 100_000))
    if pick == 2:
        return "".join(rng.choice(UNICODE) for _ in range(rng.randint(1, 20)))
    if pick == 3:
        return "".join(rng.choice(CONTROL + "ab") for _ in range(rng.randint(1, 10)))
    if pick == 4:
        return rng.choice(("NaN", ".inf", "-1e999", "0x50", "8_0", "１２", "60%", "*a", "{param: x}", "null", "是"))
    if pick == 5:
        return rng.choice(("<b>x</b>", "[x](javascript:alert(1))", "{: .x}", "S1", "A", "001", " ", "\n"))
    return "".join(rng.choice("abcxyz-_ 0123456789") for _ in range(rng.randint(1, 12)))


def random_number(rng: random.Random) -> Any:
    """Huge, NaN, infinite, negative, tiny, boolean or ordinary numbers."""
    return rng.choice(
        (
            10 ** rng.randint(15, 400),
            -(10 ** rng.randint(15, 60)),
            float("nan"),
            float("inf"),
            float("-inf"),
            -rng.randint(1, 1000),
            -rng.random(),
            0,
            -0.0,
            5e-324,
            1e308,
            rng.random() * 100,
            rng.randint(0, 100),
            True,
            False,
        )
    )


def random_value(rng: random.Random, depth: int = 0) -> Any:
    """A random YAML value: a number, a string, a list, a dict, null, or deep nesting."""
    pick = rng.randrange(6 if depth < 3 else 3)
    if pick == 0:
        return random_number(rng)
    if pick == 1:
        return random_string(rng)
    if pick == 2:
        return None
    if pick == 3:
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    if pick == 4:
        return {random_string(rng) or "k": random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))}
    nested: Any = rng.choice((1, "x", None))
    for _ in range(rng.randint(5, 60)):
        nested = [nested] if rng.random() < 0.5 else {"k": nested}
    return nested


def _places(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Every scalar, mapping and list of the data with its path."""
    if isinstance(data, dict):
        yield "dict", path
        for key, value in data.items():
            yield from _places(value, (*path, key))
    elif isinstance(data, list):
        yield "list", path
        for i, value in enumerate(data):
            yield from _places(value, (*path, i))
    else:
        yield "scalar", path


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def _mutate_standard(rng: random.Random, index: int) -> Case:
    """A committed standard with one random mutation."""
    file, raw, data = rng.choice(_standards())
    mutation = rng.choice(MUTATIONS)
    if mutation == "truncate":
        cut = rng.randrange(len(raw))
        return Case(index, "standard", f"truncate at byte {cut}", file, data=raw[:cut])
    if mutation == "insert bytes":
        at = rng.randrange(len(raw) + 1)
        junk = rng.randbytes(rng.randint(1, 16))
        return Case(index, "standard", f"insert {junk!r} at byte {at}", file, data=raw[:at] + junk + raw[at:])
    mutated = copy.deepcopy(data)
    places = list(_places(mutated))
    kind = {"replace scalar": "scalar", "delete key": "dict"}.get(mutation, "list")
    candidates = [path for k, path in places if k == kind and (kind != "dict" or _at(mutated, path))]
    if kind == "list":
        candidates = [path for path in candidates if len(_at(mutated, path)) >= (1 if "duplicate" in mutation else 2)]
    path = rng.choice(candidates)
    where = "".join(f"[{step!r}]" for step in path)
    target = _at(mutated, path)
    if mutation == "replace scalar":
        value = random_value(rng)
        _at(mutated, path[:-1])[path[-1]] = value
        name = f"{where} = {_short(value)}"
    elif mutation == "delete key":
        key = rng.choice(list(target))
        del target[key]
        name = f"delete {where}[{key!r}]"
    elif mutation == "duplicate element":
        i = rng.randrange(len(target))
        target.insert(i, copy.deepcopy(target[i]))
        name = f"duplicate {where}[{i}]"
    else:
        i, j = rng.sample(range(len(target)), 2)
        target[i], target[j] = target[j], target[i]
        name = f"swap {where}[{i}] and [{j}]"
    text = yaml.dump(mutated, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=100)
    return Case(index, "standard", name, file, data=text.encode("utf-8"))


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:60]}… ({len(text)} characters)"


def json_value(rng: random.Random, depth: int = 0) -> str:
    """Random JSON text: numbers (huge, NaN, 1e999), strings, lists, objects, records, deep nesting."""
    pick = rng.randrange(8 if depth < 3 else 4)
    if pick == 0:
        return rng.choice(("NaN", "Infinity", "-Infinity", "1e999", "-0", "1e-400", "true", "false", "null"))
    if pick == 1:
        return rng.choice(("-", "")) + "9" * rng.choice((1, 2, 16, 300, 301, 400, 5000))
    if pick == 2:
        return json.dumps(random_string(rng), ensure_ascii=rng.random() < 0.5)
    if pick == 3:
        return str(round(rng.uniform(-10, 200), rng.randint(0, 3)))
    if pick == 4:
        return "[" + ", ".join(json_value(rng, depth + 1) for _ in range(rng.choice((0, 1, 3, 4, 12)))) + "]"
    if pick == 5:
        keys = rng.choice((("score", "attainment"), ("score",), ("x",), ("rating", "months", "level")))
        return "{" + ", ".join(f"{json.dumps(k)}: {json_value(rng, depth + 1)}" for k in keys) + "}"
    if pick == 6:
        n = rng.choice((10, 31, 32, 33, 100, 2_000))
        return "[" * n + "]" * n if rng.random() < 0.5 else '{"k": ' * n + "1" + "}" * n
    return "[" + ", ".join(str(rng.randint(-5, 120)) for _ in range(rng.choice((100, 1_000, 100_000)))) + "]"


def _plausible(rng: random.Random, spec: Any, series: Any) -> str:
    """A value close to what the input takes, so that grading gets past the checks more often."""
    if spec.type in ("number", "integer"):
        lo = spec.min if spec.min is not None else 0
        hi = spec.max if spec.max is not None else lo + 100
        value = rng.uniform(lo, hi)
        return json.dumps(round(value) if spec.type == "integer" or rng.random() < 0.5 else value)
    if spec.type == "boolean":
        return rng.choice(("true", "false", '"是"', '"否"'))
    if spec.type == "choice":
        return json.dumps(rng.choice([o.value for o in spec.options] or ["x"]), ensure_ascii=False)
    if spec.type == "level":
        return json.dumps(rng.choice([lv.id for lv in series.levels] or ["x"]), ensure_ascii=False)
    count = rng.randint(spec.min_items, max(spec.min_items, spec.max_items or spec.min_items + 4))
    lo, hi = (spec.min if spec.min is not None else 0), (spec.max if spec.max is not None else 100)
    if spec.fields:
        records = [
            {f.key: round(rng.uniform(f.min or 0, f.max if f.max is not None else 100)) for f in spec.fields}
            for _ in range(count)
        ]
        return json.dumps(records)
    return json.dumps([round(rng.uniform(lo, hi)) for _ in range(count)])


def _grade_input(rng: random.Random, index: int) -> Case:
    """Random inputs of a random model, with random trial parameters and reading now and then."""
    model_id, series, model = rng.choice(_models())
    pairs = []
    for spec in model.inputs:
        roll = rng.random()
        if roll < 0.1:
            continue  # missing
        pairs.append((spec.key, _plausible(rng, spec, series) if roll < 0.55 else json_value(rng)))
    for _ in range(rng.choice((0, 0, 0, 1, 3))):
        pairs.append((random_string(rng), json_value(rng)))
    text = "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {v}" for k, v in pairs) + "}"
    params: dict[str, Any] = {}
    if rng.random() < 0.3:
        ids = [p.id for p in model.parameters] or ["x"]
        params = {rng.choice(ids): random_value(rng, 3) for _ in range(rng.randint(1, 2))}
    reading = None
    if rng.random() < 0.2:
        options = [o.id for q in model.questions for o in q.options]
        reading = rng.choice([*options, random_string(rng)])
    name = f"{model_id}: {len(pairs)} keys, {len(text)} characters"
    return Case(
        index, "grade", name, model=model_id, data=text.encode("utf-8"), params=_params_text(params), reading=reading
    )


def _params_text(params: dict[str, Any]) -> str:
    return json.dumps(params, ensure_ascii=False, allow_nan=True)


def case(seed: int, index: int) -> Case:
    """Case `index` of a sweep: three in five a mutated standard, two a grade input."""
    rng = random.Random(f"{seed}:{index}")
    return _mutate_standard(rng, index) if rng.random() < 0.6 else _grade_input(rng, index)


# ---------------------------------------------------------------- running cases


class _Hang(BaseException):
    """Raised by the per-case timer."""


def _alarm(signum: int, frame: Any) -> None:
    raise _Hang


def run_case(item: Case, folder: Path, bound: float = BOUND) -> Result:
    """Run one case in process, bounded by a timer; only the documented outcomes count as caught."""
    use_alarm = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGALRM, _alarm) if use_alarm else None
    started = time.perf_counter()
    try:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, bound)
        try:
            outcome = _standard_case(item, folder) if item.kind == "standard" else _grade_case(item)
        finally:
            if use_alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
        result = Result(item, outcome, time.perf_counter() - started)
    except _Hang:
        result = Result(item, "hang", time.perf_counter() - started, f"over {bound} s")
    except Exception as error:  # a crash is what the sweep looks for
        detail = "".join(traceback.format_exception(error))[-2000:]
        result = Result(item, "traceback", time.perf_counter() - started, detail)
    finally:
        if use_alarm:
            signal.signal(signal.SIGALRM, previous)
    if result.seconds > bound and result.outcome != "hang":
        result = Result(item, "hang", result.seconds, f"over {bound} s (timer could not interrupt)")
    return result


def _standard_case(item: Case, folder: Path) -> str:
    """Validate the mutant beside the schema; if it passes, compile it and grade every model."""
    from calculator import InputError, load_standard
    from generator.validation import validate

    target = folder / item.file
    target.write_bytes(item.data)
    try:
        with contextlib.redirect_stdout(sys.stderr):
            standards = validate(folder, strict=True)
    finally:
        target.unlink()
    if standards.errors:
        return "issues"
    from calculator import grade

    for document in standards.documents:
        for series in load_standard(document.data):
            for model in series.models:
                example = model.examples[0] if model.examples else None
                with contextlib.suppress(InputError):
                    grade(
                        series,
                        model,
                        dict(example.inputs) if example else {},
                        params=example.params if example else None,
                    )
    return "accepted"


def _grade_case(item: Case) -> str:
    """Read the inputs as the CLI does and grade them."""
    from calculator import InputError, grade
    from calculator.inputs import JsonInputError, load_json

    series, model = next((s, m) for model_id, s, m in _models() if model_id == item.model)
    try:
        raw = load_json(item.data.decode("utf-8"))
        params = json.loads(item.params)
        if not isinstance(raw, dict):
            return "input error"
        grade(series, model, raw, params=params, reading=item.reading)
    except (InputError, JsonInputError):
        return "input error"
    return "accepted"


@contextlib.contextmanager
def _workspace() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(STANDARDS / "schema.json", folder)
        yield Path(folder)


_JOB: tuple[int, int, float] = (0, 0, BOUND)


def _run_part(span: tuple[int, int]) -> tuple[list[Result], int]:
    """Every `step`-th case from `start`; the worker's peak resident memory (KiB)."""
    seed, count, bound = _JOB
    start, step = span
    with _workspace() as folder:
        results = [run_case(case(seed, i), folder, bound) for i in range(start, count, step)]
    for result in results:
        result.case = replace(result.case, data=b"")  # the bytes stay here: replay a case with `case(seed, i)`
    return results, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def sweep(count: int = 5_000, seed: int = 0, workers: int | None = None, bound: float = BOUND) -> dict[str, Any]:
    """Draw and run `count` cases; the report (forked workers, one per core, when that is safe)."""
    global _JOB
    started = time.perf_counter()
    workers = workers or min(os.cpu_count() or 1, 8)
    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    _JOB = (seed, count, bound)
    if workers < 2 or not forkable or count < 200:
        results, peak = _run_part((0, 1))
        peaks = [peak]
    else:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_run_part, [(start, workers) for start in range(workers)])
        results = [r for part, _ in parts for r in part]
        peaks = [peak for _, peak in parts]
    results.sort(key=lambda r: r.case.index)
    return report(results, seed, time.perf_counter() - started, max(peaks))


def report(results: list[Result], seed: int, seconds: float, peak_kib: int) -> dict[str, Any]:
    """Counts by outcome, the slowest case, the peak memory, and every traceback and hang with its reproducer."""
    counts = {name: sum(r.outcome == name for r in results) for name in ("issues", "input error", "accepted")}
    bad = [r for r in results if r.outcome in ("traceback", "hang")]
    slowest = max(results, key=lambda r: r.seconds)
    return {
        "seed": seed,
        "tried": len(results),
        "standards": sum(r.case.kind == "standard" for r in results),
        "grade_inputs": sum(r.case.kind == "grade" for r in results),
        "caught": counts["issues"] + counts["input error"],
        "issues": counts["issues"],
        "input_errors": counts["input error"],
        "accepted": counts["accepted"],
        "tracebacks": sum(r.outcome == "traceback" for r in results),
        "hangs": sum(r.outcome == "hang" for r in results),
        "slowest": {"case": _label(slowest), "seconds": round(slowest.seconds, 3)},
        "peak_memory_mib": round(peak_kib / 1024, 1),
        "seconds": round(seconds, 1),
        "failures": [
            {"case": _label(r), "outcome": r.outcome, "replay": f"case({seed}, {r.case.index})", "detail": r.detail}
            for r in bad
        ],
    }


def _label(result: Result) -> str:
    item = result.case
    return f"#{item.index} {item.kind} {item.file or item.model}: {item.name}"


def main(argv: list[str] | None = None) -> int:
    """`python -m benchmarks.sweep [COUNT] [SEED]`: the report as JSON; exit 1 on a traceback or hang."""
    args = sys.argv[1:] if argv is None else argv
    count = int(args[0]) if args else 5_000
    seed = int(args[1]) if len(args) > 1 else 0
    result = sweep(count, seed)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 1 if result["tracebacks"] or result["hangs"] else 0


if __name__ == "__main__":
    sys.exit(main())
