"""Server under load: one CRUD service on a real HTTP server, five ways, and an open-loop client.

See ``scene.py`` for the settings and presets, ``crud.py`` for the code the learner reads,
``servers.py`` for the server modes and ``client.py`` for the load generator.
"""

from __future__ import annotations

from visualizer.scenes.server.captions import CTX
from visualizer.scenes.server.scene import SCENE, ServerScene

__all__ = ["CTX", "SCENE", "ServerScene"]
