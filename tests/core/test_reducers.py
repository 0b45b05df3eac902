"""The reducers on fixed event lists: each event kind changes exactly what it should.

Fast and Qt-free (the mutation check runs them): the event-loop reducer's ready queue, running
task, segments, waits, threads, noted coroutines and lag; the queue reducer's books through a
requeue, a dead letter, a rejection, a producer held back and a crashed worker.
"""

from __future__ import annotations

from visualizer.core.recorder import Event
from visualizer.core.task_state import (
    CANCELLED,
    DONE,
    FAILED,
    READY,
    RUNNING,
    WAITING,
    LoopReducer,
    LoopState,
)
from visualizer.core.timeline import Timeline
from visualizer.scenes.queue.state import (
    ACKED,
    CRASHED,
    DEAD,
    IDLE,
    REJECTED,
    REQUEUED,
    QueueReducer,
    QueueState,
)

LOOP_EVENTS = [
    Event(0.00, "created", "T1", {"coro": "x.main"}),
    Event(0.01, "started", "T1", {"name": "main"}),
    Event(0.02, "created", "T2", {"coro": "x.fetch", "parent": "T1", "arg": "job1"}),
    Event(0.03, "created", "T3", {"coro": "x.fetch", "parent": "T1", "arg": "job2"}),
    Event(0.04, "suspended", "T1", {"stack": (("main", "f.py", 3),), "wait": {"kind": "gather"}}),
    Event(0.05, "started", "T2", {"name": "Task-2"}),
    Event(0.06, "suspended", "T2", {"wait": {"kind": "sleep", "deadline": 0.5, "delay": 0.44}}),
    Event(0.07, "started", "T3", {"name": "Task-3"}),
    Event(0.08, "raised", "T3", {"error": "ValueError: boom"}),
    Event(0.10, "thread_start", "th1", {"function": "blocking_io"}),
    Event(0.20, "thread_end", "th1"),
    Event(0.30, "coroutine_created", "c1", {"coro": "fetch", "state": "CORO_CREATED"}),
    Event(0.35, "coroutine_state", "c1", {"state": "CORO_RUNNING"}),
    Event(0.40, "lag", "loop", {"lag": 0.12}),
    Event(0.50, "ready", "T2"),
    Event(0.51, "resumed", "T2"),
    Event(0.52, "finished", "T2"),
    Event(0.53, "ready", "T1"),
    Event(0.54, "resumed", "T1"),
    Event(0.55, "cancelled", "T1"),
    Event(0.56, "mark", "T1", {"label": "end"}),
    Event(0.57, "scene_error", "scene", {"error": "RuntimeError: x"}),
]


def loop_at(t: float) -> LoopState:
    return Timeline(LOOP_EVENTS, LoopReducer(), checkpoint_every=4).state_at(t)


def test_loop_reducer_tracks_the_ready_queue_and_the_running_task() -> None:
    s = loop_at(0.035)
    assert list(s.tasks) == ["T1", "T2", "T3"]
    assert s.running == "T1" and s.ready == ["T2", "T3"]
    assert [t.index for t in s.tasks.values()] == [0, 1, 2]
    assert s.tasks["T2"].label == "fetch(job1)" and s.tasks["T1"].label == "main"
    assert s.tasks["T2"].parent == "T1" and s.tasks["T2"].created == 0.02
    s = loop_at(0.045)
    assert s.running is None and s.tasks["T1"].state == WAITING
    assert s.tasks["T1"].stack == (("main", "f.py", 3),)
    assert s.tasks["T1"].wait == {"kind": "gather"}
    s = loop_at(0.065)
    assert s.ready == ["T3"] and s.tasks["T2"].state == WAITING and s.tasks["T2"].steps == 1
    assert s.tasks["T2"].since == 0.06


def test_loop_reducer_ends_tasks_and_closes_their_segments() -> None:
    s = loop_at(0.09)
    t3 = s.tasks["T3"]
    assert t3.state == FAILED and t3.error == "ValueError: boom" and t3.ended == 0.08
    assert s.running is None and s.ready == []
    assert [(g.state, g.start, g.end) for g in t3.segments] == [
        (READY, 0.03, 0.07),
        (RUNNING, 0.07, 0.08),
    ]
    s = loop_at(1.0)
    assert s.tasks["T2"].state == DONE and s.tasks["T2"].wait is None
    assert s.tasks["T1"].state == CANCELLED and s.tasks["T1"].stack == ()
    assert s.elapsed() == 0.55
    assert [g.state for g in s.tasks["T2"].segments] == [READY, RUNNING, WAITING, READY, RUNNING]
    assert s.tasks["T2"].segments[-1].end == 0.52
    assert s.tasks["T2"].steps == 2


def test_loop_reducer_records_threads_coroutines_lag_marks_and_errors() -> None:
    s = loop_at(0.15)
    assert s.threads["th1"].busy and s.threads["th1"].function == "blocking_io"
    assert s.threads["th1"].segments[0].end is None
    s = loop_at(1.0)
    thread = s.threads["th1"]
    assert not thread.busy and thread.index == 0
    assert (thread.segments[0].start, thread.segments[0].end) == (0.10, 0.20)
    coro = s.coroutines["c1"]
    assert (coro.coro, coro.created, coro.state, coro.started) == (
        "fetch",
        0.30,
        "CORO_RUNNING",
        0.35,
    )
    assert s.lags == [(0.40, 0.12)] and s.max_lag() == 0.12
    assert s.stalled_until(0.30) and s.stalled_until(0.40) and not s.stalled_until(0.27)
    assert s.marks == [(0.56, "T1", "end")]
    assert s.errors == ["RuntimeError: x"]
    assert s.last_t == 0.57


def test_a_ready_event_for_a_task_that_is_not_waiting_changes_nothing() -> None:
    events = [
        Event(0.0, "created", "T1", {"coro": "main"}),
        Event(0.1, "started", "T1", {"name": "main"}),
        Event(0.2, "ready", "T1"),
        Event(0.3, "ready", "T9"),
        Event(0.4, "finished", "T9"),
    ]
    s = Timeline(events, LoopReducer()).state_at(1.0)
    assert s.running == "T1" and s.ready == [] and s.tasks["T1"].state == RUNNING
    assert list(s.tasks) == ["T1"]


# -- queue ----------------------------------------------------------------------------------------
START = {"preset": "email", "job": "email", "queued": True, "settings": {"capacity": 2}}


def queue_events() -> list[Event]:
    def e(t: float, kind: str, **data: object) -> Event:
        return Event(t, kind, "broker", data)

    return [
        e(0.0, "run_start", **START),
        e(0.01, "worker_start", worker="w1"),
        e(0.02, "worker_start", worker="w2", incarnation=2),
        e(0.1, "request", req=1),
        e(0.11, "enqueued", req=1, msg=1, label="a"),
        e(0.12, "response", req=1, status=202),
        e(0.2, "request", req=2),
        e(0.21, "enqueued", req=2, msg=2, label="b"),
        e(0.3, "delivered", msg=1, attempt=1, worker="w1", line=5),
        e(0.4, "requeued", msg=1),
        e(0.5, "delivered", msg=1, attempt=2, worker="w2", line=5),
        e(0.6, "acked", msg=1, worker="w2", line=7),
        e(0.7, "delivered", msg=2, attempt=1, worker="w1", line=5),
        e(0.8, "dead_lettered", msg=2, by="broker"),
        e(0.85, "request", req=3),
        e(0.9, "rejected", req=3, msg=3, label="c"),
        e(0.95, "request", req=4),
        e(1.0, "blocked", req=4, label="d"),
        e(1.1, "abandoned", req=4),
        e(1.2, "worker_crashed", worker="w1", error="boom"),
        e(1.3, "acked", msg=99, worker="w2"),
        e(1.4, "setting", key="capacity", value=5),
        e(1.5, "worker_stopped", worker="w2"),
    ]


def queue_at(t: float) -> QueueState:
    return Timeline(queue_events(), QueueReducer(), checkpoint_every=5).state_at(t)


def test_queue_books_through_requeue_ack_and_dead_letter() -> None:
    s = queue_at(0.35)
    assert (s.produced, s.waiting, s.inflight, s.in_system) == (2, 1, 1, 2)
    assert s.workers["w1"].status == "busy" and s.workers["w1"].msg == 1
    s = queue_at(0.45)
    assert (s.waiting, s.inflight) == (2, 0)
    assert [m.id for m in s.queue] == [1, 2]  # back at the head, before the newer message
    assert s.finished[-1].outcome == REQUEUED
    s = queue_at(0.65)
    assert (s.acked, s.redelivered, s.inflight, s.waiting) == (1, 1, 0, 1)
    assert s.finished[-1].outcome == ACKED and s.finished[-1].attempt == 2
    assert s.workers["w2"].status == IDLE and s.workers["w2"].line == 7
    assert list(s.deliv_samples) == [0.6 - 0.1]
    assert s.sojourn_n == 1 and abs(s.sojourn_sum - (0.6 - 0.11)) < 1e-9
    s = queue_at(0.85)
    assert (s.dead, s.in_system) == (1, 0)
    assert s.dead_recent[-1].outcome == DEAD and s.dead_recent[-1].id == 2
    assert s.responses[-1][:2] == (1, 202) and s.status_counts == {202: 1}
    assert abs(s.resp_samples[0] - 0.02) < 1e-9


def test_queue_rejections_held_producers_crashes_and_settings() -> None:
    s = queue_at(0.95)
    assert (s.offered, s.rejected, s.produced) == (3, 1, 2)
    assert s.finished[-1].outcome == REJECTED
    s = queue_at(1.05)
    assert (s.offered, s.blocked) == (4, 1)
    s = queue_at(1.15)
    assert (s.blocked, s.abandoned) == (0, 1)
    s = queue_at(1.25)
    assert s.workers["w1"].status == CRASHED and s.workers["w1"].error == "boom"
    assert s.alive_workers() == 1
    s = queue_at(2.0)
    assert s.ack_errors == 1 and s.acked == 1  # an ack of a message nobody held
    assert s.settings == {"capacity": 5}
    assert list(s.workers) == ["w1"]
    assert s.requests_seen == 4 and s.preset == "email" and s.queued
    assert s.area_at(2.0) >= s.area


def test_queue_state_copies_are_independent() -> None:
    reducer = QueueReducer()
    events = queue_events()
    state = reducer.initial()
    for event in events[:9]:
        reducer.apply(state, event)
    copy = reducer.copy(state)
    for event in events[9:]:
        reducer.apply(state, event)
    assert copy.waiting == 1 and copy.inflight == 1 and copy.acked == 0
    assert list(copy.workers) == ["w1", "w2"] and copy.workers["w1"].status == "busy"
    assert len(copy.finished) == 0 and copy.ack_errors == 0
