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

import json
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
    """The child's flat records straight to schema JSON text, without an :class:`Event` between.

    The parent of a traced script converts every record the child sends, and on a script with
    thousands of tasks that work, not the tracing, was most of what ``visualizer trace`` cost
    (it runs beside the script and must finish after it). Building a dict per record and then
    encoding it took about 0.3 s for the 2,000-task bench script; formatting each record's
    JSON object directly, with the parts that repeat (task ids and names, stacks, sleep waits)
    encoded once, takes a third of that, and :meth:`records` gets the same objects back
    through the C JSON decoder faster than Python builds them. A test checks, kind by kind,
    that the objects are the ones :meth:`SchemaWriter.convert` publishes.
    """

    def __init__(self) -> None:
        super().__init__()
        self._stack_text: list[str | None] = []  # stack id -> its JSON
        self._actor_text: dict[str, str] = {}  # actor -> '"T1","name":"Task-1"' (id and name)
        self._wait_text: dict[tuple[Any, ...], str] = {}

    def records(
        self, flat: Sequence[Any], t0: float, stacks: Sequence[tuple[Frame, ...]]
    ) -> list[dict[str, Any]]:
        """The records as schema objects, in time order."""
        found: list[dict[str, Any]] = json.loads(self.json_array(flat, t0, stacks))
        return found

    def json_array(
        self, flat: Sequence[Any], t0: float, stacks: Sequence[tuple[Frame, ...]]
    ) -> str:
        """The records as one JSON array of schema objects, in time order."""
        return "[" + ",".join(self.records_text(flat, t0, stacks)) + "]"

    def _who(self, actor: str) -> str:
        """``"task":…,"name":…`` of an actor (its name as known now)."""
        text = self._actor_text.get(actor)
        if text is None:
            text = self._actor_text[actor] = (
                f'"task":{_dump(actor)},"name":{_dump(self.names.get(actor))}'
            )
        return text

    def _name(self, actor: str, name: Any) -> str:
        """Note the actor's name; its ``_who`` text with that name."""
        self.names[actor] = str(name)
        self._actor_text.pop(actor, None)
        return self._who(actor)

    def _stack_json(self, sid: int, stacks: Sequence[tuple[Frame, ...]]) -> str:
        texts = self._stack_text
        if sid >= len(texts):
            texts.extend([None] * (sid + 1 - len(texts)))
        text = texts[sid]
        if text is None:
            frames = stacks[sid] if sid < len(stacks) else ()
            text = texts[sid] = _dump(self._stack(frames))
        return text

    def _wait_json(self, kind: str, a: Any, b: Any) -> str:
        try:
            key = (kind, a, b)
            text = self._wait_text.get(key)
        except TypeError:  # a list of targets: not kept
            return _dump(_waits_on(kind, a, b))
        if text is None:
            text = _dump(_waits_on(kind, a, b))
            if len(self._wait_text) < 10_000:
                self._wait_text[key] = text
        return text

    def records_text(
        self, flat: Sequence[Any], t0: float, stacks: Sequence[tuple[Frame, ...]]
    ) -> list[str]:
        """One JSON object per record, in time order."""
        out: list[tuple[float, str]] = []
        add = out.append
        arity = ARITY
        known = self._actor_text
        i, n = 0, len(flat)
        while i < n:
            kind = flat[i + 1]
            actor = flat[i + 2]
            t = flat[i] - t0
            # seven decimals, as round(t, 7) publishes them (both round the exact value the
            # same way), at half the cost; read back, the numbers are equal
            head = f'{{"t":{t:.7f},"kind":'
            who = known.get(actor)
            if who is None:
                who = self._who(actor)
            if kind == "suspended":
                stack = self._stack_json(flat[i + 3], stacks)
                wait = self._wait_json(flat[i + 4], flat[i + 5], flat[i + 6])
                text = f'{head}"suspended",{who},"stack":{stack},"waits_on":{wait}}}'
            elif kind == "resumed" or kind == "ready" or kind == "finished":
                text = f'{head}"{kind}",{who}}}'
            elif kind == "started" or kind == "named":
                if flat[i + 3]:
                    who = self._name(actor, flat[i + 3])
                text = f'{head}"{kind}",{who}}}'
            elif kind == "created":
                if flat[i + 6]:
                    who = self._name(actor, flat[i + 6])
                arg = flat[i + 5]
                more = "" if arg is None else f',"arg":{_dump(arg)}'
                text = (
                    f'{head}"created",{who},"coro":{_dump(flat[i + 3])},'
                    f'"parent":{_dump(flat[i + 4])}{more}}}'
                )
            elif kind == "thrown":
                error = flat[i + 3]
                how = "cancel" if error == "CancelledError" else "error"
                text = (
                    f'{head}"resumed",{who},"how":"{how}","exception":{_dump(error)},'
                    f'"cause":{_dump(flat[i + 4])}}}'
                )
            elif kind == "raised":
                text = f'{head}"error",{who},"exception":{_dump(flat[i + 3])}}}'
            elif kind == "cancelled":
                text = (
                    f'{head}"cancelled",{who},"cause":{_dump(flat[i + 3])},'
                    f'"started":{_dump(flat[i + 4])}}}'
                )
            elif kind == "cancel":
                cause = flat[i + 3]
                published = "timeout" if cause in TIMEOUT_CAUSES else "cancel_requested"
                text = (
                    f'{head}"{published}",{who},"cause":{_dump(cause)},"by":{_dump(flat[i + 4])}}}'
                )
            else:  # thread_start / thread_end
                text = (
                    f'{head}"{kind}",{who},"function":{_dump(flat[i + 3])},'
                    f'"caller":{_dump(flat[i + 4])}}}'
                )
            add((t, text))
            i += arity[kind]
        if any(out[k][0] > out[k + 1][0] for k in range(len(out) - 1)):
            out.sort(key=_first)  # records of several threads may interleave
        return [text for _t, text in out]


def _first(pair: tuple[float, str]) -> float:
    return pair[0]


def _dump(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), default=repr)


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
