"""Hypothesis properties of the engine over the committed models and generated ones."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from calculator import InputError, grade
from calculator.engine import rank
from calculator.model import Band, Input, Model, Series

from .helpers import models

MODEL_IDS = sorted(models())


def value_for(spec: Input, series: Series) -> st.SearchStrategy[Any]:
    """Valid values of one input."""
    if spec.type == "choice":
        return st.sampled_from(spec.option_values())
    if spec.type == "level":
        return st.sampled_from([lv.id for lv in series.levels])
    if spec.type == "boolean":
        return st.booleans()
    low, high = spec.min if spec.min is not None else 0, spec.max if spec.max is not None else 1000
    if spec.type == "list":
        if spec.fields:
            record = st.fixed_dictionaries({f.key: st.floats(f.min or 0, f.max or 1000) for f in spec.fields})
            return st.lists(record, min_size=max(spec.min_items, 1), max_size=spec.max_items or 4)
        return st.lists(st.floats(low, high), min_size=spec.min_items, max_size=spec.max_items or 4)
    if spec.type == "integer":
        return st.integers(int(low), int(high))
    return st.floats(low, high)


@st.composite
def model_and_inputs(draw: st.DrawFn) -> tuple[Series, Model, dict[str, Any]]:
    series, model = models()[draw(st.sampled_from(MODEL_IDS))]
    inputs = {spec.key: draw(value_for(spec, series)) for spec in model.inputs}
    return series, model, inputs


@settings(max_examples=300, deadline=None)
@given(model_and_inputs())
def test_every_valid_input_yields_a_result(case: tuple[Series, Model, dict[str, Any]]) -> None:
    series, model, inputs = case
    result = grade(series, model, inputs)
    assert result["model"] == model.id
    assert result["outcome"] is None or result["outcome"]["name"]


junk = st.one_of(
    st.none(),
    st.text(max_size=5),
    st.floats(allow_nan=True),
    st.booleans(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(MODEL_IDS),
    st.dictionaries(
        st.sampled_from(
            ["knowledge_skills", "level", "quarters", "monthly_scores", "education", "certificates", "nonsense"]
        ),
        junk,
        max_size=5,
    ),
)
def test_any_input_yields_a_result_or_a_clear_error(model_id: str, inputs: dict[str, Any]) -> None:
    series, model = models()[model_id]
    try:
        grade(series, model, inputs)
    except InputError as error:
        assert error.problems and all(p.key and p.message for p in error.problems)


@settings(max_examples=300, deadline=None)
@given(model_and_inputs(), st.data())
def test_a_better_value_never_lowers_the_outcome(
    case: tuple[Series, Model, dict[str, Any]], data: st.DataObject
) -> None:
    series, model, inputs = case
    numeric = [s for s in model.inputs if s.type in ("number", "integer", "choice")]
    if not numeric or model.kind == "review":
        return
    spec = data.draw(st.sampled_from(numeric))
    # an input that a check caps with a maximum (team rank, attrition) is better when lower
    lower_is_better = any(c.input == spec.key and c.max is not None for lv in series.levels for _, c in lv.checks())
    before = grade(series, model, inputs, with_next=False)
    if spec.type == "choice":
        order = spec.option_values()
        better: Any = data.draw(st.sampled_from(order[order.index(inputs[spec.key]) :]))
    elif lower_is_better:
        better = data.draw(value_for(spec, series).filter(lambda v: v <= inputs[spec.key]))
    else:
        better = data.draw(value_for(spec, series).filter(lambda v: v >= inputs[spec.key]))
    after = grade(series, model, {**inputs, spec.key: better}, with_next=False)
    assert rank(series, model, after) >= rank(series, model, before)
    if before["score"] is not None:
        assert after["score"] >= before["score"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0, 100), min_size=3, max_size=3), st.integers(0, 2), st.floats(0, 100))
def test_a_better_month_never_worsens_the_review(scores: list[float], month: int, raised: float) -> None:
    series, model = models()["cs-quarterly-review"]
    better = list(scores)
    better[month] = max(raised, scores[month])
    before = grade(series, model, {"monthly_scores": scores}, with_next=False)
    after = grade(series, model, {"monthly_scores": better}, with_next=False)
    assert rank(series, model, after) >= rank(series, model, before)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 99), min_size=1, max_size=8, unique=True), st.floats(0, 100))
def test_generated_bands_cover_their_range_exactly_once(edges: list[int], score: float) -> None:
    cuts = [0, *sorted(edges), 100]
    bands = [
        Band(level=f"l{i}", min=lo, below=hi)
        for i, (lo, hi) in enumerate(zip(cuts, cuts[1:-1] + [None], strict=False))
        if hi is not None
    ]
    bands.append(Band(level="top", min=cuts[-2], max=100))
    assert sum(band.contains(score) for band in bands) == 1
