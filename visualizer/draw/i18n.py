"""Turning the core's :class:`~visualizer.core.text.Msg` values into text in the user's language.

Translations are Qt's own: ``assets/i18n/visualizer_<code>.qm`` compiled from the ``.ts`` by
``pyside6-lrelease``, plus Qt's ``qtbase_<code>.qm`` for the buttons of Qt's own dialogs. Switching
language installs new translators; Qt then sends every widget a ``LanguageChange`` event, which the
window answers by setting its texts again, so no restart is needed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from visualizer.core.text import Msg

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "assets" / "i18n"
SOURCE_LANGUAGE = "en"
# Language codes the app speaks; English is the source text and needs no file.
LANGUAGES = ("en", "ko")
# What a user can choose: a language, or whatever the system uses.
SYSTEM = "system"
LANGUAGE_CHOICES = (SYSTEM, *LANGUAGES)
# Each language's name in that language, so anyone can find their own in the menu.
ENDONYMS = {"en": "English", "ko": "한국어"}

_installed: list[QTranslator] = []
_current = SOURCE_LANGUAGE
_choice = SYSTEM


def tr_msg(msg: Msg) -> str:
    """Translate and format a core message with the installed Qt translators."""
    return msg.render(QCoreApplication.translate)


def qm_path(code: str) -> Path:
    return TRANSLATIONS_DIR / f"visualizer_{code}.qm"


def system_language(ui_languages: Sequence[str] | None = None) -> str:
    """The first of the system's preferred languages that the app speaks, else English."""
    preferred = QLocale.system().uiLanguages() if ui_languages is None else ui_languages
    for tag in preferred:
        code = tag.replace("_", "-").split("-", 1)[0].lower()
        if code in LANGUAGES:
            return code
    return SOURCE_LANGUAGE


def resolve_language(choice: str | None) -> str:
    """The language code for a choice (``system``, ``None`` or a code)."""
    if choice is None or choice == SYSTEM:
        return system_language()
    if choice in LANGUAGES:
        return choice
    log.warning("unknown language %r; using the system's", choice)
    return system_language()


def current_language() -> str:
    """The language whose translators are installed now."""
    return _current


def current_choice() -> str:
    """What the user chose (``system`` or a code), as last given to :func:`set_language`."""
    return _choice


def app_translator() -> QTranslator | None:
    """The installed translator of the app's own strings, or None in English."""
    return _installed[0] if _installed else None


def set_language(choice: str | None) -> str:
    """Install the translators for ``choice`` and return the language code now in effect.

    A missing or unreadable ``.qm`` is logged and leaves the app in English, never stops it.
    """
    global _current, _choice
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("set_language needs a QCoreApplication")
    _choice = choice if choice in LANGUAGE_CHOICES else SYSTEM
    code = resolve_language(choice)
    if code == _current and (_installed or code == SOURCE_LANGUAGE):
        return code
    fresh: list[QTranslator] = []
    if code != SOURCE_LANGUAGE:
        own = QTranslator(app)
        if own.load(str(qm_path(code))):
            fresh.append(own)
            qt = QTranslator(app)
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            if qt.load(f"qtbase_{code}", qt_dir):
                fresh.append(qt)
        else:
            log.warning(
                "cannot load the %s translation from %s; using English", code, qm_path(code)
            )
            code = SOURCE_LANGUAGE
    for old in _installed:
        QCoreApplication.removeTranslator(old)
    _installed[:] = fresh
    for translator in fresh:
        QCoreApplication.installTranslator(translator)
    _current = code
    QLocale.setDefault(QLocale(code))
    return code
