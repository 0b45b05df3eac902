"""Where everything of a queue frame goes, computed before anything is painted.

The paint pass (:mod:`.view`) only paints these places; the tokens that slide between places
read them too, to know where they come from and where they go. Positions are in the logical
1280x720 space of every view.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF

from visualizer.scenes.queue.state import MsgRec, QueueState, ReqRec, WorkerRec

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

    def panels(self) -> tuple[QRectF, ...]:
        """The boxes of the static layer, in the order they are painted."""
        middle = (QUEUE, WORKERS) if self.queued else (NO_QUEUE_USERS, SERVICE)
        return (HANDLERS, *middle, ACKED_BOX, DEAD_BOX, REJECTED_BOX, CHART, NUMBERS)


def layout(state: QueueState, t: float) -> QueuePlaces:
    places = QueuePlaces(state.queued)
    _handlers(state, places)
    if state.queued:
        _queue(state, t, places)
        _workers(state, places)
    else:
        _service(state, places)
    return places


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
        places.workers[worker.name] = QPointF(row.x() + 60 + TOKEN_W / 2, row.center().y())
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
        places.workers[held.holder] = QRectF(row.x() + 108, row.y(), TOKEN_W, row.height()).center()
        top += SERVICE_ROW_H
