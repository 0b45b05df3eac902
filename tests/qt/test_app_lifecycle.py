"""The real app process: it paints, and closing it mid-run leaves nothing behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def test_closing_during_a_run_is_clean(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "VISUALIZER_REPORT_PAINT": "1",
        "VISUALIZER_SETTINGS": str(tmp_path / "settings.ini"),  # never the user's own
    }
    # A worker thread is busy and tasks are waiting on timers when the window closes.
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "visualizer",
            "--scene",
            "event-loop",
            "--preset",
            "to-thread",
            "--set",
            "tasks=4",
            "--set",
            "delay1=1.5",
            "--set",
            "delay2=3",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("visualizer: first-paint-ms="), line
        time.sleep(0.5)
        assert proc.poll() is None  # it stays up
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    for bad in ("Traceback", "Task was destroyed but it is pending", "never awaited", "Error"):
        assert bad not in err, err
