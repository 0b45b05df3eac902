"""Seed 003, the 3.7+ form: asyncio.run makes the loop, runs main_async and closes the loop."""

import asyncio


async def do_async():
    await asyncio.sleep(0.1)
    print("do_async done")


async def main_async():
    await do_async()


if __name__ == "__main__":
    asyncio.run(main_async())
