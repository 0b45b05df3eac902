"""The event-loop scene's state: tasks, the ready queue, timers and the loop's lag.

The state and its reducer live in :mod:`visualizer.core.task_state`, beside the tracer whose
events they fold, because every asyncio picture shares them (a learner's own script too).
"""

from visualizer.core.task_state import LoopReducer, LoopState

__all__ = ["LoopReducer", "LoopState"]
