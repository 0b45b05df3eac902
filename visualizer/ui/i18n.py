"""Turning the core's :class:`~visualizer.core.text.Msg` values into text in the user's language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from visualizer.core.text import Msg


def tr_msg(msg: Msg) -> str:
    """Translate and format a core message with the installed Qt translators."""
    return msg.render(QCoreApplication.translate)
