"""Korean is complete: every string the app shows, in any scene, has a Korean translation.

The main test opens every registered scene in Korean, runs each preset's real code, and then
reads what a learner would read: every widget, menu, action, tooltip and dialog of the window;
the caption, metrics and every text the scene's view paints, at every recorded event time. Two
checks apply to all of it. Every core message (``Msg``) rendered on the way must have a Korean
entry in the installed translator. And no text may keep an English word, except code (names from
the scene's own source, anything that looks like an identifier) and a short list of proper names
and units. The other tests check the translation files themselves and switching at run time.
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import re
import string
import subprocess
import sys
import tokenize
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QRectF, QTranslator
from PySide6.QtGui import (
    QAction,
    QFont,
    QFontInfo,
    QFontMetrics,
    QImage,
    QPainter,
    QRawFont,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTabWidget,
    QWidget,
)

from visualizer import cli
from visualizer.core.text import Msg
from visualizer.draw import fonts, i18n
from visualizer.draw.scene_view import SceneView
from visualizer.draw.theme import DARK
from visualizer.scenes.registry import load_scene, load_view_class, scene_names
from visualizer.ui import app as app_module
from visualizer.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "assets" / "i18n" / "visualizer_ko.ts"
QM = ROOT / "assets" / "i18n" / "visualizer_ko.qm"
SCENES = ROOT / "visualizer" / "scenes"
TOOLS = Path(sys.executable).parent

# English that may stay in Korean text. Code is recognised by itself (see `is_code`); this is
# only what cannot be: proper names, Python keywords and asyncio API names written as words,
# key names, units and file formats.
ALLOWED_WORDS = frozenset(
    {
        # the product's name and the language menu's own name for English
        "Concurrency",
        "Visualizer",
        "English",
        # Python and asyncio, as the seeds write them
        "Python",
        "asyncio",
        "async",
        "await",
        "gather",
        "select",
        "TCP",
        # the queue scene's broker mode: a product name, its stream type and URL parts
        "Redis",
        "Streams",
        "URL",
        "redis",
        "DB",
        "XLEN",
        "XPENDING",
        "SIGKILL",
        "host",
        # the install commands the broker's messages quote
        "sudo",
        "apt",
        "get",
        "install",
        "server",
        "pip",
        # the server scene's real stack and protocol words, as learners meet them
        "def",
        "uvicorn",
        "Starlette",
        "wsgiref",
        "FastAPI",
        "WSGI",
        "httpx",
        "HTTP",
        "CRUD",
        "accept",
        "Accepted",
        "GET",
        "POST",
        "PUT",
        "DEL",
        # task names the scenes give in their code: the root task (asyncio.run(main())) and the
        # blocking scene's reader (name="reader")
        "main",
        "reader",
        # key names
        "Space",
        "Ctrl",
        "Esc",
        "Shift",
        "Alt",
        # units and formats
        "ms",
        "fps",
        "GIF",
        "APNG",
        "PNG",
        "MP4",
        "ffmpeg",
    }
)
NBSP = "\u00a0"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*(?:\(\))?")


CAMEL = re.compile(r"[a-z0-9][A-Z]")


def is_code(word: str) -> bool:
    """Identifiers as code writes them: job1, create_task, time.sleep, main(), BlockingIOError."""
    return (
        "_" in word
        or "." in word
        or word.endswith("()")
        or any(c.isdigit() for c in word)
        or CAMEL.search(word) is not None
    )


def english_words(text: str, code_names: frozenset[str]) -> list[str]:
    """Words of ``text`` that are English prose, not code, a name or a unit."""
    found = []
    # A placeholder stands for a value: "job{n}" is an identifier like job1.
    plain = PLACEHOLDER.sub("0", text.replace("&", ""))
    for match in WORD.finditer(plain):
        word = match.group()
        if len(word) == 1 or word in ALLOWED_WORDS or word in code_names or is_code(word):
            continue
        if plain[max(0, match.start() - 2) : match.start()] == "--":  # a command-line option
            continue
        found.append(word)
    return found


def code_names_of_scenes() -> frozenset[str]:
    """Names from the code the scenes show that may appear in prose: functions and classes it
    defines (task labels come from them), attributes it uses (``sock.recv``, ``queue.get``) and
    one-word strings it sends (``b"hello"``). Not plain variable names: those are English words
    that must not excuse an untranslated word. By convention the shown code is each scene's
    ``presets.py``, also for a scene not registered yet."""
    sources = [path.read_text(encoding="utf-8") for path in SCENES.glob("*/presets.py")]
    for name in scene_names():
        sources.extend(preset.source().text for preset in load_scene(name).presets)
    names: set[str] = set()
    for source in sources:
        previous = ""
        for token in tokenize.generate_tokens(io.StringIO(source + "\n").readline):
            if token.type == tokenize.NAME and previous in ("def", "class", "."):
                names.add(token.string)
            elif token.type == tokenize.STRING:
                content = token.string.lstrip("bfrBFR").strip("\"'")
                if re.fullmatch(r"[A-Za-z_]\w*", content):
                    names.add(content)
            if token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
                previous = token.string
    return frozenset(names)


# -- reading the window ----------------------------------------------------------------------
def action_texts(action: QAction, where: str) -> Iterator[tuple[str, str]]:
    yield f"{where} action {action.objectName()!r}", action.text()
    yield f"{where} action {action.objectName()!r} tooltip", action.toolTip()
    yield f"{where} action {action.objectName()!r} status tip", action.statusTip()


def widget_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every user-visible string of ``root`` and all widgets inside it."""
    for widget in [root, *root.findChildren(QWidget)]:
        where = f"{type(widget).__name__} {widget.objectName()!r}"
        if widget.isWindow():
            yield f"{where} title", widget.windowTitle()
        yield f"{where} tooltip", widget.toolTip()
        yield f"{where} what's this", widget.whatsThis()
        yield f"{where} status tip", widget.statusTip()
        if isinstance(widget, QPlainTextEdit):
            continue  # the code panel shows the scene's code
        if isinstance(widget, QLabel | QAbstractButton):
            yield where, widget.text()
        if isinstance(widget, QMessageBox):
            yield f"{where} informative text", widget.informativeText()
        if isinstance(widget, QGroupBox):
            yield where, widget.title()
        if isinstance(widget, QLineEdit):
            yield f"{where} placeholder", widget.placeholderText()
        if isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                yield f"{where} tab {i}", widget.tabText(i)
                yield f"{where} tab {i} tooltip", widget.tabToolTip(i)
        if isinstance(widget, QComboBox):
            for i in range(widget.count()):
                yield f"{where} item {i}", widget.itemText(i)
        if isinstance(widget, QListWidget):
            for i in range(widget.count()):
                item = widget.item(i)
                yield f"{where} item {i}", item.text()
                yield f"{where} item {i} tooltip", item.toolTip()
        if isinstance(widget, QTableWidget):
            for column in range(widget.columnCount()):
                header = widget.horizontalHeaderItem(column)
                if header is not None:
                    yield f"{where} header {column}", header.text()
            for row in range(widget.rowCount()):
                for column in range(widget.columnCount()):
                    cell = widget.item(row, column)
                    if cell is not None:
                        yield f"{where} cell {row},{column}", cell.text()
        if isinstance(widget, QMenu):
            yield f"{where} menu title", widget.title()
            for action in widget.actions():
                yield from action_texts(action, where)
    for action in root.findChildren(QAction):
        yield from action_texts(action, type(root).__name__)


# -- fixtures --------------------------------------------------------------------------------
def close(window: MainWindow, qtbot: Any, loop: asyncio.AbstractEventLoop) -> None:
    window.close()
    done = loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)


def open_window(qtbot: Any, scene: str | None = None) -> MainWindow:
    window = MainWindow(scene, theme=DARK)
    qtbot.addWidget(window)
    window.show()
    window.start()
    return window


def run_to_end(window: MainWindow, qtbot: Any, previous: object) -> None:
    """Wait until the run just started has finished, or ran well past its usual length."""
    session = window.session
    assert session is not None
    limit = session.scene.default_duration + 1.0
    qtbot.waitUntil(
        lambda: (
            window.session is not None
            and window.session.recorder is not previous
            and (window.session.recorder.finished or window.session.recorder.newest_time() > limit)
        ),
        timeout=int(limit * 1000) + 10_000,
    )


# -- the translation files -------------------------------------------------------------------
def ts_messages() -> list[tuple[str, str, str, str | None]]:
    """(context, source, translation, type) of every message in the Korean .ts."""
    out = []
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            out.append(
                (
                    name,
                    message.findtext("source", ""),
                    translation.text or "",
                    translation.get("type"),
                )
            )
    return out


def placeholders(text: str) -> list[tuple[str, str, str]]:
    fields = [
        (name, spec or "", conversion or "")
        for _, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    ]
    return sorted(fields)


def test_every_message_is_translated_and_keeps_its_placeholders() -> None:
    messages = ts_messages()
    code_names = code_names_of_scenes()
    assert len(messages) > 50, "the .ts looks empty; run tools/update_translations.sh"
    problems = []
    for context, source, translation, kind in messages:
        where = f"[{context}] {source!r}"
        if kind in ("unfinished", "vanished", "obsolete") or not translation.strip():
            problems.append(f"{where}: not translated ({kind or 'empty'})")
            continue
        if placeholders(source) != placeholders(translation):
            problems.append(f"{where}: placeholders differ in {translation!r}")
        if source.replace("&&", "").count("&") != translation.replace("&&", "").count("&"):
            problems.append(f"{where}: menu mnemonic (&) lost in {translation!r}")
        # Code in the English may stay; English prose may not.
        leftover = english_words(translation, code_names)
        if leftover:
            problems.append(f"{where}: {translation!r} keeps English {leftover}")
        if translation == source and english_words(source, code_names):
            problems.append(f"{where}: translation is the English text")
    assert not problems, "\n".join(problems)


def test_the_ts_is_up_to_date_with_the_code() -> None:
    """Every translatable string in the code is in the .ts (a new one fails until translated)."""
    result = subprocess.run(
        ["bash", str(ROOT / "tools" / "update_translations.sh"), "--check"],
        env={**os.environ, "PYSIDE6_BIN": str(TOOLS)},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_the_committed_qm_is_the_compiled_ts(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.qm"
    subprocess.run(
        [str(TOOLS / "pyside6-lrelease"), "-silent", str(TS), "-qm", str(fresh)],
        check=True,
        timeout=60,
    )
    assert fresh.read_bytes() == QM.read_bytes(), (
        "assets/i18n/visualizer_ko.qm differs from the .ts compiled now; "
        "run tools/update_translations.sh and commit the .qm"
    )
    translator = QTranslator()
    assert translator.load(str(QM))
    for context, source, translation, _ in ts_messages():
        assert translator.translate(context, source) == translation, (context, source)


# -- the language the app starts in ------------------------------------------------------------
@pytest.mark.parametrize(
    ("ui_languages", "expected"),
    [
        (["ko-KR", "ko"], "ko"),
        (["ko_KR"], "ko"),
        (["fr-FR", "ko-KR", "en-US"], "ko"),
        (["en-GB", "ko-KR"], "en"),
        (["de-DE"], "en"),
        ([], "en"),
    ],
)
def test_system_language_picks_the_first_preferred_language_the_app_speaks(
    ui_languages: list[str], expected: str
) -> None:
    assert i18n.system_language(ui_languages) == expected


@pytest.mark.parametrize(("lang", "expected"), [("ko_KR.UTF-8", "ko"), ("C.UTF-8", "en")])
def test_the_system_locale_chooses_the_language(lang: str, expected: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env["LANG"] = lang
    code = "from visualizer.draw.i18n import resolve_language; print(resolve_language(None))"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == expected


def test_lang_option_reaches_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[Any, ...]] = []

    def fake_run_app(*args: Any) -> int:
        seen.append(args)
        return 0

    monkeypatch.setattr(app_module, "run_app", fake_run_app)
    assert cli.main(["--lang", "ko"]) == 0
    assert seen == [(None, None, {}, "ko", None)]  # no script given


def test_a_missing_translation_file_leaves_the_app_in_english(
    qapp: QApplication,
    ui_state: None,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", tmp_path)
    with caplog.at_level(logging.WARNING, logger="visualizer.draw.i18n"):
        assert i18n.set_language("ko") == "en"
    assert "cannot load the ko translation" in caplog.text
    assert QCoreApplication.translate("MainWindow", "Scenes") == "Scenes"


# -- switching while the app runs ---------------------------------------------------------------
def test_language_switches_at_run_time_without_a_restart(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, ui_state: None
) -> None:
    i18n.set_language("en")
    window = open_window(qtbot, "event-loop")
    session = window.session
    assert session is not None
    english_menus = [m.title() for m in window.menuBar().findChildren(QMenu)]
    english_setting = window.controls.rows[session.scene.settings[0].key][0].text()
    english_preset = window.preset_list.item(0).text()

    window.language_actions["ko"].trigger()

    def korean() -> bool:
        return (
            window.scenes_label.text() == "장면"
            and "재생" in window.playback_bar.speed_box.toolTip()
        )

    qtbot.waitUntil(korean, timeout=5000)
    assert window.session is session, "switching the language must not restart the scene"
    assert window.file_menu.title() == "파일(&F)"
    assert window.actions_by_name["play"].text() == "재생/일시정지"
    assert [m.title() for m in window.menuBar().findChildren(QMenu)] != english_menus
    assert window.controls.rows[session.scene.settings[0].key][0].text() != english_setting
    assert window.preset_list.item(0).text() != english_preset
    assert window.scene_list.item(0).text() == i18n.tr_msg(load_scene("event-loop").title)
    assert "이벤트 루프" in window.windowTitle()
    assert window.language_actions["ko"].isChecked()

    window.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: window.scenes_label.text() == "Scenes", timeout=5000)
    assert window.file_menu.title() == "&File"
    assert window.preset_list.item(0).text() == english_preset
    assert window.playback_bar.speed_label.text() == "Speed"
    close(window, qtbot, qt_loop)


# -- everything a learner reads, in Korean -------------------------------------------------------
def test_nothing_shown_in_korean_mode_is_left_in_english(
    qt_loop: asyncio.AbstractEventLoop,
    qtbot: Any,
    ui_state: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert i18n.set_language("ko") == "ko"
    translator = i18n.app_translator()
    assert translator is not None
    code_names = code_names_of_scenes()

    rendered: set[tuple[str, str]] = set()
    original_render = Msg.render

    def recording_render(self: Msg, translate: Any = None) -> str:
        if translate is not None:
            rendered.add((self.context, self.source))
        return original_render(self, translate)

    monkeypatch.setattr(Msg, "render", recording_render)
    painted: set[str] = set()
    original_text = SceneView.text

    def recording_text(
        self: SceneView[Any], p: QPainter, rect: QRectF, text: Any, *a: Any, **k: Any
    ) -> None:
        painted.add(i18n.tr_msg(text) if isinstance(text, Msg) else str(text))
        original_text(self, p, rect, text, *a, **k)

    monkeypatch.setattr(SceneView, "text", recording_text)

    shown: list[tuple[str, str]] = []
    window = open_window(qtbot, scene_names()[0])
    image = QImage(1280, 720, QImage.Format.Format_ARGB32_Premultiplied)
    for name in scene_names():
        scene = load_scene(name)
        for msg in (scene.title, scene.summary):
            i18n.tr_msg(msg)
        for preset in scene.presets:
            previous = window.session.recorder if window.session else None
            window.open_scene(name, preset.key)
            run_to_end(window, qtbot, previous)
            qtbot.wait(50)  # a few ticks: caption, metrics and code panel follow the run
            session = window.session
            assert session is not None
            view = load_view_class(name)(scene)
            times = sorted({e.t for e in session.recorder.snapshot()} | {0.0})
            times.append(session.timeline.end_time())
            painted_every = max(1, len(times) // 150)
            for i, t in enumerate(times):
                frame = session.frame(t)
                where = f"{name}/{preset.key} at t={t:.3f}"
                shown.append((f"{where} caption", i18n.tr_msg(scene.caption(frame.state, t))))
                for metric in scene.metrics(frame.state, t):
                    shown.append((f"{where} metric", i18n.tr_msg(metric.label)))
                if i % painted_every == 0 or i == len(times) - 1:
                    painter = QPainter(image)
                    view.paint(painter, QRectF(0, 0, 1280, 720), frame, DARK)
                    painter.end()
            shown.extend((f"{name}/{preset.key}: {w}", text) for w, text in widget_texts(window))
        for setting in scene.settings:  # rows hidden for the current values are shown later
            for msg in (setting.label, setting.tooltip, *(label for _, label in setting.choices)):
                if msg is not None:
                    shown.append((f"{name} setting {setting.key}", i18n.tr_msg(msg)))

    window.show_help()
    assert window.help_dialog is not None
    shown.extend(widget_texts(window.help_dialog))
    window.actions_by_name["about"].trigger()
    window.actions_by_name["reset_defaults"].trigger()
    for box in window.findChildren(QMessageBox):
        shown.extend(widget_texts(box))
        box.close()
    shown.extend(("painted", text) for text in painted)

    problems: dict[str, str] = {}  # one line per distinct text, naming where it was first seen
    for where, text in shown:
        if text and text not in problems and (words := english_words(text, code_names)):
            problems[text] = f"{where}: {text.replace(NBSP, ' ')!r} keeps English {words}"
    untranslated = sorted(
        f"[{context}] {source!r}"
        for context, source in rendered
        if not translator.translate(context, source)
    )
    assert not untranslated, "shown without a Korean translation:\n" + "\n".join(untranslated)
    assert not problems, "\n".join(sorted(problems.values()))
    assert len(rendered) > 30 and len(painted) > 10, "the walk saw too little to mean anything"
    close(window, qtbot, qt_loop)


# -- Hangul glyphs -------------------------------------------------------------------------------
def is_hangul(char: str) -> bool:
    code = ord(char)
    return 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F


def test_the_korean_font_has_a_glyph_for_every_hangul_character_shown(qapp: QApplication) -> None:
    family = fonts.hangul_family()
    assert family is not None, "no installed font has Hangul glyphs (setup.sh installs fonts-nanum)"
    shown = sorted(
        {c for _, _, translation, _ in ts_messages() for c in translation if is_hangul(c)}
    )
    assert len(shown) > 100
    font = QFont(family)
    font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)  # this font alone, no fallback
    assert QFontInfo(font).family() == family
    metrics = QFontMetrics(font)
    raw = QRawFont.fromFont(font)
    missing = [
        c for c in shown if not (metrics.inFontUcs4(ord(c)) and raw.supportsCharacter(ord(c)))
    ]
    assert not missing, f"{family} has no glyph for {''.join(missing)}"
    assert not raw.supportsCharacter(0x0E01), "the check must be able to fail (Thai is not in it)"

    before = QFont(qapp.font())
    try:
        assert fonts.install_app_font(qapp) == family
        assert family in qapp.font().families(), (
            "the app font does not fall back to the Hangul font"
        )
    finally:
        qapp.setFont(before)
