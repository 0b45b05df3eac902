"""A script is drawn with the event-loop picture."""

from visualizer.scenes.event_loop.view import View

__all__ = ["View"]
