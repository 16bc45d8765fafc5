"""What a later mention of a speaker stands for: the fullest name the text gives a short one
("Kim" is the "Kim Jong Un" named before, "조 장관" the "조태열", "JCS" the "Joint Chiefs of
Staff (JCS)"), and the body or outlet a description names ("the ministry", "the paper", "в
институте"). :mod:`.speaker_memory` asks these as it reads a version quote by quote; the quote's
own attribution comes from :mod:`.speakers`.
"""
from __future__ import annotations

import re

from .. import language_data
from .attribution_words import RECENT, RELAY_CONTEXT, language_words, pooled_words, reading_language
from .change_reading import demonyms, gazetteer
from .korean_speakers import HANGUL_SYLLABLE, KO_BODY, korean_full_name
from .lemmas import genitive_phrase
from .relays import is_outlet, outlet_pattern
from .russian_speakers import russian_entities, russian_named_body
from .speakers import clean_name
from .wordnet import WordNet

_WORDNET = WordNet()

_ACRONYM = re.compile(r"^[A-ZА-ЯЁ]{2,6}$")


#: a body owned by a place in the possessive: "Pyongyang's foreign ministry", "the North's defense ministry"
_PLACE_OWNS = re.compile(r"^(?:[Tt]he\s+)?([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*)['’]s\s+(?=[a-z])")


def owned_by_country(speaker: str, earlier: str, language: str) -> str:
    """An English body owned by a country, its capital or a short form of its name, with the
    country's demonym ("Pyongyang's foreign ministry", "North Korea's foreign ministry" and, once
    North Korea was named, "the North's foreign ministry": "North Korean foreign ministry"): one
    body, one name. Places are the gazetteer's, demonyms countryinfo's."""
    owned = _PLACE_OWNS.match(speaker) if reading_language(language) == "en" else None
    if not owned:
        return speaker
    place, names = owned.group(1), gazetteer()
    key = names.get(place) if place.isupper() else names.get(place.casefold())
    if key is None and " " not in place:  # "the North": the place named before whose name opens so
        opening = re.compile(rf"\b{re.escape(place)}\s+[A-Z][\w.-]*")
        key = next((names.get(m.group(0).casefold()) for m in reversed(list(opening.finditer(earlier)))
                    if names.get(m.group(0).casefold())), None)
    demonym = demonyms().get(key or "")
    return f"{demonym} {speaker[owned.end():]}" if demonym else speaker


def fullest(speaker: str, earlier: str, named: list[str], language: str) -> str:
    """The fullest form of ``speaker`` that the text before the quote (``earlier``) gives, or
    that a speaker or subject named before (``named``, in order) has: "Kim" is the "Kim Jong
    Un" named last, "Морозов" the "Иван Морозов", "조 장관" the "조태열", "毛" (毛氏) the
    "毛寧", "JCS" the "Joint Chiefs of Staff (JCS)". A name no fuller form contains stays."""
    lang = reading_language(language)
    words = speaker.split()
    if lang in ("ko", "zh", "ja"):  # "중앙재난안전대책본부(중대본)": the word before the bracket
        bracketed = re.search(rf"[(（]\s*{re.escape(speaker)}\s*[)）]", earlier[-RELAY_CONTEXT:])
        before = earlier[-RELAY_CONTEXT:][: bracketed.start()].split() if bracketed else []
        if before:
            return before[-1]
    same = re.match(r"同([\u4e00-\u9fff]{1,4})(の.+)$", speaker) if lang == "ja" else None
    if same:  # "同庁の担当者" after "気象庁によると", "同評議会の報道官": the body's officer
        bodies = re.findall(rf"[\u4e00-\u9fff\u30a0-\u30ff]+{same.group(1)}(?![\u4e00-\u9fff])", earlier[-RELAY_CONTEXT:])
        bodies = [b for b in bodies if not b.startswith("同")]
        return bodies[-1] + same.group(2) if bodies else speaker
    if lang == "ja" and 2 <= len(speaker) <= 4 and speaker.endswith(language_data.language("ja").names.body_endings) \
            and speaker not in language_words()["ja"].data.titles:
        # "大使館は" after "在フィリピン日本大使館によると": the body named in full before (kana and kanji run together)
        fuller = re.findall(rf"[\u4e00-\u9fff\u30a0-\u30ff]{{1,12}}{re.escape(speaker)}(?![\u4e00-\u9fff\u30a0-\u30ff])",
                            earlier[-RELAY_CONTEXT:])
        fuller = [f for f in fuller if not f.startswith("同")]
        if fuller:
            return fuller[-1]
    if lang == "ko":
        # "코발료프 부총장" after "세르게이 코발료프": a foreign surname before an office, named in full before
        known = next((n for n in reversed(named[-RECENT:]) if len(n.split()) > 1 and n.split()[-1] == words[0]), None)
        if known and len(words[0]) > 1:
            return known
        # "지회는" after "전국금속노동조합 당진지회는": a body by the word its name ends in
        body = next((n for n in reversed(named[-RECENT:]) if len(speaker) > 1 and " " not in speaker
                     and KO_BODY.search(speaker) and n != speaker and n.split()[-1].endswith(speaker)), None)
        if body:
            return body
        surname = words[0] if HANGUL_SYLLABLE.match(words[0]) else None
        return (korean_full_name(surname, earlier, named) or speaker) if surname else speaker
    if lang in ("zh", "ja"):
        if lang == "zh" and 2 < len(speaker) <= 4:
            # "韩联参" after "韩国联合参谋本部": an abbreviation keeps the first character and the order of the rest
            full = next((n for n in reversed(named[-RECENT:]) if len(n) > len(speaker) + 1 and n[0] == speaker[0]
                         and re.search(".*".join(map(re.escape, speaker)), n)), None)
            if full:
                return full
        # "ハディ氏" after "ラフマット・ハディ", "霍尔特" after "詹姆斯·霍尔特": a foreign surname, named in full before
        foreign = next((n for n in reversed(named[-RECENT:]) if re.split(r"[・·•]", n)[-1] == speaker and n != speaker), None)
        if foreign:
            return foreign
        # a Chinese surname is one character; a Japanese one may be two ("山岡")
        if len(speaker) > (2 if lang == "ja" else 1):
            return speaker
        known = next((n for n in reversed(named[-RECENT:]) if n.startswith(speaker) and len(speaker) < len(n) <= 4), None)
        if known:
            return known
        # "金氏", "山岡裁判長": the full name before a title or particle in the text before
        offices = language_words()[lang].titles
        titles = "|".join(re.escape(t) for t in offices) or "(?!)"
        # ... not an office's opening ("林官房長官": 林, not 林官房 before 長官)
        found = [n for n in re.findall(rf"{re.escape(speaker)}[\u4e00-\u9fff]{{1,2}}(?={titles}|は|が|氏)", earlier[-RELAY_CONTEXT:])
                 if not n.endswith(("氏", *offices)) and not any(t.startswith(n[len(speaker):]) for t in offices)]
        return found[-1] if found else speaker
    if _ACRONYM.match(speaker):
        expanded = re.search(rf"((?:[A-ZА-ЯЁ][\w’'-]*\s+(?:(?:of|and|for|the)\s+)?){{1,6}})\(\s*{speaker}\s*\)", earlier)
        return _without_owner(expanded.group(1).strip()) if expanded else speaker
    if len(words) != 1:
        # "the General Staff said": the "General Staff of the Korean People's Army" named before
        return next((n for n in reversed(named[-RECENT:]) if n.startswith(f"{speaker} of ")), speaker)
    candidates = list(reversed(named[-RECENT:]))
    window = earlier[-RELAY_CONTEXT:]
    if lang == "ru":
        candidates += [normal for _, _, normal, kind in reversed(russian_entities(window)) if kind == "PER"]
    else:
        candidates += [name for match in reversed(list(pooled_words().name.finditer(window)))
                       if (name := clean_name(match.group(0), lang))]
    for name in candidates:
        parts = name.split()
        if len(parts) > 1 and speaker in parts:
            return name
    if lang == "ru" and speaker.islower():  # "— отметили в институте": the institute named before
        return russian_named_body(speaker, window) or speaker
    return speaker


def described(description: str, earlier: str, named: list[str], language: str) -> str | None:
    """The body or person a definite description stands for: the last one named before whose
    name ends with its head noun ("the top court" -> the "Supreme Court"; "the ministry" ->
    the "Foreign Ministry"). None when no name fits: then it is the last speaker named."""
    head = description.split()[-1].casefold()
    lang = reading_language(language)
    candidates = list(reversed(named[-RECENT:])) + [name for match in reversed(list(pooled_words().name.finditer(earlier[-RELAY_CONTEXT:])))
                                          if (name := clean_name(match.group(0), lang))]
    # the head ends the name ("the ministry": the Foreign Ministry), opens it ("the academy": the
    # Academy of Defence Science; "the source": the source in the government) or stands inside it
    found = next((n for n in candidates if len(n.split()) > 1 and head in {w.casefold() for w in n.split()}), None)
    if found is None and lang == "en" and head.isalpha():
        # "the ambassador" after "… were Ri Chol Ung, DPRK ambassador to Indonesia": the name the
        # office stood beside
        beside = [m for m in re.finditer(rf"({pooled_words().name.pattern}),\s+(?:the\s+)?(?:[\w’'.-]+\s+){{0,4}}{head}\b",
                                         earlier[-RELAY_CONTEXT:])]
        found = next((name for m in reversed(beside) if (name := clean_name(m.group(1), lang))), None)
    if found is None and lang == "en" and head.isalpha() and len(description.split()) > 1:
        # "the Kremlin spokesman" after "Kremlin Spokesman Dmitry Peskov said": the name after that office
        office = r"\s+".join(re.escape(w) for w in description.split())
        before_name = [m for m in re.finditer(rf"(?i:{office})\s+({pooled_words().name.pattern})", earlier[-RELAY_CONTEXT:])]
        found = next((name for m in reversed(before_name) if (name := clean_name(m.group(1), lang))), None)
    if found is None and lang in ("ja", "zh"):
        # "知事は" after "サントス知事は", "州长表示" after "州长桑托斯": the one named beside that office
        seen = re.sub(r"[\s・·]", "", earlier[-RELAY_CONTEXT:])
        found = next((n for n in candidates if (key := re.sub(r"[\s・·]", "", n))
                      and (f"{key}{description}" in seen or f"{description}{key}" in seen)), None)
    if found is None and lang == "ru" and description.split()[-1].islower():
        # "— отметили в институте": the institute named before, its name in full; "слова
        # представителя министерства": its representative, the ministry's name in the genitive
        found = russian_named_body(head, earlier[-RELAY_CONTEXT:])
        office = description.split()[:-1]
        if found and office:
            found = " ".join([*office, genitive_phrase(found)])
    return found


def publication_named(description: str, earlier: str, named: list[str], language: str) -> str | None:
    """The outlet an English description of a publication ("the paper", "the daily") or of a
    piece in one ("the article") stands for: the last outlet named as a speaker, else the last one the text before names."""
    head = description.split()[-1]
    if reading_language(language) != "en" or not (_WORDNET.is_publication(head) or _WORDNET.is_piece_of_publication(head)):
        return None
    found = next((n for n in reversed(named[-RECENT:]) if is_outlet(n)), None)
    return found or next((m.group(0) for m in reversed(list(outlet_pattern().finditer(earlier[-RELAY_CONTEXT:])))), None)


def names_a_place(description: str, language: str) -> bool:
    """Whether an English description's head is a place ("the county"): a place does not speak,
    so its official is someone new, not a body named before (WordNet's lexicographer file)."""
    return reading_language(language) == "en" and _WORDNET.noun_kind(description.split()[-1]) == "noun.location"


def describes_a_person(description: str, language: str) -> bool:
    """Whether an English description's head noun is first a person ("the ambassador")."""
    return reading_language(language) == "en" and _WORDNET.noun_kind(description.split()[-1]) == "noun.person"


def names_a_body(description: str, language: str) -> bool:
    """Whether an English description names a body or a thing ("the chipmaker", "the
    company") rather than a person or a document ("the minister", "the statement"), which
    stand for the last one named: WordNet's lexicographer file of the head noun's first sense."""
    if reading_language(language) != "en":
        return False
    head = description.split()[-1]
    if re.match(r"\d+-year-old", head):
        return False  # an age describes a person: "the 24-year-old"
    first = _WORDNET.noun_kind(head)
    if first in ("noun.person", "noun.communication", "noun.act"):
        return False
    # a noun that is first something that cannot speak but can be a person ("the head") is one;
    # a group that can be a person too ("the party") stays a group
    return first == "noun.group" or "noun.person" not in _WORDNET.noun_kinds(head)


def _without_owner(name: str) -> str:
    """"South Korea's Joint Chiefs of Staff" is the Joint Chiefs of Staff."""
    return re.split(r"[’']s\s+", name)[-1]
