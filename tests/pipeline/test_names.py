"""One person, one name (service/pipeline/names.py, romanise.py, quote_names.py and the speaker
part of signals.py): names across scripts and romanisations by the gazetteer and by
transliteration alone, a surname alone, people who must stay apart, speakers, outlets and
cues in the target language, lexicon notes in English, and attribution_changed compared by
person (silent for one person in two scripts, low for a change of relaying outlet only)."""
from __future__ import annotations

import re
from itertools import combinations

import pytest

from service.language_data import language
from service.model import Quote, QuotePair, Sentence, Version
from service.pipeline.lexicon import load_lexicon, note_in
from service.pipeline.names import display, entries, gazetteer, identify, normalise, same_person, surely_different
from service.pipeline.quote_names import QuoteNames
from service.pipeline.signals import RELAY_SEVERITY, loaded_terms, quote_signals
from service.storage import MemoryEntry, Storage
from service.translation.engine import TranslationEngine

# One person each, as the scripts and romanisation systems write them.
ONE_PERSON = {
    "kim_jong_un": [("Ким Чен Ын", "ru"), ("Kim Jong Un", "en"), ("Kim Jong-un", "en"), ("김정은", "ko"),
                    ("金正恩", "zh"), ("김정은 동지", "ko")],
    "sergei_lavrov": [("Лавров", "ru"), ("Сергей Лавров", "ru"), ("Sergei Lavrov", "en"), ("Sergey Lavrov", "en"),
                      ("Lavrov", "en"), ("拉夫罗夫", "zh"), ("ラブロフ", "ja"), ("Sergej Lawrow", "de")],
    "choe_son_hui": [("Чхве Сон Хи", "ru"), ("Choe Son Hui", "en"), ("최선희", "ko"), ("崔善姬", "zh")],
    "wang_yi": [("Ван И", "ru"), ("Wang Yi", "en"), ("王毅", "zh"), ("왕이", "ko"), ("王毅外长", "zh")],
    "kim_yo_jong": [("Kim Yo Jong", "en"), ("First Vice Department Director Kim Yo Jong", "en"), ("김여정", "ko"),
                    ("Ким Ё Чжон", "ru")],
    "mao_ning": [("Mao Ning", "en"), ("Мао Нин", "ru"), ("毛宁", "zh"), ("毛寧", "ja"), ("外交部发言人毛宁", "zh")],
    "antony_blinken": [("Blinken", "en"), ("ブリンケン", "ja"), ("Блинкен", "ru"), ("블링컨", "ko")],
    "kcna": [("KCNA", "en"), ("Korean Central News Agency", "en"), ("ЦТАК", "ru"), ("조선중앙통신", "ko"),
             ("朝中社", "zh"), ("朝鮮中央通信", "ja")],
    "xinhua": [("Xinhua", "en"), ("агентство Синьхуа", "ru"), ("신화통신", "ko"), ("新华社", "zh"), ("新華社", "ja")],
}

# Pairs in two scripts or systems that no gazetteer line names: transliteration must join them.
UNLISTED_SAME = [
    (("Андрей Соколов", "ru"), ("Andrei Sokolov", "en")),
    (("Андрей Соколов", "ru"), ("Andrey Sokolov", "en")),
    (("Дмитрий Зуев", "ru"), ("Dmitry Zuev", "en")),
    (("Пак Чон Хо", "ru"), ("Pak Jong Ho", "en")),
    (("박종호", "ko"), ("Pak Jong Ho", "en")),
    (("박준호", "ko"), ("Park Jun-ho", "en")),
    (("Ли Сон Хо", "ru"), ("Ri Son Ho", "en")),
    (("이선호", "ko"), ("Ri Son Ho", "en")),
    (("조명철", "ko"), ("Cho Myung-chul", "en")),
    (("Ван Вэньтао", "ru"), ("Wang Wentao", "en")),
    (("王文涛", "zh"), ("Wang Wentao", "en")),
    (("中村和子", "ja"), ("Kazuko Nakamura", "en")),
    (("ゼレンスキー", "ja"), ("Zelensky", "en")),
    (("ショルツ", "ja"), ("Scholz", "en")),
    (("Сабина Крюгер", "ru"), ("Sabine Krüger", "de")),
]

# Two people each: these must never be read as one.
TWO_PEOPLE = [
    (("Kim Jong Un", "en"), ("Kim Yo Jong", "en")),
    (("김정은", "ko"), ("김여정", "ko")),
    (("Ким Чен Ын", "ru"), ("Kim Yo Jong", "en")),
    (("Wang Yi", "en"), ("Wang Wenbin", "en")),
    (("王毅", "zh"), ("汪文斌", "zh")),
    (("Kim Jong Un", "en"), ("Kim Jong Il", "en")),
    (("Андрей Соколов", "ru"), ("Иван Соколов", "ru")),
    (("Andrei Sokolov", "en"), ("Андрей Смирнов", "ru")),
    (("Sokolov", "en"), ("Sokolova", "en")),
    (("박준호", "ko"), ("박준희", "ko")),
    (("김민수", "ko"), ("김민호", "ko")),
    (("Pak Jong Ho", "en"), ("Pak Jong Chol", "en")),
]


def person(name: str, lang: str, use_gazetteer: bool = True):
    found = identify(name, lang, use_gazetteer)
    assert found is not None
    return found


# -- the gazetteer ----------------------------------------------------------------------------------
@pytest.mark.parametrize("key", sorted(ONE_PERSON))
def test_every_form_of_a_listed_person_is_one_person_with_one_key(key):
    people = [person(name, lang) for name, lang in ONE_PERSON[key]]
    assert {p.key for p in people} == {key}
    assert all(same_person(a, b) and not surely_different(a, b) for a, b in combinations(people, 2))


@pytest.mark.parametrize("name, lang, english", [
    ("Ким Чен Ын", "ru", "Kim Jong Un"), ("최선희", "ko", "Choe Son Hui"), ("Лавров", "ru", "Sergei Lavrov"),
    ("王毅", "zh", "Wang Yi"), ("ЦТАК", "ru", "KCNA"), ("김정은 동지", "ko", "Kim Jong Un"),
])
def test_a_listed_name_is_shown_in_the_target_languages_form(name, lang, english):
    assert display(person(name, lang), "en") == english
    assert display(person(english, "en"), "ru") == person(name, lang).entry.forms["ru"][0]


def test_the_gazetteer_is_consistent_data():
    names: dict[str, str] = {}
    for entry in entries():
        for name in entry.names:
            assert names.setdefault(normalise(name), entry.key) == entry.key, f"{name} names two entries"
    agencies = next(line.split("\t")[1:] for line in open_places() if line.startswith("AGENCY\t"))
    for entry in entries():
        if entry.kind == "agency":
            assert entry.forms["en"][0] in agencies, f"{entry.key} is missing from places.tsv's AGENCY line"
    assert len(gazetteer()) >= len(entries())


def open_places() -> list[str]:
    from service.pipeline.romanise import GAZETTEER

    return [line.strip() for line in (GAZETTEER / "places.tsv").read_text(encoding="utf-8").splitlines()]


# -- transliteration alone --------------------------------------------------------------------------
@pytest.mark.parametrize("key", ["kim_jong_un", "choe_son_hui", "wang_yi", "sergei_lavrov", "mao_ning"])
def test_transliteration_alone_joins_what_the_gazetteer_joins_for_latin_cyrillic_and_hangul(key):
    forms = [(n, lang) for n, lang in ONE_PERSON[key] if lang in ("en", "ru", "ko", "de") or key in ("wang_yi", "mao_ning")]
    people = [person(n, lang, use_gazetteer=False) for n, lang in forms]
    assert all(p.entry is None for p in people)
    assert all(same_person(a, b) for a, b in combinations(people, 2)), [p.key for p in people]


@pytest.mark.parametrize("first, second", UNLISTED_SAME)
def test_unlisted_names_in_two_scripts_are_one_person(first, second):
    a, b = person(*first), person(*second)
    assert a.entry is None and b.entry is None  # the transliteration path, not the gazetteer
    assert same_person(a, b) and not surely_different(a, b)


@pytest.mark.parametrize("first, second", TWO_PEOPLE)
def test_two_people_are_never_one(first, second):
    for use_gazetteer in (True, False):
        a, b = person(*first, use_gazetteer), person(*second, use_gazetteer)
        assert a.key != b.key and not same_person(a, b)
        assert surely_different(a, b)


@pytest.mark.parametrize("surname, full", [
    (("Lavrov", "en"), ("Sergei Lavrov", "en")), (("Лавров", "ru"), ("Sergei Lavrov", "en")),
    (("Sokolov", "en"), ("Андрей Соколов", "ru")), (("Соколов", "ru"), ("Andrei Sokolov", "en")),
    (("Kim", "en"), ("Kim Jong Un", "en")), (("Zuev", "en"), ("Дмитрий Зуев", "ru")),
])
def test_a_surname_alone_is_the_full_name_of_that_person(surname, full):
    assert same_person(person(*surname), person(*full))
    assert same_person(person(*surname, False), person(*full, False))


def test_words_before_a_western_given_name_and_its_spelling_in_another_script_make_no_other_person():
    assert same_person(person("Harbour Commissioner Lena Brandt", "en"), person("Lena Brandt", "en"))
    assert same_person(person("Umweltgruppe Grüne Welle", "de"), person("Grüne Welle", "en"))
    # one surname, given names spelt otherwise in Cyrillic: not known to be two people
    assert not surely_different(person("Анья Хольм", "ru"), person("Anja Holm", "en"))
    assert surely_different(person("Анья Хольм", "ru"), person("Anja Berg", "en"))


def test_titles_come_off_and_descriptions_stay_descriptions():
    assert person("Trade Minister Ahn Duk-geun", "en").key == "ahn_duk_geun"
    assert person("Lithuanian Defence Minister Tomas Vaitkus", "en").key == person("Tomas Vaitkus", "en").key
    assert person("정태원 감독", "ko").key == person("정태원", "ko").key
    for name, lang in [("국방성 대변인", "ko"), ("Defence Ministry", "en"), ("外交部官员", "zh"), ("気象庁の担当者", "ja"),
                       ("пресс-служба МЧС", "ru"), ("Минобороны", "ru")]:
        assert person(name, lang).kind == "description", name
    # a description against a name in another script is not known to be another speaker
    assert not surely_different(person("Минобороны", "ru"), person("Defence Ministry", "en"))


def test_scripts_whose_readings_are_guesses_never_make_two_people():
    """A Han or kana name the readings do not join to a Latin one is not known to be another
    person; Latin against Cyrillic is; an agency is never another speaker than a person."""
    assert not surely_different(person("中村和子", "ja"), person("Ivan Morozov", "en"))
    assert not surely_different(person("トランプ", "ja", False), person("Ivan Morozov", "en"))
    assert surely_different(person("Иван Морозов", "ru"), person("Pavel Lebedev", "en"))
    assert not surely_different(person("KCNA", "en"), person("Ким Чен Ын", "ru"))


def test_identification_is_cached():
    first = identify("Андрей Соколов", "ru")
    assert identify("Андрей Соколов", "ru") is first


# -- a comparison's names in the target language -----------------------------------------------------
def version(label: str, lang: str, *quotes: tuple[str | None, str | None, str | None]) -> Version:
    """A version whose quotes have these (speaker, cue, relaying outlet)."""
    made = Version(label, lang, False, 1.0, "…")
    made.quotes = [Quote(f"{label}:q{i}", i, 0, 1, f"words {i}", speaker=s, attribution=a, reported_by=r)
                   for i, (s, a, r) in enumerate(quotes)]
    return made


def named(versions: list[Version], target: str = "en", memory=None) -> list[Version]:
    names = QuoteNames(versions, target, memory)
    names.fill(versions)
    return versions


def test_speakers_outlets_and_cues_are_put_in_the_target_language():
    en, ru = named([version("EN", "en", ("Kim Jong Un", "said", None), ("Andrei Sokolov", "said", None)),
                    version("RU", "ru", ("Ким Чен Ын", "заявил", "ЦТАК"), ("Андрей Соколов", "подчеркнула", None))])
    kim, sokolov = ru.quotes
    assert (kim.speaker_translation, kim.attribution_translation, kim.reported_by_translation) == (
        "Kim Jong Un", "stated", "KCNA")
    assert kim.speaker_key == en.quotes[0].speaker_key
    # not in the gazetteer: the English version's own spelling, not a romanisation of the Russian
    assert sokolov.speaker_translation == "Andrei Sokolov" and sokolov.speaker_key == en.quotes[1].speaker_key
    assert sokolov.attribution_translation == "stressed"
    assert en.quotes[0].attribution_translation == "said"  # the target language's own cue is kept


def test_a_romanisation_when_no_version_writes_the_name_in_the_target_language():
    (ru,) = named([version("RU", "ru", ("Андрей Соколов", "заявил", None), ("Ким Чен Ын", "сказал", None))], "de")
    sokolov, kim = ru.quotes
    assert sokolov.speaker_translation and re.fullmatch(r"[A-Za-z ]+", sokolov.speaker_translation)
    assert kim.speaker_translation == "Kim Jong-un"  # the gazetteer's German form
    assert kim.attribution_translation is None  # no gloss for German and no engine here: none, not Russian


def test_a_surname_alone_joins_its_person_only_when_one_person_has_it():
    one = named([version("A", "en", ("Kim Jong Un", "said", None), ("Kim", "added", None))])[0]
    assert one.quotes[0].speaker_key == one.quotes[1].speaker_key
    two = named([version("A", "en", ("Kim Jong Un", "said", None), ("Kim Yo Jong", "said", None),
                         ("Kim", "added", None))])[0]
    keys = [q.speaker_key for q in two.quotes]
    assert len(set(keys)) == 3  # "Kim" could be either: it stays alone


def test_the_translation_memory_names_a_person_first(tmp_path):
    storage = Storage(tmp_path / "db.sqlite3")
    storage.migrate()
    storage.import_memory([MemoryEntry("ru", "en", "Ким Чен Ын", "Kim Jong-un"),
                           MemoryEntry("ru", "en", "Иван Петров", "Ivan Petrov Jr.")])
    engine = TranslationEngine(storage, None)
    (ru,) = named([version("RU", "ru", ("Ким Чен Ын", None, None), ("Иван Петров", None, None))], memory=engine)
    kim, petrov = ru.quotes
    assert kim.speaker_translation == "Kim Jong-un" and kim.speaker_key == "kim_jong_un"
    assert petrov.speaker_translation == "Ivan Petrov Jr."


def test_cue_glosses_cover_the_plain_cues_of_their_language():
    for code in ("ru", "de", "fr"):
        data = language(code).attribution
        glosses = [re.compile(p, re.I) for p in data.glosses]
        plain = [c for c in data.cues if re.fullmatch(r"[\w ’']+", c)]
        assert plain and all(any(g.fullmatch(c) for g in glosses) for c in plain), code


# -- lexicon notes ----------------------------------------------------------------------------------------
def test_lexicon_notes_are_shown_in_english_for_an_english_comparison():
    lexicon = load_lexicon()
    foreign = [t for t in lexicon.terms if t.language != "en"]
    assert foreign and all(t.note_en and not re.search(r"[А-яЁё가-힣]", t.note_en) for t in foreign)
    term = next(t for t in lexicon.terms if t.language == "ru" and t.concept == "smo")
    assert note_in(term, "en") == term.note_en != term.note
    assert note_in(term, "ru") == term.note
    ru = Version("RU", "ru", False, 1.0, "Началась специальная военная операция.")
    ru.sentences = [Sentence(0, 0, 0, len(ru.text), ru.text, "The special military operation began.")]
    en = Version("EN", "en", False, 1.0, "The war began.")
    en.sentences = [Sentence(0, 0, 0, len(en.text), en.text, en.text)]
    (signal,) = loaded_terms(ru, en, lexicon, "en")
    assert signal.evidence.note == term.note and signal.evidence.note_translation == term.note_en
    assert term.note_en in signal.detail and term.note not in signal.detail


# -- attribution_changed by person ---------------------------------------------------------------------------
def attribution_signals(ref: Version, other: Version, keys: bool = True):
    if keys:
        named([ref, other])
    pairs = [QuotePair(a.id, b.id, 1.0, "identical", []) for a, b in zip(ref.quotes, other.quotes)]
    return [s for s in quote_signals(ref, other, pairs) if s.type == "attribution_changed"]


@pytest.mark.parametrize("keys", [True, False])
@pytest.mark.parametrize("first, second", [
    (("Kim Jong Un", "en"), ("Ким Чен Ын", "ru")), (("Sergei Lavrov", "en"), ("Лавров", "ru")),
    (("김정은", "ko"), ("Kim Jong Un", "en")), (("Andrei Sokolov", "en"), ("Андрей Соколов", "ru")),
    (("Wang Yi", "en"), ("王毅", "zh")),
])
def test_one_person_in_two_scripts_changes_no_attribution(first, second, keys):
    ref = version("REF", first[1], (first[0], "said", None))
    other = version("OTHER", second[1], (second[0], "said", None))
    assert attribution_signals(ref, other, keys) == []


@pytest.mark.parametrize("first, second", [(("Kim Jong Un", "en"), ("Ким Ё Чжон", "ru")),
                                           (("Wang Yi", "en"), ("Wang Wenbin", "en"))])
def test_another_person_is_an_attribution_change(first, second):
    ref = version("REF", first[1], (first[0], "said", None))
    other = version("OTHER", second[1], (second[0], "said", None))
    (signal,) = attribution_signals(ref, other)
    assert signal.severity > RELAY_SEVERITY
    assert "relaying" not in signal.detail
    assert other.quotes[0].speaker_translation in signal.detail  # in the target language


def test_only_the_relaying_outlet_differs_is_a_low_attribution_change():
    ref = version("REF", "en", ("Kim Jong Un", "said", "KCNA"))
    other = version("OTHER", "ru", ("Ким Чен Ын", "заявил", None))
    (signal,) = attribution_signals(ref, other)
    assert signal.severity <= 0.3
    assert "only the relaying source differs" in signal.detail.lower() and "attributed to" not in signal.detail
    assert (signal.evidence.reported_by, signal.evidence.counterpart_reported_by) == (None, "KCNA")
    another = attribution_signals(version("REF", "en", ("Kim Jong Un", "said", "KCNA")),
                                  version("OTHER", "en", ("Kim Jong Un", "said", "Xinhua")))
    assert [s.severity <= 0.3 for s in another] == [True]


def test_one_outlet_in_two_scripts_and_an_unknown_speaker_raise_nothing():
    assert attribution_signals(version("REF", "en", ("Kim Jong Un", "said", "KCNA")),
                               version("OTHER", "ru", ("Ким Чен Ын", "заявил", "ЦТАК"))) == []
    # a speaker of None on one side stays what it was: no speaker change, no relay change
    assert attribution_signals(version("REF", "en", ("Kim Jong Un", "said", "KCNA")),
                               version("OTHER", "ru", (None, "заявил", None))) == []
