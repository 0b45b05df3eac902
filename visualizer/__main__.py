"""``python -m visualizer``: the same entry point as the ``visualizer`` command."""

from visualizer.cli import main

raise SystemExit(main())
