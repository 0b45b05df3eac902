"""A learner's own asyncio script as a scene: its source is the code shown, its run is traced.

The skeleton of every scene folder: :mod:`.scene`, :mod:`.state`, :mod:`.captions` and
:mod:`.view`; the real code is the learner's file. It draws with the event-loop picture.
"""
