"""Message queue: request handlers put messages on a queue, workers take, work and acknowledge.

The scene's skeleton, as in every scene folder: :mod:`.scene` (settings, presets, the scene),
:mod:`.state` (state and reducer, with :mod:`.chunks` to keep copies cheap), :mod:`.captions`
(words and measured numbers), the real code it runs (:mod:`.presets`, :mod:`.broker`,
:mod:`.services`, :mod:`.simulation`) and :mod:`.view` (Qt: draws a state).
"""

from visualizer.scenes.queue.captions import CTX, Measures, measure, seconds
from visualizer.scenes.queue.scene import PRESETS, SCENE, SETTINGS, QueueScene

__all__ = [
    "CTX",
    "PRESETS",
    "SCENE",
    "SETTINGS",
    "Measures",
    "QueueScene",
    "measure",
    "seconds",
]
