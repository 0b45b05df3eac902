"""The queue scene with its broker on Redis: the same handlers, workers in child processes.

The request handlers are the presets' own code; only the ``queue`` they publish to is a
:class:`RedisBroker`. Workers are ``visualizer worker`` processes the scene starts and kills
(SIGKILL, mid-message if it is holding one) to match the Workers setting; workers started by
hand on this or other machines join the same group and show up just the same, because the
picture of consumers and messages comes only from :class:`Probe` reading Redis.

When the server cannot be reached the run records ``broker_down`` (the caption says why), takes
no new requests and keeps trying; when it answers again it records ``broker_up`` and carries on.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from typing import TYPE_CHECKING, Any

from visualizer.core.contract import Run
from visualizer.scenes.queue.redis_broker import (
    DEFAULT_STREAM,
    GONE,
    RETRY,
    BrokerUnavailable,
    Names,
    RedisBroker,
    connect,
    explain,
    is_down,
    reset,
    safe_url,
)
from visualizer.scenes.queue.redis_probe import Probe, Reading
from visualizer.scenes.queue.simulation import (
    MAX_WORKERS,
    POLL,
    RESTART_DELAY,
    Simulation,
    Spec,
)

if TYPE_CHECKING:
    from redis.asyncio import Redis

SWEEP_EVERY = 1.0


def cancelled() -> None:
    """Raise CancelledError if this task was asked to stop and something swallowed the request.

    Under load the client has been seen to turn a cancellation that lands during a call into a
    normal return (or an error this loop retries), so the probe read on and stopping the scene
    waited for ever; a loop that only ends by cancellation checks at every turn.
    """
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError


class WorkerPool:
    """Child ``visualizer worker`` processes named w1..w16, one consumer each."""

    def __init__(self, sim: RedisSimulation) -> None:
        self.sim = sim
        self.procs: dict[int, asyncio.subprocess.Process] = {}
        self.starting: dict[int, asyncio.Task[None]] = {}
        self.exited_at: dict[int, float] = {}
        self.reapers: set[asyncio.Task[Any]] = set()

    def command(self, number: int) -> list[str]:
        v = self.sim.values
        return [
            sys.executable,
            "-m",
            "visualizer",
            "worker",
            "--redis",
            self.sim.url,
            "--stream",
            self.sim.names.stream,
            "--group",
            self.sim.names.group,
            "--name",
            f"w{number}",
            "--delay",
            str(v.float("delay")),
            "--fail-rate",
            str(v.int("failure") / 100.0),
            "--max-attempts",
            str(v.int("max_attempts")),
        ]

    def reconcile(self, target: int) -> None:
        now = self.sim.loop.time()
        for number in range(1, MAX_WORKERS + 1):
            proc = self.procs.get(number)
            if proc is not None and proc.returncode is not None:
                del self.procs[number]  # it exited by itself (e.g. the server was away)
                self.exited_at[number] = now
                proc = None
            if number <= target:
                rested = now - self.exited_at.get(number, -1e9) >= max(RESTART_DELAY, 1.0)
                if proc is None and number not in self.starting and rested:
                    self.starting[number] = self.sim.loop.create_task(self._start(number))
            elif proc is not None:
                self.kill(number)

    async def _start(self, number: int) -> None:
        try:
            proc = await asyncio.create_subprocess_exec(
                *self.command(number),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.DEVNULL,
            )
            self.procs[number] = proc
            self.sim.rec.emit("worker_process", f"w{number}", worker=f"w{number}", pid=proc.pid)
        finally:
            self.starting.pop(number, None)

    def kill(self, number: int) -> None:
        """SIGKILL: no goodbye, no ack; whatever it held stays pending and ages in Redis."""
        proc = self.procs.pop(number, None)
        if proc is None or proc.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGKILL)
        name = f"w{number}"
        self.sim.rec.emit("worker_crashed", name, worker=name, error="SIGKILL", pid=proc.pid)
        reaper = self.sim.loop.create_task(proc.wait())
        self.reapers.add(reaper)
        reaper.add_done_callback(self.reapers.discard)

    async def close(self) -> None:
        for task in list(self.starting.values()):
            task.cancel()
        await asyncio.gather(*self.starting.values(), return_exceptions=True)
        for number in list(self.procs):
            self.kill(number)
        await asyncio.gather(*self.reapers, return_exceptions=True)


class RedisSimulation(Simulation):
    def __init__(self, run: Run, spec: Spec) -> None:
        super().__init__(run, spec)
        self.url = self.values.str("redis_url")
        self.names = Names(str(run.data.get("stream", DEFAULT_STREAM)))
        self.request_times: dict[int, float] = {}
        self.pool = WorkerPool(self)
        self.reading: Reading | None = None
        self.client: Redis | None = None
        self.down = False
        self.readings = 0  # how many times the probe has read Redis

    def _set_down(self, message: BrokerUnavailable | None) -> None:
        if message is not None and not self.down:
            self.down = True
            self.rec.emit("broker_down", "broker", message=message.message)
        elif message is None and self.down:
            self.down = False
            self.rec.emit("broker_up", "broker", url=safe_url(self.url))

    async def main(self) -> None:
        client = self.client = connect(self.url)
        try:
            while True:
                try:
                    await client.ping()
                    await reset(client, self.names)
                    break
                except Exception as exc:
                    self._set_down(explain(exc, self.url))
                    await asyncio.sleep(2 * RETRY)
            self._set_down(None)
            self.broker = RedisBroker(  # type: ignore[assignment]
                client,
                self.names,
                self.rec,
                self._limits,
                self.url,
                lambda n: self.request_times.get(n, 0.0),
            )
            probe = Probe(client, self.names, self.rec)
            watching = self.loop.create_task(self._probe(probe), name="queue:redis-probe")
            try:
                await super().main()
            finally:
                watching.cancel()
                await asyncio.gather(watching, return_exceptions=True)
                await self.broker.aclose()  # type: ignore[attr-defined]
                await self.pool.close()
        finally:
            await client.aclose()

    async def _probe(self, probe: Probe) -> None:
        broker = self.broker
        assert isinstance(broker, RedisBroker)
        next_sweep = 0.0
        while True:
            cancelled()
            try:
                reading = await probe.poll()
                self.reading = reading
                self.readings += 1
                broker.reading(reading.lag)
                broker.down = None
                self._set_down(None)
                if self.loop.time() >= next_sweep:
                    next_sweep = self.loop.time() + SWEEP_EVERY
                    await probe.sweep(reading)
            except asyncio.CancelledError:
                raise
            except LookupError:  # the group went away (keys deleted): recreate it
                await reset(probe.client, self.names)
            except Exception as exc:
                down = BrokerUnavailable(GONE(url=safe_url(self.url))) if is_down(exc) else None
                self._set_down(down or explain(exc, self.url))
                await asyncio.sleep(RETRY)
                continue
            if broker.down is not None:
                self._set_down(broker.down)
            elif self.spec.queued:
                # Worker processes exit on their own (killed, or the server was away): each
                # reading of Redis is also when the pool starts the missing ones again.
                self.pool.reconcile(self.values.int("consumers"))
            await asyncio.sleep(POLL)

    # -- overrides: workers are processes, arrivals pause while the broker is down -----------
    def reconcile(self, target: int) -> None:
        if not self.down:
            self.pool.reconcile(target)

    def _spawn(self) -> None:
        if not self.down:
            super()._spawn()

    async def _serve(self, number: int) -> None:
        self.request_times[number] = self.rec.now()
        try:
            await super()._serve(number)
        finally:
            self.request_times.pop(number, None)

    async def _drain(self) -> None:
        """Wait until every request is answered and Redis holds nothing waiting or pending."""
        deadline = self.loop.time() + 60.0
        quiet_since = -1  # a reading taken after the last handler finished is the one to trust
        while self.loop.time() < deadline:
            if self.handlers:
                quiet_since = -1
            elif quiet_since < 0:
                quiet_since = self.readings
            r = self.reading
            if 0 <= quiet_since < self.readings and r is not None and r.lag + r.pending == 0:
                return
            await asyncio.sleep(POLL)
