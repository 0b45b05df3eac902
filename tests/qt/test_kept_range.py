"""The playback bar says how far back a long live run reaches, and scrubbing starts there.

A run keeps only its newest events (``SceneSession.keep``); here a small cap makes the queue
scene at its heaviest settings let go of its oldest events within a second or two.
"""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtWidgets import QApplication

from visualizer.scenes.registry import load_scene
from visualizer.ui.export_dialog import ExportDialog
from visualizer.ui.main_window import MainWindow
from visualizer.ui.playback_bar import SCRUB_STEPS
from visualizer.ui.soak import heaviest

KEEP = 400


def test_playback_bar_shows_the_kept_range_and_scrubs_within_it(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    window = MainWindow("queue", None, heaviest(load_scene("queue")))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    window.start()
    session = window.session
    assert session is not None
    bar = window.playback_bar
    assert not bar.kept_label.isVisible()  # nothing let go of yet: no label
    session.keep = KEEP
    window.restart()
    qtbot.waitUntil(lambda: session.kept_from > 1.0 and bar.kept_label.isVisible(), timeout=20_000)
    window.toggle_play()  # pause: the kept part still moves on under a paused picture
    qtbot.wait(100)
    start, end = session.kept_from, session.timeline.end_time()
    assert len(session.recorder.events) <= KEEP + 128 + 256
    span = end - start  # under a minute with this small cap: tenths of a second
    shown = bar.kept_label.text()
    assert shown.startswith("last 0:") and shown.endswith(" kept"), shown
    assert abs(float(shown.split(":")[1].split()[0]) - span) <= 0.2, (shown, span)
    assert f"{start:.0f}" in bar.kept_label.toolTip() or f"{start:.1f}" in bar.kept_label.toolTip()

    # The scrubber's left end is the kept part's start, not 0 s.
    bar.scrubbed.emit(0.0)
    assert session.playback.t >= start > 0
    qtbot.wait(50)
    assert bar.scrubber.value() <= SCRUB_STEPS // 100
    first = window.current_frame()
    assert first is not None and first.t >= start

    # Stepping back from there stays in the kept part.
    for _ in range(3):
        window.step(False)
    assert session.playback.t >= start

    # An export's range starts where the kept part starts.
    window._open_export_dialog()
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ExportDialog)]
    dialog = next(d for d in dialogs if d.isVisible())
    assert dialog.recording.start >= start
    assert abs(dialog.start_box.minimum() - dialog.recording.start) < 0.01
    assert dialog.start_box.value() >= dialog.recording.start - 0.01
    dialog.start_box.setValue(dialog.start_box.minimum())
    dialog.end_box.setValue(dialog.start_box.minimum() + 0.2)
    assert dialog.recording.frame(0.0).t == dialog.recording.start
    dialog.close()
    window.close()
    done = qt_loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)


def test_a_kept_range_of_minutes_reads_as_a_clock(qtbot: Any) -> None:
    from visualizer.ui.playback_bar import PlaybackBar

    bar = PlaybackBar()
    qtbot.addWidget(bar)
    bar.show()
    bar.show_position(3600.0, 3892.4, True, True, start=3600.0)
    assert bar.kept_label.isVisible() and bar.kept_label.text() == "last 4:52 kept"
    assert "3600.00 s" in bar.kept_label.toolTip()
    bar.show_position(1.0, 2.0, True, True)  # a new run from 0: nothing let go of
    assert not bar.kept_label.isVisible()
