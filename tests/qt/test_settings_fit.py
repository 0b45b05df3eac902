"""The settings panel fits its width in English at the default window size: no horizontal
scrollbar, every value and drop-down wholly in view."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox, QScrollArea

from visualizer.scenes.registry import scene_names
from visualizer.ui.controls import SettingSlider
from visualizer.ui.main_window import MainWindow


@pytest.mark.parametrize("name", scene_names())
def test_every_setting_row_fits_the_panel_in_english(
    name: str, qt_loop: asyncio.AbstractEventLoop, qtbot: Any, ui_state: None
) -> None:
    window = MainWindow(name)
    qtbot.addWidget(window)
    window.resize(1440, 900)
    window.show()
    window.start()
    qtbot.waitExposed(window)
    qtbot.wait(100)
    scroll = window.controls.parentWidget().parentWidget()
    assert isinstance(scroll, QScrollArea)
    assert not scroll.horizontalScrollBar().isVisible()
    width = scroll.viewport().width()
    for key, (_label, widget) in window.controls.rows.items():
        if not widget.isVisible():
            continue
        right = widget.mapTo(window.controls, widget.rect().topRight()).x()
        assert right <= width, f"{key}: ends at {right} of {width}"
        if isinstance(widget, SettingSlider):
            value = widget.value_label
            assert value.width() >= value.sizeHint().width(), f"{key}: value {value.text()!r} cut"
        if isinstance(widget, QComboBox):
            assert widget.width() >= 80, f"{key}: drop-down squeezed to {widget.width()}"
    window.close()
    done = qt_loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)


def test_a_preset_without_a_queue_hides_the_queue_settings(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, ui_state: None
) -> None:
    window = MainWindow("queue", "email")
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitExposed(window)
    assert window.controls.widget("consumers").isVisible()
    for key in ("email-no-queue", "fanout-no-queue"):
        window.preset_list.setCurrentRow([p.key for p in window.session.scene.presets].index(key))  # type: ignore[union-attr]
        for hidden in ("broker", "consumers", "capacity_mode", "max_attempts"):
            assert not window.controls.widget(hidden).isVisible(), f"{key} shows {hidden}"
        assert window.controls.widget("rate").isVisible()
    window.preset_list.setCurrentRow(0)
    assert window.controls.widget("consumers").isVisible()
    window.close()
    done = qt_loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)
