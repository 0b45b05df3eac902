"""The child's pipe, read back: batches of records in marshal's format between lines of JSON,
split across reads anywhere, give the events the converter makes of the records directly."""

from __future__ import annotations

import asyncio
import io
import json
import marshal

import pytest

from visualizer.core.script_events import RawConverter
from visualizer.core.script_process import TraceStream
from visualizer.core.script_runner import Streamer
from visualizer.core.tracer import ProcessTracer


async def _some_tasks() -> None:
    async def job(n: int) -> int:
        for _ in range(3):
            await asyncio.sleep(0.001 * n)
        return n

    await asyncio.gather(*(job(n) for n in range(5)))
    try:
        async with asyncio.timeout(0.005):
            await asyncio.sleep(1)
    except TimeoutError:
        pass
    waiter = asyncio.create_task(asyncio.sleep(10), name="never")
    await asyncio.sleep(0)
    waiter.cancel()
    await asyncio.gather(waiter, return_exceptions=True)


def _wire() -> tuple[bytes, list[dict[str, object]]]:
    """What a child writes for one run, and the events its records stand for."""
    out = io.BytesIO()
    with ProcessTracer() as tracer:
        streamer = Streamer(tracer, out, 1_000_000)
        streamer.line({"type": "hello", "clock": tracer.t0})
        asyncio.run(_some_tasks())
        records = list(tracer.sink.records)
        stacks = list(tracer.sink.stack_table)
        streamer.drain()
        streamer.line({"type": "end", "status": 0, "events": streamer.sent, "dropped": 0})
    expected = RawConverter().records(records, tracer.t0, stacks)
    return out.getvalue(), expected


@pytest.mark.parametrize("chunk", [1, 7, 4096, 1 << 20])
def test_batches_split_anywhere_read_back_as_the_events_they_stand_for(chunk: int) -> None:
    wire, expected = _wire()
    assert b'"type":"raw","size":' in wire  # the records went as a binary batch
    got: list[dict[str, object]] = []
    texts: list[str] = []
    stream = TraceStream(on_events=got.extend, on_text=texts.extend)
    for start in range(0, len(wire), chunk):
        stream.feed(wire[start : start + chunk])
    assert stream.bad_lines == 0
    assert stream.end is not None and stream.end["status"] == 0
    assert got == expected
    assert [json.loads(text) for text in texts] == expected
    assert stream.events == len(expected) > 20
    kinds = {e["kind"] for e in got}
    assert {"created", "suspended", "resumed", "finished", "cancelled", "timeout"} <= kinds


def test_a_damaged_batch_is_counted_and_the_lines_after_it_still_read() -> None:
    payload = b"\xff\x00not marshal"
    wire = (
        b'{"type":"raw","size":%d}\n' % len(payload)
        + payload
        + b'{"type":"end","status":3,"events":0,"dropped":0}\n'
    )
    stream = TraceStream()
    stream.feed(wire)
    assert stream.bad_lines == 1
    assert stream.end is not None and stream.end["status"] == 3


def test_a_batch_marshal_cannot_write_goes_as_json() -> None:
    out = io.BytesIO()
    with ProcessTracer() as tracer:
        streamer = Streamer(tracer, out, 1000)
        streamer._send_records([0.0, "created", "T1", object(), None, None, None])
    line = out.getvalue()
    assert line.startswith(b'{"type":"raw","records":[')
    with pytest.raises(ValueError):
        marshal.dumps([object()])
