"""Connector routing for the swimlane flowchart, on an abstract grid of rows and lanes.

Every shape has a row of its own (the layout guarantees it), so at the height of a shape's centre
nothing else stands in any other lane: a connector may leave a shape sideways and cross lanes at
that height freely. Vertical runs go down a lane's centre line only when no shape stands in that
lane between the two rows; otherwise they use a *channel*, the margin beside a lane's boxes, or for
loops (edges back to an earlier step) the reserved loop channel at the right of all lanes.
Horizontal runs between rows use *gutters*, the gaps between rows. Runs sharing a channel or a
gutter get separate tracks (interval colouring), so connectors cross but never run on top of each
other, and none of them passes through a shape; runs into the same shape along the same channel
or gutter are joined instead (one track), as lines merge before an arrow.

Five shapes of route, cheapest first::

    straight        out of the bottom, straight down into the target (same lane, nothing between)
    elbow           out of the side, across at the source's height, down into the target
    zed             out of the bottom, across in the gutter below the source, down into the target
    channel         out of the side into a channel, along it, across the gutter above the target
    gutter-channel  out of the bottom, across the gutter below, along a channel, across, down

This module decides shapes, exits and tracks; ``flowlayout`` turns them into coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Any

STRAIGHT, ELBOW, ZED, CHANNEL, GUTTER_CHANNEL = "straight", "elbow", "zed", "channel", "gutter-channel"
BOTTOM, RIGHT, LEFT = "bottom", "right", "left"
#: Channels: ("left", lane) / ("right", lane) are the margins beside a lane's boxes.
LOOP_RIGHT: tuple[str, int] = ("loop-right", -1)
LOOP_LEFT: tuple[str, int] = ("loop-left", -1)
Channel = tuple[str, int]

@dataclass(frozen=True)
class Cell:
    row: int
    lane: int


@dataclass
class Route:
    """How one connector runs; tracks are filled in by :func:`plan_routes`."""

    source: str
    target: str
    shape: str
    exit: str
    back: bool
    channel: Channel | None = None
    shared_exit: bool = False  # the fourth and later branches of a decision share the bottom exit
    channel_track: int = 0
    stub_gutter: int | None = None  # the gutter below the source (zed, gutter-channel)
    stub_track: int = 0
    approach_gutter: int | None = None  # the gutter above the target (channel, gutter-channel)
    approach_track: int = 0


@dataclass(frozen=True)
class Plan:
    routes: list[Route]
    channel_tracks: dict[Channel, int]  # channel -> number of tracks
    stub_tracks: dict[int, int]  # gutter -> tracks for runs leaving the row above
    approach_tracks: dict[int, int]  # gutter -> tracks for runs entering the row below


def _options(src: Cell, dst: Cell, occupied: set[tuple[int, int]]) -> list[tuple[int, str, str]]:
    """(cost, shape, exit) for every way this edge could run, cheapest first."""
    r, a, s, b = src.row, src.lane, dst.row, dst.lane
    if s <= r:  # a loop: around the side
        return [(3, CHANNEL, RIGHT), (5, GUTTER_CHANNEL, BOTTOM), (6, CHANNEL, LEFT)]
    clear = all((row, b) not in occupied for row in range(r + 1, s))
    options: list[tuple[int, str, str]] = []
    if clear and a == b:
        options.append((0, STRAIGHT, BOTTOM))
    if clear and a != b:
        options += [(1, ELBOW, RIGHT if b > a else LEFT), (2, ZED, BOTTOM)]
    toward_right = b >= a
    options += [
        (3 if toward_right else 4, CHANNEL, RIGHT),
        (4 if toward_right else 3, CHANNEL, LEFT),
        (5, GUTTER_CHANNEL, BOTTOM),
    ]
    return options


def _channel(src: Cell, dst: Cell, shape: str, exit: str) -> Channel | None:
    a, b = src.lane, dst.lane
    if shape not in (CHANNEL, GUTTER_CHANNEL):
        return None
    if dst.row <= src.row:
        return LOOP_LEFT if exit == LEFT else LOOP_RIGHT
    if shape == GUTTER_CHANNEL:
        return ("left", b) if b > a else ("right", b)
    if exit == RIGHT:
        return ("left", b) if b > a else ("right", a)
    return ("right", b) if b < a else ("left", a)


def _choose(options: list[list[tuple[int, str, str]]]) -> list[tuple[int, str, str]]:
    """The cheapest combination with a separate exit for each of the first three edges.

    A decision with more than three branches has only three exits: the remaining branches leave
    by the bottom too, fork onto their own tracks in the gutter below (a "bus"), and are labelled
    where they turn off it.
    """
    head = options[:3]
    best: tuple[int, tuple[int, ...], tuple[int, ...]] | None = None
    best_combo: tuple[tuple[int, str, str], ...] = ()
    for indices in product(*(range(len(o)) for o in head)):
        combo = tuple(o[i] for o, i in zip(head, indices))
        if len({exit for _, _, exit in combo}) < len(combo):
            continue
        key = (sum(c for c, _, _ in combo), tuple(c for c, _, _ in combo), indices)
        if best is None or key < best:
            best, best_combo = key, combo
    extra = [next(o for o in opts if o[1] in (ZED, GUTTER_CHANNEL)) for opts in options[3:]]
    return list(best_combo) + extra


def _colour(intervals: list[tuple[int, int, int]]) -> tuple[dict[int, int], int]:
    """Give overlapping (or touching) intervals different tracks; returns (track by id, count).

    Shorter intervals are placed first, on the lowest tracks: nested loops then nest instead of
    crossing, since the layout puts track 0 closest to the lanes.
    """
    taken: list[list[tuple[int, int]]] = []  # the intervals on each track
    tracks: dict[int, int] = {}
    for lo, hi, ident in sorted(intervals, key=lambda span: (span[1] - span[0], span)):
        for track, spans in enumerate(taken):
            if all(hi < other_lo or other_hi < lo for other_lo, other_hi in spans):
                spans.append((lo, hi))
                tracks[ident] = track
                break
        else:
            tracks[ident] = len(taken)
            taken.append([(lo, hi)])
    return tracks, len(taken)


def _x_key(channel: Channel | None, lane: int, lanes: int) -> int:
    """Left-to-right order of lane centres and channels, for colouring gutter tracks."""
    if channel is None:
        return 4 * lane + 2
    side, index = channel
    if channel == LOOP_LEFT:
        return 0
    if channel == LOOP_RIGHT:
        return 4 * lanes + 1
    return 4 * index + (1 if side == "left" else 3)


def plan_routes(cells: dict[str, Cell], edges: list[tuple[str, str]], lanes: int) -> Plan:
    """Choose a route for each edge (source id, target id) and give every run its own track."""
    occupied = {(c.row, c.lane) for c in cells.values()}
    by_source: dict[str, list[int]] = {}
    for index, (source, _) in enumerate(edges):
        by_source.setdefault(source, []).append(index)
    routes: list[Route | None] = [None] * len(edges)
    for source, indices in by_source.items():
        src = cells[source]
        options = [_options(src, cells[edges[i][1]], occupied) for i in indices]
        chosen = _choose(options)
        for number, (i, (_, shape, exit)) in enumerate(zip(indices, chosen)):
            dst = cells[edges[i][1]]
            routes[i] = Route(
                source=source,
                target=edges[i][1],
                shape=shape,
                exit=exit,
                back=dst.row <= src.row,
                channel=_channel(src, dst, shape, exit),
                shared_exit=number >= 3,
            )
    plan = [r for r in routes if r is not None]

    stub_spans: dict[int, list[tuple[int, int, int]]] = {}
    # Runs into one target along one channel, or across one gutter, are joined: they share a
    # track, the way lines merge before an arrow, instead of running side by side to it.
    channel_runs: dict[tuple[Channel, str], list[tuple[int, int, int]]] = {}
    approach_runs: dict[tuple[int, str], list[tuple[int, int, int]]] = {}
    for ident, route in enumerate(plan):
        src, dst = cells[route.source], cells[route.target]
        if route.shape in (ZED, GUTTER_CHANNEL):
            route.stub_gutter = src.row
            end = _x_key(route.channel, dst.lane, lanes)
            span = sorted((_x_key(None, src.lane, lanes), end))
            stub_spans.setdefault(src.row, []).append((span[0], span[1], ident))
        if route.shape in (CHANNEL, GUTTER_CHANNEL):
            route.approach_gutter = dst.row - 1
            span = sorted((_x_key(route.channel, 0, lanes), _x_key(None, dst.lane, lanes)))
            approach_runs.setdefault((dst.row - 1, route.target), []).append((span[0], span[1], ident))
            start = 2 * src.row + 1 if route.shape == CHANNEL else 2 * src.row + 2
            ys = sorted((start, 2 * dst.row))
            assert route.channel is not None
            channel_runs.setdefault((route.channel, route.target), []).append((ys[0], ys[1], ident))

    def joined(runs: dict[tuple[Any, str], list[tuple[int, int, int]]]) -> tuple[
            dict[Any, list[tuple[int, int, int]]], dict[int, list[int]]]:
        """One span per place and target (the union of its runs, named by its first run), and
        the runs of each."""
        spans: dict[Any, list[tuple[int, int, int]]] = {}
        members: dict[int, list[int]] = {}
        for (place, _), group in runs.items():
            first = min(ident for _, _, ident in group)
            spans.setdefault(place, []).append((min(lo for lo, _, _ in group), max(hi for _, hi, _ in group), first))
            members[first] = [ident for _, _, ident in group]
        return spans, members

    channel_spans, channel_members = joined(channel_runs)
    channel_tracks: dict[Channel, int] = {}
    for channel, spans in sorted(channel_spans.items()):
        tracks, channel_tracks[channel] = _colour(spans)
        for first, track in tracks.items():
            for ident in channel_members[first]:
                plan[ident].channel_track = track
    stub_tracks: dict[int, int] = {}
    for gutter, spans in sorted(stub_spans.items()):
        tracks, stub_tracks[gutter] = _colour(spans)
        for ident, track in tracks.items():
            plan[ident].stub_track = track
    approach_spans, approach_members = joined(approach_runs)
    approach_tracks: dict[int, int] = {}
    for gutter, spans in sorted(approach_spans.items()):
        tracks, approach_tracks[gutter] = _colour(spans)
        for first, track in tracks.items():
            for ident in approach_members[first]:
                plan[ident].approach_track = track
    return Plan(plan, channel_tracks, stub_tracks, approach_tracks)
