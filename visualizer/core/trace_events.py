"""The tracer's compact records and how they become :class:`~visualizer.core.recorder.Event`.

The hot path appends each thing that happened as a few plain values, ``t, kind, actor,
*payload``, to one flat list (``list.extend`` of a tuple is atomic under the GIL, so no lock,
and a reader that takes ``len(records)`` items always stops at a record's end). A flat list of
floats, strings and small ints gives the cyclic collector nothing to track, where a tuple per
record made every collection walk the whole recording. Stacks are interned: a record holds the
id of its stack in the sink's stack table, so a stack seen before costs one dict look-up and
nothing more in memory, and every value is JSON already (the child of ``visualizer trace``
sends records without a per-value callback).

Record layouts (``t`` is the raw clock value; the arity of each kind is in :data:`ARITY`):

- ``t, "created", actor, coro, parent, arg, name``: ``coro`` the coroutine's qualified name
- ``t, "started", actor, name`` / ``t, "resumed", actor``
- ``t, "thrown", actor, error, cause``: a step entered by ``throw`` (``error`` the exception's
  type name, ``cause`` who cancelled it where known)
- ``t, "suspended", actor, stack, wait, a, b``: ``stack`` an id in the stack table (whose
  entries are ``(function, file, line)`` frames, outermost first); ``wait`` the wait kind and
  ``a``/``b`` its details (see :func:`wait_dict`)
- ``t, "ready", actor``, ``t, "finished", actor``, ``t, "raised", actor, error``
- ``t, "cancelled", actor, cause, started``: ``started`` False for a task that never ran
- ``t, "cancel", actor, cause, by``: somebody asked the task to cancel (``by`` a function)
- ``t, "named", actor, name``: the task's name, when only known after its first step
- ``t, "thread_start", thread, function, task`` / ``t, "thread_end", thread, function, task``

The decoded :class:`Event` kinds and data are the ones :mod:`visualizer.core.task_state` folds;
a ``thrown`` record becomes a ``resumed`` event with ``how`` (``"cancel"`` or ``"error"``),
``error`` and ``cause``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from visualizer.core.recorder import Event

Frame = tuple[str, str, int]
Raw = tuple[Any, ...]
Stacks = Sequence[tuple[Frame, ...]]

DEFAULT_CAP = 500_000  # records a traced script's run sends before the stream is cut

# cause of a cancellation -> is it a timeout?
TIMEOUT_CAUSES = frozenset({"timeout", "wait_for"})

ARITY = {
    "created": 7,
    "started": 4,
    "resumed": 3,
    "thrown": 5,
    "suspended": 7,
    "ready": 3,
    "finished": 3,
    "raised": 4,
    "cancelled": 5,
    "cancel": 5,
    "named": 4,
    "thread_start": 5,
    "thread_end": 5,
}


def split(flat: Sequence[Any]) -> Iterator[Raw]:
    """The flat record list as one tuple per record."""
    arity = ARITY
    i, n = 0, len(flat)
    while i < n:
        j = i + arity[flat[i + 1]]
        yield tuple(flat[i:j])
        i = j


def count(flat: Sequence[Any]) -> int:
    """How many records the flat list holds."""
    arity = ARITY
    i = k = 0
    n = len(flat)
    while i < n:
        i += arity[flat[i + 1]]
        k += 1
    return k


def wait_dict(kind: str, a: Any, b: Any, t: float) -> dict[str, Any]:
    """A suspension's wait (kind and its two details) as the reducers read it."""
    if kind == "yield":
        return {"kind": "yield"}
    if kind == "sleep":
        return {"kind": "sleep", "delay": a, "deadline": t + float(a or 0.0)}
    if kind == "task":
        return {"kind": "task", "target": a}
    if kind == "gather":
        return {"kind": "gather", "targets": list(a)}
    if kind in ("wait_for", "shield"):
        out = {"kind": kind, "detail": b}
        if a is not None:
            out["target"] = a
        return out
    if kind == "thread":
        return {"kind": "thread", "function": a, "detail": b}
    if kind == "future":
        return {"kind": "future", "type": a, "detail": b or a}
    return {"kind": kind, "detail": a}


def decode(raw: Raw, t0: float, stacks: Stacks = ()) -> Event:
    """One record as the event the reducers read, with time relative to ``t0``.

    ``stacks`` is the sink's stack table (id -> frames).
    """
    t = raw[0] - t0
    kind: str = raw[1]
    actor: str = raw[2]
    data: Mapping[str, Any]
    if kind == "resumed" or kind == "ready" or kind == "finished":
        return Event(t, kind, actor)
    if kind == "suspended":
        sid = raw[3]
        stack = stacks[sid] if 0 <= sid < len(stacks) else ()
        data = {"stack": stack, "wait": wait_dict(raw[4], raw[5], raw[6], t)}
    elif kind == "started":
        data = {"name": raw[3]}
    elif kind == "thrown":
        how = "cancel" if raw[3] == "CancelledError" else "error"
        data = {"how": how, "error": raw[3], "cause": raw[4]}
        kind = "resumed"
    elif kind == "created":
        data = {"coro": raw[3], "parent": raw[4], "arg": raw[5], "name": raw[6]}
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


def decode_all(flat: Sequence[Any], t0: float, stacks: Stacks = ()) -> Iterator[Event]:
    for raw in split(flat):
        yield decode(raw, t0, stacks)


def to_json(event: Event) -> dict[str, Any]:
    """An event as plain JSON types (tuples become lists)."""
    return {"t": round(event.t, 9), "kind": event.kind, "actor": event.actor, **event.data}
