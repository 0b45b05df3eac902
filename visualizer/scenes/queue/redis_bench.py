"""``redis_msgs_per_s`` for ``visualizer bench``: the scene on Redis with four worker processes.

One app process (the scene's handlers, the probe reading Redis back, a view painting 60 times
a second) and four ``visualizer worker`` processes on loopback, against a redis-server this
starts in a temporary directory. The scene offers the most its settings allow (100 posts a
second, 50 friends each: 5,000 messages a second); the figure is the acknowledgement rate
Redis showed after a warm-up second. Without redis-server the figure is null, with a reason.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from typing import Any

OFFERED = 5000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def msgs_per_s(quick: bool = False) -> dict[str, Any]:
    binary = shutil.which("redis-server")
    if binary is None:
        return {
            "redis_msgs_per_s": None,
            "redis_msgs_per_s_reason": "no redis-server: apt-get install redis-server",
        }
    from visualizer.scenes.queue.bench import keeps_up

    port = _free_port()
    with tempfile.TemporaryDirectory() as folder:
        server = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", folder, "--save", ""],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), 0.2).close()
                    break
                except OSError:
                    time.sleep(0.05)
            url = f"redis://127.0.0.1:{port}/0"
            extra: dict[str, object] = {"broker": "redis", "redis_url": url, "consumers": 4}
            result = keeps_up(OFFERED, 4.0 if quick else 8.0, extra)
        finally:
            server.terminate()
            server.wait(timeout=10)
    return {
        "redis_msgs_per_s": round(result["acked_per_s"]),
        "redis_msgs_per_s_offered": OFFERED,
        "redis_fps": round(result["fps"], 1),
    }
