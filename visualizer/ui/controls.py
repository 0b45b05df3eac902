"""Sliders (and choices) built from a scene's settings, with their ranges and units."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSlider,
    QWidget,
)

from visualizer.core.contract import Setting, Value
from visualizer.draw.i18n import tr_msg

# Left and Right are not here: they step playback anywhere in the window (F1 says so), also
# after a slider was touched; a focused slider moves with Up/Down, Page Up/Down, Home and End.
_SLIDER_KEYS = frozenset(
    {
        Qt.Key.Key_Up,
        Qt.Key.Key_Down,
        Qt.Key.Key_PageUp,
        Qt.Key.Key_PageDown,
        Qt.Key.Key_Home,
        Qt.Key.Key_End,
    }
)


class KeyboardSlider(QSlider):
    """A slider that keeps Up, Down, Page Up/Down, Home and End when it has focus, and leaves
    Left and Right to the window's step shortcuts."""

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in _SLIDER_KEYS
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            event.accept()
            return True
        return super().event(event)


class SettingSlider(QWidget):
    """A slider over a setting's range; floats are mapped onto integer steps."""

    changed = Signal(str, object)

    def __init__(self, setting: Setting, value: Value, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setting = setting
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.slider = KeyboardSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName(f"setting:{setting.key}")
        steps = round((setting.maximum - setting.minimum) / setting.step)
        self.slider.setRange(0, steps)
        self.slider.setPageStep(max(1, steps // 10))
        self.value_label = QLabel(self)
        self.value_label.setMinimumWidth(56)
        self.value_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.value_label)
        if setting.tooltip is not None:
            self.setToolTip(tr_msg(setting.tooltip))
        self.set_value(value)
        self.slider.valueChanged.connect(self._on_slider)

    def _to_value(self, position: int) -> Value:
        raw = self.setting.minimum + position * self.setting.step
        return round(raw) if self.setting.kind == "int" else round(raw, 6)

    def _on_slider(self, position: int) -> None:
        value = self._to_value(position)
        self._show(value)
        self.changed.emit(self.setting.key, value)

    def _show(self, value: Value) -> None:
        unit = f" {self.setting.unit}" if self.setting.unit else ""
        text = f"{value:g}" if isinstance(value, float) else str(value)
        self.value_label.setText(text + unit)

    def set_value(self, value: Value) -> None:
        position = round((float(value) - self.setting.minimum) / self.setting.step)
        self.slider.blockSignals(True)
        self.slider.setValue(position)
        self.slider.blockSignals(False)
        self._show(value)


class ControlsPanel(QWidget):
    """One row per setting; emits ``changed(key, value)`` when the user moves a control."""

    changed = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.rows: dict[str, tuple[QLabel, QWidget]] = {}
        self.settings: tuple[Setting, ...] = ()
        self.not_applicable: frozenset[str] = frozenset()  # the chosen preset's ``hides``

    def build(self, settings: tuple[Setting, ...], values: Mapping[str, Value]) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.rows.clear()
        self.settings = settings
        for setting in settings:
            label = QLabel(tr_msg(setting.label), self)
            # Wrapped, and drop-downs allowed to shrink: a long English label ("Messages per
            # second per producer") must not push the values out of a 370-pixel panel.
            label.setWordWrap(True)
            widget = self._make(setting, values[setting.key])
            self.form.addRow(label, widget)
            self.rows[setting.key] = (label, widget)
        self.update_visibility(values)

    def _make(self, setting: Setting, value: Value) -> QWidget:
        if setting.kind in ("int", "float"):
            slider = SettingSlider(setting, value, self)
            slider.changed.connect(self.changed)
            return slider
        if setting.kind == "text":
            edit = QLineEdit(str(value), self)
            edit.setObjectName(f"setting:{setting.key}")
            edit.setMaxLength(int(setting.maximum))
            edit.editingFinished.connect(
                lambda key=setting.key, e=edit: self.changed.emit(key, e.text().strip())
            )
            return edit
        if setting.kind == "bool":
            box = QCheckBox(self)
            box.setObjectName(f"setting:{setting.key}")
            box.setChecked(bool(value))
            box.toggled.connect(lambda on, key=setting.key: self.changed.emit(key, on))
            return box
        combo = QComboBox(self)
        combo.setObjectName(f"setting:{setting.key}")
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        for key, label in setting.choices:
            combo.addItem(tr_msg(label), key)
        combo.setCurrentIndex(max(0, combo.findData(value)))
        combo.currentIndexChanged.connect(
            lambda i, key=setting.key, c=combo: self.changed.emit(key, c.itemData(i))
        )
        return combo

    def update_visibility(self, values: Mapping[str, Value]) -> None:
        for setting in self.settings:
            visible = setting.visible_when is None or setting.visible_when(values)
            visible = visible and setting.key not in self.not_applicable
            label, widget = self.rows[setting.key]
            label.setVisible(visible)
            widget.setVisible(visible)

    def widget(self, key: str) -> QWidget:
        return self.rows[key][1]
