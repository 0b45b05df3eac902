"""How the blocking scene's picture moves: the token's glide, polls drawn as out-and-backs.

The recorded moves are instantaneous; these rules only stretch them over a few frames so that
a move can be seen, and measure the poll rate from the recorded bins.
"""

from __future__ import annotations

from visualizer.core.text import Msg
from visualizer.scenes.blocking import BIN, LaneState, Move

MOVE_SECONDS = 0.25  # how long the token takes to glide to its new holder on screen
BRIEF = 0.01  # a visit shorter than this is drawn as an out-and-back, not two glides
POLL_SECONDS = 0.25  # how long one recorded poll's out-and-back is drawn


def ease(x: float) -> float:
    x = min(1.0, max(0.0, x))
    return x * x * (3 - 2 * x)


def counts_time(text: str | Msg) -> bool:
    """True for words that change from frame to frame (a duration so far): not worth caching."""
    return isinstance(text, Msg) and any(isinstance(v, float | Msg) for v in text.args.values())


def brief_visit(moves: list[Move], t: float) -> Move | None:
    """The last move, if it went out and straight back (under BRIEF s) within POLL_SECONDS."""
    if len(moves) < 2:
        return None
    out, back = moves[-2], moves[-1]
    there_and_back = out.dst == back.src and out.src == back.dst
    if there_and_back and back.t - out.t < BRIEF and t - out.t < POLL_SECONDS:
        return out
    return None


def poll_rate(lane: LaneState, t: float) -> float:
    """Polls per second over the last 0.2 s, from the recorded bins."""
    last = int(t / BIN)
    first = max(0, last - int(0.2 / BIN) + 1)
    window = lane.poll_bins[first : last + 1]
    seconds = max(BIN, (last + 1 - first) * BIN)
    return sum(window) / seconds
