"""The Chrome Trace Event Format's rules, checked on a trace object (JSON object form)."""

from __future__ import annotations

from collections import Counter
from typing import Any

PHASES = {"M", "X", "b", "e", "s", "f", "C", "i"}


def check_chrome_trace(trace: dict[str, Any]) -> Counter[str]:
    """Assert the rules Perfetto and chrome://tracing rely on; count events per phase.

    - every event has ``ph``, ``name``, ``pid``, ``ts`` (µs); all but counters a ``tid``
    - timestamps never decrease after the metadata
    - ``X`` slices on one track nest (no partial overlap) and have ``dur`` >= 0
    - ``b``/``e`` pairs match by (category, id, name), an end never before its begin
    - flows: each ``s`` has exactly one ``f`` with the same id, not earlier
    - counters carry numeric ``args``; instants a scope
    """
    events = trace["traceEvents"]
    assert isinstance(events, list) and events
    counts: Counter[str] = Counter()
    last_ts = float("-inf")
    seen_other = False
    slices: dict[int, list[tuple[float, float]]] = {}
    open_async: dict[tuple[str, str, str], float] = {}
    flows: dict[Any, float] = {}
    ended_flows: set[Any] = set()
    for ev in events:
        ph = ev["ph"]
        assert ph in PHASES, ev
        assert isinstance(ev["name"], str) and "pid" in ev and "ts" in ev, ev
        if ph != "C":
            assert isinstance(ev["tid"], int), ev
        counts[ph] += 1
        ts = float(ev["ts"])
        if ph == "M":
            assert not seen_other, "metadata comes first"
            continue
        seen_other = True
        assert ts >= last_ts, f"timestamps go back at {ev}"
        last_ts = ts
        if ph == "X":
            assert ev["dur"] >= 0, ev
            slices.setdefault(ev["tid"], []).append((ts, ts + float(ev["dur"])))
        elif ph == "b":
            key = (ev["cat"], str(ev["id"]), ev["name"])
            assert key not in open_async, f"begin twice: {ev}"
            open_async[key] = ts
        elif ph == "e":
            key = (ev["cat"], str(ev["id"]), ev["name"])
            assert key in open_async, f"end without begin: {ev}"
            assert open_async.pop(key) <= ts
        elif ph == "s":
            assert ev["id"] not in flows and ev["id"] not in ended_flows, ev
            flows[ev["id"]] = ts
        elif ph == "f":
            assert ev["id"] in flows, f"flow end without start: {ev}"
            assert flows.pop(ev["id"]) <= ts
            ended_flows.add(ev["id"])
        elif ph == "C":
            assert ev["args"] and all(isinstance(v, int | float) for v in ev["args"].values())
        elif ph == "i":
            assert ev["s"] in ("t", "p", "g"), ev
    assert not open_async, f"async events never ended: {list(open_async)[:3]}"
    assert not flows, f"flows never ended: {list(flows)[:3]}"
    for tid, spans in slices.items():
        spans.sort(key=lambda s: (s[0], -s[1]))
        stack: list[float] = []
        for start, end in spans:
            while stack and stack[-1] <= start:
                stack.pop()
            assert not stack or end <= stack[-1], f"slices overlap on track {tid}"
            stack.append(end)
    return counts
