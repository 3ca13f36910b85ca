"""Build and validation benchmarks on synthetic handbooks at 1x, 10x and 100x the committed standards.

Every figure is a ratio against a baseline measured in the same run:
- build overhead: `competency build` (validate + generate + mkdocs build) divided by a plain
  `mkdocs build` of the very Markdown pages our generator wrote, with the same theme and nav;
- scaling: the exponent of build time against page count (log-log fit), and peak memory;
- validation: `competency validate` divided by loading the same files with the YAML library alone.
"""

from __future__ import annotations

import math
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from devtools import ROOT
from devtools.measure import timed
from devtools.synthetic import synthetic_standards

LINKED = (  # what a throw-away project links in from the repository
    "generator",
    "calculator",
    "teamfile",
    "content",
    "site_overrides",
    "node_modules",
    "mkdocs.yml",
    "pyproject.toml",
)


def project(folder: Path, factor: int) -> Path:
    """A throw-away project folder: the code linked in, synthetic standards written."""
    for name in LINKED:
        if (ROOT / name).exists():
            os.symlink(ROOT / name, folder / name)
    synthetic_standards(folder / "standards", factor)
    return folder


def baseline_config(folder: Path) -> Path:
    """The handbook's MkDocs configuration without our hook, over a frozen copy of the generated pages."""
    shutil.copytree(folder / "build" / "docs", folder / "frozen-docs")
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if "mkdocs_hook.py" not in line]
    text = "\n".join(lines).replace("\nhooks:\n", "\n").replace("docs_dir: build/docs", "docs_dir: frozen-docs")
    config = folder / "baseline.yml"
    config.write_text(text, encoding="utf-8")
    return config


def page_count(site: Path) -> int:
    """HTML pages of a built site."""
    return sum(1 for _ in site.rglob("index.html"))


def build_case(factor: int) -> dict[str, Any]:
    """Our build and the plain MkDocs baseline on one synthetic handbook."""
    python = sys.executable
    with tempfile.TemporaryDirectory() as temporary:
        folder = project(Path(temporary), factor)
        ours, ours_peak = timed([python, "-m", "generator.cli", "build", "--site-dir", "out-ours"], folder)
        config = baseline_config(folder)
        plain, plain_peak = timed([python, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", "out-plain"], folder)
        validate, _ = timed([python, "-m", "generator.cli", "validate"], folder)
        floor = yaml_floor(folder / "standards")
        return {
            "factor": factor,
            "pages": page_count(folder / "out-ours"),
            "build_seconds": round(ours, 2),
            "plain_mkdocs_seconds": round(plain, 2),
            "build_overhead": round(ours / plain, 3),
            "peak_rss_mib": round(ours_peak / 1024, 1),
            "plain_peak_rss_mib": round(plain_peak / 1024, 1),
            "validate_seconds": round(validate, 3),
            "yaml_load_seconds": round(floor, 3),
            "validate_over_yaml_load": round(validate / floor, 2),
        }


def yaml_floor(standards: Path) -> float:
    """Seconds for a fresh Python to do nothing but load every standards file (the floor of validation)."""
    script = (
        "import sys, yaml, pathlib\n"
        "loader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)\n"
        "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.yaml')):\n"
        "    yaml.load(p.read_text(encoding='utf-8'), Loader=loader)\n"
    )
    seconds, _ = timed([sys.executable, "-c", script, str(standards)], standards.parent)
    return seconds


def exponent(cases: list[dict[str, Any]], seconds: str = "build_seconds") -> float:
    """Least-squares slope of log(build time) against log(pages)."""
    xs = [math.log(c["pages"]) for c in cases]
    ys = [math.log(c[seconds]) for c in cases]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum((x - mean_x) ** 2 for x in xs)


def run(factors: list[int]) -> dict[str, Any]:
    """Every build case and the scaling figures."""
    cases = [build_case(factor) for factor in factors]
    if len(cases) < 2:
        return {"cases": cases, "scaling_exponent": None, "plain_scaling_exponent": None}
    return {
        "cases": cases,
        "scaling_exponent": round(exponent(cases), 3),
        "plain_scaling_exponent": round(exponent(cases, "plain_mkdocs_seconds"), 3),  # MkDocs' own growth
    }
