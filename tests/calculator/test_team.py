"""Team mode as plain data (`calculator.team`): columns to inputs, one engine answer per row, one summary per file."""

from __future__ import annotations

import copy
import random
from collections import Counter
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculator import InputError, grade, team
from calculator.engine import needed_parameters
from calculator.model import Input, Model, Series

from .helpers import TRIAL, models

MODEL_IDS = sorted(models())


def value(spec: Input, series: Series, rnd: random.Random) -> Any:
    """A valid value of one scalar input, or of one element of a list input without fields."""
    if spec.type == "choice":
        return rnd.choice(spec.option_values())
    if spec.type == "level":
        return rnd.choice([lv.id for lv in series.levels])
    if spec.type == "boolean":
        return rnd.random() < 0.7
    low, high = spec.min if spec.min is not None else 0, spec.max if spec.max is not None else 100
    return rnd.randint(int(low), int(high)) if spec.type == "integer" else round(rnd.uniform(low, high) * 2) / 2


def element(spec: Input, series: Series, rnd: random.Random) -> Any:
    """One element of a list input: a number, or a record of numbers."""
    if not spec.fields:
        return value(spec, series, rnd)
    return {f.key: rnd.randint(int(f.min or 0), int(min(f.max or 100, 150))) for f in spec.fields}


def person(model: Model, series: Series, rnd: random.Random) -> dict[str, Any]:
    """Inputs for one person, as many list elements as the blank template has columns; one in five has a fault."""
    inputs: dict[str, Any] = {}
    for spec in model.inputs:
        if spec.type == "list":
            count = max(spec.min_items, min(spec.max_items or 1, 2), 1)
            inputs[spec.key] = [element(spec, series, rnd) for _ in range(count)]
        else:
            inputs[spec.key] = value(spec, series, rnd)
    fault = rnd.random()
    if fault < 0.1:
        spec = rnd.choice([s for s in model.inputs if s.type not in ("boolean", "list")] or model.inputs)
        inputs[spec.key] = "abc" if spec.type != "list" else ["abc"] * len(inputs[spec.key])
    elif fault < 0.2:
        del inputs[rnd.choice(model.inputs).key]  # its cells stay blank
    return inputs


def cells(columns: team.Targets, inputs: dict[str, Any]) -> list[Any]:
    """One row of a team file written with the template's columns; a missing input leaves its cells blank."""
    row: list[Any] = []
    for column in columns:
        assert column is not None
        key, index, field = column
        given = inputs.get(key)
        if given is None or index is None:
            row.append(given)
        elif isinstance(given[index], dict):
            row.append(given[index][field])
        else:
            row.append(given[index] if field is None else None)
    return row


def team_file(model_id: str, count: int, seed: int) -> tuple[list[str], list[dict[str, Any]], list[list[Any]]]:
    """A model's blank template filled for `count` people: header, each person's inputs, each row's cells."""
    series, model = models()[model_id]
    header = team.template(model)
    columns = team.targets(model, header)
    rnd = random.Random(seed)
    people = [person(model, series, rnd) for _ in range(count)]
    return header, people, [cells(columns, p) for p in people]


def by_name(header: list[str], row: dict[str, Any]) -> dict[str, Any]:
    """A result row's cells by column name."""
    return dict(zip(header, row["cells"], strict=True))


def test_every_column_of_the_blank_template_names_an_input() -> None:
    for model_id in MODEL_IDS:
        _series, model = models()[model_id]
        columns = team.targets(model, team.template(model))
        assert None not in columns, model_id
        assert {c[0] for c in columns if c} == {spec.key for spec in model.inputs}, model_id


@pytest.mark.parametrize("model_id", MODEL_IDS)
def test_result_rows_match_the_engine_row_by_row(model_id: str) -> None:
    series, model = models()[model_id]
    header, people, rows = team_file(model_id, 60, seed=len(model_id))
    columns = team.targets(model, header)
    params = {p.id: TRIAL[p.id] for p in needed_parameters(series, model)}  # a verdict, not "parameters unset"
    graded = team.grade_rows(series, model, columns, rows, params, header=header)
    assert len(graded) == len(rows)
    head = team.table_head(model, header, columns)
    out_header = head["header"]
    for number, (inputs, row) in enumerate(zip(people, graded, strict=True), start=2):
        out = by_name(out_header, row)
        assert out["行号"] == number  # no numbers given: the header is row 1
        assert [out[name] for name in header] == ["" if c is None else c for c in cells(columns, inputs)]
        try:
            result = grade(series, model, copy.deepcopy(inputs), with_next=True, params=params)
        except InputError as error:
            assert not row["ok"] and row["outcome"] is None and row["tone"] == "error", inputs
            assert out["错误"] == "；".join(p.message for p in error.problems)
            assert out["定级结果"] == out[team.ID_COLUMN] == "", inputs
            marked = {out_header[int(i)] for i in row["errors"]}
            assert {columns[header.index(name)][0] for name in marked} == {p.key for p in error.problems}, inputs  # type: ignore[index]
            continue
        assert row["ok"] and out["错误"] == "" and row["errors"] == {}, (inputs, row)
        assert row["outcome"] == result["outcome"], inputs
        assert out[team.ID_COLUMN] == (result["outcome"]["id"] if result["outcome"] else "")
        assert out["得分"] == ("" if result.get("score") is None else result["score"])
        assert out["定级结果"] == row["verdict"] == team.outcome_words(result)
        assert out["需评审认定的条件"] == "；".join(result["pending"])
        if result["next"]:
            assert out["怎样得到更好的结果"].startswith(f"得到「{result['next']['outcome']['name']}」只需改一项：")
            for change in result["next"]["changes"]:
                assert change["label"] in out["怎样得到更好的结果"]
        elif not team.score_only(model):
            assert out["怎样得到更好的结果"] == ""
        if model.level_input:
            level = (result["outcome"] or {}).get("level")
            assert out["结果职级"] == (series.level(level).name if level else "")
    # no id on the page: the machine column is the last one, and only it holds ids
    assert head["machine"] == len(out_header) - 1 and out_header[-1] == team.ID_COLUMN
    assert "结果代码" not in out_header


def test_the_fixture_files_have_both_good_and_bad_rows() -> None:
    """The row-by-row comparison above sees errors and several outcomes, not one kind of row."""
    series, model = models()["sales-center-review"]
    header, _people, rows = team_file("sales-center-review", 60, seed=len("sales-center-review"))
    graded = team.grade_rows(series, model, team.targets(model, header), rows)
    assert 0 < sum(not r["ok"] for r in graded) < len(graded) / 2
    assert len({r["verdict"] for r in graded if r["ok"]}) > 1


def counted(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The summary counted by hand: each verdict in order of first appearance, then the rows with errors."""
    verdicts = Counter(r["verdict"] for r in rows if r["ok"])
    bad = sum(not r["ok"] for r in rows)
    return [{"name": name, "count": n} for name, n in verdicts.items()] + (
        [{"name": "有错误", "count": bad}] if bad else []
    )


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(MODEL_IDS), st.lists(st.integers(1, 40), min_size=1, max_size=8))
def test_the_summary_of_a_file_graded_in_chunks_counts_every_rows_outcome(model_id: str, sizes: list[int]) -> None:
    series, model = models()[model_id]
    header, _people, rows = team_file(model_id, 90, seed=7)
    columns = team.targets(model, header)
    graded: list[dict[str, Any]] = []
    start = 0
    for size in sizes + [len(rows)]:  # chunks of any size, the last one takes the rest
        graded += team.grade_rows(series, model, columns, rows[start : start + size], first=2 + start)
        start += size
    assert len(graded) == len(rows)
    assert team.summary(graded) == counted(graded)
    assert sum(s["count"] for s in team.summary(graded)) == len(rows)
    assert graded == team.grade_rows(series, model, columns, rows)  # chunks change nothing


def test_rows_with_errors_are_counted_last_even_when_they_come_first() -> None:
    rows = [
        {"ok": False, "verdict": ""},
        {"ok": True, "verdict": "降一级"},
        {"ok": False, "verdict": ""},
        {"ok": True, "verdict": "保持不变"},
        {"ok": True, "verdict": "降一级"},
    ]
    assert team.summary(rows) == [
        {"name": "降一级", "count": 2},
        {"name": "保持不变", "count": 1},
        {"name": "有错误", "count": 2},
    ]
    assert team.summary([]) == []


def test_short_rows_are_padded_to_the_header() -> None:
    series, model = models()["cs-staff-rating"]
    header = ["姓名", *team.template(model)]
    columns = team.targets(model, header)
    graded = team.grade_rows(series, model, columns, [["张三", 80, 80, 80, 80, 80], ["李四", 80]], header=header)
    assert [len(r["cells"]) for r in graded] == [len(header) + len(team.RESULT_COLUMNS) + 2] * 2  # row number, id
    out = team.table_head(model, header, columns)["header"]
    assert graded[1]["cells"][out.index("沟通能力") :][:4] == ["", "", "", ""] and not graded[1]["ok"]
    assert team.result_header(model) == list(team.RESULT_COLUMNS)  # no level input: no 结果职级


def test_an_answer_is_the_engines_result_or_its_problems() -> None:
    series, model = models()["cs-staff-rating"]
    good = {"knowledge_skills": 80, "communication": 80, "teamwork": 80, "efficiency": 80, "satisfaction": 80}
    assert team.answer(series, model, good) == grade(series, model, good)
    bad = {**good, "teamwork": 120}
    with pytest.raises(InputError) as raised:
        grade(series, model, bad)
    (problem,) = raised.value.problems
    assert team.answer(series, model, bad) == {"errors": [{"input": "teamwork", "message": problem.message}]}
    assert problem.message.startswith("团队合作应在 0") and problem.message.endswith("之间，实际为 120")
