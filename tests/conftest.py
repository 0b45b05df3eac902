"""What both halves of the suite share; nothing here imports Qt (tests/core must stay Qt-free)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from tests.support.redis_server import RedisServer

# In CI the examples are the same on every run, so a failure there reproduces; locally they vary
# and a failure prints the blob that replays it (@reproduce_failure).
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile("ci" if os.environ.get("CI", "").lower() in ("1", "true", "yes") else "dev")

# Anything that starts the app (in or out of process) keeps its settings here, not in the
# user's own configuration.
os.environ["VISUALIZER_SETTINGS"] = os.path.join(
    tempfile.mkdtemp(prefix="visualizer-test-settings-"), "settings.ini"
)


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A real redis-server on a free loopback port, with AOF on (tests restart it)."""
    server = RedisServer(tmp_path, aof=True)
    server.start()
    try:
        yield server
    finally:
        server.kill()


# -- figures in CI's output ----------------------------------------------------------------------
# Long runs report what they measured (the random-use seed, the soak's RSS, event counts and
# frame times). A passing test's print is swallowed, and pytest-xdist's workers have no terminal
# of their own, so the lines travel in the test report and are printed in the summary.
FIGURE = "figure"
_figures: list[str] = []


@pytest.fixture
def figure(record_property: Callable[[str, object], None]) -> Callable[[str], None]:
    """Report one line of measured figures in the run's summary (also printed at once)."""

    def report(line: str) -> None:
        print(line)
        record_property(FIGURE, line)

    return report


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call":
        _figures.extend(str(v) for k, v in report.user_properties if k == FIGURE)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _figures:
        terminalreporter.write_sep("-", "measured figures")
        for line in _figures:
            terminalreporter.write_line(line)
