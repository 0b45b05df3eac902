"""Translatable text for code that must not import Qt.

The core describes what is happening ("task-2 waits on a timer") but only the Qt layer knows the
user's language. So the core returns :class:`Msg` values (context, English source, arguments) and
the view translates them with ``QCoreApplication.translate`` before formatting. The marker
function is named ``QT_TRANSLATE_NOOP`` because that is the name ``pyside6-lupdate`` extracts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Msg:
    """A sentence in English with its translation context and the values it formats."""

    context: str
    source: str
    args: Mapping[str, Any] = field(default_factory=dict)

    def __call__(self, **args: Any) -> Msg:
        """Bind format arguments, keeping the untranslated template for lookup."""
        return Msg(self.context, self.source, {**self.args, **args})

    def render(self, translate: Any = None) -> str:
        """Format the text, translated by ``translate(context, source)`` when given."""
        template = translate(self.context, self.source) if translate else self.source
        values = {
            k: (v.render(translate) if isinstance(v, Msg) else v) for k, v in self.args.items()
        }
        for text in (str(template), self.source):
            try:
                return text.format(**values)
            except (KeyError, IndexError, ValueError, AttributeError):
                # A broken translation must never take the app down: fall back to English,
                # and to the bare template when even that lacks its values.
                continue
        return self.source


def QT_TRANSLATE_NOOP(context: str, source: str) -> Msg:
    """Mark ``source`` for translation in ``context`` without translating it yet."""
    return Msg(context, source)


_SECONDS = QT_TRANSLATE_NOOP("Units", "{value} s")


def seconds(value: float, digits: int | None = 2) -> Msg:
    """A duration in seconds, written the one way its language writes it ("0.95 s", "0.95초").

    Every view and caption shows durations through this, in seconds only, so one picture never
    mixes "953 ms", "0.95 s" and "0.95초" for the same kind of quantity. ``digits=None``
    writes the shortest form (axis ticks: "0.5 s", "1 s").
    """
    return _SECONDS(value=f"{value:g}" if digits is None else f"{value:.{digits}f}")


_PAIR = QT_TRANSLATE_NOOP("Units", "{first} / {second}")


def pair(first: str | Msg, second: str | Msg) -> Msg:
    """Two values side by side ("p50 / p95"), each rendered in the language of the picture."""
    return _PAIR(first=first, second=second)


# What an error message shows of the user's input at most: one line, even for 100 KB pasted.
SHOWN_CHARS = 80


def shorten(text: str, limit: int = SHOWN_CHARS) -> str:
    """``text`` itself, or its start and end around an ellipsis with the length in between."""
    if len(text) <= limit:
        return text
    half = (limit - 20) // 2
    return f"{text[:half]}…({len(text)} characters)…{text[-half:]}"
