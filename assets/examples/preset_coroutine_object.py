"""Event-loop preset "coroutine-object": calling an async function only makes a coroutine object."""

import asyncio


async def fetch(name, delay):
    await asyncio.sleep(delay)  # gives control back to the event loop until the timer fires
    return name


async def main():
    first = fetch("job1", 0.1)  # nothing runs yet
    await fetch("job2", 0.2)
    await first  # only now does fetch("job1") begin


asyncio.run(main())
