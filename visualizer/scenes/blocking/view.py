"""Draws who holds control (제어권) while a reader waits: one panel per mode, or a 2x2 grid.

Each panel shows the reader's thread as a small call stack (event loop at the bottom when there
is one, the tasks above it, ``recv()`` on top), the control token on the frame that holds it,
the socket and the peer, and a strip of who held control over time. Every position comes from
the reducer's state at the shown time; the view only eases the token between two recorded
holders so a move is visible, and draws each recorded poll as a quick out-and-back.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter

from visualizer.core.contract import Frame
from visualizer.core.text import Msg, seconds
from visualizer.draw.colors import mix
from visualizer.draw.i18n import tr_msg
from visualizer.draw.scene_view import ALIGN_C, ALIGN_R
from visualizer.draw.theme import Theme
from visualizer.scenes.blocking import (
    CALLEE,
    CALLER,
    LOOP,
    MODE_RULE,
    MODE_TITLE,
    NONE,
    OTHER,
    BlockingState,
    LaneState,
    Move,
    move_text,
    recv_held,
)
from visualizer.scenes.blocking import view_words as words
from visualizer.scenes.blocking.captions import peer_left
from visualizer.scenes.blocking.harness import (
    ASYNC_BLOCKING,
    ASYNC_NONBLOCKING,
    MODES,
    SYNC_BLOCKING,
    SYNC_MODES,
    SYNC_NONBLOCKING,
)
from visualizer.scenes.blocking.view_layout import Pane, layout_panes
from visualizer.scenes.blocking.view_layout import panel_rects as panel_rects  # tests read it
from visualizer.scenes.blocking.view_motion import (
    MOVE_SECONDS,
    POLL_SECONDS,
    brief_visit,
    counts_time,
    ease,
    poll_rate,
)
from visualizer.scenes.blocking.view_strip import ROLE_COLOUR, StripView

# The classic 2x2: rows sync/async, columns blocking/non-blocking.
GRID_ORDER = (SYNC_BLOCKING, SYNC_NONBLOCKING, ASYNC_BLOCKING, ASYNC_NONBLOCKING)
DASHES = (4.0, 3.0)  # long dashes: a dashed outline costs per dash

CALLER_FN = {
    SYNC_BLOCKING: "sync_blocking",
    SYNC_NONBLOCKING: "sync_nonblocking",
    ASYNC_NONBLOCKING: "async_nonblocking",
    ASYNC_BLOCKING: "async_blocking",
}


class View(StripView):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._token_sizes: dict[tuple[str, bool], tuple[float, float, int]] = {}

    def _title_w(self, mode: str, compact: bool) -> float:
        return self.drawn_width(tr_msg(MODE_TITLE[mode]), 16 if compact else 21, True) + 12

    def layout(self, frame: Frame[BlockingState]) -> list[Pane]:
        modes = [m for m in GRID_ORDER if m in frame.state.lanes]
        return layout_panes(modes, self._title_w, self._strip_line)

    def static_key(self, places: list[Pane]) -> Hashable:
        return tuple(pane.mode for pane in places)

    def draw_static(self, p: QPainter, places: list[Pane], theme: Theme) -> None:
        """Each panel with its title, the title's accent rule and the mode's rule of thumb; the
        2x2 has no room for the side legend, so the token's key goes in the header instead."""
        if len(places) > 1:
            w = self._token_size(True)[0]
            self._token_at(p, QPointF(392 + w, 24), theme, True)
            key = QRectF(400 + w, 12, 860 - 400 - w - 200, 24)
            self.text(p, key, words.T_KEY_TOKEN, theme.muted, 12)
        for pane in places:
            self.box(p, pane.rect, theme.panel, theme.border, 8)
            accent = theme.actor(MODES.index(pane.mode) + 4)  # as the lane's index is
            title_size, rule_size = (16, 12) if pane.compact else (21, 15)
            top, title_w = pane.top, pane.title_w
            self.text(p, top, tr_msg(MODE_TITLE[pane.mode]), theme.text, title_size, True)
            p.fillRect(QRectF(top.x(), top.bottom(), title_w - 12, 3), accent)
            self.text(
                p,
                QRectF(top.x() + title_w, top.y(), top.width() - title_w, top.height()),
                MODE_RULE[pane.mode],
                theme.muted,
                rule_size,
            )
            # What never changes inside the panel: the strip's frame and row names, the sync
            # reader's worker-thread bar, the side legend.
            self._strip_static(p, pane.strip, pane.mode, theme, pane.compact)
            if pane.mode in SYNC_MODES:
                bar = self._worker_bar(pane.stack, pane.compact)
                self.box(p, bar, mix(theme.border, theme.panel, 0.3), theme.border)
                size = 12 if pane.compact else 15
                self.text(p, bar.adjusted(10, 0, -10, 0), words.T_WORKER, theme.muted, size)
            legend = self._legend_rect(pane.side, pane.compact)
            if legend is not None:
                self._legend(p, legend, theme)

    def draw_places(
        self, p: QPainter, frame: Frame[BlockingState], places: list[Pane], theme: Theme
    ) -> None:
        state = frame.state
        compact = len(state.lanes) > 1
        self._header(p, frame, theme, compact)
        if not state.lanes:
            self.text(
                p, QRectF(20, 300, 1240, 40), words.T_WAITING, theme.muted, 18, False, ALIGN_C
            )
            return
        for pane in places:
            self._panel(p, pane, state.lanes[pane.mode], frame, theme)

    # -- header ---------------------------------------------------------------------------------
    def _header(
        self, p: QPainter, frame: Frame[BlockingState], theme: Theme, compact: bool
    ) -> None:
        state = frame.state
        self.text(p, QRectF(20, 6, 640, 36), self.scene.title, theme.text, 24, True)
        clock = tr_msg(words.T_CLOCK(t=frame.t))
        sent = state.sent_at
        if sent is not None and sent <= frame.t:
            clock = f"{clock}   ·   {tr_msg(words.T_PEER_SENT(at=sent))}"
        elif state.peer_started is not None:
            due = state.peer_started + state.peer_delay
            clock = f"{clock}   ·   {tr_msg(words.T_PEER_DUE(at=due))}"
        self.text(p, QRectF(640, 6, 620, 36), clock, theme.muted, 17, False, ALIGN_R)

    # -- one panel ------------------------------------------------------------------------------
    def _panel(
        self,
        p: QPainter,
        pane: Pane,
        lane: LaneState,
        frame: Frame[BlockingState],
        theme: Theme,
    ) -> None:
        t, compact = frame.t, pane.compact
        anchors, callee = self._stack(p, pane.stack, lane, frame, theme, compact)
        side, strip, move_rect = pane.side, pane.strip, pane.move_rect
        socket_rect = self._side(p, side, lane, frame, theme, compact)
        self._packet(p, callee, socket_rect, lane, frame, theme, compact)
        self._token(p, anchors, lane, t, theme, compact)
        self._last_move(p, move_rect, lane, t, theme, compact)
        self._strip(p, strip, lane, frame, theme, compact)

    # -- the call stack of the reader's thread ------------------------------------------------
    def _token_size(self, compact: bool) -> tuple[float, float, int]:
        word = tr_msg(words.T_CONTROL)
        known = self._token_sizes.get((word, compact))
        if known is not None:
            return known
        size = 10 if compact else 14
        width = self.text_width(word, size, True) + (14 if compact else 22)
        self._token_sizes[(word, compact)] = found = (width, (18.0 if compact else 26.0), size)
        return found

    def _frame_box(
        self,
        p: QPainter,
        rect: QRectF,
        title: str | Msg,
        detail: str | Msg,
        colour: QColor,
        theme: Theme,
        compact: bool,
        style: str,
        token_room: bool = True,
    ) -> QPointF:
        """A stack frame: ``held`` (holds control), ``on`` (on the stack), ``off`` (not on it).

        Both lines keep room at their right end for the control token (it sits on the title
        line and passes the detail line when it moves between frames); the returned point is
        A frame whose words do not count time looks the same from frame to frame: it is copied
        from a cached image (box and text together) instead of being laid out again.
        """
        token_w = self._token_size(compact)[0] + 4 if token_room else 0.0
        inner = rect.adjusted(8, 3, -8, -3)
        anchor = QPointF(rect.right() - 5, inner.y() + inner.height() / 4)
        if not counts_time(title):
            head = tr_msg(title) if isinstance(title, Msg) else title
            # A detail that counts time changes every frame: the box and title still come from
            # the cache, and only the detail line is laid out.
            moving = counts_time(detail)
            words = "" if moving else tr_msg(detail) if isinstance(detail, Msg) else detail
            key = ("frame", style, colour.rgba(), theme.name, compact, token_w, head, words)
            if self.sprite(
                p,
                rect,
                3.0,
                key,
                lambda q, r: self._frame_paint(
                    q, r, head, words, colour, theme, compact, style, token_w
                ),
            ):
                if moving:
                    self._frame_detail(p, rect, detail, theme, compact, style, token_w)
                return anchor
        self._frame_paint(p, rect, title, detail, colour, theme, compact, style, token_w)
        return anchor

    def _frame_paint(
        self,
        p: QPainter,
        rect: QRectF,
        title: str | Msg,
        detail: str | Msg,
        colour: QColor,
        theme: Theme,
        compact: bool,
        style: str,
        token_w: float,
    ) -> None:
        # Inside the frame's own image (or drawn as it is): no cached image of the box alone.
        fill: QColor | None
        if style == "held":
            fill, border, width = mix(colour, theme.panel, 0.45), colour.darker(120), 3.0
        elif style == "on":
            fill, border, width = mix(colour, theme.panel, 0.18), colour, 1.8
        elif style == "stalled":
            fill, border, width = mix(theme.danger, theme.panel, 0.18), theme.danger, 3.0
        else:
            fill, border, width = None, mix(colour, theme.panel, 0.7), 1.4
        dashes = DASHES if style == "off" else ()
        self.box(p, rect, fill, border, 6, width=width, pattern=dashes, cache=False)
        size = 12 if compact else 17
        ink = theme.text if style != "off" else theme.muted
        inner = rect.adjusted(8, 3, -8, -3)
        half = inner.height() / 2
        title_rect = QRectF(inner.x(), inner.y(), inner.width() - token_w, half)
        self.text(p, title_rect, title, ink, size, True)
        self._frame_detail(p, rect, detail, theme, compact, style, token_w)

    def _frame_detail(
        self,
        p: QPainter,
        rect: QRectF,
        detail: str | Msg,
        theme: Theme,
        compact: bool,
        style: str,
        token_w: float,
    ) -> None:
        if not detail:
            return
        small = 11 if compact else 14
        inner = rect.adjusted(8, 3, -8, -3)
        half = inner.height() / 2
        detail_ink = theme.danger if style == "stalled" else theme.muted
        self.text(
            p,
            QRectF(inner.x(), inner.y() + half, inner.width() - token_w, half),
            detail,
            detail_ink,
            small,
        )

    @staticmethod
    def _stack_rows(area: QRectF, compact: bool) -> tuple[float, float]:
        gap = 8.0 if compact else 14.0
        return gap, min(58.0 if compact else 100.0, (area.height() - 2 * gap) / 3)

    def _worker_bar(self, area: QRectF, compact: bool) -> QRectF:
        """Where a sync reader's worker-thread bar goes: the stack's bottom row."""
        gap, row_h = self._stack_rows(area, compact)
        base = QRectF(area.x(), area.y() + 2 * (row_h + gap), area.width(), row_h)
        return base.adjusted(0, row_h * 0.3, 0, 0)

    def _stack(
        self,
        p: QPainter,
        area: QRectF,
        lane: LaneState,
        frame: Frame[BlockingState],
        theme: Theme,
        compact: bool,
    ) -> tuple[dict[str, QPointF], QRectF]:
        """Draw the frames; returns where the token sits for each holder, and recv()'s box."""
        t = frame.t
        gap, row_h = self._stack_rows(area, compact)
        top = QRectF(area.x(), area.y(), area.width(), row_h)
        mid = top.translated(0, row_h + gap)
        base = mid.translated(0, row_h + gap)
        if lane.is_sync:
            caller = mid
            callee = QRectF(top.x() + top.width() * 0.18, top.y(), top.width() * 0.82, row_h)
        else:
            col_w = (area.width() - gap) * 0.58
            caller = QRectF(mid.x(), mid.y(), col_w, row_h)
            callee = QRectF(top.x() + col_w * 0.1, top.y(), col_w * 0.9, row_h)
        anchors: dict[str, QPointF] = {}
        held = lane.holder
        anchors[CALLEE] = self._callee(p, callee, lane, t, theme, compact)
        anchors[CALLER] = self._caller(p, caller, lane, theme, compact)
        if lane.is_sync:
            return anchors, callee  # the worker thread's bar is in the static layer
        other = QRectF(caller.right() + gap, mid.y(), mid.right() - caller.right() - gap, row_h)
        stalled = lane.mode == ASYNC_BLOCKING and lane.in_recv and recv_held(lane, t) > 0.05
        if not lane.active and lane.done_at is not None:
            odetail, ostyle = words.T_OTHER_GONE, "off"
        elif held == OTHER:
            odetail, ostyle = words.T_OTHER_RUNS, "held"
        elif stalled:
            odetail, ostyle = words.T_OTHER_FROZEN, "off"
        elif lane.active:
            odetail, ostyle = words.T_OTHER_SLEEPS, "off"
        else:
            odetail, ostyle = words.T_NOT_STARTED, "off"
        colour = theme.actor(ROLE_COLOUR[OTHER])
        anchors[OTHER] = self._frame_box(
            p, other, "other_work()", odetail, colour, theme, compact, ostyle
        )
        second = frame.state.own_loop and lane.mode == ASYNC_BLOCKING
        loop_title = words.T_SECOND_LOOP if second else words.T_LOOP
        if stalled:
            ldetail, lstyle = words.T_LOOP_STALLED(s=recv_held(lane, t)), "stalled"
        elif held == LOOP:
            ldetail, lstyle = words.T_LOOP_IDLE, "held"
        elif held == CALLEE:
            ldetail, lstyle = words.T_LOOP_READS, "on"
        elif lane.active:
            ldetail, lstyle = words.T_LOOP_RUNS, "on"
        else:
            ldetail, lstyle = words.T_LOOP_DONE, "off"
        colour = theme.actor(ROLE_COLOUR[LOOP])
        anchors[LOOP] = self._frame_box(
            p, base, loop_title, ldetail, colour, theme, compact, lstyle
        )
        return anchors, callee

    def _callee(
        self, p: QPainter, rect: QRectF, lane: LaneState, t: float, theme: Theme, compact: bool
    ) -> QPointF:
        if lane.in_recv:
            blocking = lane.mode in (SYNC_BLOCKING, ASYNC_BLOCKING)
            detail: Msg = (
                words.T_RECV_BLOCKS(s=recv_held(lane, t)) if blocking else words.T_RECV_ANSWERS
            )
            style = "held"
        elif lane.got_at is not None:
            detail, style = words.T_RECV_GOT(n=lane.nbytes), "off"
        elif lane.polls:
            detail, style = words.T_RECV_RAISED, "off"
        else:
            detail, style = words.T_RECV_IDLE, "off"
        colour = theme.actor(ROLE_COLOUR[CALLEE])
        return self._frame_box(p, rect, words.T_RECV, detail, colour, theme, compact, style)

    def _caller(
        self, p: QPainter, rect: QRectF, lane: LaneState, theme: Theme, compact: bool
    ) -> QPointF:
        held = lane.holder
        detail: Msg
        if not lane.active:
            detail = (
                words.T_RETURNED(n=lane.nbytes) if lane.done_at is not None else words.T_NOT_STARTED
            )
            style = "off"
        elif held == CALLER:
            polling = lane.mode == SYNC_NONBLOCKING and lane.polls > 0
            detail, style = (words.T_POLLING if polling else words.T_RUNS), "held"
        elif held == CALLEE and (lane.is_sync or lane.running == CALLER):
            blocking = lane.mode in (SYNC_BLOCKING, ASYNC_BLOCKING)
            detail, style = (words.T_WAITS_BLOCKED if blocking else words.T_WAITS_BRIEF), "on"
        elif lane.parked:
            detail, style = (words.T_READY if lane.ready_at is not None else words.T_PARKED), "off"
        else:
            detail, style = words.T_QUEUED, "off"
        colour = theme.actor(ROLE_COLOUR[CALLER])
        title = f"{CALLER_FN[lane.mode]}()"
        return self._frame_box(p, rect, title, detail, colour, theme, compact, style)

    # -- the token -----------------------------------------------------------------------------
    def _token_at(
        self, p: QPainter, at: QPointF, theme: Theme, compact: bool, still: bool = True
    ) -> None:
        """The one control token, right edge at ``at`` (``still``: resting on its holder)."""
        w, h, size = self._token_size(compact)
        rect = QRectF(at.x() - w, at.y() - h / 2, w, h)
        self.box(p, rect, theme.text, theme.background, h / 2, width=1.5, cache=still)
        self.text(p, rect, words.T_CONTROL, theme.background, size, True, ALIGN_C)

    def _token(
        self,
        p: QPainter,
        anchors: dict[str, QPointF],
        lane: LaneState,
        t: float,
        theme: Theme,
        compact: bool,
    ) -> None:
        holder = lane.holder
        if holder == NONE or holder not in anchors:
            return
        target = anchors[holder]
        moves = lane.moves
        at = target
        visit = brief_visit(moves, t)
        if visit is not None and visit.dst in anchors:
            # Control went somewhere for microseconds and came straight back (a step of
            # other_work, say): the one token makes the quick out-and-back itself.
            there = anchors[visit.dst]
            k = math.sin(math.pi * min(1.0, (t - visit.t) / POLL_SECONDS))
            at = QPointF(at.x() + (there.x() - at.x()) * k, at.y() + (there.y() - at.y()) * k)
        elif moves and moves[-1].src in anchors and t - moves[-1].t < MOVE_SECONDS:
            last = moves[-1]
            a = anchors[last.src]
            k = ease((t - last.t) / MOVE_SECONDS)
            at = QPointF(a.x() + (target.x() - a.x()) * k, a.y() + (target.y() - a.y()) * k)
        # A poll really lasts microseconds: draw each recorded one as a quick out-and-back of
        # the one token (control really goes to recv() and comes straight back).
        if (
            lane.mode == SYNC_NONBLOCKING
            and lane.last_poll is not None
            and holder == CALLER
            and 0 <= t - lane.last_poll < POLL_SECONDS
        ):
            phase = (t - lane.last_poll) / POLL_SECONDS
            if poll_rate(lane, t) * POLL_SECONDS > 2:  # too many to draw one by one: a blur
                phase = (t % POLL_SECONDS) / POLL_SECONDS
            there = anchors[CALLEE]
            k = math.sin(math.pi * phase)
            at = QPointF(at.x() + (there.x() - at.x()) * k, at.y() + (there.y() - at.y()) * k)
        self._token_at(p, at, theme, compact, still=at == target)

    # -- socket, peer and the lane's key number -------------------------------------------------
    def _side(
        self,
        p: QPainter,
        area: QRectF,
        lane: LaneState,
        frame: Frame[BlockingState],
        theme: Theme,
        compact: bool,
    ) -> QRectF:
        state, t = frame.state, frame.t
        size, small = (13, 11) if compact else (17, 14)
        sock, peer, stat = self._side_boxes(area, compact)
        sent = lane.sent_at is not None and lane.sent_at <= t
        if lane.got_at is not None:
            sdetail: Msg = words.T_SOCKET_READ(n=lane.nbytes)
        elif sent:
            sdetail = words.T_SOCKET_WAITING(n=5)
        else:
            sdetail = words.T_SOCKET_EMPTY
        sstyle = "on" if sent else "off"
        self._frame_box(
            p, sock, words.T_SOCKET, sdetail, theme.muted, theme, compact, sstyle, False
        )
        if sent and lane.sent_at is not None:
            pdetail: Msg = words.T_PEER_DONE(at=lane.sent_at)
        else:
            pdetail = words.T_PEER_IN(s=peer_left(state, t))
        self._frame_box(p, peer, words.T_PEER, pdetail, theme.muted, theme, compact, "off", False)
        if not sent and state.peer_started is not None and state.peer_delay > 0:
            left = peer_left(state, t) / state.peer_delay
            bar = QRectF(peer.x() + 8, peer.bottom() - 4, (peer.width() - 16) * left, 2)
            p.fillRect(bar, theme.accent)
        # The number that tells this mode's story, measured.
        big = 24 if compact else 38
        if stat.height() < max(24.0, self.line_height(big, True) - 2):
            return sock
        value, label, note = self._stat(lane, t)
        value_h = max(min(stat.height() * 0.55, big * 1.4), self.line_height(big, True) - 2)
        self.text(
            p, QRectF(stat.x(), stat.y(), stat.width(), value_h), value, theme.text, big, True
        )
        # The words under the number, each line as high as it is drawn, where there is room.
        line_h = max(small * 1.6, self.line_height(small) - 2)
        if stat.height() < value_h + line_h:
            return sock
        self.text(
            p,
            QRectF(stat.x(), stat.y() + value_h, stat.width(), line_h),
            label,
            theme.muted,
            small,
        )
        if note is not None and stat.height() > value_h + 2 * line_h:
            self.text(
                p,
                QRectF(stat.x(), stat.y() + value_h + line_h, stat.width(), line_h),
                note,
                theme.muted,
                small,
            )
        del size
        return sock

    @staticmethod
    def _side_boxes(area: QRectF, compact: bool) -> tuple[QRectF, QRectF, QRectF]:
        """The socket's and the peer's boxes, and the room under them for the key number."""
        box_h = 46.0 if compact else 70.0
        gap = 8.0 if compact else 14.0
        sock = QRectF(area.x(), area.y(), area.width(), box_h)
        peer = QRectF(area.x(), sock.bottom() + gap, area.width(), box_h)
        stat = QRectF(
            area.x(), peer.bottom() + gap, area.width(), area.bottom() - peer.bottom() - gap
        )
        return sock, peer, stat

    def _legend_rect(self, area: QRectF, compact: bool) -> QRectF | None:
        """Where the side legend goes (the single panel only: the 2x2 keys it in the header)."""
        stat = self._side_boxes(area, compact)[2]
        big, small = (24, 11) if compact else (38, 14)
        value_h = min(stat.height() * 0.55, big * 1.4)
        if compact or stat.height() < 24 or stat.height() <= value_h + small * 4.8 + 3 * 34:
            return None
        return QRectF(stat.x(), stat.bottom() - 3 * 34, stat.width(), 3 * 34)

    def _legend(self, p: QPainter, rect: QRectF, theme: Theme) -> None:
        row = rect.height() / 3
        key_w = self._token_size(False)[0]
        self._token_at(p, QPointF(rect.x() + key_w, rect.y() + row / 2), theme, False)
        solid = QRectF(rect.x(), rect.y() + row + 6, key_w, row - 12)
        self.box(p, solid, mix(theme.muted, theme.panel, 0.18), theme.muted, 6, width=1.8)
        dashed = QRectF(rect.x(), rect.y() + 2 * row + 6, key_w, row - 12)
        self.box(p, dashed, None, theme.muted, 6, width=1.4, pattern=DASHES)
        for i, text in enumerate((words.T_KEY_TOKEN, words.T_KEY_ON, words.T_KEY_OFF)):
            line = QRectF(rect.x() + key_w + 10, rect.y() + i * row, rect.width() - key_w - 10, row)
            self.text(p, line, text, theme.muted, 13)

    def _stat(self, lane: LaneState, t: float) -> tuple[str | Msg, Msg, Msg | None]:
        if lane.mode == SYNC_NONBLOCKING:
            rate = poll_rate(lane, t)
            note = words.T_POLL_RATE(rate=rate) if lane.waiting and rate > 0 else None
            return f"{lane.polls:,}", words.T_POLLS, note
        if lane.mode == ASYNC_NONBLOCKING:
            return str(lane.other_steps_waiting), words.T_STEPS, None
        held = recv_held(lane, t)
        if lane.mode == ASYNC_BLOCKING:
            note = words.T_STALL_LAG(lag=seconds(lane.stall)) if lane.stall > 0 else None
            return seconds(held), words.T_STALL, note
        return seconds(held), words.T_BLOCKED_FOR, None

    def _packet(
        self,
        p: QPainter,
        callee: QRectF,
        sock: QRectF,
        lane: LaneState,
        frame: Frame[BlockingState],
        theme: Theme,
        compact: bool,
    ) -> None:
        """The reply travelling from the peer into the socket, then the data up into recv()."""
        t = frame.t
        if lane.sent_at is None or t < lane.sent_at:
            return
        size = 8.0 if compact else 11.0
        colour = theme.actor(ROLE_COLOUR[CALLEE])
        if t - lane.sent_at < MOVE_SECONDS:
            k = ease((t - lane.sent_at) / MOVE_SECONDS)
            y = sock.bottom() + (sock.height() * 0.6) * (1 - k)
            p.setBrush(colour)
            p.setPen(Qt.PenStyle.NoPen)
            p.drawRect(QRectF(sock.right() - 3 * size, y - size / 2, 2 * size, size))
        if lane.got_at is not None and 0 <= t - lane.got_at < 1.0:
            a = QPointF(sock.x() - 4, sock.center().y())
            b = QPointF(callee.right() + 4, callee.center().y())
            self.arrow(p, a, b, colour, 2.5 if compact else 3.0)

    # -- the last move, in words -----------------------------------------------------------------
    def _last_move(
        self, p: QPainter, rect: QRectF, lane: LaneState, t: float, theme: Theme, compact: bool
    ) -> None:
        size = 12 if compact else 16
        if (
            lane.mode == SYNC_NONBLOCKING
            and lane.last_poll is not None
            and lane.holder == CALLER
            and lane.got_at is None
            and lane.polls > 1
        ):
            text = words.T_LAST_MOVE(t=lane.last_poll, what=words.T_POLL_MOVE(n=lane.polls))
            self.text(p, rect, text, theme.text, size, False)
            return
        if lane.done_at is not None and t >= lane.done_at:
            what = words.T_DONE_LINE(n=lane.nbytes) if lane.error is None else lane.error
            self.text(p, rect, words.T_LAST_MOVE(t=lane.done_at, what=what), theme.muted, size)
            return
        move: Move | None = lane.last_move
        if move is None:
            return
        fresh = t - move.t < 0.6
        text = words.T_LAST_MOVE(t=move.t, what=move_text(move))
        self.text(p, rect, text, theme.text if fresh else theme.muted, size, fresh)
