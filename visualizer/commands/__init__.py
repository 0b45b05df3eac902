"""Command-line commands other than opening the window, one module each, each with ``main``."""
