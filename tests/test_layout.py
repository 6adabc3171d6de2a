"""The shape of the code, as the README's Development section describes it.

Modules of at most 400 lines, functions of at most 60, command bodies of at most 30; imports
that run one way (cli -> notebook -> the core) with no cycle; nothing but the render package
printing. These read the source; they run no command.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "notes_cli"
MODULE_LINES = 400
FUNCTION_LINES = 60
COMMAND_BODY_LINES = 30


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
TREES = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}


def imported(name: str, tree: ast.Module) -> set[str]:
    """The notes_cli modules a module imports, at its top or inside its functions."""
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in MODULES else base)
    return {module for module in found if module in MODULES and module != name}


GRAPH = {name: imported(name, tree) for name, tree in TREES.items()}


def test_no_module_is_over_the_limit() -> None:
    long = {
        name: lines
        for name, path in MODULES.items()
        if (lines := path.read_text(encoding="utf-8").count("\n")) > MODULE_LINES
    }
    assert long == {}


def functions() -> list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    return [
        (name, node)
        for name, tree in TREES.items()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def test_no_function_is_over_the_limit() -> None:
    long = [
        f"{name}.{node.name}: {length} lines"
        for name, node in functions()
        if (length := (node.end_lineno or node.lineno) - node.lineno + 1) > FUNCTION_LINES
    ]
    assert long == []


def is_command(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any("command" in ast.unparse(decorator) for decorator in node.decorator_list)


def body_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Lines of a function's body, its docstring left out."""
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return (body[-1].end_lineno or body[-1].lineno) - body[0].lineno + 1 if body else 0


def test_commands_are_thin() -> None:
    commands = [(name, node) for name, node in functions() if is_command(node)]
    assert len(commands) >= 15  # the check sees the commands
    fat = [
        f"{name}.{node.name}: {lines} lines"
        for name, node in commands
        if (lines := body_lines(node)) > COMMAND_BODY_LINES
    ]
    assert fat == []


def test_no_two_modules_import_each_other_however_far_round() -> None:
    cycles = []
    state: dict[str, str] = {}

    def visit(name: str, path: list[str]) -> None:
        state[name] = "open"
        for other in sorted(GRAPH[name]):
            if state.get(other) == "open":
                cycles.append(" -> ".join([*path[path.index(other) :], other]))
            elif other not in state:
                visit(other, [*path, other])
        state[name] = "done"

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [name])
    assert cycles == []


CORE = sorted(
    name
    for name in MODULES
    if not name.startswith("notes_cli.cli")
    and name not in ("notes_cli.notebook", "notes_cli", "notes_cli.__main__")
)


@pytest.mark.parametrize("name", CORE)
def test_the_core_never_imports_the_command_line_or_the_notebook(name: str) -> None:
    above = {m for m in GRAPH[name] if m.startswith("notes_cli.cli") or m == "notes_cli.notebook"}
    assert above == set()


@pytest.mark.parametrize("name", CORE)
def test_the_core_never_prints_exits_or_imports_typer(name: str) -> None:
    if name.startswith("notes_cli.render"):
        return  # the one place that prints
    tree = TREES[name]
    names = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (
            node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")]
        )
    }
    assert not names & {"typer", "click", "rich"}
    calls = {
        ast.unparse(node.func)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute)
    }
    assert not calls & {"print", "sys.exit", "exit", "quit"}


README = PACKAGE.parent / "README.md"


def readme_layout() -> list[str]:
    """The bullets of the README's Development → Layout section, each on one line."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n### Layout\n", 1)[1].split("\n#", 1)[0]
    bullets: list[str] = []
    for line in section.splitlines():
        if line.startswith("- "):
            bullets.append(line)
        elif line.startswith("  ") and bullets:
            bullets[-1] += " " + line.strip()
    return bullets


def named_in(bullet: str) -> set[str]:
    """The modules a bullet names: `cli/app.py`, `notebook.py`, or in a package's bullet
    (`index/`: ... `store.py` ...; `importers/`: ... `schedules/` (`frab.py` ...)) the modules
    of that package, of its sub-package once that is named."""
    found: set[str] = set()
    package = ""
    for name in re.findall(r"`([\w/]+(?:\.py|/))`", bullet):
        if name.endswith("/"):
            package = f"{package.split('/')[0]}/{name}" if package else name
        else:
            found.add(name if "/" in name else package + name)
    return {name for name in found if not name.startswith(("tests/", "bench/"))}


def test_the_readme_layout_names_every_module_and_only_modules_there_are() -> None:
    named = set().union(*(named_in(bullet) for bullet in readme_layout()))
    modules = {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if path.name != "__init__.py"
    }
    assert sorted(modules - named) == []  # in the code, not in the README
    assert sorted(named - modules) == []  # in the README, not in the code
