"""Event-loop preset "taskgroup": leaving the block waits for every task of the group."""

import asyncio


async def fetch(name, delay):
    await asyncio.sleep(delay)  # gives control back to the event loop until the timer fires
    return name


async def main():
    async with asyncio.TaskGroup() as group:
        for i, delay in enumerate([0.1, 0.2, 0.3], start=1):
            group.create_task(fetch(f"job{i}", delay), name=f"job{i}")


asyncio.run(main())
