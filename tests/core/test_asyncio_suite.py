"""CPython's own asyncio tests pass under the whole-process tracer (a subset, for CI time).

tools/asyncio_suite.py runs them traced; a test failing traced is rerun untraced, alone, so a
failure of the machine's own (a flaky timing test) is told from one the tracer causes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUBSET = "test_tasks,test_taskgroups,test_timeouts,test_waitfor,test_queues,test_locks,test_pep492"


@pytest.mark.parametrize("pure", [False, True], ids=["compiled-step", "pure-python-step"])
def test_asyncio_suite_subset_has_no_traced_only_failure(pure: bool) -> None:
    try:
        import test.test_asyncio  # noqa: F401
    except ImportError:
        pytest.fail(f"{sys.executable} has no test package (Debian: libpython3.X-testsuite)")
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "asyncio_suite.py"),
            "--traced-only",
            "--modules",
            SUBSET,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "VISUALIZER_PURE_TRACER": "1" if pure else "0"},
    )
    print(proc.stdout, proc.stderr)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 failing only traced" in proc.stdout
    assert ("pure-Python step" if pure else "compiled step") in proc.stdout
    assert "test_tasks" in proc.stdout and "traced 9" in proc.stdout  # ~900 tests ran
