"""Event-loop preset "sequential": one await after the other takes the sum of the delays."""

import asyncio


async def fetch(name, delay):
    await asyncio.sleep(delay)  # gives control back to the event loop until the timer fires
    return name


async def main():
    for i, delay in enumerate([0.1, 0.2, 0.3], start=1):
        await fetch(f"job{i}", delay)  # the next fetch starts only after this one returns


asyncio.run(main())
