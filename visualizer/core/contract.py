"""What every scene provides, without Qt.

A scene is a description (name, presets, settings with ranges) plus three functions: ``run`` runs
the real code and records into a :class:`~visualizer.core.recorder.Recorder`; ``reducer`` folds
those events into the scene's state; ``caption`` says in words what that state means. The Qt view
(``view.py`` beside each scene) only draws a state.
"""

from __future__ import annotations

import inspect
import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, Literal, Protocol, TypeVar

from visualizer.core.recorder import Recorder
from visualizer.core.text import Msg
from visualizer.core.timeline import Reducer

S = TypeVar("S")
Value = int | float | str | bool


class SettingError(ValueError):
    """A setting's value or name is not acceptable; the message is one line for the user."""


@dataclass(frozen=True)
class Setting:
    """One knob a learner can turn, with the range the scene accepts."""

    key: str
    label: Msg
    kind: Literal["int", "float", "choice", "bool", "text"]
    default: Value
    minimum: float = 0.0
    maximum: float = 1.0
    step: float = 1.0
    unit: str = ""
    choices: tuple[tuple[str, Msg], ...] = ()
    live: bool = False
    tooltip: Msg | None = None
    # Shown only when this returns True for the current values (e.g. delay 7 when tasks >= 7).
    visible_when: Callable[[Mapping[str, Value]], bool] | None = None

    def coerce(self, value: object) -> Value:
        """Check ``value`` (a Python value or text) against the range, or raise SettingError."""
        try:
            if self.kind == "text":
                text = str(value).strip()
                if not text or len(text) > self.maximum or "\n" in text:
                    raise ValueError(value)
                return text
            if self.kind == "bool":
                if isinstance(value, str):
                    low = value.strip().lower()
                    if low in ("1", "true", "yes", "on"):
                        return True
                    if low in ("0", "false", "no", "off"):
                        return False
                    raise ValueError(value)
                if isinstance(value, bool | int):
                    return bool(value)
                raise ValueError(value)
            if self.kind == "choice":
                text = str(value)
                if text not in (key for key, _ in self.choices):
                    options = ", ".join(key for key, _ in self.choices)
                    raise SettingError(f"{self.key} must be one of: {options} (got {text!r})")
                return text
            if isinstance(value, bool):
                raise ValueError(value)
            number = float(value) if isinstance(value, str | int | float) else math.nan
            if self.kind == "int" and not number.is_integer():
                raise ValueError(value)
        except SettingError:
            raise
        except (TypeError, ValueError):
            raise SettingError(
                f"{self.key} must be {self.describe_range()} (got {value!r})"
            ) from None
        if not (self.minimum <= number <= self.maximum):
            raise SettingError(self._range_error(value))
        return int(number) if self.kind == "int" else number

    def _range_error(self, value: object) -> str:
        return f"{self.key} must be {self.describe_range()} (got {value!r})"

    def describe_range(self) -> str:
        if self.kind == "bool":
            return "true or false"
        if self.kind == "text":
            return f"a text of 1 to {self.maximum:g} characters"
        if self.kind == "choice":
            return "one of " + "|".join(key for key, _ in self.choices)
        kind = "an integer" if self.kind == "int" else "a number"
        unit = f" {self.unit}" if self.unit else ""
        return f"{kind} from {self.minimum:g} to {self.maximum:g}{unit}"


class ValueSource(Protocol):
    """What a scene's services read: typed values by key (a :class:`Values`, or an adapter)."""

    def __getitem__(self, key: str) -> Value: ...

    def float(self, key: str) -> float: ...

    def int(self, key: str) -> int: ...

    def str(self, key: str) -> str: ...


class Values(Mapping[str, Value]):
    """Current setting values of a scene; the running code reads them live."""

    def __init__(
        self, settings: Sequence[Setting], overrides: Mapping[str, object] | None = None
    ) -> None:
        self._settings = {s.key: s for s in settings}
        self._values: dict[str, Value] = {s.key: s.default for s in settings}
        for key, value in (overrides or {}).items():
            self.set(key, value)

    def set(self, key: str, value: object) -> Value:
        """Validate and store; raises SettingError for an unknown key or a bad value."""
        setting = self._settings.get(key)
        if setting is None:
            known = ", ".join(self._settings)
            raise SettingError(f"unknown setting {key!r} (known: {known})")
        coerced = setting.coerce(value)
        self._values[key] = coerced
        return coerced

    def setting(self, key: str) -> Setting:
        return self._settings[key]

    def __getitem__(self, key: str) -> Value:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def float(self, key: str) -> float:
        return float(self._values[key])

    def int(self, key: str) -> int:
        return int(self._values[key])

    def str(self, key: str) -> str:
        return str(self._values[key])

    def copy(self) -> Values:
        return Values(list(self._settings.values()), self._values)


@dataclass(frozen=True)
class Preset:
    """A variant of the scene's real code that a learner can switch to."""

    key: str
    title: Msg
    description: Msg
    code: tuple[Callable[..., Any], ...] = ()
    # The source as text, for a preset that is not Python callables (a learner's own file).
    listing: SourceListing | None = None
    # Settings of the scene that mean nothing to this preset's code (a variant without a queue
    # has no queue capacity): the window hides them while the preset is chosen.
    hides: frozenset[str] = frozenset()

    def source(self) -> SourceListing:
        """The real source of the functions this preset runs, for the code panel."""
        if self.listing is not None:
            return self.listing
        blocks = []
        for decorated in self.code:
            # The real function: a decorator's wrapper has its own file and lines.
            fn = inspect.unwrap(decorated)
            lines, first = inspect.getsourcelines(fn)
            blocks.append(SourceBlock(inspect.getsourcefile(fn) or "", first, tuple(lines)))
        return SourceListing(tuple(blocks))


@dataclass(frozen=True)
class SourceBlock:
    filename: str
    first_line: int
    lines: tuple[str, ...]


@dataclass(frozen=True)
class SourceListing:
    """Source blocks joined for display, with a map from file lines to display rows."""

    blocks: tuple[SourceBlock, ...]

    @property
    def text(self) -> str:
        return "\n\n".join("".join(b.lines).rstrip("\n") for b in self.blocks)

    def row_of(self, filename: str, line: int) -> int | None:
        """Display row (0-based) of ``filename:line``, or None when not shown."""
        row = 0
        for block in self.blocks:
            if block.filename == filename and block.first_line <= line < block.first_line + len(
                block.lines
            ):
                return row + line - block.first_line
            row += len("".join(block.lines).rstrip("\n").split("\n")) + 1
        return None


SettingListener = Callable[[str, Value], None]


@dataclass
class Run:
    """One execution of a scene's code: what it records into and the values it reads.

    A live setting changes one way: :meth:`change` validates it, records the ``setting`` event at
    that moment and calls the listeners the running code registered with :meth:`on_setting`.
    The running code never polls the values to find out.
    """

    recorder: Recorder
    values: Values
    preset: str
    data: dict[str, Any] = field(default_factory=dict)
    _listeners: list[SettingListener] = field(default_factory=list, repr=False)

    def on_setting(self, listener: SettingListener) -> Callable[[], None]:
        """Call ``listener(key, value)`` after each live change; returns the unsubscriber."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def change(self, key: str, value: object) -> Value:
        """Validate and store a setting while the code runs; raises SettingError."""
        new = self.values.set(key, value)
        self.recorder.emit("setting", "scene", key=key, value=new)
        for listener in tuple(self._listeners):
            listener(key, new)
        return new


@dataclass(frozen=True)
class Highlight:
    """A line of the scene's code that some actor is on at the shown time."""

    filename: str
    line: int
    actor: str
    index: int  # colour index of the actor


@dataclass(frozen=True)
class BenchLoad:
    """A recorded run that ``visualizer bench`` renders to measure this scene's frame time."""

    preset: str | None = None
    overrides: Mapping[str, object] = field(default_factory=dict)
    seconds: float = 2.0  # how long to record before rendering frames over the recording


@dataclass(frozen=True)
class Frame(Generic[S]):
    """What to draw: the scene's state at playback time ``t``, and how far the run has got."""

    state: S
    t: float
    end: float
    finished: bool


@dataclass(frozen=True)
class Metric:
    label: Msg
    value: str | Msg  # a Msg where the value has a unit to translate (``text.seconds``)

    def value_text(self, translate: Any = None) -> str:
        """The value as shown, translated by ``translate(context, source)`` when given."""
        return self.value if isinstance(self.value, str) else self.value.render(translate)


class Scene(ABC, Generic[S]):
    """A scene's Qt-free half."""

    # Set on the class by a built-in scene, on the instance by a scene made from a file.
    name: str
    title: Msg
    summary: Msg
    presets: tuple[Preset, ...]
    settings: tuple[Setting, ...]
    # How long an export records when no duration is given (seconds).
    default_duration: ClassVar[float] = 4.0
    # Loads `visualizer bench` measures frame times with, keyed "default", "stress", ...
    bench_loads: ClassVar[Mapping[str, BenchLoad]] = {"default": BenchLoad()}
    # A module with ``figures(quick: bool) -> dict`` that ``visualizer bench`` merges into its
    # output: a scene measures what only it can (say, the message rate it keeps up with) without
    # the bench command naming the scene's modules. It may import Qt; scene logic never does.
    bench_module: ClassVar[str | None] = None

    @property
    def view_module(self) -> str:
        """The module holding this scene's ``View``: ``view`` beside the scene's own module."""
        return type(self).__module__.rsplit(".", 1)[0] + ".view"

    def preset(self, key: str | None) -> Preset:
        if key is None:
            return self.presets[0]
        for preset in self.presets:
            if preset.key == key:
                return preset
        known = ", ".join(p.key for p in self.presets)
        raise SettingError(f"unknown preset {key!r} for scene {self.name} (known: {known})")

    def values(self, overrides: Mapping[str, object] | None = None) -> Values:
        return Values(self.settings, overrides)

    @abstractmethod
    def reducer(self) -> Reducer[S]:
        """How this scene's events fold into its state."""

    @abstractmethod
    async def run(self, run: Run) -> None:
        """Run the real code of ``run.preset`` on the running loop, recording into ``run``."""

    @abstractmethod
    def caption(self, state: S, t: float) -> Msg:
        """One or two sentences on what is happening at ``t``."""

    def highlights(self, state: S, t: float) -> list[Highlight]:
        """Lines of the preset's code that tasks are on at ``t``."""
        return []

    def metrics(self, state: S, t: float) -> list[Metric]:
        """Measured numbers worth showing beside the picture."""
        return []
