"""Who is quoted in Russian agency copy, where the speaker is often a body or an official
described by office, body and owner rather than named: "Министерство обороны КНДР назвало",
"официальный представитель МИД КНР", "— отметили в институте", "Источник в …". Persons come
from natasha's NER (its models ship inside its wheel), word forms from pymorphy3.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache

from ..language_data import language
from ..lazy import once
from .attribution_words import RECENT, Attribution, pooled_words, reading_language
from .lemmas import (is_person_word, is_russian_adjective, lemma, may_be_nominative, nominative_person, nominative_phrase,
                     russian_readings)
from .relays import is_outlet

_ner_lock = threading.Lock()

#: "Источник в российской делегации", "собеседник в отрасли": a source, someone new, described by where he is
RU_SOURCE_IN = re.compile(r"(?i:источник|собеседник)(?:а|у|ом)?\s+(?:(?:агентства|издания|ТАСС|РИА Новости)\s+)?(?:в|из|при|близкий к)\s+((?:[а-яё-]+|[А-ЯЁ][\w-]*)(?:\s+[а-яё-]+){0,3}(?:\s+[А-ЯЁ][\w-]*){0,2})")


#: "говорится в сообщении на сайте регионального управления СК РФ", "в Telegram-канале ведомства":
#: the owner of the site or channel, in the genitive, wrote it
_ON_THE_SITE = re.compile(r"\s*(?:(?:сообщении|заявлении|публикации|материале|релизе|пресс-релизе)\s+)?"
                          r"(?:на\s+(?:официальном\s+)?(?:сайте|странице|портале)|(?:в\s+)?(?:официальном\s+)?(?:[Тт]елеграм|Telegram)[\w-]*(?:\s+канале)?)"
                          r"\s+([^.,;!?\x00\x01]{2,100})")


#: "сообщении лаборатории" after "говорится в": a document and, in lower case, the body it is from
_DOCUMENT_OF = re.compile(r"\s*(?:сообщении|заявлении|публикации|материале|документе|релизе|пресс-релизе)\s+([а-яё-]+)\b")
#: "представителя министерства" after an inverted cue: an office and a body in lower case, nothing more
_OFFICE_OF = re.compile(r"\s*([а-яё-]+)\s+([а-яё-]+)\s*(?=[.,;!?\x00\x01]|$)")
#: where and when, after a subject: "на брифинге в Пекине", "в ходе визита в Москву"
_WHERE_AFTER = re.compile(r"\s+(?:на|в|во|из|при|после|перед|накануне|в ходе)\s+[^,\x00]*$")


def russian_after_cue(after: str, spokespersons) -> Attribution | None:
    """Who an inverted Russian cue names after it, when it is a body's document or officer:

    * on the body's site or channel ("— говорится в сообщении на сайте регионального
      управления СК РФ"): the body, in the nominative;
    * a document of a body in lower case ("— говорится в сообщении лаборатории"): the
      laboratory named before (an anaphoric description);
    * a spokesperson of a body in lower case ("— приводит агентство слова представителя
      министерства"): the ministry's spokesperson, the ministry named before.
    The cue itself is the caller's."""
    found = _ON_THE_SITE.match(after)
    if found:
        owner = found.group(1).strip()
        return Attribution(nominative_phrase(owner, "gent") if owner[:1].islower() else owner, None)
    document = _DOCUMENT_OF.match(after)
    if document and any(case == "gent" for pos, case in russian_readings(document.group(1)) if pos == "NOUN"):
        owner = re.split(r"[.,;!?\x00\x01—]|\s(?:в|во|на|из|у)\s", after[document.start(1):])[0].strip()
        if any(w[:1].isupper() for w in owner.split()[1:]) and not any(
                w[:1].isupper() and is_person_word(w) for w in owner.split()):
            # "— говорится в сообщении пресс-службы регионального управления МЧС": that body, named
            return Attribution(nominative_phrase(owner, "gent"), None)
        return Attribution(None, None, anaphoric=True, description=lemma(document.group(1), "ru"))
    office = _OFFICE_OF.match(after)
    if office and lemma(office.group(1), "ru") in spokespersons:
        return Attribution(None, None, anaphoric=True, description=f"{lemma(office.group(1), 'ru')} {office.group(2)}")
    return None


def named_body_after(after: str, lang: str) -> str | None:
    """A Russian body after an inverted cue, by the word for its kind in the nominative and an
    owner named with a capital ("пресс-служба МЧС", "управление ФСБ по Краснодарскому
    краю"): the whole phrase. The kind alone ("пресс-служба управления") is an anaphor."""
    if lang != "ru":
        return None
    clause = re.split(r"[\x00\x01.,;!?]", after)[0].strip(" —-")
    tokens = clause.split()
    # ... but not a person named after it ("управление МЧС Иван Петров": a first name and a surname)
    person = any(a[:1].isupper() and b[:1].isupper() and is_person_word(a) and is_person_word(b)
                 for a, b in zip(tokens[1:], tokens[2:]))
    if len(tokens) < 2 or not tokens[0].islower() or not any(t[:1].isupper() for t in tokens[1:]) or person:
        return None
    head = tokens[0]
    if lemma(head, lang) not in language(lang).attribution.body_anaphors or not any(
            case == "nomn" for pos, case in russian_readings(head) if pos == "NOUN"):
        return None
    return clause


def without_place_after_name(text: str) -> str:
    """A subject without where and when it spoke after the person's name ("Ван Сюэфэн на
    брифинге в Пекине" -> "Ван Сюэфэн"); anything else as it is ("Посол России в КНДР
    Александр Мацегора" names a person in the place)."""
    place = _WHERE_AFTER.search(text)
    if place and any(kind == "PER" and stop == place.start() for _, stop, _, kind in russian_entities(text[: place.start()])) \
            and not any(is_person_word(w) for w in place.group(0).split() if w[:1].isupper()):
        return text[: place.start()]
    return text


def russian_body(text: str, name_start: int) -> str | None:
    """The Russian body a name ending a subject belongs to, when words in the genitive stand
    between it and a noun in the nominative: "Министерство обороны КНДР", "Объединенный
    комитет начальников штабов Южной Кореи". The verb's subject is that noun's phrase."""
    words = list(re.finditer(r"[\w-]+", text[:name_start]))
    i = len(words) - 1
    while i >= 0 and words[i].group(0)[:1].islower() and any(case == "gent" for _, case in russian_readings(words[i].group(0))):
        i -= 1
    if i < 0 or ("NOUN", "nomn") not in russian_readings(words[i].group(0)):
        return None
    if i == len(words) - 1 and (i > 0 or not words[i].group(0)[:1].isupper()):
        return None  # a noun right before the name opens the subject only as its first word: "Посольство КНР в Москве"
    while i > 0 and {("ADJF", "nomn"), ("PRTF", "nomn")} & russian_readings(words[i - 1].group(0)) and not text[
            words[i - 1].end() : words[i].start()].strip():
        i -= 1  # "Объединенный комитет"
    phrase = text[words[i].start() :].strip()
    return phrase if phrase[:1].isupper() else None


@lru_cache(maxsize=1)
def _russian_office() -> re.Pattern:
    titles = "|".join(language("ru").names.titles) or "(?!)"
    # up to two adjectives, an office, the body's lower-case words, then its capitalised owner
    return re.compile(rf"(?:^|(?<=[\s,]))((?:[а-яёА-ЯЁ-]+(?:ый|ий|ой|ая|ое)\s+){{0,2}}(?i:{titles})"
                      rf"((?:\s+[а-яё-]+|\s+[А-ЯЁ][а-яё-]+(?=\s+[а-яё])){{0,3}}(?:\s+[А-ЯЁA-Z][\w-]*){{1,3}}))$")


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
    text = pooled_words().adverb_tail.sub("", text.rstrip(" ,"))
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


#: masculine past verbs of stems in г/к/з/с, which end without the -л of the rest ("отверг", "предостерёг")
_PAST_WITHOUT_L = r"(?:(?:от|опро|под)?верг|предостер[её]г|пренебр[её]г|(?:с|по)мог|достиг|(?:при|из|за)вл[её]к)\b"


_WHERE_SPOKEN = re.compile(r"\s+(?:на|в ходе|во время)\s+(?:брифинг|пресс-конференци|встреч|заседани|форум|саммит|"
                           r"переговор|совещани|церемони|выступлени)[а-яё]*(?:\s+в\s+[А-ЯЁ][\w-]+)?$")


def office_subject(text: str, language: str) -> tuple[str, str | None] | None:
    """The described official a Russian sentence opens with, before its verb ("Между тем
    официальный представитель МИД КНДР осудил …"): (description, owner), or None; a source
    ("Источник в отрасли") has no owner, for it is always someone new."""
    if reading_language(language) != "ru":
        return None
    opening = re.match(r"\s*(?:(?:Между тем|Тем временем|В свою очередь|Кроме того|Позднее|Ранее|Также),?\s+)?"
                       r"([^,.;:!?«»]{5,120}?)\s+(?=[а-яё]{3,}(?:л|ла|ло|ли)(?:ся|сь)?\b|[а-яё]+(?:ет|ит|ют|ят)(?:ся|сь)?\b|"
                       + _PAST_WITHOUT_L + r")", text)  # a past in -л of four letters at least: "дел" is no verb
    if not opening:
        return None
    subject = _WHERE_SPOKEN.sub("", opening.group(1))  # "… КНР на брифинге в Пекине": the official, not the briefing
    source = RU_SOURCE_IN.fullmatch(subject)
    if source:  # "Источник в российской делегации сообщил": someone new, described by where he is
        return source.group(0), None
    return office_description(subject, "ru")


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


def russian_named_body(head: str, earlier: str) -> str | None:
    """The last body named in ``earlier`` by a capitalised word with ``head``'s lemma, with the
    genitives and names after it, in the nominative ("В Институте прикладной геофизики
    Росгидромета …" -> "Институт прикладной геофизики Росгидромета")."""
    wanted = lemma(head, "ru")
    for match in reversed(list(re.finditer(r"[А-ЯЁ][а-яё-]+", earlier))):
        if lemma(match.group(0), "ru") != wanted:
            continue
        phrase = [lemma(match.group(0), "ru").capitalize()]
        for word in re.findall(r"[\w-]+|[^\w\s]", earlier[match.end() :])[:12]:
            if word == "по" and len(phrase) == 1:
                phrase.append(word)  # "Министерство по делам объединения": the field the body is for
            elif phrase[-1] == "по" and any(case == "datv" for _, case in russian_readings(word)):
                phrase.append(word)
            elif word == "и" and len(phrase) > 1 and phrase[-1][:1].islower():
                phrase.append(word)  # "океанических и атмосферных исследований": fields joined by "и"
            elif is_outlet(word) or is_person_word(word):
                break  # "В Институте … Росгидромета ТАСС сообщили": the outlet told, no part of the name
            elif word[:1].isupper() and word.isalpha() or any(case == "gent" for _, case in russian_readings(word)):
                phrase.append(word)
            else:
                break
        return " ".join(phrase[:-1] if phrase[-1] in ("по", "и") else phrase)
    return _described_body(wanted, earlier)


def _described_body(wanted: str, earlier: str) -> str | None:
    """The last body described in lower case by adjectives and a noun with the lemma ``wanted``
    ("В публично-правовой компании … пояснили" -> "публично-правовая компания"); a noun with no
    adjective before it describes nothing."""
    tokens = re.findall(r"[А-ЯЁа-яё-]+|[^\sА-ЯЁа-яё-]", earlier)
    for position in range(len(tokens) - 1, 0, -1):
        noun = tokens[position]
        if not noun.islower() or lemma(noun, "ru") != wanted:
            continue
        start = position
        while start > 0 and position - start < 3 and tokens[start - 1].islower() and is_russian_adjective(tokens[start - 1]):
            start -= 1
        if start == position:
            continue
        case = next((c for _, c in sorted(russian_readings(noun)) if c in ("loct", "gent", "datv", "ablt")), "nomn")
        return nominative_phrase(" ".join(tokens[start : position + 1]), case)
    return None


def russian_persons(text: str) -> list[str]:
    """The persons natasha finds in Russian text, in the nominative, those written in the
    nominative first: the subject of a verb, not the one it governs ("Защиту Соловьева
    представляет адвокат Елена Крылова": Крылова; "с министром Батбаяром Ганболдом …
    заместитель министра Игорь Воронцов": Воронцов)."""
    found = [(normal, normal == text[start:stop] and may_be_nominative(text[start:stop]))
             for start, stop, normal, kind in russian_entities(text) if kind == "PER"]
    return [normal for normal, subject in sorted(found, key=lambda person: not person[1])]


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
            normal = span.normal or span.text
            found.append((span.start, span.stop, nominative_person(normal) if span.type == "PER" else normal, span.type))
    return tuple(found)


@once
def _natasha():
    from natasha import Doc, MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    embedding = NewsEmbedding()
    return Doc, Segmenter(), NewsMorphTagger(embedding), NewsNERTagger(embedding), MorphVocab()
