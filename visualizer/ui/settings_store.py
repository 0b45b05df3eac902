"""What the app remembers between runs, kept in QSettings and checked on every read.

Anything read back may be stale (a scene or preset that no longer exists), hand-edited or
corrupted. Every getter therefore validates what it finds (scene values through the scene's own
``Setting.coerce``) and, when it is unusable, logs one warning and returns the default. A bad
settings file costs the user a preference, never the app.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from visualizer.core.contract import Scene, SettingError, Value
from visualizer.core.text import Msg
from visualizer.draw.i18n import LANGUAGE_CHOICES
from visualizer.draw.i18n import SYSTEM as SYSTEM_LANGUAGE
from visualizer.draw.theme import SYSTEM as SYSTEM_THEME
from visualizer.draw.theme import THEME_CHOICES
from visualizer.scenes.registry import scene_names
from visualizer.ui.playback_bar import SPEEDS
from visualizer.ui.settings_file import qt_complaints, refusal, scratch_file, unwritable

log = logging.getLogger(__name__)

T = TypeVar("T")

# Set this to a file path to keep the settings there (an INI file) instead of the user's config,
# e.g. for tests or a portable install.
SETTINGS_ENV = "VISUALIZER_SETTINGS"
DEFAULT_SPEED = 1.0

LANGUAGE = "language"
THEME = "theme"
SPEED = "playback/speed"
LAST_SCENE = "scene/last"
GEOMETRY = "window/geometry"
WINDOW_STATE = "window/state"
ZOOM = "view/zoom"
ZOOMS = (0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0)  # View → Zoom's steps of the picture's text


def _preset_key(scene: str) -> str:
    return f"scenes/{scene}/preset"


def _values_group(scene: str) -> str:
    return f"scenes/{scene}/values"


class SettingsStore:
    """Typed, validated access to the app's QSettings."""

    def __init__(self, settings: QSettings | None = None, problem: Msg | None = None) -> None:
        self.qsettings = settings if settings is not None else QSettings()
        # Why settings will not be kept (shown in the window's status bar), if they will not.
        self.problem = problem or unwritable(Path(self.qsettings.fileName()))
        if self.problem is not None and problem is None:
            log.warning("%s", self.problem.render())
        with qt_complaints() as heard:
            self.qsettings.allKeys()  # reading is lazy; status() tells only after a first read
        for message in heard:
            log.warning("settings: Qt reading %s: %s", self.qsettings.fileName(), message)
        status = self.qsettings.status()
        if status != QSettings.Status.NoError:
            log.warning(
                "settings file %s could not be read (%s); using defaults for what is unreadable",
                self.qsettings.fileName(),
                status.name,
            )

    @classmethod
    def for_user(cls) -> SettingsStore:
        """The user's settings, or the INI file named by ``$VISUALIZER_SETTINGS``."""
        path = os.environ.get(SETTINGS_ENV)
        where = Path(path) if path else Path(QSettings().fileName())
        refused = refusal(where)  # checked before QSettings opens (and maybe replaces) it
        if refused is not None:
            log.warning("%s", refused.render())
            return cls(QSettings(str(scratch_file()), QSettings.Format.IniFormat), refused)
        return cls(QSettings(path, QSettings.Format.IniFormat) if path else QSettings())

    # -- reading with a fallback -------------------------------------------------------------
    def _read(self, key: str, default: T, convert: Callable[[Any], T], why: str) -> T:
        """The stored value of ``key`` through ``convert``; the default when absent or bad."""
        try:
            if not self.qsettings.contains(key):
                return default
            with qt_complaints() as heard:
                raw = self.qsettings.value(key)
            if heard:  # e.g. @Variant of a type this Qt does not know
                raise ValueError("; ".join(heard))
        except Exception as exc:  # QSettings can fail on a value it cannot turn into Python
            log.warning("settings: cannot read %s (%s); using the default %r", key, exc, default)
            self.qsettings.remove(key)
            return default
        try:
            return convert(raw)
        except (TypeError, ValueError, SettingError) as exc:
            detail = str(exc) or why
            log.warning(
                "settings: ignoring stored %s=%r (%s); using the default %r",
                key,
                raw,
                detail,
                default,
            )
            self.qsettings.remove(key)  # warn once, not at every start
            return default

    @staticmethod
    def _one_of(choices: tuple[str, ...]) -> Callable[[Any], str]:
        def convert(raw: Any) -> str:
            if isinstance(raw, str) and raw in choices:
                return raw
            raise ValueError(f"expected one of {', '.join(choices)}")

        return convert

    # -- language and theme ------------------------------------------------------------------
    def language(self) -> str:
        """``system`` or a language code."""
        return self._read(LANGUAGE, SYSTEM_LANGUAGE, self._one_of(LANGUAGE_CHOICES), "language")

    def set_language(self, choice: str) -> None:
        self.qsettings.setValue(LANGUAGE, choice)

    def theme(self) -> str:
        """``system``, ``light`` or ``dark``."""
        return self._read(THEME, SYSTEM_THEME, self._one_of(THEME_CHOICES), "theme")

    def set_theme(self, choice: str) -> None:
        self.qsettings.setValue(THEME, choice)

    # -- playback ----------------------------------------------------------------------------
    def speed(self) -> float:
        def convert(raw: Any) -> float:
            if isinstance(raw, bool):
                raise TypeError("not a number")
            speed = float(raw)
            for allowed in SPEEDS:
                if math.isclose(speed, allowed):
                    return allowed
            raise ValueError(f"not one of {', '.join(f'{s:g}' for s in SPEEDS)}")

        return self._read(SPEED, DEFAULT_SPEED, convert, "speed")

    def set_speed(self, speed: float) -> None:
        self.qsettings.setValue(SPEED, float(speed))

    # -- scenes ------------------------------------------------------------------------------
    def last_scene(self) -> str | None:
        """The scene open at the last exit, if it still exists."""

        def convert(raw: Any) -> str | None:
            if isinstance(raw, str) and raw in scene_names():
                return raw
            raise ValueError("not a known scene")

        return self._read(LAST_SCENE, None, convert, "scene")

    def set_last_scene(self, name: str) -> None:
        self.qsettings.setValue(LAST_SCENE, name)

    def preset(self, scene: Scene[Any]) -> str | None:
        """The preset last chosen in ``scene``, if the scene still has it."""

        def convert(raw: Any) -> str | None:
            if not isinstance(raw, str):
                raise TypeError("not a preset name")
            return scene.preset(raw).key

        return self._read(_preset_key(scene.name), None, convert, "preset")

    def set_preset(self, scene: str, key: str) -> None:
        self.qsettings.setValue(_preset_key(scene), key)

    def values(self, scene: Scene[Any]) -> dict[str, Value]:
        """Stored setting values of ``scene`` that its settings still accept."""
        group = _values_group(scene.name)
        out: dict[str, Value] = {}
        for setting in scene.settings:
            value = self._read(f"{group}/{setting.key}", None, setting.coerce, "value")
            if value is not None:
                out[setting.key] = value
        return out

    def set_value(self, scene: str, key: str, value: Value) -> None:
        self.qsettings.setValue(f"{_values_group(scene)}/{key}", value)

    def set_values(self, scene: str, values: Mapping[str, Value]) -> None:
        for key, value in values.items():
            self.set_value(scene, key, value)

    def clear_scene(self, scene: str) -> None:
        self.qsettings.remove(f"scenes/{scene}")

    # -- window ------------------------------------------------------------------------------
    @staticmethod
    def _bytes(raw: Any) -> QByteArray:
        if isinstance(raw, QByteArray) and not raw.isEmpty():
            return raw
        if isinstance(raw, bytes | bytearray) and raw:
            return QByteArray(bytes(raw))
        raise TypeError("not saved window data")

    def geometry(self) -> QByteArray | None:
        return self._read(GEOMETRY, None, self._bytes, "geometry")

    def set_geometry(self, data: QByteArray) -> None:
        self.qsettings.setValue(GEOMETRY, data)

    def window_state(self) -> QByteArray | None:
        return self._read(WINDOW_STATE, None, self._bytes, "window state")

    def set_window_state(self, data: QByteArray) -> None:
        self.qsettings.setValue(WINDOW_STATE, data)

    def zoom(self) -> float:
        def convert(raw: Any) -> float:
            value = float(raw)
            if value not in ZOOMS:
                raise ValueError("not one of the zoom steps")
            return value

        return self._read(ZOOM, 1.0, convert, "zoom")

    def set_zoom(self, zoom: float) -> None:
        self.qsettings.setValue(ZOOM, zoom)

    def panel_shown(self, name: str) -> bool:
        """Whether the side panel ``name`` (``left`` or ``right``) was left open."""

        def convert(raw: Any) -> bool:
            if isinstance(raw, bool):
                return raw
            if str(raw).lower() in ("true", "false"):
                return str(raw).lower() == "true"
            raise ValueError("not true or false")

        return self._read(f"view/{name}_panel", True, convert, "panel")

    def set_panel_shown(self, name: str, shown: bool) -> None:
        self.qsettings.setValue(f"view/{name}_panel", shown)

    def warn_unusable(self, key: str, why: str) -> None:
        """Log that a stored value was read but turned out unusable (e.g. bad geometry bytes)."""
        log.warning("settings: ignoring stored %s (%s); using the default", key, why)
        self.qsettings.remove(key)

    # -- all of it ---------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget everything stored; the next read of anything returns its default."""
        self.qsettings.clear()
        self.qsettings.sync()

    def sync(self) -> None:
        self.qsettings.sync()
        if self.qsettings.status() == QSettings.Status.AccessError:
            log.warning("settings: could not save %s", self.qsettings.fileName())
