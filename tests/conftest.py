"""What both halves of the suite share; nothing here imports Qt (tests/core must stay Qt-free)."""

from __future__ import annotations

import os
import tempfile

# Anything that starts the app (in or out of process) keeps its settings here, not in the
# user's own configuration.
os.environ["VISUALIZER_SETTINGS"] = os.path.join(
    tempfile.mkdtemp(prefix="visualizer-test-settings-"), "settings.ini"
)
