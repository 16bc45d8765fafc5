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
read with English's. Korean's particle grammar (은/는/이/가) is code in :mod:`.korean_speakers`, the
subjects and topics of Chinese and Japanese in :mod:`.cjk_speakers`; the compiled word lists all three
read are :mod:`.attribution_words`.

Names are capitalised word runs (Latin and Cyrillic); Russian names come from natasha's
NER where it finds them, normalised to the nominative (Лаврова -> Лавров, Кругловой ->
Круглова) with pymorphy3. Korean speakers are the noun phrase carrying a topic or subject
particle (은/는/이/가), without the particle.

Cost: per quote, regex passes over its sentences (bounded by the sentence length), plus
one NER pass per Russian sentence that holds a quote.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..language_data import language as language_data
from ..lazy import once
from ..model import Sentence
from .attribution_words import (RELAY_CONTEXT, RELAY_MASK, Attribution, cue_distance, language_words,
                                late_penalty, pooled_words, reading_language, spokes_body)
from .change_reading import body_words_of
from .cjk_speakers import chinese_opening_name, cjk_attribution, japanese_opening_topic
from .korean_speakers import korean_attribution, korean_opening_name
from .lemmas import (is_animate_noun, is_known_word, is_person_word, is_russian_adjective, lemma, may_be_nominative,
                     nominative_phrase, russian_surname_lemma)
from .relays import authoring_outlet, closes_with_outlet, closing_outlet, is_outlet, outlet_pattern, relays_in
from .russian_speakers import (RU_SOURCE_IN, named_body_after, office_description, russian_after_cue, russian_body,
                               russian_entities, russian_persons, without_place_after_name)
from .wordnet import WordNet

# Russian typography puts the cue of an interrupted quote inside its one pair of marks
#: a name and nothing more between quotation marks: "«Кабар»", "«Известия»", "«Россия 24»"
NAME_IN_MARKS = re.compile(r"[A-ZА-ЯЁ][\w-]*(?:\s+[A-ZА-ЯЁ0-9][\w-]*){0,2}")
_INNER_CUE = re.compile(r"[,!?…]\s+—\s+([^—«»\n]{3,160}?)[.,]\s+—\s")
_OUTLET_FIRST = re.compile(r"^\s*([\w-]+(?:\s+[А-ЯЁA-Z][\w-]*)?)")
# "в дипломатических кругах": a preposition and a lower-case phrase up to the sentence's end (an
# abbreviation in brackets may stand in it: "Института космических исследований (ИКИ) РАН")
_PLACE_PHRASE = re.compile(r"^\s*(\w+)\s+((?:[\w-]+\s*|\([\w-]+\)\s*){1,10}?)(?=[.,;!?\x00\x01]|$)")
# "В ГУ МЧС России по Камчатскому краю" before "сообщили": a preposition and a body, nothing else
_PLACE_SUBJECT = re.compile(r"^\s*(\w+)\s+([^,\x00\x01]{2,80})$")
# "a police spokesman", "ein Polizeisprecher": English and German constructions, kept here.
_X_SPOKESMAN = re.compile(r"\b(?:a|an|the)\s+((?:[\w.’'-]+\s+){1,4}?)spokes(?:man|woman|person)\b|\b(?:ein|eine|der|die)\s+(\w+?)sprecher(?:in)?\b", re.U | re.I)
WINDOW = 220
QUOTE_MARKS_CJK = re.compile(r"[“”「」『』\"]")
_OWNED_BODY = re.compile(r"(?<![\w’'])[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*['’]s(?:\s+[a-z][\w-]*){1,3}$")
_OFFICIAL_OF_THE = re.compile(r"(?:^|\s)(?i:an?|one)\s+(?:senior\s+|high-ranking\s+)?(?:official|source|executive|officer)"
                             r"\s+(?:at|of|from|with|in)\s+the\s+([a-z]+)(?:['’]s)?(?:\s+[a-z][\w-]*){0,3}$")
_SOURCE_IN = re.compile(r"(?:^|\s)(?i:an?|one)\s+((?:senior\s+|diplomatic\s+|government\s+)?source\s+(?:in|at|close\s+to|familiar\s+with|within)"
                        r"\s+(?:the\s+)?(?:[\w’'-]+\s*){1,5})$")
#: "the head of the state corporation", "the chief of Japan's Defence Ministry" right before a cue
_PERSON_OF = re.compile(r"(?:^|\s)(?i:the)\s+((?:[a-z][\w-]*\s+){0,2}([a-z][\w-]*))\s+of\s+(?:the\s+)?[\w’'. -]{1,60}$")
#: "an official at Hyundai Motor Co.", "a source with the ministry" right before a cue
_OFFICIAL_AT = re.compile(r"(?:^|\s)(?i:an?|one)\s+(?:senior\s+|high-ranking\s+)?(official|source|executive|spokes(?:man|woman|person))"
                          r"\s+(?:at|of|from|with|in)\s+(?:the\s+)?"
                          # a body's name, its fields joined by "of", "and", commas ("Ministry of Economy, Trade and Industry")
                          r"([A-Z][\w’'.&-]*(?:,?\s+(?:(?:of|and|for|on|the)\s+){0,2}[A-Z][\w’'.&-]*){0,7})\s*$")
#: "the head of a visiting delegation from …" after a cue: a person described by office, not named
_DESCRIBED_PERSON = re.compile(r"\s*(?:the|a|an)\s+(([a-z]+)\s+of\s+(?:the\s+|a\s+|an\s+)?(?:[a-z-]+\s+){0,3}?[a-z-]+)\s+(?:from|of|in)\s+")
_NAME_BEFORE_APPOSITIVE = re.compile(r"([A-ZА-ЯЁ][\w’'.-]*(?:\s+[A-ZА-ЯЁ][\w’'.-]*)+),\s*(?:the\s+|a\s+)?$")
_RELATIVE_PRONOUNS = frozenset({"which", "that", "who"})
_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you"})
#: a name, then "in" or "through" before "a statement", "an article": the author of the document
_IN_A_MEDIUM = re.compile(r"((?<![\w’'])[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)\s+(?:in|through|via)\s$")
_RELATIVE_PRONOUN_SUBJECT = re.compile(r"\b(?:what|which|that)\s+(?:he|she|it|they)\s*$", re.I)
#: "what diplomats in the capital called": a noun phrase, lower case but for names, as the subject of "what"
_RELATIVE_NOUN_SUBJECT = re.compile(r"\bwhat\s+((?:[a-z][\w’'-]*|[A-Z][\w’'.-]*)(?:\s+(?:[a-z][\w’'-]*|[A-Z][\w’'.-]*)){0,6})\s*$")
_WORDNET = WordNet()


def attribute(text: str, sentences: list[Sentence], first: int, quote_start: int, quote_end: int,
              all_quotes: list[tuple[int, int]], language: str) -> Attribution:
    """Speaker and cue of the quote at [quote_start, quote_end) (offsets of the words inside
    the marks), which opens in sentence ``first``; ``all_quotes`` are masked from the cues."""
    lang = reading_language(language)
    last = first
    while last + 1 < len(sentences) and sentences[last].end < quote_end:
        last += 1
    if lang in ("zh", "ja") and _cue_sentence_after(text, sentences, last, quote_end, lang):
        last += 1  # "“…。”船长王建国说。": the splitter ended a sentence inside the marks; the cue is in the next
    # The sentences the quote spans, but never more than WINDOW characters on either side
    # of it: a sentence holding thousands of quotes is not re-read for each one.
    start = max(sentences[first].start, quote_start - 1 - WINDOW)
    end = min(sentences[last].end, quote_end + 1 + WINDOW)
    masked = _mask(text, start, end, all_quotes)
    inner = _INNER_CUE.search(text, quote_start, quote_end)
    if inner:  # «…, — отметил министр. — …»: the cue is inside the marks, shown to the search
        masked = masked[: inner.start(1) - start] + inner.group(1) + masked[inner.end(1) - start :]
    # An outlet that relays the quote is no speaker: its words are masked like a quote's. Its
    # name may stand in quotation marks ("приводит агентство «Кабар»"): those marks stay for it.
    names_in_marks = [q for q in all_quotes if NAME_IN_MARKS.fullmatch(text[q[0] : q[1]])]
    seen = _mask(text, start, end, [q for q in all_quotes if q not in names_in_marks]) if names_in_marks else masked
    if inner:
        seen = seen[: inner.start(1) - start] + inner.group(1) + seen[inner.end(1) - start :]
    relays = relays_in(seen, language, before=text[max(0, start - RELAY_CONTEXT) : start])
    for relay in relays:
        masked = masked[: relay.start] + RELAY_MASK * (relay.end - relay.start) + masked[relay.end :]
    reported_by = relays[-1].outlet if relays else None
    for source in _citing(masked, lang):  # "— приводит пресс-служба правительства слова министра": the minister's
        masked = masked[: source.start("source")] + RELAY_MASK * (source.end("source") - source.start("source")) + masked[source.end("source") :]
    # The quote's own position inside the window, as an anchor for "nearest".
    anchor_start, anchor_end = quote_start - 1 - start, quote_end + 1 - start
    if lang == "ko":
        found = korean_attribution(masked, anchor_start, anchor_end)
    elif lang in ("zh", "ja"):
        found = cjk_attribution(masked, anchor_start, anchor_end, lang)
    else:
        found = _cued(masked, anchor_start, anchor_end, lang, opening_cut=start > sentences[first].start)
        if found.speaker is None and found.cue is None and not found.anaphoric and start > sentences[first].start:
            # "The JCS on Wednesday rejected … [200 characters] …, calling the images “…”": the
            # subject stood before the window; the sentence's opening names it
            # (its opening only: a sentence of thousands of characters is not re-read for each quote)
            opening = sentence_subject(text[sentences[first].start : min(quote_start - 1, sentences[first].start + WINDOW)],
                                       language)
            if opening:
                found = Attribution(opening, None)
    if reported_by is None and (found.speaker or found.anaphoric) and found.cue:
        # "He denounced … as a “…,” the agency said": a clause before the quote named its speaker;
        # the outlet closing the sentence passes it on
        closing = closing_outlet(masked[anchor_end:], text[max(0, start - RELAY_CONTEXT) : start] + masked[:anchor_start], language)
        if closing and not (found.speaker and is_outlet(found.speaker)):
            reported_by = closing
    if found.speaker is None and found.cue is None and not re.search(r"\w", masked.replace("\x00", "")):
        # the quote is the whole sentence (or the rest is its relay: "…,” KCNA quoted Kim as saying):
        # its speaker is the one named before; its relay stays
        return Attribution(None, None, anaphoric=True, reported_by=reported_by)
    return replace(found, reported_by=reported_by)


def _citing(masked: str, lang: str) -> list[re.Match]:
    return [m for pattern in _citing_patterns().get(lang, ()) for m in pattern.finditer(masked)]


@once
def _citing_patterns() -> dict[str, tuple[re.Pattern, ...]]:
    return {code: tuple(re.compile(p, re.I) for p in language_data(code).attribution.citing)
            for code in language_words() if language_data(code).attribution.citing}


def _cue_sentence_after(text: str, sentences: list[Sentence], last: int, quote_end: int, lang: str) -> bool:
    """Whether a Chinese or Japanese quote ends its sentence and the next sentence, right after the
    closing mark, opens with a short clause of saying ("船长王建国说。", "他说，“…”")."""
    if last + 1 >= len(sentences) or text[sentences[last].start : sentences[last].end].rstrip()[-1:] != text[quote_end : quote_end + 1]:
        return False
    following = sentences[last + 1]
    clause = QUOTE_MARKS_CJK.split(text[following.start : following.end], 1)[0]  # up to a next quote ("…说，“…”")
    return following.start <= quote_end + 1 and len(clause) <= 40 and language_words()[lang].cues.search(clause) is not None


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


def _cued(masked: str, q_start: int, q_end: int, lang: str, opening_cut: bool = False) -> Attribution:
    """Speaker and cue from the text around a quote (``masked``: quotes and relays masked);
    ``opening_cut``: the text starts inside its sentence, whose subject may stand before it."""
    words, shared = language_words()[lang], pooled_words()
    cues = [m for m in words.cues.finditer(masked) if not _in_a_name(masked, m) and not _passive(masked, m, lang)]
    # "Noting that …, the statement said:": a participle opening the sentence reports nothing itself
    opening = [m for m in cues if m.group(0).lower() in words.data.participles and not masked[: m.start()].strip(" \x00\x01")]
    cues = [m for m in cues if m not in opening] or cues
    if not cues:
        return Attribution(None, None)
    cue = min(cues, key=lambda m: cue_distance(m.start(), m.end(), q_start, q_end) + late_penalty(masked, m, q_end))
    if cue.start() >= q_end:
        # "Han described the meeting as “…,” the ministry said": a partial quote inside a clause
        # is the words of that clause's subject; the clause after it says where the report is from
        # (an outlet's "said" after it: the clause may be longer, past a scare quote: "He denounced the
        # so-called “…” offered by … as a “…,” the agency said")
        by_outlet = closes_with_outlet(masked[q_end:], lang)
        inside = [m for m in cues if m.end() <= q_start and (by_outlet or "\x00" not in masked[m.end() : q_start])
                  and len(masked[m.end() : q_start].split()) <= (20 if by_outlet else 8) and masked[: m.start()].strip(" \x01")
                  and m.group(0).lower() not in words.data.participles]
        if inside:
            cue = inside[-1]
    word = cue.group(0).lower()
    quoted_as = _QUOTED_AS.search(masked[: cue.start()]) if lang == "en" else None
    if quoted_as:  # "KCNA quoted leader Kim Jong Un as saying …": the one quoted
        someone = re.fullmatch(r"(?i:an?|one)\s+((?:[\w’'.-]+\s+){0,7}[\w’'.-]+)", quoted_as.group(1).strip())
        if someone:  # "quoted a senior official of the Foreign Ministry as saying": someone new, described
            return Attribution(someone.group(1), word)
        runs = [name for m in pooled_words().name.finditer(quoted_as.group(1)) if (name := clean_name(m.group(0), lang))]
        if runs:
            return Attribution(runs[-1], word)
    if word in words.data.participles:  # "Eto told reporters, adding that …": Eto's verb reports
        governing = [m for m in cues if m.end() <= cue.start() and m.group(0).lower() not in words.data.participles
                     and "\x00" not in masked[m.end() : cue.start()]]
        if governing:
            cue, word = governing[-1], governing[-1].group(0).lower()
        else:  # "The office welcomed the ruling, saying …": the sentence's subject
            # the clause since the last quote, else the sentence's opening ("a spokesman rejected
            # what he called the “…” theory, saying …": a partial quote inside the clause)
            openings = [masked[: cue.start()].split("\x00")[-1]] + ([] if opening_cut else [masked.split("\x00")[0]])
            subject = next((found for clause in openings if (found := _opening_subject(clause, lang))), None)
            if subject is None and not opening_cut:
                # "A senior government official said the results were “…,” adding …": the subject
                # of the verb of saying before the quote, whom the participle goes on with
                first = masked.split("\x00")[0]
                said = [m for m in cues if m.end() <= len(first) and m.group(0).lower() not in words.data.participles]
                subject = _subject_before(first[: said[0].start()], lang) if said else None
                subject = subject if subject is not None and subject.speaker else None
            if subject:
                return replace(subject, cue=word)
            if opening_cut and "\x00" not in masked[: cue.start()]:
                return Attribution(None, None)  # the subject stands before the window: the sentence's reading decides
    if word.startswith(words.anaphoric_cue_prefixes):
        return Attribution(None, word, anaphoric=True)  # « ... », a-t-elle assuré
    # 1. "a spokesman for X", "a police spokesman", "ein Polizeisprecher" near the cue.
    around = masked[max(0, cue.start() - 60) : cue.end() + 60]
    spokes = shared.spokes_for.search(around)
    if spokes:
        # "Maria Zakharova, spokeswoman for the Russian Foreign Ministry, said": the person
        at = max(0, cue.start() - 60) + spokes.start()  # where the match starts in ``masked``
        named = _NAME_BEFORE_APPOSITIVE.search(masked[max(0, at - 80) : at])
        person = clean_name(named.group(1), lang) if named else None
        return Attribution(person or clean_name(spokes_body(spokes), lang), word, role=role_of(spokes.group(0).split()[0]))
    x_spokes = _X_SPOKESMAN.search(around)
    if x_spokes and x_spokes.group(0)[:3].lower() == "the" and (x_spokes.group(1) or "x")[:1].islower():
        x_spokes = None  # "the top government spokesman": someone named before, not a body called "top government"
    if x_spokes:
        source = re.sub(r"['’]s$", "", (x_spokes.group(1) or x_spokes.group(2)).strip())
        source = source[:1].upper() + source[1:]
        if x_spokes.group(0)[:4].lower() == "the " and x_spokes.group(1):
            # "the Kremlin spokesman stressed": the one introduced so before, else the body's spokesman
            office = x_spokes.group(0).split(None, 1)[1]
            return Attribution(None, word, anaphoric=True, description=office, label=source)
        return Attribution(source, word, role="spokes")
    before = masked[max(0, cue.start() - WINDOW) : cue.start()].split("\x00")[-1]
    ending = before.strip().lower().rsplit(None, 1)[-1:] or [""]
    if (ending[0] in shared.conjunction_words and not shared.name.search(before)
            and "\x00" in masked[max(0, cue.start() - WINDOW) : cue.start()]):
        # "Wi called the launch “…” and urged Pyongyang to “…”", "slammed the “hostile” drills
        # and warned of …": the subject of both verbs, who spoke the quote before
        return Attribution(None, word, anaphoric=True)
    if ending[0] in shared.conjunction_words and lang == "en":
        # "He pointed out that … near the Korean peninsula, and described them as “…”": the
        # subject of the verb of saying this one is joined to
        prior = [m for m in cues if m.end() <= cue.start()]
        joined = _subject_before(masked[: prior[0].start()].split("\x00")[-1], lang) if prior else None
        if joined is not None:
            return joined if joined.cue else replace(joined, cue=word)
    if lang == "en" and _RELATIVE_PRONOUN_SUBJECT.search(before):
        # "Duarte said her troupe took part in what she called “…”", "Rodong Sinmun noted …, which
        # it described as “…”": the pronoun is the subject of the sentence's first verb of saying,
        # or of its first verb ("a spokesman rejected what he called …")
        prior = [m for m in cues if m.end() <= cue.start()]
        governing = (_subject_before(masked[: prior[0].start()].split("\x00")[-1], lang) if prior
                     else None if opening_cut else _opening_subject(masked.split("\x00")[0], lang))
        if governing is not None and governing.speaker:
            return replace(governing, cue=word)
    relative_noun = _RELATIVE_NOUN_SUBJECT.search(before) if lang == "en" else None
    if relative_noun and relative_noun.group(1).split()[0].lower() not in _RELATIVE_PRONOUNS | _PRONOUNS:
        # "opening what diplomats in the Indonesian capital called “…”": those the clause names
        phrase = re.sub(r"^(?:the|some|several|many)\s+", "", relative_noun.group(1).strip(), flags=re.I)
        return Attribution(phrase, word)
    if lang == "ru" and before.rstrip().endswith(",") and words.inverted and words.inverted.fullmatch(word):
        # "Спасатели эвакуировали 40 человек, сообщает пресс-служба МЧС": the clause before the
        # comma is what was reported; a named body after the cue reports it
        body = named_body_after(masked[cue.end() : cue.end() + 160].replace(RELAY_MASK, " "), lang)
        if body:
            return Attribution(body, word)
    placed = _placed_after_comma(before, word, lang)
    if placed:  # "Пациентов, которые …, в Росздравнадзоре призвали": the body where it was said
        return placed
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
        source = RU_SOURCE_IN.match(after.strip()) if lang == "ru" else None
        if source:  # "— сообщил ТАСС источник в дипломатических кругах в Токио": someone new, described
            head, rest = source.group(0).split(None, 1)  # "по словам собеседника агентства в …": собеседник
            return Attribution(f"{lemma(head, lang) if head.islower() else head} {rest}", word)
        place = _PLACE_PHRASE.match(after)  # "заявили в Кремле", "сообщили ТАСС в пресс-службе суда"
        if place and place.group(1).lower() in shared.case_after and word.endswith("и"):
            return _placed_body(_body(place.group(2), shared.case_after[place.group(1).lower()], lang), word, lang)
        office_phrase = office_description(re.split(r"[.,;!?\x00\x01]", after)[0].strip(), lang, whole=True)
        if office_phrase:  # "— заявил представитель китайской судоходной компании Polar Line Logistics"
            return Attribution(None, word, anaphoric=True, description=office_phrase[0], owner=office_phrase[1])
        after_cue = russian_after_cue(after, words.data.spokesperson) if lang == "ru" else None
        body = named_body_after(after, lang) if after_cue is None else None
        if body:  # "— сообщает пресс-служба управления ФСБ по Краснодарскому краю": that body
            return Attribution(body, word)
        if after_cue:  # "— говорится в сообщении лаборатории", "… слова представителя министерства"
            return replace(after_cue, cue=word)
        if _anaphor_after(after, lang):
            # "по словам министра", "said the minister", "говорится в сообщении ведомства"
            return Attribution(None, word, anaphoric=True)
        if lang == "ru":  # "— сказала … сотрудник Института Китая … Ирина Лебедева": the person, by NER
            clause = re.split(r"[.,;!?\x00\x01]", after)[0]
            # "заявил по итогам переговоров с министром … Батбаяром Ганболдом заместитель министра
            # … Игорь Воронцов": the subject is the person in the nominative, not the one met with
            persons = russian_persons(clause) if clause.strip() else []
            if persons:  # natasha's persons are in the nominative already ("Марины Ковалевой": Марина Ковалева)
                return Attribution(persons[0], word)
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


#: what may open a sentence before its subject: "On Monday, ", "Separately, "
_LEADING_ADVERBIAL = re.compile(r"^\s*(?:(?:on|in|at|late|early|earlier|later|separately|meanwhile|also|speaking|addressing)\b[^,\x00]{0,30},\s*)?", re.I)


#: "Один из задержанных (на допросе)" opening the clause before its verb
_RU_ONE_OF = re.compile(r"^\s*(Один|Одна|Одно)\s+из\s+([а-яё-]+)(?:\s+(?:на|в|во|по)\s+[а-яё-]+)?\s*$")
#: "quoted leader Kim Jong Un as" right before "saying" (the outlet and its verb may be masked as a relay)
_QUOTED_AS = re.compile(r"(?:quoted|cited|\x01)\s+([^\x00\x01]{1,60}?)\s+as\s+$")


def _opening_subject(clause: str, lang: str) -> Attribution | None:
    """The subject a clause opens with: "A spokesman for the Ministry … issued a statement"
    (the ministry), or a name ("Lee welcomed …", "A Seoul court ruled …")."""
    clause = clause[_LEADING_ADVERBIAL.match(clause).end() :]
    spokes = pooled_words().spokes_for.search(clause[:80])
    if spokes and re.fullmatch(r"\s*(?:(?:a|an|the|one)\s+)?", clause[: spokes.start()], re.I):
        return Attribution(clean_name(spokes_body(spokes), lang), None, role=role_of(spokes.group(0).split()[0]))
    opening = pooled_words().name.match(clause)
    name = _body_after(clean_name(opening.group(0), lang), clause[opening.end():], lang) if opening else None
    return Attribution(name, None) if name else None


def _placed_after_comma(before: str, cue: str, lang: str) -> Attribution | None:
    """A Russian body where something was said, opening the last clause before a plural cue
    ("…, в Росздравнадзоре призвали"; the clause before the comma is what they said it about).
    Only a name or a body word: "…, в понедельник сообщили" names no one."""
    if lang != "ru" or not cue.endswith("и") or "," not in before:
        return None
    place = _PLACE_SUBJECT.match(before.rsplit(",", 1)[1])
    case = pooled_words().case_after.get(place.group(1).lower()) if place else None
    if not case or len(place.group(2).split()) > 6 or language_words()[lang].cues.search(place.group(2)):
        return None
    head = place.group(2).split()[0]
    if not (head[:1].isupper() or lemma(head.lower(), lang) in language_data(lang).attribution.body_anaphors):
        return None
    return _placed_body(_body(place.group(2), case, lang), cue, lang)


def _placed_body(body: str, cue: str | None, lang: str) -> Attribution:
    """The body where something was said ("заявили в Кремле"); a body named by its kind ("в
    ведомстве", "в госкорпорации") is the body spoken of last (see :mod:`.speaker_memory`)."""
    if is_body_by_kind(body, lang):
        return Attribution(None, cue, anaphoric=True, description=body, label=body)
    return Attribution(body, cue)


def is_body_by_kind(description: str, lang: str) -> bool:
    """Whether ``description`` names a body by its kind alone ("ведомство", "госкорпорация")."""
    return (" " not in description and description == description.lower()
            and lemma(description, lang) in language_data(lang).attribution.body_anaphors)


def _body(phrase: str, case: str, lang: str) -> str:
    """A body read in ``case`` in the nominative: a name's head word ("Кремле" -> Кремль,
    "ГУ МЧС России …" stays), or every word of a description ("дипломатических кругах")."""
    phrase = phrase.strip()
    if phrase[:1].isupper():
        return clean_name(phrase, lang, case) or phrase
    return nominative_phrase(phrase, case)


def _anaphor_after(after: str, lang: str) -> bool:
    """Whether an inverted cue is followed by an anaphor and no name: "по словам министра",
    "said the minister", "говорится в сообщении ведомства" (a document's word is passed over),
    but not "по словам министра Лаврова"."""
    shared = pooled_words()
    tokens = re.findall(r"[\w-]+", re.split(r"[\x00\x01.,;!?]", after)[0])[:14]
    for position, token in enumerate(tokens):
        if _is_anaphor(token, lang):
            following = tokens[position + 1 : position + 5]
            # "по словам министра Лаврова", "представитель МИД КНР Мао Нин" name someone;
            # "добавил представитель Кремля" does not
            if lang == "ru":
                if token.lower() in shared.before_words and following and following[0][:1].isupper():
                    return False  # "в сообщении Роспотребнадзора": a document of the body it names
                # "заместитель директора Института космических исследований РАН Олег Коротков": a
                # name may follow a long office
                return not any(w[:1].isupper() and is_person_word(w) for w in tokens[position + 1 :])
            return not (following and following[0][:1].isupper())
        if token.lower() in shared.before_words or token.lower() == "the":
            continue  # "говорится в заявлении …", "said the …", "отметила ее тренер …"
        if not (lang == "ru" and is_russian_adjective(token)) or position >= 2:
            return False  # a name or another word; "подчеркнула официальный представитель МИД" goes on
    return False


def _body_after(name: str | None, rest: str, lang: str) -> str | None:
    """A name that a body word in lower case follows is that body's: "A Seoul court sentenced …"
    is the court, not the city ("Tokyo police")."""
    body = re.match(r"\s+([a-z]+)\b", rest)
    if name and body and body.group(1) in body_words_of(lang):
        return f"{name} {body.group(1)}"
    return name


def role_of(noun: str) -> str:
    """The key of a person noun by which speakers are introduced and later referred to:
    spokesman, spokeswoman and spokesperson are one role."""
    noun = noun.casefold()
    return "spokes" if noun.startswith("spokes") else noun


def _base(word: str, lang: str) -> str:
    return lemma(word, lang) if language_words()[lang].lemmas else word.lower()


def _is_anaphor(word: str, lang: str) -> bool:
    """An anaphor of the language's data ("он", "министр"), or, in Russian, any person
    described by what they are rather than named: an animate common noun ("учёный")."""
    if _base(word, lang) in language_words()[lang].anaphors:
        return True
    # a capitalised word pymorphy3 only guesses at ("Ганболд") is a foreign name, not "Учёный"
    return lang == "ru" and is_animate_noun(word) and (word.islower() or is_known_word(word))


def _subject_before(before: str, lang: str) -> Attribution | None:
    """A subject right before a cue: a name, an anaphor or a generic source, optionally with an
    appositive between commas ("Dr. Helen Marsh, the company's chief medical officer, told")
    and an adverb ("also", "later", "separately")."""
    words, shared = language_words()[lang], pooled_words()
    text = before.rstrip()
    text = shared.adverb_tail.sub("", text)
    one_of = _RU_ONE_OF.match(text) if lang == "ru" else None
    if one_of:  # "Один из задержанных на допросе заявил": one of a group, described
        return Attribution(f"{one_of.group(1).lower()} из {one_of.group(2)}", None)
    # a name the subject opens with, an appositive after it: "Rodong Sinmun, organ of the C.C., WPK, on Thursday described"
    opening = text.split(",", 1)[0].strip()
    if "," in text and shared.name.fullmatch(opening) and len(text.split(",")) > 2:
        name = clean_name(opening, lang)
        if name:
            return Attribution(name, None)
    # "Hamburg's mayor, Jan Petersen, called"; "The North's main newspaper, the Rodong Sinmun, slammed"
    appositive_name = re.search(r",\s*(?:the\s+)?([^,\x00]{1,60}?)\s*,?$", text)
    if appositive_name and shared.name.fullmatch(appositive_name.group(1).strip()):
        name = clean_name(appositive_name.group(1), lang)
        if name:
            return Attribution(name, None)
    text = re.sub(r",[^,\x00]{1,160},$", "", text)  # an appositive between commas
    text = text.rstrip(" ,")
    text = re.sub(r"\s*[(（][A-ZА-ЯЁ]{2,8}[)）]$", "", text)  # "the Joint Chiefs of Staff (JCS)"
    if lang == "ru":  # "Ван Сюэфэн на брифинге в Пекине заявил": where he spoke is no subject
        text = without_place_after_name(text)
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
    if of_the:  # "an official of the agency's forecast division": the agency named before, or someone new
        role = re.search(r"official|source|executive|officer", of_the.group(0)).group(0)
        body = re.sub(r"['’]s\b", "", of_the.group(0).split(" the ", 1)[-1]).strip()
        return Attribution(None, None, anaphoric=True, description=of_the.group(1), label=f"{body} {role}")
    office_of = _PERSON_OF.search(text) if lang == "en" else None
    if office_of and "noun.person" in _WORDNET.noun_kinds(office_of.group(2)):
        # "the head of the state corporation said": a person described by office, named before,
        # or else someone new described so ("the head of the company's labor union")
        in_full = re.sub(r"^(?i:the)\s+", "", office_of.group(0).strip())
        return Attribution(None, None, anaphoric=True, description=office_of.group(1), in_full=in_full)
    described = words.indefinite.search(text) if words.indefinite else None
    if described and described.group(2).lower() in _PRONOUNS:
        # "praised them for a labour feat he described as “…”": a clause on the noun, its subject the pronoun
        return Attribution(None, None, anaphoric=True)
    if described and not words.cues.search(text[: described.start() + 1].rstrip()[-30:] + "\n"):
        if described.group(2).lower() in _RELATIVE_PRONOUNS:
            # "Rodong Sinmun on Friday carried a commentary which branded …": whoever carried it
            carrier = next((name for m in shared.name.finditer(text[: described.start()]) if (name := clean_name(m.group(0), lang))), None)
            return Attribution(carrier or described.group(1).rsplit(None, 1)[0], None)
        medium = _IN_A_MEDIUM.search(text[: described.start() + 1])
        author = clean_name(medium.group(1), lang) if medium else None
        if author:  # "Rodong Sinmun in an article on the day noted": the paper, not the article
            return Attribution(author, None)
        return Attribution(described.group(1), None)  # "a ministry official said": someone new
    owned = _OWNED_BODY.search(text) if lang == "en" else None
    if owned:  # "China's foreign ministry, asked about the case, said": that body, no anaphor
        return Attribution(owned.group(0), None)
    definite = words.determiner_tail.search(text) if words.determiner_tail else None
    closing = [m for m in shared.name.finditer(text) if m.end() == len(text)]
    # "the Emergencies Ministry said": a name that ends in an anaphor's word is a name
    named = bool(closing) and len(closing[0].group(0).split()) > 1 and lang != "ru"
    place = _PLACE_SUBJECT.match(text)
    if place and place.group(1).lower() in shared.case_after and not words.cues.search(place.group(2)):
        placed = _placed_body(_body(place.group(2), shared.case_after[place.group(1).lower()], lang), None, lang)
        if placed.label:  # "В ведомстве заявили": the body spoken of last, not whoever spoke last
            return placed
    if (_is_anaphor(last.group(1).strip("."), lang) and not named) or definite:  # "he", "the dictator", "the spokesman", "в заявлении"
        description = definite.group(0).split(None, 1)[1] if definite else None
        return Attribution(None, None, anaphoric=True, description=description)
    source = RU_SOURCE_IN.fullmatch(text.strip()) if lang == "ru" else None
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
        return _placed_body(_body(place.group(2), shared.case_after[place.group(1).lower()], lang), None, lang)
    runs = list(shared.name.finditer(text))
    if lang == "ru" and runs and runs[-1].end() == len(text):
        body = russian_body(text, runs[-1].start())
        if body and not any(is_person_word(w) for w in runs[-1].group(0).split()):
            return Attribution(body, None)  # "Министерство обороны КНДР назвало": the ministry, not the DPRK
    if runs and runs[-1].end() == len(text):
        name = clean_name(runs[-1].group(0), lang)
        if (len(runs) > 1 and re.fullmatch(r"\s+of\s+(?:the\s+)?", text[runs[-2].end() : runs[-1].start()])
                and runs[-2].group(0).split()[-1].casefold() in body_words_of(lang)):
            # "The General Staff of the Korean People's Army described": the staff, not the army;
            # an owner before the army's name is no part of it ("of the North's Korean People's Army")
            whole = re.sub(r"\bof\s+the\s+[A-Z][\w-]*['’]s\s+(?=[A-Z])", "of the ", text[runs[-2].start() :])
            name = clean_name(whole, lang) or name
        if name and is_outlet(name) and len(runs) > 1 and len(text[runs[-2].end() : runs[-1].start()].split()) <= 4:
            # "Сергей Егоров в беседе с РИА Новости": the outlet was spoken to
            name = clean_name(runs[-2].group(0), lang) or name
        if name:
            return Attribution(name, None)
    return None


def _first_name(text: str, lang: str, leading: bool, case: str = "nomn") -> str | None:
    shared = pooled_words()
    segment = text.split("\x00")[0]
    for match in shared.name.finditer(segment):
        if leading and segment[: match.start()].strip(" ,—–-:") and not shared.before_name.fullmatch(
            segment[: match.start()]
        ):
            return None
        described = _DESCRIBED_PERSON.match(segment[: match.start()]) if leading and lang == "en" else None
        if described and "noun.person" in _WORDNET.noun_kinds(described.group(2)):
            # "said the head of a visiting delegation from an Asian country": someone described, not "Asian"
            return described.group(1)
        joined = re.match(r"\s+and\s+[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*", segment[match.end() :]) if leading else None
        if joined and any(w in language_words()[lang].titles for w in joined.group(0).split()):
            # "said Works and Transport Minister Halima Msuya": one office of two fields, then the name
            name = clean_name(match.group(0) + joined.group(0), lang)
            if name:
                return name
        preposition = segment[: match.start()].split()[-1:] or [""]
        word = preposition[0].lower()
        if lang == "ru" and word in shared.before_words and word.endswith(("ии", "е")) and len(word) > 4:
            case = "gent"  # "в сообщении Роспотребнадзора": the document's author, in the genitive
        name = clean_name(match.group(0), lang, shared.case_after.get(word, case))
        if name:
            return name
    generic = shared.generic.search(segment)
    return generic.group(1).capitalize() if generic else None


def _last_subject(text: str, lang: str) -> tuple[str | None, bool]:
    """The last name (or an anaphor) in the text before a cue."""
    anaphors, shared = language_words()[lang].anaphors, pooled_words()
    words = list(re.finditer(r"[\w’'.-]+", text, re.U))
    last_name = None
    for match in shared.name.finditer(text):
        name = clean_name(match.group(0), lang)
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


def clean_name(name: str, lang: str, case: str = "nomn") -> str | None:
    shared = pooled_words()
    words = name.replace("\x00", " ").split()
    while words and words[0].lower().strip(".,") in shared.not_names:
        case = shared.case_after.get(words[0].lower(), case)
        words.pop(0)
    # "Lavrov's": the possessive of the last word only ("China's Ministry of Commerce" keeps its own)
    words = [w.strip(",;:") for w in words[:-1]] + [re.sub(r"['’]s$", "", w).strip(",;:") for w in words[-1:]]
    if words and (len(words[-1]) > 4 or (len(words) > 1 and words[-1].count(".") == 1 and words[-1][-2:-1].islower())):
        words[-1] = words[-1].rstrip(".")  # a full stop ("Kim Jong Un."), not an abbreviation's ("Dr.", "U.S.")
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
    titles = language_words()[lang].titles
    body_words = body_words_of(lang)
    # "Missile General Bureau" is a body's name: its "General" is no office before a person
    office = -1 if words and words[-1].casefold() in body_words else max(
        (i for i, w in enumerate(words[:-1]) if w in titles or w.split("-")[-1] in titles), default=-1)
    words = words[office + 1 :]  # "Foreign Minister Wang Yi" is Wang Yi
    if len(words) > 1 and words[0].lower() in language_words()[lang].anaphors and words[1][:1].isupper():
        words = words[1:]  # "Глава Роспотребнадзора Анна Попова": an office before the name ("Ministry of …" is a name)
    if not words or words[0].lower() in shared.not_names or (
            words[0].lower() in language_words()[lang].anaphors and (len(words) == 1 or words[1][:1].isupper())):
        return None
    joined = " ".join(words)
    if (case == "nomn" and len(words) == 1 and re.fullmatch(r"[А-ЯЁ][а-яё]+", joined) and is_known_word(joined)
            and not is_person_word(joined) and not may_be_nominative(joined)):
        return None  # "Жителей … призвали": a common noun in an oblique case opening the sentence, its object
    if re.search(r"[А-ЯЁа-яё]", joined):
        if len(words) > 1 and not all(is_person_word(w) for w in words):
            # A capitalised run that mixes a name with other words ("КНДР Ким Чен Ын"):
            # natasha's NER tells the person apart. Rare, so its cost is rarely paid.
            persons = [normal for _, _, normal, kind in russian_entities(joined) if kind == "PER"]
            if persons:
                return persons[-1]
        joined = russian_surname_lemma(joined, case)
    return joined


def sentence_subject(text: str, language: str, thorough: bool = False) -> str | None:
    """Who a sentence without quotes is about: the subject of its first reporting verb, or
    else the name it opens with. Pronouns in the next quotes refer to that person.
    ``thorough``: for a Russian sentence that opens with no name, ask natasha's NER for the
    first person in it ("Наставник армейцев Павел Лебедев был краток") — one NER pass."""
    lang = reading_language(language)
    if lang == "ko":
        found = korean_attribution(text, 0, 0)
        if found.speaker is None and not found.anaphoric:  # "…공훈배우 한설향은 …를 찾아 …만나보았다"
            return korean_opening_name(text)
        return found.speaker
    if lang in ("zh", "ja"):
        found = cjk_attribution(text, 0, 0, lang) if lang == "zh" else cjk_attribution(text, len(text), len(text), lang)
        if lang == "zh" and found.speaker is None and not found.anaphoric:
            return chinese_opening_name(text)
        if lang == "ja" and found.cue is None:  # "JR九州は17日、運転を見合わせた。": the topic, for a later "同社"
            return japanese_opening_topic(text)
        return found.speaker
    author = authoring_outlet(text, lang)
    if author:  # "Rodong Sinmun carried an article …": a later "it said" is the paper's
        return author
    # "Об этом сообщило ЦТАК": an outlet reports; it is no one a later "he" stands for
    text = outlet_pattern().sub(lambda m: RELAY_MASK * len(m.group(0)), text)
    # "A spokesman for the Ministry of National Defence issued a statement": the body, however far its verb
    opening = text[_LEADING_ADVERBIAL.match(text).end() :] if lang == "en" else text  # "Meanwhile, a spokesman …"
    spokes = pooled_words().spokes_for.search(opening[:80])
    if spokes and re.fullmatch(r"\s*(?:(?:a|an|the|one)\s+)?", opening[: spokes.start()], re.I):
        return clean_name(spokes_body(spokes), lang)
    found = _cued(text, 0, 0, lang)
    if found.speaker or found.anaphoric:
        return found.speaker
    leading = pooled_words().name.match(text.lstrip())  # "Lavrov arrived on Friday." names who "he" is next
    if leading:
        leading = _after_office(text.lstrip(), leading, lang)
    if leading and lang == "en" and " " not in leading.group(0) and \
            _WORDNET.dominant_part_of_speech(leading.group(0).casefold()) in ("a", "v", "r"):
        leading = None  # "Present at the ceremony were …": an adjective or a verb opening the sentence
    name = _body_after(clean_name(leading.group(0), lang), text.lstrip()[leading.end():], lang) if leading else None
    if lang == "ru" and name and " " not in name and not is_person_word(name):
        name = None  # "Отдельно глава государства …": an adverb opening the sentence
    # "Защиту Соловьева представляет адвокат Елена Крылова": a sentence opening on a common
    # noun has its subject elsewhere
    opens_on_a_noun = leading is not None and not is_person_word(leading.group(0).split()[0])
    if thorough and lang == "ru" and (name is None or opens_on_a_noun or not all(is_person_word(w) for w in name.split())):
        persons = russian_persons(text)
        return persons[0] if persons else name
    return name


def subject_description(text: str, language: str) -> Attribution | None:
    """The description a sentence without quotes gives as the subject of its verb of saying
    ("…, the spokesman went on:" -> "spokesman"; "An official with the county's bureau told
    Xinhua …" -> "county", labelled "county bureau official"); None for a name, a pronoun or no cue."""
    lang = reading_language(language)
    if lang in ("ko", "zh", "ja"):
        return None
    found = _cued(outlet_pattern().sub(lambda m: RELAY_MASK * len(m.group(0)), text), 0, 0, lang)
    return found if found.anaphoric and found.speaker is None and found.description else None


def _after_office(text: str, leading: re.Match, lang: str) -> re.Match:
    """"North Korean leader Kim Jong-un attended": the name after the lower-case office that
    follows a demonym or a body, not the demonym."""
    office = re.match(r"\s+((?:[a-z][\w-]*\s+){1,3})", text[leading.end():])
    if not office:
        return leading
    titles = {t.casefold() for t in language_words()[lang].titles}
    if not any(w.casefold() in titles for w in office.group(1).split()):
        return leading
    after = pooled_words().name.match(text, leading.end() + office.end())
    return after or leading
