"""The learner's script in a child Python, read back with asyncio on the app's own loop.

The child is :mod:`visualizer.core.script_runner` in a process group of its own, so Stop, a
restart or the timeout can kill it and whatever it started (``os.killpg``); nothing the script
does (an endless loop, ``time.sleep``, ``os._exit``, a segfault, a flood of output) can block the
app's loop or reach its memory beyond the capped streams. Its events carry the child's clock:
both processes read the same ``CLOCK_MONOTONIC``, so an event's time on the run's axis is the
child's own ``t`` plus the child's start minus the recorder's start.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from visualizer.core.contract import Run
from visualizer.core.recorder import Event
from visualizer.core.script_process import TraceStream, to_events
from visualizer.core.script_spawn import runner_command, runner_env, trace_pipe

_INTERNAL = frozenset(
    {"BaseEventLoop.shutdown_asyncgens", "BaseEventLoop.shutdown_default_executor"}
)
LONG_STEP = 0.05  # a step that holds its loop longer shows as the loop's lag


@dataclass
class ConsoleBuffer:
    """The script's output, keeping only the tail: a flood of output costs bounded memory."""

    limit: int = 200_000
    text: str = ""
    dropped: int = 0  # characters let go from the front
    version: int = 0  # changes whenever the text does, so a pane knows when to redraw

    def write(self, chunk: str) -> None:
        text = self.text + chunk
        if len(text) > self.limit:
            cut = len(text) - self.limit
            newline = text.find("\n", cut)
            cut = newline + 1 if 0 <= newline < cut + 200 else cut
            self.dropped += cut
            text = text[cut:]
        self.text = text
        self.version += 1

    def clear(self) -> None:
        self.text, self.dropped = "", 0
        self.version += 1


@dataclass
class Outcome:
    """How the last run of the script ended, for the caption and the editor."""

    status: int | None = None
    signal: str | None = None
    stopped: bool = False
    timed_out: bool = False
    syntax_error: dict[str, Any] | None = None
    exception: dict[str, Any] | None = None
    cut: dict[str, Any] | None = None
    dropped: int = 0
    events: int = 0


@dataclass
class _Feed:
    """Pending events for the recorder, pulled whenever the log is read."""

    offset: float = 0.0
    pending: list[Event] = field(default_factory=list)
    steps: dict[str, float] = field(default_factory=dict)
    hidden: set[str] = field(default_factory=set)  # asyncio.run's own clean-up tasks

    def add(self, batch: list[dict[str, Any]]) -> None:
        events = to_events(batch, self.offset)
        out = self.pending
        hidden = self.hidden
        for event in events:
            if event.kind == "created" and str(event.data.get("coro")) in _INTERNAL:
                hidden.add(event.actor)
            if event.actor in hidden:
                continue
            out.append(event)
            # A step that held the loop long is the loop's lag, as the in-process scene shows it.
            if event.kind in ("started", "resumed"):
                self.steps[event.actor] = event.t
            elif event.kind in ("suspended", "finished", "raised", "cancelled"):
                start = self.steps.pop(event.actor, None)
                if start is not None and event.t - start > LONG_STEP:
                    out.append(Event(event.t, "lag", "loop", {"lag": event.t - start}))

    def __call__(self) -> list[Event]:
        batch, self.pending = self.pending, []
        return batch


async def _pump(stream: asyncio.StreamReader, sink: Any) -> None:
    while chunk := await stream.read(1 << 16):
        sink(chunk)


def kill_group(pid: int) -> None:
    """Kill the child and everything in its process group; gone already is fine."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


async def run_child(
    run: Run,
    target: Sequence[str],
    console: ConsoleBuffer,
    outcome: Outcome,
    *,
    timeout: float,
    cap: int,
    python: str | None = None,
) -> None:
    """Run the script to its end (or the timeout), recording into ``run.recorder``."""
    loop = asyncio.get_running_loop()
    recorder = run.recorder
    feed = _Feed()
    stream = TraceStream(on_events=feed.add)
    read_fd, write_fd = trace_pipe()
    try:
        proc = await asyncio.create_subprocess_exec(
            *runner_command(
                target, fd=write_fd, python=python or sys.executable, cap=cap, run_main=True
            ),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            pass_fds=(write_fd,),
            env=runner_env(),
            start_new_session=True,
        )
    finally:
        os.close(write_fd)
    events = asyncio.StreamReader(limit=1 << 24)
    transport, _ = await loop.connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(events), os.fdopen(read_fd, "rb", buffering=0)
    )
    recorder.attach(feed)

    def take_trace(chunk: bytes) -> None:
        if stream.clock is None:
            stream.feed(chunk)
            if stream.clock is not None:
                feed.offset = stream.clock - recorder.t0
            return
        stream.feed(chunk)

    def take_text(chunk: bytes) -> None:
        console.write(chunk.decode("utf-8", errors="replace"))

    assert proc.stdout is not None and proc.stderr is not None
    pumps = [
        loop.create_task(_pump(events, take_trace), name="script-trace"),
        loop.create_task(_pump(proc.stdout, take_text), name="script-stdout"),
        loop.create_task(_pump(proc.stderr, take_text), name="script-stderr"),
    ]
    try:
        try:
            await asyncio.wait_for(proc.wait(), timeout)
        except TimeoutError:
            outcome.timed_out = True
            kill_group(proc.pid)
            await proc.wait()
        await asyncio.gather(*pumps)
    except asyncio.CancelledError:
        outcome.stopped = True
        kill_group(proc.pid)
        raise
    finally:
        kill_group(proc.pid)  # whatever the script left running in its group goes too
        for pump in pumps:
            pump.cancel()
        await asyncio.gather(*pumps, return_exceptions=True)
        transport.close()
        if proc.returncode is None:
            await proc.wait()
        _conclude(outcome, stream, proc.returncode)
        _record_outcome(feed, outcome, recorder.now())
        recorder.detach(feed)


def _conclude(outcome: Outcome, stream: TraceStream, code: int | None) -> None:
    outcome.syntax_error = stream.syntax_error
    outcome.exception = stream.exception
    outcome.cut = stream.cut
    outcome.dropped = stream.dropped
    outcome.events = stream.events
    if code is not None and code < 0:
        with contextlib.suppress(ValueError):
            outcome.signal = signal.Signals(-code).name
    outcome.status = code


def _record_outcome(feed: _Feed, outcome: Outcome, now: float) -> None:
    """How it ended, as events at their moment: the picture and the caption read them."""
    if outcome.cut is not None:
        t = float(outcome.cut.get("t", 0.0)) + feed.offset
        data = {"label": "cut", "after": outcome.cut.get("after"), "dropped": outcome.dropped}
        feed.pending.append(Event(t, "mark", "script", data))
    end: dict[str, Any] = {"label": "exit", "status": outcome.status, "signal": outcome.signal}
    end.update(stopped=outcome.stopped, timed_out=outcome.timed_out)
    feed.pending.append(Event(now, "mark", "script", end))
    error = describe_failure(outcome)
    if error is not None:
        feed.pending.append(Event(now, "scene_error", "script", {"error": error}))


def describe_failure(outcome: Outcome) -> str | None:
    """One line (English, as Python says it) when the script did not end by itself with 0."""
    if outcome.syntax_error is not None:
        err = outcome.syntax_error
        return f"SyntaxError: {err.get('message')} (line {err.get('line')})"
    if outcome.exception is not None:
        last = str(outcome.exception.get("traceback", "")).strip().splitlines()
        return last[-1] if last else "exception"
    return None
