"""Closing the real app at any moment: a child process running, a server under load.

Each test starts ``python -m visualizer`` (offscreen) as a subprocess, waits until the state it
is about is really reached (the learner's script has started a process of its own, the server
has answered requests), closes the window by SIGTERM (the app's own close path) and checks: exit
status 0 within 1 s of the signal, nothing on stderr, and no process of the run left behind.
The 1 s is the issue's tolerance for a real run (one of up to three attempts must make it, see
:func:`within_a_second`); the times measured are printed in the summary.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# The offscreen platform says this about every window it shows; a real display does not.
QT_OFFSCREEN_NOTE = "This plugin does not support propagateSizeHints()"
EXIT_WITHIN = 1.0
ATTEMPTS = 3
QUIET_RATIO = 6  # 1 s over the ~0.15 s a quiet exit takes on an idle machine


def children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Still running: a zombie its new parent has not reaped yet holds nothing and counts not."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def tcp_states(pid: int) -> list[str]:
    """The TCP states of ``pid``'s sockets ("0A" listening, "01" connected), from /proc."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    states = []
    for table in ("tcp", "tcp6"):
        try:
            rows = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        states += [row.split()[3] for row in rows if row.split()[9] in inodes]
    return states


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


class App:
    """The app in a subprocess, with its stderr collected and its first paint awaited."""

    def __init__(self, tmp_path: Path, *args: str) -> None:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "VISUALIZER_REPORT_PAINT": "1",
            "VISUALIZER_SETTINGS": str(tmp_path / "settings.ini"),  # never the user's own
        }
        self.err_path = tmp_path / "stderr.txt"
        self._err = self.err_path.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "visualizer", *args],
            stdout=subprocess.PIPE,
            stderr=self._err,
            text=True,
            env=env,
            cwd=tmp_path,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line.startswith("visualizer: first-paint-ms="), line + self.stderr()

    def stderr(self) -> str:
        self._err.flush()
        text = self.err_path.read_text()
        return "\n".join(line for line in text.splitlines() if line != QT_OFFSCREEN_NOTE)

    def close(self) -> float:
        """SIGTERM (the window closes), then the seconds until the process has exited."""
        start = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)
        return time.monotonic() - start

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self._err.close()


@pytest.fixture
def launch(tmp_path: Path) -> Iterator[Callable[..., App]]:
    apps: list[App] = []

    def start(*args: str) -> App:
        apps.append(App(tmp_path, *args))
        return apps[-1]

    yield start
    for app in apps:
        app.kill()


def wait_for(check: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def within_a_second(once: Callable[[int], float]) -> list[float]:
    """Run a closing scenario until one exit comes within 1 s, at most ATTEMPTS times.

    Every attempt must pass all the other checks; only the time gets more tries, because the
    test machine runs other tests beside this one (two cores, pytest-xdist, a soak), and a slow
    attempt there says nothing about the app. A shutdown that really takes longer fails them all.
    """
    times: list[float] = []
    while len(times) < ATTEMPTS and (not times or min(times) >= EXIT_WITHIN):
        times.append(once(len(times)))
    return times


def quiet_exit(launch: Callable[..., App]) -> float:
    """The same app closed with nothing running (a finished run): the machine's own pace."""
    app = launch("--scene", "event-loop", "--preset", "sequential", "--set", "tasks=1")
    time.sleep(0.5)
    took = app.close()
    assert app.proc.returncode == 0, app.stderr()
    return took


def assert_quick(times: list[float], quiet: float) -> None:
    """Within 1 s; on a machine so loaded that even a quiet exit is slow, within the same
    ratio to a quiet exit measured in this test (a quiet exit takes ~0.15 s on an idle one)."""
    best = min(times)
    assert best < EXIT_WITHIN or best < QUIET_RATIO * quiet, (times, quiet)


def _ms(times: list[float]) -> str:
    return ", ".join(f"{t * 1000:.0f} ms" for t in times)


def test_closing_while_the_learners_script_and_its_own_process_run(
    launch: Callable[..., App], tmp_path: Path, figure: Callable[[str], None]
) -> None:
    def once(n: int) -> float:
        pid_file = tmp_path / f"grandchild-{n}.pid"
        script = tmp_path / f"spawner-{n}.py"
        script.write_text(
            "import subprocess, sys, time\n"
            "from pathlib import Path\n"
            "\n"
            "helper = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
            f"Path({str(pid_file)!r}).write_text(str(helper.pid))\n"
            "time.sleep(60)  # the window closes while the script sleeps\n"
        )
        app = launch(str(script))
        wait_for(pid_file.exists, 30, "the script to start its own process")
        wait_for(lambda: pid_file.read_text().strip(), 5, "the pid to be written")
        helper = int(pid_file.read_text())
        runners = [p for p in children(app.proc.pid) if "script_runner" in cmdline(p)]
        assert len(runners) == 1, [cmdline(p) for p in children(app.proc.pid)]
        assert alive(helper) and alive(runners[0])
        took = app.close()
        assert app.proc.returncode == 0, app.stderr()
        assert app.stderr() == ""
        gone = lambda: not alive(runners[0]) and not alive(helper)  # noqa: E731
        wait_for(gone, 2, "the script's processes to go")
        return took

    times = within_a_second(once)
    quiet = quiet_exit(launch) if min(times) >= EXIT_WITHIN else 0.0
    figure(f"shutdown with the learner's script and its child running: {_ms(times)} ({quiet:.2f})")
    assert_quick(times, quiet)


@pytest.mark.parametrize("preset", ["pool", "async", "blocking-async"])
def test_closing_while_the_server_scene_serves_its_load(
    launch: Callable[..., App], preset: str, figure: Callable[[str], None]
) -> None:
    def once(_n: int) -> float:
        app = launch(
            "--scene", "server", "--preset", preset, "--set", "rate=200", "--set", "slow=0.3"
        )

        # The server listens and the load's clients are connected: requests are in flight.
        def serving() -> bool:
            states = tcp_states(app.proc.pid)
            return "0A" in states and states.count("01") >= 2

        wait_for(serving, 20, "the server to listen and its clients to connect")
        time.sleep(0.5)  # some requests inside the slow step
        took = app.close()
        assert app.proc.returncode == 0, app.stderr()
        assert app.stderr() == ""
        return took

    times = within_a_second(once)
    quiet = quiet_exit(launch) if min(times) >= EXIT_WITHIN else 0.0
    figure(f"shutdown with the {preset} server under load: {_ms(times)} (quiet {quiet:.2f} s)")
    assert_quick(times, quiet)


def test_signals_that_keep_coming_while_the_app_shuts_down_are_quiet(
    launch: Callable[..., App],
) -> None:
    """A second Ctrl+C or SIGTERM while the window is already closing (a user pressing again,
    a service manager repeating itself) arrives at any moment of the shutdown, also after the
    loop has closed: it must neither print a traceback nor change the exit status."""
    app = launch("--scene", "event-loop", "--preset", "to-thread", "--set", "delay1=1.5")
    time.sleep(0.3)
    start = time.monotonic()
    sent = 0
    while app.proc.poll() is None and time.monotonic() - start < 10:
        with contextlib.suppress(ProcessLookupError):
            app.proc.send_signal(signal.SIGTERM if sent % 2 else signal.SIGINT)
        sent += 1
        time.sleep(0.002)
    app.proc.wait(timeout=30)
    assert app.proc.returncode == 0, f"{sent} signals: {app.stderr()}"
    assert app.stderr() == "", f"{sent} signals"
