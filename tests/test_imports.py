"""Every module of the app imports on its own, first, in a fresh interpreter.

An import cycle can hide behind the order the app happens to import things in: importing
``a`` first works because ``a`` finishes before ``b`` asks for it, while importing ``b``
first leaves ``a`` half-initialised when ``b`` needs a name from it. The app's own startup
always takes the lucky order; a job, a script or a test that starts elsewhere may not.

Forking a fresh child per module and importing it first is exact but slow (the whole app,
300 times). So one fresh interpreter (this file, run as a script) imports the third-party
packages once and then forks only where the order can matter:

1. Only a module inside an import cycle (read from the source: every import outside a
   function body, and each module's parent packages) can find a module half-initialised.
   A child imports each such module first. Importing ``a.b.c`` first runs ``a`` and ``a.b``
   first, so where ``a.b`` itself imports ``a.b.c`` the two are one experiment (``twin``).
   The lowest cycles go first, and a child starts with what lies below its cycle already
   imported where that cannot change the outcome (``try_entries_bottom_up``).
2. Any module reaches a cycle from outside, with nothing of the cycle imported yet: the same
   as importing its entry first, which step 1 tried. So a module whose reach holds only
   cycles that passed from every entry imports the same in any order: one child imports all
   of those, one after the other.
3. The rest reach a cycle that fails from some entry: each gets its own child, forked from
   the child of step 2 once it has imported everything (none of that changes the outcome).
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import select
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterable
from functools import cache, partial
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "pricing", "commissions", "approvals", "quotes",
    "gamification", "content", "db", "documents", "offload", "services", "schema", "resolvers", "server",
)  # fmt: skip

Verdicts = dict[str, str | None]  # module -> None, or the traceback of its failed import


def app_modules() -> list[str]:
    """Every module of the app's packages, found on disk (not by importing them)."""
    found: list[str] = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            relative = path.relative_to(ROOT).with_suffix("")
            folders = [ROOT.joinpath(*relative.parts[:n]) for n in range(1, len(relative.parts))]
            if not all((folder / "__init__.py").exists() for folder in folders):
                continue  # a plain folder (db/migrations): scripts run by a tool, not modules
            parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
            found.append(".".join(parts))
    return sorted(found)


def _source(module: str) -> Path:
    path = ROOT.joinpath(*module.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def _import_statements(module: str, *, certain: bool) -> Iterable[ast.Import | ast.ImportFrom]:
    """The module's imports that run when it is imported.

    ``certain``: only the unconditional ones (statements of the module body itself);
    otherwise every import outside a function body, conditional or not (a superset).
    """
    tree = ast.parse(_source(module).read_text(encoding="utf-8"))
    if certain:
        yield from (n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom))
        return
    todo: list[ast.AST] = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            todo.extend(ast.iter_child_nodes(node))


def import_graph(modules: list[str], *, certain: bool) -> dict[str, set[str]]:
    """Module -> the app modules importing it imports (its parent packages included)."""
    known = set(modules)

    def with_parents(name: str) -> set[str]:
        parts = name.split(".")
        return {".".join(parts[:n]) for n in range(1, len(parts) + 1)} & known

    graph: dict[str, set[str]] = {}
    for module in modules:
        edges = with_parents(module.rpartition(".")[0]) if "." in module else set()
        package = module.split(".") if _source(module).name == "__init__.py" else None
        for node in _import_statements(module, certain=certain):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    edges |= with_parents(alias.name)
                continue
            if node.level:
                base = package or module.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            edges |= with_parents(source)
            edges |= {f"{source}.{alias.name}" for alias in node.names} & known
        graph[module] = edges - {module}
    return graph


def reach(graph: dict[str, set[str]], start: str) -> set[str]:
    """``start`` and every module importing it imports, directly or not."""
    seen = {start}
    todo = [start]
    while todo:
        for imported in graph[todo.pop()] - seen:
            seen.add(imported)
            todo.append(imported)
    return seen


def third_party_modules(modules: list[str]) -> list[str]:
    """The modules outside the app that the app's modules import (outside functions)."""
    wanted: set[str] = set()
    for module in modules:
        for node in _import_statements(module, certain=False):
            if isinstance(node, ast.Import):
                wanted.update(alias.name for alias in node.names)
            elif node.level == 0 and node.module:
                wanted.add(node.module)
    return sorted(name for name in wanted if name.split(".")[0] not in PACKAGES)


def _try_import(module: str) -> str | None:
    try:
        __import__(module)
    except BaseException:
        return traceback.format_exc(limit=-4)
    return None


def _import_in_turn(modules: Iterable[str]) -> Verdicts:
    return {module: _try_import(module) for module in modules}


def in_children(jobs: dict[str, Callable[[], Any]], at_once: int) -> dict[str, Any]:
    """Run each job in a forked child, ``at_once`` at a time; its JSON result comes back."""
    results: dict[str, Any] = {}
    pending = sorted(jobs, reverse=True)
    running: dict[int, tuple[str, int, bytearray]] = {}  # read end -> job, pid, bytes
    while pending or running:
        while pending and len(running) < at_once:
            name = pending.pop()
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: never returns into the caller's code
                status = 1
                try:
                    os.close(read_end)
                    with os.fdopen(write_end, "wb") as out:
                        out.write(json.dumps(jobs[name]()).encode())
                    status = 0
                finally:
                    os._exit(status)
            os.close(write_end)
            running[read_end] = (name, pid, bytearray())
        ready, _, _ = select.select(list(running), [], [])
        for read_end in ready:
            chunk = os.read(read_end, 1 << 16)
            if chunk:
                running[read_end][2].extend(chunk)
                continue
            name, pid, payload = running.pop(read_end)
            os.close(read_end)
            _, status = os.waitpid(pid, 0)
            results[name] = json.loads(payload) if status == 0 else f"child exited {status}"
    return results


def try_entries_bottom_up(
    entries: list[str],
    modules: list[str],
    reaches: dict[str, set[str]],
    cyclic: set[str],
    at_once: int,
) -> Verdicts:
    """Step 1: import each entry first, in a child; the cycles lowest down first.

    A child that imports ``resolvers.home`` first would import the schema types, the
    models and the engines below it again: each child paid for most of the app (20 s of
    CPU for 32 entries). So the entries are tried in waves: an entry is tried once every
    cycle below it (reached from it, not reaching back) has been, and before each wave
    this process imports every module whose reach holds only cycles that passed from every
    entry. Those imports reach no cycle still to be tried, and what they reach imports the
    same in any order (step 2), so a child forked now imports its entry first exactly as
    a fresh interpreter does."""
    entries_of = {  # a cyclic module -> the entries of its cycle (each module has one)
        m: [e for e in entries if m in reaches[e] and e in reaches[m]] for m in cyclic
    }
    verdicts: Verdicts = {}
    pending = list(entries)
    while pending:
        wave = [
            e
            for e in pending
            if all(  # every cycle below the entry was tried
                t in verdicts
                for m in reaches[e] & cyclic
                if e not in reaches[m]
                for t in entries_of[m]
            )
        ] or pending
        verdicts.update(in_children({e: partial(_try_import, e) for e in wave}, at_once))
        pending = [e for e in pending if e not in wave]
        passed = {
            m for m in cyclic if all(e in verdicts and verdicts[e] is None for e in entries_of[m])
        }
        _import_in_turn(
            m for m in modules if m not in sys.modules and reaches[m] & cyclic <= passed
        )
    return verdicts


def main() -> None:
    sys.path.insert(0, str(ROOT))
    modules = app_modules()
    for name in third_party_modules(modules):
        # An optional dependency may be missing: the module that needs it reports that.
        with contextlib.suppress(Exception):
            __import__(name)
    leaked = sorted(m for m in sys.modules if m.split(".")[0] in PACKAGES)
    if leaked:
        raise SystemExit(f"a third-party package imported the app, so nothing is first: {leaked}")
    at_once = os.cpu_count() or 2

    graph = import_graph(modules, certain=False)
    reaches = {module: reach(graph, module) for module in modules}
    cyclic = {m for m in modules if any(m in reaches[i] for i in graph[m])}
    certain = import_graph(modules, certain=True)

    def twin(module: str) -> str:
        parts = module.split(".")
        for n in range(1, len(parts)):
            package = ".".join(parts[:n])
            if module in reach(certain, package):
                return package
        return module

    twins = {module: twin(module) for module in sorted(cyclic)}
    tried = try_entries_bottom_up(sorted(set(twins.values())), modules, reaches, cyclic, at_once)
    outcome: Verdicts = {module: tried[twins[module]] for module in twins}

    failing = {m for m in cyclic if outcome[m] is not None}
    fragile = {m for m in modules if m not in cyclic and reaches[m] & failing}
    steady = [m for m in modules if m not in cyclic and m not in fragile]

    def import_steady_then_each_fragile() -> Verdicts:
        found = _import_in_turn(steady)
        found.update(in_children({m: partial(_try_import, m) for m in fragile}, at_once))
        return found

    outcome.update(in_children({"rest": import_steady_then_each_fragile}, 1)["rest"])
    json.dump(outcome, sys.stdout)


@cache
def verdicts() -> Verdicts:
    done = subprocess.run(
        [sys.executable, __file__],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found: Verdicts = json.loads(done.stdout)
    return found


KNOWN_CYCLES: dict[str, str] = {}
"""Modules known to fail when imported first (none: a new entry needs an xfail reason)."""


@pytest.mark.parametrize(
    "module",
    [
        pytest.param(m, marks=pytest.mark.xfail(strict=True, reason=KNOWN_CYCLES[m]))
        if m in KNOWN_CYCLES
        else m
        for m in app_modules()
    ],
)
def test_module_imports_first_in_a_fresh_interpreter(module: str) -> None:
    failure = verdicts()[module]
    assert failure is None, f"importing {module} first fails:\n{failure}"


if __name__ == "__main__":
    main()
