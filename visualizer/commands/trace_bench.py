"""``script_trace_overhead_ratio``: what ``visualizer trace`` costs a whole script, measured.

A fixed script of 2,000 tasks (each awaits ten short sleeps around a little work, gathered by
one ``main``) runs as plain ``python SCRIPT.py`` and as ``visualizer trace --json OUT
SCRIPT.py``; the figure is the median wall time of the traced runs (both processes, the trace
written) over the median of the plain ones, start-up of the interpreter included in both.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCRIPT = """
import asyncio


async def worker(n):
    total = 0
    for step in range(10):
        total += sum(range(n % 50))
        await asyncio.sleep(0.001)
    return total


async def main():
    results = await asyncio.gather(*(worker(n) for n in range(2_000)))
    print(len(results))


if __name__ == "__main__":
    asyncio.run(main())
"""


def _wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def script_trace_overhead(repeats: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "tasks_2000.py"
        script.write_text(SCRIPT, encoding="utf-8")
        out = Path(folder) / "trace.json"
        plain_cmd = [sys.executable, str(script)]
        traced_cmd = [sys.executable, "-m", "visualizer", "trace", "--json", str(out), str(script)]
        _wall(plain_cmd)  # warm the file cache
        _wall(traced_cmd)
        plain: list[float] = []
        traced: list[float] = []
        for _ in range(repeats):
            plain.append(_wall(plain_cmd))
            traced.append(_wall(traced_cmd))
        events = out.read_bytes().count(b'"kind"')
    return {
        "script_trace_overhead_ratio": round(
            statistics.median(traced) / statistics.median(plain), 3
        ),
        "script_trace_plain_s": round(statistics.median(plain), 3),
        "script_trace_traced_s": round(statistics.median(traced), 3),
        "script_trace_events": events,
    }


if __name__ == "__main__":
    print(script_trace_overhead(3))
