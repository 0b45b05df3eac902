"""Event-loop preset "time-sleep": time.sleep blocks the whole loop: nothing else runs meanwhile."""

import asyncio
import time


async def fetch(name, delay):
    await asyncio.sleep(delay)  # gives control back to the event loop until the timer fires
    return name


async def blocking_fetch(name, delay):
    time.sleep(delay)  # blocks the thread: the event loop cannot run anything else
    return name


async def main():
    await asyncio.gather(blocking_fetch("job1", 0.3), fetch("job2", 0.1), fetch("job3", 0.2))


asyncio.run(main())
