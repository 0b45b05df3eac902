"""Types of the compiled step (``_step.c``); ``trace_hooks.PyStep`` is its Python twin."""

from collections.abc import Callable
from typing import Any

class Step:
    _coro: Any
    _sink: Any
    _actor: str
    _name: str | None
    _cause: str | None
    _started: bool
    def __init__(self, coro: Any, sink: Any, actor: str, name: str | None, /) -> None: ...
    def send(self, value: Any, /) -> Any: ...

def configure(
    sleep_code: Any,
    sleep_timer: list[Any],
    classify: Callable[..., tuple[str, Any, Any]],
    actor_of: Callable[[Any], str | None],
    suspended: Callable[[Any, str, Any, Any], None],
    has_frames: Callable[[type], bool],
    /,
) -> None: ...
