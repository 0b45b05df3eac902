"""The tracer's own checks (visualizer/core/tracer_checks.py), here and on every interpreter.

The checks are pure Python without third-party packages, so besides running them in this
process the suite runs them with each Python 3.11+ the machine has (pyenv's builds and the
system's), and says which it found.
"""

from __future__ import annotations

import os
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
