"""Word diffs of quote pairs (service/pipeline/diff.py): verdicts and word-level operations."""
from __future__ import annotations

import pytest

from service.pipeline.diff import word_diff


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
