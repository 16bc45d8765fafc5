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

from ..lazy import once
from ..model import Sentence
from .lemmas import is_person_word, lemma, russian_surname_lemma

VERBS = {
    "en": r"said|says|say|added|adds|stressed|stresses|noted|notes|claimed|claims|insisted|insists|told|tells|"
          r"declared|declares|stated|states|warned|warns|argued|argues|wrote|writes|emphasi[sz]ed|asserted|"
          r"announced|explained|replied|reported|reports|described|describes|called|calls|accused|urged|vowed|"
          r"pledged|promised|admitted|acknowledged|conceded|denied|dismissed|condemned|praised|labell?ed|"
          r"branded|confirmed|suggested|predicted|complained|boasted|recalled|observed|remarked|concluded|"
          r"continued|went on|pointed out|according to",
    "ru": r"заявил[аи]?|сказал[аи]?|подчеркнул[аи]?|отметил[аи]?|добавил[аи]?|сообщил[аи]?|указал[аи]?|"
          r"пояснил[аи]?|констатировал[аи]?|заверил[аи]?|напомнил[аи]?|признал[аи]?|назвал[аи]?|"
          r"охарактеризовал[аи]?|заявляет|говорит|подчеркивает|подчёркивает|отмечает|считает|убежден[аы]?|"
          r"пообещал[аи]?|предупредил[аи]?|потребовал[аи]?|раскритиковал[аи]?|сообщает|сообщают|сообщили|"
          r"утверждает|утверждал[аи]?|заявляет|добавляет|уточнил[аи]?|призвал[аи]?|выразил[аи]?|"
          r"по словам|как сообщили в|как сообщили|по данным|говорится в",
    "de": r"sagte|sagt|sagten|erklärte|erklärt|betonte|betont|teilte|kritisierte|warnte|nannte|forderte|"
          r"sprach|bezeichnete|meinte|ergänzte|fügte|versicherte|räumte|so|laut|zufolge|nach Angaben",
    "fr": r"a-t-(?:il|elle) \w+|a déclaré|a dit|a affirmé|a ajouté|a estimé|a dénoncé|a assuré|a souligné|a indiqué|a lancé|"
          r"a promis|a regretté|a prévenu|a rappelé|a jugé|"
          r"a expliqué|a averti|a promis|a reconnu|a martelé|déclare|affirme|estime|dénonce|assure|souligne|"
          r"selon|d'après|d’après",
    "ko": r"따르면|(?:말|밝|강조|주장|덧붙|전|지적|경고|비난|규탄|발표|언급|말씀|역설|호소|촉구|비판)"
          r"[가-힣]*?(?:했|였|셨|혔|한|힌|쳤)",
}
# Cues after which the speaker follows ("according to X", "— заявил X").
INVERTED = {
    "en": r"according to|said|says|added|told|noted|stressed|claimed|insisted|declared|warned|wrote|explained|replied|reported",
    "ru": r"по словам|как сообщили в|как сообщили|по данным|говорится в|заявил[аи]?|сказал[аи]?|подчеркнул[аи]?|"
          r"отметил[аи]?|добавил[аи]?|сообщил[аи]?|указал[аи]?|пояснил[аи]?|сообщает|сообщают",
    "de": r"so|laut|sagte|erklärte|betonte|kritisierte|warnte|meinte|ergänzte|nach Angaben",
    "fr": r"selon|d'après|d’après|a déclaré|a dit|a affirmé|a ajouté|a estimé|a dénoncé|a assuré|a souligné|a indiqué|"
          r"a expliqué|déclare|affirme|estime",
    "ko": r"",
}
ANAPHORS = {
    "en": {"he", "she", "they", "it", "spokesman", "spokeswoman", "spokesperson", "statement", "minister",
           "official", "ministry", "leader", "president", "agency", "government", "mayor", "group", "company"},
    "ru": {"он", "она", "они", "представитель", "министр", "глава", "заявление", "ведомство", "дипломат"},
    "de": {"er", "sie", "sprecher", "sprecherin", "minister", "ministerin", "erklärung"},
    "fr": {"il", "elle", "ils", "elles", "porte-parole", "ministre", "communiqué", "a-t-il", "a-t-elle"},
    "ko": {"그", "그녀", "그이", "대변인", "담화", "성명", "그는", "그녀는"},
}
GENERIC_SOURCES = {
    "police", "officials", "authorities", "prosecutors", "organisers", "organizers", "witnesses", "residents",
    "analysts", "experts", "diplomats", "polizei", "behörden", "police nationale", "полиция", "власти",
}
_NOT_NAMES = {
    "the", "a", "an", "in", "on", "at", "this", "that", "it", "we", "i", "and", "but", "as", "when", "while", "after",
    "before", "since", "according", "however", "meanwhile", "on", "by", "for", "with", "from", "asked", "speaking",
    "der", "die", "das", "ein", "eine", "den", "dem", "nach", "am", "im", "le", "la", "les", "un", "une", "des", "en",
    "в", "на", "по", "как", "и", "но", "это", "после", "во", "при",
}
_LATIN_NAME = r"(?:[A-ZÄÖÜÉÈ][\w’'\.-]*)(?:\s+(?:(?:of|de|du|la|von|van|der|al|bin|el)\s+)?[A-ZÄÖÜÉÈ][\w’'\.-]*)*"
_CYRILLIC_NAME = r"(?:[А-ЯЁ][\wё’'\.-]*)(?:\s+[А-ЯЁ][\wё’'\.-]*)*"
_NAME = re.compile(rf"{_LATIN_NAME}|{_CYRILLIC_NAME}", re.U)
_KO_ACCORDING = re.compile(r"([가-힣A-Za-z0-9·]+(?:\s+[가-힣A-Za-z0-9·]+){0,2})에\s*따르면", re.U)
_SPOKES_FOR = re.compile(r"\b(?:spokes(?:man|woman|person)|representative|porte-parole|представитель|Sprecher(?:in)?)\s+"
                         r"(?:for|of|du|de la|de|des|der|des)\s+(?:the\s+)?(?:\w+’s\s+)?(" + _LATIN_NAME + r"|" + _CYRILLIC_NAME + r")", re.U)
_X_SPOKESMAN = re.compile(r"\b(?:a|an|the)\s+((?:[\w.’'-]+\s+){1,4}?)spokes(?:man|woman|person)\b|\b(?:ein|eine|der|die)\s+(\w+?)sprecher(?:in)?\b", re.U | re.I)
WINDOW = 220
_ner_lock = threading.Lock()


@dataclass(frozen=True)
class Attribution:
    speaker: str | None
    cue: str | None
    anaphoric: bool = False  # the speaker was given as a pronoun or description


def _lang(language: str) -> str:
    return language if language in VERBS else "en"


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


# A subject right before a cue: a name, an anaphor or a generic source, optionally with an
# appositive between commas ("Dr. Helen Marsh, the company's chief medical officer, told")
# and an adverb ("also", "later", "separately").
_ADVERBS = r"(?:also|later|separately|then|again|further|также|ещё|еще|auch|aussi|hier)"
_ADVERB_TAIL = re.compile(rf"\s+{_ADVERBS}$", re.I)
_CUES = {lang: re.compile(rf"(?<![\w-])(?:{verbs})(?![\w])" if lang != "ko" else rf"(?:{verbs})", re.I | re.U)
         for lang, verbs in VERBS.items()}
_INVERTED = {lang: re.compile(pattern, re.I) for lang, pattern in INVERTED.items() if pattern}
_GENERIC = re.compile(r"\b(" + "|".join(sorted(GENERIC_SOURCES, key=len, reverse=True)) + r")\b", re.I)


def _cued(masked: str, q_start: int, q_end: int, lang: str) -> Attribution:
    cues = list(_CUES[lang].finditer(masked))
    if not cues:
        return Attribution(None, None)
    cue = min(cues, key=lambda m: _distance(m.start(), m.end(), q_start, q_end) + _late_penalty(masked, m, q_end))
    word = cue.group(0).lower()
    if lang == "fr" and word.startswith("a-t-"):
        return Attribution(None, word, anaphoric=True)  # « ... », a-t-elle assuré
    # 1. "a spokesman for X", "a police spokesman", "ein Polizeisprecher" near the cue.
    around = masked[max(0, cue.start() - 60) : cue.end() + 60]
    spokes = _SPOKES_FOR.search(around)
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
    if INVERTED[lang] and _INVERTED[lang].fullmatch(word):
        head = re.match(r"^[\s,]*(?:the\s+)?([\w-]+)", after)
        if head and _base(head.group(1), lang) in ANAPHORS[lang]:
            return Attribution(None, word, anaphoric=True)  # "по словам министра", "said the minister"
        name = _first_name(after, lang, leading=True, case="gent" if word in ("по словам", "по данным") else
                           "loct" if word.startswith("как сообщили") else "nomn")
        if name:
            return Attribution(name, word)
        pronoun = re.match(r"^[\s,]*(?:the\s+)?([\w-]+)", after)
        if pronoun and pronoun.group(1).lower() in ANAPHORS[lang]:
            return Attribution(None, word, anaphoric=True)
    # 4. The last name before the cue in its sentence part, else the first after it.
    name, is_anaphor = _last_subject(before, lang)
    if name or is_anaphor:
        return Attribution(name, word, anaphoric=is_anaphor)
    return Attribution(_first_name(after, lang, leading=False), word)


def _base(word: str, lang: str) -> str:
    return lemma(word, "ru") if lang == "ru" else word.lower()


def _late_penalty(masked: str, cue: re.Match, q_end: int) -> int:
    """A cue after the quote reports it only when little stands between ("…,” Kim said)."""
    if cue.start() < q_end:
        return 0
    gap = masked[q_end : cue.start()]
    if len(gap.split()) > 6 or re.search(r"\b(?:and|und|et|и|but|aber|mais)\b", gap):
        return 1000
    return 0


def _subject_before(before: str, lang: str) -> Attribution | None:
    text = before.rstrip()
    text = _ADVERB_TAIL.sub("", text)
    appositive_name = re.search(r",\s*([^,\x00]{1,60}?)\s*,?$", text)
    if appositive_name and _NAME.fullmatch(appositive_name.group(1).strip()):
        name = _clean(appositive_name.group(1), lang)  # "Hamburg's mayor, Jan Petersen, called"
        if name:
            return Attribution(name, None)
    text = re.sub(r",[^,\x00]{1,90},$", "", text)  # an appositive between commas
    text = text.rstrip(" ,")
    last = re.search(r"([\w’'.-]+)$", text)
    if not last:
        return None
    token = last.group(1).lower().strip(".")
    if token in ANAPHORS[lang] or (lang == "en" and re.search(r"\b(?:the|this)\s+[a-z]+(?:\s+[a-z]+)?$", text)):
        return Attribution(None, None, anaphoric=True)  # "he", "the dictator", "the spokesman"
    if token in GENERIC_SOURCES:
        return Attribution(token.capitalize(), None)
    match = None
    for candidate in _NAME.finditer(text):
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
    segment = text.split("\x00")[0]
    for match in _NAME.finditer(segment):
        if leading and segment[: match.start()].strip(" ,—–-:") and not re.fullmatch(
            r"[\s,]*(?:the|der|die|des|du|de la|de|le|la|министра|министр)?[\s\w’'-]{0,40}?",
            segment[: match.start()], re.I,
        ):
            return None
        name = _clean(match.group(0), lang, case)
        if name:
            return name
    generic = _GENERIC.search(segment)
    return generic.group(1).capitalize() if generic else None


def _last_subject(text: str, lang: str) -> tuple[str | None, bool]:
    """The last name (or an anaphor) in the text before a cue."""
    words = list(re.finditer(r"[\w’'.-]+", text, re.U))
    last_name = None
    for match in _NAME.finditer(text):
        name = _clean(match.group(0), lang)
        if name:
            last_name = (name, match.end())
    tail = [w for w in words if not last_name or w.start() >= last_name[1]]
    for w in reversed(tail[-4:]):
        token = w.group(0).lower().strip(".")
        if token in ANAPHORS[lang]:
            return None, True
        if token in GENERIC_SOURCES:
            return token.capitalize(), False
    if last_name:
        return last_name[0], False
    return None, False


_CASE_AFTER = {"в": "loct", "во": "loct", "на": "loct", "у": "gent", "от": "gent", "из": "gent"}


def _clean(name: str, lang: str, case: str = "nomn") -> str | None:
    words = name.replace("\x00", " ").split()
    while words and words[0].lower().strip(".,") in _NOT_NAMES:
        case = _CASE_AFTER.get(words[0].lower(), case)
        words.pop(0)
    words = [re.sub(r"['’]s$", "", w).strip(",;:") for w in words]
    if words and len(words[-1]) > 4:
        words[-1] = words[-1].rstrip(".")  # a full stop, not an abbreviation's ("Dr.", "U.S.")
    words = [w for w in words if w]
    if not words or words[0].lower() in _NOT_NAMES or words[0].lower() in ANAPHORS.get(lang, set()):
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
    cues = list(_CUES["ko"].finditer(masked))
    if not cues:
        return Attribution(None, None)
    cue = min(cues, key=lambda m: _distance(m.start(), m.end(), q_start, q_end))
    according = _KO_ACCORDING.search(masked)
    if cue.group(0) == "따르면" and according:
        return Attribution(according.group(1), "따르면")
    chosen = _korean_topic(masked[: cue.start()])
    if chosen is None:
        return Attribution(None, cue.group(0))
    if len(chosen) == 1 and chosen[0] in ANAPHORS["ko"]:
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
    leading = _NAME.match(text.lstrip())  # "Lavrov arrived on Friday." names who "he" is next
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
