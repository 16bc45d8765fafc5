"""Sentence alignment (service/pipeline/align.py) and its search corridor
(service/pipeline/corridor.py): merges and gaps, anchors, banded search on long texts,
a corridor that always joins the corners within its cell cap, and beads that do not
depend on the hash seed."""
from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT

from service.model import Sentence
from service.pipeline.align import align


def _sentences(texts: list[str]) -> list[Sentence]:
    return [Sentence(i, 0, 0, len(t), t, translation=t) for i, t in enumerate(texts)]


def test_alignment_finds_merges_and_gaps():
    reference = _sentences([
        "The minister arrived in the capital on Friday.",
        "He met the president and discussed trade and energy.",
        "The talks lasted three hours.",
        "A joint statement was issued afterwards.",
    ])
    other = _sentences([
        "The minister arrived in the capital on Friday.",
        "He met the president.",
        "They discussed trade and energy.",
        "Protesters gathered outside.",
        "A joint statement was issued afterwards.",
    ])
    beads = [(b.reference, b.other) for b in align(reference, other)]
    assert ((0,), (0,)) in beads
    assert ((1,), (1, 2)) in beads
    assert ((3,), (4,)) in beads
    covered_ref = sorted(i for r, _ in beads for i in r)
    covered_other = sorted(j for _, o in beads for j in o)
    assert covered_ref == [0, 1, 2, 3] and covered_other == [0, 1, 2, 3, 4]


def test_alignment_of_long_texts_stays_banded():
    reference = _sentences([f"Sentence number {i} talks about topic {i} in depth." for i in range(400)])
    beads = align(reference, reference)
    assert all(b.reference == b.other and len(b.reference) == 1 for b in beads)


def test_anchors_are_mutual_best_and_never_cross():
    from service.pipeline.align import anchors, features

    a = [features(t) for t in ["Talks in Wonsan ended.", "Kim praised Lavrov.", "Troops number 10,000.", "Rain fell."]]
    b = [features(t) for t in ["Troops number 10,000.", "Talks in Wonsan ended.", "Kim praised Lavrov.", "Snow fell."]]
    found = anchors(a, b)
    assert found == [(0, 1), (1, 2)]  # (2, 0) is a mutual best too, but would cross them


def test_alignment_without_anchors_still_covers_everything():
    reference = _sentences([f"alpha {i}" for i in range(30)])
    other = _sentences([f"omega {i}" for i in range(12)])
    beads = align(reference, other)
    assert sorted(i for b in beads for i in b.reference) == list(range(30))
    assert sorted(j for b in beads for j in b.other) == list(range(12))


def _reachable(corridor) -> bool:
    """Whether the DP's moves lead from (0, 0) to (n, m) inside the corridor."""
    from service.pipeline.align import _MOVES

    inside = lambda i, j: 0 <= i <= corridor.n and corridor.ranges[i][0] <= j <= corridor.ranges[i][1]  # noqa: E731
    seen = {(0, 0)}
    for i in range(corridor.n + 1):
        lo, hi = corridor.ranges[i]
        for j in range(lo, hi + 1):
            if (i, j) in seen:
                continue
            if any((i - di, j - dj) in seen and inside(i - di, j - dj) for di, dj in _MOVES):
                seen.add((i, j))
    return (corridor.n, corridor.m) in seen


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 300), st.integers(1, 300), st.data())
def test_the_corridor_always_joins_the_corners_within_its_cell_cap(n, m, data):
    from service.pipeline.corridor import plan_corridor

    count = data.draw(st.integers(0, min(n, m)))
    rows = sorted(data.draw(st.lists(st.integers(0, n - 1), min_size=count, max_size=count, unique=True)))
    cols = sorted(data.draw(st.lists(st.integers(0, m - 1), min_size=len(rows), max_size=len(rows), unique=True)))
    corridor = plan_corridor(n, m, list(zip(rows, cols)))
    assert len(corridor.ranges) == n + 1
    assert corridor.cells <= corridor.max_cells
    assert _reachable(corridor)
    wider = corridor.widened_where_touched([(i, lo) for i, (lo, _) in enumerate(corridor.ranges)],
                                           matched=[(i, 0) for i in range(n + 1)])
    if wider is not None:
        assert wider.cells <= wider.max_cells and _reachable(wider) and wider.cells > corridor.cells


def test_a_corridor_without_anchors_is_capped_at_a_fixed_number_of_cells_per_sentence():
    from service.pipeline.corridor import CELLS_PER_SENTENCE, plan_corridor

    corridor = plan_corridor(3000, 9000, [])  # no anchor, and three times as many sentences on one side
    assert corridor.cells <= CELLS_PER_SENTENCE * (3000 + 9000 + 2) < 3001 * 9001 // 50  # under 2% of the grid
    assert _reachable(corridor)


def test_alignment_is_the_same_whatever_the_hash_seed():
    """Anchor candidates are ordered by position on ties, so the beads never depend on
    how Python happens to order a set (PYTHONHASHSEED)."""
    import subprocess
    import sys

    script = ("import sys; sys.path[:0] = ['tests', '.']; from support import hostile;"
              "from service.pipeline.align import align; from service.model import Sentence;"
              "from service.pipeline import segment;"
              "body = hostile.homoglyphs(20000); s = [segment.sentences(v['text'], 'en')[1] for v in body['versions']];"
              "[setattr(x, 'translation', x.text) for v in s for x in v];"
              "print([(b.reference, b.other) for b in align(s[0], s[1])])")
    outputs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}, cwd=ROOT).stdout
               for seed in ("1", "2", "3")}
    assert len(outputs) == 1
