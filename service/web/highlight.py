"""Highlighted text for the comparison page: a text cut into pieces at marks.

Marks come from the word diff the pipeline stored for a row (inserted, deleted and
changed words against the reference), from quotes, disputed numbers and loaded terms. :func:`render` turns a text and its marks into groups
of :class:`Piece` objects (a run of text plus its kinds), never HTML: the template prints
each piece's text, escaped by Jinja, with classes taken from its kinds.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from ..language_data import quote_marks  # every mark, and those that only open (quote_marks.toml)
from ..model import RowDiff
from ..pipeline.diff import locate_tokens


@dataclass
class Piece:
    """A run of text and what it is. ``kind``: text | ins | del | chg-ins | chg-del."""

    text: str
    kind: str = "text"
    number: bool = False
    term: bool = False
    title: str = ""

    @property
    def classes(self) -> str:
        names = [self.kind] if self.kind != "text" else []
        if self.number:
            names.append("num")
        if self.term:
            names.append("term")
        return " ".join(names)


@dataclass
class QuoteMark:
    id: str
    speaker: str | None  # in the comparison's language
    attribution: str | None  # in the comparison's language
    scare: bool
    badges: list[tuple[str, str]]  # (kind, words)
    speaker_original: str | None = None  # as the version writes it, when that differs (a title attribute)
    attribution_original: str | None = None


@dataclass
class Group:
    """Consecutive pieces, inside one quote or outside any."""

    pieces: list[Piece]
    quote: QuoteMark | None = None


@dataclass
class Mark:
    start: int
    end: int
    layer: str  # diff | num | term | quote
    value: object = None


@dataclass
class Ghost:
    at: int
    text: str
    kind: str  # del | chg-del
    title: str


def render(text: str, marks: Iterable[Mark] = (), ghosts: Iterable[Ghost] = ()) -> list[Group]:
    """Cut ``text`` at every mark boundary into pieces, place deleted words, group by quote."""
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    ghosts = sorted(ghosts, key=lambda g: g.at)
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks),
                   *(min(max(g.at, 0), len(text)) for g in ghosts)})
    runs: list[tuple[Piece, QuoteMark | None]] = []
    pending = list(ghosts)

    def place_ghosts(position: int, quote: QuoteMark | None) -> None:
        while pending and min(max(pending[0].at, 0), len(text)) == position:
            ghost = pending.pop(0)
            before = text[position - 1] if position > 0 else " "
            after = text[position] if position < len(text) else "."
            if not before.isspace():
                runs.append((Piece(" "), quote))
            runs.append((Piece(ghost.text, ghost.kind, title=ghost.title), quote))
            if after.isalnum() or after in quote_marks().unambiguous_openers:
                runs.append((Piece(" "), quote))

    for start, end in zip(cuts, cuts[1:]):
        covering = [m for m in marks if m.start <= start and end <= m.end]
        quote = next((m.value for m in covering if m.layer == "quote"), None)
        place_ghosts(start, quote)
        diff = next((m for m in covering if m.layer == "diff"), None)
        piece = Piece(text[start:end], diff.value[0] if diff else "text",
                      number=any(m.layer == "num" for m in covering),
                      term=any(m.layer == "term" for m in covering),
                      title=diff.value[1] if diff else "")
        runs.append((piece, quote))
    place_ghosts(len(text), None)

    groups: list[Group] = []
    for piece, quote in runs:
        if groups and groups[-1].quote is quote:
            last = groups[-1].pieces[-1]
            if (last.kind, last.number, last.term, last.title) == (piece.kind, piece.number, piece.term, piece.title):
                last.text += piece.text
            else:
                groups[-1].pieces.append(piece)
        else:
            groups.append(Group([piece], quote))
    return groups


def diff_marks(reference: str, text: str, diff: RowDiff, reference_label: str) -> tuple[list[Mark], list[Ghost]]:
    """The stored word diff of ``text`` against ``reference`` as marks on ``text`` (inserted
    and changed words) and ghosts (deleted words, placed where they went missing)."""
    marks: list[Mark] = []
    ghosts: list[Ghost] = []
    for edit in diff.edits:
        deleted = reference[edit.reference_start:edit.reference_end]
        changed = bool(deleted) and edit.other_end > edit.other_start
        if edit.other_end > edit.other_start:
            title = (f"changed: {reference_label} has “{deleted}”" if changed
                     else f"added: not in {reference_label}")
            marks.append(Mark(edit.other_start, edit.other_end, "diff", ("chg-ins" if changed else "ins", title)))
        if deleted:
            at = edit.other_start if changed else _deletion_point(reference, text, edit.reference_end, edit.other_start)
            ghosts.append(Ghost(at, deleted, "chg-del" if changed else "del",
                                f"{'replaced' if changed else 'left out'}: {reference_label} has these words"))
    return marks, ghosts


def _deletion_point(reference: str, text: str, deleted_end: int, at: int) -> int:
    """Where words of the reference that ``text`` lacks are shown: just after the word
    before them - past a closing quotation mark there unless the missing words themselves
    ended a quote in the reference (so a dropped attribution is not shown inside the quote
    it followed, nor a dropped quote ending outside its quote)."""
    if at == 0:
        return at
    following = re.search(r"\w", reference[deleted_end:])
    after = reference[deleted_end:deleted_end + following.start()] if following else reference[deleted_end:]
    marks = quote_marks().every_mark
    if not any(ch in marks for ch in after):
        closing = re.match(rf"[,.;:!?…]?[{re.escape(marks)}]+", text[at:])
        if closing:
            at += closing.end()
    return at


def ops_pieces(ops) -> list[Piece]:
    """A stored word diff (``[(equal|insert|delete, words)]``) as pieces."""
    kinds = {"equal": "text", "insert": "ins", "delete": "del"}
    pieces: list[Piece] = []
    for op, words in ops:
        if pieces:
            pieces.append(Piece(" "))
        pieces.append(Piece(words, kinds.get(op, "text")))
    return pieces


def quote_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a quote's inner span to take in its quotation marks, when they are there."""
    marks = quote_marks().every_mark
    if start > 0 and text[start - 1] in marks:
        start -= 1
    if end < len(text) and text[end] in marks:
        end += 1
    elif end + 1 < len(text) and text[end] in ",.;:!?…" and text[end + 1] in marks:
        end += 2  # “… agreement,” - the comma a translator moved inside the marks
    return start, end


def find_marks(text: str, needles: Iterable[str], layer: str) -> list[Mark]:
    """Case-insensitive occurrences of each needle (terms) as marks."""
    folded = text.casefold()
    marks = []
    for needle in {n.casefold() for n in needles if n and n.strip()}:
        position = folded.find(needle)
        while position >= 0:
            marks.append(Mark(position, position + len(needle), layer))
            position = folded.find(needle, position + len(needle))
    return marks


def number_marks(text: str, norms: set[str]) -> list[Mark]:
    return [Mark(t.start, t.end, "num") for t in locate_tokens(text)
            if norms and (t.token.norm in norms or t.token.surface.casefold() in norms)]


# -- the page ------------------------------------------------------------------------------
