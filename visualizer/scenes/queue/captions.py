"""What the queue scene says and measures about a state: captions, percentiles, Little's law."""

from __future__ import annotations

from dataclasses import dataclass

from visualizer.core.contract import (
    Highlight,
    Metric,
)
from visualizer.core.stats import percentile
from visualizer.core.text import QT_TRANSLATE_NOOP, Msg, pair
from visualizer.core.text import seconds as text_seconds
from visualizer.scenes.queue.broker import CODE_FILE
from visualizer.scenes.queue.simulation import MAX_MESSAGES, MAX_REQUESTS
from visualizer.scenes.queue.state import (
    CRASHED,
    DEAD,
    FAILED,
    REJECTED,
    REQUEUED,
    QueueState,
)

CTX = "QueueScene"
# How long a crash, a dead letter or a rejection stays the caption's subject.
RECENT = 1.5


def duration(value: float) -> Msg:
    """A duration in the language's one way of writing seconds, for captions and pictures alike.

    Three decimals below a tenth of a second (a 5 ms step still reads "0.005 s"), two above;
    the captions and metrics once wrote "100 ms" next to a picture saying "0.10 s" / "0.10초".
    """
    return text_seconds(value, 3 if abs(value) < 0.1 else 2)


def seconds(value: float | None) -> str | Msg:
    """:func:`duration`, or a dash when there is nothing measured yet."""
    return "–" if value is None else duration(value)


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


def caption(state: QueueState, t: float) -> Msg:
    if state.error:
        return QT_TRANSLATE_NOOP(CTX, "The scene's code failed: {error}")(error=state.error)
    if state.broker_down is not None:
        return state.broker_down
    if not state.preset:
        return QT_TRANSLATE_NOOP(CTX, "Starting: users are about to send requests.")
    if state.ended is not None:
        return _ended(state)
    m = measure(state, t)
    recent = _recent(state, t)
    if recent is not None:
        return recent
    if state.arrivals_stopped in ("messages", "requests", "time"):
        return QT_TRANSLATE_NOOP(
            CTX,
            "No new requests: the run reached its size limit ({messages} messages, "
            "{requests} requests or 10 minutes). What is left is still finished.",
        )(messages=MAX_MESSAGES, requests=MAX_REQUESTS)
    if not state.queued:
        return _no_queue(state, m)
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


def _ended(state: QueueState) -> Msg:
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


def _recent(state: QueueState, t: float) -> Msg | None:
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


def _no_queue(state: QueueState, m: Measures) -> Msg:
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


def highlights(state: QueueState, t: float) -> list[Highlight]:
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


def metrics(state: QueueState, t: float) -> list[Metric]:
    m = measure(state, t)
    out = [
        Metric(
            QT_TRANSLATE_NOOP(CTX, "Response p50/p95"),
            pair(seconds(m.resp_p50), seconds(m.resp_p95)),
        ),
        Metric(
            QT_TRANSLATE_NOOP(CTX, "Delivery p50/p95"),
            pair(seconds(m.deliv_p50), seconds(m.deliv_p95)),
        ),
        Metric(QT_TRANSLATE_NOOP(CTX, "Throughput"), f"{m.finishing:.1f}/s"),
        Metric(QT_TRANSLATE_NOOP(CTX, "Arriving"), f"{m.arriving:.1f}/s"),
        Metric(QT_TRANSLATE_NOOP(CTX, "Waiting"), str(state.waiting)),
        Metric(QT_TRANSLATE_NOOP(CTX, "Redelivered"), str(state.redelivered)),
        Metric(QT_TRANSLATE_NOOP(CTX, "Dead-lettered"), str(state.dead)),
    ]
    if state.redis is not None:
        r = state.redis
        out.append(
            Metric(
                QT_TRANSLATE_NOOP(CTX, "Redis: XLEN · lag · XPENDING · dead"),
                f"{r['xlen']} · {r['lag']} · {r['pending']} · {r['dead']}",
            )
        )
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
