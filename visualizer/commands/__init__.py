"""Command-line code, the top layer: each module parses one command and calls the layers below.

``visualizer.cli`` only picks the command; the modules here own their arguments, so every
mistake a user can type is caught in one place per command and ends with one line and status 2.
"""
