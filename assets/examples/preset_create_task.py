"""Event-loop preset "create-task": every task is scheduled at once.

They run whenever main gives control back.
"""

import asyncio


async def fetch(name, delay):
    await asyncio.sleep(delay)  # gives control back to the event loop until the timer fires
    return name


async def main():
    tasks = [
        asyncio.create_task(fetch(f"job{i}", d), name=f"job{i}")
        for i, d in enumerate([0.1, 0.2, 0.3], start=1)
    ]
    for task in tasks:
        await task


asyncio.run(main())
