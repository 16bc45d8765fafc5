"""The side-by-side rows of a comparison page: one cell per version, with its highlights.

A cell shows the target-language text with the word diff the pipeline stored for the row
(inserted, deleted and changed words against the reference), the original text, quotes
marked with their speaker and status, disputed numbers and loaded terms marked; a row
with no counterpart in some version says so in words (``Missing from X`` / ``Only in X``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ...model import AlignmentRow, LoadedTermSignal, NumberMismatchSignal, Sentence, Version, install_command
from ...pipeline.diff import word_edits
from ..highlight import Group, Mark, diff_marks, find_marks, number_marks, quote_span, render
from .context import ComparisonIndex
from .labels import language_label, list_words
from .quotes import quote_mark, shown
from .signals import SignalView

#: below this share of shared words two aligned texts are paraphrases of each other, as
#: human and machine translations often are: marking single words would paint the whole
#: cell, so the cell says so instead
PARAPHRASE_SIMILARITY = 0.5


@dataclass(frozen=True)
class TermNote:
    """A loaded term a cell names: its words, category and note; the note in the comparison's
    language, the lexicon's own note kept for a title attribute when it differs."""

    words: str
    category: str
    note: str | None
    note_original: str | None


@dataclass
class Cell:
    label: str
    version_index: int
    reference: bool
    present: bool
    translation: list[Group] = field(default_factory=list)
    original: list[Group] | None = None  # None: the original is the translation
    language: str = ""
    absent_text: str = ""
    note: str = ""  # e.g. why single words are not marked
    terms: list[TermNote] = field(default_factory=list)  # loaded terms here
    untranslated: str = ""  # why the cell shows the original only (nothing translated it)


@dataclass
class Row:
    number: int
    id: str
    kind: str
    score: float
    cells: list[Cell]
    status: tuple[str, str] | None  # (omitted|added|partial, words)
    signals: list[SignalView]
    changed: bool  # any word differs from the reference
    hidden: bool = False

    @property
    def is_difference(self) -> bool:
        return any(not s.hidden for s in self.signals)

    @property
    def signal_groups(self) -> list[dict]:
        """The row's signals by type (six versions may give five "number differs")."""
        groups: dict[str, dict] = {}
        for s in self.signals:
            group = groups.setdefault(s.type, {"type": s.type, "info": s.info, "signals": []})
            group["signals"].append(s)
        for group in groups.values():
            shown = [s for s in group["signals"] if not s.hidden]
            group["ids"] = " ".join(s.id for s in group["signals"])
            group["first"] = (shown or group["signals"])[0]
            group["shown"] = len(shown)
        return list(groups.values())


def rows(index: ComparisonIndex, signals: list[SignalView], only_differences: bool) -> list[Row]:
    numbers, terms = _numbers(index), _terms(index)
    by_row: dict[int, list[SignalView]] = {}
    for s in signals:
        if s.row_number is not None:
            by_row.setdefault(s.row_number - 1, []).append(s)
    result = []
    versions = index.comparison.versions
    for r, row in enumerate(index.comparison.alignment):
        cells, changed = [], False
        present = [label for label in index.labels if row.sentences.get(label)]
        for v, version in enumerate(versions):
            label = version.label
            sentences = [version.sentences[i] for i in row.sentences.get(label, [])]
            if not sentences:
                absent = (f"Omitted: {label} has no counterpart sentence" if index.reference in present
                          else f"Not in {label}")
                cells.append(Cell(label, v, v == 0, False, absent_text=absent, language=version.language))
                continue
            term_words, named_terms = terms.get((label, r), (set(), []))
            cell, cell_changed = _cell(index, v, version, sentences, row, numbers.get((label, r), set()), term_words)
            cell.terms = named_terms
            changed = changed or cell_changed
            cells.append(cell)
        view = Row(r + 1, f"row-{r + 1}", row.kind, row.score, cells, _status(index, present, row.kind),
                   by_row.get(r, []), changed)
        view.hidden = only_differences and not view.is_difference
        result.append(view)
    return result


def _status(index: ComparisonIndex, present: list[str], kind: str) -> tuple[str, str] | None:
    absent = [label for label in index.labels if label not in present]
    if absent and index.reference in present:
        return "omitted", f"Missing from {list_words(absent)}"
    if absent:
        return "added", (f"Only in {list_words(present)}" if len(present) < len(index.labels) - 1 or len(index.labels) == 2
                         else f"Not in {index.reference}")
    if kind == "partial":
        return "partial", "Partly matched"
    return None


def _numbers(index: ComparisonIndex) -> dict[tuple[str, int], set[str]]:
    """(label, row) -> number norms to flag there, from number_mismatch evidence."""
    flagged: dict[tuple[str, int], set[str]] = {}
    for s in index.comparison.signals:
        if not isinstance(s, NumberMismatchSignal):
            continue
        e = s.evidence
        for label, sentences, numbers in ((s.version, e.sentences, e.numbers),
                                          (s.counterpart, e.counterpart_sentences, e.counterpart_numbers)):
            for i in sentences:
                if (label, i) in index.row_of:
                    flagged.setdefault((label, index.row_of[(label, i)]), set()).update(n.casefold() for n in numbers)
    return flagged


def _terms(index: ComparisonIndex) -> dict[tuple[str, int], tuple[set[str], list[TermNote]]]:
    """(label, row) -> the loaded terms' words to mark there (either language), and the
    terms for the cell to name (a term in the original language cannot be found in the
    translation)."""
    flagged: dict[tuple[str, int], tuple[set[str], list[TermNote]]] = {}
    for s in index.comparison.signals:
        if not isinstance(s, LoadedTermSignal):
            continue
        e = s.evidence
        words = {t for t in (e.matched, e.term, e.term_translation, s.text) if t}
        if s.translation is not None and len(s.translation) <= 60:
            words.add(s.translation)
        row = index.signal_row(s)
        if row is not None:
            marks, named = flagged.setdefault((s.version, row), (set(), []))
            marks.update(t for t in words if t)
            note, original = shown(e.note_translation, e.note)
            named.append(TermNote(e.matched or s.text, e.category, note, original))
    return flagged


def _join(sentences: list[Sentence], attribute: str) -> tuple[str, list[int]]:
    """Sentences' texts joined by a space, and where each one starts (an untranslated
    sentence's translation is its original: the page says so)."""
    starts, parts, position = [], [], 0
    for sentence in sentences:
        text = getattr(sentence, attribute)
        if text is None:
            text = sentence.text
        starts.append(position)
        parts.append(text)
        position += len(text) + 1
    return " ".join(parts), starts


def _cell(index: ComparisonIndex, v: int, version: Version, sentences: list[Sentence], row: AlignmentRow,
          numbers: set[str], terms: set[str]) -> tuple[Cell, bool]:
    label = version.label
    translation, t_starts = _join(sentences, "translation")
    original, o_starts = _join(sentences, "text")
    position = {s.index: n for n, s in enumerate(sentences)}
    quotes = [q for q in version.quotes if q.sentence_index in position]

    t_marks: list[Mark] = number_marks(translation, numbers) + find_marks(translation, terms, "term")
    o_marks: list[Mark] = number_marks(original, numbers) + find_marks(original, terms, "term")
    ghosts = []
    changed, note = False, ""
    ref_indices = row.sentences.get(index.reference)
    untranslated = any(s.translation is None for s in sentences)
    ref_sentences = [index.comparison.versions[0].sentences[i] for i in ref_indices or ()]
    if untranslated or any(s.translation is None for s in ref_sentences):
        ref_indices = None  # no word diff between a translation and an original
    if v != 0 and ref_indices:
        ref_text = " ".join(s.translation for s in ref_sentences)
        # results stored before the pipeline kept its word diffs get theirs made the same way
        diff = row.diffs.get(label) or word_edits(ref_text, translation)
        changed = diff.similarity < 1.0
        if diff.similarity >= PARAPHRASE_SIMILARITY:
            d_marks, ghosts = diff_marks(ref_text, translation, diff, index.reference)
            t_marks += d_marks
        else:
            note = (f"Worded differently from {index.reference} ({round(100 * diff.similarity)}% of words shared), "
                    "so single words are not marked.")
    for quote in quotes:
        n = position[quote.sentence_index]
        sentence = sentences[n]
        mark = quote_mark(index, label, quote)
        # the original: the quote's offsets are into the version's whole text
        o_start = o_starts[n] + quote.start - sentence.start
        o_end = o_starts[n] + quote.end - sentence.start
        if 0 <= o_start < o_end <= len(original):
            o_marks.append(Mark(*quote_span(original, o_start, o_end), "quote", mark))
        if untranslated:
            continue  # the translation column shows the original, marked with o_marks below
        # the translation: find the quote's translation inside its sentence's translation
        found = translation.find(quote.translation or "\0", t_starts[n])
        if found >= 0 and quote.translation:
            t_marks.append(Mark(*quote_span(translation, found, found + len(quote.translation)), "quote", mark))
    if untranslated:
        translation, t_marks, ghosts = original, o_marks, []
        why = (f"Not translated: no translation memory entry or package for {language_label(version.language)}. "
               f"Shown in the original; install: {install_command(version.language, index.comparison.target_language)}")
    else:
        why = ""
    same = untranslated or all(s.translation_origin == "identity" or s.translation == s.text for s in sentences)
    cell = Cell(label, v, v == 0, True, render(translation, t_marks, ghosts),
                None if same else render(original, o_marks), version.language, note=note, untranslated=why)
    return cell, changed
