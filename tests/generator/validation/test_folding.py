"""Folded YAML (`>-`) joins Chinese lines without the space YAML's folding would put between them."""

from __future__ import annotations

from pathlib import Path

from generator.validation.load import load_document

TEXT = """\
a: >-
  S3-S10晋级以1个自然季度为周期，
  S10-S13晋级以半年为周期；次季第1个月
  8-20日由人力资源中心统筹组织
  晋级项目工作。
b: >-
  an English sentence
  folded over two lines
c: "两个 词 之间的空格是写上去的"
d: |-
  按原样
  保留换行
"""


def test_folded_chinese_lines_join_without_a_space(tmp_path: Path) -> None:
    path = tmp_path / "folded.yaml"
    path.write_text(TEXT, encoding="utf-8")
    document, issues = load_document(path)
    assert issues == [] and document is not None
    assert document.data == {
        "a": "S3-S10晋级以1个自然季度为周期，S10-S13晋级以半年为周期；"
        "次季第1个月 8-20日由人力资源中心统筹组织晋级项目工作。",  # 月 8: a wide and a narrow character keep it
        "b": "an English sentence folded over two lines",
        "c": "两个 词 之间的空格是写上去的",
        "d": "按原样\n保留换行",
    }
    assert document.places[("a",)] == (1, 4)  # the slow path that places issues reads the same value
