"""What every command shares: one-line errors and ``--set KEY=VALUE`` parsing.

Every mistake on the command line ends with one line on stderr and exit status 2, never a
traceback: a learner typing a scene name wrong should learn the right names, not read a stack.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from typing import NoReturn

USAGE_ERROR = 2


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line, not the usage block plus a line."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"{self.prog}: error: {one_line(message)}\n")


_LONG_WORD = re.compile(r"\S{161,}")


def one_line(message: str) -> str:
    """``message`` on one line, a pasted 100 KB argument shown by its start and end only."""
    from visualizer.core.text import shorten  # only on an error: not on every command's start

    flat = " ".join(message.splitlines())
    return shorten(_LONG_WORD.sub(lambda m: shorten(m.group(0), 160), flat), 600)


def parse_assignments(items: Sequence[str]) -> dict[str, str]:
    # imported here: the scene contract costs ``visualizer trace`` a fifth of a plain script's
    # run before its child can start, and only ``--set`` needs it
    from visualizer.core.contract import SettingError
    from visualizer.core.text import shorten

    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise SettingError(f"--set takes KEY=VALUE (got {shorten(item)!r})")
        out[key.strip()] = value.strip()
    return out
