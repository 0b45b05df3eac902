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

from collections.abc import Mapping, Sequence
from typing import Any

from visualizer.core.recorder import Event
from visualizer.core.trace_events import ARITY, TIMEOUT_CAUSES, Frame, wait_dict

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


def _waits_on(kind: str, a: Any, b: Any) -> dict[str, Any]:
    """:func:`~visualizer.core.trace_events.wait_dict` as published (no deadline)."""
    if kind == "sleep":
        return {"kind": "sleep", "delay": a}
    return wait_dict(kind, a, b, 0.0)


class RawConverter(SchemaWriter):
    """The child's flat records straight to schema objects, without an :class:`Event` between.

    The parent of a traced script converts every record the child sends; going through
    ``convert(decode(raw))`` made two objects and a dict per record, and the parent's share of
    the run was most of what ``visualizer trace`` cost. The output is the same, which a test
    checks record kind by record kind.
    """

    def __init__(self) -> None:
        super().__init__()
        self._stack_lists: list[list[dict[str, Any]] | None] = []  # stack id -> published

    def records(
        self, flat: Sequence[Any], t0: float, stacks: Sequence[tuple[Frame, ...]]
    ) -> list[dict[str, Any]]:
        names = self.names
        lists = self._stack_lists
        out: list[dict[str, Any]] = []
        add = out.append
        arity = ARITY
        i, n = 0, len(flat)
        while i < n:
            kind = flat[i + 1]
            actor = flat[i + 2]
            obj: dict[str, Any] = {"t": round(flat[i] - t0, 7), "kind": kind, "task": actor}
            if kind == "suspended":
                obj["name"] = names.get(actor)
                sid = flat[i + 3]
                if sid >= len(lists):
                    lists.extend([None] * (sid + 1 - len(lists)))
                stack = lists[sid]
                if stack is None:
                    frames = stacks[sid] if sid < len(stacks) else ()
                    stack = lists[sid] = self._stack(frames)
                obj["stack"] = stack
                obj["waits_on"] = _waits_on(flat[i + 4], flat[i + 5], flat[i + 6])
            elif kind == "resumed" or kind == "ready" or kind == "finished":
                obj["name"] = names.get(actor)
            elif kind == "started" or kind == "named":
                if flat[i + 3]:
                    names[actor] = str(flat[i + 3])
                obj["name"] = names.get(actor)
            elif kind == "created":
                if flat[i + 6]:
                    names[actor] = str(flat[i + 6])
                obj["name"] = names.get(actor)
                obj["coro"] = flat[i + 3]
                obj["parent"] = flat[i + 4]
                if flat[i + 5] is not None:
                    obj["arg"] = flat[i + 5]
            elif kind == "thrown":
                obj["kind"] = "resumed"
                obj["name"] = names.get(actor)
                error = flat[i + 3]
                how = "cancel" if error == "CancelledError" else "error"
                obj.update(how=how, exception=error, cause=flat[i + 4])
            elif kind == "raised":
                obj["kind"] = "error"
                obj["name"] = names.get(actor)
                obj["exception"] = flat[i + 3]
            elif kind == "cancelled":
                obj["name"] = names.get(actor)
                obj["cause"] = flat[i + 3]
                obj["started"] = flat[i + 4]
            elif kind == "cancel":
                cause = flat[i + 3]
                obj["kind"] = "timeout" if cause in TIMEOUT_CAUSES else "cancel_requested"
                obj["name"] = names.get(actor)
                obj["cause"] = cause
                obj["by"] = flat[i + 4]
            else:  # thread_start / thread_end
                obj["name"] = names.get(actor)
                obj["function"] = flat[i + 3]
                obj["caller"] = flat[i + 4]
            add(obj)
            i += arity[kind]
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
