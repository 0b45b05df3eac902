"""The message-queue scene: a real broker, real handlers and workers, and what the trace shows.

Core tests run the scene's code with plain ``asyncio.run``; the window tests drive the real
controls on the app's qasync loop. Timing comparisons are measured on real runs, with the
tolerances the issue asks for.
"""

from __future__ import annotations

import asyncio
import itertools
import statistics
from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QComboBox, QSlider

from visualizer.core.contract import Run, SettingError
from visualizer.core.recorder import Event, Recorder
from visualizer.core.timeline import Timeline
from visualizer.draw.theme import DARK, LIGHT
from visualizer.scenes.queue import SCENE, measure, simulation
from visualizer.scenes.queue.broker import Broker, Message, Policy, QueueFull, start_ids
from visualizer.scenes.queue.services import SlowService
from visualizer.scenes.queue.state import QueueState
from visualizer.scenes.queue.view import View
from visualizer.scenes.registry import load_scene, load_view_class
from visualizer.session import SceneSession
from visualizer.ui.main_window import MainWindow

QUIET = {"failure": 0, "jitter": 0.0, "arrivals": "steady"}


# -- helpers ---------------------------------------------------------------------------------
def run_scene(
    preset: str,
    overrides: Mapping[str, object],
    *,
    max_requests: int | None = None,
    max_seconds: float | None = None,
    stop_after: float | None = None,
) -> Recorder:
    """Run a preset's real code to its end (request or time limit) or stop it after a while."""
    recorder = Recorder()
    data: dict[str, Any] = {}
    if max_requests is not None:
        data["max_requests"] = max_requests
    if max_seconds is not None:
        data["max_seconds"] = max_seconds
    run = Run(recorder, SCENE.values(overrides), preset, data)

    async def main() -> None:
        task = asyncio.create_task(SCENE.run(run))
        if stop_after is None:
            await task
        else:
            await asyncio.sleep(stop_after)
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        leftovers = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        assert not leftovers, f"the scene left tasks running: {leftovers}"

    asyncio.run(main())
    recorder.finish()
    return recorder


def final_state(events: Sequence[Event] | Recorder) -> QueueState:
    timeline = Timeline(events, SCENE.reducer())
    return timeline.state_at(float("inf"))


def response_times(events: Sequence[Event]) -> list[float]:
    began = {e.data["req"]: e.t for e in events if e.kind == "request"}
    return [e.t - began[e.data["req"]] for e in events if e.kind == "response"]


def depth_at(events: Sequence[Event], t: float) -> int:
    """Messages waiting in the queue at ``t``, counted straight from the trace."""
    depth = 0
    for e in events:
        if e.t > t:
            break
        if e.kind in ("enqueued", "requeued"):
            depth += 1
        elif e.kind == "delivered":
            depth -= 1
    return depth


def kinds(events: Sequence[Event], kind: str) -> list[Event]:
    return [e for e in events if e.kind == kind]


# -- the scene as the app sees it ------------------------------------------------------------
def test_queue_is_a_registered_scene_with_a_view() -> None:
    assert load_scene("queue") is SCENE
    assert load_view_class("queue") is View
    assert [p.key for p in SCENE.presets] == [
        "email",
        "email-no-queue",
        "fanout",
        "fanout-no-queue",
    ]
    for preset in SCENE.presets:
        assert "async def" in preset.source().text  # the code panel shows real functions


def test_settings_that_must_change_a_running_scene_are_live() -> None:
    live = {s.key for s in SCENE.settings if s.live}
    assert live >= {
        "rate",
        "consumers",
        "delay",
        "jitter",
        "capacity_mode",
        "capacity",
        "failure",
        "max_attempts",
        "friends",
    }
    assert "seed" not in live  # a new seed means a new run
    consumers = next(s for s in SCENE.settings if s.key == "consumers")
    assert (consumers.minimum, consumers.maximum) == (1, 16)


@pytest.mark.parametrize(
    ("key", "value"),
    [("consumers", 17), ("consumers", 0), ("rate", "fast"), ("capacity_mode", "maybe")],
)
def test_bad_setting_gives_one_line_message(key: str, value: object) -> None:
    with pytest.raises(SettingError) as info:
        SCENE.values({key: value})
    assert "\n" not in str(info.value) and key in str(info.value)


# -- the broker ------------------------------------------------------------------------------
def make_broker(
    recorder: Recorder, policy: Policy = "unbounded", capacity: int = 10, attempts: int = 3
) -> Broker:
    return Broker(recorder, lambda: (policy, capacity), lambda: attempts)


class Boom(Exception):
    pass


def test_unacked_message_is_redelivered_then_dead_lettered_after_max_attempts() -> None:
    recorder = Recorder()

    async def main() -> None:
        start_ids()
        broker = make_broker(recorder, attempts=2)
        message = Message()
        await broker.publish(message)
        for _ in range(2):  # two workers each die holding the message
            with pytest.raises(Boom):
                async with broker.consumer("w1") as consumer:
                    async for _delivery in consumer:
                        raise Boom
        assert broker.dead == [message] and not broker.ready

    asyncio.run(main())
    trail = [(e.kind, e.data.get("attempt", e.data.get("attempts"))) for e in recorder.events]
    assert trail == [
        ("enqueued", None),
        ("delivered", 1),
        ("requeued", 1),
        ("delivered", 2),
        ("dead_lettered", 2),
    ]


def test_ack_is_accepted_once_only() -> None:
    recorder = Recorder()

    async def main() -> None:
        broker = make_broker(recorder)
        await broker.publish(Message())
        async with broker.consumer("w1") as consumer:
            delivery = await consumer.__anext__()
            delivery.ack()
            with pytest.raises(RuntimeError, match="already acknowledged"):
                delivery.ack()

    asyncio.run(main())
    assert len(kinds(recorder.events, "acked")) == 1


def test_full_queue_rejects_or_makes_the_producer_wait() -> None:
    recorder = Recorder()

    async def main() -> None:
        rejecting = make_broker(recorder, "reject", capacity=1)
        await rejecting.publish(Message())
        with pytest.raises(QueueFull):
            await rejecting.publish(Message())

        blocking = make_broker(recorder, "block", capacity=1)
        await blocking.publish(Message())
        waiting = asyncio.create_task(blocking.publish(Message()))
        await asyncio.sleep(0.05)
        assert not waiting.done() and blocking.waiting_producers == 1
        async with blocking.consumer("w1") as consumer:
            first = await consumer.__anext__()  # room again: the waiting producer gets in
            await asyncio.wait_for(waiting, 1.0)
            first.ack()
        assert len(blocking.ready) == 1

    asyncio.run(main())
    assert [e.kind for e in recorder.events] == [
        "enqueued",
        "rejected",
        "enqueued",
        "blocked",
        "delivered",
        "enqueued",
        "acked",
    ]
    assert recorder.events[5].data["blocked"] is True


def test_a_worker_asked_to_leave_finishes_its_message_first() -> None:
    recorder = Recorder()

    async def main() -> None:
        broker = make_broker(recorder)
        for _ in range(2):
            await broker.publish(Message())
        done: list[int] = []
        async with broker.consumer("w1") as consumer:
            async for delivery in consumer:
                consumer.close()  # asked to leave while busy
                await asyncio.sleep(0.01)
                delivery.ack()
                done.append(delivery.message.id)
        assert done == [1] and len(broker.ready) == 1

    asyncio.run(main())


def test_same_seed_gives_the_same_jobs_whichever_worker_takes_them() -> None:
    def plans(seed: int) -> list[tuple[float, float | None]]:
        values = SCENE.values({"seed": seed, "failure": 30, "jitter": 0.3})
        service = SlowService(Recorder(), values, inline=False)
        start_ids()
        out = []
        for _ in range(20):
            message = Message()
            message.attempts = 1
            out.append(service.plan(message))
        return out

    assert plans(7) == plans(7)
    assert plans(7) != plans(8)
    assert any(crash is not None for _, crash in plans(7))


# -- the four presets, measured --------------------------------------------------------------
def test_every_preset_runs_to_the_end_and_balances_its_books() -> None:
    for preset in ("email", "email-no-queue", "fanout", "fanout-no-queue"):
        recorder = run_scene(
            preset,
            {**QUIET, "rate": 20, "delay": 0.02, "friends": 3, "failure": 20},
            max_requests=8,
        )
        state = final_state(recorder)
        assert state.ended is not None, preset
        assert len(kinds(recorder.events, "response")) == 8
        assert state.waiting == state.inflight == state.blocked == 0
        assert state.produced == state.acked + state.dead + state.failed > 0
        assert state.ack_errors == 0


def test_no_queue_response_grows_with_processing_delay_and_queue_response_does_not() -> None:
    """The seeds' point: with a queue the user does not wait for the slow job."""

    def median_response(preset: str, delay: float) -> float:
        recorder = run_scene(preset, {**QUIET, "rate": 10, "delay": delay}, max_requests=6)
        return statistics.median(response_times(recorder.events))

    short, long = 0.05, 0.45
    direct_short = median_response("email-no-queue", short)
    direct_long = median_response("email-no-queue", long)
    queued_short = median_response("email", short)
    queued_long = median_response("email", long)
    # Without a queue the user waits for the whole job: 0.4 s more delay, ~0.4 s more wait.
    assert direct_long - direct_short == pytest.approx(long - short, abs=0.1)
    # With a queue the answer comes after the database write, whatever the job takes.
    assert abs(queued_long - queued_short) < 0.05
    assert queued_long < 0.1 < direct_long


def test_fan_out_without_a_queue_makes_the_user_wait_for_every_friend() -> None:
    def median_response(preset: str, friends: int) -> float:
        overrides = {**QUIET, "rate": 10, "delay": 0.05, "friends": friends}
        recorder = run_scene(preset, overrides, max_requests=4)
        return statistics.median(response_times(recorder.events))

    grows = median_response("fanout-no-queue", 8) - median_response("fanout-no-queue", 2)
    assert grows == pytest.approx(6 * 0.05, abs=0.1)
    assert median_response("fanout", 8) < 0.1


def test_crashed_worker_is_restarted_and_its_message_delivered_again() -> None:
    recorder = run_scene(
        "email",
        {**QUIET, "rate": 20, "delay": 0.02, "failure": 50, "max_attempts": 3, "consumers": 2},
        max_requests=20,
    )
    events = recorder.events
    requeued = kinds(events, "requeued")
    assert requeued, "with half the jobs crashing some message must come back"
    for event in requeued:
        later = [
            e
            for e in events
            if e.kind == "delivered" and e.data["msg"] == event.data["msg"] and e.t >= event.t
        ]
        assert later and later[0].data["attempt"] == event.data["attempts"] + 1
    for dead in kinds(events, "dead_lettered"):
        assert dead.data["attempts"] == 3
    crashed = {e.data["worker"] for e in kinds(events, "worker_crashed")}
    restarted = [e for e in kinds(events, "worker_start") if e.data["incarnation"] > 1]
    assert crashed and {e.data["worker"] for e in restarted} <= crashed and restarted
    state = final_state(recorder)
    assert state.redelivered == len(requeued)
    assert state.produced == state.acked + state.dead == 20


def test_a_forgotten_run_stops_taking_requests_at_its_size_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(simulation, "MAX_REQUESTS", 5)
    recorder = run_scene("email", {**QUIET, "rate": 50, "delay": 0.01})  # ends by itself
    assert len(kinds(recorder.events, "request")) == 5
    assert kinds(recorder.events, "arrivals_stopped")[0].data["reason"] == "requests"
    state = final_state(recorder)
    assert state.ended is not None and state.acked == 5
    before_end = kinds(recorder.events, "run_end")[0].t - 1e-9
    stopped = Timeline(recorder, SCENE.reducer()).state_at(before_end)
    assert "size limit" in SCENE.caption(stopped, before_end).render()


def test_stopping_mid_run_cancels_every_task() -> None:
    recorder = run_scene(
        "fanout",
        {"rate": 30, "delay": 0.3, "capacity_mode": "block", "capacity": 3},
        stop_after=0.5,
    )  # run_scene asserts nothing is left running
    assert kinds(recorder.events, "blocked")


# -- what the learner reads ------------------------------------------------------------------
def test_captions_explain_crash_dead_letter_backlog_and_no_queue() -> None:
    recorder = run_scene(
        "email",
        {**QUIET, "rate": 20, "delay": 0.02, "failure": 60, "max_attempts": 1},
        max_requests=10,
    )
    timeline = Timeline(recorder, SCENE.reducer())
    dead = kinds(recorder.events, "dead_lettered")[0]
    text = SCENE.caption(timeline.state_at(dead.t), dead.t).render()
    assert "dead-letter queue" in text and "not lost" in text

    recorder = run_scene(
        "email", {**QUIET, "rate": 40, "delay": 0.3, "consumers": 1}, stop_after=1.0
    )
    end = recorder.newest_time()
    state = Timeline(recorder, SCENE.reducer()).state_at(end)
    assert state.waiting > 10
    assert "Backlog growing" in SCENE.caption(state, end).render()

    recorder = run_scene("email-no-queue", {**QUIET, "delay": 0.1}, max_requests=3)
    state = final_state(recorder)
    mid = kinds(recorder.events, "response")[1].t
    text = SCENE.caption(Timeline(recorder, SCENE.reducer()).state_at(mid), mid).render()
    assert "No queue" in text and "waits" in text
    assert "failed" in SCENE.caption(state, recorder.newest_time()).render()


def test_metrics_report_measured_numbers_and_littles_law_both_sides() -> None:
    recorder = run_scene(
        "email", {**QUIET, "rate": 20, "delay": 0.1, "consumers": 4}, max_requests=30
    )
    state = final_state(recorder)
    t = recorder.newest_time()
    m = measure(state, t)
    responses = response_times(recorder.events)
    assert m.resp_p50 is not None and m.deliv_p50 is not None
    assert m.resp_p50 == pytest.approx(sorted(responses)[len(responses) // 2 - 1], abs=0.01)
    assert m.deliv_p50 > m.resp_p50 + 0.05
    assert m.little_l is not None and m.little_rhs is not None
    # Drained run, everything counted from the trace: L = λ·W holds to rounding.
    assert m.little_l == pytest.approx(m.little_rhs, rel=0.02)
    labels = {metric.label.source for metric in SCENE.metrics(state, t)}
    assert {"Response p50/p95", "Delivery p50/p95", "Dead-lettered"} <= labels


def test_highlights_point_at_the_lines_the_workers_are_on() -> None:
    recorder = run_scene("email", {**QUIET, "rate": 20, "delay": 0.2}, stop_after=0.6)
    t = recorder.newest_time()
    state = Timeline(recorder, SCENE.reducer()).state_at(t)
    lines = {h.line for h in SCENE.highlights(state, t)}
    block = SCENE.preset("email").source().blocks[1]  # email_worker
    assert "".join(block.lines).startswith("async def email_worker")
    texts = {
        block.lines[line - block.first_line].strip()
        for line in lines
        if block.first_line <= line < block.first_line + len(block.lines)
    }
    assert any(text.startswith("await mail.send") for text in texts), texts


# -- the window: sliders change the running simulation ---------------------------------------
def drag(slider: QSlider, position: int) -> None:
    slider.setSliderDown(True)
    slider.setSliderPosition(position)
    slider.setSliderDown(False)


def set_slider(window: MainWindow, key: str, value: float) -> None:
    widget: Any = window.controls.widget(key)
    setting = widget.setting
    drag(widget.slider, round((value - setting.minimum) / setting.step))


def close(window: MainWindow, qtbot: Any, loop: asyncio.AbstractEventLoop) -> None:
    window.close()
    done = loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)


def open_queue(qtbot: Any, preset: str, overrides: Mapping[str, object]) -> MainWindow:
    window = MainWindow("queue", preset, overrides)
    qtbot.addWidget(window)
    window.show()
    window.start()
    assert window.session is not None
    return window


def test_backlog_grows_and_adding_workers_with_the_slider_drains_it(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    # 20 requests/s against one worker that manages 5/s: the queue must grow.
    window = open_queue(qtbot, "email", {**QUIET, "rate": 20, "consumers": 1, "delay": 0.2})
    session = window.session
    assert session is not None
    recorder = session.recorder
    qtbot.waitUntil(lambda: depth_at(recorder.events, recorder.now()) >= 15, timeout=10_000)
    grown_at = recorder.now()

    set_slider(window, "consumers", 16)  # 16 workers manage 80/s
    qtbot.waitUntil(
        lambda: recorder.now() > grown_at + 0.3 and depth_at(recorder.events, recorder.now()) <= 2,
        timeout=10_000,
    )
    assert window.session is session and session.recorder is recorder, "no restart"
    events = list(recorder.events)
    change = next(e for e in events if e.kind == "setting" and e.data["key"] == "consumers")
    assert change.data["value"] == 16 and change.t >= grown_at
    one = [depth_at(events, t) for t in (0.4, 0.8, grown_at)]
    assert one == sorted(one) and one[-1] >= 15, f"backlog did not grow: {one}"
    joined = {e.data["worker"] for e in kinds(events, "worker_start") if e.t >= change.t}
    assert joined == {f"w{n}" for n in range(2, 17)}
    peak = max(depth_at(events, e.t) for e in events if e.t <= change.t + 0.1)
    drained = depth_at(events, events[-1].t)
    assert peak >= 15 and drained <= 2
    state = session.frame(events[-1].t).state
    assert state.alive_workers() == 16
    close(window, qtbot, qt_loop)


def test_slider_changes_reach_the_running_code_without_restart(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    window = open_queue(qtbot, "email", {**QUIET, "rate": 10, "consumers": 2, "delay": 0.05})
    session = window.session
    assert session is not None
    recorder = session.recorder
    qtbot.waitUntil(lambda: len(kinds(recorder.events, "work_start")) >= 3, timeout=10_000)

    set_slider(window, "delay", 0.3)
    set_slider(window, "rate", 2.0)
    combo = window.controls.widget("capacity_mode")
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("reject"))
    set_slider(window, "capacity", 1)
    set_slider(window, "consumers", 1)
    qtbot.waitUntil(
        lambda: any(e.kind == "setting" and e.data["key"] == "consumers" for e in recorder.events),
        timeout=5_000,
    )
    changed_at = recorder.now()
    qtbot.waitUntil(
        lambda: len([e for e in kinds(recorder.events, "request") if e.t > changed_at]) >= 3,
        timeout=10_000,
    )
    assert window.session is session and session.recorder is recorder, "no restart"
    events = list(recorder.events)
    later = [e for e in kinds(events, "work_start") if e.t > changed_at]
    assert later and all(e.data["planned"] == pytest.approx(0.3) for e in later)
    arrivals = [e.t for e in kinds(events, "request") if e.t > changed_at]
    gaps = [b - a for a, b in itertools.pairwise(arrivals)]
    assert statistics.median(gaps) == pytest.approx(0.5, abs=0.1)  # 2 per second
    seen = {e.data["key"]: e.data["value"] for e in kinds(events, "setting")}
    assert seen["capacity_mode"] == "reject" and seen["capacity"] == 1
    assert seen["consumers"] == 1
    assert kinds(events, "worker_leaving") or kinds(events, "worker_stopped")
    close(window, qtbot, qt_loop)


# -- drawing ---------------------------------------------------------------------------------
def record_busy(qt_loop: asyncio.AbstractEventLoop, qtbot: Any, preset: str) -> SceneSession[Any]:
    overrides = {"rate": 12, "consumers": 2, "delay": 0.4, "failure": 25, "friends": 4}
    session: SceneSession[Any] = SceneSession(SCENE, preset, SCENE.values(overrides))
    session.restart()
    qtbot.waitUntil(lambda: session.recorder.now() > 2.0, timeout=10_000)
    session.stop()
    return session


@pytest.mark.parametrize("preset", ["email", "email-no-queue", "fanout", "fanout-no-queue"])
def test_view_draws_a_busy_run_offscreen(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, preset: str
) -> None:
    session = record_busy(qt_loop, qtbot, preset)
    qtbot.waitUntil(lambda: not session.running, timeout=5_000)
    view = View(SCENE)
    end = session.timeline.end_time()
    for theme in (LIGHT, DARK):
        images = []
        for fraction in (0.0, 0.5, 1.0):
            image = QImage(1280, 720, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(QColor("#FF00FF"))
            painter = QPainter(image)
            view.paint(painter, QRectF(0, 0, 1280, 720), session.frame(end * fraction), theme)
            painter.end()
            assert image.pixelColor(5, 5) == theme.background
            images.append(image)
        assert images[1] != images[2], "a busy run must look different a second later"
        # The books line is framed in the "balanced" colour: nothing was lost.
        assert near(images[2], 960, 678, theme.ok)


def near(image: QImage, x: int, y: int, color: QColor, radius: int = 3) -> bool:
    """Whether a pixel within ``radius`` rows of (x, y) is close to ``color`` (antialiasing)."""
    for dy in range(-radius, radius + 1):
        pixel = image.pixelColor(x, y + dy)
        distance = (
            abs(pixel.red() - color.red())
            + abs(pixel.green() - color.green())
            + abs(pixel.blue() - color.blue())
        )
        if distance < 60:
            return True
    return False
