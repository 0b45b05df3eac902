"""The parent side of a traced script: how the child is started and what its pipe says.

Both ``visualizer trace`` (blocking, on a thread) and the app's "Your code" scene (asyncio, on
the app's loop) start :mod:`visualizer.core.script_runner` in a child Python with
:func:`runner_command` and feed the lines it writes to a :class:`TraceStream`.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from visualizer.core.recorder import Event
from visualizer.core.script_events import RawConverter, from_schema
from visualizer.core.trace_events import Frame

PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


def runner_command(
    target: Sequence[str],
    *,
    fd: int,
    module: bool = False,
    python: str | None = None,
    cap: int | None = None,
    run_main: bool = False,
) -> list[str]:
    """argv of the child: ``target`` is the script (or module) and its arguments."""
    cmd = [python or sys.executable, "-m", "visualizer.core.script_runner", "--fd", str(fd)]
    if cap is not None:
        cmd += ["--cap", str(cap)]
    if run_main:
        cmd.append("--run-main")
    if module:
        cmd += ["-m", target[0], *target[1:]]
    else:
        cmd += ["--", *target]
    return cmd


def runner_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment with this package importable, for any interpreter given with --python."""
    env = dict(os.environ if base is None else base)
    paths = [PACKAGE_ROOT, *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


@dataclass
class TraceStream:
    """What the child reported so far, parsed line by line as it arrives."""

    on_events: Callable[[list[dict[str, Any]]], None] | None = None
    clock: float | None = None  # the child's monotonic clock at its start
    events: int = 0
    cut: dict[str, Any] | None = None
    syntax_error: dict[str, Any] | None = None
    exception: dict[str, Any] | None = None
    end: dict[str, Any] | None = None
    bad_lines: int = 0
    writer: RawConverter = field(default_factory=RawConverter)
    stacks: list[tuple[Frame, ...]] = field(default_factory=list)  # the child's stack table
    _partial: bytes = field(default=b"", repr=False)

    def feed(self, data: bytes) -> None:
        """Take a chunk of the pipe (lines may be split across chunks)."""
        data = self._partial + data
        *lines, self._partial = data.split(b"\n")
        for line in lines:
            if line:
                self.feed_line(line)

    def feed_line(self, line: bytes | str) -> None:
        try:
            msg = json.loads(line)
        except ValueError:
            self.bad_lines += 1
            return
        if not isinstance(msg, dict):
            self.bad_lines += 1
            return
        kind = msg.get("type")
        if kind == "raw":
            self._deliver(self.decode_records(msg.get("records") or []))
        elif kind == "stacks":
            self._add_stacks(int(msg.get("from", 0)), msg.get("stacks") or [])
        elif kind == "events":
            batch = msg.get("events") or []
            for event in batch:
                event["name"] = self.writer.names.get(str(event.get("task")))
            self._deliver(batch)
        elif kind == "hello":
            self.clock = float(msg.get("clock", 0.0))
        elif kind == "cut":
            self.cut = msg
        elif kind == "syntax_error":
            self.syntax_error = msg
        elif kind == "exception":
            self.exception = msg
        elif kind == "end":
            self.end = msg

    def _deliver(self, batch: list[dict[str, Any]]) -> None:
        self.events += len(batch)
        if self.on_events is not None and batch:
            self.on_events(batch)

    def _add_stacks(self, start: int, stacks: Sequence[Any]) -> None:
        table = self.stacks
        del table[start:]
        table.extend(to_frames(stack) for stack in stacks)

    def decode_records(self, records: Sequence[Any]) -> list[dict[str, Any]]:
        """The child's flat record list as schema events, in time order."""
        out = self.writer.records(records, self.clock or 0.0, self.stacks)
        out.sort(key=_by_time)
        return out

    @property
    def dropped(self) -> int:
        return int(self.end.get("dropped", 0)) if self.end else 0


def to_frames(stack: Sequence[Any]) -> tuple[Frame, ...]:
    return tuple((str(f[0]), str(f[1]), int(f[2])) for f in stack)


def _by_time(event: dict[str, Any]) -> float:
    return float(event["t"])


def to_events(batch: Sequence[dict[str, Any]], offset: float) -> list[Event]:
    """Schema objects as reducer events on the parent's time axis (``offset`` added)."""
    return [from_schema(obj, offset) for obj in batch]
