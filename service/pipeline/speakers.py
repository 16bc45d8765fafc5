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
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Mapping

from ..language_data import Attribution as AttributionWords
from ..language_data import language, languages, pooled
from ..lazy import once
from ..model import Sentence
from .lemmas import is_person_word, is_russian_adjective, lemma, nominative_phrase, russian_surname_lemma
from .relays import is_outlet, outlet_pattern, relays_in
from .wordnet import WordNet

# Russian typography puts the cue of an interrupted quote inside its one pair of marks
_INNER_CUE = re.compile(r"[,!?…]\s+—\s+([^—«»\n]{3,160}?)[.,]\s+—\s")
_OUTLET_FIRST = re.compile(r"^\s*([\w-]+(?:\s+[А-ЯЁA-Z][\w-]*)?)")
# "в дипломатических кругах": a preposition and a lower-case phrase up to the sentence's end
_PLACE_PHRASE = re.compile(r"^\s*(\w+)\s+((?:[\w-]+\s*){1,8}?)(?=[.,;!?\x00\x01]|$)")
# "В ГУ МЧС России по Камчатскому краю" before "сообщили": a preposition and a body, nothing else
_PLACE_SUBJECT = re.compile(r"^\s*(\w+)\s+([^,\x00\x01]{2,80})$")
_KO_ACCORDING = re.compile(r"([가-힣A-Za-z0-9·]+(?:\s+[가-힣A-Za-z0-9·]+){0,2})에\s*따르면", re.U)
# "a police spokesman", "ein Polizeisprecher": English and German constructions, kept here.
_X_SPOKESMAN = re.compile(r"\b(?:a|an|the)\s+((?:[\w.’'-]+\s+){1,4}?)spokes(?:man|woman|person)\b|\b(?:ein|eine|der|die)\s+(\w+?)sprecher(?:in)?\b", re.U | re.I)
WINDOW = 220
_OWNED_BODY = re.compile(r"(?<![\w’'])[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*['’]s(?:\s+[a-z][\w-]*){1,3}$")
_OFFICIAL_OF_THE = re.compile(r"(?:^|\s)(?i:an?|one)\s+(?:senior\s+|high-ranking\s+)?(?:official|source|executive|officer)"
                             r"\s+(?:at|of|from|with|in)\s+the\s+([a-z]+)(?:['’]s)?(?:\s+[a-z][\w-]*){0,3}$")
_SOURCE_IN = re.compile(r"(?:^|\s)(?i:an?|one)\s+((?:senior\s+|diplomatic\s+|government\s+)?source\s+(?:in|at|close\s+to|familiar\s+with|within)"
                        r"\s+(?:the\s+)?(?:[\w’'-]+\s*){1,5})$")
_RU_SOURCE_IN = re.compile(r"(?i:источник|собеседник)\s+(?:в|из|при|близкий к)\s+([а-яё-]+(?:\s+[а-яё-]+){0,3}(?:\s+[А-ЯЁ][\w-]*){0,2})")
#: "an official at Hyundai Motor Co.", "a source with the ministry" right before a cue
_OFFICIAL_AT = re.compile(r"(?:^|\s)(?i:an?|one)\s+(?:senior\s+|high-ranking\s+)?(official|source|executive|spokes(?:man|woman|person))"
                          r"\s+(?:at|of|from|with|in)\s+(?:the\s+)?((?:[A-Z][\w’'.&-]*\s*){1,5})$")
_NAME_BEFORE_APPOSITIVE = re.compile(r"([A-ZА-ЯЁ][\w’'.-]*(?:\s+[A-ZА-ЯЁ][\w’'.-]*)+),\s*(?:the\s+|a\s+)?$")
_RELATIVE_PRONOUNS = frozenset({"which", "that", "who"})
RELAY_MASK = "\x01"  # stands for a relay's characters: the phrase before it is no part of the speaker's
RELAY_CONTEXT = 2000
RECENT = 50  # names spoken last that a short form or description may stand for  # characters before a quote's window where "同通信", "报道称" find their outlet
_ner_lock = threading.Lock()
_WORDNET = WordNet()


@dataclass(frozen=True)
class Attribution:
    speaker: str | None
    cue: str | None
    anaphoric: bool = False  # the speaker was given as a pronoun or description
    description: str | None = None  # that description ("minister"), the speaker when no one was named before
    reported_by: str | None = None  # the outlet that relays the quote (relays.py)
    #: the country or body a described official belongs to ("официальный представитель МИД
    #: КНР": "КНР"); such a description is someone new unless the person named before was
    #: introduced with that owner (see :func:`introduced`)
    owner: str | None = None


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
    titles: tuple[str, ...]  # offices beside a name, longest first
    indefinite: re.Pattern | None  # "a ministry official" right before a cue
    subject_stop: re.Pattern | None  # where a Chinese subject ends before its verb
    speaker_prefixes: tuple[str, ...]
    subject_stop_words: frozenset[str]
    surnames: frozenset[str]
    adnominal_endings: tuple[str, ...]
    topic: re.Pattern | None  # a Japanese topic or subject particle after a noun
    data: AttributionWords  # the language's word lists as written


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
            # "the spokesman", "the top government spokesman": up to three lower-case words
            determiner_tail=(re.compile(rf"\b(?i:{_plain(words.determiners)})\s+[a-z]+(?:\s+[a-z]+){{0,2}}$")
                             if words.determiners else None),
            titles=tuple(sorted(words.titles, key=len, reverse=True)),
            indefinite=(re.compile(rf"(?:^|[\s,])(?i:{_plain(words.indefinites)})\s+((?:[\w.’'-]+\s+){{0,3}}([a-z][\w-]*))$")
                        if words.indefinites else None),
            subject_stop=re.compile("|".join(words.subject_stops)) if words.subject_stops else None,
            speaker_prefixes=words.speaker_prefixes,
            subject_stop_words=frozenset(words.subject_stops),
            surnames=words.surnames,
            adnominal_endings=words.adnominal_endings,
            # after a kanji, katakana or closing bracket, so "では", "には" are no topic
            topic=(re.compile(rf"(?:(?<=[\u4e00-\u9fff\u30a0-\u30ff\uff09)])|(?<=さん)|(?<=ちゃん))(?:{_plain(words.topic_particles)})")
                   if words.topic_particles else None),
            data=words,
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
    before_words: frozenset[str]  # those words
    adverb_tail: re.Pattern
    conjunction: re.Pattern
    conjunction_words: frozenset[str]


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
        before_words=frozenset(w.lower() for w in words("before_name")),
        adverb_tail=re.compile(rf"\s+(?:{_plain(words('adverbs'))})$", re.I),
        conjunction=re.compile(rf"\b(?:{_plain(words('conjunctions'))})\b"),
        conjunction_words=frozenset(w.lower() for w in words("conjunctions")),
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
    inner = _INNER_CUE.search(text, quote_start, quote_end)
    if inner:  # «…, — отметил министр. — …»: the cue is inside the marks, shown to the search
        masked = masked[: inner.start(1) - start] + inner.group(1) + masked[inner.end(1) - start :]
    # An outlet that relays the quote is no speaker: its words are masked like a quote's.
    relays = relays_in(masked, language, before=text[max(0, start - RELAY_CONTEXT) : start])
    for relay in relays:
        masked = masked[: relay.start] + RELAY_MASK * (relay.end - relay.start) + masked[relay.end :]
    reported_by = relays[-1].outlet if relays else None
    # The quote's own position inside the window, as an anchor for "nearest".
    anchor_start, anchor_end = quote_start - 1 - start, quote_end + 1 - start
    if lang == "ko":
        found = _korean(masked, anchor_start, anchor_end)
    elif lang in ("zh", "ja"):
        found = _cjk(masked, anchor_start, anchor_end, lang)
    else:
        found = _cued(masked, anchor_start, anchor_end, lang)
    if found.speaker is None and found.cue is None and not re.search(r"\w", masked.replace("\x00", "")):
        # the quote is the whole sentence (or the rest is its relay: "…,” KCNA quoted Kim as saying):
        # its speaker is the one named before; its relay stays
        return Attribution(None, None, anaphoric=True, reported_by=reported_by)
    return replace(found, reported_by=reported_by)


def _mask(text: str, start: int, end: int, quotes: list[tuple[int, int]]) -> str:
    chars = list(text[start:end])
    for qs, qe in quotes:
        if qe + 1 <= start or qs - 1 >= end:
            continue
        lo, hi = max(qs - 1, start) - start, min(qe + 1, end) - start
        chars[lo:hi] = "\x00" * (hi - lo)
    return "".join(chars)


_CAPITALISED_BEFORE = re.compile(r"[A-ZА-ЯЁ][\w’'.-]*\s+$")


def _in_a_name(masked: str, cue: re.Match) -> bool:
    """A capitalised cue word after a capitalised word is part of a name ("the United States"
    holds no "states", "Says Law" no "says")."""
    return cue.group(0)[:1].isupper() and bool(_CAPITALISED_BEFORE.search(masked[max(0, cue.start() - 40) : cue.start()]))


_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|is|are|be|been|being)\s+$", re.I)


def _passive(masked: str, cue: re.Match, lang: str) -> bool:
    """An English reporting verb in the passive ("Lee was promised …") reports no one's
    words; "was quoted" is a cue of its own."""
    return (lang == "en" and not cue.group(0).lower().startswith(("was ", "were "))
            and bool(_PASSIVE_BEFORE.search(masked[max(0, cue.start() - 12) : cue.start()])))


def _cued(masked: str, q_start: int, q_end: int, lang: str) -> Attribution:
    words, shared = _by_language()[lang], _pooled()
    cues = [m for m in words.cues.finditer(masked) if not _in_a_name(masked, m) and not _passive(masked, m, lang)]
    # "Noting that …, the statement said:": a participle opening the sentence reports nothing itself
    opening = [m for m in cues if m.group(0).lower() in words.data.participles and not masked[: m.start()].strip(" \x00\x01")]
    cues = [m for m in cues if m not in opening] or cues
    if not cues:
        return Attribution(None, None)
    cue = min(cues, key=lambda m: _distance(m.start(), m.end(), q_start, q_end) + _late_penalty(masked, m, q_end))
    word = cue.group(0).lower()
    if word in words.data.participles:  # "Eto told reporters, adding that …": Eto's verb reports
        governing = [m for m in cues if m.end() <= cue.start() and m.group(0).lower() not in words.data.participles
                     and "\x00" not in masked[m.end() : cue.start()]]
        if governing:
            cue, word = governing[-1], governing[-1].group(0).lower()
        else:  # "The office welcomed the ruling, saying …": the sentence's subject
            opening = _pooled().name.match(masked[: cue.start()].split("\x00")[-1].lstrip())
            name = _clean(opening.group(0), lang) if opening else None
            if name:
                return Attribution(name, word)
    if word.startswith(words.anaphoric_cue_prefixes):
        return Attribution(None, word, anaphoric=True)  # « ... », a-t-elle assuré
    # 1. "a spokesman for X", "a police spokesman", "ein Polizeisprecher" near the cue.
    around = masked[max(0, cue.start() - 60) : cue.end() + 60]
    spokes = shared.spokes_for.search(around)
    if spokes:
        # "Maria Zakharova, spokeswoman for the Russian Foreign Ministry, said": the person
        at = max(0, cue.start() - 60) + spokes.start()  # where the match starts in ``masked``
        named = _NAME_BEFORE_APPOSITIVE.search(masked[max(0, at - 80) : at])
        person = _clean(named.group(1), lang) if named else None
        return Attribution(person or _clean(spokes.group(1), lang), word)
    x_spokes = _X_SPOKESMAN.search(around)
    if x_spokes and x_spokes.group(0)[:3].lower() == "the" and (x_spokes.group(1) or "x")[:1].islower():
        x_spokes = None  # "the top government spokesman": someone named before, not a body called "top government"
    if x_spokes:
        source = re.sub(r"['’]s$", "", (x_spokes.group(1) or x_spokes.group(2)).strip())
        return Attribution(source[:1].upper() + source[1:], word)
    before = masked[max(0, cue.start() - WINDOW) : cue.start()].split("\x00")[-1]
    ending = before.strip().lower().rsplit(None, 1)[-1:] or [""]
    if (ending[0] in shared.conjunction_words and not shared.name.search(before)
            and "\x00" in masked[max(0, cue.start() - WINDOW) : cue.start()]):
        # "Wi called the launch “…” and urged Pyongyang to “…”", "slammed the “hostile” drills
        # and warned of …": the subject of both verbs, who spoke the quote before
        return Attribution(None, word, anaphoric=True)
    # 2. The subject right before the cue.
    subject = _subject_before(before, lang)
    if subject is not None:
        return subject if subject.cue else replace(subject, cue=word)
    # 3. Inverted: nothing but punctuation before the cue, the speaker follows it.
    after = masked[cue.end() : cue.end() + 160].replace(RELAY_MASK, " ")
    if words.inverted and words.inverted.fullmatch(word):
        # "— сообщили ТАСС в дипломатических кругах": the outlet was told; it is no speaker
        told = _OUTLET_FIRST.match(after)
        if told and is_outlet(told.group(1)):
            after = after[told.end() :]
        if word in words.data.source_cues:  # "со ссылкой на управление культуры провинции Хэйлунцзян"
            source = re.match(r"\s*([^.,;!?\x00\x01]{2,120})", after)
            if source:
                return Attribution(_body(source.group(1), words.case_after_cue.get(word, "nomn"), lang), word)
        place = _PLACE_PHRASE.match(after)  # "заявили в Кремле", "сообщили ТАСС в пресс-службе суда"
        if place and place.group(1).lower() in shared.case_after and word.endswith("и"):
            return Attribution(_body(place.group(2), shared.case_after[place.group(1).lower()], lang), word)
        office_phrase = office_description(re.split(r"[.,;!?\x00\x01]", after)[0].strip(), lang, whole=True)
        if office_phrase:  # "— заявил представитель китайской судоходной компании Polar Line Logistics"
            return Attribution(None, word, anaphoric=True, description=office_phrase[0], owner=office_phrase[1])
        if _anaphor_after(after, lang):
            # "по словам министра", "said the minister", "говорится в сообщении ведомства"
            return Attribution(None, word, anaphoric=True)
        if lang == "ru":  # "— сказала … сотрудник Института Китая … Ирина Лебедева": the person, by NER
            clause = re.split(r"[.,;!?\x00\x01]", after)[0]
            persons = [normal for _, _, normal, kind in russian_entities(clause) if kind == "PER"] if clause.strip() else []
            if persons:
                return Attribution(russian_surname_lemma(persons[0], words.case_after_cue.get(word, "nomn")), word)
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


# -- Chinese and Japanese: no spaces, the subject stands before its verb ----------------------
_CJK_CLAUSE = re.compile(r"[，。；：！？、,;:!?\x00“”「」『』\n]")
_CJK_NAME_RUN = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ff·・]+$")
_KATAKANA_BEFORE_KANJI = re.compile(r"[\u30a1-\u30ff・]{2,}(?=[\u4e00-\u9fff])")
#: a determiner and one office ("该负责人", "该官员", "同監督", "同相"): someone named before
_CJK_ANAPHOR = re.compile(r"^(?:该|此|这位|这名|同)[\u4e00-\u9fff]{1,3}$")
#: a Japanese relative clause before a name, up to its last kana of inflection
_JA_DESCRIBED = re.compile(r"^.*[たるいうくすつむぶぐだ](?=[\u30a1-\u30ff\u4e00-\u9fff]{2,}$)")
_PARENTHESES = re.compile(r"[（(][^（）()]{0,12}[）)]")


def _cjk(masked: str, q_start: int, q_end: int, lang: str) -> Attribution:
    """Chinese: the subject right before the reporting verb nearest the quote ("外交部发言人
    毛宁5日在例行记者会上表示" -> 毛宁). Japanese: the topic or subject of the quote's clause
    ("林芳正官房長官は記者会見で「…」と語った" -> 林芳正), before the quote or else after it."""
    words = _by_language()[lang]
    cues = list(words.cues.finditer(masked))
    if not cues:
        return Attribution(None, None)
    def late(m: re.Match) -> int:
        gap = masked[q_end : m.start()].lstrip("，,、 ")
        return 1000 if m.start() >= q_end and gap.startswith(words.data.clause_openers or ("\x02",)) else 0

    cue = min(cues, key=lambda m: _distance(m.start(), m.end(), q_start, q_end) + _late_penalty(masked, m, q_end) + late(m))
    if lang == "ja":
        subject = _japanese_topic(masked[:q_start], words) or _japanese_topic(masked[q_end : cue.start()], words)
    else:
        subject = _chinese_subject(masked[: cue.start()], words)
    if subject is None:  # Japanese leaves out a subject that stays the same
        return Attribution(None, cue.group(0), anaphoric=lang == "ja")
    if subject in words.anaphors or _CJK_ANAPHOR.match(subject) or subject.rstrip("还也又则都再亦") in words.anaphors:
        # "该负责人", "同監督": the one just named, by a determiner before an office
        return Attribution(None, cue.group(0), anaphoric=True)
    if lang == "ja":  # "決勝で敗れたデュボワ": the name after the clause that describes it
        subject = _JA_DESCRIBED.sub("", _PARENTHESES.sub("", subject)) or subject
    return Attribution(_cjk_name(subject, words, after_name=lang == "ja"), cue.group(0))


def _chinese_subject(before: str, words: _Words) -> str | None:
    """The subject of the clause before a reporting verb, up to the first time or place
    phrase; a clause that opens with "并", "同时" has the subject of the clause before it."""
    clauses = [c.strip() for c in _CJK_CLAUSE.split(before.split(RELAY_MASK)[-1])]
    for position in range(len(clauses) - 1, -1, -1):
        clause = clauses[position]
        if clause.startswith(words.data.clause_openers) or not clause:
            continue  # "…发布提醒说，并表示": whose clause? the one before
        if words.subject_stop:
            stop = next((m for m in words.subject_stop.finditer(clause) if m.start() >= 2), None)
            clause = clause[: stop.start()] if stop else clause
        clause = re.sub(r"[\d\s]+$", "", clause)
        return clause or None
    return None


def _chinese_opening_name(text: str) -> str | None:
    """The person a Chinese sentence without a reporting verb opens with, before its verb
    ("来自兰州的大学生王悦在…", "…文物专家阿卜杜拉·卡里莫夫是…"): a name, else None."""
    words = _by_language()["zh"]
    clause = _CJK_CLAUSE.split(text, 1)[0]
    stop = next((m for m in (words.subject_stop.finditer(clause) if words.subject_stop else ()) if m.start() >= 2), None)
    clause = clause[: stop.start()] if stop else clause.split("是", 1)[0]
    name = _cjk_name(clause, words, after_name=False) if clause else ""
    # only a name: a surname and one or two characters, or a foreign name written with "·"
    if "·" in name or (2 <= len(name) <= 3 and name[0] in words.surnames):
        return name
    return None


def _japanese_topic(before: str, words: _Words) -> str | None:
    if not words.topic:
        return None
    sentence = re.split(r"[。\x00\n]", before.rstrip("。 "))[-1]
    # the topic nearest the quote ("双方の溝は埋まらず、日本政府関係者は「…」"), a topic (は, も)
    # before a subject (が), which may be a clause's ("関係者は、北朝鮮が主張する…")
    found = list(words.topic.finditer(sentence))
    topics = [m for m in found if m.group(0) != "が"] or found
    topic = topics[-1] if topics else None
    if not topic:
        return None
    subject = re.split(r"[、，,\s]", sentence[: topic.start()])[-1]
    return subject or None


def _cjk_name(subject: str, words: _Words, after_name: bool) -> str:
    """The name in a subject, without its titles ("外交部发言人毛宁" -> 毛宁, "林芳正官房長官"
    -> 林芳正, "毛氏" -> 毛); a subject that is a body and an office stays whole ("气象庁の担当者")."""
    subject = _PARENTHESES.sub("", subject)
    for prefix in words.speaker_prefixes:  # "疾病管理厅一名官员" is 疾病管理厅官员
        position = subject.find(prefix)
        if len(prefix) == 1 and position > 0:
            continue  # one character inside a word ("有关负责人" keeps its "有")
        if position >= 0 and len(subject) > len(prefix) + position:
            subject = subject[:position] + subject[position + len(prefix) :]
    # titles after the name (Japanese), as many as stand there
    stripped = subject
    while after_name:
        title = next((t for t in words.titles if stripped.endswith(t) and len(stripped) > len(t)), None)
        if title is None:
            break
        stripped = stripped[: -len(title)]
    if stripped != subject:
        if stripped.endswith(("の", "的")) or subject.endswith(words.data.roles):
            # "気象庁の担当者", "消防当局者": a body's officer, no name; without the clause
            # that describes it ("現場で救助に当たる消防当局者")
            return re.split(r"[\u3041-\u306d\u306f-\u309f]", subject)[-1] or subject
        run = _CJK_NAME_RUN.search(stripped.split("の")[-1])
        if run and (foreign := _KATAKANA_BEFORE_KANJI.match(run.group(0))):
            return foreign.group(0)  # "ベッセント財務(長官)": a foreign name in katakana, then the office
        return _known_person_prefix(run.group(0)) if run else stripped
    if after_name:
        return subject
    # titles before the name (Chinese): the name follows the last of them
    last_end = max((m.end() for t in words.titles for m in re.finditer(re.escape(t), subject)), default=0)
    if 0 < last_end < len(subject) - 1:  # a name has two characters at least ("大使馆" holds no 大使)
        return subject[last_end:]
    if last_end == len(subject) or len(subject) <= 4:
        return subject  # "外交部发言人" with no name; or a name alone
    # a long subject that ends in a family name and one or two characters: the name
    # ("来自重庆的游客李欣然" with no title this list knows)
    for size in (3, 2):
        if subject[-size] in words.surnames and "的" not in subject[-size:]:
            return subject[-size:]
    return subject


def _known_person_prefix(run: str) -> str:
    """A run of Han characters that starts with a person of the gazetteer and goes on with an
    office's body ("金正恩朝鮮労働党" before 総書記): the person's name; else the run."""
    from .names import gazetteer, normalise

    known = gazetteer()
    for size in range(min(len(run) - 2, 6), 1, -1):
        entry = known.get(normalise(run[:size]))
        if entry is not None and entry.kind == "person":
            return run[:size]
    return run


def _body(phrase: str, case: str, lang: str) -> str:
    """A body read in ``case`` in the nominative: a name's head word ("Кремле" -> Кремль,
    "ГУ МЧС России …" stays), or every word of a description ("дипломатических кругах")."""
    phrase = phrase.strip()
    if phrase[:1].isupper():
        return _clean(phrase, lang, case) or phrase
    return nominative_phrase(phrase, case)


def _anaphor_after(after: str, lang: str) -> bool:
    """Whether an inverted cue is followed by an anaphor and no name: "по словам министра",
    "said the minister", "говорится в сообщении ведомства" (a document's word is passed over),
    but not "по словам министра Лаврова"."""
    words, shared = _by_language()[lang], _pooled()
    tokens = re.findall(r"[\w-]+", re.split(r"[\x00\x01.,;!?]", after)[0])[:8]
    for position, token in enumerate(tokens):
        if _base(token, lang) in words.anaphors:
            following = tokens[position + 1 : position + 5]
            # "по словам министра Лаврова", "представитель МИД КНР Мао Нин" name someone;
            # "добавил представитель Кремля" does not
            if lang == "ru":
                if token.lower() in shared.before_words and following and following[0][:1].isupper():
                    return False  # "в сообщении Роспотребнадзора": a document of the body it names
                return not any(w[:1].isupper() and is_person_word(w) for w in following)
            return not (following and following[0][:1].isupper())
        if token.lower() in shared.before_words or token.lower() == "the":
            continue  # "говорится в заявлении …", "said the …", "отметила ее тренер …"
        if not (lang == "ru" and is_russian_adjective(token)) or position >= 2:
            return False  # a name or another word; "подчеркнула официальный представитель МИД" goes on
    return False


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
    text = re.sub(r",[^,\x00]{1,160},$", "", text)  # an appositive between commas
    text = text.rstrip(" ,")
    text = re.sub(r"\s*[(（][A-ZА-ЯЁ]{2,8}[)）]$", "", text)  # "the Joint Chiefs of Staff (JCS)"
    last = re.search(r"([\w’'.-]+)$", text)
    if not last:
        return None
    token = last.group(1).lower().strip(".")
    if token in shared.generic_sources:
        return Attribution(token.capitalize(), None)
    at_body = _OFFICIAL_AT.search(text) if lang == "en" else None
    if at_body:  # "an official at Hyundai Motor Co. told": a Hyundai Motor official
        body = re.sub(r"\s+(?:Co|Corp|Inc|Ltd|Group|Company)\.?$", "", at_body.group(2).strip())
        return Attribution(f"{body} {at_body.group(1)}", None)
    source = _SOURCE_IN.search(text) if lang == "en" else None
    if source:  # "A source in the Uzbek government told TASS": someone new, described by where he is
        return Attribution(source.group(1), None)
    of_the = _OFFICIAL_OF_THE.search(text) if lang == "en" else None
    if of_the:  # "an official of the agency's forecast division": the agency named before
        return Attribution(None, None, anaphoric=True, description=of_the.group(1))
    described = words.indefinite.search(text) if words.indefinite else None
    if described and not words.cues.search(text[: described.start() + 1].rstrip()[-30:] + "\n"):
        if described.group(2).lower() in _RELATIVE_PRONOUNS:
            # "Rodong Sinmun on Friday carried a commentary which branded …": whoever carried it
            carrier = next((name for m in shared.name.finditer(text[: described.start()]) if (name := _clean(m.group(0), lang))), None)
            return Attribution(carrier or described.group(1).rsplit(None, 1)[0], None)
        return Attribution(described.group(1), None)  # "a ministry official said": someone new
    owned = _OWNED_BODY.search(text) if lang == "en" else None
    if owned:  # "China's foreign ministry, asked about the case, said": that body, no anaphor
        return Attribution(owned.group(0), None)
    definite = words.determiner_tail.search(text) if words.determiner_tail else None
    if _base(token, lang) in words.anaphors or definite:  # "he", "the dictator", "the spokesman", "в заявлении"
        description = definite.group(0).split(None, 1)[1] if definite else None
        return Attribution(None, None, anaphoric=True, description=description)
    source = _RU_SOURCE_IN.fullmatch(text.strip()) if lang == "ru" else None
    if source:  # "Источник в российской делегации сообщил": someone new (a source is never named), described by where he is
        return Attribution(source.group(0), None)
    office_phrase = office_description(text, lang)
    if office_phrase:  # "Официальный представитель МИД КНР в свою очередь заявил"
        return Attribution(None, None, anaphoric=True, description=office_phrase[0], owner=office_phrase[1])
    place = _PLACE_SUBJECT.match(text)
    office = re.search(r"([\w-]+)(?:\s+[\w-]+)?\s+[А-ЯЁ][\w-]*$", text)
    if lang == "ru" and office and _base(office.group(1), lang) in words.anaphors and not is_person_word(text.split()[-1]):
        return Attribution(None, None, anaphoric=True, description=None)  # "глава российского МИД назвал"
    if place and place.group(1).lower() in shared.case_after and not words.cues.search(place.group(2)):
        # "В ГУ МЧС России по Камчатскому краю сообщили": the body in the nominative
        return Attribution(_body(place.group(2), shared.case_after[place.group(1).lower()], lang), None)
    runs = list(shared.name.finditer(text))
    if runs and runs[-1].end() == len(text):
        name = _clean(runs[-1].group(0), lang)
        if name and is_outlet(name) and len(runs) > 1 and len(text[runs[-2].end() : runs[-1].start()].split()) <= 4:
            # "Сергей Егоров в беседе с РИА Новости": the outlet was spoken to
            name = _clean(runs[-2].group(0), lang) or name
        if name:
            return Attribution(name, None)
    return None


@lru_cache(maxsize=1)
def _russian_office() -> re.Pattern:
    titles = "|".join(language("ru").names.titles) or "(?!)"
    # up to two adjectives, an office, the body's lower-case words, then its capitalised owner
    return re.compile(rf"(?:^|(?<=[\s,]))((?:[а-яёА-ЯЁ-]+(?:ый|ий|ой|ая|ое)\s+){{0,2}}(?i:{titles})"
                      rf"((?:\s+[а-яё-]+){{0,3}}(?:\s+[А-ЯЁA-Z][\w-]*){{1,3}}))$")


@lru_cache(maxsize=1)
def _russian_title() -> re.Pattern:
    return re.compile("|".join(language("ru").names.titles) or "(?!)", re.I)


def office_description(text: str, lang: str, whole: bool = False) -> tuple[str, str] | None:
    """Russian agency copy describes an unnamed official by office, body and owner at the end
    of a subject: "официальный представитель МИД КНР", "пресс-секретарь министерства обороны
    КНДР" -> (the description, its owner "КНР"). A bare office ("представитель Кремля",
    "глава ведомства") is no such description: it stands for someone named before."""
    if lang != "ru":
        return None
    text = _pooled().adverb_tail.sub("", text.rstrip(" ,"))
    text = re.sub(r"\s+(?:в свою очередь|также|тоже|со своей стороны|же)$", "", text)
    found = _russian_office().search(text)
    if found and whole and text[: found.start()].strip():
        return None  # the phrase must be all of ``text``
    complement = found.group(2).split() if found else []
    office = _russian_title()
    while complement and office.fullmatch(complement[0]):  # "официальный представитель МИД": the office goes on
        complement.pop(0)
    # the owner follows the body ("МИД КНР", "министерства обороны КНДР"); an owner before it
    # ("российского МИД") or a name after the office ("глава МИД Лавров") is no such description
    if len(complement) < 2 or is_russian_adjective(complement[-2]) or is_person_word(complement[-1]):
        return None
    return found.group(1), complement[-1]


def office_subject(text: str, language: str) -> tuple[str, str | None] | None:
    """The described official a Russian sentence opens with, before its verb ("Между тем
    официальный представитель МИД КНДР осудил …"): (description, owner), or None; a source
    ("Источник в отрасли") has no owner, for it is always someone new."""
    if _lang(language) != "ru":
        return None
    opening = re.match(r"\s*(?:(?:Между тем|Тем временем|В свою очередь|Кроме того|Позднее|Ранее|Также),?\s+)?"
                       r"([^,.;:!?«»]{5,120}?)\s+(?=[а-яё]+(?:л|ла|ло|ли|ет|ит|ют|ят)(?:ся|сь)?\b)", text)
    if not opening:
        return None
    source = _RU_SOURCE_IN.fullmatch(opening.group(1))
    if source:  # "Источник в российской делегации сообщил": someone new, described by where he is
        return source.group(0), None
    return office_description(opening.group(1), "ru")


def introduced(owner: str, earlier: str, named: list[str]) -> str | None:
    """The person named before who was introduced with ``owner`` (the "России" of "министр
    иностранных дел России Сергей Лавров", for a later "глава МИД России"), or None: then
    a described official is someone new."""
    # the owner, then lower-case words of the office, then perhaps a first name, then the surname
    title = re.compile(rf"{re.escape(owner[:4])}[\w-]*\s+(?:[а-яё-]+\s+){{0,4}}(?:[А-ЯЁ][а-яё]+\s+)?$")
    for name in reversed(named[-RECENT:]):
        surname = name.split()[-1]
        stem = surname[: max(3, len(surname) - 2)]  # the surname in any case
        at = earlier.rfind(stem)
        while at != -1:
            if title.search(earlier[max(0, at - 80) : at]):
                return name
            at = earlier.rfind(stem, 0, at)
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
        preposition = segment[: match.start()].split()[-1:] or [""]
        word = preposition[0].lower()
        if lang == "ru" and word in shared.before_words and word.endswith(("ии", "е")) and len(word) > 4:
            case = "gent"  # "в сообщении Роспотребнадзора": the document's author, in the genitive
        name = _clean(match.group(0), lang, shared.case_after.get(word, case))
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
    # "Lavrov's": the possessive of the last word only ("China's Ministry of Commerce" keeps its own)
    words = [w.strip(",;:") for w in words[:-1]] + [re.sub(r"['’]s$", "", w).strip(",;:") for w in words[-1:]]
    if words and len(words[-1]) > 4:
        words[-1] = words[-1].rstrip(".")  # a full stop, not an abbreviation's ("Dr.", "U.S.")
    words = [w for w in words if w]
    # a run that crossed a sentence's end ("Sergey Lavrov. Asked"): up to the full stop
    end = next((i for i, w in enumerate(words[:-1]) if w.endswith(".") and len(w) > 4 and "." not in w[:-1]), None)
    if end is not None:
        words = words[: end + 1]
        words[-1] = words[-1].rstrip(".")
    for size in (2, 1):  # "сказала Ершова РИА Новости": the outlet she spoke to is no part of her name
        if len(words) > size and is_outlet(" ".join(words[-size:])):
            words = words[:-size]
            break
    titles = _by_language()[lang].titles
    body_words = {w.casefold() for w in language(lang).names.body_words}
    # "Missile General Bureau" is a body's name: its "General" is no office before a person
    office = -1 if words and words[-1].casefold() in body_words else max(
        (i for i, w in enumerate(words[:-1]) if w in titles or w.split("-")[-1] in titles), default=-1)
    words = words[office + 1 :]  # "Foreign Minister Wang Yi" is Wang Yi
    if len(words) > 1 and words[0].lower() in _by_language()[lang].anaphors and words[1][:1].isupper():
        words = words[1:]  # "Глава Роспотребнадзора Анна Попова": an office before the name ("Ministry of …" is a name)
    if not words or words[0].lower() in shared.not_names or (
            words[0].lower() in _by_language()[lang].anaphors and (len(words) == 1 or words[1][:1].isupper())):
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
    chosen = _korean_topic(masked[: cue.start()].split(RELAY_MASK)[-1])
    if chosen is None and cue.start() >= q_end:  # "“…”라고 담화는 경고하였다": the topic follows the quote
        chosen = _korean_topic(masked[q_end:].split(RELAY_MASK)[0])
    if chosen is None:
        return Attribution(None, cue.group(0))
    if len(chosen) == 1 and chosen[0] in words.anaphors:
        return Attribution(None, cue.group(0), anaphoric=True)
    # "《로동신문》은": a paper's title marks are no part of its name
    return Attribution(" ".join(_korean_name(chosen)).strip("《》〈〉「」『』<>"), cue.group(0))


# Particles that end a word which cannot be part of the speaker's noun phrase. 은 and 는 are
# not among them: many names end in them (김정은); see _korean_topic.
_KO_NOT_IN_NP = re.compile(r"(?:을|를|에|의|도|와|과|로|서|며|고|다|가|이|께서는|께서)$|[^가-힣A-Za-z0-9·]")
_KO_TOPIC = (("께서는", "께서", "은", "는", "도"), ("이", "가"))


def _korean_topic(text: str) -> list[str] | None:
    """The speaker's words: the first topic (은/는/께서는/도) of the clause before the cue (a
    later one is the topic of a clause inside it: "당국자는 … 이번 발사는 “…”라며"), or else
    the last subject (이/가), with up to three preceding words of its noun phrase."""
    clause = re.split(r"[,，]\s", text)[-1]
    # a list inside the sentence ("식료공장과 일용품공장, 종합봉사소의 …") may leave the last clause
    # without its subject: then the whole text before the cue is read
    return _korean_topic_in(clause) or (_korean_topic_in(text) if clause != text else None)


def _korean_topic_in(clause: str) -> list[str] | None:
    words = _by_language()["ko"]
    tokens = [w for w in _PARENTHESES.sub("", clause).split() if "\x00" not in w]
    for particles, order in ((_KO_TOPIC[0], range(len(tokens))), (_KO_TOPIC[1], range(len(tokens) - 1, -1, -1))):
        for i in order:
            word = tokens[i]
            particle = next((p for p in particles if word.endswith(p) and len(word) > len(p)), None)
            if particle is None or (word.endswith(words.adnominal_endings)
                                    and not _is_korean_title(word[: -len(particle)], words)):
                continue
            if particle == "는" and len(word) == 2 and word[0] not in words.anaphors and word[0] not in words.titles:
                continue  # "사는", "하는": a verb's adnominal form; "그는" is a pronoun, "씨는" a title
            following = _KO_PARTICLE.sub("", tokens[i + 1]) if i + 1 < len(tokens) else ""
            if particle in ("은", "는") and _korean_given_name(word, words) and _is_korean_title(following, words):
                continue  # "김정은 국무위원장이": a name, not a topic
            if particle in ("은", "는") and len(word) == 2 and any(t.endswith(_KO_TOPIC[0]) for t in tokens[i + 1 : i + 5]):
                continue  # "선제골을 넣은 박준호는", "찾은 직장인 이수진 씨는": a verb's adnominal form before the topic
            phrase = [word[: -len(particle)]]
            j = i - 1
            while j >= 0 and len(phrase) < 4 and _in_korean_phrase(tokens[j], phrase[0], words):
                phrase.insert(0, tokens[j])
                j -= 1
            return phrase
    return None


_KO_PARTICLE = re.compile(r"(?:께서는|께서|은|는|이|가|도|의)$")


def _korean_given_name(word: str, words: _Words) -> bool:
    """Whether a word reads as a Korean name: a family name and one or two syllables more."""
    return 2 <= len(word) <= 3 and word[0] in words.surnames and re.fullmatch(r"[가-힣]+", word) is not None


def _is_korean_title(word: str, words: _Words) -> bool:
    """An office ("장관"), or a word ending in one ("피해자대책위원장", "정무림동지" ends in 동지)."""
    return any(word.endswith(t) for t in words.titles if len(t) >= 2) or word in words.titles


def _in_korean_phrase(word: str, following: str, words: _Words) -> bool:
    if following in words.titles and 2 <= len(word) <= 3 and word[0] in words.surnames:
        return True  # a name before its office, whatever it ends with ("왕이 외교부장")
    if following in words.titles and word.endswith("과") and len(word) >= 2:
        return True  # a department before an office ("소아청소년과 교수"), not "and"
    if _KO_NOT_IN_NP.search(word) or word in words.subject_stop_words:
        return False
    if word.endswith(("은", "는")):  # a name (김정은) or an adnominal verb (넣은, 있는)
        return len(word) == 3 and word[0] in words.surnames
    return True


def _korean_name(phrase: list[str]) -> list[str]:
    """A speaker's noun phrase without the offices after the name ("조태열 외교부 장관" ->
    조태열; "자말 하산 감독" -> 자말 하산; "정무림동지" -> 정무림), and without the
    descriptions before it ("병원 원장 리혜영" -> 리혜영); a role with no name stays whole
    ("국방성 대변인")."""
    words = _by_language()["ko"]
    phrase = [w[:-1] if w.endswith("의") and len(w) > 2 else w for w in phrase]
    # "한 통일부 당국자", "한 관계자": an official, no one named 한 ("한 장관" is Minister Han)
    if phrase[0] in ("한", "어느") and (len(phrase) > 2 or (len(phrase) == 2 and phrase[1] in _KO_ROLES)):
        phrase = phrase[1:]
    # an honorific or office written onto the name ("정무림동지", "김모씨")
    for suffix in ("동지", "동무", "씨"):
        if phrase[-1].endswith(suffix) and _korean_given_name(phrase[-1][: -len(suffix)], words):
            phrase = phrase[:-1] + [phrase[-1][: -len(suffix)]]
    stripped = list(phrase)
    while len(stripped) > 1 and _is_korean_title(stripped[-1], words):
        stripped = stripped[:-1]
    while len(stripped) > 1 and _KO_BODY.search(stripped[-1]) and stripped != phrase:
        stripped = stripped[:-1]
    names = [w for w in stripped if _korean_given_name(w, words) and not _KO_BODY.search(w)]
    if not names:
        return phrase  # "국방성 대변인", "검찰 관계자": a role, no name
    if names and stripped[-1] == names[-1]:
        return [names[-1]]  # "마산합포구 주민 김모"
    if names and stripped[0] == names[0] and len(stripped) <= 2:
        return stripped if len(stripped) == 2 and not _KO_BODY.search(stripped[1]) and stripped[1] not in words.titles else [names[0]]
    return stripped


_KO_ROLES = frozenset({"당국자", "관계자", "관리", "소식통", "인사", "전문가"})
_KO_BODY = re.compile(r"(?:부|성|청|처|회|군|국|당|대|단|실|소|관|원|과|사기)$")


# -- one person, the fullest name ------------------------------------------------------------
_ACRONYM = re.compile(r"^[A-ZА-ЯЁ]{2,6}$")
_HANGUL_SYLLABLE = re.compile(r"^[가-힣]$")


def fullest(speaker: str, earlier: str, named: list[str], language: str) -> str:
    """The fullest form of ``speaker`` that the text before the quote (``earlier``) gives, or
    that a speaker or subject named before (``named``, in order) has: "Kim" is the "Kim Jong
    Un" named last, "Морозов" the "Иван Морозов", "조 장관" the "조태열", "毛" (毛氏) the
    "毛寧", "JCS" the "Joint Chiefs of Staff (JCS)". A name no fuller form contains stays."""
    lang = _lang(language)
    words = speaker.split()
    if lang in ("ko", "zh", "ja"):  # "중앙재난안전대책본부(중대본)": the word before the bracket
        bracketed = re.search(rf"[(（]\s*{re.escape(speaker)}\s*[)）]", earlier[-RELAY_CONTEXT:])
        before = earlier[-RELAY_CONTEXT:][: bracketed.start()].split() if bracketed else []
        if before:
            return before[-1]
    if lang == "ko":
        surname = words[0] if _HANGUL_SYLLABLE.match(words[0]) else None
        return (_korean_full_name(surname, earlier, named) or speaker) if surname else speaker
    if lang in ("zh", "ja"):
        # a Chinese surname is one character; a Japanese one may be two ("山岡")
        if len(speaker) > (2 if lang == "ja" else 1):
            return speaker
        known = next((n for n in reversed(named[-RECENT:]) if n.startswith(speaker) and len(speaker) < len(n) <= 4), None)
        if known:
            return known
        # "金氏", "山岡裁判長": the full name before a title or particle in the text before
        titles = "|".join(re.escape(t) for t in _by_language()[lang].titles) or "(?!)"
        found = [n for n in re.findall(rf"{re.escape(speaker)}[\u4e00-\u9fff]{{1,2}}(?={titles}|は|が|氏)", earlier[-RELAY_CONTEXT:])
                 if not n.endswith(("氏", *_by_language()[lang].titles))]
        return found[-1] if found else speaker
    if _ACRONYM.match(speaker):
        expanded = re.search(rf"((?:[A-ZА-ЯЁ][\w’'-]*\s+(?:(?:of|and|for|the)\s+)?){{1,6}})\(\s*{speaker}\s*\)", earlier)
        return _without_owner(expanded.group(1).strip()) if expanded else speaker
    if len(words) != 1:
        return speaker
    candidates = list(reversed(named[-RECENT:]))
    window = earlier[-RELAY_CONTEXT:]
    if lang == "ru":
        candidates += [normal for _, _, normal, kind in reversed(russian_entities(window)) if kind == "PER"]
    else:
        candidates += [name for match in reversed(list(_pooled().name.finditer(window)))
                       if (name := _clean(match.group(0), lang))]
    for name in candidates:
        parts = name.split()
        if len(parts) > 1 and speaker in parts:
            return name
    return speaker


def described(description: str, earlier: str, named: list[str], language: str) -> str | None:
    """The body or person a definite description stands for: the last one named before whose
    name ends with its head noun ("the top court" -> the "Supreme Court"; "the ministry" ->
    the "Foreign Ministry"). None when no name fits: then it is the last speaker named."""
    head = description.split()[-1].casefold()
    lang = _lang(language)
    candidates = list(reversed(named[-RECENT:])) + [name for match in reversed(list(_pooled().name.finditer(earlier[-RELAY_CONTEXT:])))
                                          if (name := _clean(match.group(0), lang))]
    # the head ends the name ("the ministry": the Foreign Ministry), opens it ("the academy": the
    # Academy of Defence Science; "the source": the source in the government) or stands inside it
    return next((n for n in candidates if len(n.split()) > 1 and head in {w.casefold() for w in n.split()}), None)


def names_a_body(description: str, language: str) -> bool:
    """Whether an English description names a body or a thing ("the chipmaker", "the
    company") rather than a person or a document ("the minister", "the statement"), which
    stand for the last one named: WordNet's lexicographer file of the head noun's first sense."""
    if _lang(language) != "en":
        return False
    return _WORDNET.noun_kind(description.split()[-1]) not in ("noun.person", "noun.communication", "noun.act")


def _without_owner(name: str) -> str:
    """"South Korea's Joint Chiefs of Staff" is the Joint Chiefs of Staff."""
    return re.split(r"[’']s\s+", name)[-1]


def _korean_full_name(surname: str, earlier: str, named: list[str]) -> str | None:
    """The name of two or three syllables starting with ``surname`` named last, as a speaker
    or in the text before ("조태열 외교부 장관은 …" before "조 장관은")."""
    for name in reversed(named[-RECENT:]):
        first = name.split()[0]
        if first.startswith(surname) and 2 <= len(first) <= 3:
            return first
    tokens = re.findall(rf"(?<![가-힣]){surname}[가-힣]{{1,2}}(?![가-힣])", earlier[-RELAY_CONTEXT:])
    return tokens[-1] if tokens else None


def sentence_subject(text: str, language: str, thorough: bool = False) -> str | None:
    """Who a sentence without quotes is about: the subject of its first reporting verb, or
    else the name it opens with. Pronouns in the next quotes refer to that person.
    ``thorough``: for a Russian sentence that opens with no name, ask natasha's NER for the
    first person in it ("Наставник армейцев Павел Лебедев был краток") — one NER pass."""
    lang = _lang(language)
    if lang == "ko":
        found = _korean(text, 0, 0)
        if found.speaker is None and not found.anaphoric:  # "…공훈배우 한설향은 …를 찾아 …만나보았다"
            topic = _korean_topic_in(text)
            name = _korean_name(topic) if topic else []
            words = _by_language()["ko"]
            if len(name) == 1 and _korean_given_name(name[0], words) and not _KO_BODY.search(name[0]):
                return name[0]
        return found.speaker
    if lang in ("zh", "ja"):
        found = _cjk(text, 0, 0, lang) if lang == "zh" else _cjk(text, len(text), len(text), lang)
        if lang == "zh" and found.speaker is None and not found.anaphoric:
            return _chinese_opening_name(text)
        return found.speaker
    # "Об этом сообщило ЦТАК": an outlet reports; it is no one a later "he" stands for
    text = outlet_pattern().sub(lambda m: RELAY_MASK * len(m.group(0)), text)
    found = _cued(text, 0, 0, lang)
    if found.speaker or found.anaphoric:
        return found.speaker
    # "A spokesman for the Ministry of National Defence issued a statement": the body
    spokes = _pooled().spokes_for.search(text[:80])
    if spokes and re.fullmatch(r"\s*(?:(?:a|an|the|one)\s+)?", text[: spokes.start()], re.I):
        return _clean(spokes.group(1), lang)
    leading = _pooled().name.match(text.lstrip())  # "Lavrov arrived on Friday." names who "he" is next
    if leading:
        leading = _after_office(text.lstrip(), leading, lang)
    name = _clean(leading.group(0), lang) if leading else None
    if lang == "ru" and name and " " not in name and not is_person_word(name):
        name = None  # "Отдельно глава государства …": an adverb opening the sentence
    if thorough and lang == "ru" and (name is None or not all(is_person_word(w) for w in name.split())):
        persons = [normal for _, _, normal, kind in russian_entities(text) if kind == "PER"]
        return persons[0] if persons else name
    return name


def _after_office(text: str, leading: re.Match, lang: str) -> re.Match:
    """"North Korean leader Kim Jong-un attended": the name after the lower-case office that
    follows a demonym or a body, not the demonym."""
    office = re.match(r"\s+((?:[a-z][\w-]*\s+){1,3})", text[leading.end():])
    if not office:
        return leading
    titles = {t.casefold() for t in _by_language()[lang].titles}
    if not any(w.casefold() in titles for w in office.group(1).split()):
        return leading
    after = _pooled().name.match(text, leading.end() + office.end())
    return after or leading


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
