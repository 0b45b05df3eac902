"""Where everything of a queue frame goes, computed before anything is painted.

The paint pass (:mod:`.view`) only paints these places; the tokens that slide between places
read them too, to know where they come from and where they go. Positions are in the logical
1280x720 space of every view.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF

from visualizer.scenes.queue.state import (
    ACKED,
    REJECTED,
    REQUEUED,
    MsgRec,
    QueueState,
    ReqRec,
    WorkerRec,
)

TRAVEL = 0.3  # seconds a token takes to slide to its new place after a move
MAX_MOVING = 24  # sliding tokens drawn at most per kind of move, so bursts stay cheap

# The picture's regions (logical 1280x720).
HANDLERS = QRectF(16, 52, 284, 396)
QUEUE = QRectF(312, 52, 500, 396)
WORKERS = QRectF(824, 52, 240, 396)
SINKS = QRectF(1076, 52, 188, 396)
NO_QUEUE_USERS = QRectF(312, 52, 380, 396)
SERVICE = QRectF(704, 52, 360, 396)
CHART = QRectF(16, 460, 612, 252)
NUMBERS = QRectF(640, 460, 624, 252)

TOKEN_W, TOKEN_H = 50.0, 24.0
SQUARE, SQUARE_GAP = 10.0, 3.0
HANDLER_ROW_H = 30.0
RESPONSES_H = 128.0
SERVICE_ROW_H = 28.0

# Moving messages travel only in channels no text occupies: the gaps between the panels, the
# strip between the header and the panels, and the one between the panels and the chart. They
# carry no label while they move (their number shows once they sit), so a still never shows a
# token over a title or over another token's number.
DOT = 8.0
LEFT_GAP = HANDLERS.right() + (QUEUE.x() - HANDLERS.right()) / 2
MIDDLE_GAP = QUEUE.right() + (WORKERS.x() - QUEUE.right()) / 2
RIGHT_GAP = WORKERS.right() + (SINKS.x() - WORKERS.right()) / 2
SERVICE_GAP = NO_QUEUE_USERS.right() + (SERVICE.x() - NO_QUEUE_USERS.right()) / 2
TOP_LANE = HANDLERS.y() - 4.5
BOTTOM_LANE = HANDLERS.bottom() + (CHART.y() - HANDLERS.bottom()) / 2

ACKED_BOX = QRectF(SINKS.x(), SINKS.y(), SINKS.width(), 120)
DEAD_BOX = QRectF(SINKS.x(), ACKED_BOX.bottom() + 10, SINKS.width(), 146)
REJECTED_BOX = QRectF(
    SINKS.x(), DEAD_BOX.bottom() + 10, SINKS.width(), SINKS.bottom() - DEAD_BOX.bottom() - 10
)
PIPE = QRectF(QUEUE.x() + 14, QUEUE.y() + 40, QUEUE.width() - 28, TOKEN_H + 12)
PILE = QRectF(QUEUE.x() + 14, PIPE.bottom() + 26, QUEUE.width() - 28, 206)
SLOT_W = TOKEN_W + 4
SLOTS = int((PIPE.width() - 8) // SLOT_W)
HEAD_X = PIPE.right() - 4 - TOKEN_W
PILE_STEP = SQUARE + SQUARE_GAP
PILE_PER_ROW = int((PILE.width() + SQUARE_GAP) // PILE_STEP)
PILE_MAX = PILE_PER_ROW * int((PILE.height() + SQUARE_GAP) // PILE_STEP)


def _pile_place(k: int) -> QRectF:
    return QRectF(
        PILE.x() + (PILE_PER_ROW - 1 - k % PILE_PER_ROW) * PILE_STEP,
        PILE.y() + (k // PILE_PER_ROW) * PILE_STEP,
        SQUARE,
        SQUARE,
    )


_PILE_PLACES = tuple(_pile_place(k) for k in range(PILE_MAX))


def pile_square(k: int) -> QRectF:
    """The k-th place of the backlog behind the pipe (row by row, from the head's side).

    The places are worked out once: a full backlog asks for hundreds of them every frame.
    """
    return _PILE_PLACES[k] if 0 <= k < PILE_MAX else _pile_place(k)


@dataclass
class QueuePlaces:
    """The places of one frame: rows, slots and squares, and where moving tokens go."""

    queued: bool
    kind: str = "email"  # the job: the no-queue panel's words depend on it
    age_full: float = 1.0  # age of a fully "old" token: the colour legend's end
    handler_rows: list[tuple[ReqRec, QRectF]] = field(default_factory=list)
    handlers_more: tuple[QRectF, int] | None = None  # where "+n more" goes, and n
    handlers_end: float = 0.0  # the y after the last handler row
    pipe_tokens: list[tuple[MsgRec, QRectF]] = field(default_factory=list)  # settled in the pipe
    pile_squares: list[tuple[MsgRec, QRectF]] = field(default_factory=list)  # settled behind it
    queue_drawn: int = 0  # queued messages that have a place (the rest are counted)
    worker_rows: list[tuple[WorkerRec, QRectF]] = field(default_factory=list)
    worker_row_h: float = 0.0
    handlers: dict[int, QPointF] = field(default_factory=dict)
    workers: dict[str, QPointF] = field(default_factory=dict)
    slots: dict[int, QRectF] = field(default_factory=dict)
    arriving: list[MsgRec] = field(default_factory=list)
    handler_exit: QPointF = field(default_factory=lambda: QPointF(HANDLERS.right(), 112))
    queue_tail: QPointF = field(default_factory=lambda: QPointF(QUEUE.x(), QUEUE.y() + 60))
    queue_head: QPointF = field(default_factory=lambda: QPointF(QUEUE.right(), QUEUE.y() + 60))
    acked: QPointF = field(
        default_factory=lambda: QPointF(SINKS.center().x(), ACKED_BOX.bottom() - 26)
    )
    dead: QPointF = field(
        default_factory=lambda: QPointF(SINKS.center().x(), DEAD_BOX.bottom() - 30)
    )
    rejected: QPointF = field(
        default_factory=lambda: QPointF(SINKS.center().x(), REJECTED_BOX.center().y())
    )
    # Messages on their way: (square, the message, what it is: "age", "retry", "ok", "dead").
    dots: list[tuple[QRectF, MsgRec | None, str]] = field(default_factory=list)
    settling: set[int] = field(default_factory=set)  # ids in the pipe still on their way there

    def panels(self) -> tuple[QRectF, ...]:
        """The boxes of the static layer, in the order they are painted."""
        middle = (QUEUE, WORKERS) if self.queued else (NO_QUEUE_USERS, SERVICE)
        return (HANDLERS, *middle, ACKED_BOX, DEAD_BOX, REJECTED_BOX, CHART, NUMBERS)


def layout(state: QueueState, t: float) -> QueuePlaces:
    places = QueuePlaces(
        state.queued, state.kind, max(1.0, 4.0 * float(state.settings.get("delay", 0.5)))
    )
    _handlers(state, places)
    if state.queued:
        _queue(state, t, places)
        _workers(state, places)
    else:
        _service(state, places)
    _moving(state, t, places)
    return places


def along(points: list[QPointF], f: float) -> QPointF:
    """The point a fraction ``f`` (eased in and out) of the way along a polyline."""
    f = max(0.0, min(1.0, f))
    f = f * f * (3 - 2 * f)
    legs = [abs(b.x() - a.x()) + abs(b.y() - a.y()) for a, b in itertools.pairwise(points)]
    left = f * sum(legs)
    for (a, b), length in zip(itertools.pairwise(points), legs, strict=True):
        if left <= length and length > 0:
            k = left / length
            return QPointF(a.x() + (b.x() - a.x()) * k, a.y() + (b.y() - a.y()) * k)
        left -= length
    return points[-1]


def _into_queue(target: QRectF) -> list[QPointF]:
    """From the left gap into the pipe at its tail, or into the backlog along its row."""
    c = target.center()
    if target.width() >= TOKEN_W:
        y = PIPE.center().y()
        return [QPointF(LEFT_GAP, y), QPointF(c.x(), y)]
    return [QPointF(LEFT_GAP, c.y()), c]


def _to_sink(start: QPointF, gap: float, sink_y: float, low: bool = False) -> list[QPointF]:
    """From ``gap``, along the top (or bottom) strip to the outcome boxes' gap, to the box."""
    lane = BOTTOM_LANE if low else TOP_LANE
    return [  # from the gap beside where it was: a crashed worker's mark sits in its slot
        QPointF(gap, start.y()),
        QPointF(gap, lane),
        QPointF(RIGHT_GAP, lane),
        QPointF(RIGHT_GAP, sink_y),
    ]


def _moving(state: QueueState, t: float, places: QueuePlaces) -> None:
    """Where the messages that moved less than TRAVEL ago are now, on their channel routes."""
    queued = state.queued
    out_gap = MIDDLE_GAP if queued else SERVICE_GAP
    for rec in places.arriving:  # joined the queue: new, or given back by a worker
        target = places.slots[rec.id]
        if rec.holder:
            start = places.workers.get(rec.holder, places.queue_head)
            path = [  # from the gap beside its worker: a crashed one's mark sits in the slot
                QPointF(MIDDLE_GAP, start.y()),
                QPointF(MIDDLE_GAP, TOP_LANE),
                QPointF(LEFT_GAP, TOP_LANE),
                *_into_queue(target),
            ]
        else:
            start = places.handlers.get(rec.req, places.handler_exit)
            path = [QPointF(LEFT_GAP, start.y()), *_into_queue(target)]
        kind = "retry" if rec.attempt > 0 else "age"  # a waiting message counts tries made
        places.dots.append((_dot(along(path, (t - rec.since) / TRAVEL)), rec, kind))
    moving = 0
    for rec in state.holding.values():
        if moving >= MAX_MOVING // 2:
            break
        if t - rec.since < TRAVEL:  # delivered to a worker (or a handler began it) just now
            moving += 1
            end = places.workers.get(rec.holder)
            if end is None:
                continue
            if queued:
                head = places.queue_head
                # From the pipe's end: the next message already sits at the head.
                path = [QPointF(MIDDLE_GAP, head.y()), QPointF(MIDDLE_GAP, end.y()), end]
            else:
                start = places.handlers.get(rec.req, places.handler_exit)
                path = [
                    QPointF(LEFT_GAP, start.y()),
                    QPointF(LEFT_GAP, TOP_LANE),
                    QPointF(SERVICE_GAP, TOP_LANE),
                    QPointF(SERVICE_GAP, end.y()),
                    end,
                ]
            kind = "retry" if rec.attempt > 1 else "age"  # a held one counts this try too
            places.dots.append((_dot(along(path, (t - rec.since) / TRAVEL)), rec, kind))
    leaving = 0
    for done in reversed(state.finished):
        f = (t - done.t) / TRAVEL
        if f >= 1 or leaving >= MAX_MOVING // 2:
            break  # newest first: the rest arrived long ago, or would only add clutter
        if f < 0 or done.outcome == REQUEUED:
            continue  # a requeued message is drawn sliding back into the queue
        leaving += 1
        if done.outcome == REJECTED:
            tail = places.queue_tail
            path = _to_sink(tail, LEFT_GAP, places.rejected.y(), low=True)
        else:
            start = places.workers.get(done.holder, places.queue_head)
            sink = places.acked if done.outcome == ACKED else places.dead
            path = _to_sink(start, out_gap, sink.y())
        kind = "ok" if done.outcome == ACKED else "dead"
        places.dots.append((_dot(along(path, f)), None, kind))


def _dot(center: QPointF) -> QRectF:
    return QRectF(center.x() - DOT / 2, center.y() - DOT / 2, DOT, DOT)


def _handlers(state: QueueState, places: QueuePlaces) -> None:
    rect = HANDLERS
    active = len(state.requests)
    top = rect.y() + 30
    max_rows = int((rect.bottom() - RESPONSES_H - top) // HANDLER_ROW_H)
    places.handler_exit = QPointF(rect.right(), top + 40)
    for shown, request in enumerate(state.requests.values()):
        if shown == max_rows - 1 and active > max_rows:
            row = QRectF(rect.x() + 10, top, rect.width() - 20, HANDLER_ROW_H)
            places.handlers_more = (row, active - shown)
            break
        row = QRectF(rect.x() + 8, top, rect.width() - 16, HANDLER_ROW_H - 4)
        places.handler_rows.append((request, row))
        places.handlers[request.n] = QPointF(row.right(), row.center().y())
        top += HANDLER_ROW_H
    places.handlers_end = top


def _queue(state: QueueState, t: float, places: QueuePlaces) -> None:
    places.queue_tail = QPointF(PIPE.x(), PIPE.center().y())
    places.queue_head = QPointF(HEAD_X + TOKEN_W / 2, PIPE.center().y())
    drawn = 0
    for i, rec in enumerate(state.queue):
        if i < SLOTS:
            pos = QRectF(HEAD_X - i * SLOT_W, PIPE.y() + 6, TOKEN_W, TOKEN_H)
            places.slots[rec.id] = pos
            if t - rec.since >= TRAVEL:
                places.pipe_tokens.append((rec, pos))
            else:
                places.arriving.append(rec)
        else:
            k = i - SLOTS
            if k >= PILE_MAX:
                break
            pos = pile_square(k)
            places.slots[rec.id] = pos
            if t - rec.since < TRAVEL and len(places.arriving) < MAX_MOVING:
                places.arriving.append(rec)
            else:  # a burst lands at once: sliding hundreds of tokens would only blur
                places.pile_squares.append((rec, pos))
        drawn = i + 1
    places.queue_drawn = drawn


def _workers(state: QueueState, places: QueuePlaces) -> None:
    rect = WORKERS
    workers = list(state.workers.values())
    top = rect.y() + 30
    row_h = min(44.0, (rect.height() - 36) / max(1, len(workers), 8))
    places.worker_row_h = row_h
    for worker in workers:
        row = QRectF(rect.x() + 8, top, rect.width() - 16, row_h - 3)
        places.workers[worker.name] = QPointF(row.x() + TOKEN_W / 2, row.center().y())
        places.worker_rows.append((worker, row))
        top += row_h


def _service(state: QueueState, places: QueuePlaces) -> None:
    """Without a queue the slow service holds the jobs: its rows are where tokens go."""
    rect = SERVICE
    top = rect.y() + 32
    max_rows = int((rect.bottom() - 8 - top) // SERVICE_ROW_H)
    for i, held in enumerate(state.holding.values()):
        if i == max_rows - 1 and state.inflight > max_rows:
            break
        row = QRectF(rect.x() + 10, top, rect.width() - 20, SERVICE_ROW_H - 4)
        places.workers[held.holder] = QRectF(row.x(), row.y(), TOKEN_W, row.height()).center()
        top += SERVICE_ROW_H
