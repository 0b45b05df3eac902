"""Scenes: each one real piece of concurrent code, its settings, its state and its view.

One scene lives in one sub-package: ``__init__`` (Qt-free: the scene, its presets, settings and
reducer) and ``view.py`` (Qt: draws the state it is given).
"""
