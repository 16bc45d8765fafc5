"""Who is quoted (service/pipeline/speakers.py): names after and before the cue, offices,
pronouns and anaphora, relaying outlets, in English, Russian, Korean, Chinese, Japanese,
German and French. A speaker is a name without its titles and honorifics."""
from __future__ import annotations

import pytest

from service.pipeline import segment
from service.pipeline.quotes import extract_quotes


def speakers_of(text: str, language: str) -> list[str | None]:
    paras, sents = segment.sentences(text, language)
    return [q.speaker for q in extract_quotes("v", text, paras, sents, language)]


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("“We will not retreat,” said Dr. Ana Petrov, a hydrologist.", "en", ["Ana Petrov"]),
        ("Dr. Helen Marsh, the company’s medical officer, told analysts: “Safety comes first.”", "en", ["Helen Marsh"]),
        ("“It was an attack on air traffic,” a police spokesman said.", "en", ["Police"]),
        ("“We are ready,” a spokesman for the Defence Ministry said.", "en", ["Defence Ministry"]),
        ("Lavrov arrived on Friday. “The talks were useful,” he said. “We will meet again,” he added.", "en",
         ["Lavrov", "Lavrov"]),
        ("The army took the village, according to the Defence Ministry, which called it “a success.”", "en",
         ["Defence Ministry"]),
        # a body in lower case keeps its owner; a place before a body is the body
        ("A spokesperson for the North's foreign ministry called the talks “a dangerous collusion.”", "en",
         ["North's foreign ministry"]),
        ("A Moscow court on Friday jailed the blogger, calling his posts “extremist.”", "en", ["Moscow court"]),
        # a person described by office after the cue is no name inside the description; a short last
        # name keeps no full stop
        ("“We will return home,” said the head of a visiting delegation from an Asian country.", "en",
         ["head of a visiting delegation"]),
        ("“We will return,” said Kim Jong Un.", "en", ["Kim Jong Un"]),
        # a body named first with "of"; its short form later; an official of a body whose name has commas
        ("The General Staff of the Korean People's Army called the drill “a rehearsal for war.” “We will respond,” "
         "the General Staff said.", "en", ["General Staff of the Korean People's Army"] * 2),
        ("An official of the Ministry of Economy, Trade and Industry said the case was serious. “Know-how is "
         "security,” the official said.", "en", ["Ministry of Economy, Trade and Industry official"]),
        ("The fire was put out. (Photo: Coast Guard)\n\n“No one was hurt,” a Tokyo police spokesman said.", "en",
         ["Tokyo police"]),
        ("«Мы не отступим», — заявил Лавров.", "ru", ["Лавров"]),
        ("По словам Лаврова, Россия «не откажется от солидарности».", "ru", ["Лавров"]),
        ("По словам Кругловой, экспорт «вырос на 7%».", "ru", ["Круглова"]),
        ("Как сообщили в Кремле, удар был «жестом отчаяния».", "ru", ["Кремль"]),
        ("Председатель КНДР Ким Чен Ын заверил Россию в «безоговорочной поддержке».", "ru", ["Ким Чен Ын"]),
        ("김정은 동지께서는 “우리는 준비되어 있다”고 강조하셨다.", "ko", ["김정은"]),
        # a clause that opens on a reporting verb, quotes inside it, has the subject before it;
        # a term after 所谓 ("so-called") is a scare quote, nobody's words
        ("外务省发言人6日发表谈话，称所谓“防御性”演习是“战争预演”，并警告将采取“相应对策”。", "zh",
         [None, "外务省发言人", "外务省发言人"]),
        # a province (…도) before its county is no topic marked by 도
        ("평안남도 숙천군 협동농장 관리위원장 리성남은 이렇게 말하였다.\n\n“모의 질을 높였습니다.”", "ko", ["리성남"]),
        ("노동신문도 이날 논평에서 전단 살포는 “명백한 도발”이라고 주장했다.", "ko", ["노동신문"]),
        # 同 and a body's ending of several characters; a describing clause before the subject; the
        # main clause's topic closed by a comma, not a reported clause's; a sentence closed on a noun
        ("国家災害管理評議会は10日、死者が21人に上ったと発表した。同評議会の報道官は「避難を進める」と述べた。", "ja",
         ["国家災害管理評議会の報道官"]),
        ("地元テレビ局ABS-CBNによると、被害が大きいカガヤン州の女性は「家が流された」と語った。", "ja", ["カガヤン州の女性"]),
        # a subject of a clause that describes a noun is no speaker; the one left out stays the same
        ("岩屋氏は記者団に「率直な意見交換ができた」と語った。中国が続ける輸入規制についても「撤廃を求めた」と明らかにした。",
         "ja", ["岩屋", "岩屋"]),
        ("日本大使館の担当者は取材に、日本人の被害は確認されていないと説明。「情報収集に努める」と話した。", "ja",
         ["日本大使館の担当者"]),
        ("한정우 장관은 “수출이 늘었다”고 밝혔다. 한 장관은 “안심할 수 없다”라고 강조했다.", "ko", ["한정우", "한정우"]),
        ("»Wir haben Briefe gefunden«, so Dr. Martin Keller.", "de", ["Martin Keller"]),
        ("„Das war gefährlich“, sagte ein Polizeisprecher.", "de", ["Polizei"]),
        ("La ministre Claire Duval a promis une aide. « Nous avons entendu la colère », a-t-elle assuré.", "fr",
         ["Claire Duval"]),
    ],
)
def test_speakers(text, language, expected):
    assert speakers_of(text, language) == expected


def test_speakers_cues_pronouns_and_scare_quotes():
    text = (
        "“We will not retreat,” Lavrov said. "
        "He added: “The partnership is strong.” "
        "According to KCNA, Kim hailed the “liberation” of the region."
    )
    paras, sents = segment.sentences(text, "en")
    quotes = extract_quotes("A", text, paras, sents, "en")
    assert [(q.speaker, q.attribution) for q in quotes[:2]] == [("Lavrov", "said"), ("Lavrov", "added")]
    assert quotes[2].text == "liberation" and quotes[2].scare_quote is False  # "According to" makes it reported
    plain = "Officials hailed the “liberation” of the region."
    p2, s2 = segment.sentences(plain, "en")
    assert extract_quotes("B", plain, p2, s2, "en")[0].scare_quote is True


def test_russian_cue_after_quote():
    text = "«Мы не можем отказаться от солидарности», — заявил Лавров."
    paras, sents = segment.sentences(text, "ru")
    (quote,) = extract_quotes("R", text, paras, sents, "ru")
    assert (quote.speaker, quote.attribution) == ("Лавров", "заявил")


def attributions(text: str, language: str) -> list[tuple[str | None, str | None]]:
    paras, sents = segment.sentences(text, language)
    return [(q.speaker, q.reported_by) for q in extract_quotes("v", text, paras, sents, language)]


@pytest.mark.parametrize(
    "text, language, expected",
    [
        # the outlet that relays a quote is its reported_by, never its speaker
        ("Kim Jong Un said the DPRK would “invariably support” Russia, KCNA reported.", "en",
         [("Kim Jong Un", "KCNA")]),
        ("“We are ready,” Choe Son Hui said, according to state media.", "en", [("Choe Son Hui", "state media")]),
        ("“Talks are over,” the minister said, the official Korean Central News Agency (KCNA) reported.", "en",
         [("minister", "KCNA")]),
        ("«Мы будем неизменно поддерживать Россию», — заявил Ким Чен Ын, передаёт ЦТАК.", "ru",
         [("Ким Чен Ын", "KCNA")]),
        ("Ким Чен Ын заверил, что КНДР «всегда будет рядом», сообщает ТАСС.", "ru", [("Ким Чен Ын", "TASS")]),
        ("최선희 외무상은 “동맹은 굳건하다”고 말했다고 조선중앙통신이 전했다.", "ko", [("최선희", "KCNA")]),
        ("신화통신에 따르면 왕이 외교부장은 “대화가 중요하다”고 말했다.", "ko", [("왕이", "Xinhua")]),
        ("据新华社报道，外交部发言人毛宁在记者会上表示：“中方坚决反对。”", "zh", [("毛宁", "Xinhua")]),
        ("朝鮮中央通信によると、金正恩総書記は「抑止力を強化する」と述べた。", "ja", [("金正恩", "KCNA")]),
        # an outlet the speaker talks to is no relay, and no speaker either
        ("“We expect progress,” a senior diplomat told TASS.", "en", [("senior diplomat", None)]),
        ("«Встреча состоится», — сообщили ТАСС в дипломатических кругах.", "ru", [("дипломатические круги", None)]),
    ],
)
def test_relaying_outlets_are_not_speakers(text, language, expected):
    assert attributions(text, language) == expected


@pytest.mark.parametrize(
    "text, language, expected",
    [
        # a quote introduced by a colon; a description is the speaker when no one was named
        ("The minister said: “We must reopen the border before winter.”", "en", ["minister"]),
        # titles and apposition before the name
        ("First Vice Department Director Kim Yo Jong said: “There will be no more warnings.”", "en", ["Kim Yo Jong"]),
        # interrupted by the cue, the speaker after the verb
        ("“We will,” said Choe Son Hui, “never yield.”", "en", ["Choe Son Hui", "Choe Son Hui"]),
        # a short form is the person named in full before
        ("North Korean leader Kim Jong Un oversaw the launch. “We are strong,” Kim said.", "en", ["Kim Jong Un"]),
        ("South Korea's Joint Chiefs of Staff (JCS) detected the launch. “We are ready,” the JCS said.", "en",
         ["Joint Chiefs of Staff"]),
        ("Нападающий Иван Морозов забил гол. «Мне повезло», — признался Морозов.", "ru", ["Иван Морозов"]),
        ("глава МИД РФ Сергей Лавров прибыл в Пхеньян. «Переговоры были полезными», — сказал министр.", "ru",
         ["Сергей Лавров"]),
        # a new, unnamed speaker is described, not taken for the last one named
        ("Exports rose. “The chip sector leads,” a ministry official said.", "en", ["ministry official"]),
        # Chinese: the subject before the verb, titles before the name stripped
        ("外交部发言人林剑5日在例行记者会上表示：“中方立场是一贯的。”", "zh", ["林剑"]),
        ("“我们密切关注局势，”一名外交部官员说。", "zh", ["外交部官员"]),
        # Japanese: the topic, titles after the name stripped; a body's officer stays whole
        ("林芳正官房長官は記者会見で「遺憾だ」と語った。", "ja", ["林芳正"]),
        ("気象庁の担当者は「注意してほしい」と呼びかけた。", "ja", ["気象庁の担当者"]),
        # Korean: a quotative particle is a cue; the topic may follow the quote
        ("선제골을 넣은 박준호는 “동료들 덕분이다”며 웃었다.", "ko", ["박준호"]),
        ("조태열 외교부 장관은 통화를 했다. 조 장관은 “도발을 멈춰야 한다”고 말했다.", "ko", ["조태열"]),
    ],
)
def test_agency_cue_forms(text, language, expected):
    assert [speaker for speaker, _ in attributions(text, language)] == expected


def test_a_quote_over_several_paragraphs_is_one_quote_with_its_speaker():
    text = ("The coach said: “It was a hard game.\n\n“The players showed character.\n\n"
            "“But the series has only begun.”\n\nThe next game is on Saturday.")
    paras, sents = segment.sentences(text, "en")
    quotes = extract_quotes("v", text, paras, sents, "en")
    assert len(quotes) == 1
    assert quotes[0].text.startswith("It was a hard game.") and quotes[0].text.endswith("only begun.")
    assert quotes[0].speaker == "coach"


def test_the_lavrov_sample_gives_kims_words_to_kim_as_relayed_by_kcna():
    import json
    from pathlib import Path

    from service.pipeline.relays import is_outlet

    sample = json.loads((Path(__file__).resolve().parents[2] / "samples" / "lavrov-kim-en-ru.json").read_text("utf-8"))
    report = sample["versions"][0]
    found = attributions(report["text"], report["language"])
    assert all(speaker is None or not is_outlet(speaker) for speaker, _ in found), found
    kims = [relay for speaker, relay in found if speaker == "Kim Jong Un"]
    assert len(kims) >= 3 and set(kims) == {"KCNA"}, found
    assert ("Sergey Lavrov", None) in found  # "Lavrov said" is the Sergey Lavrov named before


def _quotes(text: str, language: str):
    paras, sents = segment.sentences(text, language)
    return extract_quotes("v", text, paras, sents, language)


def test_a_time_between_subject_and_cue_is_no_speaker():
    text = ("Kim Yo-jong, the powerful sister of North Korean leader Kim Jong-un, on Monday warned that the South "
            "would pay “a price it cannot afford” if activists go on, the official KCNA reported. "
            "“Our patience is not unlimited,” she said.")
    assert [q.speaker for q in _quotes(text, "en")] == ["Kim Yo-jong", "Kim Yo-jong"]


@pytest.mark.parametrize("text, language", [
    ("North Korean leader Kim Jong-un attended the launch. “This marks a historic turning point for our navy,” "
     "the Korean Central News Agency (KCNA) quoted Kim as saying.", "en"),
    ("Председатель КНДР Ким Чен Ын принял министра. «Отношения между нашими странами вступили в новую эпоху», "
     "— цитирует северокорейского лидера ЦТАК.", "ru"),
])
def test_a_sentence_that_is_only_quote_and_relay_keeps_its_relay(text, language):
    [quote] = _quotes(text, language)
    assert quote.reported_by == "KCNA" and quote.speaker in ("Kim Jong-un", "Ким Чен Ын")


def test_a_cue_word_inside_a_name_is_no_cue():
    text = ("Kim criticised the drills of South Korea and the United States, calling them a threat. "
            "“We will answer,” Kim said.")
    assert [q.speaker for q in _quotes(text, "en")] == ["Kim"]
    from service.pipeline.speakers import attribute

    sentence = "The drills of South Korea and the United States “threaten peace”."
    paras, sents = segment.sentences(sentence, "en")
    start = sentence.index("threaten")
    found = attribute(sentence, sents, 0, start, start + len("threaten peace"), [(start, start + 14)], "en")
    assert found.cue != "states" and found.speaker != "United States"


def test_a_han_name_fused_with_its_party_is_the_name():
    text = "北朝鮮の金正恩朝鮮労働党総書記は8日、新型ロケット砲の試射を視察し、「重要な兵器だ」と述べた。"
    assert [q.speaker for q in _quotes(text, "ja")] == ["金正恩"]


def test_the_described_spokesman_is_the_one_named_before():
    text = ("Chief Cabinet Secretary Yoshimasa Hayashi told reporters the move was regrettable. The top government "
            "spokesman added that Tokyo would “respond calmly and resolutely” while keeping channels open.")
    assert [q.speaker for q in _quotes(text, "en")] == ["Yoshimasa Hayashi"]
    assert [q.speaker for q in _quotes("“We are ready,” the Foreign Ministry spokesman said.", "en")] == ["Foreign Ministry"]


@pytest.mark.parametrize("text, expected", [
    # the subject before a list that a comma splits ("식료공장과 일용품공장, 종합봉사소의 …")
    ("김정은동지께서는 식료공장과 일용품공장, 종합봉사소의 여러곳을 돌아보시면서 “공장은 인민의 공장으로 되여야 한다”고 "
     "말씀하시였다.", ["김정은"]),
    # a verb's adnominal form and a description before the name, its title "씨" carrying the topic
    ("이날 박물관을 찾은 직장인 이수진(31) 씨는 “주말마다 친구들과 오는데 지루할 틈이 없다”고 말했다.", ["이수진"]),
])
def test_korean_subjects_across_a_list_and_before_a_title(text, expected):
    assert [q.speaker for q in _quotes(text, "ko")] == expected


@pytest.mark.parametrize("text, expected", [
    ("Министр Михаил Мурашко призвал прививать детей. Как говорится в сообщении Роспотребнадзора, из них "
     "«около 70% приходится на лиц, не привитых против этой инфекции».", ["Роспотребнадзор"]),
    ("«Мы готовы к диалогу», — говорится в заявлении МИД России.", ["МИД России"]),
])
def test_a_document_of_a_named_body_is_the_body_speaking(text, expected):
    assert [q.speaker for q in _quotes(text, "ru")] == expected


@pytest.mark.parametrize("text, expected", [
    # an official described by office, body and owner is someone new, not the last one named
    ("Глава МИД РФ Сергей Лавров назвал переговоры полезными. Между тем официальный представитель МИД Индии "
     "осудил учения. «Диалог будет продолжен», — говорится в его заявлении.", ["официальный представитель МИД Индии"]),
    # ... unless the one named before was introduced with that owner
    ("Министр иностранных дел России Сергей Лавров прибыл в Дели. «Мы довольны итогами», — заявил глава "
     "МИД России.", ["Сергей Лавров"]),
    # after an inverted cue too
    ("«Спрос растет», — сообщил представитель норвежской компании Arctic Shipping Group.",
     ["представитель норвежской компании Arctic Shipping Group"]),
])
def test_a_russian_official_described_by_office_and_owner(text, expected):
    assert [q.speaker for q in _quotes(text, "ru")] == expected


@pytest.mark.parametrize("text, expected", [
    # whoever carried the document that speaks
    ("Minju Choson on Monday carried an article which called the plan “a dangerous gamble.” “It will fail,” "
     "the article said.", ["Minju Choson", "Minju Choson"]),
    # a body with its acronym in brackets, then an official described with that acronym
    ("“Two drones crossed the line,” the Defence Intelligence Service (DIS) said. “We are tracking them,” a DIS "
     "officer told reporters.", ["Defence Intelligence Service", "DIS officer"]),
    # the subject of two verbs joined by "and" speaks both quotes
    ("Ambassador Rhee Min-ho called the vote “a mistake” and urged Tokyo to “reconsider at once.”",
     ["Rhee Min-ho", "Rhee Min-ho"]),
])
def test_english_carriers_acronyms_and_coordinated_verbs(text, expected):
    assert [q.speaker for q in _quotes(text, "en")] == expected


@pytest.mark.parametrize("text, expected", [
    # the topic nearest the quote, not the first one of the sentence
    ("交渉は難航し、外務省幹部は「時間がかかる」との見方を示した。", ["外務省幹部"]),
    # a foreign name in katakana before its office
    ("イエレン財務長官は「市場は安定している」と述べた。", ["イエレン"]),
])
def test_japanese_nearest_topic_and_katakana_names(text, expected):
    assert [q.speaker for q in _quotes(text, "ja")] == expected


def test_a_korean_editorial_stands_for_the_paper_that_carried_it():
    text = "《민주조선》은 사설을 실어 “경제건설에 박차를 가하자”고 강조하였다. 사설은 “모두가 떨쳐나서야 한다”고 호소하였다."
    assert [q.speaker for q in _quotes(text, "ko")] == ["민주조선", "민주조선"]


@pytest.mark.parametrize("text, language, expected", [
    # a person before the appositive "spokeswoman for X" is the speaker, not X
    ("“We see no reason to hurry,” Anna Belova, spokeswoman for the Belarusian Foreign Ministry, told reporters.",
     "en", ["Anna Belova"]),
    # an official at a company is an official of it
    ("“Orders are back,” an official at Daewoo Shipbuilding Co. told reporters.", "en", ["Daewoo Shipbuilding official"]),
    # a body's name that starts with an office word, and a possessive inside a name
    ("A spokesman for the Ministry of Unification issued a statement. “Talks must resume,” the statement said.", "en",
     ["Ministry of Unification"]),
    ("Japan's Ministry of Finance said the yen's fall was “excessive.”", "en", ["Japan's Ministry of Finance"]),
    # a source described by where it is is someone new, never the last one named
    ("«Мы довольны», — сказал Игорь Сечин. Источник в правительстве сообщил, что решение отложено. «Сроки "
     "сдвигаются», — отметил собеседник агентства.", "ru", ["Игорь Сечин", "Источник в правительстве"]),
    # the imperfective cue
    ("Мария Захарова ранее заявляла, что Москва ждет «предметного разговора».", "ru", ["Мария Захарова"]),
    # "한" before an office and a body is "an" official; before a bare title it is the surname Han
    ("한 외교부 당국자는 “협의가 계속되고 있다”고 말했다.", "ko", ["외교부 당국자"]),
    ("박민수 국방부 대변인은 “경계를 강화했다”고 밝혔다.", "ko", ["박민수"]),
    # a determiner and an office stand for the one named before; a time word is no part of a name
    ("外交部有关负责人介绍，双方已达成共识。该负责人表示，将“继续保持沟通”。", "zh", ["外交部有关负责人"]),
    ("商务部部长王文涛日前表示，外贸“稳中有进”。", "zh", ["王文涛"]),
    # a sentence with no reporting verb names who "她" is
    ("来自成都的教师张敏在展厅驻足良久。“以前只在书上读到过这些壁画，今天终于亲眼看到了。”她说。", "zh", ["张敏"]),
    # "同監督" is the coach named before; a clause before a name is no part of it; さん before は
    ("日本代表の中村浩監督は「よく戦った」と評価。同監督は「次も勝つ」と語った。", "ja", ["中村浩", "中村浩"]),
    ("準決勝で敗れたマルティネス（スペイン）は「悔しい」と語った。", "ja", ["マルティネス"]),
    ("母校の顧問、高橋由美さんは「誇らしい」と喜んだ。", "ja", ["高橋由美"]),
])
def test_appositions_sources_determiners_and_clauses(text, language, expected):
    assert [q.speaker for q in _quotes(text, language)] == expected


@pytest.mark.parametrize("text, language, outlet", [
    ("Russia will “respond in kind,” Sergei Ryabkov was quoted as saying by TASS.", "en", "TASS"),
    ("据《光明日报》报道，专家表示“前景可期”。", "zh", "Guangming Daily"),
    ("米ブルームバーグ通信によると、同長官は「協議を続ける」と述べた。", "ja", "Bloomberg"),
])
def test_relays_written_with_the_kind_of_outlet(text, language, outlet):
    assert [q.reported_by for q in _quotes(text, language)] == [outlet]


@pytest.mark.parametrize("text, expected", [
    # the bench is the court named before
    ("서울고법 형사3부는 항소를 기각했다고 밝혔다. 재판부는 “죄질이 매우 무겁다”고 판시했다.", ["서울고법 형사3부"]),
    # a subject carried by 이, a partial quote and a verb of announcing
    ("북한 김여정 노동당 부부장이 남측의 훈련을 비난하며 “강력한 대응”을 예고했다.", ["김여정"]),
])
def test_korean_courts_and_announced_responses(text, expected):
    assert [q.speaker for q in _quotes(text, "ko")] == expected


@pytest.mark.parametrize("text, language, expected", [
    # a body no one named is itself the speaker, not the last person named
    ("“We will appeal,” said Kim Min-ho. The conglomerate, which declined to be named, said it “accepts the ruling.”",
     "en", ["Kim Min-ho", "conglomerate"]),
    # a body owned by a country, with an appositive: named with the country's demonym (one body, one name)
    ("“We will appeal,” said Kim Min-ho. Japan's foreign ministry, asked about the case, said it had “no comment.”",
     "en", ["Kim Min-ho", "Japanese foreign ministry"]),
    # an official of a body named before
    ("The Korea Meteorological Administration issued warnings. “Rain will continue,” an official of the "
     "administration's forecast office told reporters.", "en", ["Korea Meteorological Administration"]),
    ("외교부 장관은 기자들에게 말했다. 생후 3개월 딸을 키우는 이민정(31) 씨는 “걱정이 크다”고 말했다.", "ko", ["이민정"]),
    ("外交部长王毅表示，双方“增进了互信”。他还说，中方“愿意继续合作”。", "zh", ["王毅", "王毅"]),
])
def test_bodies_owners_officials_of_bodies_and_adverbs_after_pronouns(text, language, expected):
    assert [q.speaker for q in _quotes(text, language)] == expected


def test_a_passive_reporting_verb_reports_no_one():
    text = ("“The sentence is too light,” an official at the Busan District Prosecutors' Office said, adding that the "
            "defendant was promised “a large bonus” by the buyer.")
    assert [q.speaker for q in _quotes(text, "en")] == ["Busan District Prosecutors' Office official"] * 2


def test_a_public_broadcaster_relays():
    text = "“Stay indoors,” the governor told residents, according to public broadcaster NHK."
    assert [q.reported_by for q in _quotes(text, "en")] == ["NHK"]


def test_a_korean_department_before_an_office_is_no_conjunction():
    text = "이민호 서울대병원 내과 교수도 “조기 진단이 중요하다”고 조언했다."
    assert [q.speaker for q in _quotes(text, "ko")] == ["이민호"]


@pytest.mark.parametrize("text, language, expected", [
    # "the institute" is the Institute of Nuclear Physics named before
    ("The Institute of Nuclear Physics tested a new reactor. In its report, the institute said the core “performed "
     "as designed.”", "en", ["Institute of Nuclear Physics"]),
    # a body's name with "General" or "for" in it
    ("A spokesman for the Rocket General Bureau said the launch “posed no threat to neighbours.”", "en",
     ["Rocket General Bureau"]),
    ("“Surveys will end this year,” Mongolia's Agency for Nuclear Energy said.", "en",
     ["Mongolia's Agency for Nuclear Energy"]),
    # a source described by where it is, then "the source"
    ("A source in the Kazakh government told reporters that talks had ended. “Nothing is left to agree,” the source "
     "said.", "en", ["source in the Kazakh government"]),
    # a Korean topic with no reporting verb names who "그는" is
    ("부상 김철은 “공연이 훌륭했다”고 말하였다. 독창가수 리영희는 고향 마을들을 찾아 병사들을 만나보았다. "
     "그는 “보람을 느꼈다”고 말하였다.", "ko", ["김철", "리영희"]),
])
def test_bodies_named_before_body_names_sources_and_korean_topics(text, language, expected):
    assert [q.speaker for q in _quotes(text, language)] == expected


@pytest.mark.parametrize("text, language, outlet", [
    ("로씨야 따쓰통신에 의하면 대표단 단장은 “깊은 감명을 받았다”고 말하였다.", "ko", "TASS"),
    ("“The plant will open in 2030,” the ministry said, according to the Antara news agency.", "en", "Antara"),
])
def test_more_relays(text, language, outlet):
    assert [q.reported_by for q in _quotes(text, language)] == [outlet]


@pytest.mark.parametrize("text, language, expected", [
    # a verb of saying joined by "and" to an earlier one shares its subject, whatever is named between
    ("Lee Jae-won met the envoy. He noted that Japan and the United States were holding drills near the Korean "
     "peninsula, and called them “a rehearsal for war.”", "en", ["Lee Jae-won"]),
    ("Marta Quist said the Baltic states had been warned about the storm and described the damage as “severe.”", "en",
     ["Marta Quist"]),
    # "the head of X": a person described by office, the one named before, not the body X
    ("Energy company chief executive Pavel Orlov opened the plant. “It runs ahead of plan,” the head of the state "
     "corporation said.", "en", ["Pavel Orlov"]),
    # a Russian person described by what they are ("учёный", "собеседник агентства") is the one named before
    ("Об этом рассказал директор обсерватории Игорь Светлов. «Телескоп заработает весной», — сказал учёный.", "ru",
     ["Игорь Светлов"]),
    ("Об этом рассказал директор обсерватории Игорь Светлов. «Работы идут по плану», — пояснил собеседник агентства.",
     "ru", ["Игорь Светлов"]),
    # a name after a long office, past an outlet the speaker talked to
    ("Работы завершатся в 2027 году, рассказал ТАСС заместитель директора Института прикладной физики (ИПФ) РАН "
     "Олег Карпов. «Прибор уже собран», — сказал учёный.", "ru", ["Олег Карпов"]),
    # a Russian subject is the noun in the nominative whose genitives end in a name, not the name
    ("Министерство энергетики Казахстана назвало проект «историческим шагом».", "ru",
     ["Министерство энергетики Казахстана"]),
    ("Объединенный совет старейшин Абхазии, в свою очередь, заявил: «Мы против».", "ru",
     ["Объединенный совет старейшин Абхазии"]),
])
def test_joined_verbs_offices_of_bodies_and_described_russians(text, language, expected):
    assert [q.speaker for q in _quotes(text, language)] == expected


@pytest.mark.parametrize("text, language, expected", [
    # "the spokesman" is the one introduced as a spokesman, though someone else was named since
    ("A spokesman for the Estonian Foreign Ministry called the vote “a farce.” Pavel Rudin, a deputy, said the vote "
     "was “fair.” The spokesman dismissed that as “nonsense.”", "en",
     ["Estonian Foreign Ministry", "Pavel Rudin", "Estonian Foreign Ministry"]),
    ("A spokesman for the Estonian Foreign Ministry called the vote “a farce.” Pavel Rudin, a deputy, said the vote "
     "was “fair.”\n\nNoting the turnout, the spokesman went on:\n\n“The result will not be recognised.”", "en",
     ["Estonian Foreign Ministry", "Pavel Rudin", "Estonian Foreign Ministry"]),
    # a participle of saying after a verb that is none: the sentence's subject speaks
    ("Okafor, on her first trip abroad since the vote, echoed the view, describing the deal as “a new chapter.”", "en",
     ["Okafor"]),
    # a Russian source after the outlet it told
    ("«Переговоры пока отложены», — сообщил ТАСС источник в дипломатических кругах в Осло.", "ru",
     ["источник в дипломатических кругах в Осло"]),
    # a Korean clause made a noun by 것 is no speaker; a title written onto the name goes
    ("외무성 박철남부상이 12일 담화를 발표하여 적들이 또다시 령공을 침범한것은 “엄중한 도발”이라고 규탄하였다.", "ko",
     ["박철남"]),
    # a foreign name in Chinese, after a description
    ("在上海参加博览会的阿根廷客商马丁·洛佩斯接受记者采访时说：“今年的订单更多了。”", "zh", ["马丁·洛佩斯"]),
    # a Japanese name after its body and before its office; a Kyodo dateline is no part of a speaker
    ("【ソウル共同】韓国国防省の李正浩報道官は14日、「挑発は容認できない」と述べた。", "ja", ["李正浩"]),
    ("【ソウル共同】韓国国防省の報道官は14日、「挑発は容認できない」と述べた。", "ja", ["韓国国防省の報道官"]),
])
def test_roles_participles_sources_and_cjk_names(text, language, expected):
    assert [q.speaker for q in _quotes(text, language) if not q.scare_quote] == expected


@pytest.mark.parametrize("text, language, expected", [
    # an age stands for the person named before; a short quote that is a sentence of its own is speech
    ("Aiko Mori won the race on Sunday. “I felt strong all the way,” the 19-year-old said. “Then I flew.”", "en",
     ["Aiko Mori", "Aiko Mori"]),
    # an official of a place's bureau, introduced without a quote, is someone new
    ("Pedro Alves fled his home. “It was terrible,” said Alves. An official with the province's water resources "
     "bureau told reporters that the dam held. “The dam is safe,” the official said.", "en",
     ["Pedro Alves", "province water resources bureau official"]),
    # Russian: advising is a cue; "в институте" is the institute named before
    ("Терапевт Анна Белова посоветовала «пить больше воды».", "ru", ["Анна Белова"]),
    ("В Институте физики атмосферы РАН сообщили о заморозках. «Холод продержится неделю», — отметили в институте.",
     "ru", ["Институт физики атмосферы РАН"]),
    # a Korean commentary stands for the paper that carried it
    ("이날 민주조선은 론평을 발표하여 “위험한 망동”이라고 규탄하였다. 론평은 “결코 용납될수 없다”고 강조하였다.", "ko",
     ["민주조선", "민주조선"]),
    # Chinese: 提醒说 is one cue; Korean ministerial titles in Chinese
    ("韩国财政部一名官员提醒说：“风险依然存在。”", "zh", ["韩国财政部官员"]),
    ("韩国产业通商资源部长官李明洙表示：“出口将继续增长。”", "zh", ["李明洙"]),
    # Japanese: 同庁 is the agency named before; an occupation before a name is no part of it
    ("気象庁によると、雨は続く見通し。同庁の担当者は「警戒を続けてほしい」と述べた。", "ja", ["気象庁の担当者"]),
    ("鹿児島市の会社員佐藤一郎さん（45）は「初めての経験だ」と話した。", "ja", ["佐藤一郎"]),
])
def test_ages_officials_of_places_bodies_named_before_and_occupations(text, language, expected):
    assert [q.speaker for q in _quotes(text, language) if not q.scare_quote] == expected


def test_a_korean_title_that_ends_in_another_is_no_name_and_title():
    text = "김동혁 한반도평화연구원 선임연구위원은 “추가 도발 가능성이 있다”고 분석했다."
    assert [q.speaker for q in _quotes(text, "ko")] == ["김동혁"]


def test_a_chinese_abbreviation_is_the_body_named_before():
    text = ("日本国家海上保安厅7日表示，船只已经返回。日海保厅在声明中说：“搜救工作仍在继续。”")
    assert [q.speaker for q in _quotes(text, "zh")] == ["日本国家海上保安厅"]


def test_a_japanese_topic_with_no_cue_is_who_dosha_stands_for():
    text = "東北電力は18日、発電所の運転を止めた。同社は「点検が終わり次第、再開する」としている。"
    assert [q.speaker for q in _quotes(text, "ja")] == ["東北電力"]


def test_a_dateline_is_no_subject_and_a_long_opening_sentence_keeps_its_spokesman():
    from service.pipeline import furniture

    text = ("Ministry Spokesman Slams Drills\n\n"
            "Pyongyang, August 14 (KCNA) -- A spokesman for the Ministry of Coastal Defence of the DPRK issued a press "
            "statement on Wednesday denouncing the large-scale naval drills which the two countries' fleets kicked off "
            "this week near the maritime border under the signboard of “annual and defensive” exercises.\n\n"
            "“This is an undisguised rehearsal for an invasion,” the spokesman said.")
    paras, sents = segment.sentences(text, "en")
    quotes = extract_quotes("v", text, paras, sents, "en", furniture.recognise(text, paras))
    assert [q.speaker for q in quotes if not q.scare_quote] == ["Ministry of Coastal Defence"]


@pytest.mark.parametrize("text, language, expected", [
    # after an inverted Russian cue, the subject is the person in the nominative, not the one met "с …"
    ("Об этом заявил после встречи с послом Бразилии Тиагу Карвалью вице-премьер Олег Дымов. «Мы довольны», — "
     "отметил вице-премьер. Карвалью, в свою очередь, назвал встречу «полезной».", "ru", ["Олег Дымов", "Тиагу Карвалью"]),
    # a foreign surname pymorphy3 does not know is a name, not a person described by a noun
    ("Мунхбат, со своей стороны, назвал итоги «обнадеживающими».", "ru", ["Мунхбат"]),
    # "what she called", "which it described as": the subject of the sentence's first verb of saying
    ("Lena Ortiz, a visiting violinist, said her group was proud to join what she called “a feast of music.”", "en",
     ["Lena Ortiz"]),
    ("The Daily Tribune in an editorial argued that the plan repeats past errors, which it described as “reckless "
     "experiments.”", "en", ["Daily Tribune"]),
    # a name in apposition after a description
    ("The country's largest union, the Metal Workers Federation, separately called the deal “a betrayal.”", "en",
     ["Metal Workers Federation"]),
    # Korean: 그이 (the leader's honorific "he") refers back; a plural is no given name
    ("김정은동지께서는 “우리는 강하다.”라고 말씀하시였다. 그이께서는 이른바 “억제”는 “전쟁연습”이라고 단언하시였다. "
     "행사를 참관한 외국손님 성원들은 “감동적이였다”고 말하였다.", "ko", ["김정은", "김정은", "외국손님 성원들"]),
])
def test_nominative_subjects_relative_pronouns_appositions_and_korean_plurals(text, language, expected):
    assert [q.speaker for q in _quotes(text, language) if not q.scare_quote] == expected


@pytest.mark.parametrize("text, language, expected", [
    # "the paper" stands for the outlet named before, not for the last person
    ("Minju Joson in a commentary said the talks had failed. Mr. Ri agreed. “The door is closed,” the paper said.",
     "en", [("Minju Joson", None)]),
    # a participle after a partial quote: the subject that opens the sentence
    ("Oslo denied the claim. On Tuesday, a spokesman for its justice ministry dismissed what he called a “fantasy” "
     "story, saying the report was “pure invention,” the NTB agency reported.", "en",
     [("Norwegian justice ministry", None), ("Norwegian justice ministry", None)]),
    # "the words of a representative of the ministry" named before, relayed by an outlet spelt with Ё
    ("Министерство по делам молодежи Казахстана предложило новый план. «План уже готов», — приводит агентство "
     "Ёнхап слова представителя министерства.", "ru",
     [("представитель Министерства по делам молодежи Казахстана", "Yonhap")]),
    ("据越南通讯社报道，越南外交部副部长阮春山表示，合作“前景广阔”。", "zh", [("阮春山", "Vietnam News Agency")]),
    # 연설자 ("the speaker of the speech") is the one who gave it
    ("부총리 최명호동지가 연설을 하였다.\n\n연설자는 “수확은 더 늘것”이라고 말하였다.", "ko", [("최명호", None)]),
])
def test_publications_participles_offices_of_bodies_and_new_outlets(text, language, expected):
    assert [(q.speaker, q.reported_by) for q in _quotes(text, language) if not q.scare_quote] == expected


@pytest.mark.parametrize("text, language, expected", [
    # a document "on the site of" or "in the Telegram channel of" a body is the body's
    ("«Проверка продолжается», — говорится в сообщении на сайте областного управления МВД.", "ru",
     ["областное управление МВД"]),
    ("«Все службы работают», — говорится в Telegram-канале администрации Томска.", "ru", ["администрация Томска"]),
    # a Russian sentence opening on a common noun: its subject is the person in the nominative
    ("Интересы Петрова в суде представляет адвокат Ольга Белова. «Мы обжалуем решение», — сказала адвокат.", "ru",
     ["Ольга Белова"]),
    # an owner before an army's name is no part of its staff's name
    ("The General Staff of the South's Republic of Korea Army (ROKA) called the move “a provocation,” officials said.",
     "en", ["General Staff of the Republic of Korea Army"]),
])
def test_sites_russian_subjects_and_owners_inside_a_name(text, language, expected):
    assert [q.speaker for q in _quotes(text, language) if not q.scare_quote] == expected


@pytest.mark.parametrize("text, language, expected", [
    # an office of two fields joined by "and" after an inverted cue
    ("“The line will open in May,” said Trade and Industry Minister Amina Yusuf at the ceremony.", "en",
     [("Amina Yusuf", None)]),
    # an outlet followed by what it is; an outlet's name in guillemets, and the name itself is no speech
    ("The head of the agency, Omar Haddad, called it “a new page,” IRNA news agency reported.", "en",
     [("Omar Haddad", "IRNA")]),
    ("В МИД Казахстана сообщили о подготовке. «Все готово», — говорится в заявлении ведомства, которое приводит "
     "агентство «Кабар».", "ru", [("МИД Казахстана", "Kabar")]),
    # where a Russian speaker spoke, after the name, is no subject
    ("Официальный представитель МИД КНР Ли Цян на брифинге в Пекине заявил, что Китай «готов к диалогу».", "ru",
     [("Ли Цян", None)]),
    # a Chinese clause after the quote that opens on its verb goes on with the subject before
    ("研究院院长助理王立新说，市场平稳。他认为，今年的消费“更加理性”，预计明年将继续增长。", "zh", [("王立新", None)]),
    # a Japanese given name in hiragana after a description
    ("主演に抜てきされた新人の山本さくら（14）は「夢みたい」と話した。", "ja", [("山本さくら", None)]),
])
def test_joined_offices_outlets_in_marks_places_after_names_and_kana_names(text, language, expected):
    assert [(q.speaker, q.reported_by) for q in _quotes(text, language) if not q.scare_quote] == expected


def test_a_document_of_a_body_named_before_and_a_name_with_brackets_and_fields():
    text = ("Об этом сообщили в обсерватории Института прикладной астрономии (ИПА) РАН. «Вспышка была мощной», — "
            "говорится в сообщении обсерватории в Telegram-канале. Предупреждение выпустил и Центр мониторинга "
            "погоды и климата Норвегии. «Возможны сбои», — приводит агентство Рейтер слова представителя центра.")
    assert [(q.speaker, q.reported_by) for q in _quotes(text, "ru")] == [
        ("обсерватория Института прикладной астрономии (ИПА) РАН", None),
        ("представитель Центра мониторинга погоды и климата Норвегии", "Reuters")]


@pytest.mark.parametrize("text, language, expected", [
    # a name the subject opens with, then an appositive with commas of its own
    ("Minju Joson, organ of the Cabinet, DPRK, on Friday called the plan “a fraud.”", "en", [("Minju Joson", None)]),
    # an outlet by its kind closing a Russian sentence that quotes "слова" of someone
    ("«Мы сыграли плохо», — приводит слова тренера команды Олега Белова телеканал Матч ТВ.", "ru",
     [("Олег Белов", "Match TV")]),
    # an outlet no list knows, in title marks; a Chinese cue of describing
    ("据肯尼亚《旗帜报》报道，一名牧民说：“水没了。”代表劳拉·门德斯表示，缺口扩大。她形容旱情“是最严重的一次”。", "zh",
     [("牧民", "旗帜报"), ("劳拉·门德斯", None)]),
    # a Japanese surname before 被告 is the defendant named before; an outlet as the topic that passed it on
    ("【北京共同】法院は12日、元副市長の李文強被告（58）に判決を言い渡した。\n\n李被告は「反省している」と述べた。"
     "\n\n中国中央テレビ（CCTV）は、李被告が語ったとされる「自分がルールだった」との言葉も伝えた。", "ja",
     [("李文強", None), ("李文強", "CCTV")]),
])
def test_appositions_after_names_closing_outlets_title_marks_and_japanese_defendants(text, language, expected):
    assert [(q.speaker, q.reported_by) for q in _quotes(text, language) if not q.scare_quote] == expected



@pytest.mark.parametrize("text, language, expected", [
    # a participle after the quote goes on with the subject of the verb of saying before it
    ("A senior government official said the results were “encouraging,” adding that talks would go on.", "en",
     ["senior government official"]),
    # a partial quote inside a clause is that clause's subject's; the clause after it is where the report is from
    ("Tanaka described the meeting as “candid and useful,” the ministry said in a press release.", "en", ["Tanaka"]),
    # a body's name that ends in an anaphor's word is a name
    ("“We recommend that residents stay indoors,” the Emergencies Ministry said.", "en", ["Emergencies Ministry"]),
    # natasha's person is in the nominative already; a body described in lower case named before
    ("По словам государственного обвинителя Ирины Соколовой, подсудимый «действовал расчетливо».", "ru",
     ["Ирина Соколова"]),
    ("В государственной корпорации ТАСС пояснили, что работы идут. «Завод будет достроен», — говорится в "
     "сообщении корпорации.", "ru", ["государственная корпорация"]),
    # an office written after the name, not a name glued to an office; "한" before a role is "one"
    ("소방서 박영호 구조대장은 “수색을 이어가고 있다”고 말했다.", "ko", ["박영호"]),
    ("위원회의 한 일군은 “점검을 끝냈다”고 말하였다.", "ko", ["위원회 일군"]),
    # 在野党 is a word; 在 inside a given name after an office; two verbs of saying in a row; a count
    # before a clause that describes the speaker; an adverb after a pronoun
    ("最大在野党发言人李明书批评说，“这是错误的”。", "zh", ["李明书"]),
    ("大学教授郑在民在接受采访时表示，“这是现实的选择”。", "zh", ["郑在民"]),
    ("一名在首尔经营餐馆的业主说：“生意撑不下去了。”", "zh", ["在首尔经营餐馆的业主"]),
    ("行长王振浩表示：“维持利率更为妥当。”他同时暗示，“政策的大门是敞开的”。", "zh", ["王振浩", "王振浩"]),
    # a source the sentence goes by, when the quote is hearsay
    ("関係者によると、交渉は長引き、「厳しいやりとりが続いた」という。", "ja", ["関係者"]),
    # a surname before an office is not lengthened by the office's opening (官房 of 官房長官)
    ("林官房長官は「極めて遺憾だ」と述べた。", "ja", ["林"]),
])
def test_participles_clauses_bodies_offices_and_sources(text, language, expected):
    assert speakers_of(text, language) == expected


def test_an_unknown_outlet_after_its_kind_relays_a_quote():
    text = "“Stay indoors,” the regional ministry said, as quoted by the local news agency Kamchatka-Inform."
    assert [q.reported_by for q in _quotes(text, "en")] == ["Kamchatka-Inform"]


def test_a_korean_outlet_as_topic_passes_on_the_subject_s_words():
    text = "조선중앙통신은 김정은 총비서가 “국방력을 계속 강화해야 한다”고 강조했다고 보도했다."
    assert [(q.speaker, q.reported_by) for q in _quotes(text, "ko")] == [("김정은", "KCNA")]


def test_a_japanese_role_named_by_its_field_has_no_name_before_it():
    assert speakers_of("同社の広報担当者は「現在調査中だ」と話した。", "ja") == ["同社の広報担当者"]


@pytest.mark.parametrize("text, language, expected", [
    # a body named by its kind is the body named before; a source of the agency is someone new
    ("В Минприроды заверили ТАСС, что угрозы нет. «Данные поступают», — отметили в ведомстве.", "ru", ["Минприроды"]),
    ("«Он прав», — сказал Иван Петров. По словам собеседника агентства в банковской сфере, сделка «почти готова».",
     "ru", ["Иван Петров", "собеседник агентства в банковской сфере"]),
    # a katakana office after the name; a topic closed with its own clause before the quote
    ("クラブの李明ゼネラルマネジャーは「十分に通用する」と語った。", "ja", ["李明"]),
    ("連盟の担当者は「刺激になる」と話した。一方で、日程は期間と重なる部分があり、「調整はこれからだ」とも述べた。", "ja",
     ["連盟の担当者", "連盟の担当者"]),
])
def test_bodies_by_kind_agency_sources_katakana_offices_and_closed_clauses(text, language, expected):
    assert speakers_of(text, language) == expected


def test_a_national_agency_quoted_by_its_full_name_relays():
    text = "Hun Sokha was quoted by Agence Kampuchea Presse as saying that trade “keeps growing.”"
    assert [q.reported_by for q in _quotes(text, "en")] == ["Agence Kampuchea Presse"]


@pytest.mark.parametrize("text, language, expected", [
    ("North Korea's official KCNA news agency quoted leader Kim Jong Un as saying the country “will never give up.”",
     "en", [("Kim Jong Un", "KCNA")]),
    ("Yonhap quoted an unnamed official as saying the talks were “productive.”", "en", [("unnamed official", "Yonhap")]),
    ("Laut Polizei war die Lage „unter Kontrolle“.", "de", [("Polizei", None)]),
])
def test_the_one_an_outlet_quoted_as_saying_and_a_cue_opening_a_sentence(text, language, expected):
    assert [(q.speaker, q.reported_by) for q in _quotes(text, language)] == expected


@pytest.mark.parametrize("text, language, expected", [
    # "what <noun phrase> called"; an adjective opening a sentence is no name; "the ambassador" is the
    # name his office stood beside, and "he" next is him too
    ("The embassy reopened, opening what diplomats in the capital called “a new page.”", "en",
     [("diplomats in the capital", None)]),
    ("Present at the ceremony were Ri Chol Ung, DPRK ambassador to Indonesia, and officials. In his speech the "
     "ambassador said: “The friendship will grow.” “We will do our utmost,” he went on.", "en",
     [("Ri Chol Ung", None), ("Ri Chol Ung", None)]),
    # a spokesman opening the sentence after an adverbial, whatever date stands before the verb
    ("Meanwhile, a spokesman for the DPRK Foreign Ministry, in a statement issued on May 13, rejected the claims. "
     "“Stop the slander,” the statement said.", "en", [("DPRK Foreign Ministry", None)]),
    # an unknown outlet after its place and kind, closing the sentence; one after "news agency"
    ("Minister Karim Adel described the deal as “a guarantee of bread,” the Cairo daily Al-Ahram reported.", "en",
     [("Karim Adel", "Al-Ahram")]),
    ("The news agency Antara quoted a senior official of the Foreign Ministry as saying that Jakarta “values "
     "the principles.”", "en", [("senior official of the Foreign Ministry", "Antara")]),
    ("Speaking next, Dian Suryani, director of the department, expressed the belief that the move would “give "
     "fresh impetus.”", "en", [("Dian Suryani", None)]),
    # a name before an office written as one word with its field; a foreign name back to the office
    ("박성훈 관세청 조사국장은 브리핑에서 “두 번째로 큰 규모”라고 말했다.", "ko", [("박성훈", None)]),
    ("组委会主席阿济兹·拉希莫夫在闭幕式上说：“这里成了中心。”", "zh", [("阿济兹·拉希莫夫", None)]),
    ("海巡署の林志豪副署長は「航行を繰り返した」と指摘した。林氏は「断定できない」とした。", "ja",
     [("林志豪", None), ("林志豪", None)]),
])
def test_relative_noun_subjects_offices_beside_names_and_outlets_by_kind(text, language, expected):
    assert [(q.speaker, q.reported_by) for q in _quotes(text, language) if not q.scare_quote] == expected


def test_one_of_a_group_and_an_outlet_named_before_as_the_publication():
    text = ("По данным «Коммерсанта», схему организовал житель Москвы. Один из задержанных на допросе заявил, что "
            "считал работу «обычными продажами», пишет издание.")
    found = [(q.speaker, q.reported_by) for q in _quotes(text, "ru") if not q.scare_quote]
    assert found[-1] == ("один из задержанных", "Kommersant")


@pytest.mark.parametrize("text, language, expected", [
    # a paper opening a sentence as the author of a piece: "it said" and "the article said" are its words
    ("Pak Chol, a farmer, said: “We worked day and night.” Minju Joson on Monday carried an article praising the "
     "farms. It called the warnings “an empty lie.” “The granaries are full,” the article said.", "en",
     [("Pak Chol", None), ("Minju Joson", None), ("Minju Joson", None)]),
    # an outlet no list knows, whose name says what it is
    ("The mayor said the fire was “under control,” according to the Manila Bulletin Daily.", "en",
     [("mayor", "Manila Bulletin Daily")]),
    # a Russian official described by office and body, with the briefing where he spoke; then a relay only
    ("Официальный представитель Министерства иностранных дел КНР на брифинге в Пекине отверг критику. "
     "«Мы никому не угрожаем», — передает агентство Синьхуа.", "ru",
     [("Официальный представитель Министерства иностранных дел КНР", "Xinhua")]),
    # Korean: a place marked "also" is no topic; a foreign name in Hangul before its office; the outlet as topic with 도
    ("신화통신에 의하면 일본의 규슈지방에서도 폭우가 이어졌으며 일본기상청의 한 관계자는 “비는 주말까지 계속될것”이라고 말하였다.", "ko",
     [("일본기상청 관계자", "Xinhua")]),
    ("대표단을 이끈 알렉세이 페트로프 단장은 “협력은 계속될 것”이라고 말했다. 페트로프 단장은 또 “다시 오겠다”고 말했다.", "ko",
     [("알렉세이 페트로프", None), ("알렉세이 페트로프", None)]),
    ("일본 교도통신도 관계자가 “회담은 연기됐다”고 말했다고 보도했다.", "ko", [("관계자", "Kyodo")]),
    # Chinese: a clause describing the speaker before 的
    ("将古画捐给博物馆的法国画家马克·杜邦表示，“这是我应该做的”。", "zh", [("马克·杜邦", None)]),
    # Japanese: an office alone is the one named with it; a body in full named before; a role of a body with の
    ("北部州のレイエス知事は「橋が流された」と述べた。知事はまた「水が足りない」と訴えた。", "ja",
     [("レイエス", None), ("レイエス", None)]),
    ("在マニラ日本領事館によると、邦人の被害はない。領事館は「外出を控えてほしい」と呼びかけた。", "ja", [("在マニラ日本領事館", None)]),
    ("消防当局の担当者は、延焼が続いていると明らかにした。「夜には風が強まる」と警戒を呼び掛けた。", "ja", [("消防当局の担当者", None)]),
])
def test_papers_as_authors_outlets_by_their_names_offices_alone_and_describing_clauses(text, language, expected):
    assert [(q.speaker, q.reported_by) for q in _quotes(text, language) if not q.scare_quote] == expected


@pytest.mark.parametrize("text, language, expected", [
    # the subject stood more than a window before the quote: the sentence's opening names it
    ("The Coast Guard on Thursday dismissed the fishing association's claim that its patrol boats had rammed two "
     "trawlers near the northern maritime border during a storm last week, an account the association repeated "
     "at a news conference, calling the videos circulated online by the association “clearly edited.”", "en",
     [("Coast Guard", None)]),
    # a source in a body named by a capital ("источник в Минфине")
    ("«Мы ожидаем роста», — сообщил ТАСС источник в Росавиации.", "ru", [("источник в Росавиации", None)]),
    # a Korean body by the word its name ends in
    ("전국공무원노동조합 서울지부는 “인력을 늘려야 한다”고 밝혔다. 지부는 “대화에 나서라”며 면담을 요구했다.", "ko",
     [("전국공무원노동조합 서울지부", None), ("전국공무원노동조합 서울지부", None)]),
])
def test_subjects_beyond_the_window_sources_in_named_bodies_and_korean_bodies_by_their_last_word(text, language, expected):
    assert [(q.speaker, q.reported_by) for q in _quotes(text, language) if not q.scare_quote] == expected


@pytest.mark.parametrize("text, language, expected", [
    # a Russian body after the cue, by the word for its kind and an owner with a capital; the
    # message of a body named in a sentence without quotes is that body's
    ("«Пожар потушен», — сообщает пресс-служба МЧС.", "ru", [("пресс-служба МЧС", None)]),
    ("Спасатели эвакуировали 40 человек, сообщает пресс-служба ГУ МЧС по Приморскому краю. "
     "«Угрозы жизни нет», — говорится в сообщении.", "ru", [("пресс-служба ГУ МЧС по Приморскому краю", None)]),
    ("«Пожар потушен», — заявила пресс-служба управления.", "ru", [(None, None)]),
    # "в ведомстве": the body named last, though a person was quoted since
    ("В Росгидромете заверили, что «угрозы нет». Синоптик Иван Петров сказал: «Дождь закончится». "
     "«Ситуация под контролем», — добавили в ведомстве.", "ru",
     [("Росгидромет", None), ("Иван Петров", None), ("Росгидромет", None)]),
    ("Спасатели эвакуировали 40 человек, сообщает пресс-служба ГУ МЧС по Приморскому краю. Глава района Иван "
     "Петров сказал: «Дождь закончится». В ведомстве не исключили, что «вода поднимется».", "ru",
     [("Иван Петров", None), ("пресс-служба ГУ МЧС по Приморскому краю", None)]),
    # a document of a body named with a capital in the genitive: that body
    ("«Задействованы 900 человек», — говорится в сообщении пресс-службы регионального управления МЧС.", "ru",
     [("пресс-служба регионального управления МЧС", None)]),
    # "не исключил, что": a cue, negated
    ("Министр Сергей Лавров не исключил, что «переговоры продолжатся».", "ru", [("Сергей Лавров", None)]),
    # "the head of X" with no one named before is described in full; "hailed … as" is a cue
    ("The head of the union called the reply “a message of trust.”", "en", [("head of the union", None)]),
    ("Roscosmos chief Yuri Borisov spoke on Monday. The head of the state corporation said: “We are ready.”", "en",
     [("Yuri Borisov", None)]),
    ("Union leader Aiko Sato hailed the deal as “a message of trust.”", "en", [("Aiko Sato", None)]),
    # Chinese "以“…”为由": the grounds the clause's subject gave, in its words
    ("候选人朴成哲以“计票存在错误”为由向法院提起诉讼。", "zh", [("朴成哲", None)]),
    ("华为公司表示将推迟发布。该公司以“技术故障”为由推迟发布。", "zh", [("华为公司", None)]),
    # a Japanese outlet no list knows, named with the kind of outlet as its last word
    ("ケニア国営放送によると、地元の医師は「患者が急増している」と話した。", "ja", [("地元の医師", "ケニア国営放送")]),
])
def test_russian_bodies_after_the_cue_negated_cues_and_outlets_named_by_kind(text, language, expected):
    assert [(q.speaker, q.reported_by) for q in _quotes(text, language) if not q.scare_quote] == expected


def test_a_body_owned_by_a_country_its_capital_or_its_short_form_is_named_with_the_demonym():
    text = ("North Korea fired shells on Monday. A spokesman for the North's defense ministry called the drills "
            "“reckless.” Pyongyang's foreign ministry said: “We will respond.” North Korea's foreign ministry "
            "added: “We are ready.”")
    assert [q.speaker for q in _quotes(text, "en")] == [
        "North Korean defense ministry", "North Korean foreign ministry", "North Korean foreign ministry"]
    # "the North" with no northern place named before stays as written
    assert [q.speaker for q in _quotes("A spokesman for the North's defense ministry called the drills “reckless.”",
                                       "en")] == ["North's defense ministry"]


@pytest.mark.parametrize("text, language, expected", [
    # a clause before the quote names the speaker; the outlet's "said" closing the sentence relays it
    ("Kim Jong Un watched the test, KCNA said. He also condemned the so-called “joint exercises” staged by "
     "Tokyo and Washington as a “rehearsal for invasion,” the agency said.", "en",
     [(None, None), ("Kim Jong Un", "KCNA")]),
    ("Choe Son Hui met the envoy. She called the sanctions “a crime against humanity,” KCNA said.", "en",
     [("Choe Son Hui", "KCNA")]),
    # with no clause of saying before it, the outlet speaks its own words
    ("“The provocation will not go unpunished,” KCNA said.", "en", [("KCNA", None)]),
])
def test_an_outlet_closing_the_sentence_relays_a_quote_whose_clause_names_the_speaker(text, language, expected):
    assert [(q.speaker, q.reported_by) for q in _quotes(text, language)] == expected


def test_a_russian_body_where_it_was_said_opens_the_last_clause_before_a_plural_cue():
    text = ("Водителей, которые выезжают на трассу ночью, в Госавтоинспекции призвали «не рисковать понапрасну».")
    assert speakers_of(text, "ru") == ["Госавтоинспекция"]
    # a time is no body: "в понедельник" names no one
    assert speakers_of("Министр уехал, в понедельник сообщили «о переносе визита».", "ru") != ["понедельник"]


def test_the_korean_bench_is_the_court_named_before_though_a_person_spoke_since():
    text = ("서울고법 형사3부(김영호 부장판사)는 5일 뇌물 혐의로 기소된 이 전 군수에게 징역 2년을 선고했다. "
            "이 전 군수는 “상고하겠다”고 말했다. 재판부는 “죄질이 가볍지 않다”고 밝혔다.")
    assert speakers_of(text, "ko")[-1] == "서울고법 형사3부"


@pytest.mark.parametrize("text, language, expected", [
    # the splitter ends a sentence inside the marks; the cue opens the next
    ("“今年的收成比去年好得多。”农民张建华说，“价格也不错。”", "zh", ["张建华", "张建华"]),
    ("“我们已经做好了准备。”队长李志强表示。", "zh", ["李志强"]),
])
def test_a_chinese_cue_right_after_a_quote_that_ends_its_sentence(text, language, expected):
    assert speakers_of(text, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    ("市防災局のマリア・サントス報道官は「避難を続けてほしい」と述べた。サントス氏は「川に近づかないで」と呼び掛けた。", "ja",
     ["マリア・サントス", "マリア・サントス"]),
    ("法国专家让·杜邦说：“修复需要三年。”杜邦还表示：“资金已经到位。”", "zh", ["让·杜邦", "让·杜邦"]),
])
def test_a_foreign_surname_is_the_full_name_given_before(text, language, expected):
    assert speakers_of(text, language) == expected


def test_china_media_group_relays_as_cctv():
    text = "据中央广播电视总台报道，游客王丽说：“风景很美。”"
    assert [(q.speaker, q.reported_by) for q in _quotes(text, "zh")] == [("王丽", "CCTV")]


def test_the_bodys_spokesman_is_the_one_introduced_by_that_office_before():
    text = ("Foreign Ministry Spokeswoman Anna Berg said: “The talks went well.” Minister Olaf Lind added: “We agree.” "
            "“No deadline was set,” the Foreign Ministry spokeswoman stressed.")
    assert speakers_of(text, "en") == ["Anna Berg", "Olaf Lind", "Anna Berg"]
    # no one introduced so: the body's spokesman, not the last person named
    assert speakers_of("Olaf Lind arrived. “No deadline was set,” the Foreign Ministry spokeswoman said.", "en") == ["Foreign Ministry"]


def test_a_russian_body_citing_someones_words_is_no_speaker():
    text = "«Урожай будет выше прошлогоднего», — приводит пресс-служба областного правительства слова губернатора Андрея Белова."
    assert [(q.speaker, q.reported_by) for q in _quotes(text, "ru")] == [("Андрей Белов", None)]


def test_a_korean_foreign_name_keeps_out_the_country_of_its_ministry():
    text = "세르게이 파블로프 러시아 외무부 차관은 “협상은 계속된다”고 말했다."
    assert speakers_of(text, "ko") == ["세르게이 파블로프"]


@pytest.mark.parametrize("text, expected", [
    ("The Food Safety and Standards Authority approved the plan, calling it “sound.”", ["Food Safety and Standards Authority"]),
    ("“We will act,” the Ministry of Trade and Industry said.", ["Ministry of Trade and Industry"]),
    # two people are no body: "and" joins a body's name only
    ("Putin and Xi met. “We agree,” said Kim Jong Un.", ["Kim Jong Un"]),
])
def test_a_bodys_name_may_hold_and(text, expected):
    assert speakers_of(text, "en") == expected


def test_what_a_korean_speaker_is_stands_apart_from_its_name():
    # "X인 Y": Y, which is X; a role noun in 인 is no such description ("국방성 대변인")
    assert speakers_of("소비자단체인 바른소비연합은 “가격 인상은 부당하다”고 주장했다.", "ko") == ["바른소비연합"]
    assert speakers_of("국방성 대변인은 “훈련을 중단하라”고 요구했다.", "ko") == ["국방성 대변인"]


def test_a_russian_common_noun_in_an_oblique_case_opening_the_sentence_is_no_speaker():
    # "Пассажиров … попросили": the passengers were asked; they did not speak
    assert speakers_of("Пассажиров попросили «не покидать вагоны».", "ru") == [None]
    assert speakers_of("Пассажиров, по данным РЖД, попросили «не покидать вагоны».", "ru") == ["РЖД"]


def test_a_pronoun_closing_a_clause_on_a_noun_is_the_subject():
    text = "Kim Jong Un visited the site. He thanked the builders for a feat he called “a miracle.”"
    assert speakers_of(text, "en") == ["Kim Jong Un"]


def test_how_a_chinese_speaker_spoke_is_no_part_of_the_name():
    assert speakers_of("退休教师李桂芳笑着说：“很方便。”", "zh") == ["李桂芳"]
