"""The comparison matrix split for print: parts of at most 8 levels, as even as they come, labels kept."""

from __future__ import annotations

from markupsafe import Markup

from generator.handbook.views import PRINT_COLUMNS, matrix_parts


def columns(count: int) -> list[tuple[str, Markup]]:
    return [(f"第{i}级", Markup(f"l{i}/")) for i in range(count)]


def test_a_matrix_that_fits_is_not_split() -> None:
    assert matrix_parts(columns(PRINT_COLUMNS), [("学历", ["—"] * PRINT_COLUMNS)]) == []


def test_eleven_levels_print_in_two_even_parts_with_every_level_once() -> None:
    cols = columns(11)
    rows = [("学历", [f"要求{i}" for i in range(11)]), ("经验", ["—"] * 6 + ["两年"] * 5)]
    parts = matrix_parts(cols, rows)
    assert [len(p.columns) for p in parts] == [6, 5]
    assert [c for p in parts for c in p.columns] == cols
    assert (parts[0].first, parts[0].last, parts[1].first, parts[1].last) == ("第0级", "第5级", "第6级", "第10级")
    # each part repeats the labels of the rows it has; a row empty in a part ("—" throughout) is left out there
    assert [label for label, _ in parts[0].rows] == ["学历"]
    assert parts[1].rows == [("学历", [f"要求{i}" for i in range(6, 11)]), ("经验", ["两年"] * 5)]


def test_seventeen_levels_print_in_three_parts() -> None:
    assert [len(p.columns) for p in matrix_parts(columns(17), [])] == [6, 5, 6]
