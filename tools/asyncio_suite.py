"""CPython's own asyncio tests, untraced and traced in whole-process mode, compared.

    python tools/asyncio_suite.py                      every test.test_asyncio module, both ways
    python tools/asyncio_suite.py --modules test_tasks,test_locks
    python tools/asyncio_suite.py --traced-only        run traced; a failing test is rerun
                                                       untraced to tell the tracer's failures
                                                       from the machine's own (what CI does)

Runs with the interpreter running it (its ``test`` package: pyenv and python.org builds ship
it; Debian's system Python needs ``libpython3.X-testsuite``). Each module runs in its own child
process, ``--jobs`` at a time. Prints per-module counts and every test whose outcome differs;
exits 1 when a test fails only traced, unless it is listed in :data:`ACCEPTED`.
"""

from __future__ import annotations

import argparse
import json
import os
import pkgutil
import subprocess
import sys
import time
import unittest
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# Tests that may only fail traced: they assert that the loop's task factory is unset. The tracer
# does not set one (it hooks create_task), so the list is empty; kept for the report's sake.
ACCEPTED: frozenset[str] = frozenset()

GOOD = ("ok", "skip", "expected_failure")


class _Result(unittest.TestResult):
    def __init__(self, after_test: Any) -> None:
        super().__init__()
        self.outcomes: dict[str, str] = {}
        self._after_test = after_test

    def _set(self, test: unittest.TestCase, outcome: str) -> None:
        self.outcomes[test.id()] = outcome

    def addSuccess(self, test: unittest.TestCase) -> None:
        self._set(test, "ok")

    def addFailure(self, test: Any, err: Any) -> None:
        self._set(test, "fail")

    def addError(self, test: Any, err: Any) -> None:
        self._set(test, "error")

    def addSkip(self, test: Any, reason: str) -> None:
        self._set(test, "skip")

    def addExpectedFailure(self, test: Any, err: Any) -> None:
        self._set(test, "expected_failure")

    def addUnexpectedSuccess(self, test: Any) -> None:
        self._set(test, "unexpected_success")

    def stopTest(self, test: unittest.TestCase) -> None:
        super().stopTest(test)
        self._after_test()


def child(target: str, traced: bool) -> int:
    """Run one module (or one test id) and print its outcomes as JSON on the last line."""
    sys.path.insert(0, str(ROOT))
    tracer = None
    if traced:
        from visualizer.core.tracer import ProcessTracer

        tracer = ProcessTracer(stacks=True)
        tracer.start()
    name = target if target.startswith("test.") else f"test.test_asyncio.{target}"
    suite = unittest.defaultTestLoader.loadTestsFromName(name)
    records = tracer.sink.records if tracer is not None else []
    result = _Result(records.clear)  # the suite runs for minutes: keep no records
    devnull = open(os.devnull, "w")  # noqa: SIM115 - tests print; keep the JSON line clean
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = devnull
    try:
        suite.run(result)
    finally:
        sys.stdout, sys.stderr = stdout, stderr
        if tracer is not None:
            tracer.stop()
    if result.errors and not result.outcomes:  # import error of the module itself
        for _test, text in result.errors:
            print(text, file=sys.stderr)
    print(json.dumps(result.outcomes))
    return 0


def run_child(target: str, traced: bool, timeout: float) -> dict[str, str]:
    command = [sys.executable, __file__, "--child", target]
    if traced:
        command.append("--traced")
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {f"{target} (whole module)": "timeout"}
    lines = proc.stdout.strip().splitlines()
    try:
        outcomes: dict[str, str] = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        return {f"{target} (whole module)": f"crashed ({proc.returncode})"}
    return outcomes


def all_modules() -> list[str]:
    import test.test_asyncio as package

    return sorted(
        m.name for m in pkgutil.iter_modules(package.__path__) if m.name.startswith("test_")
    )


def counts(outcomes: dict[str, str]) -> str:
    good = sum(1 for o in outcomes.values() if o in GOOD)
    return f"{good}/{len(outcomes)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--modules", help="comma-separated test.test_asyncio modules")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per module")
    parser.add_argument("--traced-only", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.traced)
    try:
        modules = args.modules.split(",") if args.modules else all_modules()
    except ImportError:
        print("asyncio_suite: error: this Python has no test package", file=sys.stderr)
        return 2
    modes = (True,) if args.traced_only else (False, True)
    start = time.monotonic()
    with ThreadPoolExecutor(args.jobs) as pool:
        futures = {
            (m, traced): pool.submit(run_child, m, traced, args.timeout)
            for m in modules
            for traced in modes
        }
        results = {key: f.result() for key, f in futures.items()}
    sys.path.insert(0, str(ROOT))
    from visualizer.core.trace_hooks import STEP  # what the traced children ran too

    took = time.monotonic() - start
    print(f"Python {sys.version.split()[0]}, {STEP}, {len(modules)} modules, {took:.0f} s")
    differences: list[tuple[str, str, str]] = []
    for module in modules:
        traced = results[(module, True)]
        plain = results.get((module, False))
        if plain is None:  # traced only: rerun each bad test untraced, alone
            bad = [t for t, o in traced.items() if o not in GOOD]
            with ThreadPoolExecutor(args.jobs) as pool:
                reruns = dict(
                    zip(bad, pool.map(lambda t: run_child(t, False, 300), bad), strict=True)
                )
            plain = {t: o for t, o in traced.items() if o in GOOD}
            for test_id, rerun in reruns.items():
                plain[test_id] = rerun.get(test_id, next(iter(rerun.values()), "missing"))
            print(f"  {module:28} traced {counts(traced)}")
        else:
            print(f"  {module:28} untraced {counts(plain):>9}  traced {counts(traced):>9}")
        for test_id in sorted(set(plain) | set(traced)):
            before, after = plain.get(test_id, "missing"), traced.get(test_id, "missing")
            if before != after:
                differences.append((test_id, before, after))
    traced_only = [d for d in differences if d[1] in GOOD and d[2] not in GOOD]
    for test_id, before, after in differences:
        accepted = " (accepted: asserts the task factory is unset)" if test_id in ACCEPTED else ""
        print(f"DIFFERS {test_id}: untraced {before}, traced {after}{accepted}")
    failing = [d for d in traced_only if d[0] not in ACCEPTED]
    print(f"{len(differences)} differing, {len(failing)} failing only traced")
    return 1 if failing else 0


if __name__ == "__main__":
    raise SystemExit(main())
