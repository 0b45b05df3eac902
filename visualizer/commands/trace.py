"""``visualizer trace SCRIPT.py [ARGS...]``: run a script traced in a child Python, write its trace.

The script runs as under plain ``python`` (stdin, stdout, stderr and the exit status are its
own); everything after the script's name is its own argument list, so options for ``trace``
come first. The trace streams back over a pipe while it runs (:mod:`visualizer.core.
script_runner`) and is written at the end as ``--json`` (the README's schema) and/or
``--chrome`` (Chrome Trace Event Format, for Perfetto). Files are written atomically, also
after a timeout or a crash of the script: what was recorded up to then.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from visualizer.commands.common import USAGE_ERROR, OneLineParser
from visualizer.core.script_spawn import runner_command, runner_env, trace_pipe
from visualizer.core.trace_events import DEFAULT_CAP

if TYPE_CHECKING:
    from visualizer.core.script_process import TraceStream

# The child is started before the modules that read and write the trace are imported (see
# :func:`start_traced`): their import then overlaps the child's own start-up.

TIMEOUT_STATUS = 124  # what coreutils' timeout answers


def trace_parser() -> OneLineParser:
    parser = OneLineParser(
        prog="visualizer trace",
        description="Run an asyncio script traced in a child Python process and write its trace.",
        epilog="Options go before the script; everything after it is the script's own.",
    )
    parser.add_argument("--json", metavar="OUT", help="write the trace as JSON (README schema)")
    parser.add_argument("--chrome", metavar="OUT", help="write a Chrome/Perfetto trace")
    parser.add_argument("--timeout", type=float, metavar="S", help="kill the script after S s")
    parser.add_argument("--python", metavar="PY", help="interpreter to run it with")
    parser.add_argument(
        "--max-events",
        type=int,
        default=DEFAULT_CAP,
        metavar="N",
        help=f"stop recording after N events (default {DEFAULT_CAP:,})",
    )
    parser.add_argument("-m", dest="module", metavar="MODULE", help="run a module, as python -m")
    parser.add_argument("target", nargs=argparse.REMAINDER, help="SCRIPT.py [ARGS...]")
    return parser


def _check(parser: OneLineParser, opts: argparse.Namespace) -> None:
    if opts.module is None:
        if not opts.target:
            parser.error("give a script to run (or -m MODULE)")
        script = opts.target[0]
        if not os.path.isfile(script):
            parser.error(f"no such script: {script}")
        if not os.access(script, os.R_OK):
            parser.error(f"cannot read {script}")
    if opts.timeout is not None and not opts.timeout > 0:
        parser.error(f"--timeout must be a positive number of seconds (got {opts.timeout})")
    if opts.max_events < 1:
        parser.error(f"--max-events must be at least 1 (got {opts.max_events})")
    if opts.python is not None:
        import shutil

        found = shutil.which(opts.python)
        if found is None:
            parser.error(f"no such interpreter: {opts.python}")
        opts.python = found
    for flag in ("json", "chrome"):
        out = getattr(opts, flag)
        if out is not None:
            folder = _folder_of(out)
            if not os.path.isdir(folder) or not os.access(folder, os.W_OK):
                parser.error(f"--{flag}: cannot write in {folder}")


def _folder_of(path: str | os.PathLike[str]) -> str:
    return os.path.dirname(os.path.realpath(path))


class JsonStream:
    """``{"version": 1, "events": [...], ...}`` written batch by batch while the script runs.

    Formatting the events as they arrive keeps the work on the parent's core, beside the
    traced script, instead of after it; the file appears (atomically) only at :meth:`close`.
    """

    def __init__(self, path: str) -> None:
        import tempfile

        from visualizer.core.script_events import SCHEMA_VERSION

        self.target = path
        name = os.path.basename(path)
        fd, self.tmp = tempfile.mkstemp(prefix=name, suffix=".tmp", dir=_folder_of(path))
        self.out = os.fdopen(fd, "w", encoding="utf-8")
        self.first = True
        self.error: OSError | None = None  # the first write that failed (a full disk)
        self._put(f'{{"version":{SCHEMA_VERSION},"events":[')

    def _put(self, text: str) -> None:
        if self.error is None:
            try:
                self.out.write(text)
            except OSError as exc:  # keep reading the pipe: the script must not stall on it
                self.error = exc

    def write(self, batch: list[str]) -> None:
        """Events already as JSON text (:attr:`TraceStream.on_text`)."""
        if batch:
            body = ",".join(batch)
            self._put(body if self.first else "," + body)
            self.first = False

    def close(self, meta: dict[str, Any]) -> None:
        """Finish the file and put it in place; on a failed write, remove it and raise that."""
        import json

        self._put("]," + json.dumps(meta, default=repr)[1:])
        try:
            self.out.close()
        except OSError as exc:
            self.error = self.error or exc
        if self.error is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.tmp)
            raise self.error
        os.replace(self.tmp, self.target)


def write_atomically(path: str | os.PathLike[str], payload: Any) -> None:
    """Write JSON so that the file is either the whole new one or untouched."""
    import json
    import tempfile

    name = os.path.basename(path)
    fd, tmp = tempfile.mkstemp(prefix=str(name), suffix=".tmp", dir=_folder_of(path))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(payload, out, separators=(",", ":"), default=repr)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


class Traced:
    """The traced script's child process and the read end of its trace pipe."""

    def __init__(
        self,
        target: Sequence[str],
        *,
        module: bool = False,
        python: str | None = None,
        cap: int = DEFAULT_CAP,
    ) -> None:
        self.read_fd, write_fd = trace_pipe()
        cmd = runner_command(target, fd=write_fd, module=module, python=python, cap=cap)
        # a terminal's Ctrl-C reaches both; stdin stays readable
        self.own_group = not sys.stdin.isatty()
        try:
            self.proc = subprocess.Popen(
                cmd,
                pass_fds=(write_fd,),
                env=runner_env(),
                process_group=0 if self.own_group else None,
            )
        except BaseException:
            os.close(self.read_fd)
            raise
        finally:
            os.close(write_fd)

    def stop(self) -> None:
        """Kill the child (its process group too) and close the pipe, reading nothing."""
        _kill(self.proc, self.own_group)
        self.proc.wait()
        os.close(self.read_fd)

    def follow(self, stream: TraceStream, timeout: float | None) -> tuple[int, bool]:
        """Read the pipe into ``stream`` until the child ends; its status, whether it timed out."""
        reader = threading.Thread(target=_read_all, args=(self.read_fd, stream), daemon=True)
        reader.start()
        proc, timed_out = self.proc, False
        try:
            status = proc.wait(timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            _kill(proc, self.own_group)
            status = proc.wait()
        except KeyboardInterrupt:
            if self.own_group:
                os.killpg(proc.pid, signal.SIGINT)
            status = proc.wait()
        reader.join()
        return status, timed_out


def _read_all(fd: int, stream: TraceStream) -> None:
    with os.fdopen(fd, "rb", buffering=0) as pipe:
        while chunk := pipe.read(1 << 16):
            stream.feed(chunk)


def _kill(proc: subprocess.Popen[bytes], own_group: bool) -> None:
    try:
        if own_group:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except ProcessLookupError:
        pass


def _write_chrome(path: str, events: list[dict[str, Any]], meta: dict[str, Any]) -> None:
    from visualizer.core.chrome_trace import chrome_trace

    write_atomically(path, chrome_trace(events, **meta))


def trace_main(argv: Sequence[str]) -> int:
    parser = trace_parser()
    opts = parser.parse_args(argv)
    if opts.target and opts.target[0] == "--":
        opts.target = opts.target[1:]
    _check(parser, opts)
    target = [opts.module, *opts.target] if opts.module else opts.target
    try:
        traced = Traced(
            target, module=opts.module is not None, python=opts.python, cap=opts.max_events
        )
    except OSError as exc:
        python = opts.python or "python"
        print(f"visualizer trace: error: cannot start {python}: {exc}", file=sys.stderr)
        return USAGE_ERROR
    # imported now, while the child starts
    from visualizer.core.script_process import TraceStream

    events: list[dict[str, Any]] = []
    try:
        json_out = JsonStream(opts.json) if opts.json else None
    except OSError as exc:  # the folder was checked; it can still fill up or go away
        traced.stop()
        print(f"visualizer trace: error: cannot write {opts.json}: {exc.strerror}", file=sys.stderr)
        return USAGE_ERROR
    stream = TraceStream(
        on_events=events.extend if opts.chrome else None,
        on_text=json_out.write if json_out is not None else None,
    )
    status, timed_out = traced.follow(stream, opts.timeout)
    meta = {
        "script": target[0],
        "module": opts.module is not None,
        "status": status,
        "timed_out": timed_out,
        "cut": stream.cut,
        "dropped": stream.dropped,
    }
    # a full disk: one line for each file, neither left half-written (each is atomic)
    errors: list[str] = []
    if json_out is not None:
        try:
            json_out.close(meta)
        except OSError as exc:
            errors.append(f"visualizer trace: error: cannot write {opts.json}: {exc.strerror}")
    if opts.chrome:
        try:
            _write_chrome(opts.chrome, events, meta)
        except OSError as exc:
            errors.append(f"visualizer trace: error: cannot write {opts.chrome}: {exc.strerror}")
    for line in errors:
        print(line, file=sys.stderr)
    if errors:
        return USAGE_ERROR
    if stream.cut is not None:
        print(
            f"visualizer trace: recording stopped after {opts.max_events:,} events "
            f"(at t={stream.cut.get('t', 0):.3f} s); {stream.dropped:,} more dropped",
            file=sys.stderr,
        )
    if timed_out:
        print(f"visualizer trace: timed out after {opts.timeout:g} s; killed", file=sys.stderr)
        return TIMEOUT_STATUS
    if status < 0:
        name = signal.Signals(-status).name if -status in signal.valid_signals() else -status
        print(f"visualizer trace: the script was killed by signal {name}", file=sys.stderr)
        return 128 - status
    return status
