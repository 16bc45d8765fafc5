"""Who is quoted: the speaker and the cue of each quote, in English, Russian, Korean, German, French.

For each quote, the sentences it spans are read with every quote masked out, so cue words
inside quoted text never count. The cue nearest the quote (a reporting verb, "according
to", "по словам", "laut", "selon", "~라고 말했다") anchors the search for the speaker:

* a name right after an inverted cue ("said Dr. Ana Petrov", "— заявил Лавров",
  "по словам Белова", "so Dr. Keller", "selon Marc Lebrun");
* otherwise the nearest name before the cue in the same sentence ("Dr. Samuel Okafor,
  the port authority's executive director, told reporters ...");
* "a spokesman for the Defence Ministry" gives the ministry, "a police spokesman" and
  "ein Polizeisprecher" give the police;
* pronouns and anaphoric descriptions ("he", "она", "the spokesman", "the statement",
  "대변인은", "담화는") resolve to the last speaker named before;
* a quote standing alone in its sentence continues the previous quote's speaker.

Cues, inverted cues, anaphors, generic sources and the other word lists are language data
(``[attribution]`` in ``service/data/languages/<code>.toml``); a language without cues is
read with English's. Korean's particle grammar (은/는/이/가) is code, below.

Names are capitalised word runs (Latin and Cyrillic); Russian names come from natasha's
NER where it finds them, normalised to the nominative (Лаврова -> Лавров, Кругловой ->
Круглова) with pymorphy3. Korean speakers are the noun phrase carrying a topic or subject
particle (은/는/이/가), without the particle.

Cost: per quote, regex passes over its sentences (bounded by the sentence length), plus
one NER pass per Russian sentence that holds a quote.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

from ..language_data import languages, pooled
from ..lazy import once
from ..model import Sentence
from .lemmas import is_person_word, lemma, russian_surname_lemma

_KO_ACCORDING = re.compile(r"([가-힣A-Za-z0-9·]+(?:\s+[가-힣A-Za-z0-9·]+){0,2})에\s*따르면", re.U)
# "a police spokesman", "ein Polizeisprecher": English and German constructions, kept here.
_X_SPOKESMAN = re.compile(r"\b(?:a|an|the)\s+((?:[\w.’'-]+\s+){1,4}?)spokes(?:man|woman|person)\b|\b(?:ein|eine|der|die)\s+(\w+?)sprecher(?:in)?\b", re.U | re.I)
WINDOW = 220
_ner_lock = threading.Lock()


@dataclass(frozen=True)
class Attribution:
    speaker: str | None
    cue: str | None
    anaphoric: bool = False  # the speaker was given as a pronoun or description


def _lang(language: str) -> str:
    return language if language in _by_language() else "en"


@dataclass(frozen=True)
class _Words:
    """One language's attribution words (its ``[attribution]`` data), compiled."""

    cues: re.Pattern
    inverted: re.Pattern | None  # cues after which the speaker follows
    anaphors: frozenset[str]
    anaphoric_cue_prefixes: tuple[str, ...]  # "a-t-elle": the cue is the pronoun
    case_after_cue: Mapping[str, str]  # "по словам" + genitive
    lemmas: bool  # anaphors are compared on lemmas
    determiner_tail: re.Pattern | None  # "the spokesman" right before a cue


@once
def _by_language() -> dict[str, _Words]:
    """The languages that have reporting cues; any other language is read with English's."""
    found = {}
    for lang in languages():
        words = lang.attribution
        if not words.cues:
            continue
        cues = "|".join(words.cues)
        found[lang.code] = _Words(
            cues=re.compile(rf"(?<![\w-])(?:{cues})(?![\w])" if lang.word_boundaries else rf"(?:{cues})", re.I | re.U),
            inverted=re.compile("|".join(words.inverted_cues), re.I) if words.inverted_cues else None,
            anaphors=words.anaphors,
            anaphoric_cue_prefixes=words.anaphoric_cue_prefixes,
            case_after_cue=words.case_after_cue,
            lemmas=lang.lemmas,
            determiner_tail=(re.compile(rf"\b(?:{_plain(words.determiners)})\s+[a-z]+(?:\s+[a-z]+)?$")
                             if words.determiners else None),
        )
    return found


@dataclass(frozen=True)
class _Pooled:
    """Attribution words matched whatever the text's language (pooled from every language file)."""

    name: re.Pattern  # capitalised word runs, Latin (with particles: "Ursula von der Leyen") or Cyrillic
    spokes_for: re.Pattern  # "a spokesman for the Defence Ministry"
    generic_sources: frozenset[str]
    generic: re.Pattern
    not_names: frozenset[str]
    case_after: Mapping[str, str]  # the case a name is read in after a stripped word ("в")
    before_name: re.Pattern  # what may stand between an inverted cue and the name
    adverb_tail: re.Pattern
    conjunction: re.Pattern


@once
def _pooled() -> _Pooled:
    def words(field: str) -> tuple[str, ...]:
        return pooled(lambda lang: getattr(lang.attribution, field))

    latin = (r"(?:[A-ZÄÖÜÉÈ][\w’'\.-]*)(?:\s+(?:(?:" + _plain(words("name_particles"))
             + r")\s+)?[A-ZÄÖÜÉÈ][\w’'\.-]*)*")
    cyrillic = r"(?:[А-ЯЁ][\wё’'\.-]*)(?:\s+[А-ЯЁ][\wё’'\.-]*)*"
    generic = words("generic_sources")
    spokesperson = "|".join(words("spokesperson")) or "(?!)"
    return _Pooled(
        name=re.compile(rf"{latin}|{cyrillic}", re.U),
        spokes_for=re.compile(rf"\b(?:{spokesperson})\s+(?:{_plain(words('spokesperson_of'))})\s+"
                              rf"(?:the\s+)?(?:\w+’s\s+)?({latin}|{cyrillic})", re.U),
        generic_sources=frozenset(generic),
        generic=re.compile(r"\b(" + _plain(sorted(generic, key=lambda w: (-len(w), w))) + r")\b", re.I),
        not_names=frozenset(words("not_names")),
        case_after={k: v for lang in languages() for k, v in lang.attribution.case_after.items()},
        before_name=re.compile(rf"[\s,]*(?:{_plain(words('before_name'))})?[\s\w’'-]{{0,40}}?", re.I),
        adverb_tail=re.compile(rf"\s+(?:{_plain(words('adverbs'))})$", re.I),
        conjunction=re.compile(rf"\b(?:{_plain(words('conjunctions'))})\b"),
    )


def _plain(words) -> str:
    """An alternation of plain words (escaped), or a pattern that matches nothing."""
    return "|".join(re.escape(w) for w in words) or "(?!)"


def attribute(text: str, sentences: list[Sentence], first: int, quote_start: int, quote_end: int,
              all_quotes: list[tuple[int, int]], language: str) -> Attribution:
    """Speaker and cue of the quote at [quote_start, quote_end) (offsets of the words inside
    the marks), which opens in sentence ``first``; ``all_quotes`` are masked from the cues."""
    lang = _lang(language)
    last = first
    while last + 1 < len(sentences) and sentences[last].end < quote_end:
        last += 1
    # The sentences the quote spans, but never more than WINDOW characters on either side
    # of it: a sentence holding thousands of quotes is not re-read for each one.
    start = max(sentences[first].start, quote_start - 1 - WINDOW)
    end = min(sentences[last].end, quote_end + 1 + WINDOW)
    masked = _mask(text, start, end, all_quotes)
    # The quote's own position inside the window, as an anchor for "nearest".
    anchor_start, anchor_end = quote_start - 1 - start, quote_end + 1 - start
    if lang == "ko":
        found = _korean(masked, anchor_start, anchor_end)
    else:
        found = _cued(masked, anchor_start, anchor_end, lang)
    if found.speaker is None and found.cue is None and not re.search(r"\w", masked.replace("\x00", "")):
        return Attribution(None, None, anaphoric=True)  # the quote is the whole sentence: continues
    return found


def _mask(text: str, start: int, end: int, quotes: list[tuple[int, int]]) -> str:
    chars = list(text[start:end])
    for qs, qe in quotes:
        if qe + 1 <= start or qs - 1 >= end:
            continue
        lo, hi = max(qs - 1, start) - start, min(qe + 1, end) - start
        chars[lo:hi] = "\x00" * (hi - lo)
    return "".join(chars)


def _cued(masked: str, q_start: int, q_end: int, lang: str) -> Attribution:
    words, shared = _by_language()[lang], _pooled()
    cues = list(words.cues.finditer(masked))
    if not cues:
        return Attribution(None, None)
    cue = min(cues, key=lambda m: _distance(m.start(), m.end(), q_start, q_end) + _late_penalty(masked, m, q_end))
    word = cue.group(0).lower()
    if word.startswith(words.anaphoric_cue_prefixes):
        return Attribution(None, word, anaphoric=True)  # « ... », a-t-elle assuré
    # 1. "a spokesman for X", "a police spokesman", "ein Polizeisprecher" near the cue.
    around = masked[max(0, cue.start() - 60) : cue.end() + 60]
    spokes = shared.spokes_for.search(around)
    if spokes:
        return Attribution(_clean(spokes.group(1), lang), word)
    x_spokes = _X_SPOKESMAN.search(around)
    if x_spokes:
        source = re.sub(r"['’]s$", "", (x_spokes.group(1) or x_spokes.group(2)).strip())
        return Attribution(source[:1].upper() + source[1:], word)
    before = masked[max(0, cue.start() - WINDOW) : cue.start()].split("\x00")[-1]
    # 2. The subject right before the cue.
    subject = _subject_before(before, lang)
    if subject is not None:
        return subject if subject.cue else Attribution(subject.speaker, word, subject.anaphoric)
    # 3. Inverted: nothing but punctuation before the cue, the speaker follows it.
    after = masked[cue.end() : cue.end() + 100]
    if words.inverted and words.inverted.fullmatch(word):
        head = re.match(r"^[\s,]*(?:the\s+)?([\w-]+)", after)
        if head and _base(head.group(1), lang) in words.anaphors:
            return Attribution(None, word, anaphoric=True)  # "по словам министра", "said the minister"
        name = _first_name(after, lang, leading=True, case=words.case_after_cue.get(word, "nomn"))
        if name:
            return Attribution(name, word)
        pronoun = re.match(r"^[\s,]*(?:the\s+)?([\w-]+)", after)
        if pronoun and pronoun.group(1).lower() in words.anaphors:
            return Attribution(None, word, anaphoric=True)
    # 4. The last name before the cue in its sentence part, else the first after it.
    name, is_anaphor = _last_subject(before, lang)
    if name or is_anaphor:
        return Attribution(name, word, anaphoric=is_anaphor)
    return Attribution(_first_name(after, lang, leading=False), word)


def _base(word: str, lang: str) -> str:
    return lemma(word, lang) if _by_language()[lang].lemmas else word.lower()


def _late_penalty(masked: str, cue: re.Match, q_end: int) -> int:
    """A cue after the quote reports it only when little stands between ("…,” Kim said)."""
    if cue.start() < q_end:
        return 0
    gap = masked[q_end : cue.start()]
    if len(gap.split()) > 6 or _pooled().conjunction.search(gap):
        return 1000
    return 0


def _subject_before(before: str, lang: str) -> Attribution | None:
    """A subject right before a cue: a name, an anaphor or a generic source, optionally with an
    appositive between commas ("Dr. Helen Marsh, the company's chief medical officer, told")
    and an adverb ("also", "later", "separately")."""
    words, shared = _by_language()[lang], _pooled()
    text = before.rstrip()
    text = shared.adverb_tail.sub("", text)
    appositive_name = re.search(r",\s*([^,\x00]{1,60}?)\s*,?$", text)
    if appositive_name and shared.name.fullmatch(appositive_name.group(1).strip()):
        name = _clean(appositive_name.group(1), lang)  # "Hamburg's mayor, Jan Petersen, called"
        if name:
            return Attribution(name, None)
    text = re.sub(r",[^,\x00]{1,90},$", "", text)  # an appositive between commas
    text = text.rstrip(" ,")
    last = re.search(r"([\w’'.-]+)$", text)
    if not last:
        return None
    token = last.group(1).lower().strip(".")
    if token in words.anaphors or (words.determiner_tail and words.determiner_tail.search(text)):
        return Attribution(None, None, anaphoric=True)  # "he", "the dictator", "the spokesman"
    if token in shared.generic_sources:
        return Attribution(token.capitalize(), None)
    match = None
    for candidate in shared.name.finditer(text):
        if candidate.end() == len(text):
            match = candidate
    if match:
        name = _clean(match.group(0), lang)
        if name:
            return Attribution(name, None)
    return None


def _distance(a: int, b: int, q_start: int, q_end: int) -> int:
    if b <= q_start:
        return q_start - b
    if a >= q_end:
        return a - q_end
    return 0


def _first_name(text: str, lang: str, leading: bool, case: str = "nomn") -> str | None:
    shared = _pooled()
    segment = text.split("\x00")[0]
    for match in shared.name.finditer(segment):
        if leading and segment[: match.start()].strip(" ,—–-:") and not shared.before_name.fullmatch(
            segment[: match.start()]
        ):
            return None
        name = _clean(match.group(0), lang, case)
        if name:
            return name
    generic = shared.generic.search(segment)
    return generic.group(1).capitalize() if generic else None


def _last_subject(text: str, lang: str) -> tuple[str | None, bool]:
    """The last name (or an anaphor) in the text before a cue."""
    anaphors, shared = _by_language()[lang].anaphors, _pooled()
    words = list(re.finditer(r"[\w’'.-]+", text, re.U))
    last_name = None
    for match in shared.name.finditer(text):
        name = _clean(match.group(0), lang)
        if name:
            last_name = (name, match.end())
    tail = [w for w in words if not last_name or w.start() >= last_name[1]]
    for w in reversed(tail[-4:]):
        token = w.group(0).lower().strip(".")
        if token in anaphors:
            return None, True
        if token in shared.generic_sources:
            return token.capitalize(), False
    if last_name:
        return last_name[0], False
    return None, False


def _clean(name: str, lang: str, case: str = "nomn") -> str | None:
    shared = _pooled()
    words = name.replace("\x00", " ").split()
    while words and words[0].lower().strip(".,") in shared.not_names:
        case = shared.case_after.get(words[0].lower(), case)
        words.pop(0)
    words = [re.sub(r"['’]s$", "", w).strip(",;:") for w in words]
    if words and len(words[-1]) > 4:
        words[-1] = words[-1].rstrip(".")  # a full stop, not an abbreviation's ("Dr.", "U.S.")
    words = [w for w in words if w]
    if not words or words[0].lower() in shared.not_names or words[0].lower() in _by_language()[lang].anaphors:
        return None
    joined = " ".join(words)
    if re.search(r"[А-ЯЁа-яё]", joined):
        if len(words) > 1 and not all(is_person_word(w) for w in words):
            # A capitalised run that mixes a name with other words ("КНДР Ким Чен Ын"):
            # natasha's NER tells the person apart. Rare, so its cost is rarely paid.
            persons = [normal for _, _, normal, kind in russian_entities(joined) if kind == "PER"]
            if persons:
                return persons[-1]
        joined = russian_surname_lemma(joined, case)
    return joined


def _korean(masked: str, q_start: int, q_end: int) -> Attribution:
    words = _by_language()["ko"]
    cues = list(words.cues.finditer(masked))
    if not cues:
        return Attribution(None, None)
    cue = min(cues, key=lambda m: _distance(m.start(), m.end(), q_start, q_end))
    according = _KO_ACCORDING.search(masked)
    if cue.group(0) == "따르면" and according:
        return Attribution(according.group(1), "따르면")
    chosen = _korean_topic(masked[: cue.start()])
    if chosen is None:
        return Attribution(None, cue.group(0))
    if len(chosen) == 1 and chosen[0] in words.anaphors:
        return Attribution(None, cue.group(0), anaphoric=True)
    return Attribution(" ".join(chosen), cue.group(0))


# Particles that end a word which cannot be part of the speaker's noun phrase. 은 is not
# among them: many names end in it (김정은).
_KO_NOT_IN_NP = re.compile(r"(?:을|를|에|의|도|와|과|로|서|며|고|다|가|이|는|께서는|께서)$")


def _korean_topic(text: str) -> list[str] | None:
    """The speaker's words: the last topic (은/는/께서는) before the cue, or else the last
    subject (이/가), with up to three preceding words of its noun phrase."""
    words = [w for w in text.split() if "\x00" not in w]
    for particles in (("께서는", "께서", "은", "는"), ("이", "가")):
        for i in range(len(words) - 1, -1, -1):
            word = words[i]
            particle = next((p for p in particles if word.endswith(p) and len(word) > len(p)), None)
            if particle is None:
                continue
            phrase = [word[: -len(particle)]]
            j = i - 1
            while j >= 0 and len(phrase) < 4 and not _KO_NOT_IN_NP.search(words[j]):
                phrase.insert(0, words[j])
                j -= 1
            return phrase
    return None


def korean_short_form(speaker: str, earlier: list[str]) -> str:
    """"한 장관" (surname + title) is the "한정우 장관" named before, when there is one."""
    words = speaker.split()
    if len(words) >= 2 and len(words[0]) == 1 and re.fullmatch(r"[가-힣]", words[0]):
        for name in reversed(earlier):
            if name.startswith(words[0]) and name != speaker:
                return name
    return speaker


def sentence_subject(text: str, language: str) -> str | None:
    """Who a sentence without quotes is about: the subject of its reporting verb, or else
    the name it opens with. Pronouns in the next quotes refer to that person."""
    lang = _lang(language)
    found = _korean(text, 0, 0) if lang == "ko" else _cued(text, len(text), len(text), lang)
    if found.speaker or found.anaphoric or lang == "ko":
        return found.speaker
    leading = _pooled().name.match(text.lstrip())  # "Lavrov arrived on Friday." names who "he" is next
    return _clean(leading.group(0), lang) if leading else None


@lru_cache(maxsize=4096)
def russian_entities(text: str) -> tuple[tuple[int, int, str, str], ...]:
    """(start, stop, normal form, PER|ORG|LOC) spans natasha's NER finds in Russian text.

    natasha ships its models inside its wheel; they load once per process, on first use.
    Its taggers are not documented as thread-safe, so one text is tagged at a time.
    """
    Doc, segmenter, morph, tagger, vocab = _natasha()
    with _ner_lock:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_morph(morph)
        doc.tag_ner(tagger)
        found = []
        for span in doc.spans:
            span.normalize(vocab)
            found.append((span.start, span.stop, span.normal or span.text, span.type))
    return tuple(found)


@once
def _natasha():
    from natasha import Doc, MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    embedding = NewsEmbedding()
    return Doc, Segmenter(), NewsMorphTagger(embedding), NewsNERTagger(embedding), MorphVocab()
