"""The tracer's own checks (visualizer/core/tracer_checks.py), here and on every interpreter.

The checks are pure Python without third-party packages, so besides running them in this
process the suite runs them with each Python 3.11+ the machine has (pyenv's builds and the
system's), and says which it found.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.interpreters import interpreters
from visualizer.core import tracer_checks

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("check", tracer_checks.CHECKS, ids=lambda c: c.__name__)
def test_check_in_process(check: Callable[[], None]) -> None:
    check()


def test_checks_pass_on_every_interpreter_found() -> None:
    found = interpreters()
    print("interpreters found:", ", ".join(f"{v} ({p})" for v, p in sorted(found.items())))
    assert "3.11" in found or sys.version_info[:2] != (3, 11)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = {
        version: subprocess.Popen(
            [path, "-m", "visualizer.core.tracer_checks"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            cwd=ROOT,
        )
        for version, path in found.items()
    }
    failures = []
    for version, proc in procs.items():
        output, _ = proc.communicate(timeout=300)
        print(output)
        if proc.returncode != 0:
            failures.append(f"{version}:\n{output}")
    assert not failures, "\n".join(failures)


def test_checks_pass_with_the_pure_python_step_too() -> None:
    """The compiled step is optional: its Python twin must pass the very same checks."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VISUALIZER_PURE_TRACER": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "visualizer.core.tracer_checks"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    print(proc.stdout, proc.stderr)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "pure-Python step" in proc.stdout and proc.stdout.count("  ok ") == len(
        tracer_checks.CHECKS
    )


def test_the_set_up_built_the_compiled_step_where_a_compiler_is() -> None:
    from visualizer.core import trace_hooks

    if os.environ.get("VISUALIZER_PURE_TRACER") == "1":
        pytest.fail("VISUALIZER_PURE_TRACER=1 is set: this test reads the default build")
    if shutil.which("gcc") or shutil.which("cc"):
        assert trace_hooks.COMPILED, "setup.sh installs gcc and builds visualizer/core/_step.c"
        assert trace_hooks.TracedCoroutine.__mro__[1].__module__ == "visualizer.core._step"
    else:
        assert not trace_hooks.COMPILED and trace_hooks.TracedCoroutine.__mro__[1] is (
            trace_hooks.PyStep
        )
