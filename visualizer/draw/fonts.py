"""Making sure Hangul is drawn with a font that has Hangul glyphs, not as empty boxes."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QGuiApplication

log = logging.getLogger(__name__)

PREFERRED_HANGUL = (
    "NanumGothic",
    "Nanum Gothic",
    "NanumBarunGothic",
    "Noto Sans CJK KR",
    "Noto Sans KR",
    "Source Han Sans KR",
    "Malgun Gothic",
    "Apple SD Gothic Neo",
    "UnDotum",
)


def hangul_family() -> str | None:
    """The best installed family whose writing systems include Korean."""
    families = QFontDatabase.families()
    korean = set(QFontDatabase.families(QFontDatabase.WritingSystem.Korean))
    for name in PREFERRED_HANGUL:
        if name in korean:
            return name
    for name in families:
        if name in korean:
            return name
    return None


def install_app_font(app: QGuiApplication) -> str | None:
    """Keep the platform's Latin font and put a Hangul family right behind it."""
    family = hangul_family()
    if family is None:
        log.warning(
            "no installed font has Hangul glyphs; Korean text will show as boxes "
            "(install one, e.g. the fonts-nanum package)"
        )
        return None
    font = QFont(app.font())
    # Resolve aliases such as "Sans Serif" first: Qt skips a family list entry it cannot find,
    # which would make the Hangul font draw all Latin text too.
    latin = QFontInfo(font).family()
    font.setFamilies([latin, family] if latin != family else [family])
    app.setFont(font)
    return family
