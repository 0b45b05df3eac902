"""The real code the blocking scene runs. The code panel shows these functions as they are.

Every reader gets one end of a real TCP connection over 127.0.0.1; ``peer`` holds the other ends
and answers after the delay the learner sets.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Callable

REPLY = b"hello"


def peer(socks: list[socket.socket], delay: float, stop: threading.Event) -> None:
    if stop.wait(delay):  # the other side answers after `delay` seconds (unless the run stops)
        return
    for sock in socks:
        sock.sendall(REPLY)  # every reader's data arrives at the same moment


def sync_blocking(sock: socket.socket) -> bytes:
    return sock.recv(1024)  # blocking: the thread sleeps inside recv until data arrives


def sync_nonblocking(sock: socket.socket, interval: Callable[[], float]) -> tuple[bytes, int]:
    sock.setblocking(False)  # recv must answer at once, data or not
    polls = 0
    while True:
        try:
            return sock.recv(1024), polls  # control comes straight back either way
        except BlockingIOError:  # "nothing yet": the caller keeps control (제어권)
            polls += 1
            time.sleep(interval())  # does something else for a moment, then asks again


async def other_work() -> None:
    while True:
        await asyncio.sleep(0.1)  # another task that needs the loop now and then


async def async_nonblocking(sock: socket.socket) -> bytes:
    sock.setblocking(False)
    loop = asyncio.get_running_loop()
    other = asyncio.create_task(other_work())
    try:
        return await loop.sock_recv(sock, 1024)  # no data yet: park, hand the loop back
    finally:
        other.cancel()


async def async_blocking(sock: socket.socket) -> bytes:
    other = asyncio.create_task(other_work())
    try:
        return sock.recv(1024)  # a blocking call inside a coroutine: the whole loop stops here
    finally:
        other.cancel()
