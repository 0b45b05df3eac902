"""The published event schema of a traced script, and the way back to the reducers' events.

``visualizer trace --json`` writes, and the app's "Your code" scene reads over its pipe, one
format (described in README.md, "Trace file format"): each event is a JSON object with

- ``t``: seconds since the script started (the child process's own clock)
- ``kind``: ``created``, ``started``, ``suspended``, ``ready``, ``resumed``, ``finished``,
  ``cancelled``, ``error``, ``timeout``, ``cancel_requested``, ``named``, ``blocked``,
  ``thread_start``, ``thread_end``
- ``task``: the task's id (``T1``, ``T2``...; for thread events the worker thread's name)
- ``name``: asyncio's task name (``create_task(..., name=...)`` respected)
- where it applies: ``coro``, ``parent``, ``stack`` (``[{func, file, line}]``, outermost
  first), ``waits_on`` (``kind``, ``detail``, ``target``/``targets``, ``delay``), ``exception``,
  ``cause``, ``how``, ``function``, ``caller``

One schema on the wire and in the file means the command line passes lines through untouched
and the app decodes exactly what a learner can read in the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from visualizer.core.recorder import Event
from visualizer.core.trace_events import TIMEOUT_CAUSES

SCHEMA_VERSION = 1

# reducer kind -> schema kind, where they differ
_OUT_KIND = {"raised": "error", "blocked_at": "blocked"}
_IN_KIND = {v: k for k, v in _OUT_KIND.items()} | {
    "timeout": "cancel",
    "cancel_requested": "cancel",
}


def _stack_in(stack: Any) -> tuple[tuple[str, str, int], ...]:
    return tuple((str(s["func"]), str(s["file"]), int(s["line"])) for s in stack)


class SchemaWriter:
    """Turns the tracer's events into schema objects, remembering each task's name."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self._frames: dict[tuple[str, str, int], dict[str, Any]] = {}  # one object per place

    def _stack(self, stack: Any) -> list[dict[str, Any]]:
        frames = self._frames
        out = []
        for frame in stack:
            obj = frames.get(frame)
            if obj is None:
                obj = frames[frame] = {"func": frame[0], "file": frame[1], "line": frame[2]}
            out.append(obj)
        return out

    def convert(self, event: Event) -> dict[str, Any]:
        kind, actor, data = event.kind, event.actor, event.data
        if kind in ("created", "started", "named") and data.get("name"):
            self.names[actor] = str(data["name"])
        out: dict[str, Any] = {"t": round(event.t, 7), "kind": _OUT_KIND.get(kind, kind)}
        out["task"] = actor
        out["name"] = self.names.get(actor)
        if kind == "created":
            out["coro"] = data.get("coro")
            out["parent"] = data.get("parent")
            if data.get("arg") is not None:
                out["arg"] = data["arg"]
        elif kind == "suspended":
            out["stack"] = self._stack(data.get("stack", ()))
            wait = data.get("wait") or {}
            out["waits_on"] = {k: v for k, v in wait.items() if k != "deadline"}
        elif kind == "blocked_at":
            out["stack"] = self._stack(data.get("stack", ()))
        elif kind == "resumed" and data:
            out.update(how=data.get("how"), exception=data.get("error"), cause=data.get("cause"))
        elif kind == "raised":
            out["exception"] = data.get("error")
        elif kind == "cancelled":
            out["cause"] = data.get("cause")
            out["started"] = data.get("started", True)
        elif kind == "cancel":
            cause = data.get("cause")
            out["kind"] = "timeout" if cause in TIMEOUT_CAUSES else "cancel_requested"
            out["cause"] = cause
            out["by"] = data.get("by")
        elif kind in ("thread_start", "thread_end"):
            out["function"] = data.get("function")
            out["caller"] = data.get("task")
        else:
            for key, value in data.items():
                out.setdefault(key, value)
        return out


def from_schema(obj: Mapping[str, Any], offset: float = 0.0) -> Event:
    """A schema object as the event the event-loop reducer folds (``t`` shifted by ``offset``)."""
    kind = str(obj.get("kind", ""))
    actor = str(obj.get("task", ""))
    t = float(obj.get("t", 0.0)) + offset
    data: dict[str, Any]
    if kind == "created":
        data = {"coro": obj.get("coro"), "parent": obj.get("parent"), "name": obj.get("name")}
        data["arg"] = obj.get("arg")
    elif kind in ("started", "named"):
        data = {"name": obj.get("name")}
    elif kind == "suspended":
        wait = dict(obj.get("waits_on") or {})
        if wait.get("kind") == "sleep":
            wait["deadline"] = t + float(wait.get("delay") or 0.0)
        data = {"stack": _stack_in(obj.get("stack", ())), "wait": wait}
    elif kind == "blocked":
        data = {"stack": _stack_in(obj.get("stack", ()))}
    elif kind == "resumed":
        data = {}
        if obj.get("how"):
            data = {"how": obj["how"], "error": obj.get("exception"), "cause": obj.get("cause")}
    elif kind == "error":
        data = {"error": obj.get("exception")}
    elif kind == "cancelled":
        data = {"cause": obj.get("cause"), "started": obj.get("started", True)}
    elif kind in ("timeout", "cancel_requested"):
        data = {"cause": obj.get("cause"), "by": obj.get("by")}
    elif kind in ("thread_start", "thread_end"):
        data = {"function": obj.get("function"), "task": obj.get("caller")}
    else:
        data = {k: v for k, v in obj.items() if k not in ("t", "kind", "task", "name")}
    return Event(t, _IN_KIND.get(kind, kind), actor, data)
