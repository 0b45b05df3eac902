"""How the child of a traced script is started: its command line, environment and pipe.

Kept apart from the decoding in :mod:`visualizer.core.script_process`, with nothing but the
standard library's smallest modules, so ``visualizer trace`` can start the child before it
imports what it needs to read the trace: the parent's imports then overlap the child's own
start-up instead of adding to the traced run's time.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None  # type: ignore[assignment]

PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PIPE_BYTES = 1 << 20  # Linux's default most for an unprivileged user


def runner_command(
    target: Sequence[str],
    *,
    fd: int,
    module: bool = False,
    python: str | None = None,
    cap: int | None = None,
    run_main: bool = False,
) -> list[str]:
    """argv of the child: ``target`` is the script (or module) and its arguments."""
    cmd = [python or sys.executable, "-m", "visualizer.core.script_runner", "--fd", str(fd)]
    if cap is not None:
        cmd += ["--cap", str(cap)]
    if run_main:
        cmd.append("--run-main")
    if module:
        cmd += ["-m", target[0], *target[1:]]
    else:
        cmd += ["--", *target]
    return cmd


def trace_pipe() -> tuple[int, int]:
    """A pipe for the child's trace (read end, write end), as wide as the system allows.

    The child writes a batch every 50 ms and at its end; a batch of a busy script is hundreds of
    kilobytes, and in a pipe of Linux's default 64 KB the child's last write waits for the
    parent to read (and decode) all of it before the script's process can exit.
    """
    read_fd, write_fd = os.pipe()
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if set_size is not None:
        # over /proc/sys/fs/pipe-max-size for this user: the default size works too
        with contextlib.suppress(OSError):
            fcntl.fcntl(write_fd, set_size, PIPE_BYTES)
    return read_fd, write_fd


def runner_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment with this package importable, for any interpreter given with --python."""
    env = dict(os.environ if base is None else base)
    paths = [PACKAGE_ROOT, *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env
