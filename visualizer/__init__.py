"""Concurrency Visualizer: runs real concurrent code and animates what actually happens."""

__version__ = "0.1.0"
APP_NAME = "Concurrency Visualizer"
