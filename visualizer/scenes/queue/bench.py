"""``queue_msgs_per_s`` for ``visualizer bench``: the message rate the scene keeps up with.

The scene is real code on the app's loop, and so is the animation: both share one thread. This
runs the fan-out preset (50 friends per post, 16 workers, instant jobs, no crashes) at rising
message rates while a view paints the live frame into an image 60 times a second, as the window
would, and reports the highest rate at which, after a warm-up second,

- workers acknowledge at least 95 % of the offered rate,
- the backlog stays small (the queue is not quietly growing), and
- the animation still gets at least 30 frames a second.

``redis_msgs_per_s``: the scene on Redis with four worker processes.

One app process (the scene's handlers, the probe reading Redis back, a view painting 60 times
a second) and four ``visualizer worker`` processes on loopback, against a redis-server this
starts in a temporary directory. The figure is the acknowledgement rate Redis showed (the
probe's ``acked`` events) once every worker has acknowledged a message (the four processes
take a second or two to start), at the best of rising offers: the settings'
most (100 posts a second, 50 friends each: 5,000 messages a second), then, as that is a
learner's range and not the broker's limit, 10,000 and 20,000 (beyond what a slider can set),
stopping at the first offer that acknowledges no more than the one before (or animates at
under 30 frames a second). ``redis_msgs_per_s_offered`` is the offer of the
figure and ``redis_offered_beyond_sliders`` says whether it was above the sliders. Without
redis-server the figure is null, with a reason.
"""

from __future__ import annotations

import asyncio
import gc
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QRectF, QTimer
from PySide6.QtGui import QImage, QPainter

from visualizer.core.contract import Values
from visualizer.core.recorder import Event
from visualizer.draw.qtapp import gui_app
from visualizer.draw.theme import LIGHT
from visualizer.scenes.queue import SCENE
from visualizer.scenes.queue.state import QueueState
from visualizer.scenes.queue.view import View
from visualizer.session import SceneSession

FRIENDS = 50
# Messages per second tried, up to the most the settings can offer (100 posts/s x 50 friends).
LADDER = (100, 200, 400, 800, 1200, 1600, 2400, 3200, 4000, 5000)
WARM_UP = 1.0
RATE_MAX = next(float(x.maximum) for x in SCENE.settings if x.key == "rate")


def measured_from(events: Sequence[Event]) -> float:
    """Where the measured window starts: after the warm-up and once every consumer has acked.

    Worker processes of the Redis mode take a second or more to start (an interpreter and the
    Redis client each, four of them on two cores); acks counted while some are still starting
    measure their start-up, not the rate the broker and the scene keep up with.
    """
    first: dict[str, float] = {}
    for e in events:
        if e.kind == "acked":
            first.setdefault(e.actor, e.t)
    return max([WARM_UP, *first.values()])


def keeps_up(
    target: int, seconds: float, extra: dict[str, object] | None = None, beyond: bool = False
) -> dict[str, Any]:
    """Run at ``target`` messages/s for ``seconds`` while animating; what was measured.

    ``beyond``: the arrival rate may exceed its slider's maximum, and the run its message cap.
    With ``extra`` settings (the Redis mode's), the measured window waits for every consumer.
    """
    from visualizer.draw.qtloop import app_loop

    app = gui_app()
    overrides = {
        "rate": target / FRIENDS,
        "friends": FRIENDS,
        "arrivals": "steady",
        "consumers": 16,
        "delay": 0.0,
        "jitter": 0.0,
        "failure": 0,
        **(extra or {}),
    }
    settings = list(SCENE.settings)
    if beyond:
        settings = [
            replace(x, maximum=target / FRIENDS) if x.key == "rate" else x for x in settings
        ]
    values = Values(settings, overrides)
    session: SceneSession[QueueState] = SceneSession(SCENE, "fanout", values)
    view = View(SCENE)
    image = QImage(1280, 720, QImage.Format.Format_ARGB32_Premultiplied)
    frames: list[float] = []

    def paint() -> None:
        frame = session.frame(session.timeline.end_time())
        painter = QPainter(image)
        view.paint(painter, QRectF(0, 0, 1280, 720), frame, LIGHT)
        painter.end()
        SCENE.caption(frame.state, frame.t)
        SCENE.metrics(frame.state, frame.t)
        frames.append(time.perf_counter())

    timer = QTimer()
    timer.setInterval(16)
    timer.timeout.connect(paint)
    loop = app_loop(app)
    asyncio.set_event_loop(loop)

    async def record() -> None:
        session.restart()
        if beyond and session.run is not None:
            session.run.data["max_messages"] = int(target * seconds * 2)
        timer.start()
        await asyncio.sleep(seconds)
        timer.stop()
        await session.aclose()

    try:
        loop.run_until_complete(record())
    finally:
        loop.close()
        asyncio.set_event_loop(None)
        timer.stop()
        del loop
        gc.collect()  # Qt objects in cycles are freed here, on their own thread (see record_run)
    events = session.recorder.events
    end = session.recorder.newest_time()
    begin = measured_from(events) if extra else WARM_UP
    window = max(1e-6, end - begin)
    acked = sum(1 for e in events if e.kind == "acked" and e.t >= begin)
    state = session.timeline.state_at(end)
    start = frames[0] if frames else 0.0
    fps = sum(1 for f in frames if f - start >= WARM_UP) / max(1e-6, seconds - WARM_UP)
    return {
        "target": target,
        "acked_per_s": acked / window,
        "backlog": state.waiting,
        "fps": fps,
        "ok": acked / window >= 0.95 * target
        and state.waiting <= max(100, target // 4)
        and fps >= 30,
    }


def figures(quick: bool = False) -> dict[str, Any]:
    """``queue_msgs_per_s`` in process, and ``redis_msgs_per_s`` on a real broker."""
    return {**in_process_msgs_per_s(quick), **redis_msgs_per_s(quick)}


def in_process_msgs_per_s(quick: bool = False) -> dict[str, Any]:
    """The highest rung of the ladder the scene keeps up with (0 if not even the first).

    ``queue_msgs_per_s_capped`` is true when that is the top rung: the scene kept up with the
    most its settings can offer, so the real limit lies higher.
    """
    seconds = 2.0 if quick else 4.0
    best = 0
    for target in LADDER:
        if not keeps_up(target, seconds)["ok"]:
            break
        best = target
    return {"queue_msgs_per_s": best, "queue_msgs_per_s_capped": best == LADDER[-1]}


# Messages per second offered on Redis: the sliders' most, then beyond (400 posts a second).
REDIS_LADDER = (5_000, 10_000, 20_000)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def redis_msgs_per_s(quick: bool = False) -> dict[str, Any]:
    """``redis_msgs_per_s``: the scene on Redis with four worker processes (see above)."""
    binary = shutil.which("redis-server")
    if binary is None:
        return {
            "redis_msgs_per_s": None,
            "redis_msgs_per_s_reason": "no redis-server: apt-get install redis-server",
        }
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
            # Rising offers while the acknowledged rate still rises: an offer the app falls a
            # little short of (a loaded producer) is no sign that a higher one acks no more.
            best: dict[str, Any] = {"acked_per_s": 0.0, "fps": 0.0, "target": REDIS_LADDER[0]}
            for target in REDIS_LADDER:
                result = keeps_up(target, 4.0 if quick else 8.0, extra, beyond=True)
                if result["acked_per_s"] <= best["acked_per_s"] or result["fps"] < 30:
                    break  # no more acknowledged, or the animation no longer keeps up
                best = result
        finally:
            server.terminate()
            server.wait(timeout=10)
    offered = int(best["target"])
    return {
        "redis_msgs_per_s": round(best["acked_per_s"]),
        "redis_msgs_per_s_offered": offered,
        "redis_offered_beyond_sliders": offered > FRIENDS * RATE_MAX,
        "redis_fps": round(best["fps"], 1),
    }
