"""Colours of the picture, light and dark, with a colour-blind-safe palette for actors.

Actor colours are the Okabe-Ito palette, which stays distinguishable with the common colour
vision deficiencies. States never rely on colour alone: views also use shape (filled, outlined,
dashed) and a text label.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

log = logging.getLogger(__name__)

OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442")


@dataclass(frozen=True)
class Theme:
    """Every colour a view or the window uses; views never pick colours of their own."""

    name: str
    background: QColor
    panel: QColor
    border: QColor
    text: QColor
    muted: QColor
    accent: QColor
    danger: QColor
    ok: QColor
    actors: tuple[QColor, ...]

    def actor(self, index: int) -> QColor:
        """The colour of actor ``index``; more actors than colours reuse them in order."""
        return self.actors[index % len(self.actors)]


def _palette(*names: str) -> tuple[QColor, ...]:
    return tuple(QColor(n) for n in names)


LIGHT = Theme(
    name="light",
    background=QColor("#FAFAF7"),
    panel=QColor("#EFEFEA"),
    border=QColor("#B8B8B0"),
    text=QColor("#1D1D1B"),
    muted=QColor("#6B6B66"),
    accent=QColor("#006DAA"),  # Okabe-Ito blue, a shade darker: 4.5:1 on the panel
    danger=QColor("#C0392B"),
    ok=QColor("#009E73"),
    actors=_palette(*OKABE_ITO[:6], "#8C6D00"),
)

DARK = Theme(
    name="dark",
    background=QColor("#1B1D21"),
    panel=QColor("#26292F"),
    border=QColor("#4A4F58"),
    text=QColor("#ECECE8"),
    muted=QColor("#A0A3A8"),
    accent=QColor("#56B4E9"),
    danger=QColor("#FF6B5B"),
    ok=QColor("#3FD0A0"),
    actors=_palette(*OKABE_ITO),
)

THEMES = {"light": LIGHT, "dark": DARK}

# What a user can choose: follow the system, or one theme regardless of it.
SYSTEM = "system"
THEME_CHOICES = (SYSTEM, "light", "dark")


def theme_for_scheme(scheme: Qt.ColorScheme) -> Theme:
    """Dark for a dark system, light otherwise (also when the platform does not say)."""
    return DARK if scheme == Qt.ColorScheme.Dark else LIGHT


def system_theme() -> Theme:
    """The theme matching the system's light/dark setting, as Qt reports it."""
    hints = QGuiApplication.styleHints()
    return theme_for_scheme(hints.colorScheme())


def resolve_theme(choice: str | None) -> Theme:
    """The theme for a choice: ``system`` (or None) asks the platform."""
    if choice is None or choice == SYSTEM:
        return system_theme()
    theme = THEMES.get(choice)
    if theme is None:
        log.warning("unknown theme %r; following the system", choice)
        return system_theme()
    return theme


def palette_for(theme: Theme) -> QPalette:
    """A widget palette in the theme's colours, so panels and lists match the picture."""
    palette = QPalette()
    roles = QPalette.ColorRole
    ink_on_accent = QColor("#111111") if theme.accent.lightnessF() > 0.6 else QColor("#FFFFFF")
    colours = {
        roles.Window: theme.panel,
        roles.WindowText: theme.text,
        roles.Base: theme.background,
        roles.AlternateBase: theme.panel,
        roles.Text: theme.text,
        roles.Button: theme.panel,
        roles.ButtonText: theme.text,
        roles.BrightText: theme.danger,
        roles.ToolTipBase: theme.panel,
        roles.ToolTipText: theme.text,
        roles.PlaceholderText: theme.muted,
        roles.Highlight: theme.accent,
        roles.HighlightedText: ink_on_accent,
        roles.Accent: theme.accent,
        roles.Link: theme.accent,
        roles.LinkVisited: theme.accent,
        roles.Light: theme.panel.lighter(130),
        roles.Midlight: theme.panel.lighter(115),
        roles.Mid: theme.border,
        roles.Dark: theme.border.darker(130),
        roles.Shadow: QColor("#000000"),
    }
    for role, colour in colours.items():
        palette.setColor(role, colour)
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, theme.muted)
    return palette


def apply_theme(app: QGuiApplication, choice: str | None) -> Theme:
    """Give the whole app the chosen theme's colours; returns the theme in effect.

    A manual choice is also passed to the platform (Qt 6.8+), so native title bars match.
    """
    hints = app.styleHints()
    if choice in THEMES:
        scheme = Qt.ColorScheme.Dark if choice == "dark" else Qt.ColorScheme.Light
        hints.setColorScheme(scheme)
    else:
        hints.unsetColorScheme()
    theme = resolve_theme(choice)
    app.setPalette(palette_for(theme))
    return theme
