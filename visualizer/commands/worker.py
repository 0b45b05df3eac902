"""``visualizer worker``: consumers of the queue scene's Redis stream, as a separate process.

Run it on this machine or any other that reaches the server; the app shows its consumers from
what it reads back from Redis. SIGTERM or Ctrl+C stops taking messages and exits; anything taken
but not yet acknowledged stays pending in the group and is reclaimed by another consumer.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys

from visualizer.commands.common import USAGE_ERROR, OneLineParser


def _fraction(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise ValueError(text)
    return value


def _seconds(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 3600.0:
        raise ValueError(text)
    return value


def _count(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 256:
        raise ValueError(text)
    return value


_fraction.__name__ = "fraction from 0 to 1"
_seconds.__name__ = "seconds from 0 to 3600"
_count.__name__ = "integer from 1 to 256"


def parser() -> argparse.ArgumentParser:
    p = OneLineParser(
        prog="visualizer worker",
        description="Consume the queue scene's Redis stream in a consumer group "
        "(XREADGROUP, XACK, XAUTOCLAIM of stalled entries, a dead-letter stream).",
    )
    p.add_argument("--redis", required=True, metavar="URL", help="e.g. redis://host:6379/0")
    p.add_argument("--stream", required=True, metavar="NAME", help="e.g. visualizer:queue")
    p.add_argument("--group", default="workers", metavar="G", help="consumer group (workers)")
    p.add_argument("--concurrency", type=_count, default=1, metavar="N", help="consumers (1)")
    p.add_argument(
        "--fail-rate", type=_fraction, default=0.0, metavar="P", help="chance a job fails (0)"
    )
    p.add_argument("--delay", type=_seconds, default=0.5, metavar="S", help="seconds a job takes")
    p.add_argument("--max-attempts", type=_count, default=3, metavar="N", help="then dead (3)")
    p.add_argument(
        "--reclaim-idle",
        type=_seconds,
        default=3.0,
        metavar="S",
        help="reclaim entries pending this long (3)",
    )
    p.add_argument("--name", default="", metavar="NAME", help="consumer name (default host-pid)")
    p.add_argument("--seed", type=int, default=None, help=argparse.SUPPRESS)
    return p


def main(argv: list[str]) -> int:
    opts = parser().parse_args(argv)
    if not opts.redis.startswith(("redis://", "rediss://", "unix://")):
        print(
            f"visualizer worker: error: --redis takes a redis:// URL (got {opts.redis!r})",
            file=sys.stderr,
        )
        return USAGE_ERROR
    if opts.reclaim_idle <= 0:
        print("visualizer worker: error: --reclaim-idle must be more than 0", file=sys.stderr)
        return USAGE_ERROR
    from visualizer.scenes.queue.worker import WorkerConfig

    config = WorkerConfig(
        url=opts.redis,
        stream=opts.stream,
        group=opts.group,
        concurrency=opts.concurrency,
        fail_rate=opts.fail_rate,
        delay=opts.delay,
        max_attempts=opts.max_attempts,
        reclaim_idle=opts.reclaim_idle,
        name=opts.name,
        seed=opts.seed,
    )
    try:
        return asyncio.run(_run(config))
    except KeyboardInterrupt:  # a second Ctrl+C while stopping
        return 130


async def _run(config: object) -> int:
    from visualizer.scenes.queue.redis_broker import explain
    from visualizer.scenes.queue.worker import WorkerConfig, WorkerProcess

    assert isinstance(config, WorkerConfig)
    try:
        worker = WorkerProcess(config)
    except ValueError as exc:
        print(f"visualizer worker: error: bad --redis URL: {exc}", file=sys.stderr)
        return USAGE_ERROR
    try:
        await worker.check()
    except Exception as exc:
        print(f"visualizer worker: error: {explain(exc, config.url)}", file=sys.stderr)
        await worker.client.aclose()
        return 1
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, worker.stop)
    names = ", ".join(config.consumer_names())
    print(f"visualizer worker: consuming {config.stream} as {names}", file=sys.stderr, flush=True)
    await worker.run()
    if worker.error is not None:
        print(f"visualizer worker: error: {explain(worker.error, config.url)}", file=sys.stderr)
        return 1
    c = worker.counts
    print(
        f"visualizer worker: stopped; acked {c.acked}, failed {c.failed}, "
        f"reclaimed {c.reclaimed}, dead-lettered {c.dead}",
        file=sys.stderr,
    )
    return 0
