"""The orchestrator: runs the stages in order and assembles one :class:`Comparison`.

detect -> furniture -> segment -> quotes (per version) -> translate (engine) -> align each version
with the reference -> pair quotes -> signals. The first version is the reference.

A sentence nothing translates (no memory entry, no package) stays untranslated
(``translation: None``) and the comparison goes on with the multilingual encoder, which
reads the originals: alignment, quote pairing and the signals that need no translation
work on it. Only a caller who asks for translations (``require_translation``), or a
language the encoder does not know, gets the 422 that names the package to install.
Versions in different languages are aligned with the encoder too when it is available:
its cosine of the originals joins the translations' word overlap. The
pairwise sentence alignments are merged into one table whose rows cover every sentence of
every version exactly once: reference sentences grouped by any version's bead share a
row; a version's sentences with no counterpart get an ``only`` row of their own, placed
after the row of the last reference sentence that version matched.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Callable

from ..errors import bad_request, missing_model
from ..model import AlignmentRow, Comparison, ComparisonRequest, ForeignParagraph, LanguageCandidate, Version
from . import detect, furniture, segment
from .align import MATCH_KIND_SCORE, Bead, Originals, align
from .budget import Budget
from .change_verdict import Judge, Similarity
from .changes import ChangeReader
from .diff import word_edits
from .lexicon import Lexicon
from .quote_align import pair_quotes
from .quotes import extract_quotes
from .signals import pair_signals
from .translate import Translator, translate_versions


def prepare_version(position: int, label: str, text: str, language: str | None, budget: Budget | None = None,
                    **extra) -> Version:
    """Language, furniture, paragraphs, sentences and quotes of one version (no translation yet).

    Furniture (headline, dateline, byline...) is no sentence: the sentences cover the story
    only, so furniture is never aligned nor reported missing. Quotes inside furniture (a scare
    quote in a headline) are left out of ``quotes`` too: a quote belongs to a sentence.
    """
    budget = budget or Budget.unlimited()
    try:
        guess = detect.resolve_language(text, language)
    except detect.TooShortToDetect as exc:
        raise bad_request(
            f"versions[{position}].language: the language of this text cannot be detected ({exc}).",
            "language_undetectable",
            'Give the version\'s language explicitly, e.g. "language": "en".',
            location=("versions", position, "language"),
        ) from exc
    parts_apart = furniture.recognise(text, segment.paragraphs(text))
    paras, sentences = segment.sentences(text, guess.language, budget, parts_apart)
    budget.check("segmentation")
    version = Version(
        label=label, language=guess.language, language_detected=guess.detected,
        language_confidence=guess.confidence, text=text, paragraphs=paras, sentences=sentences,
        furniture=parts_apart, language_candidates=[LanguageCandidate(code, p) for code, p in guess.candidates],
        foreign_paragraphs=[ForeignParagraph(**found) for found in
                            detect.foreign_paragraphs(text, [(p.start, p.end) for p in paras], guess.language)],
        **extra,
    )
    version.quotes = extract_quotes(label, text, paras, sentences, guess.language, parts_apart)
    budget.check("quotes")
    return version


def compare(
    request: ComparisonRequest,
    engine: Translator,
    *,
    lexicon: Lexicon | None = None,
    budget: Budget | None = None,
    changes: ChangeReader | None = None,
    encoder: Similarity | None = None,
    new_id: Callable[[], str] = lambda: uuid.uuid4().hex,
    now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
) -> Comparison:
    budget = budget or Budget.unlimited()
    judge = Judge(changes or ChangeReader(), encoder)
    target = request.target_language
    versions = [
        prepare_version(i, v.label, v.text, v.language, budget, source_url=v.source_url, published_at=v.published_at,
                        source=v.source)
        for i, v in enumerate(request.versions)
    ]
    translate_versions(versions, target, engine)
    budget.check("translation")
    _refuse_untranslated(versions, target, request.require_translation, encoder)
    originals = _EncodedVersions(encoder)

    reference, others = versions[0], versions[1:]
    beads_by_label: dict[str, list[Bead]] = {}
    quote_pairs, signals = [], []
    for other in others:
        beads = align(reference.sentences, other.sentences, budget, originals.pair(reference, other))
        beads_by_label[other.label] = beads
        aligned = {(a, b) for bead in beads for a in bead.reference for b in bead.other}
        pairs = pair_quotes(reference.quotes, other.quotes, aligned, judge, (reference.language, other.language),
                            target)
        budget.check("quote pairing")
        quote_pairs.extend(pairs)
        signals.extend(pair_signals(reference, other, beads, pairs, lexicon, target, judge))
        budget.check("signals")
    signals.sort(key=lambda s: -s.severity)
    title = request.title or _default_title(versions)
    return Comparison(
        id=new_id(),
        title=title,
        created_at=now().isoformat(timespec="seconds"),
        target_language=target,
        versions=versions,
        alignment=with_word_diffs(merge_alignments(reference, others, beads_by_label), versions),
        quote_pairs=quote_pairs,
        signals=signals,
    )


def _refuse_untranslated(versions: list[Version], target: str, required: bool, encoder: Similarity | None) -> None:
    """The 422 for untranslated sentences, when the caller requires translations or the
    encoder cannot read the language; the message says which sentences."""
    for version in versions:
        untranslated = [s.index for s in version.sentences if s.translation is None]
        if not untranslated:
            continue
        if required or encoder is None or not encoder.covers(version.language):
            shown = ", ".join(str(i) for i in untranslated[:10]) + (", …" if len(untranslated) > 10 else "")
            raise missing_model(version.language, target,
                                f"{len(untranslated)} of {len(version.sentences)} sentences of {version.label!r} are "
                                f"untranslated (sentences {shown}, counted from 0)."
                                + ("" if required else f" The sentence encoder does not read {version.language}: "
                                   "without a translation these sentences cannot be compared."))


class _EncodedVersions:
    """The encoder's view of each version's original sentences, computed once per version
    and only for the pairs that need it: two languages, or sentences nothing translated."""

    def __init__(self, encoder: Similarity | None):
        self.encoder = encoder
        self._done: dict[str, Originals | None] = {}

    def pair(self, reference: Version, other: Version) -> tuple[Originals, Originals] | None:
        untranslated = any(s.translation is None for v in (reference, other) for s in v.sentences)
        if self.encoder is None or (reference.language == other.language and not untranslated):
            return None
        a, b = self._of(reference), self._of(other)
        return (a, b) if a is not None and b is not None else None

    def _of(self, version: Version) -> Originals | None:
        if version.label not in self._done:
            vectors = None
            if self.encoder.covers(version.language):
                # one batch: sentences, adjacent pairs of them, and the quotes (which quote
                # pairing then finds in the cache)
                texts = Originals.texts(version.sentences, version.text)
                vectors = self.encoder.vectors(texts + [q.text for q in version.quotes], version.language)
            self._done[version.label] = None if vectors is None else Originals.of(
                version.sentences, version.language, vectors[: len(texts)])
        return self._done[version.label]


def _default_title(versions: list[Version]) -> str:
    first = (versions[0].sentences[0].translation or versions[0].sentences[0].text) if versions[0].sentences else ""
    words = first.split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


def merge_alignments(reference: Version, others: list[Version], beads_by_label: dict[str, list[Bead]]) -> list[AlignmentRow]:
    """One alignment table over all versions from the pairwise beads."""
    n = len(reference.sentences)
    # Union reference sentences that any version's bead groups together.
    group = list(range(n))

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for beads in beads_by_label.values():
        for bead in beads:
            if bead.reference and bead.other:
                first = root(bead.reference[0])
                for i in bead.reference[1:]:
                    group[root(i)] = first
    # Reference groups are contiguous (beads are monotone), so order rows by their first index.
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    row_of_ref: dict[int, int] = {}
    rows: list[dict] = []
    for members in sorted(groups.values()):
        for i in members:
            row_of_ref[i] = len(rows)
        rows.append({"sentences": {reference.label: members}, "scores": [], "after": []})

    for other in others:
        last_row = -1
        for bead in beads_by_label[other.label]:
            if bead.reference and bead.other:
                row = rows[row_of_ref[bead.reference[0]]]
                row["sentences"].setdefault(other.label, []).extend(bead.other)
                row["scores"].append(bead.score)
                last_row = row_of_ref[bead.reference[-1]]
            elif bead.other:
                host = rows[last_row]["after"] if last_row >= 0 else _leading(rows)
                host.append({other.label: list(bead.other)})

    result: list[AlignmentRow] = []
    for position, row in enumerate(rows):
        if position == 0:
            result.extend(_only_rows(row.get("before", [])))
        labels = row["sentences"]
        if len(labels) > 1:
            score = round(min(row["scores"]), 3)
            kind = "match" if score >= MATCH_KIND_SCORE else "partial"
            result.append(AlignmentRow(kind, score, labels))
        else:
            result.append(AlignmentRow("only", 0.0, labels))
        result.extend(_only_rows(row["after"]))
    if not rows:  # a reference with no sentences cannot pass validation; kept for safety
        return []
    return result


def with_word_diffs(rows: list[AlignmentRow], versions: list[Version]) -> list[AlignmentRow]:
    """Each row with the word diff of every other version's sentences against the
    reference's (translations joined by a space): computed once here, shown by the pages."""
    reference = versions[0]
    result = []
    for row in rows:
        ref_indices = row.sentences.get(reference.label)
        if not ref_indices or len(row.sentences) < 2:
            result.append(row)
            continue
        ref_text = _translated(reference, ref_indices)
        diffs = {}
        for version in versions[1:]:
            indices = row.sentences.get(version.label)
            other_text = _translated(version, indices) if indices else None
            if ref_text is not None and other_text is not None:  # no word diff against untranslated text
                diffs[version.label] = word_edits(ref_text, other_text)
        result.append(AlignmentRow(row.kind, row.score, row.sentences, diffs))
    return result


def _translated(version: Version, indices: list[int]) -> str | None:
    """The translations of these sentences joined, or None when one is untranslated."""
    texts = [version.sentences[i].translation for i in indices]
    return None if any(t is None for t in texts) else " ".join(texts)


def _leading(rows: list[dict]) -> list:
    return rows[0].setdefault("before", [])


def _only_rows(entries: list[dict]) -> list[AlignmentRow]:
    merged: list[AlignmentRow] = []
    for entry in entries:
        for label, indices in entry.items():
            merged.append(AlignmentRow("only", 0.0, {label: indices}))
    return merged
