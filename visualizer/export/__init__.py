"""Screenshots and animations of a recorded run, from the app and from the command line.

Frames are rendered from the recorded timeline at exact times (frame k at ``start + k / fps``),
never grabbed from the screen, so an export is smooth at any fps on any machine and the same
recording always gives the same frames.

Qt-free: :mod:`.options` (what the user asked for, validated), :mod:`.recording` (running a
scene headless and keeping its log), :mod:`.encoders` (Pillow and ffmpeg writers, atomic output).
Qt: :mod:`.render` (drawing frames with the scene's view, the export pipeline) and :mod:`.app`
(the ``visualizer export`` command).
"""
