"""Copy-on-write containers that make copying the queue scene's state cheap.

The timeline copies the state from a checkpoint on every frame and keeps a copy every 128 events,
so with thousands of messages in the system a copy must not copy them all: a :class:`ChunkMap`
shares 64-entry chunks until one side changes one, and a :class:`ChunkQueue` copies one pointer
per 64 messages.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, Protocol, TypeVar


class _Keyed(Protocol):
    """A record the waiting line can find by its message id."""

    @property
    def id(self) -> int: ...


V = TypeVar("V")
R = TypeVar("R", bound=_Keyed)
CHUNK = 64


class ChunkMap(Generic[V]):
    """An int-keyed map whose copies share 64-entry chunks until one side changes a chunk."""

    __slots__ = ("_chunks", "_len", "_owned")

    def __init__(self) -> None:
        self._chunks: dict[int, dict[int, V]] = {}
        self._owned: set[int] = set()
        self._len = 0

    def copy(self) -> ChunkMap[V]:
        other: ChunkMap[V] = ChunkMap()
        other._chunks = self._chunks.copy()
        other._len = self._len
        self._owned = set()  # from now on both sides share every chunk: copy before writing
        return other

    def _writable(self, c: int) -> dict[int, V] | None:
        chunk = self._chunks.get(c)
        if chunk is not None and c not in self._owned:
            chunk = dict(chunk)
            self._chunks[c] = chunk
            self._owned.add(c)
        return chunk

    def __len__(self) -> int:
        return self._len

    def __contains__(self, key: int) -> bool:
        chunk = self._chunks.get(key // CHUNK)
        return chunk is not None and key in chunk

    def get(self, key: int) -> V | None:
        chunk = self._chunks.get(key // CHUNK)
        return None if chunk is None else chunk.get(key)

    def set(self, key: int, value: V) -> None:
        c = key // CHUNK
        chunk = self._writable(c)
        if chunk is None:
            self._chunks[c] = {key: value}
            self._owned.add(c)
            self._len += 1
            return
        if key not in chunk:
            self._len += 1
        chunk[key] = value

    def pop(self, key: int) -> V | None:
        c = key // CHUNK
        chunk = self._chunks.get(c)
        if chunk is None or key not in chunk:
            return None
        chunk = self._writable(c)
        assert chunk is not None
        value = chunk.pop(key)
        self._len -= 1
        if not chunk:
            del self._chunks[c]
            self._owned.discard(c)
        return value

    def values(self) -> Iterator[V]:
        for chunk in self._chunks.values():
            yield from chunk.values()


class ChunkQueue(Generic[R]):
    """The waiting line in order, head first, as a list of tuples of up to 64 messages."""

    __slots__ = ("_chunks", "_len")

    def __init__(self) -> None:
        self._chunks: list[tuple[R, ...]] = []
        self._len = 0

    def copy(self) -> ChunkQueue[R]:
        other: ChunkQueue[R] = ChunkQueue()
        other._chunks = list(self._chunks)
        other._len = self._len
        return other

    def __len__(self) -> int:
        return self._len

    def append(self, rec: R) -> None:
        chunks = self._chunks
        if chunks and len(chunks[-1]) < CHUNK:
            chunks[-1] = (*chunks[-1], rec)
        else:
            chunks.append((rec,))
        self._len += 1

    def appendleft(self, rec: R) -> None:
        chunks = self._chunks
        if chunks and len(chunks[0]) < CHUNK:
            chunks[0] = (rec, *chunks[0])
        else:
            chunks.insert(0, (rec,))
        self._len += 1

    def remove(self, msg: int) -> R | None:
        """Take message ``msg`` out; the broker is FIFO, so it is almost always the head."""
        chunks = self._chunks
        for i, chunk in enumerate(chunks):
            for j, rec in enumerate(chunk):
                if rec.id == msg:
                    rest = chunk[:j] + chunk[j + 1 :]
                    if rest:
                        chunks[i] = rest
                    else:
                        del chunks[i]
                    self._len -= 1
                    return rec
        return None

    def __iter__(self) -> Iterator[R]:
        for chunk in self._chunks:
            yield from chunk
