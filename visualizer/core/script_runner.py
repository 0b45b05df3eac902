"""The child side of ``visualizer trace`` and the "Your code" scene: run one script traced.

``python -m visualizer.core.script_runner --fd N [--cap EVENTS] [--run-main] (SCRIPT | -m MODULE)
[ARGS...]``; ``--run-main``: a file that ran no task but defines ``async def main()`` gets
``asyncio.run(main())`` (the app's "Your code" scene, for files written that way).

The script runs with :func:`runpy.run_path` (or :func:`runpy.run_module`) as ``__main__``, so
its ``if __name__ == "__main__":`` guard, ``sys.argv``, ``sys.path[0]`` and the pre-3.7
``get_event_loop().run_until_complete(...)`` form behave as under plain ``python``. Its
stdin/stdout/stderr are the process's own, untouched; the trace goes to file descriptor ``N``
as lines of JSON (one kind followed by a binary payload), written by a thread every
``INTERVAL`` seconds so the script never waits for the reader:

- ``{"type": "hello", "clock": monotonic start, "pid", "python"}``
- ``{"type": "raw", "size": N}`` and then ``N`` bytes: the tracer's own flat record list
  (:mod:`visualizer.core.trace_events`) with raw clock times, as it is, in :mod:`marshal`'s
  format 4 (every interpreter the project supports reads it). The parent decodes it
  (:class:`~visualizer.core.script_process.TraceStream`), so the work of naming and
  formatting is done on the parent's core, not in the traced script's process. Marshal, not
  JSON: the drain holds the traced script's GIL while it encodes, and marshal writes a batch
  about fifteen times faster (46 ms against 3 ms for the 2,000-task bench script's 288,000
  values; writing floats is JSON's slow part). A batch marshal cannot write (a value of a type
  it does not know) goes as ``{"type": "raw", "records": [...]}`` in JSON instead.
- ``{"type": "stacks", "from": k, "stacks": [[[function, file, line], ...], ...]}``: entries
  ``k``, ``k + 1``... of the stack table that the next records refer to by id
- ``{"type": "events", "events": [...]}``: events already in the published schema
  (:mod:`visualizer.core.script_events`): a step holding its loop for long (``blocked``)
- ``{"type": "cut", "t", "after"}``: the stream stops after ``after`` events (``--cap``); the
  records after it are dropped as they come, so memory stays bounded too
- ``{"type": "syntax_error", "file", "line", "offset", "message"}``
- ``{"type": "exception", "traceback", "line"}``: the traceback with the script's frames only
- ``{"type": "end", "status", "events", "dropped"}`` (absent when the process died abruptly:
  ``os._exit``, a signal; the parent then reports the process's own status)

The process exits with the script's own exit status (1 after an uncaught exception, as Python).
This module is run in a child only; importing it has no effect.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import marshal
import os
import runpy
import sys
import threading
import time
import traceback
from collections.abc import Sequence
from typing import IO, Any

from visualizer.core.trace_events import ARITY, DEFAULT_CAP, Frame, count
from visualizer.core.tracer import ProcessTracer, _stack_above_wrapper

INTERVAL = 0.05
MARSHAL_VERSION = 4  # the newest format, written and read alike by Python 3.4 and later
LONG_STEP = 0.1  # a step holding its loop this long gets a "blocked" event with its stack

_HIDDEN_FILES = {os.path.abspath(__file__), os.path.abspath(runpy.__file__)}


class Streamer:
    """Moves the tracer's records to the pipe on a thread of its own, up to the cap."""

    def __init__(self, tracer: ProcessTracer, out: IO[bytes], cap: int) -> None:
        self.tracer = tracer
        self.out = out
        self.cap = cap
        self.sent = 0
        self.dropped = 0
        self.cut = False
        self.stacks_sent = 0  # entries of the sink's stack table sent so far
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="trace-streamer", daemon=True)
        self._watch = (-1, -1, 0.0)  # (steps, reported step, since)

    def line(self, obj: dict[str, Any]) -> None:
        self.line_text(json.dumps(obj, default=repr, separators=(",", ":")))

    def line_text(self, text: str) -> None:
        self.write((text + "\n").encode())

    def write(self, data: bytes) -> None:
        with self._lock:
            try:
                self.out.write(data)
                self.out.flush()
            except (BrokenPipeError, OSError, ValueError):
                pass  # the reader went away; the script still runs to its end

    def start(self) -> None:
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(INTERVAL):
            self.drain()
            self._check_long_step()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        self.drain()

    def drain(self) -> None:
        sink = self.tracer.sink
        records = sink.records
        n = len(records)
        if not n:
            return
        batch = records[:n]
        del records[:n]  # records added by other threads after the n-th stay for the next drain
        total = count(batch)
        room = self.cap - self.sent
        if room <= 0:
            self.dropped += total
            return
        self._send_stacks(sink.stack_table)
        if total > room:
            batch = batch[: _offset_of(batch, room)]
        self.sent += min(total, room)
        self._send_records(batch)
        if total > room:
            self.dropped += total - room
            self.cut = True
            t = round(batch[_offset_of(batch, room - 1)] - self.tracer.t0, 7) if room else 0.0
            self.line({"type": "cut", "t": t, "after": self.cap})

    def _send_records(self, batch: list[Any]) -> None:
        try:
            payload = marshal.dumps(batch, MARSHAL_VERSION)
        except ValueError:  # a value marshal does not know: JSON, with repr for the rest
            body = json.dumps(batch, default=repr, separators=(",", ":"))
            self.line_text('{"type":"raw","records":' + body + "}")
            return
        self.write(b'{"type":"raw","size":%d}\n' % len(payload) + payload)

    def _send_stacks(self, table: list[tuple[Frame, ...]]) -> None:
        """Stacks first seen since the last drain, before the records that refer to them."""
        start, end = self.stacks_sent, len(table)
        if end > start:
            self.line({"type": "stacks", "from": start, "stacks": table[start:end]})
            self.stacks_sent = end

    def _check_long_step(self) -> None:
        """A step that keeps its loop for long (``time.sleep`` in a coroutine) says where."""
        sink = self.tracer.sink
        steps, actor = sink.steps, sink.current
        seen, reported, since = self._watch
        now = time.monotonic()
        if actor is None or steps != seen:
            self._watch = (steps, reported, now)
            return
        if steps == reported or now - since < LONG_STEP or self.cut:
            return
        for frame in sys._current_frames().values():
            stack = _stack_above_wrapper(frame)
            if stack and sink.current == actor and sink.steps == steps:
                self._watch = (steps, steps, since)
                event = {"t": round(now - self.tracer.t0, 7), "kind": "blocked", "task": actor}
                event["name"] = None
                event["stack"] = [{"func": f, "file": p, "line": n} for f, p, n in stack]
                self.line({"type": "events", "events": [event]})
                return


class _Options:
    """The child's argv, as :func:`~visualizer.core.script_spawn.runner_command` builds it.

    Parsed by hand: ``argparse`` (and ``gettext`` behind it) would be imported into every
    traced script's process for four fixed options.
    """

    def __init__(self, argv: Sequence[str]) -> None:
        self.fd = -1
        self.cap = DEFAULT_CAP
        self.run_main = False
        self.module: str | None = None
        self.target: list[str] = []
        args = list(argv)
        while args:
            arg = args.pop(0)
            if arg in ("--fd", "--cap") and args:
                setattr(self, arg[2:], int(args.pop(0)))
            elif arg == "--run-main":
                self.run_main = True
            elif arg == "-m" and args:
                self.module = args.pop(0)
                self.target = args
                break
            else:
                self.target = args if arg == "--" else [arg, *args]
                break
        if self.fd < 0 or not (self.module or self.target):
            usage = "usage: script_runner --fd N [--cap N] [--run-main] (-m MODULE | SCRIPT)"
            raise SystemExit(usage)


def _offset_of(flat: list[Any], k: int) -> int:
    """Where the ``k``-th record (from 0) of a flat record list starts."""
    i = 0
    for _ in range(k):
        i += ARITY[flat[i + 1]]
    return i


def _user_traceback(exc: BaseException) -> tuple[str, int | None]:
    """The traceback without the runner's and runpy's frames, and the script's deepest line."""
    tb = exc.__traceback__
    while tb is not None and _hidden(tb.tb_frame.f_code.co_filename):
        tb = tb.tb_next
    exc.__traceback__ = tb
    text = "".join(traceback.format_exception(exc))
    line = None
    for frame, lineno in traceback.walk_tb(tb):
        if not _hidden(frame.f_code.co_filename):
            line = lineno if frame.f_code.co_filename == _SCRIPT[0] else line
    return text, line


def _hidden(filename: str) -> bool:
    return filename in _HIDDEN_FILES or filename.startswith("<frozen ")


_SCRIPT = [""]


def run(argv: Sequence[str]) -> int:
    opts = _Options(argv)
    out = os.fdopen(opts.fd, "wb", buffering=1 << 16)
    tracer = ProcessTracer()
    streamer = Streamer(tracer, out, max(0, opts.cap))
    if opts.module:
        sys.argv = [opts.module, *opts.target]
        sys.path[0] = os.getcwd()
    else:
        script = os.path.abspath(opts.target[0])
        _SCRIPT[0] = script
        sys.argv = [opts.target[0], *opts.target[1:]]
        sys.path[0] = os.path.dirname(script)
    status = 0
    tracer.start()
    streamer.line({"type": "hello", "clock": tracer.t0, "pid": os.getpid(), "python": sys.version})
    streamer.start()
    try:
        if opts.module:
            runpy.run_module(opts.module, run_name="__main__", alter_sys=True)
        else:
            namespace = runpy.run_path(_SCRIPT[0], run_name="__main__")
            main = namespace.get("main")
            ran_nothing = not streamer.sent and not tracer.record_count()
            if opts.run_main and ran_nothing and inspect.iscoroutinefunction(main):
                asyncio.run(main())  # a file that only defines main()
    except SystemExit as exc:
        status = _exit_status(exc)
    except SyntaxError as exc:
        tracer.stop()
        info = {"file": exc.filename, "line": exc.lineno, "offset": exc.offset}
        streamer.line({"type": "syntax_error", **info, "message": exc.msg})
        sys.stderr.write("".join(traceback.format_exception_only(exc)))
        status = 1
    except BaseException as exc:  # the script's own error: report it as Python would
        text, line = _user_traceback(exc)
        streamer.line({"type": "exception", "traceback": text, "line": line})
        sys.stderr.write(text)
        status = 1
    finally:
        tracer.stop()
        streamer.stop()
    sys.stdout.flush()
    summary = {"status": status, "events": streamer.sent, "dropped": streamer.dropped}
    streamer.line({"type": "end", **summary})
    out.close()
    return status


def _exit_status(exc: SystemExit) -> int:
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")
    return 1


def _main() -> None:  # pragma: no cover - runs in the child
    status = run(sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    raise SystemExit(status)


if __name__ == "__main__":
    _main()
