"""The tracer's flat records read back the same whichever reader reads them."""

from __future__ import annotations

import asyncio
import time

from visualizer.core.script_events import RawConverter, SchemaWriter
from visualizer.core.trace_events import ARITY, count, decode, split
from visualizer.core.tracer import ProcessTracer


async def _every_kind() -> None:
    async def fails() -> None:
        await asyncio.sleep(0)
        raise ValueError("bad")

    async def slow() -> None:
        await asyncio.sleep(10)

    async def renamed() -> None:
        await asyncio.sleep(0)
        asyncio.current_task().set_name("later")  # type: ignore[union-attr]
        await asyncio.sleep(0)

    never = asyncio.create_task(slow(), name="never")
    never.cancel()  # cancelled before its first step
    failing = asyncio.create_task(fails(), name="fails")
    named = asyncio.create_task(renamed())
    try:
        async with asyncio.timeout(0.01):
            await slow()
    except TimeoutError:
        pass
    await asyncio.to_thread(time.sleep, 0.001)
    await asyncio.gather(never, failing, named, return_exceptions=True)


def _recorded() -> tuple[list[object], float, list[tuple[tuple[str, str, int], ...]]]:
    with ProcessTracer() as tracer:
        asyncio.run(_every_kind())
    return list(tracer.sink.records), tracer.t0, list(tracer.sink.stack_table)


def test_every_record_kind_is_recorded_and_the_flat_list_splits_at_record_ends() -> None:
    flat, _t0, _stacks = _recorded()
    records = list(split(flat))
    assert {r[1] for r in records} == set(ARITY)
    assert all(len(r) == ARITY[r[1]] for r in records)
    assert count(flat) == len(records)


def test_the_direct_converter_publishes_what_decode_then_convert_publishes() -> None:
    flat, t0, stacks = _recorded()
    writer = SchemaWriter()
    slow = [writer.convert(decode(raw, t0, stacks)) for raw in split(flat)]
    fast = RawConverter().records(flat, t0, stacks)
    assert fast == slow
    assert any(obj["kind"] == "timeout" for obj in fast)
    assert any(obj.get("stack") for obj in fast)
