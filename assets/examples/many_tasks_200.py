"""200 tasks at once: a gather of 150 downloads and a TaskGroup of 50 workers on one loop.

The picture folds each group into one lane (how many ran and waited, over time) and counts
the rest, so 200 tasks stay as readable as 3.
"""

import asyncio
import random


async def download(n, delay):
    await asyncio.sleep(delay)  # the loop runs the other downloads meanwhile
    return n


async def worker(n, queue):
    while True:
        item = await queue.get()
        await asyncio.sleep(0.01 * (item % 5))
        queue.task_done()
        if item < 0:
            return n


async def main():
    rng = random.Random(200)
    queue = asyncio.Queue()
    for item in range(300):
        queue.put_nowait(item)
    for _ in range(50):
        queue.put_nowait(-1)
    async with asyncio.TaskGroup() as group:
        for n in range(50):
            group.create_task(worker(n, queue))
        done = await asyncio.gather(*(download(n, rng.uniform(0.1, 1.0)) for n in range(150)))
    print(len(done), "downloads and 50 workers finished")


asyncio.run(main())
