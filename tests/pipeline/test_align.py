"""The pipeline stages on their own: segmentation, quotes, diff verdicts, alignment."""
from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT

from service.model import Sentence
from service.pipeline import segment
from service.pipeline.align import align
from service.pipeline.diff import word_diff
from service.pipeline.quotes import extract_quotes, find_quote_spans


def spans_hold(text: str, language: str) -> list[str]:
    paras, sents = segment.sentences(text, language)
    for s in sents:
        assert text[s.start:s.end] == s.text
        assert paras[s.paragraph].start <= s.start < s.end <= paras[s.paragraph].end
    return [s.text for s in sents]


def test_paragraphs_from_blank_lines_or_lines():
    assert [p.index for p in segment.paragraphs("One.\nstill one.\n\nTwo.")] == [0, 1]
    assert len(segment.paragraphs("One.\nTwo.\n   \nThree.")) == 2
    assert len(segment.paragraphs("One.\nTwo.\nThree.")) == 3


def test_english_sentences_keep_offsets_and_abbreviations():
    text = "  The U.S. Army arrived on Jan. 5. “We will win.” Lavrov added.\n\nJ. R. R. Tolkien wrote it. Done!"
    assert spans_hold(text, "en") == [
        "The U.S. Army arrived on Jan. 5.", "“We will win.”", "Lavrov added.", "J. R. R. Tolkien wrote it.", "Done!",
    ]


def test_russian_and_fallback_languages():
    assert len(spans_hold("Встреча прошла 12 июля 2025 г. в Вонсане. Лавров прибыл в КНДР.", "ru")) == 2
    korean = "김정은 위원장이 라브로프 장관을 만났다. 회담은 원산에서 열렸습니다. 무엇을 논의했나요?"
    assert spans_hold(korean, "ko") == ["김정은 위원장이 라브로프 장관을 만났다.", "회담은 원산에서 열렸습니다.", "무엇을 논의했나요?"]
    assert spans_hold("会谈在元山举行。双方发表了声明。", "xx") == ["会谈在元山举行。", "双方发表了声明。"]


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("He said “we stand firm” today.", "en", ["we stand firm"]),
        ('He said "we stand firm" and "never retreat".', "en", ["we stand firm", "never retreat"]),
        ("«Мы „никогда“ не отступим», — заявил он.", "ru", ["Мы „никогда“ не отступим"]),
        ("Er sagte „wir bleiben standhaft“ und »nie zurück«.", "de", ["wir bleiben standhaft", "nie zurück"]),
        ("Il a dit « nous tiendrons » hier.", "fr", ["\u00a0nous tiendrons\u00a0".strip() if False else " nous tiendrons "]),
        ("그는 「함께 간다」고 말했다.", "ko", ["함께 간다"]),
        ("The country’s ‘firm stance’ held.", "en", ["firm stance"]),
    ],
)
def test_quote_conventions(text, language, expected):
    paras = segment.paragraphs(text)
    assert [text[s.start:s.end] for s in find_quote_spans(text, paras, language)] == expected


def test_unbalanced_marks_never_swallow_a_paragraph():
    text = "He said “this never closes. Another sentence here.\n\nNext “paragraph” fine."
    paras = segment.paragraphs(text)
    found = [text[s.start:s.end] for s in find_quote_spans(text, paras, "en")]
    assert found == ["paragraph"]


def test_speakers_cues_pronouns_and_scare_quotes():
    text = (
        "“We will not retreat,” Lavrov said. "
        "He added: “The partnership is strong.” "
        "According to KCNA, Kim hailed the “liberation” of the region."
    )
    paras, sents = segment.sentences(text, "en")
    quotes = extract_quotes("A", text, paras, sents, "en")
    assert [(q.speaker, q.attribution) for q in quotes[:2]] == [("Lavrov", "said"), ("Lavrov", "added")]
    assert quotes[2].text == "liberation" and quotes[2].scare_quote is False  # "According to" makes it reported
    plain = "Officials hailed the “liberation” of the region."
    p2, s2 = segment.sentences(plain, "en")
    assert extract_quotes("B", plain, p2, s2, "en")[0].scare_quote is True


def test_russian_cue_after_quote():
    text = "«Мы не можем отказаться от солидарности», — заявил Лавров."
    paras, sents = segment.sentences(text, "ru")
    (quote,) = extract_quotes("R", text, paras, sents, "ru")
    assert (quote.speaker, quote.attribution) == ("Лавров", "заявил")


@pytest.mark.parametrize(
    "first, second, status",
    [
        ("a sincere display of solidarity", "a sincere display of solidarity", "identical"),
        ("a sincere display of solidarity", "a sincere manifestation of solidarity", "reworded"),
        ("We will stand by our friends", "We shall stand by friends", "reworded"),
        ("firm and principled support", "principled support", "altered"),
        ("We will retreat", "We will not retreat", "altered"),
        ("over 10,000 troops", "over 12,000 troops", "altered"),
        ("Lavrov praised the talks", "Shoigu praised the talks", "altered"),
    ],
)
def test_diff_verdicts(first, second, status):
    assert word_diff(first, second).status == status


def test_diff_ops_are_word_level():
    ops = word_diff("firm and principled support", "principled support").ops
    assert ops == [("delete", "firm and"), ("equal", "principled support")]


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
