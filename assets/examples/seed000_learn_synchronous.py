"""Seed 000: an async function returns a coroutine object; await runs it."""

import asyncio


async def learn_synchronous():
    await asyncio.sleep(0.1)  # a pause, so the picture shows the wait
    return "good!"


async def main_async():
    print(await learn_synchronous())


if __name__ == "__main__":
    asyncio.run(main_async())
