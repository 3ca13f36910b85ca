"""HR reads the validator in Chinese, and "did you mean" is chosen from what is valid at that place."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from devtools import ROOT
from devtools.cli import competency
from generator.validation.issues import did_you_mean
from tests.helpers import workspace

PLACE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<path>[^:]+): (?P<message>.*)$")
# quoted values, lists of the ids HR may choose from, file names and YAML's .nan/.inf: written by HR
QUOTED = re.compile(
    r"'[^']*'|“[^”]*”|(?:可用|可用的输入项)：[^；]*|standards/\S+|\.nan|-?\.inf|\b[a-z0-9]+(?:[_-][a-z0-9]+)+\b"
)
# what HR writes in the YAML files themselves: keys, values of the schema, and names of the formats
WRITTEN = set(
    "id kind title series text inputs groups bands rules titles otherwise period level_input list_input "
    "interpretation examples hard below max min weight weighted formula field fields options choice type "
    "level list value param readings reading adopted table true false null YAML JSON Schema UTF yaml "
    "Tab HTML Markdown javascript".split()
)
ENGLISH = re.compile(r"[A-Za-z]{3,}")


def english_messages(output: str) -> dict[str, set[str]]:
    """The validator's lines (of an output) with English in their message; a line that is not placed counts too."""
    found = {}
    for line in output.splitlines():
        if line.startswith("standards/"):
            place = PLACE.match(line)
            words = english_words(place["message"]) if place else {"（没有 FILE:LINE:COL: PATH:）"}
            if words:
                found[line] = words
    return found


def english_words(message: str) -> set[str]:
    """Latin words of a message outside quoted values and YAML keys: what HR would have to read in English."""
    return {word for word in ENGLISH.findall(QUOTED.sub("", message)) if word not in WRITTEN}


@pytest.mark.parametrize(
    ("word", "valid", "meant"),
    [
        ("lable", ["cap", "id", "input", "label", "max_points", "per", "table", "text", "weight"], "label"),
        ("tittle", ["id", "title", "series"], "title"),
        ("levles", ["levels", "name"], "levels"),
        ("wieght", ["weight", "label"], "weight"),
        ("scroing", ["scoring", "eligibility", "review"], "scoring"),
        ("zzz", ["levels", "name"], None),
        ("id", ["id", "kind"], None),  # a valid word suggests nothing
    ],
)
def test_did_you_mean_prefers_a_swap_and_the_same_letters(word: str, valid: list[str], meant: str | None) -> None:
    assert did_you_mean(word, valid) == meant


def _broken(tmp_path: Path, change, name: str = "cs-staff-rating.yaml") -> list[str]:
    """The validator's lines for a committed standard after one change to its data."""
    source = ROOT / "standards" / name
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    change(data)
    edited = tmp_path / "edited" / name
    edited.parent.mkdir()
    edited.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = competency("validate", "--strict", cwd=workspace(tmp_path, edited))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    return result.stderr.splitlines()


def test_a_misspelt_key_suggests_the_key_valid_at_that_place(tmp_path: Path) -> None:
    def misspell(data):
        item = data["models"][0]["groups"][0]["items"][0]
        item["lable"] = item.pop("label", "能力")

    lines = _broken(tmp_path, misspell)
    assert any(line.endswith("items[0].lable: 未知的键 'lable'；是不是要写 'label'？") for line in lines), lines


def test_a_misspelt_kind_suggests_a_value_of_the_enum(tmp_path: Path) -> None:
    def misspell(data):
        data["models"][0]["kind"] = "scroing"

    lines = _broken(tmp_path, misspell)
    assert any("models[0].kind: 应为以下之一：" in line and line.endswith("是不是要写 'scoring'？") for line in lines)


def test_a_misspelt_level_suggests_a_level_of_the_series(tmp_path: Path) -> None:
    def misspell(data):
        band = data["models"][0]["bands"][0]
        band["level"] = band["level"][:-1] + "x" if len(band["level"]) > 3 else band["level"] + "x"

    lines = _broken(tmp_path, misspell)
    assert any(".bands[0].level: 未知职级 " in line and "是不是要写" in line for line in lines), lines
    assert lines[-1] == "共 1 个错误；没有做任何改动。"


def test_a_role_names_series_and_levels_of_its_standard(tmp_path: Path) -> None:
    """A wrong id in `applies_to.roles` stops validation at its place (before, only the page generation noticed)."""

    def misname(data):
        roles = data["standard"]["applies_to"]["roles"]
        roles[1]["series"] = "cs-tech-suport"
        roles[3]["levels"][0] = "auditor-9"

    lines = _broken(tmp_path, misname, "cs-dept-roles.yaml")
    assert [line.split(": ", 1)[1] for line in lines[:-1]] == [
        "standard.applies_to.roles[1].series: 本标准没有序列 'cs-tech-suport'；是不是要写 'cs-tech-support'？",
        "standard.applies_to.roles[3].levels[0]: 序列 'cs-auditors'中没有职级 'auditor-9'；是不是要写 'auditor-1'？",
    ]
