"""Every word a page uses for a signal type, a quote status, a translation origin or a kind of
article furniture, in one table each.

A test checks that the keys of :data:`SIGNAL_LABELS` are exactly the model's signal
types, that :data:`STATUS_LABELS` covers every quote status and :data:`FURNITURE_LABELS`
every furniture kind, so a new type cannot reach a page without its words.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from ...languages import language_name


@dataclass(frozen=True)
class SignalLabel:
    type: str
    icon: str  # decoration next to the words, never instead of them
    singular: str
    plural: str
    meaning: str

    def count(self, n: int) -> str:
        return self.singular if n == 1 else self.plural


SIGNAL_LABELS: dict[str, SignalLabel] = {label.type: label for label in (
    SignalLabel("quote_altered", "✎", "quote altered", "quotes altered",
                "a quote's words differ from the reference beyond translation noise"),
    SignalLabel("quote_missing", "⊘", "quote missing", "quotes missing",
                "a quote in one version has no counterpart quote in the other"),
    SignalLabel("sentence_missing", "¶", "sentence missing", "sentences missing",
                "a sentence in one version has no counterpart in the other"),
    SignalLabel("number_mismatch", "#", "number differs", "numbers differ",
                "aligned sentences state different numbers"),
    SignalLabel("loaded_term", "⚑", "loaded term", "loaded terms",
                "an evaluative term one version uses and the other does not"),
    SignalLabel("scare_quote", "‟", "scare quote", "scare quotes",
                "a term put in quotation marks to distance the writer from it"),
    SignalLabel("attribution_changed", "⇄", "attribution changed", "attributions changed",
                "a quote attributed to someone else, or hedged in one version only"),
    SignalLabel("claim_changed", "≠", "claim changed", "claims changed",
                "aligned sentences differ in meaning: negation, modality, time, an opposite, a qualifier or an actor"),
    SignalLabel("dateline_changed", "⊙", "dateline differs", "datelines differ",
                "the dateline names another place or date than the reference's"),
)}
SIGNAL_ORDER = list(SIGNAL_LABELS)


@dataclass(frozen=True)
class StatusLabel:
    icon: str
    words: str  # on a badge
    meaning: str  # in the quote table, where there is room


#: A quote's status (the pair statuses of the model, and what the pages add: a quote
#: missing from or only in a version, the reference itself, scare quotes, attribution).
STATUS_LABELS: dict[str, StatusLabel] = {
    "identical": StatusLabel("=", "same quote", "same"),
    "reworded": StatusLabel("≈", "reworded", "reworded (translation noise)"),
    "altered": StatusLabel("✎", "altered", "altered"),
    "missing": StatusLabel("⊘", "missing", "missing"),
    "only": StatusLabel("+", "only in one", "only in one version"),
    "absent": StatusLabel("⊘", "absent", "absent"),
    "reference": StatusLabel("★", "reference", "reference"),
    "scare": StatusLabel("‟", "scare quote", "scare quote"),
    "attribution": StatusLabel("⇄", "attribution differs", "attribution differs"),
}

#: the kinds of article furniture, in the order a page lists them (a story's reading order)
FURNITURE_LABELS: dict[str, str] = {
    "headline": "Headline",
    "byline": "Byline",
    "dateline": "Dateline",
    "editor_note": "Editor's note",
    "caption": "Caption",
    "contact": "Contact",
    "end_mark": "End mark",
}

ROW_STATUS_ICONS = {"omitted": "⊘", "added": "+", "partial": "≈"}

ORIGIN_LABELS = {
    "identity": "no translation needed",
    "memory": "translation memory (human)",
    "cache": "cache (earlier machine translation)",
    "argos": "machine translation (Argos)",
    "none": "not translated (original shown)",
}


def signal_label(signal_type: str) -> SignalLabel:
    words = signal_type.replace("_", " ")
    return SIGNAL_LABELS.get(signal_type, SignalLabel(signal_type, "•", words, words, ""))


def counts_view(counts: dict[str, int]) -> list[dict]:
    """``{"quote_altered": 2}`` as labelled chips, in the order of SIGNAL_LABELS."""
    items = sorted(counts.items(), key=lambda kv: SIGNAL_ORDER.index(kv[0]) if kv[0] in SIGNAL_ORDER else 99)
    return [{"type": t, "icon": signal_label(t).icon, "count": n, "label": signal_label(t).count(n)}
            for t, n in items if n]


def language_label(code: str) -> str:
    name = language_name(code or "")
    return f"{name} ({code})" if name else (code or "unknown")


def list_words(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def safe_link(url: str | None) -> str | None:
    """``url`` when it is an http(s) address a reader may follow; anything else stays text."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None
