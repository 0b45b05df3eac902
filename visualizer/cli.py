"""``visualizer``: pick the command and hand it the rest of the arguments.

Each command lives in :mod:`visualizer.commands` and is imported only when asked for, so
``visualizer export --list`` never loads Qt and a mistyped argument answers at once.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args else ""
    if command == "bench":
        from visualizer.commands.bench import bench_main

        return bench_main(args[1:])
    if command == "worker":
        from visualizer.commands.worker import main as worker_main

        return worker_main(args[1:])
    if command == "trace":
        from visualizer.commands.trace import trace_main

        return trace_main(args[1:])
    if command == "export":
        from visualizer.commands.export import export_main

        return export_main(args[1:])
    from visualizer.commands.app import app_main

    return app_main(args)
