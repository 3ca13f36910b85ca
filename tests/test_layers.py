"""The rooms of the code and what each may import: data flows one way, standards → validation → pages → site.

Each package says in its docstring what it may import; this test holds the code to it by reading
every module's imports (module level, and inside functions where noted) with `ast`.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# room -> rooms of the project it may import (at module level)
ROOMS: dict[str, set[str]] = {
    "generator": set(),
    "calculator": set(),
    "teamfile": set(),
    "generator.git": set(),
    "generator.validation": {"calculator"},
    "generator.handbook": {"calculator", "generator.validation", "generator.git"},
    "generator.changelog": {"calculator", "generator.validation", "generator.git", "generator.handbook"},
    "generator.calculator_site": {
        "calculator",
        "teamfile",
        "generator.validation",
        "generator.git",
        "generator.handbook",
    },
    "generator.rounds": {"calculator", "generator.validation", "generator.git", "generator.handbook"},
    "generator.site": {
        "calculator",
        "generator.validation",
        "generator.git",
        "generator.handbook",
        "generator.changelog",
        "generator.calculator_site",
        "generator.rounds",
    },
    "generator.cli": {"calculator", "generator.validation"},
    "generator.__main__": {"generator.cli"},
}
# besides the standard library, what third-party code each room may use
THIRD_PARTY: dict[str, set[str]] = {
    "generator": set(),
    "calculator": set(),
    "teamfile": set(),
    "generator.git": set(),
    "generator.validation": {"yaml", "jsonschema"},
    "generator.handbook": {"yaml", "jinja2", "markupsafe"},
    "generator.changelog": {"yaml"},
    "generator.calculator_site": {"jinja2", "markupsafe"},
    "generator.rounds": {"jinja2", "markupsafe"},
    "generator.site": {"yaml", "jinja2"},
    "generator.cli": set(),
    "generator.__main__": set(),
}
PROJECT = ("calculator", "teamfile", "generator")


def module_name(path: Path) -> str:
    """The dotted name of a source file of the project."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def room_of(name: str) -> str | None:
    """The room a module belongs to: the longest room name that is it or a parent of it."""
    found = [room for room in ROOMS if name == room or name.startswith(room + ".")]
    return max(found, key=len) if found else None


def imports(path: Path, *, top_level_only: bool) -> list[tuple[int, str]]:
    """(line, imported module) of a file; relative imports made absolute."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    if top_level_only:  # `if TYPE_CHECKING:` / `try:` blocks at module level still import at import time
        nodes = [n for top in tree.body for n in ast.walk(top) if not isinstance(top, ast.FunctionDef | ast.ClassDef)]
        nodes += [n for top in tree.body if isinstance(top, ast.ClassDef) for n in ast.walk(top)]
    found = []
    for node in nodes:
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
    return found


def project_modules() -> list[Path]:
    return sorted(p for package in PROJECT for p in (ROOT / package).rglob("*.py"))


STDLIB = set(sys.stdlib_module_names)


@pytest.mark.parametrize("path", project_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_each_module_imports_only_what_its_room_may(path: Path) -> None:
    here = module_name(path)
    room = room_of(here)
    assert room is not None, f"{here} belongs to no room: add it to ROOMS and say in its package what it may import"
    wrong = []
    for line, target in imports(path, top_level_only=True):
        top = target.split(".")[0]
        if top in PROJECT:
            if target == "generator":
                continue  # `from generator import git`: the module named after it is checked
            other = room_of(target)
            if other is None and target.count(".") and room_of(target.rpartition(".")[0]):
                continue  # `from generator.x import name`: the name, not a module
            if other is not None and other != room and other not in ROOMS[room]:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {room} may not import {other}")
        elif top and top not in STDLIB and top != "__future__" and top not in THIRD_PARTY[room]:
            wrong.append(f"{path.relative_to(ROOT)}:{line}: {room} may not import {top}")
    assert not wrong, "\n".join(wrong)


def test_the_rooms_form_no_cycle() -> None:
    graph = {room: allowed - {"calculator", "teamfile"} for room, allowed in ROOMS.items()}
    done: set[str] = set()

    def visit(room: str, trail: tuple[str, ...]) -> None:
        assert room not in trail, " → ".join((*trail, room))
        if room in done:
            return
        for other in graph[room]:
            visit(other, (*trail, room))
        done.add(room)

    for room in graph:
        visit(room, ())


def test_every_package_says_what_it_may_import() -> None:
    packages = [p for p in project_modules() if p.name == "__init__.py" and "templates" not in p.parts]
    docstrings = {p: ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) or "" for p in packages}
    silent = [str(p.relative_to(ROOT)) for p, text in docstrings.items() if "May import" not in text]
    assert not silent, f"packages whose docstring does not say what they may import: {silent}"


def test_validate_loads_no_template_page_or_site_code() -> None:
    """HR's `competency validate` (and the pre-commit hook) imports neither Jinja nor the page stack."""
    probe = (
        "import sys\n"
        "from generator.cli import main\n"
        "code = main(['validate', '--standards', 'standards'])\n"
        "pages = ('generator.handbook', 'generator.site', 'generator.changelog', 'generator.calculator_site')\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('jinja2', 'markupsafe')"
        " or m.startswith(pages))\n"
        "print(code, loaded)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.splitlines()[-1] == "0 []", done.stdout + done.stderr
