"""The Qt-free core: recording, tracing, the timeline and playback.

Nothing under this package may import Qt; a test enforces it so that the model stays fast to test
and usable from the command line.
"""
