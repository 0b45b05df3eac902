"""What the server scene says about a state: its caption and its measured numbers (no Qt).

The Korean texts use the seeds' words: 동기/비동기, 블로킹/논블로킹, 요청이 쌓인다, 메시지 큐.
"""

from __future__ import annotations

from visualizer.core.contract import Metric
from visualizer.core.text import QT_TRANSLATE_NOOP, Msg
from visualizer.scenes.queue import seconds
from visualizer.scenes.server.state import ServerState

CTX = "ServerScene"
# Offered load above this share of what the slow step allows counts as overload.
OVERLOAD = 1.05


def rate(value: float | None) -> str:
    return "∞" if value is None else f"{value:.0f}/s" if value >= 10 else f"{value:.1f}/s"


def caption(state: ServerState, t: float) -> Msg:
    if state.error:
        return QT_TRANSLATE_NOOP(CTX, "The scene's code failed: {error}")(error=state.error)
    if not state.listening:
        return QT_TRANSLATE_NOOP(CTX, "Starting the server on a random port of 127.0.0.1…")()
    if state.ended is not None or state.client_stopped:
        return QT_TRANSLATE_NOOP(
            CTX,
            "Run over: {sent} requests, {answered} answered correctly, {timeouts} timed out, "
            "{wrong} wrong answers.",
        )(sent=state.sent, answered=state.answered, timeouts=state.timeouts, wrong=state.wrong)
    offered = state.recent_rate("offered")
    answered = state.recent_rate("answered")
    cap = state.capacity
    waiting = len(state.waiting())
    p95 = seconds(state.recent_percentile(95))
    slow = seconds(state.slow)
    if not state.points:
        return QT_TRANSLATE_NOOP(
            CTX, "The client starts sending {rate} requests a second, whatever the server does."
        )(rate=rate(float(state.settings.get("rate", 0))))
    if (
        state.wasted
        and state.mode != "handoff"
        and cap is not None
        and answered < 0.2 * cap
        and state.recent_rate("timeouts")
    ):
        return QT_TRANSLATE_NOOP(
            CTX,
            "The service has stopped working: the server is still busy, but with requests whose "
            "clients already gave up ({wasted} answers nobody read). Correct answers: {answered}.",
        )(wasted=state.wasted, answered=rate(answered))
    if state.mode == "blocking-async":
        return QT_TRANSLATE_NOOP(
            CTX,
            "A blocking call inside async def: the loop is stuck for {slow} on each request "
            "(loop lag up to {lag}), so nothing else runs. {answered} answered, {waiting} "
            "requests pile up.",
        )(slow=slow, lag=seconds(state.worst_lag), answered=rate(answered), waiting=waiting)
    if state.mode == "handoff":
        return QT_TRANSLATE_NOOP(
            CTX,
            "Answered 202 after {p50} (p50): the slow step waits in the message queue "
            "({queued} jobs) and {workers} workers do it later, {jobs} done.",
        )(
            p50=seconds(state.recent_percentile(50)),
            queued=state.jobs_queued,
            workers=len(state.job_workers),
            jobs=rate(state.recent_rate("jobs_done")),
        )
    if cap is not None and offered > cap * OVERLOAD:
        if state.mode == "single":
            return QT_TRANSLATE_NOOP(
                CTX,
                "Requests pile up: {offered} arrive, but one blocking worker answers at most "
                "{cap} (1/slow step). {waiting} wait in the accept backlog; p95 latency {p95} "
                "and growing.",
            )(offered=rate(offered), cap=rate(cap), waiting=waiting, p95=p95)
        return QT_TRANSLATE_NOOP(
            CTX,
            "Requests pile up: {offered} arrive, {workers} blocking threads answer at most "
            "{cap} (N/slow step). {waiting} wait for a free thread; p95 latency {p95}.",
        )(offered=rate(offered), workers=state.workers, cap=rate(cap), waiting=waiting, p95=p95)
    if state.mode == "async":
        return QT_TRANSLATE_NOOP(
            CTX,
            "Non-blocking: {inflight} requests await the database at once on one event loop; "
            "{answered} answered, p95 {p95}, loop lag {lag}.",
        )(
            inflight=len(state.inflight),
            answered=rate(answered),
            p95=p95,
            lag=seconds(state.lag),
        )
    return QT_TRANSLATE_NOOP(
        CTX,
        "Synchronous and blocking: each worker waits {slow} for the database, {busy} of "
        "{workers} busy. {answered} answered of at most {cap}; p95 latency {p95}.",
    )(
        slow=slow,
        busy=len(state.busy),
        workers=state.workers,
        answered=rate(answered),
        cap=rate(cap),
        p95=p95,
    )


def metrics(state: ServerState, t: float) -> list[Metric]:
    out = [
        Metric(QT_TRANSLATE_NOOP(CTX, "p50 latency"), seconds(state.recent_percentile(50))),
        Metric(QT_TRANSLATE_NOOP(CTX, "p95 latency"), seconds(state.recent_percentile(95))),
        Metric(QT_TRANSLATE_NOOP(CTX, "p99 latency"), seconds(state.recent_percentile(99))),
        Metric(QT_TRANSLATE_NOOP(CTX, "Answered"), rate(state.recent_rate("answered"))),
        Metric(QT_TRANSLATE_NOOP(CTX, "Offered"), rate(state.recent_rate("offered"))),
        Metric(QT_TRANSLATE_NOOP(CTX, "Theory (slow step)"), rate(state.capacity)),
        Metric(QT_TRANSLATE_NOOP(CTX, "In flight"), str(len(state.inflight))),
        Metric(QT_TRANSLATE_NOOP(CTX, "Timeouts"), str(state.timeouts)),
        Metric(QT_TRANSLATE_NOOP(CTX, "Errors"), str(state.errors + state.wrong)),
        Metric(QT_TRANSLATE_NOOP(CTX, "Served too late"), str(state.wasted)),
    ]
    if state.mode in ("async", "blocking-async", "handoff"):
        out.append(Metric(QT_TRANSLATE_NOOP(CTX, "Worst loop lag"), seconds(state.worst_lag)))
    if state.mode == "handoff":
        out.append(Metric(QT_TRANSLATE_NOOP(CTX, "Jobs done later"), str(state.jobs_done)))
    return out
