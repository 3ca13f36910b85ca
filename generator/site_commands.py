"""Site commands: `competency generate` and `competency build`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path as FsPath

from .cli import _standards_argument, command, load_or_report
from .site import Layout, build, generate, locked


def _failed() -> int:
    """Say that nothing was written after the validator's messages."""
    print("Standards do not validate; nothing was generated and the previous site is unchanged.", file=sys.stderr)
    return 1


def _environment_error(error: Exception) -> int:
    """A missing file or tool (e.g. node_modules not installed): one line, no traceback, nothing replaced."""
    print(f"error: {error}; the previous pages and site are unchanged.", file=sys.stderr)
    return 1


def _generate_arguments(parser: argparse.ArgumentParser) -> None:
    _standards_argument(parser)


@command("generate", "validate, then write the handbook pages into build/docs", _generate_arguments)
def _generate(args: argparse.Namespace) -> int:
    standards = load_or_report(args)
    if standards is None:
        return _failed()
    layout = Layout(FsPath.cwd())
    try:
        with locked(layout):
            done = generate(standards, FsPath(args.standards), layout)
    except (OSError, RuntimeError) as error:
        return _environment_error(error)
    print(f"Generated {done.pages} pages ({done.calculator_pages} calculator pages) into {done.docs}")
    return 0


def _build_arguments(parser: argparse.ArgumentParser) -> None:
    _standards_argument(parser)
    parser.add_argument("--site-dir", default="site", metavar="DIR", help="where the site goes (default: site)")


@command("build", "validate, generate and build the site with MkDocs (strict); atomic", _build_arguments)
def _build(args: argparse.Namespace) -> int:
    standards = load_or_report(args)
    if standards is None:
        return _failed()
    try:
        built = build(standards, FsPath(args.standards), FsPath(args.site_dir), Layout(FsPath.cwd()))
    except (OSError, RuntimeError) as error:
        return _environment_error(error)
    if not built.ok:
        print("MkDocs build failed; the previous site is unchanged.", file=sys.stderr)
        return 1
    print(f"Built {built.pages} pages into {built.site} in {built.seconds:.1f} s")
    return 0
