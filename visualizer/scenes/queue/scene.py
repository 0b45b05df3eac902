"""Message queue: request handlers put messages on a queue, workers take, work and acknowledge.

The two examples are the seeds' answer to "why use a message queue": a password-reset email
handed to a queue so the user gets an answer at once, and a new post whose friend notifications
are fanned out through a queue. Each has a "no queue" twin where the handler does the slow job
itself and the user waits. The scene runs real asyncio tasks (see ``presets.py`` for the code
shown, ``broker.py`` for the queue) until it is stopped, reading its settings live.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from visualizer.core.contract import (
    BenchLoad,
    Highlight,
    Metric,
    Preset,
    Run,
    Scene,
    Setting,
    Value,
)
from visualizer.core.text import QT_TRANSLATE_NOOP, Msg
from visualizer.scenes.queue import captions
from visualizer.scenes.queue import presets as code
from visualizer.scenes.queue.redis_broker import DEFAULT_URL
from visualizer.scenes.queue.simulation import SPECS, Simulation
from visualizer.scenes.queue.state import (
    QueueReducer,
    QueueState,
)

CTX = "QueueScene"


# What only a queue has: a preset without one hides these settings.
QUEUE_ONLY = frozenset(
    {"broker", "redis_url", "consumers", "capacity_mode", "capacity", "max_attempts"}
)


def _bounded(values: Mapping[str, Value]) -> bool:
    return values.get("capacity_mode") != "unbounded"


def _on_redis(values: Mapping[str, Value]) -> bool:
    return values.get("broker") == "redis"


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "broker",
        QT_TRANSLATE_NOOP(CTX, "Broker"),
        "choice",
        "in-process",
        choices=(
            ("in-process", QT_TRANSLATE_NOOP(CTX, "in-process (nothing to install)")),
            ("redis", QT_TRANSLATE_NOOP(CTX, "Redis Streams (a real server)")),
        ),
        tooltip=QT_TRANSLATE_NOOP(
            CTX,
            "Redis: messages go through a stream with a consumer group, and the workers are "
            "separate processes, here or on other machines",
        ),
    ),
    Setting(
        "redis_url",
        QT_TRANSLATE_NOOP(CTX, "Redis URL"),
        "text",
        DEFAULT_URL,
        maximum=300,
        tooltip=QT_TRANSLATE_NOOP(
            CTX, "redis://[:PASSWORD@]HOST:PORT/DB of the server the broker and workers share"
        ),
        visible_when=_on_redis,
    ),
    Setting(
        "rate",
        QT_TRANSLATE_NOOP(CTX, "Requests per second"),
        "float",
        3.0,
        minimum=0.5,
        maximum=100.0,
        step=0.5,
        unit="/s",
        live=True,
        tooltip=QT_TRANSLATE_NOOP(CTX, "How many users send a request each second"),
    ),
    Setting(
        "arrivals",
        QT_TRANSLATE_NOOP(CTX, "Arrivals"),
        "choice",
        "random",
        choices=(
            ("random", QT_TRANSLATE_NOOP(CTX, "random (Poisson)")),
            ("steady", QT_TRANSLATE_NOOP(CTX, "evenly spaced")),
        ),
        live=True,
        tooltip=QT_TRANSLATE_NOOP(
            CTX, "Real traffic comes in random bursts; evenly spaced is easier to follow"
        ),
    ),
    Setting(
        "consumers",
        QT_TRANSLATE_NOOP(CTX, "Workers (consumers)"),
        "int",
        3,
        minimum=1,
        maximum=16,
        live=True,
        tooltip=QT_TRANSLATE_NOOP(
            CTX, "Workers taking messages off the queue; they join and leave while it runs"
        ),
    ),
    Setting(
        "delay",
        QT_TRANSLATE_NOOP(CTX, "Processing time per message"),
        "float",
        0.5,
        minimum=0.0,
        maximum=5.0,
        step=0.01,
        unit="s",
        live=True,
        tooltip=QT_TRANSLATE_NOOP(CTX, "How long sending one email or notification takes"),
    ),
    Setting(
        "jitter",
        QT_TRANSLATE_NOOP(CTX, "Processing time jitter (±)"),
        "float",
        0.2,
        minimum=0.0,
        maximum=5.0,
        step=0.01,
        unit="s",
        live=True,
        tooltip=QT_TRANSLATE_NOOP(
            CTX, "Each job takes the processing time plus or minus up to this much, at random"
        ),
    ),
    Setting(
        "capacity_mode",
        QT_TRANSLATE_NOOP(CTX, "When the queue is full"),
        "choice",
        "unbounded",
        choices=(
            ("unbounded", QT_TRANSLATE_NOOP(CTX, "never full (unbounded)")),
            ("block", QT_TRANSLATE_NOOP(CTX, "producer waits for room")),
            ("reject", QT_TRANSLATE_NOOP(CTX, "reject: user gets 503")),
        ),
        live=True,
        tooltip=QT_TRANSLATE_NOOP(
            CTX, "A bounded queue either makes producers wait (backpressure) or refuses messages"
        ),
    ),
    Setting(
        "capacity",
        QT_TRANSLATE_NOOP(CTX, "Queue capacity"),
        "int",
        20,
        minimum=1,
        maximum=1000,
        live=True,
        tooltip=QT_TRANSLATE_NOOP(
            CTX, "Most messages waiting in the queue; messages a worker holds do not count"
        ),
        visible_when=_bounded,
    ),
    Setting(
        "failure",
        QT_TRANSLATE_NOOP(CTX, "Worker crash chance per job"),
        "int",
        5,
        minimum=0,
        maximum=100,
        unit="%",
        live=True,
        tooltip=QT_TRANSLATE_NOOP(
            CTX, "Chance that the process doing a job dies halfway, before acknowledging"
        ),
    ),
    Setting(
        "max_attempts",
        QT_TRANSLATE_NOOP(CTX, "Max delivery attempts"),
        "int",
        3,
        minimum=1,
        maximum=10,
        live=True,
        tooltip=QT_TRANSLATE_NOOP(
            CTX, "After this many crashed attempts a message goes to the dead-letter queue"
        ),
    ),
    Setting(
        "friends",
        QT_TRANSLATE_NOOP(CTX, "Friends per post (fan-out)"),
        "int",
        4,
        minimum=1,
        maximum=50,
        live=True,
        tooltip=QT_TRANSLATE_NOOP(CTX, "Notifications one new post sends (post presets)"),
    ),
    Setting(
        "seed",
        QT_TRANSLATE_NOOP(CTX, "Random seed"),
        "int",
        1,
        minimum=0,
        maximum=9999,
        tooltip=QT_TRANSLATE_NOOP(
            CTX, "Same seed, same arrivals, job times and crashes (timing is still real)"
        ),
    ),
)

PRESETS: tuple[Preset, ...] = (
    Preset(
        "email",
        QT_TRANSLATE_NOOP(CTX, "Password reset email (queue)"),
        QT_TRANSLATE_NOOP(
            CTX,
            "The handler puts the email on a queue and answers at once; email workers send it "
            "later. The queue keeps each message until a worker acknowledges it, but does not "
            "promise when that will be.",
        ),
        (code.reset_password, code.email_worker),
    ),
    Preset(
        "email-no-queue",
        QT_TRANSLATE_NOOP(CTX, "Password reset email, no queue"),
        QT_TRANSLATE_NOOP(
            CTX,
            "The handler sends the email itself: the user waits for the mail server, and a "
            "crash means an error page and no retry.",
        ),
        (code.reset_password_no_queue,),
        hides=QUEUE_ONLY,
    ),
    Preset(
        "fanout",
        QT_TRANSLATE_NOOP(CTX, "New post: notify friends (queue)"),
        QT_TRANSLATE_NOOP(
            CTX,
            "Save the post, look up the friends, put one notification per friend on the queue "
            "and answer. Workers send the notifications.",
        ),
        (code.publish_post, code.notification_worker),
    ),
    Preset(
        "fanout-no-queue",
        QT_TRANSLATE_NOOP(CTX, "New post: notify friends, no queue"),
        QT_TRANSLATE_NOOP(
            CTX,
            "The handler notifies every friend itself, one after another, before it answers: "
            "the more friends, the longer the user waits.",
        ),
        (code.publish_post_no_queue,),
        hides=QUEUE_ONLY,
    ),
)


class QueueScene(Scene[QueueState]):
    name = "queue"
    title = QT_TRANSLATE_NOOP(CTX, "Message queue")
    summary = QT_TRANSLATE_NOOP(
        CTX,
        "Producers put messages on a queue, workers take them, work and acknowledge; the user "
        "need not wait for the slow part.",
    )
    presets = PRESETS
    settings = SETTINGS
    default_duration = 6.0
    bench_module = "visualizer.scenes.queue.bench"
    bench_loads: ClassVar[Mapping[str, BenchLoad]] = {
        "default": BenchLoad("email", {}, 4.0),
        # About 2,000 messages a second into a queue capped at 1,000: after half a second the
        # queue holds 1,000 and producers pile up waiting for room, for the rest of the run.
        "stress": BenchLoad(
            "fanout",
            {
                "rate": 40,
                "friends": 50,
                "consumers": 1,
                "delay": 5.0,
                "capacity_mode": "block",
                "capacity": 1000,
            },
            3.0,
        ),
        # Every setting at its maximum (an unbounded queue, so nothing is turned away): 100
        # posts a second of 50 notifications each, every try failing and retried ten times.
        # About 20,000 messages are in the system by the end; the picture must not cost more.
        "max-settings": BenchLoad(
            "fanout",
            {
                "rate": 100.0,
                "consumers": 16,
                "delay": 5.0,
                "jitter": 5.0,
                "capacity_mode": "unbounded",
                "capacity": 1000,
                "failure": 100,
                "max_attempts": 10,
                "friends": 50,
                "seed": 9999,
            },
            4.0,
        ),
    }

    def reducer(self) -> QueueReducer:
        return QueueReducer()

    async def run(self, run: Run) -> None:
        """Run the preset's handlers and workers until stopped (or the run's size limit)."""
        spec = SPECS[run.preset]
        if run.values.get("broker") == "redis" and spec.queued:
            from visualizer.scenes.queue.redis_sim import RedisSimulation

            await RedisSimulation(run, spec).main()
            return
        await Simulation(run, spec).main()

    # -- words -----------------------------------------------------------------------------
    def caption(self, state: QueueState, t: float) -> Msg:
        return captions.caption(state, t)

    def highlights(self, state: QueueState, t: float) -> list[Highlight]:
        return captions.highlights(state, t)

    def metrics(self, state: QueueState, t: float) -> list[Metric]:
        return captions.metrics(state, t)


def make_scene() -> QueueScene:
    """The factory the registry calls."""
    return QueueScene()


SCENE = make_scene()
