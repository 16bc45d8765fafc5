"""Shape a stored comparison (API.md's result) for its page; pure data, no Flask.

The template only loops over what this module builds, and every string it prints is
still the user's own text, escaped by Jinja: highlighting is expressed as a list of
:class:`~service.web.highlight.Piece` objects (a run of text plus a kind), never as HTML.

What a reader needs from a comparison page, and where it comes from:

* the aligned rows: one cell per version, the target-language text with word-level
  highlights against the reference (inserted, deleted and changed words, from a
  token-level Indel alignment over the same normalised tokens the pipeline diffs), the
  original text, quotes marked with their speaker and status, disputed numbers marked;
* rows with no counterpart in some version, said in words (``Missing from X`` /
  ``Only in X``) as well as colour;
* the signals, most severe first, each linked to the row it is about, and filterable by
  type and version (the filter state is applied here too, so the page reads the same
  with JavaScript off);
* the quote table: each reference quote with its counterpart in every other version,
  the pair's status and its word diff.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..languages import language_name
from .highlight import Ghost, Group, Mark, Piece, QuoteMark, diff_marks, find_marks, number_marks, quote_span, render

# -- vocabulary ----------------------------------------------------------------------------

#: type -> (icon, singular, plural, what it means). Icons are decoration next to words.
SIGNAL_TYPES: dict[str, tuple[str, str, str, str]] = {
    "quote_altered": ("✎", "quote altered", "quotes altered",
                      "a quote's words differ from the reference beyond translation noise"),
    "quote_missing": ("⊘", "quote missing", "quotes missing",
                      "a quote in one version has no counterpart quote in the other"),
    "sentence_missing": ("¶", "sentence missing", "sentences missing",
                         "a sentence in one version has no counterpart in the other"),
    "number_mismatch": ("#", "number differs", "numbers differ",
                        "aligned sentences state different numbers"),
    "loaded_term": ("⚑", "loaded term", "loaded terms",
                    "an evaluative term one version uses and the other does not"),
    "scare_quote": ("‟", "scare quote", "scare quotes",
                    "a term put in quotation marks to distance the writer from it"),
    "attribution_changed": ("⇄", "attribution changed", "attributions changed",
                            "a quote attributed to someone else, or hedged in one version only"),
}

ORIGINS = {
    "identity": "no translation needed",
    "memory": "translation memory (human)",
    "cache": "cache (earlier machine translation)",
    "argos": "machine translation (Argos)",
}

VIEWS = ("translation", "original", "both")
#: below this share of shared words (Indel similarity of the tokens) two aligned texts are
#: paraphrases of each other, as human and machine translations often are: marking single
#: words would paint the whole cell, so the cell says so instead
PARAPHRASE_SIMILARITY = 0.5


def signal_info(signal_type: str) -> dict:
    icon, singular, plural, meaning = SIGNAL_TYPES.get(
        signal_type, ("•", signal_type.replace("_", " "), signal_type.replace("_", " "), ""))
    return {"type": signal_type, "icon": icon, "singular": singular, "plural": plural, "meaning": meaning}


def counts_view(counts: dict[str, int]) -> list[dict]:
    """``{"quote_altered": 2}`` as labelled chips in the order of SIGNAL_TYPES."""
    order = list(SIGNAL_TYPES)
    items = sorted(counts.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))
    return [dict(signal_info(t), count=n, label=signal_info(t)["singular" if n == 1 else "plural"])
            for t, n in items if n]


def language_label(code: str) -> str:
    name = language_name(code or "")
    return f"{name} ({code})" if name else (code or "unknown")


def safe_link(url: str | None) -> str | None:
    """``url`` when it is an http(s) address a reader may follow; anything else stays text."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


@dataclass
class SignalView:
    id: str
    type: str
    info: dict
    version: str
    version_index: int
    counterpart: str
    severity: float
    level: str  # high | medium | low
    text: str
    translation: str | None  # None when equal to text
    detail: str
    row: str | None  # the id of the row it is about
    row_number: int | None
    diff: list[Piece] = field(default_factory=list)
    evidence: dict = field(default_factory=dict)
    hidden: bool = False


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
    terms: list[tuple[str, str]] = field(default_factory=list)  # loaded terms here: (words, category)


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


@dataclass
class QuoteCell:
    label: str
    present: bool
    translation: str = ""
    original: str | None = None
    language: str = ""
    speaker: str | None = None
    attribution: str | None = None
    status: str = ""  # identical | reworded | altered | missing | reference | only
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


@dataclass
class Filters:
    types: frozenset[str] | None = None  # None: every type
    version: int | None = None
    only_differences: bool = False
    view: str = "translation"

    def allows(self, signal: SignalView) -> bool:
        return ((self.types is None or signal.type in self.types)
                and (self.version is None or signal.version_index == self.version))


def parse_filters(args, version_count: int) -> Filters:
    """Filters from the query string (``type`` repeated, ``version``, ``only``, ``view``)."""
    types = None
    if args.get("filtered") or args.getlist("type"):
        types = frozenset(t for t in args.getlist("type") if t in SIGNAL_TYPES)
    version = args.get("version", "")
    version_index = int(version) if version.isdigit() and int(version) < version_count else None
    view = args.get("view", "translation")
    return Filters(types, version_index, args.get("only") == "differences",
                   view if view in VIEWS else "translation")


def _severity_level(severity: float) -> str:
    return "high" if severity >= 0.65 else "medium" if severity >= 0.45 else "low"


def _join(sentences: list[dict], key: str) -> tuple[str, list[int]]:
    """Sentences' ``key`` texts joined by a space, and where each one starts."""
    starts, parts, position = [], [], 0
    for sentence in sentences:
        starts.append(position)
        parts.append(sentence[key])
        position += len(sentence[key]) + 1
    return " ".join(parts), starts


def _list_words(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _ops_pieces(ops: list) -> list[Piece]:
    kinds = {"equal": "text", "insert": "ins", "delete": "del"}
    pieces: list[Piece] = []
    for op, words in ops:
        if pieces:
            pieces.append(Piece(" "))
        pieces.append(Piece(words, kinds.get(op, "text")))
    return pieces


def _links(signals: list[SignalView]) -> list[tuple[str, int]]:
    return [(s.row, s.row_number) for s in signals if s.row]


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _missing_sentence_entries(signals: list[SignalView]) -> list[dict]:
    groups: dict[str, list[SignalView]] = {}
    for s in signals:
        where = f"missing from {s.counterpart}" if s.version_index == 0 else f"only in {s.version}"
        groups.setdefault(where, []).append(s)
    return [{"words": f"{len(group)} {where}", "links": _links(group)} for where, group in groups.items()]


def _glance_entry(s: SignalView) -> dict:
    if s.type == "loaded_term":
        category = s.evidence.get("category")
        return {"quote": s.evidence.get("matched") or s.text,
                "words": f"in {s.version}" + (f" ({category})" if category else ""), "links": _links([s])}
    if s.type in ("quote_altered", "quote_missing", "scare_quote", "attribution_changed"):
        if s.type == "quote_missing":
            where = f"missing from {s.counterpart}" if s.version_index == 0 else f"only in {s.version}"
        elif s.type == "attribution_changed":
            where = f"{s.version}: {s.detail}"
        else:
            where = f"in {s.version}"
        return {"quote": _shorten(s.translation or s.text, 90), "diff": s.diff, "words": where, "links": _links([s])}
    return {"words": s.detail, "links": _links([s])}


class _Builder:
    def __init__(self, result: dict, filters: Filters):
        self.result = result
        self.filters = filters
        self.versions = result["versions"]
        self.labels = [v["label"] for v in self.versions]
        self.index_of = {label: i for i, label in enumerate(self.labels)}
        self.reference = self.labels[0]
        self.target = result.get("target_language", "")
        self.quotes = {q["id"]: (v["label"], q) for v in self.versions for q in v.get("quotes", [])}
        # (label, sentence index) -> alignment row index
        self.row_of: dict[tuple[str, int], int] = {}
        for r, row in enumerate(result["alignment"]):
            for label, indices in row["sentences"].items():
                for i in indices:
                    self.row_of[(label, i)] = r
        self.pairs_by_ref: dict[str, dict[str, dict]] = {}
        self.pair_by_other: dict[str, dict] = {}
        for pair in result.get("quote_pairs", []):
            other_label = self.quotes.get(pair["other"], (None,))[0]
            self.pairs_by_ref.setdefault(pair["reference"], {})[other_label] = pair
            self.pair_by_other[pair["other"]] = pair
        self.signals = self._signals()
        self.attribution_changed = {s_quote for s in result["signals"] if s["type"] == "attribution_changed"
                                    for s_quote in (s["evidence"].get("quote"), s["evidence"].get("counterpart_quote"))}

    # signals ----------------------------------------------------------------------------
    def _signal_row(self, signal: dict) -> int | None:
        evidence = signal.get("evidence") or {}
        label = signal["version"]
        indices = list(evidence.get("sentences") or [])
        if isinstance(evidence.get("sentence"), int):
            indices.append(evidence["sentence"])
        quote = self.quotes.get(evidence.get("quote") or "")
        if quote:
            indices.append(quote[1]["sentence_index"])
        rows = [self.row_of[(label, i)] for i in indices if (label, i) in self.row_of]
        return min(rows) if rows else None

    def _signals(self) -> list[SignalView]:
        views = []
        ordered = sorted(enumerate(self.result["signals"]), key=lambda p: (-p[1].get("severity", 0), p[0]))
        for n, (_, s) in enumerate(ordered, start=1):
            row = self._signal_row(s)
            diff = _ops_pieces(s["evidence"].get("diff", [])) if s["type"] == "quote_altered" else []
            view = SignalView(
                id=f"signal-{n}", type=s["type"], info=signal_info(s["type"]), version=s["version"],
                version_index=self.index_of.get(s["version"], -1), counterpart=s.get("counterpart", ""),
                severity=s.get("severity", 0.0), level=_severity_level(s.get("severity", 0.0)),
                text=s.get("text", ""), translation=s.get("translation") if s.get("translation") != s.get("text") else None,
                detail=s.get("detail", ""), row=None if row is None else f"row-{row + 1}",
                row_number=None if row is None else row + 1, diff=diff, evidence=s.get("evidence") or {},
            )
            view.hidden = not self.filters.allows(view)
            views.append(view)
        return views

    def type_summary(self) -> list[dict]:
        by_type: dict[str, list[SignalView]] = {}
        for s in self.signals:
            by_type.setdefault(s.type, []).append(s)
        order = list(SIGNAL_TYPES)
        summary = [dict(signal_info(t), count=len(items), label=signal_info(t)["singular" if len(items) == 1 else "plural"],
                        severity=max(s.severity for s in items),
                        checked=self.filters.types is None or t in self.filters.types)
                   for t, items in by_type.items()]
        return sorted(summary, key=lambda d: (-d["severity"], order.index(d["type"]) if d["type"] in order else 99))

    def glance(self) -> list[dict]:
        """One line per signal type, in a fixed reading order (quotes, then missing
        sentences, then the rest): what a reader scans first. Quote-level signals show
        their words (an altered quote its diff); missing sentences are counted by which
        version lacks them."""
        order = list(SIGNAL_TYPES)
        lines = []
        for summary in sorted(self.type_summary(), key=lambda d: order.index(d["type"]) if d["type"] in order else len(order)):
            items = [s for s in self.signals if s.type == summary["type"]]
            if summary["type"] == "sentence_missing":
                entries = _missing_sentence_entries(items)
            else:
                entries = [_glance_entry(s) for s in items]
            lines.append(dict(summary, entries=entries))
        return lines

    # quotes -----------------------------------------------------------------------------
    def quote_badges(self, label: str, quote: dict) -> list[tuple[str, str]]:
        badges = []
        if quote.get("scare_quote"):
            badges.append(("scare", "scare quote"))
            return badges
        if label == self.reference:
            pairs = self.pairs_by_ref.get(quote["id"], {})
            others = self.labels[1:]
            altered = [o for o in others if pairs.get(o, {}).get("status") == "altered"]
            missing = [o for o in others if o not in pairs]
            reworded = [o for o in others if pairs.get(o, {}).get("status") == "reworded"]
            if altered:
                badges.append(("altered", f"altered in {_list_words(altered)}"))
            if missing:
                badges.append(("missing", f"missing from {_list_words(missing)}"))
            if reworded and not altered and not missing:
                badges.append(("reworded", f"reworded in {_list_words(reworded)}"))
            if not badges:
                badges.append(("identical", "same quote"))
        else:
            pair = self.pair_by_other.get(quote["id"])
            if pair is None:
                badges.append(("only", f"not in {self.reference}"))
            else:
                badges.append((pair["status"], {"altered": "altered", "reworded": "reworded",
                                                "identical": "same quote"}.get(pair["status"], pair["status"])))
        if quote["id"] in self.attribution_changed:
            badges.append(("attribution", "attribution differs"))
        return badges

    def quote_mark(self, label: str, quote: dict) -> QuoteMark:
        return QuoteMark(quote["id"], quote.get("speaker"), quote.get("attribution"),
                         bool(quote.get("scare_quote")), self.quote_badges(label, quote))

    # rows -------------------------------------------------------------------------------
    def _numbers(self) -> dict[tuple[str, int], set[str]]:
        """(label, row) -> number norms to flag there, from number_mismatch evidence."""
        flagged: dict[tuple[str, int], set[str]] = {}
        for s in self.result["signals"]:
            if s["type"] != "number_mismatch":
                continue
            e = s["evidence"]
            for label, key, numbers in ((s["version"], "sentences", e.get("numbers", [])),
                                        (s.get("counterpart"), "counterpart_sentences", e.get("counterpart_numbers", []))):
                for i in e.get(key, []):
                    if (label, i) in self.row_of:
                        flagged.setdefault((label, self.row_of[(label, i)]), set()).update(
                            str(n).casefold() for n in numbers)
        return flagged

    def _terms(self) -> dict[tuple[str, int], tuple[set[str], list[tuple[str, str]]]]:
        """(label, row) -> the loaded terms' words to mark there (either language), and
        (words, category) for the cell to name them (a term in the original language
        cannot be found in the translation)."""
        flagged: dict[tuple[str, int], tuple[set[str], list[tuple[str, str]]]] = {}
        for s in self.result["signals"]:
            if s["type"] != "loaded_term":
                continue
            e = s.get("evidence") or {}
            words = {t for t in (e.get("matched"), e.get("term"), e.get("term_translation"), s.get("text"))
                     if isinstance(t, str) and t}
            if len(s.get("translation", "")) <= 60:
                words.add(s.get("translation", ""))
            row = self._signal_row(s)
            if row is not None:
                marks, named = flagged.setdefault((s["version"], row), (set(), []))
                marks.update(t for t in words if t)
                named.append((e.get("matched") or s.get("text", ""), e.get("category") or ""))
        return flagged

    def rows(self) -> list[Row]:
        numbers, terms = self._numbers(), self._terms()
        by_row: dict[int, list[SignalView]] = {}
        for s in self.signals:
            if s.row_number is not None:
                by_row.setdefault(s.row_number - 1, []).append(s)
        rows = []
        for r, row in enumerate(self.result["alignment"]):
            ref_sentences = [self.versions[0]["sentences"][i] for i in row["sentences"].get(self.reference, [])]
            ref_text = " ".join(s["translation"] for s in ref_sentences)
            cells, changed = [], False
            present = [label for label in self.labels if row["sentences"].get(label)]
            for v, version in enumerate(self.versions):
                label = version["label"]
                sentences = [version["sentences"][i] for i in row["sentences"].get(label, [])]
                if not sentences:
                    absent = (f"Omitted: {label} has no counterpart sentence" if self.reference in present
                              else f"Not in {label}")
                    cells.append(Cell(label, v, v == 0, False, absent_text=absent, language=version["language"]))
                    continue
                term_words, named_terms = terms.get((label, r), (set(), []))
                cell, cell_changed = self._cell(v, version, sentences, ref_text, numbers.get((label, r), set()),
                                                term_words)
                cell.terms = named_terms
                changed = changed or cell_changed
                cells.append(cell)
            absent_labels = [label for label in self.labels if label not in present]
            if absent_labels and self.reference in present:
                status = ("omitted", f"Missing from {_list_words(absent_labels)}")
            elif absent_labels:
                status = ("added", f"Only in {_list_words(present)}" if len(present) < len(self.labels) - 1 or len(self.labels) == 2
                          else f"Not in {self.reference}")
            elif row["kind"] == "partial":
                status = ("partial", "Partly matched")
            else:
                status = None
            view = Row(r + 1, f"row-{r + 1}", row["kind"], row.get("score", 0.0), cells, status,
                       by_row.get(r, []), changed)
            view.hidden = self.filters.only_differences and not view.is_difference
            rows.append(view)
        return rows

    def _cell(self, v: int, version: dict, sentences: list[dict], ref_text: str,
              numbers: set[str], terms: set[str]) -> tuple[Cell, bool]:
        label = version["label"]
        translation, t_starts = _join(sentences, "translation")
        original, o_starts = _join(sentences, "text")
        indices = {s["index"]: n for n, s in enumerate(sentences)}
        quotes = [q for q in version.get("quotes", []) if q["sentence_index"] in indices]

        t_marks: list[Mark] = number_marks(translation, numbers) + find_marks(translation, terms, "term")
        o_marks: list[Mark] = number_marks(original, numbers) + find_marks(original, terms, "term")
        ghosts: list[Ghost] = []
        changed, note = False, ""
        if v != 0 and ref_text:
            d_marks, d_ghosts, similarity = diff_marks(ref_text, translation, self.reference)
            changed = similarity < 1.0
            if similarity >= PARAPHRASE_SIMILARITY:
                t_marks += d_marks
                ghosts = d_ghosts
            else:
                note = (f"Worded differently from {self.reference} ({round(100 * similarity)}% of words shared), "
                        "so single words are not marked.")
        for quote in quotes:
            n = indices[quote["sentence_index"]]
            sentence = sentences[n]
            mark = self.quote_mark(label, quote)
            # the original: the quote's offsets are into the version's whole text
            o_start = o_starts[n] + quote["start"] - sentence["start"]
            o_end = o_starts[n] + quote["end"] - sentence["start"]
            if 0 <= o_start < o_end <= len(original):
                o_marks.append(Mark(*quote_span(original, o_start, o_end), "quote", mark))
            # the translation: find the quote's translation inside its sentence's translation
            found = translation.find(quote.get("translation") or "\0", t_starts[n])
            if found >= 0 and quote.get("translation"):
                t_marks.append(Mark(*quote_span(translation, found, found + len(quote["translation"])), "quote", mark))
        same = all(s.get("translation_origin") == "identity" or s["translation"] == s["text"] for s in sentences)
        cell = Cell(label, v, v == 0, True, render(translation, t_marks, ghosts),
                    None if same else render(original, o_marks), version["language"], note=note)
        return cell, changed

    # quote table ------------------------------------------------------------------------
    def quote_rows(self) -> list[QuoteRow]:
        ref_version = self.versions[0]
        rows: list[QuoteRow] = []
        for quote in ref_version.get("quotes", []):
            if quote.get("scare_quote"):
                continue
            cells = [self._quote_cell(self.reference, quote, "reference", "reference")]
            statuses = []
            for label in self.labels[1:]:
                pair = self.pairs_by_ref.get(quote["id"], {}).get(label)
                if pair is None:
                    cells.append(QuoteCell(label, False, status="missing", status_text=f"Missing from {label}"))
                    statuses.append("missing")
                    continue
                other = self.quotes[pair["other"]][1]
                cell = self._quote_cell(label, other, pair["status"],
                                        {"identical": "same", "reworded": "reworded (translation noise)",
                                         "altered": "altered"}.get(pair["status"], pair["status"]))
                cell.similarity = pair.get("similarity")
                cell.diff = _ops_pieces(pair.get("diff", [])) if pair["status"] != "identical" else []
                cells.append(cell)
                statuses.append(pair["status"])
            worst = next((s for s in ("altered", "missing", "reworded") if s in statuses), "identical")
            rows.append(QuoteRow(cells, worst))
        # quotes only in another version
        for v, version in enumerate(self.versions[1:], start=1):
            for quote in version.get("quotes", []):
                if quote.get("scare_quote") or quote["id"] in self.pair_by_other:
                    continue
                cells = []
                for label in self.labels:
                    if label == version["label"]:
                        cells.append(self._quote_cell(label, quote, "only", f"only in {label}"))
                    else:
                        cells.append(QuoteCell(label, False, status="absent",
                                               status_text=f"Not in {label}"))
                rows.append(QuoteRow(cells, "only"))
        return rows

    def _quote_cell(self, label: str, quote: dict, status: str, status_text: str) -> QuoteCell:
        version = self.versions[self.index_of[label]]
        row = self.row_of.get((label, quote["sentence_index"]))
        translation = quote.get("translation") or quote["text"]
        return QuoteCell(
            label, True, translation, quote["text"] if quote["text"] != translation else None, version["language"],
            quote.get("speaker"), quote.get("attribution"), status, status_text,
            row=None if row is None else f"row-{row + 1}", row_number=None if row is None else row + 1,
            attribution_changed=quote["id"] in self.attribution_changed,
        )

    # header -----------------------------------------------------------------------------
    def version_views(self) -> list[dict]:
        coverage = (self.result.get("summary") or {}).get("coverage", {})
        views = []
        for v, version in enumerate(self.versions):
            origins: dict[str, int] = {}
            for s in version["sentences"]:
                origins[s.get("translation_origin") or "unknown"] = origins.get(s.get("translation_origin") or "unknown", 0) + 1
            candidates = [f"{language_label(c.get('language', ''))} {round(100 * c.get('confidence', 0))}%"
                          for c in version.get("language_candidates", [])[1:] if isinstance(c, dict)]
            views.append({
                "index": v, "label": version["label"], "reference": v == 0,
                "language": version["language"], "language_label": language_label(version["language"]),
                "detected": bool(version.get("language_detected")),
                "confidence": round(100 * float(version.get("language_confidence") or 0)),
                "candidates": candidates,
                "origins": [(ORIGINS.get(o, o), o, n) for o, n in origins.items()],
                "sentences": len(version["sentences"]), "quotes": len(version.get("quotes", [])),
                "coverage": None if version["label"] not in coverage else round(100 * coverage[version["label"]]),
                "foreign_paragraphs": len(version.get("foreign_paragraphs") or []),
                "source_url": version.get("source_url"), "source_link": safe_link(version.get("source_url")),
                "published_at": version.get("published_at"),
            })
        return views


def comparison_view(result: dict, filters: Filters | None = None) -> dict:
    """Everything the comparison page shows, in the order it shows it."""
    filters = filters or Filters()
    builder = _Builder(result, filters)
    rows = builder.rows()
    translated = any(s.get("translation_origin") not in ("identity", None) and s["translation"] != s["text"]
                     for v in result["versions"] for s in v["sentences"])
    return {
        "result": result,
        "labels": builder.labels,
        "reference": builder.reference,
        "target_label": language_label(builder.target),
        "versions": builder.version_views(),
        "signals": builder.signals,
        "visible_signals": sum(not s.hidden for s in builder.signals),
        "type_summary": builder.type_summary(),
        "glance": builder.glance(),
        "rows": rows,
        "difference_rows": sum(r.is_difference for r in rows),
        "quote_rows": builder.quote_rows(),
        "filters": filters,
        "translated": translated,
        "views": VIEWS,
    }
