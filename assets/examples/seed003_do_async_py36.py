"""Seed 003, the 3.6-and-earlier form: get the loop, run until complete, close it."""

import asyncio


async def do_async():
    await asyncio.sleep(0.1)
    print("do_async done")


async def main_async():
    await do_async()


if __name__ == "__main__":
    loop = asyncio.new_event_loop()  # get_event_loop() in 3.6; it warns in 3.12+
    asyncio.set_event_loop(loop)
    loop.run_until_complete(main_async())
    loop.close()
