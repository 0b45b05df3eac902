"""Event-loop preset "gather": the delays overlap: it takes as long as the longest."""

import asyncio


async def fetch(name, delay):
    await asyncio.sleep(delay)  # gives control back to the event loop until the timer fires
    return name


async def main():
    print(await asyncio.gather(fetch("job1", 0.1), fetch("job2", 0.2), fetch("job3", 0.3)))


asyncio.run(main())
