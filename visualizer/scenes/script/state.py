"""A script's state is the event loop's: tasks, the ready queue, timers and the loop's lag."""

from visualizer.core.task_state import LoopReducer, LoopState

__all__ = ["LoopReducer", "LoopState"]
