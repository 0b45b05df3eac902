"""What both halves of the suite share; nothing here imports Qt (tests/core must stay Qt-free)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

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
