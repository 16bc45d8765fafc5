"""Who is quoted in Korean: the noun phrase that carries a topic or subject particle (은/는/이/가)
before the reporting verb, without its offices ("조태열 외교부 장관은" -> 조태열), and a role
with no name whole ("국방성 대변인"). Korean particle grammar is code here; its words are data.
"""
from __future__ import annotations

import gettext
import re

import pycountry

from ..lazy import once
from .attribution_words import (PARENTHESES, RECENT, RELAY_CONTEXT, RELAY_MASK, Attribution, LanguageWords,
                                cue_distance, language_words)

_KO_ACCORDING = re.compile(r"([가-힣A-Za-z0-9·]+(?:\s+[가-힣A-Za-z0-9·]+){0,2})에\s*따르면", re.U)


def korean_attribution(masked: str, q_start: int, q_end: int) -> Attribution:
    words = language_words()["ko"]
    cues = list(words.cues.finditer(masked))
    if not cues:
        return Attribution(None, None)
    cue = min(cues, key=lambda m: cue_distance(m.start(), m.end(), q_start, q_end))
    according = _KO_ACCORDING.search(masked)
    if cue.group(0) == "따르면" and according:
        return Attribution(according.group(1), "따르면")
    chosen = _korean_topic(masked[: cue.start()].split(RELAY_MASK)[-1])
    if chosen is None and cue.start() >= q_end:  # "“…”라고 담화는 경고하였다": the topic follows the quote
        chosen = _korean_topic(masked[q_end:].split(RELAY_MASK)[0])
    if chosen is None:
        return Attribution(None, cue.group(0))
    if len(chosen) == 1 and chosen[0] in words.data.body_anaphors:  # "재판부는": the court named before
        return Attribution(None, cue.group(0), anaphoric=True, description=chosen[0], label=chosen[0])
    if len(chosen) == 1 and chosen[0] in words.anaphors:
        return Attribution(None, cue.group(0), anaphoric=True)
    # "《로동신문》은": a paper's title marks are no part of its name
    return Attribution(" ".join(korean_name(chosen)).strip("《》〈〉「」『』<>"), cue.group(0))


# Particles that end a word which cannot be part of the speaker's noun phrase. 은 and 는 are
# not among them: many names end in them (김정은); see _korean_topic.
_KO_NOT_IN_NP = re.compile(r"(?:을|를|에|의|도|와|과|로|서|며|고|다|가|이|께서는|께서|하여)$|[^가-힣A-Za-z0-9·]")


_KO_TOPIC = (("께서는", "께서", "은", "는", "도"), ("이", "가"))
#: case particles of place, time and direction, before which 은/는/도 mark no speaker
_KO_ADVERBIAL_CASES = ("에서", "에게", "에", "까지", "부터", "으로")


def _korean_topic(text: str) -> list[str] | None:
    """The speaker's words: the first topic (은/는/께서는/도) of the clause before the cue (a
    later one is the topic of a clause inside it: "당국자는 … 이번 발사는 “…”라며"), or else
    the last subject (이/가), with up to three preceding words of its noun phrase."""
    clause = re.split(r"[,，]\s", text)[-1]
    # a list inside the sentence ("식료공장과 일용품공장, 종합봉사소의 …") may leave the last clause
    # without its subject: then the whole text before the cue is read
    return korean_topic_in(clause) or (korean_topic_in(text) if clause != text else None)


def korean_topic_in(clause: str) -> list[str] | None:
    words = language_words()["ko"]
    tokens = [w for w in PARENTHESES.sub("", clause).split() if "\x00" not in w]
    for particles, order in ((_KO_TOPIC[0], range(len(tokens))), (_KO_TOPIC[1], range(len(tokens) - 1, -1, -1))):
        for i in order:
            word = tokens[i]
            particle = next((p for p in particles if word.endswith(p) and len(word) > len(p)), None)
            if particle == "도" and i + 1 < len(tokens) and KO_PLACE.search(tokens[i + 1]):
                continue  # "평안남도 숙천군": a province (…도) before its county, no "also"
            if particle in ("은", "는", "도") and word[: -len(particle)].endswith(_KO_ADVERBIAL_CASES):
                continue  # "화북지방에서도", "회의에서는": where, not who
            if particle in _KO_TOPIC[1] and _in_a_noun_clause(tokens, i):
                continue  # "한국군부가 … 침투시킨것은": the subject of a clause made a noun, not of the verb of saying
            if particle is None or (word.endswith(words.adnominal_endings)
                                    and not _is_korean_title(word[: -len(particle)], words)):
                continue
            if particle == "는" and len(word) == 2 and word[0] not in words.anaphors and word[0] not in words.titles:
                continue  # "사는", "하는": a verb's adnominal form; "그는" is a pronoun, "씨는" a title
            following = _KO_PARTICLE.sub("", tokens[i + 1]) if i + 1 < len(tokens) else ""
            if particle in ("은", "는") and korean_given_name(word, words) and _is_korean_title(following, words):
                continue  # "김정은 국무위원장이": a name, not a topic
            if particle in ("은", "는") and len(word) == 2 and any(t.endswith(_KO_TOPIC[0]) for t in tokens[i + 1 : i + 5]):
                continue  # "선제골을 넣은 박준호는", "찾은 직장인 이수진 씨는": a verb's adnominal form before the topic
            phrase = [word[: -len(particle)]]
            j = i - 1
            while j >= 0 and len(phrase) < 6 and _in_korean_phrase(tokens[j], phrase[0], words) and not _verb_with_object(tokens, j):
                phrase.insert(0, tokens[j])
                j -= 1
            owner = tokens[j] if j >= 0 else ""
            if (owner.endswith("의") and len(owner) > 2 and KO_BODY.search(owner[:-1])
                    and not any(korean_given_name(w, words) for w in phrase)):
                phrase.insert(0, owner)  # "위원회의 한 일군은": the committee's official
            return phrase
    return None


#: a clause made a noun by 것 ("…시킨것은", "…한 것이")
_KO_CLAUSE_NOUN = ("것은", "것이", "것을", "것도")
#: connective endings that close a clause ("발표하여", "밝히고")
_KO_CONNECTIVE = ("하여", "고", "며", "면서", "서")


def _in_a_noun_clause(tokens: list[str], i: int) -> bool:
    """Whether the subject at ``i`` belongs to a clause made a noun by 것 later on, with no
    connective ending between them that would close its clause first."""
    for later in tokens[i + 1 :]:
        if later.endswith(_KO_CLAUSE_NOUN):
            return True
        if later.endswith(_KO_CONNECTIVE):
            return False
    return False
_KO_PARTICLE = re.compile(r"(?:께서는|께서|은|는|이|가|도|의)$")


def _verb_with_object(tokens: list[str], j: int) -> bool:
    """Whether the word at ``j`` is a verb's adnominal form after its object ("열병식을 참관한
    성원들": members who watched the parade), no part of the noun phrase; "북한" alone stays."""
    return j > 0 and (tokens[j].endswith("던") or _final_n(tokens[j][-1:])) and tokens[j - 1].endswith(("을", "를"))


def _final_n(syllable: str) -> bool:
    """Whether a Hangul syllable ends in ㄴ, as a verb's past adnominal form does ("한", "이끈")."""
    return bool(syllable) and "가" <= syllable <= "힣" and (ord(syllable) - 0xAC00) % 28 == 4


def korean_given_name(word: str, words: LanguageWords) -> bool:
    """Whether a word reads as a Korean name: a family name and one or two syllables more, not
    a plural ("성원들": members)."""
    return (2 <= len(word) <= 3 and word[0] in words.surnames and not word.endswith("들")
            and re.fullmatch(r"[가-힣]+", word) is not None)


def _is_korean_title(word: str, words: LanguageWords) -> bool:
    """An office ("장관"), or a word ending in one ("피해자대책위원장", "정무림동지" ends in 동지)."""
    return any(word.endswith(t) for t in words.titles if len(t) >= 2) or word in words.titles


def _in_korean_phrase(word: str, following: str, words: LanguageWords) -> bool:
    if following in words.titles and 2 <= len(word) <= 3 and word[0] in words.surnames:
        return True  # a name before its office, whatever it ends with ("왕이 외교부장")
    if following in words.titles and word.endswith("과") and len(word) >= 2:
        return True  # a department before an office ("소아청소년과 교수"), not "and"
    if word.endswith("이") and len(word) >= 3 and re.fullmatch(r"[가-힣]+", following) and following not in words.titles:
        return True  # "세르게이 코발료프": a foreign given name ending in 이 before the surname, no subject
    if _KO_NOT_IN_NP.search(word) or word in words.subject_stop_words:
        return False
    if word.endswith(("은", "는")):  # a name (김정은) or an adnominal verb (넣은, 있는)
        return len(word) == 3 and word[0] in words.surnames
    return True


def korean_name(phrase: list[str]) -> list[str]:
    """A speaker's noun phrase without the offices after the name ("조태열 외교부 장관" ->
    조태열; "자말 하산 감독" -> 자말 하산; "정무림동지" -> 정무림), and without the
    descriptions before it ("병원 원장 리혜영" -> 리혜영); a role with no name stays whole
    ("국방성 대변인")."""
    words = language_words()["ko"]
    phrase = [w[:-1] if w.endswith("의") and len(w) > 2 else w for w in phrase]
    # "지역 시민단체인 한빛시민연대": what the speaker is (a noun with the copula's 인), then its name
    described = [n for n, w in enumerate(phrase[:-1]) if len(w) >= 4 and w.endswith("인")]
    phrase = phrase[described[-1] + 1 :] if described else phrase
    # "한 통일부 당국자", "위원회 한 일군": an official, no one named 한 ("한 장관" is Minister Han)
    phrase = [w for n, w in enumerate(phrase) if not (
        w in ("한", "어느") and n + 1 < len(phrase)
        and (len(phrase) - n > 2 or phrase[n + 1] in _KO_ROLES or phrase[n + 1] not in words.titles))]
    # an honorific or office written onto the name ("정무림동지", "김모씨")
    # in "최영수 구조대장" the name stands before the office: 구조 is no name of two syllables
    named_before = any(len(w) == 3 and korean_given_name(w, words) and w not in words.titles and not KO_BODY.search(w)
                       for w in phrase[:-1])
    for suffix in ("동지", "동무", "씨", *sorted((t for t in words.titles if len(t) >= 2), key=len, reverse=True)):
        rest = phrase[-1][: -len(suffix)]
        if phrase[-1] not in words.titles and phrase[-1].endswith(suffix) and korean_given_name(rest, words) \
                and not (named_before and len(rest) < 3):
            phrase = phrase[:-1] + [phrase[-1][: -len(suffix)]]  # "김여정부부장": 김여정
            break
    stripped = list(phrase)
    while len(stripped) > 1 and _is_korean_title(stripped[-1], words):
        stripped = stripped[:-1]
    while len(stripped) > 1 and KO_BODY.search(stripped[-1]) and stripped != phrase:
        stripped = stripped[:-1]
    while len(stripped) > 1 and stripped[-1] in korean_country_names() and stripped != phrase:
        stripped = stripped[:-1]  # "응우옌 반 탄 베트남 보건부 차관": the ministry's country goes with it
    names = [w for w in stripped if korean_given_name(w, words) and not KO_BODY.search(w)]
    if not names and _foreign_name(stripped, phrase, words):
        return stripped  # "세르게이 코발료프 부총장": a name written in Hangul, then its office
    if not names:
        return phrase  # "국방성 대변인", "검찰 관계자": a role, no name
    if names and stripped[-1] == names[-1]:
        return [names[-1]]  # "마산합포구 주민 김모"
    if names and stripped[0] == names[0] and len(stripped) <= 2:
        return stripped if len(stripped) == 2 and not KO_BODY.search(stripped[1]) and stripped[1] not in words.titles else [names[0]]
    return stripped


@once
def korean_country_names() -> frozenset[str]:
    """Countries as Korean writes them (pycountry's Korean translations: "베트남", "러시아 연방" and
    its first word "러시아")."""
    korean = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ko"], fallback=True)
    names = set()
    for country in pycountry.countries:
        for name in {country.name, getattr(country, "common_name", country.name)}:
            translated = korean.gettext(name)
            if translated != name:
                names.update({translated, translated.split()[0]})
    return frozenset(names)


_KO_ROLES = frozenset({"당국자", "관계자", "관리", "소식통", "인사", "전문가"})


def _foreign_name(stripped: list[str], phrase: list[str], words: LanguageWords) -> bool:
    """Whether the words left before an office are a foreign name in Hangul: two or more words
    (a given name and a surname; one word may be a country, "러시아 부총장"), none of them a
    body, an office, a role or a side ("러시아 측")."""
    return (stripped != phrase and len(stripped) >= 2
            and all(re.fullmatch(r"[가-힣]{1,6}", w) and not KO_BODY.search(w) and w not in words.titles
                    and w not in _KO_ROLES and w not in words.subject_stop_words and w != "측" for w in stripped))


#: a county, city or district after a province: "평안남도 숙천군", "경기도 수원시"
KO_PLACE = re.compile(r"[가-힣]{1,4}(?:군|시|구|읍|면)$")
KO_BODY = re.compile(r"(?:부|성|청|처|회|군|국|당|대|단|실|소|관|원|과|사기)$")


def korean_full_name(surname: str, earlier: str, named: list[str]) -> str | None:
    """The name of two or three syllables starting with ``surname`` named last, as a speaker
    or in the text before ("조태열 외교부 장관은 …" before "조 장관은")."""
    for name in reversed(named[-RECENT:]):
        first = name.split()[0]
        if first.startswith(surname) and 2 <= len(first) <= 3:
            return first
    tokens = re.findall(rf"(?<![가-힣]){surname}[가-힣]{{1,2}}(?![가-힣])", earlier[-RELAY_CONTEXT:])
    return tokens[-1] if tokens else None


HANGUL_SYLLABLE = re.compile(r"^[가-힣]$")



def korean_opening_body(text: str) -> str | None:
    """The body a Korean sentence with no reporting verb opens with as its topic ("대전고법
    형사1부(…)는 … 선고했다"), for a later "재판부는"; None when the topic names a person."""
    words = language_words()["ko"]
    topic = korean_topic_in(text)
    if not topic or topic[-1] in words.anaphors or not KO_BODY.search(topic[-1]):
        return None
    if any(korean_given_name(w, words) and not KO_BODY.search(w) for w in topic):
        return None
    return " ".join(topic)


def names_a_korean_body(name: str) -> bool:
    """Whether a Korean name is a body's ("대전고법 형사1부", "통일부"), not a person's."""
    words = language_words()["ko"]
    last = name.split()[-1] if name.split() else ""
    return bool(KO_BODY.search(last)) and not (korean_given_name(last, words) and len(name.split()) == 1 and len(last) == 3)


def korean_opening_name(text: str) -> str | None:
    """The person a Korean sentence with no reporting verb is about, by its topic ("독창가수
    리영희는 … 만나보았다"): a given name, else None."""
    topic = korean_topic_in(text)
    name = korean_name(topic) if topic else []
    if len(name) == 1 and korean_given_name(name[0], language_words()["ko"]) and not KO_BODY.search(name[0]):
        return name[0]
    return None
