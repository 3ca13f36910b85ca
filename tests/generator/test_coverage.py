"""Every standard in the source documents has its YAML."""

from __future__ import annotations

import re

import yaml

from tests.conftest import ROOT

SEEDS = ROOT.parent / "shared" / "seeds"
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
    assert SEEDS.is_dir(), f"the source documents belong beside the checkout: {SEEDS}"
    headings = source_headings()
    assert len(headings) >= 16
    missing = [h for h in headings if h not in covered_headings()]
    assert missing == []
