"""Quotes on a comparison page: the badges a quote wears in the rows, and the quote table.

Speakers and cues are shown in the comparison's language (``speaker_translation``,
``attribution_translation``), with the version's own words kept for a title attribute when
they differ; the quote table puts each person's quotes under one heading, grouped by the
person key (``speaker_key``), so "Ким Чен Ын" and "Kim Jong Un" are one person on the page.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ...model import Change, Quote
from ...pipeline.names import identify
from ..highlight import Piece, QuoteMark, ops_pieces
from .context import ComparisonIndex
from .labels import STATUS_LABELS, list_words


@dataclass
class QuoteCell:
    label: str
    present: bool
    translation: str = ""
    original: str | None = None
    language: str = ""
    speaker: str | None = None  # in the comparison's language
    attribution: str | None = None
    status: str = ""  # a key of STATUS_LABELS
    status_text: str = ""
    similarity: float | None = None
    diff: list[Piece] = field(default_factory=list)
    row: str | None = None
    row_number: int | None = None
    attribution_changed: bool = False
    speaker_original: str | None = None  # as the version writes it, when that differs
    attribution_original: str | None = None


@dataclass
class QuoteRow:
    cells: list[QuoteCell]
    worst: str  # altered | missing | only | reworded | identical
    changes: list[tuple[str, Change]] = field(default_factory=list)  # (version label, change): what changed
    quotes: list[tuple[str, Quote]] = field(default_factory=list)  # (language, quote) of its present cells


@dataclass
class PersonGroup:
    """The quote table's rows of one person (or of no speaker found), under one heading."""

    key: str | None
    name: str | None  # in the comparison's language; None: no speaker found
    originals: str | None  # the other ways the versions write the name, for a title attribute
    rows: list[QuoteRow] = field(default_factory=list)


class _NoPair:
    changes: list[Change] = []


_NO_PAIR = _NoPair()


def quote_badges(index: ComparisonIndex, label: str, quote: Quote) -> list[tuple[str, str]]:
    """(status, words) badges of a quote where it stands in the rows."""
    words = {kind: STATUS_LABELS[kind].words for kind in STATUS_LABELS}
    if quote.scare_quote:
        return [("scare", words["scare"])]
    badges = []
    if label == index.reference:
        pairs = index.pairs_by_reference.get(quote.id, {})
        others = index.labels[1:]
        altered = [o for o in others if o in pairs and pairs[o].status == "altered"]
        missing = [o for o in others if o not in pairs]
        reworded = [o for o in others if o in pairs and pairs[o].status == "reworded"]
        if altered:
            badges.append(("altered", f"{words['altered']} in {list_words(altered)}"))
        if missing:
            badges.append(("missing", f"{words['missing']} from {list_words(missing)}"))
        if reworded and not altered and not missing:
            badges.append(("reworded", f"{words['reworded']} in {list_words(reworded)}"))
        if not badges:
            badges.append(("identical", words["identical"]))
    else:
        pair = index.pair_by_other.get(quote.id)
        if pair is None:
            badges.append(("only", f"not in {index.reference}"))
        else:
            badges.append((pair.status, words[pair.status]))
    if quote.id in index.attribution_changed:
        badges.append(("attribution", words["attribution"]))
    return badges


def quote_mark(index: ComparisonIndex, label: str, quote: Quote) -> QuoteMark:
    speaker, speaker_original = shown(quote.speaker_translation, quote.speaker)
    cue, cue_original = shown(quote.attribution_translation, quote.attribution)
    return QuoteMark(quote.id, speaker, cue, quote.scare_quote, quote_badges(index, label, quote),
                     speaker_original, cue_original)


def shown(translation: str | None, original: str | None) -> tuple[str | None, str | None]:
    """(what the page shows, the original for its title attribute or None): the target
    language's words when known, else the version's own; the original only when it differs."""
    text = translation or original
    return text, (original if original and original != text else None)


def person_groups(rows: list[QuoteRow]) -> list[PersonGroup]:
    """The quote table's rows grouped by person, in the order each person first appears; a
    row belongs to the speaker of its first cell that has one (the reference's, mostly)."""
    groups: dict[str | None, PersonGroup] = {}
    for row in rows:
        spoken = [(language, q) for language, q in row.quotes if q.speaker]
        key = _person_key(*spoken[0]) if spoken else None
        group = groups.setdefault(key, PersonGroup(key, None, None))
        group.rows.append(row)
    for group in groups.values():
        if group.key is not None:
            group.name, group.originals = _group_name(group)
    return sorted(groups.values(), key=lambda g: g.key is None)  # rows without a speaker last


def _person_key(language: str, quote: Quote) -> str:
    """The quote's person key; a result stored before keys existed is identified again."""
    if quote.speaker_key:
        return quote.speaker_key
    person = identify(quote.speaker, language)
    return person.key if person else quote.speaker


def _group_name(group: PersonGroup) -> tuple[str, str | None]:
    """The fullest name the group's quotes give in the target language, and every other
    form the versions write (their originals among them)."""
    names, originals = [], []
    for row in group.rows:
        for language, quote in row.quotes:
            if quote.speaker and _person_key(language, quote) == group.key:
                names.append(quote.speaker_translation or quote.speaker)
                originals.append(quote.speaker)
    name = max(names, key=lambda n: (len(n.split()), len(n)))
    others = [o for o in dict.fromkeys(originals + names) if o != name]
    return name, (" · ".join(others) or None)


def quote_rows(index: ComparisonIndex) -> list[QuoteRow]:
    """Each reference quote with its counterpart in every other version, then the quotes
    only another version has (scare quotes are among the signals, not here)."""
    comparison = index.comparison
    rows: list[QuoteRow] = []
    for quote in comparison.versions[0].quotes:
        if quote.scare_quote:
            continue
        cells = [_cell(index, index.reference, quote, "reference")]
        present = [(comparison.versions[0].language, quote)]
        statuses = []
        for label in index.labels[1:]:
            pair = index.pairs_by_reference.get(quote.id, {}).get(label)
            if pair is None:
                cells.append(QuoteCell(label, False, status="missing", status_text=f"Missing from {label}"))
                statuses.append("missing")
                continue
            cell = _cell(index, label, index.quotes[pair.other][1], pair.status)
            present.append((comparison.versions[index.index_of[label]].language, index.quotes[pair.other][1]))
            cell.similarity = pair.similarity
            cell.diff = ops_pieces(pair.diff) if pair.status != "identical" else []
            cells.append(cell)
            statuses.append(pair.status)
        worst = next((s for s in ("altered", "missing", "reworded") if s in statuses), "identical")
        changed = [(label, change) for label in index.labels[1:]
                   for change in index.pairs_by_reference.get(quote.id, {}).get(label, _NO_PAIR).changes]
        rows.append(QuoteRow(cells, worst, changed, present))
    for version in comparison.versions[1:]:
        for quote in version.quotes:
            if quote.scare_quote or quote.id in index.pair_by_other:
                continue
            cells = [_cell(index, label, quote, "only", f"only in {label}") if label == version.label
                     else QuoteCell(label, False, status="absent", status_text=f"Not in {label}")
                     for label in index.labels]
            rows.append(QuoteRow(cells, "only", quotes=[(version.language, quote)]))
    return [row for group in person_groups(rows) for row in group.rows]


def _cell(index: ComparisonIndex, label: str, quote: Quote, status: str, status_text: str | None = None) -> QuoteCell:
    version = index.comparison.versions[index.index_of[label]]
    row = index.row_of.get((label, quote.sentence_index))
    translation = quote.translation or quote.text
    speaker, speaker_original = shown(quote.speaker_translation, quote.speaker)
    cue, cue_original = shown(quote.attribution_translation, quote.attribution)
    return QuoteCell(
        label, True, translation, quote.text if quote.text != translation else None, version.language,
        speaker, cue, status, status_text or STATUS_LABELS[status].meaning,
        row=None if row is None else f"row-{row + 1}", row_number=None if row is None else row + 1,
        attribution_changed=quote.id in index.attribution_changed,
        speaker_original=speaker_original, attribution_original=cue_original,
    )
