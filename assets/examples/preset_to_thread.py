"""Event-loop preset "to-thread": the blocking call moves to a worker thread."""

import asyncio
import time


async def fetch(name, delay):
    await asyncio.sleep(delay)  # gives control back to the event loop until the timer fires
    return name


async def threaded_fetch(name, delay):
    await asyncio.to_thread(time.sleep, delay)
    return name


async def main():
    await asyncio.gather(threaded_fetch("job1", 0.3), fetch("job2", 0.1), fetch("job3", 0.2))


asyncio.run(main())
