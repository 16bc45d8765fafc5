"""Typed framing signals between one version and the reference, each with its evidence.

A signal names a difference a reader would point out (API.md's types), says in one
sentence what it is, quotes the version's own words and their translation, and carries
the ids, spans and diff that prove it. Severity (0-1) orders what a page shows first:
altered and missing quotes and changed numbers outrank rewording-level differences.

Signals are emitted in both directions: a sentence only the reference has is an omission
from the other version (``version`` = reference), one only the other has is an addition
(``version`` = other).

Untranslated text (``translation`` None: nothing translated it) still gets the signals
that need no translation: missing sentences and quotes, numbers read in the original's own
language, loaded terms from the original's lexicon, attribution (names across scripts),
scare quotes, and altered quotes judged on the originals (said so in the detail). A
changed claim needs the words of both sides, so it is not looked for there.
"""
from __future__ import annotations

import re

from ..model import (
    AttributionChangedEvidence, AttributionChangedSignal, ClaimChangedEvidence, ClaimChangedSignal,
    DatelineChangedEvidence, DatelineChangedSignal, Furniture,
    LoadedTermEvidence, LoadedTermSignal,
    NumberMismatchEvidence, NumberMismatchSignal, Quote, QuoteAlteredEvidence, QuoteAlteredSignal,
    QuoteMissingEvidence, QuoteMissingSignal, QuotePair, ScareQuoteEvidence, ScareQuoteSignal, Sentence,
    SentenceMissingEvidence, SentenceMissingSignal, SentenceSpan, Signal, Span, Version,
)
from . import datelines
from .align import Bead
from .change_reading import change_words
from .change_verdict import KIND_SEVERITY, Judge, describe
from .changes import is_meaning
from .diff import word_diff
from .lexicon import Lexicon, note_in
from .names import identify, same_person, surely_different
from .numbers import measured_key, quantities, share_said_as_count, unbounded, unmatched_figures
from .tokens import tokenize

EXCERPT_CHARS = 300
RELAY_SEVERITY = 0.25  # only the outlet that relays a quote differs: worth a look, rarely a framing


def _excerpt(text: str | None) -> str | None:
    if text is None:
        return None
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"


def _joined(version: Version, indices, field: str = "translation") -> str | None:
    """The sentences' ``field`` joined by a space; None when one of them is None."""
    parts = [getattr(version.sentences[i], field) for i in indices]
    return None if any(p is None for p in parts) else " ".join(parts)


def _span(sentence: Sentence) -> SentenceSpan:
    return SentenceSpan(sentence.index, sentence.start, sentence.end)


def sentence_missing(ref: Version, other: Version, beads: list[Bead]) -> list[Signal]:
    signals = []
    for bead in beads:
        if bead.reference and bead.other:
            continue
        owner, counterpart, indices = (ref, other, bead.reference) if bead.reference else (other, ref, bead.other)
        for index in indices:
            sentence = owner.sentences[index]
            has_quote = any(q.sentence_index == index and not q.scare_quote for q in owner.quotes)
            if sentence.translation is None:
                has_number = bool(quantities(sentence.text, owner.language))
            else:
                has_number = any(t.kind == "number" for t in tokenize(sentence.translation))
            words = len((sentence.translation or sentence.text).split())
            severity = min(1.0, 0.3 + (0.25 if has_quote else 0) + (0.15 if has_number else 0) + min(words, 40) / 200)
            where = "an omission from" if owner is ref else "not in"
            signals.append(
                SentenceMissingSignal(
                    version=owner.label, counterpart=counterpart.label, severity=round(severity, 2),
                    text=_excerpt(sentence.text), translation=_excerpt(sentence.translation),
                    detail=f"{owner.label} says this and {counterpart.label} has no counterpart sentence "
                    f"({where} {counterpart.label})."
                    if owner is ref else
                    f"{owner.label} adds this sentence; {counterpart.label} has nothing that corresponds.",
                    evidence=SentenceMissingEvidence([index], [_span(sentence)], has_quote, has_number),
                )
            )
    return signals


def quote_signals(ref: Version, other: Version, pairs: list[QuotePair]) -> list[Signal]:
    ref_quotes = {q.id: q for q in ref.quotes}
    other_quotes = {q.id: q for q in other.quotes}
    paired_ref = {p.reference for p in pairs}
    paired_other = {p.other for p in pairs}
    signals: list[Signal] = []
    for owner, counterpart, quotes, paired in (
        (ref, other, ref.quotes, paired_ref),
        (other, ref, other.quotes, paired_other),
    ):
        for quote in quotes:
            if quote.id in paired or quote.scare_quote:
                continue
            severity = 0.7 if quote.speaker else 0.6
            who = f" by {_speaker(quote)}" if quote.speaker else ""
            signals.append(
                QuoteMissingSignal(
                    version=owner.label, counterpart=counterpart.label, severity=severity,
                    text=_excerpt(quote.text), translation=_excerpt(quote.translation),
                    detail=f"{owner.label} quotes this{who}; {counterpart.label} has no matching quote.",
                    evidence=QuoteMissingEvidence(quote.id, Span(quote.start, quote.end), quote.sentence_index,
                                                  quote.speaker),
                )
            )
    for pair in pairs:
        a, b = ref_quotes[pair.reference], other_quotes[pair.other]
        if pair.status == "altered":
            severity = max((KIND_SEVERITY[c.kind] for c in pair.changes), default=0.35)
            meaning = [c for c in pair.changes if is_meaning(c)]
            if pair.basis == "encoder":
                added, dropped, heavy = [], [], []
                score = f"{pair.encoder_similarity:.2f}" if pair.encoder_similarity is not None else "none"
                what = ((describe(pair.changes) + "; " if pair.changes else "")
                        + f"judged on the untranslated originals only (encoder similarity {score}), with no "
                        "translation to show the words")
            else:
                result = word_diff(a.translation, b.translation)
                added, dropped, heavy = result.added, result.dropped, result.heavy
                what = describe(meaning or pair.changes) or "its words differ"
            signals.append(
                QuoteAlteredSignal(
                    version=other.label, counterpart=ref.label, severity=round(severity, 2),
                    text=_excerpt(b.text), translation=_excerpt(b.translation),
                    detail=f"{other.label}'s version of this quote differs from {ref.label}'s: {what}.",
                    evidence=QuoteAlteredEvidence(b.id, a.id, pair.similarity, list(pair.diff), added,
                                                  dropped, heavy, list(pair.changes)),
                )
            )
        changed = _attribution_change(a, ref.language, b, other.language)
        if changed:
            detail, severity = changed
            signals.append(
                AttributionChangedSignal(
                    version=other.label, counterpart=ref.label, severity=severity,
                    text=_excerpt(b.text), translation=_excerpt(b.translation), detail=detail,
                    evidence=AttributionChangedEvidence(b.id, a.id, b.speaker, a.speaker, b.attribution,
                                                        a.attribution, b.reported_by, a.reported_by),
                )
            )
    return signals


def _attribution_change(a: Quote, a_language: str, b: Quote, b_language: str) -> tuple[str, float] | None:
    """What differs in who says a quote and how (the detail and its severity), if anything:
    another person (0.6), a hedge on one side only (0.6), or, the person being the same, only
    the outlet that relays it (low: the words and their speaker are the same)."""
    same = None
    if a.speaker and b.speaker:
        same, different = _people(a, a_language, b, b_language)
        if different:
            return (f"The same quote is attributed to {_speaker(b)} here but to {_speaker(a)} in the reference.",
                    0.6)
    if a.hedged != b.hedged and a.attribution and b.attribution:
        hedged, direct = (b, a) if b.hedged else (a, b)
        where = "here" if hedged is b else "in the reference"
        return (f"The quote is hedged (“{hedged.hedged}”) {where} but stated directly "
                f"(“{direct.attribution_translation or direct.attribution}”) in the other.", 0.6)
    if same and _relays_differ(a, a_language, b, b_language):
        here, there = _relay(b), _relay(a)
        return (f"Only the relaying source differs: here the quote comes {here}, in the reference {there}; "
                f"the speaker is the same ({_speaker(b)}).", RELAY_SEVERITY)
    return None


def _people(a: Quote, a_language: str, b: Quote, b_language: str) -> tuple[bool, bool]:
    """(one person, surely two people) for the speakers of two quotes: one key of the
    comparison, or names that may be one (a surname alone, a spelling in another script);
    two only where the names can be told apart (see :func:`.names.surely_different`)."""
    if a.speaker_key and a.speaker_key == b.speaker_key:
        return True, False
    first, second = identify(a.speaker, a_language), identify(b.speaker, b_language)
    if same_person(first, second):
        return True, False
    return False, surely_different(first, second)


def _relays_differ(a: Quote, a_language: str, b: Quote, b_language: str) -> bool:
    """Whether the outlets relaying two quotes differ: one names an outlet and the other none,
    or they name two outlets (ЦТАК and KCNA are one, by the gazetteer)."""
    if not a.reported_by and not b.reported_by:
        return False
    if not a.reported_by or not b.reported_by:
        return True
    first, second = identify(a.reported_by, a_language), identify(b.reported_by, b_language)
    return first.key != second.key and not (first.entry is None and second.entry is None and same_person(first, second))


def _relay(quote: Quote) -> str:
    outlet = quote.reported_by_translation or quote.reported_by
    return f"via {outlet}" if outlet else "without a relaying outlet"


def _speaker(quote: Quote) -> str:
    """The speaker as the target language writes it, else as the version does."""
    return quote.speaker_translation or quote.speaker or ""


def scare_quotes(owner: Version, counterpart: Version, beads: list[Bead], owner_is_ref: bool) -> list[Signal]:
    """Scare quotes in ``owner`` whose aligned counterpart text does not quote the phrase."""
    signals = []
    counterpart_rows: dict[int, list[int]] = {}
    for bead in beads:
        mine, theirs = (bead.reference, bead.other) if owner_is_ref else (bead.other, bead.reference)
        for index in mine:
            counterpart_rows[index] = list(theirs)
    quoted_there = {(q.translation or q.text).casefold() for q in counterpart.quotes}
    for quote in owner.quotes:
        phrase = quote.translation or quote.text
        if not quote.scare_quote or phrase.casefold() in quoted_there:
            continue
        signals.append(
            ScareQuoteSignal(
                version=owner.label, counterpart=counterpart.label, severity=0.5,
                text=_excerpt(quote.text), translation=_excerpt(quote.translation),
                detail=f"{owner.label} puts “{phrase}” in quotation marks, distancing itself from the "
                f"term; {counterpart.label} does not.",
                evidence=ScareQuoteEvidence(quote.id, Span(quote.start, quote.end), quote.sentence_index,
                                            counterpart_rows.get(quote.sentence_index, [])),
            )
        )
    return signals


def _exact(key: str) -> str:
    """A quantity's key with an approximation ("~") read as the figure itself."""
    return key.lstrip("~")


def number_mismatches(ref: Version, other: Version, beads: list[Bead], target: str) -> list[Signal]:
    """Aligned sentences whose stated quantities differ (values, or only their bounds)."""
    signals = []
    for bead in beads:
        if not (bead.reference and bead.other):
            continue
        # numbers read in the translation, or in the original's own language when untranslated
        ref_text, other_text = _joined(ref, bead.reference), _joined(other, bead.other)
        ref_q = quantities(ref_text, target) if ref_text is not None else quantities(
            _joined(ref, bead.reference, "text"), ref.language)
        other_q = quantities(other_text, target) if other_text is not None else quantities(
            _joined(other, bead.other, "text"), other.language)
        if not ref_q or not other_q:
            continue
        # "about 0.5" is 0.5: a translator or an editor adds and drops "about" freely; "over 10,000"
        # is not 10,000
        # a span of time in its smallest unit ("nine months" is "three quarters"), when both
        # sides are read in the target language: units are the target's words
        both = ref_text is not None and other_text is not None
        ref_key = {id(q): _exact(measured_key(ref_text, q, target) if both else q.key) for q in ref_q}
        other_key = {id(q): _exact(measured_key(other_text, q, target) if both else q.key) for q in other_q}
        only_ref_at, only_other_at = unmatched_figures([(ref_key[id(q)], _exact(q.key)) for q in ref_q],
                                                       [(other_key[id(q)], _exact(q.key)) for q in other_q])
        if not only_ref_at or not only_other_at:
            continue  # one side only adds or omits a figure: a change needs a figure on both sides
        if both and share_said_as_count(ref_text, [ref_q[i] for i in only_ref_at], ref_q,
                                        other_text, [other_q[j] for j in only_other_at], other_q):
            continue  # "a third of 1,200" / "400 of 1,200"
        ref_keys = set(ref_key.values())
        values_differ = ({unbounded(ref_key[id(ref_q[i])]) for i in only_ref_at}
                         != {unbounded(other_key[id(other_q[j])]) for j in only_other_at})
        if not values_differ and (ref_text is None or other_text is None):
            continue  # bounds read in two languages' originals: their words are not all known
        only_other = [other_q[j].text for j in only_other_at]
        only_ref = [ref_q[i].text for i in only_ref_at]
        what = "different figures" if values_differ else "the same figures with a different bound"
        signals.append(
            NumberMismatchSignal(
                version=other.label, counterpart=ref.label, severity=0.8 if values_differ else 0.5,
                text=_excerpt(" ".join(other.sentences[i].text for i in bead.other)),
                translation=_excerpt(other_text),
                detail=f"{other.label} states {what}: {', '.join(only_other) or 'none'} where {ref.label} has "
                f"{', '.join(only_ref) or 'none'}.",
                evidence=NumberMismatchEvidence(list(bead.other), list(bead.reference), only_other, only_ref,
                                                sorted({q.key for q in other_q}), sorted(ref_keys)),
            )
        )
    return signals


def loaded_terms(owner: Version, counterpart: Version, lexicon: Lexicon, target: str) -> list[Signal]:
    """Lexicon terms in ``owner`` whose concept the counterpart never uses, in either language."""
    if lexicon is None:
        return []
    theirs = lexicon.concepts(counterpart.text, counterpart.language)
    theirs |= lexicon.concepts(" ".join(s.translation for s in counterpart.sentences if s.translation), target)
    scare_spans = [(q.start, q.end) for q in owner.quotes if q.scare_quote]
    signals, seen = [], set()
    for match in lexicon.find(owner.text, owner.language):
        term = match.term
        if term.concept in theirs or term.concept in seen:
            continue
        if any(s <= match.start < e for s, e in scare_spans):
            continue  # held at a distance in scare quotes: that is the scare_quote signal
        seen.add(term.concept)
        sentence = next((s for s in owner.sentences if s.start <= match.start < s.end), owner.sentences[0])
        rendered = [m.surface for m in lexicon.find(sentence.translation or "", target)
                    if m.term.concept == term.concept]
        severity = 0.65 if term.category in ("delegitimising label", "dehumanising") else 0.55
        note = note_in(term, target, lexicon)
        signals.append(
            LoadedTermSignal(
                version=owner.label, counterpart=counterpart.label, severity=severity,
                text=match.surface, translation=_excerpt(sentence.translation),
                detail=f"{owner.label} uses “{match.surface}” ({term.category}: {note or term.note_en or term.note}); "
                f"{counterpart.label} does not use this term.",
                evidence=LoadedTermEvidence(term.term, match.surface, term.concept, rendered[0] if rendered else None,
                                            term.category, term.note, sentence.index, Span(match.start, match.end),
                                            note),
            )
        )
    return signals


#: any text between quotation marks, which the quote pairs judge, not the claim of the sentence
_QUOTED = re.compile(r"[“«„\"「『]([^”»“\"」』]*)[”»“\"」』]")
#: kinds a claim_changed signal reports (a quantity is a number_mismatch of its own)
CLAIM_KINDS = ("negation", "modality", "time", "antonym", "qualifier", "actor")


def claim_changes(ref: Version, other: Version, beads: list[Bead], judge: Judge, target: str) -> list[Signal]:
    """Aligned sentences whose narrative (the text outside quotation marks) changes meaning."""
    signals = []
    for bead in beads:
        if not (bead.reference and bead.other):
            continue
        ref_joined, other_joined = _joined(ref, bead.reference), _joined(other, bead.other)
        if ref_joined is None or other_joined is None:
            continue  # untranslated: no words to read a changed claim in
        ref_text, other_text = _narrative(ref_joined), _narrative(other_joined)
        if not ref_text or not other_text:
            continue
        quoted = any(q.sentence_index in bead.reference for q in ref.quotes) or any(
            q.sentence_index in bead.other for q in other.quotes)
        # in a sentence that quotes, who speaks and how hedged is attribution_changed's matter
        changes = [c for c in judge.reader.changes(ref_text, other_text, target) if c.kind in CLAIM_KINDS
                   and not (quoted and (c.kind == "actor" or (c.kind == "qualifier" and _only_hedges(c, target))))]
        if not changes:
            continue
        severity = max(KIND_SEVERITY[c.kind] for c in changes)
        signals.append(
            ClaimChangedSignal(
                version=other.label, counterpart=ref.label, severity=round(severity, 2),
                text=_excerpt(" ".join(other.sentences[i].text for i in bead.other)), translation=_excerpt(other_text),
                detail=f"{other.label} says this differently from {ref.label}: {describe(changes)}.",
                evidence=ClaimChangedEvidence(list(bead.other), list(bead.reference), changes),
            )
        )
    return signals


def _only_hedges(change, language: str) -> bool:
    """Whether a change of qualifier is only of hedges ("claimed", "so-called")."""
    hedges = {h.replace("-", " ") for h in change_words(language).qualifiers.get("hedge", ())}
    words = [w.strip() for w in (change.reference + "," + change.other).split(",") if w.strip()]
    return all(w.casefold().replace("-", " ") in hedges for w in words)


def _narrative(text: str) -> str:
    """The sentence with its quoted words replaced by an ellipsis."""
    return " ".join(_QUOTED.sub("…", text).split()).strip(" …")


DATELINE_SEVERITY = 0.2  # a note: where and when a story was filed, rarely its framing


def dateline_changes(ref: Version, other: Version) -> list[Signal]:
    """The other version's dateline names another place or date than the reference's."""
    lines = [next((f for f in v.furniture if f.kind == "dateline"), None) for v in (ref, other)]
    if not (lines[0] and lines[1]):
        return []
    read = [datelines.read(line.text) for line in lines]
    if not (read[0] and read[1]):
        return []
    changed = datelines.differences(read[0], read[1])
    if not changed:
        return []
    (ref_line, other_line), (ref_read, other_read) = lines, read
    what = " and ".join(changed)
    return [DatelineChangedSignal(
        version=other.label, counterpart=ref.label, severity=DATELINE_SEVERITY,
        text=other_line.text, translation=other_line.text,  # furniture is not translated
        detail=f"{other.label}'s dateline gives another {what} than {ref.label}'s: "
        f"{other_read.describe()} against {ref_read.describe()}.",
        evidence=DatelineChangedEvidence(_furniture_span(other_line), _furniture_span(ref_line), list(changed),
                                         other_read.place, ref_read.place, other_read.date, ref_read.date),
    )]


def _furniture_span(item: Furniture) -> Span:
    return Span(item.start, item.end)


def pair_signals(
    ref: Version, other: Version, beads: list[Bead], pairs: list[QuotePair], lexicon: Lexicon | None, target: str,
    judge: Judge,
) -> list[Signal]:
    """Every signal between ``other`` and the reference, most severe first."""
    signals = (
        quote_signals(ref, other, pairs)
        + claim_changes(ref, other, beads, judge, target)
        + sentence_missing(ref, other, beads)
        + number_mismatches(ref, other, beads, target)
        + scare_quotes(other, ref, beads, owner_is_ref=False)
        + scare_quotes(ref, other, beads, owner_is_ref=True)
        + loaded_terms(other, ref, lexicon, target)
        + loaded_terms(ref, other, lexicon, target)
        + dateline_changes(ref, other)
    )
    return sorted(signals, key=lambda s: -s.severity)
