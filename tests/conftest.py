"""What both halves of the suite share; nothing here imports Qt (tests/core must stay Qt-free)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.redis_server import RedisServer

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
