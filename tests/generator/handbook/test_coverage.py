"""Every standard in the source documents has its YAML, and the standards carry the source's sentences."""

from __future__ import annotations

import re

import pytest
import yaml

from devtools import ROOT
from generator.handbook.sources import CARRIED, Source, coverage, normal, omitted

SEEDS = ROOT / "sources"
# a heading: a short line of Chinese (brackets and digits allowed) naming a standard-like document
HEADING = re.compile(r"^[\u4e00-\u9fff()（）―\-—0-9]{6,40}$")
KIND = re.compile(r"(标准|方案|资格|说明|规则|范本|培训|模型|要求|定级|成果表|构成|流程)")


def source_headings() -> list[str]:
    """Headings found in the seed texts, in order of appearance, without repeats."""
    found: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if HEADING.match(line) and KIND.search(line) and not line.startswith("(") and line not in found:
                found.append(line)
    return found


def covered_headings() -> set[str]:
    """The source titles and headings that the committed standards name."""
    covered = set()
    for path in (ROOT / "standards").glob("*.yaml"):
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))["standard"]
        covered.add(meta["source"])
        covered.update(meta.get("headings", ()))
    return covered


def test_every_source_heading_has_a_standard() -> None:
    assert SEEDS.is_dir() and list(SEEDS.glob("*.txt")), f"the source documents live in the repository: {SEEDS}"
    headings = source_headings()
    assert len(headings) >= 16
    covered = covered_headings()
    missing = [h for h in headings if h not in covered]
    assert missing == []


def standards_data() -> list[dict[str, object]]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "standards").glob("*.yaml"))]


@pytest.fixture(scope="module")
def source() -> Source:
    """The source documents' sentences and passages, read once for the module."""
    return Source(SEEDS)


def test_the_standards_carry_nine_in_ten_source_sentences_and_say_why_of_the_rest(source: Source) -> None:
    carried, missing = coverage(source, standards_data())
    total = len(carried) + len(missing)
    assert total >= 400  # distinct sentences of six or more Chinese characters
    assert len(carried) / total >= 0.9, f"{len(carried)} of {total} carried"
    left_out = omitted(SEEDS)
    assert [s for s in missing if s not in left_out] == []  # every sentence not carried is listed, with why
    assert [s for s in left_out if s not in missing] == []  # and the list holds nothing that is carried
    assert all(why.strip() for why in left_out.values())


def test_a_sentence_is_carried_only_when_its_text_is_there(source: Source) -> None:
    sentence = normal("能够快速解决问题，提供及时的服务响应")
    assert sentence in source.sentences
    carried, _ = coverage(source, [{"text": "能够快速解决问题，提供及时的服务响应。"}])
    assert sentence in carried
    _, missing = coverage(source, [{"text": "能够快速解决问题"}])  # a part is not the sentence
    assert sentence in missing and CARRIED == 0.9


def test_the_passage_behind_a_rule_is_found_in_the_source(source: Source) -> None:
    passage = source.passage("S3—S3连续1个季度考核分低于80分或累计达成率低于80%，职级下降1级")
    assert passage is not None and "S3—S3连续1个季度" in passage.text
    assert source.passage("完全不在源文件里的一句话") is None
