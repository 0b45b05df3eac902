"""A traced script's events in the Chrome Trace Event Format, for Perfetto and chrome://tracing.

JSON object form (``{"traceEvents": [...], "displayTimeUnit": "ms"}``), timestamps in
microseconds, one process (``pid`` 1):

- one track (``tid``) per task and per worker thread, named by ``thread_name`` metadata (``M``)
- a complete event (``X``) per task step: from ``started``/``resumed`` to the step's end
- an async begin/end pair (``b``/``e``, category ``wait``) per wait, from the suspension to the
  step that follows it, named after what it waits on
- a flow (``s`` -> ``f``) from each wake-up to the step it causes: the wake-up binds to the step
  that was running when it happened (the waker) or, when none was (a timer, a thread's result),
  to a zero-length ``wake-up`` slice on the woken task's track
- a counter (``C``) of the ready queue's length
- instants (``i``, thread scope) for cancellations, timeouts and errors

Events come out sorted by timestamp, so begin/end pairs match and slices on one track nest.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

PID = 1


def _us(t: float) -> float:
    return round(float(t) * 1e6, 3)


class _Builder:
    def __init__(self) -> None:
        self.out: list[dict[str, Any]] = []
        self.tids: dict[str, int] = {}
        self.labels: dict[str, dict[str, str]] = {}  # lane -> its metadata's args (renamed later)
        self.names: dict[str, str] = {}
        self.step_start: dict[str, float] = {}  # task -> its running step's start (µs)
        self.running: list[str] = []  # tasks in a step now, most recent last
        self.waits: dict[str, tuple[str, str, float]] = {}  # task -> (id, name, begin µs)
        self.flows: dict[str, int] = {}  # woken task -> pending flow id
        self.threads: dict[str, tuple[float, str]] = {}
        self.ready = 0
        self.n_waits = 0
        self.n_flows = 0
        self.last = 0.0

    def tid(self, lane: str, label: str) -> int:
        tid = self.tids.get(lane)
        if tid is None:
            tid = self.tids[lane] = len(self.tids) + 1
            meta = {"ph": "M", "name": "thread_name", "pid": PID, "tid": tid, "ts": 0}
            self.labels[lane] = {"name": label}
            self.out.append({**meta, "args": self.labels[lane]})
            sort = {"ph": "M", "name": "thread_sort_index", "pid": PID, "tid": tid, "ts": 0}
            self.out.append({**sort, "args": {"sort_index": tid}})
        return tid

    def counter(self, ts: float) -> None:
        self.out.append(
            {"ph": "C", "name": "ready queue", "pid": PID, "ts": ts, "args": {"tasks": self.ready}}
        )

    def end_step(self, task: str, ts: float, args: dict[str, Any] | None = None) -> None:
        start = self.step_start.pop(task, None)
        if task in self.running:
            self.running.remove(task)
        if start is None:
            return
        event = {"ph": "X", "cat": "step", "name": self.names.get(task, task), "pid": PID}
        event.update(tid=self.tids[task], ts=start, dur=round(max(0.0, ts - start), 3))
        if args:
            event["args"] = args
        self.out.append(event)

    def end_wait(self, task: str, ts: float) -> None:
        wait = self.waits.pop(task, None)
        if wait is not None:
            wid, name, _ = wait
            self.out.append(
                {"ph": "e", "cat": "wait", "id": wid, "name": name, "pid": PID}
                | {"tid": self.tids[task], "ts": ts}
            )

    def instant(self, task: str, ts: float, name: str, args: dict[str, Any]) -> None:
        self.out.append(
            {"ph": "i", "s": "t", "cat": "task", "name": name, "pid": PID}
            | {"tid": self.tids[task], "ts": ts, "args": args}
        )

    def begin_step(self, task: str, ts: float) -> None:
        self.end_wait(task, ts)
        if task in self.step_start:
            self.end_step(task, ts)
        self.step_start[task] = ts
        self.running.append(task)
        flow = self.flows.pop(task, None)
        if flow is not None:
            self.out.append(
                {"ph": "f", "bp": "e", "cat": "wake", "name": "wake-up", "id": flow, "pid": PID}
                | {"tid": self.tids[task], "ts": ts}
            )
            self.ready = max(0, self.ready - 1)
            self.counter(ts)

    def wake(self, task: str, ts: float) -> None:
        if task in self.flows:
            return
        self.n_flows += 1
        flow = self.flows[task] = self.n_flows
        waker = self.running[-1] if self.running else None
        if waker is None:
            waker = task
            self.out.append(
                {"ph": "X", "cat": "wake", "name": "wake-up", "pid": PID}
                | {"tid": self.tids[task], "ts": ts, "dur": 0}
            )
        self.out.append(
            {"ph": "s", "cat": "wake", "name": "wake-up", "id": flow, "pid": PID}
            | {"tid": self.tids[waker], "ts": ts}
        )
        self.ready += 1
        self.counter(ts)

    def add(self, ev: dict[str, Any]) -> None:
        kind = ev.get("kind")
        task = str(ev.get("task", ""))
        ts = _us(ev.get("t", 0.0))
        self.last = max(self.last, ts)
        if kind in ("thread_start", "thread_end"):
            self.thread(kind, task, ts, str(ev.get("function") or ""))
            return
        self.tid(task, task)
        if ev.get("name"):
            self.names[task] = self.labels[task]["name"] = str(ev["name"])
        if kind == "created":
            self.wake(task, ts)
        elif kind in ("started", "resumed"):
            self.begin_step(task, ts)
        elif kind == "suspended":
            stack = ev.get("stack") or []
            where = stack[-1] if stack else {}
            self.end_step(task, ts, {"line": where.get("line"), "func": where.get("func")})
            waits_on = ev.get("waits_on") or {}
            self.n_waits += 1
            name = f"await {waits_on.get('kind', '?')}"
            self.waits[task] = (f"w{self.n_waits}", name, ts)
            self.out.append(
                {"ph": "b", "cat": "wait", "id": f"w{self.n_waits}", "name": name, "pid": PID}
                | {"tid": self.tids[task], "ts": ts, "args": {"waits_on": waits_on}}
            )
        elif kind == "ready":
            self.wake(task, ts)
        elif kind in ("finished", "cancelled", "error"):
            self.end_wait(task, ts)
            self.end_step(task, ts)
            if self.flows.pop(task, None) is not None:
                self.ready = max(0, self.ready - 1)
                self.counter(ts)
            if kind != "finished":
                args = {"cause": ev.get("cause"), "exception": ev.get("exception")}
                self.instant(task, ts, kind, args)
        elif kind == "timeout":
            self.instant(task, ts, "timeout", {"cause": ev.get("cause")})

    def thread(self, kind: str, lane: str, ts: float, function: str) -> None:
        self.tid("thread:" + lane, f"thread {lane}")
        if kind == "thread_start":
            self.threads[lane] = (ts, function)
        elif lane in self.threads:
            start, fn = self.threads.pop(lane)
            self.out.append(
                {"ph": "X", "cat": "thread", "name": fn or function, "pid": PID}
                | {"tid": self.tids["thread:" + lane], "ts": start, "dur": round(ts - start, 3)}
            )

    def close(self) -> list[dict[str, Any]]:
        """End whatever is still open at the last timestamp (a cut stream, a killed script)."""
        end = self.last
        for task in list(self.waits):
            self.end_wait(task, end)
        for task in list(self.step_start):
            self.end_step(task, end)
        for lane in list(self.threads):
            self.thread("thread_end", lane, end, "")
        for task, flow in list(self.flows.items()):
            # a wake-up whose step never came: end the flow on the woken task's track
            self.out.append(
                {"ph": "X", "cat": "wake", "name": "never resumed", "pid": PID}
                | {"tid": self.tids[task], "ts": end, "dur": 0}
            )
            self.out.append(
                {"ph": "f", "bp": "e", "cat": "wake", "name": "wake-up", "id": flow, "pid": PID}
                | {"tid": self.tids[task], "ts": end}
            )
        self.flows.clear()
        meta = [e for e in self.out if e["ph"] == "M"]
        rest = [e for e in self.out if e["ph"] != "M"]
        rest.sort(key=lambda e: e["ts"])
        return meta + rest


def chrome_trace(events: Iterable[dict[str, Any]], **meta: Any) -> dict[str, Any]:
    """The Chrome trace object for schema events (:mod:`visualizer.core.script_events`)."""
    builder = _Builder()
    builder.out.append(
        {"ph": "M", "name": "process_name", "pid": PID, "tid": 0, "ts": 0}
        | {"args": {"name": "asyncio script"}}
    )
    for event in events:
        builder.add(event)
    return {"traceEvents": builder.close(), "displayTimeUnit": "ms", "otherData": meta}
