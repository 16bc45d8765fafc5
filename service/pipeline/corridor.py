"""The part of the alignment grid the dynamic programme may visit, and its hard size bound.

The grid has a row per reference sentence boundary (0..n) and a column per other-version
boundary (0..m); a path from (0, 0) to (n, m) is an alignment. Anchors (confident 1-1
pairs) cut the grid into gaps: the gap after anchor (pa, pb) and before anchor (qa, qb)
spans rows pa+1..qa and columns pb+1..qb, and every row belongs to exactly one gap.

* A small gap is searched whole.
* A larger gap gets a band around the straight line joining its corners, as wide as the
  gap's imbalance plus a margin (the classic Gale-Church band) — and never narrower than
  what keeps consecutive rows overlapping, so a path from corner to corner always exists.
* The corridor's cells are capped at ``CELLS_PER_SENTENCE`` per sentence (with a floor):
  when the natural bands would exceed that, every band is narrowed by one common factor,
  down to the connected minimum, which costs about the gap's width plus height. So the
  cost is linear in the number of sentences whatever the anchors are.
* :meth:`Corridor.widened_where_touched` doubles only the bands the best path ran along the
  edge of (the path wanted to leave them), within the same cap.

Every row's range is finally widened by ``MARGIN`` columns on each side, so a wrong anchor
can still be stepped around.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

MARGIN = 6
WHOLE_GAP_CELLS = 400  # gaps this small are searched whole
CELLS_PER_SENTENCE = 40
MIN_CELLS = 50_000


@dataclass(frozen=True)
class Gap:
    first_row: int
    last_row: int
    first_col: int
    last_col: int
    half: int | None  # half-width of the band; None = the whole gap

    @property
    def height(self) -> int:
        return self.last_row - self.first_row + 1

    @property
    def width(self) -> int:
        return self.last_col - self.first_col + 1

    @property
    def natural_half(self) -> int:
        return abs(self.width - self.height) + MARGIN

    @property
    def min_half(self) -> int:
        """The narrowest band whose consecutive rows still overlap."""
        if self.height <= 1:
            return self.width
        return math.ceil((self.width - 1) / (self.height - 1) / 2) + 1

    def row_range(self, i: int) -> tuple[int, int]:
        if self.half is None or self.height <= 1:
            return self.first_col, self.last_col
        centre = self.first_col + (i - self.first_row) * (self.width - 1) / (self.height - 1)
        return (max(self.first_col, math.floor(centre) - self.half),
                min(self.last_col, math.ceil(centre) + self.half))

    def cells(self, half: int | None = None) -> int:
        """At least as many cells as this gap's rows will have with band half-width ``half``
        (default: its own), margins included: a bound, so that fitting it fits the corridor."""
        if half is None:
            half = self.half
        if half is None or self.height <= 1:
            return self.height * (self.width + 2 * MARGIN)
        return self.height * (min(self.width, 2 * half + 2) + 2 * MARGIN)

    def is_whole(self) -> bool:
        return self.half is None or self.height <= 1 or 2 * self.half + 2 >= self.width


@dataclass(frozen=True)
class Corridor:
    n: int
    m: int
    gaps: tuple[Gap, ...]
    ranges: tuple[tuple[int, int], ...]  # per row 0..n: the columns the search may visit
    max_cells: int

    @property
    def cells(self) -> int:
        return sum(hi - lo + 1 for lo, hi in self.ranges)

    def widened_where_touched(self, path: list[tuple[int, int]], matched: list[tuple[int, int]]) -> Corridor | None:
        """A corridor whose banded gaps ``path`` ran along the edge of are twice as wide, or
        None when there are none or none can grow within the cap. Only gaps that hold a
        ``matched`` cell (a bead that found a counterpart) are widened."""
        with_matches = {_gap_of(self.gaps, i) for i, _ in matched}
        touched = set()
        for i, j in path:
            lo, hi = self.ranges[i]
            if (j <= lo and lo > 0) or (j >= hi and hi < self.m):
                touched.add(_gap_of(self.gaps, i))
        grown = list(self.gaps)
        spare = self.max_cells - sum(g.cells() for g in grown)
        changed = False
        for k in sorted(touched & with_matches):
            gap = grown[k]
            if gap.is_whole():
                continue
            wider = replace(gap, half=2 * gap.half)
            extra = wider.cells() - gap.cells()
            if extra > spare:
                continue
            grown[k], spare, changed = wider, spare - extra, True
        return _build(self.n, self.m, grown, self.max_cells) if changed else None


def _gap_of(gaps: tuple[Gap, ...], row: int) -> int:
    lo, hi = 0, len(gaps) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if gaps[mid].first_row <= row:
            lo = mid
        else:
            hi = mid - 1
    return lo


def plan_corridor(n: int, m: int, anchors: list[tuple[int, int]]) -> Corridor:
    """The corridor for an n x m alignment whose path goes through ``anchors`` (increasing)."""
    max_cells = max(MIN_CELLS, CELLS_PER_SENTENCE * (n + m + 2))
    gaps = []
    for (pa, pb), (qa, qb) in zip([(-1, -1), *anchors], [*anchors, (n, m)]):
        gap = Gap(pa + 1, qa, pb + 1, qb, None)
        if gap.height * gap.width > WHOLE_GAP_CELLS:
            gap = replace(gap, half=max(gap.min_half, gap.natural_half))
        gaps.append(gap)
    return _build(n, m, _fit(gaps, max_cells), max_cells)


def _fit(gaps: list[Gap], cells: int) -> list[Gap]:
    """Narrow every band by one common factor until the gaps fit in ``cells``."""
    def sized(factor: float) -> list[Gap]:
        return [g if g.half is None else replace(g, half=max(g.min_half, math.floor(g.natural_half * factor)))
                for g in gaps]

    if sum(g.cells() for g in gaps) <= cells:
        return gaps
    lo, hi = 0.0, 1.0
    for _ in range(30):  # bisection on the factor; each step is O(len(gaps))
        mid = (lo + hi) / 2
        if sum(g.cells() for g in sized(mid)) <= cells:
            lo = mid
        else:
            hi = mid
    return sized(lo)  # at factor 0 every band is at its connected minimum


def _build(n: int, m: int, gaps: list[Gap], max_cells: int) -> Corridor:
    ranges = []
    for gap in gaps:
        for i in range(gap.first_row, gap.last_row + 1):
            lo, hi = gap.row_range(i)
            ranges.append((max(0, lo - MARGIN), min(m, hi + MARGIN)))
    return Corridor(n, m, tuple(gaps), tuple(ranges), max_cells)
