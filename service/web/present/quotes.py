"""Quotes on a comparison page: the badges a quote wears in the rows, and the quote table."""
from __future__ import annotations

from dataclasses import dataclass, field

from ...model import Change, Quote
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
    speaker: str | None = None
    attribution: str | None = None
    status: str = ""  # a key of STATUS_LABELS
    status_text: str = ""
    similarity: float | None = None
    diff: list[Piece] = field(default_factory=list)
    row: str | None = None
    row_number: int | None = None
    attribution_changed: bool = False


@dataclass
class QuoteRow:
    cells: list[QuoteCell]
    worst: str  # altered | missing | only | reworded | identical
    changes: list[tuple[str, Change]] = field(default_factory=list)  # (version label, change): what changed


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
    return QuoteMark(quote.id, quote.speaker, quote.attribution, quote.scare_quote, quote_badges(index, label, quote))


def quote_rows(index: ComparisonIndex) -> list[QuoteRow]:
    """Each reference quote with its counterpart in every other version, then the quotes
    only another version has (scare quotes are among the signals, not here)."""
    comparison = index.comparison
    rows: list[QuoteRow] = []
    for quote in comparison.versions[0].quotes:
        if quote.scare_quote:
            continue
        cells = [_cell(index, index.reference, quote, "reference")]
        statuses = []
        for label in index.labels[1:]:
            pair = index.pairs_by_reference.get(quote.id, {}).get(label)
            if pair is None:
                cells.append(QuoteCell(label, False, status="missing", status_text=f"Missing from {label}"))
                statuses.append("missing")
                continue
            cell = _cell(index, label, index.quotes[pair.other][1], pair.status)
            cell.similarity = pair.similarity
            cell.diff = ops_pieces(pair.diff) if pair.status != "identical" else []
            cells.append(cell)
            statuses.append(pair.status)
        worst = next((s for s in ("altered", "missing", "reworded") if s in statuses), "identical")
        changed = [(label, change) for label in index.labels[1:]
                   for change in index.pairs_by_reference.get(quote.id, {}).get(label, _NO_PAIR).changes]
        rows.append(QuoteRow(cells, worst, changed))
    for version in comparison.versions[1:]:
        for quote in version.quotes:
            if quote.scare_quote or quote.id in index.pair_by_other:
                continue
            cells = [_cell(index, label, quote, "only", f"only in {label}") if label == version.label
                     else QuoteCell(label, False, status="absent", status_text=f"Not in {label}")
                     for label in index.labels]
            rows.append(QuoteRow(cells, "only"))
    return rows


def _cell(index: ComparisonIndex, label: str, quote: Quote, status: str, status_text: str | None = None) -> QuoteCell:
    version = index.comparison.versions[index.index_of[label]]
    row = index.row_of.get((label, quote.sentence_index))
    translation = quote.translation or quote.text
    return QuoteCell(
        label, True, translation, quote.text if quote.text != translation else None, version.language,
        quote.speaker, quote.attribution, status, status_text or STATUS_LABELS[status].meaning,
        row=None if row is None else f"row-{row + 1}", row_number=None if row is None else row + 1,
        attribution_changed=quote.id in index.attribution_changed,
    )
