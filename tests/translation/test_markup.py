"""Translating the text of HTML (service/translation/markup.py): markup copied as sent, text nodes translated."""
from __future__ import annotations

import pytest

from service.translation.markup import text_nodes, translate_html


def shout(texts: list[str]) -> list[str]:
    return [t.upper() for t in texts]


@pytest.mark.parametrize("source, expected", [
    ("plain words", "PLAIN WORDS"),
    ('<p class="x" title="keep me">Hello &amp; bye</p>', '<p class="x" title="keep me">HELLO &amp; BYE</p>'),
    ("<P>One.<BR/>Two.</P >", "<P>ONE.<BR/>TWO.</P >"),  # tags exactly as written, case and spaces kept
    ("<!DOCTYPE html><!-- a note --><p>x</p>", "<!DOCTYPE html><!-- a note --><p>X</p>"),
    ("<script>if (a < b) { s = 'text'; }</script><style>p { color: red }</style>ok",
     "<script>if (a < b) { s = 'text'; }</script><style>p { color: red }</style>OK"),
    ("<p>a < b</p>", "<p>A &lt; B</p>"),  # a stray < is text, escaped again
    ("<p>\n  first line\n  second\n</p>", "<p>\n  FIRST LINE\n  SECOND\n</p>"),  # spaces around kept
    ("<ul>\n  <li>x</li>\n</ul>", "<ul>\n  <li>X</li>\n</ul>"),  # whitespace-only nodes untouched
    ("caf&eacute; &#169;", "CAFÉ ©"),
])
def test_markup_is_kept_and_text_translated(source, expected):
    assert translate_html(source, shout) == expected


def test_one_call_for_every_text_node_in_order():
    calls = []

    def record(texts):
        calls.append(texts)
        return [f"[{t}]" for t in texts]

    assert translate_html("<h1>Title</h1><p>Body <b>bold</b> end</p>", record) == (
        "<h1>[Title]</h1><p>[Body] <b>[bold]</b> [end]</p>")
    assert calls == [["Title", "Body", "bold", "end"]]
    assert translate_html("<br><hr/>", record) == "<br><hr/>" and len(calls) == 1  # nothing to translate, no call


def test_spans_cover_the_source_exactly():
    source = "<div a='1'>x &lt; y<!--c--><script>z</script>\n tail <unfinished"
    spans = text_nodes(source)
    assert "".join(source[a:b] for a, b, _ in spans) == source
    assert all(spans[i][1] == spans[i + 1][0] for i in range(len(spans) - 1))
    assert [t for _, _, t in spans if t is not None][0] == "x < y"
