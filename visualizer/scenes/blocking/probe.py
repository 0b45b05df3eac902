"""How the blocking scene sees its real sockets without changing the code it shows.

The code panel shows plain ``sock.recv(1024)`` calls. The sockets handed to that code are
:class:`ProbedSocket` objects: real TCP sockets over 127.0.0.1 whose ``recv`` and ``sendall``
report each call, each return and each ``BlockingIOError`` as it really happens, then behave
exactly like the socket underneath. asyncio's ``loop.sock_recv`` calls the same ``recv``, so the
recording also shows the loop's own attempts.

Polling as fast as possible can raise hundreds of thousands of ``BlockingIOError`` a second.
The first :data:`DETAIL_LIMIT` polls are recorded one by one; after that they are counted and
reported in batches every :data:`BATCH_SECONDS`, so the count stays exact while the log stays
small enough to replay.
"""

from __future__ import annotations

import socket
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from visualizer.core.callsite import caller_line
from visualizer.core.recorder import Event, Feed, Recorder

DETAIL_LIMIT = 1000
_NO_DATA: Mapping[str, Any] = MappingProxyType({})
BATCH_SECONDS = 0.01

# Event kinds (``Event.kind``); every one carries ``lane`` (which of the four modes) in ``data``.
RECV_CALL = "recv_call"  # line: the caller's line in the scene's code, if it is the caller
RECV_RAISE = "recv_raise"  # n: BlockingIOErrors raised so far on this socket
RECV_BATCH = "recv_batch"  # count, first, last: polls counted since the previous report
RECV_RETURN = "recv_return"  # nbytes
RECV_ERROR = "recv_error"  # error
SENT = "sent"  # nbytes: the peer's sendall begins (the data leaves right after)


class ProbedSocket(socket.socket):
    """A real socket that reports its reads and writes to a recorder, attributed to a lane."""

    recorder: Recorder | None = None
    lane: str = ""
    code_file: str = ""

    def probe(self, recorder: Recorder, lane: str, code_file: str) -> None:
        self.recorder = recorder
        self.lane = lane
        self.code_file = code_file
        self.raised = 0
        self._batch = 0
        self._batch_first = 0.0
        self._flushed = 0.0

    def _caller_line(self) -> int | None:
        return caller_line(2, self.code_file)

    def _flush(self, rec: Recorder) -> None:
        if self._batch:
            rec.emit(
                RECV_BATCH,
                self.lane,
                lane=self.lane,
                count=self._batch,
                first=self._batch_first,
                last=rec.now(),
            )
            self._batch = 0

    def recv(self, bufsize: int, flags: int = 0) -> bytes:
        rec = self.recorder
        if rec is None:
            return super().recv(bufsize, flags)
        detailed = self.raised < DETAIL_LIMIT
        if detailed:
            rec.emit(RECV_CALL, self.lane, lane=self.lane, line=self._caller_line())
        try:
            data = super().recv(bufsize, flags)
        except BlockingIOError:
            self.raised += 1
            if detailed:
                rec.emit(RECV_RAISE, self.lane, lane=self.lane, n=self.raised)
            else:
                now = rec.now()
                if self._batch == 0:
                    self._batch_first = now
                self._batch += 1
                if now - self._flushed >= BATCH_SECONDS:
                    self._flush(rec)
                    self._flushed = now
            raise
        except OSError as exc:
            self._flush(rec)
            if not detailed:
                rec.emit(RECV_CALL, self.lane, lane=self.lane, line=self._caller_line())
            rec.emit(RECV_ERROR, self.lane, lane=self.lane, error=f"{type(exc).__name__}: {exc}")
            raise
        self._flush(rec)
        if not detailed:
            rec.emit(RECV_CALL, self.lane, lane=self.lane, line=self._caller_line())
        rec.emit(RECV_RETURN, self.lane, lane=self.lane, nbytes=len(data))
        return data

    def sendall(self, data: Any, flags: int = 0) -> None:
        # Recorded as the send begins: the reader may wake and record its return before this
        # thread runs again, and the log must never show data arriving before it was sent.
        if self.recorder is not None:
            self.recorder.emit(SENT, self.lane, lane=self.lane, nbytes=len(data))
        super().sendall(data, flags)


def loopback_pair(
    recorder: Recorder, lane: str, code_file: str
) -> tuple[ProbedSocket, ProbedSocket]:
    """A connected TCP pair over 127.0.0.1: (reader, peer). The listening socket is closed."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        reader = ProbedSocket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            reader.connect(listener.getsockname())
            accepted, _ = listener.accept()
        except OSError:
            reader.close()
            raise
    peer = ProbedSocket(fileno=accepted.detach())
    peer.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    reader.probe(recorder, lane, code_file)
    peer.probe(recorder, lane, code_file)
    return reader, peer


class LaneRecorder(Recorder):
    """Hands a tracer's events to the run's recorder, tagged with the lane they belong to.

    Each async lane has its own :class:`~visualizer.core.tracer.AsyncTracer`; their task ids
    ("T1", ...) would collide in one log without the tag. Ending one lane's tracer must not end
    the whole recording, so :meth:`finish` does nothing here.
    """

    def __init__(self, parent: Recorder, lane: str) -> None:  # no super(): shares parent's log
        self.parent = parent
        self.lane = lane
        self.t0 = parent.t0
        self.finished_at = None
        self._tagged: dict[int, Feed] = {}

    @property
    def events(self) -> list[Event]:
        return self.parent.events

    def attach(self, feed: Feed) -> None:
        """The tracer's events go to the parent's log, tagged with this lane."""
        lane = self.lane

        def tagged() -> list[Event]:
            return [e._replace(data={**e.data, "lane": lane}) for e in feed()]

        self._tagged[id(feed)] = tagged
        self.parent.attach(tagged)

    def detach(self, feed: Feed) -> None:
        tagged = self._tagged.pop(id(feed), None)
        if tagged is not None:
            self.parent.detach(tagged)

    def now(self) -> float:
        return self.parent.now()

    def emit(self, kind: str, actor: str, **data: Any) -> Event:
        return self.parent.add(kind, actor, {**data, "lane": self.lane})

    def add(self, kind: str, actor: str, data: Mapping[str, Any] = _NO_DATA) -> Event:
        return self.parent.add(kind, actor, {**data, "lane": self.lane})

    def finish(self) -> None:
        return None

    def newest_time(self) -> float:
        return self.parent.newest_time()

    def snapshot(self) -> list[Event]:
        return self.parent.snapshot()
