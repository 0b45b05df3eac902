"""Message queue: request handlers put messages on a queue, workers take, work and acknowledge.

The two examples are the seeds' answer to "why use a message queue": a password-reset email
handed to a queue so the user gets an answer at once, and a new post whose friend notifications
are fanned out through a queue. Each has a "no queue" twin where the handler does the slow job
itself and the user waits. The scene runs real asyncio tasks (see ``presets.py`` for the code
shown, ``broker.py`` for the queue) until it is stopped, reading its settings live.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
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
from visualizer.core.stats import percentile
from visualizer.core.text import QT_TRANSLATE_NOOP, Msg
from visualizer.scenes.queue import presets as code
from visualizer.scenes.queue.broker import CODE_FILE
from visualizer.scenes.queue.simulation import MAX_MESSAGES, MAX_REQUESTS, SPECS, Simulation
from visualizer.scenes.queue.state import (
    CRASHED,
    DEAD,
    FAILED,
    REJECTED,
    REQUEUED,
    QueueReducer,
    QueueState,
)

CTX = "QueueScene"
# How long a crash, a dead letter or a rejection stays the caption's subject.
RECENT = 1.5


def _bounded(values: Mapping[str, Value]) -> bool:
    return values.get("capacity_mode") != "unbounded"


SETTINGS: tuple[Setting, ...] = (
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
    ),
)


def seconds(value: float | None) -> str:
    """A duration the way people read it: milliseconds below a second."""
    if value is None:
        return "–"
    if value < 1.0:
        return f"{value * 1000:.0f} ms"
    return f"{value:.2f} s"


@dataclass(frozen=True)
class Measures:
    """Numbers measured from the run up to ``t``; the view and the metrics list share them."""

    resp_p50: float | None
    resp_p95: float | None
    deliv_p50: float | None
    deliv_p95: float | None
    arriving: float  # messages produced per second, recently
    finishing: float  # messages acknowledged per second, recently
    little_l: float | None  # time-average number in the system
    little_lambda: float | None  # arrivals per second over the whole run
    little_w: float | None  # mean time in the system of the messages that left it

    @property
    def little_rhs(self) -> float | None:
        if self.little_lambda is None or self.little_w is None:
            return None
        return self.little_lambda * self.little_w


def measure(state: QueueState, t: float) -> Measures:
    elapsed = max(t, state.t)
    little_l = state.area_at(elapsed) / elapsed if elapsed > 0.5 else None
    little_lambda = state.produced / elapsed if elapsed > 0.5 else None
    little_w = state.sojourn_sum / state.sojourn_n if state.sojourn_n else None
    return Measures(
        percentile(state.resp_samples, 50),
        percentile(state.resp_samples, 95),
        percentile(state.deliv_samples, 50),
        percentile(state.deliv_samples, 95),
        state.rate("produced", elapsed),
        state.rate("acked", elapsed),
        little_l,
        little_lambda,
        little_w,
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
        await Simulation(run, SPECS[run.preset]).main()

    # -- words -----------------------------------------------------------------------------
    def caption(self, state: QueueState, t: float) -> Msg:
        if state.error:
            return QT_TRANSLATE_NOOP(CTX, "The scene's code failed: {error}")(error=state.error)
        if not state.preset:
            return QT_TRANSLATE_NOOP(CTX, "Starting: users are about to send requests.")
        if state.ended is not None:
            return self._ended(state)
        m = measure(state, t)
        recent = self._recent(state, t)
        if recent is not None:
            return recent
        if state.arrivals_stopped in ("messages", "requests", "time"):
            return QT_TRANSLATE_NOOP(
                CTX,
                "No new requests: the run reached its size limit ({messages} messages, "
                "{requests} requests or 10 minutes). What is left is still finished.",
            )(messages=MAX_MESSAGES, requests=MAX_REQUESTS)
        if not state.queued:
            return self._no_queue(state, m)
        workers = state.alive_workers()
        capacity = state.settings.get("capacity", 0)
        if state.blocked > 0:
            return QT_TRANSLATE_NOOP(
                CTX,
                "The queue is full ({capacity}): {n} producers wait for room, and their users "
                "wait with them. That is backpressure.",
            )(capacity=capacity, n=state.blocked)
        waiting = state.waiting
        if waiting >= max(5, 2 * workers) and m.arriving > m.finishing * 1.1:
            return QT_TRANSLATE_NOOP(
                CTX,
                "Backlog growing: {arriving:.1f} messages/s arrive, {workers} workers finish "
                "{finishing:.1f}/s. {waiting} wait, kept safe, but the queue does not promise "
                "when a worker will take them.",
            )(arriving=m.arriving, finishing=m.finishing, workers=workers, waiting=waiting)
        if waiting >= 5 and m.finishing > m.arriving * 1.1:
            return QT_TRANSLATE_NOOP(
                CTX,
                "The backlog is draining: {workers} workers finish {finishing:.1f} messages/s "
                "while {arriving:.1f}/s arrive. {waiting} still waiting.",
            )(arriving=m.arriving, finishing=m.finishing, workers=workers, waiting=waiting)
        if m.resp_p50 is None or m.deliv_p50 is None:
            return QT_TRANSLATE_NOOP(
                CTX,
                "Each request becomes a message on the queue; {workers} workers take them "
                "one at a time and acknowledge when done.",
            )(workers=workers)
        if state.kind == "post":
            return QT_TRANSLATE_NOOP(
                CTX,
                'Users see "posted" after {resp} (p50); their friends are notified {deliv} '
                "after the request, by the workers.",
            )(resp=seconds(m.resp_p50), deliv=seconds(m.deliv_p50))
        return QT_TRANSLATE_NOOP(
            CTX,
            "Users get an answer after {resp} (p50); the email itself goes out {deliv} after "
            "the request, sent by a worker.",
        )(resp=seconds(m.resp_p50), deliv=seconds(m.deliv_p50))

    def _ended(self, state: QueueState) -> Msg:
        if state.queued:
            return QT_TRANSLATE_NOOP(
                CTX,
                "Run over: {produced} messages produced, {acked} acknowledged, {dead} in the "
                "dead-letter queue. None lost.",
            )(produced=state.produced, acked=state.acked, dead=state.dead)
        return QT_TRANSLATE_NOOP(
            CTX,
            "Run over: {produced} jobs done by handlers themselves, {failed} failed with an "
            "error page and were not retried.",
        )(produced=state.produced, failed=state.failed)

    def _recent(self, state: QueueState, t: float) -> Msg | None:
        """A crash, dead letter or rejection that just happened is the thing to explain."""
        for done in reversed(state.finished):
            if t - done.t > RECENT:
                break
            if done.outcome == DEAD:
                return QT_TRANSLATE_NOOP(
                    CTX,
                    "{label} failed {attempts} times, the maximum: it moved to the dead-letter "
                    "queue, where a person can look at it. It is not lost.",
                )(label=done.label, attempts=done.attempt)
            if done.outcome == REQUEUED:
                return QT_TRANSLATE_NOOP(
                    CTX,
                    "{worker} crashed while working on {label}, before acknowledging it: the "
                    "queue still has it and delivers it again (attempt {next} of {max}).",
                )(
                    worker=done.holder,
                    label=done.label,
                    next=done.attempt + 1,
                    max=state.settings.get("max_attempts", "?"),
                )
            if done.outcome == FAILED:
                return QT_TRANSLATE_NOOP(
                    CTX,
                    "The handler crashed while working on {label}: the user got an error page "
                    "(500), and nobody will try again.",
                )(label=done.label)
            if done.outcome == REJECTED:
                return QT_TRANSLATE_NOOP(
                    CTX,
                    "The queue is full ({capacity}): it rejected {label}, and the user was told "
                    '"503, try again later". {n} rejected so far.',
                )(
                    capacity=state.settings.get("capacity", 0),
                    label=done.label,
                    n=state.rejected,
                )
        return None

    def _no_queue(self, state: QueueState, m: Measures) -> Msg:
        waiting = len(state.requests)
        if m.resp_p50 is None:
            return QT_TRANSLATE_NOOP(
                CTX,
                "No queue: each request handler does the slow job itself before it answers. "
                "{n} users are waiting for a page.",
            )(n=waiting)
        if state.kind == "post":
            return QT_TRANSLATE_NOOP(
                CTX,
                "No queue: the handler notifies {friends} friends one after another before it "
                "answers, so each user waits {resp} (p50). {n} users are waiting now.",
            )(friends=state.settings.get("friends", "?"), resp=seconds(m.resp_p50), n=waiting)
        return QT_TRANSLATE_NOOP(
            CTX,
            "No queue: the handler sends the email itself, so each user waits {resp} (p50) for "
            "the page. {n} users are waiting now.",
        )(resp=seconds(m.resp_p50), n=waiting)

    def highlights(self, state: QueueState, t: float) -> list[Highlight]:
        out: list[Highlight] = []
        seen: set[int] = set()
        for worker in state.workers.values():
            if worker.line and worker.status != CRASHED and worker.line not in seen:
                seen.add(worker.line)
                out.append(Highlight(CODE_FILE, worker.line, worker.name, worker.number))
        for i, request in enumerate(state.requests.values()):
            if i >= 200:
                break
            if request.line and request.line not in seen:
                seen.add(request.line)
                out.append(Highlight(CODE_FILE, request.line, f"req-{request.n}", 0))
        return out

    def metrics(self, state: QueueState, t: float) -> list[Metric]:
        m = measure(state, t)
        out = [
            Metric(
                QT_TRANSLATE_NOOP(CTX, "Response p50/p95"),
                f"{seconds(m.resp_p50)} / {seconds(m.resp_p95)}",
            ),
            Metric(
                QT_TRANSLATE_NOOP(CTX, "Delivery p50/p95"),
                f"{seconds(m.deliv_p50)} / {seconds(m.deliv_p95)}",
            ),
            Metric(QT_TRANSLATE_NOOP(CTX, "Throughput"), f"{m.finishing:.1f}/s"),
            Metric(QT_TRANSLATE_NOOP(CTX, "Arriving"), f"{m.arriving:.1f}/s"),
            Metric(QT_TRANSLATE_NOOP(CTX, "Waiting"), str(state.waiting)),
            Metric(QT_TRANSLATE_NOOP(CTX, "Redelivered"), str(state.redelivered)),
            Metric(QT_TRANSLATE_NOOP(CTX, "Dead-lettered"), str(state.dead)),
        ]
        if state.rejected:
            out.append(Metric(QT_TRANSLATE_NOOP(CTX, "Rejected"), str(state.rejected)))
        if state.failed:
            out.append(Metric(QT_TRANSLATE_NOOP(CTX, "Failed (500)"), str(state.failed)))
        if m.little_l is not None and m.little_rhs is not None:
            out.append(
                Metric(
                    QT_TRANSLATE_NOOP(CTX, "Little's law L vs λ·W"),
                    f"L {m.little_l:.2f} · λ·W {m.little_rhs:.2f}",
                )
            )
        return out


SCENE = QueueScene()
