"""The tracer's compact records and how they become :class:`~visualizer.core.recorder.Event`.

The hot path appends one plain tuple per thing that happened, ``(t, kind, actor, *payload)``,
to a list (``list.append`` is atomic under the GIL, so no lock), and stores code objects and line
numbers instead of names. Everything readable (qualified names, file names, wait descriptions as
dicts) is made here, later, only for the records somebody reads.

Record layouts (``t`` is the raw clock value):

- ``(t, "created", actor, code, parent, arg, name)``: ``code`` is the coroutine's code object
- ``(t, "started", actor, name)`` / ``(t, "resumed", actor)``
- ``(t, "thrown", actor, error, cause)``: a step entered by ``throw`` (``error`` the exception's
  type name, ``cause`` who cancelled it where known)
- ``(t, "suspended", actor, frames, wait)``: ``frames`` flat ``(code, line, code, line, ...)``,
  outermost first; ``wait`` a tuple whose first item is the wait kind (see ``_wait_dict``)
- ``(t, "ready", actor)``, ``(t, "finished", actor)``, ``(t, "raised", actor, error)``
- ``(t, "cancelled", actor, cause, started)``: ``started`` False for a task that never ran
- ``(t, "cancel", actor, cause, by)``: somebody asked the task to cancel (``by`` a function)
- ``(t, "named", actor, name)``: the task's name, when only known after its first step
- ``(t, "thread_start", thread, function, task)`` / ``(t, "thread_end", thread, function, task)``

The decoded :class:`Event` kinds and data are the ones :mod:`visualizer.core.task_state` folds;
a ``thrown`` record becomes a ``resumed`` event with ``how`` (``"cancel"`` or ``"error"``),
``error`` and ``cause``.
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from visualizer.core.recorder import Event

Frame = tuple[str, str, int]
Raw = tuple[Any, ...]

# cause of a cancellation -> is it a timeout?
TIMEOUT_CAUSES = frozenset({"timeout", "wait_for"})


def frames_of(flat: tuple[Any, ...]) -> tuple[Frame, ...]:
    """``(code, line, ...)`` as ``(qualified name, file name, line)`` triples."""
    out: list[Frame] = []
    for i in range(0, len(flat), 2):
        code: types.CodeType = flat[i]
        out.append((code.co_qualname, code.co_filename, flat[i + 1]))
    return tuple(out)


def _name(code: Any) -> str | None:
    return code.co_qualname if isinstance(code, types.CodeType) else code


def _wait_dict(wait: tuple[Any, ...], t: float) -> dict[str, Any]:
    kind = wait[0]
    if kind == "yield":
        return {"kind": "yield"}
    if kind == "sleep":
        delay = wait[1]
        return {"kind": "sleep", "delay": delay, "deadline": t + float(delay or 0.0)}
    if kind == "task":
        return {"kind": "task", "target": wait[1]}
    if kind == "gather":
        return {"kind": "gather", "targets": list(wait[1])}
    if kind in ("wait_for", "shield"):
        out = {"kind": kind, "detail": _name(wait[2])}
        if wait[1] is not None:
            out["target"] = wait[1]
        return out
    if kind == "thread":
        return {"kind": "thread", "function": wait[1], "detail": _name(wait[2])}
    if kind == "future":
        return {"kind": "future", "type": wait[1], "detail": _name(wait[2]) or wait[1]}
    return {"kind": kind, "detail": _name(wait[1])}


def decode(raw: Raw, t0: float) -> Event:
    """One record as the event the reducers read, with time relative to ``t0``."""
    t = raw[0] - t0
    kind: str = raw[1]
    actor: str = raw[2]
    data: Mapping[str, Any]
    if kind == "resumed" or kind == "ready" or kind == "finished":
        return Event(t, kind, actor)
    if kind == "suspended":
        data = {"stack": frames_of(raw[3]), "wait": _wait_dict(raw[4], t)}
    elif kind == "started":
        data = {"name": raw[3]}
    elif kind == "thrown":
        how = "cancel" if raw[3] == "CancelledError" else "error"
        data = {"how": how, "error": raw[3], "cause": raw[4]}
        kind = "resumed"
    elif kind == "created":
        data = {"coro": _name(raw[3]), "parent": raw[4], "arg": raw[5], "name": raw[6]}
    elif kind == "cancelled":
        data = {"cause": raw[3], "started": raw[4]}
    elif kind == "cancel":
        data = {"cause": raw[3], "by": raw[4]}
    elif kind == "raised":
        data = {"error": raw[3]}
    elif kind == "named":
        data = {"name": raw[3]}
    elif kind in ("thread_start", "thread_end"):
        data = {"function": raw[3], "task": raw[4]}
    else:  # pragma: no cover - every record kind is listed above
        data = {"payload": raw[3:]}
    return Event(t, kind, actor, data)


def decode_all(records: Iterable[Raw], t0: float) -> Iterator[Event]:
    for raw in records:
        yield decode(raw, t0)


def to_json(event: Event) -> dict[str, Any]:
    """An event as plain JSON types (tuples become lists)."""
    return {"t": round(event.t, 9), "kind": event.kind, "actor": event.actor, **event.data}
