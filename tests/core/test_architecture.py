"""The core never imports Qt, and the Qt binding in use survives many void calls."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import visualizer

QT_FREE_PACKAGES = ("visualizer.core", "visualizer.session", "visualizer.scenes")


def qt_free_modules() -> list[str]:
    """The core, the session and every scene module but its Qt ones (``view*`` and ``bench``),
    by the same rule as the import contract in pyproject.toml."""
    names = []
    for info in pkgutil.walk_packages(visualizer.__path__, "visualizer."):
        name = info.name
        leaf = name.rsplit(".", 1)[-1]
        if not name.startswith(QT_FREE_PACKAGES):
            continue
        if leaf.startswith(("view", "bench")):
            continue
        names.append(name)
    return names


def test_core_and_scene_logic_never_import_qt() -> None:
    modules = qt_free_modules()
    assert {"visualizer.core.tracer", "visualizer.scenes.queue.state"} <= set(modules)
    assert "visualizer.scenes.queue.view" not in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'qasync')))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"Qt imported by the core: {result.stdout}"


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each an import circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_the_cycle_finder_finds_a_circle() -> None:
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert import_cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_of_the_package_imports_itself_in_a_circle() -> None:
    import grimp

    built = grimp.build_graph("visualizer")
    graph = {name: built.find_modules_directly_imported_by(name) for name in built.modules}
    assert len(graph) > 50
    assert import_cycles(graph) == []


def test_the_import_contracts_hold() -> None:
    """The layers and the Qt-free contract (pyproject.toml), as the test command checks them."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache", "--no-logo"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "2 kept, 0 broken" in result.stdout


def test_many_void_method_calls_do_not_crash_the_binding() -> None:
    """PySide6 6.12.0 on Python 3.11 drops a reference to None on every void call and aborts
    after a few thousand; this catches such a release before users do."""
    code = (
        "import os\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtWidgets import QApplication, QGraphicsRectItem\n"
        "from PySide6.QtGui import QImage, QColor\n"
        "app = QApplication([])\n"
        "item = QGraphicsRectItem(0, 0, 10, 10)\n"
        "image = QImage(4, 4, QImage.Format.Format_ARGB32)\n"
        "for i in range(200_000):\n"
        "    item.setPos(i % 100, i % 50)\n"
        "    if i % 4 == 0:\n"
        "        image.fill(QColor(i % 255, 0, 0))\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-2000:]
