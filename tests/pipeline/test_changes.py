"""Naming what changed between two aligned texts: kinds of change, equivalents, the verdict."""
from __future__ import annotations

import pytest

from service.encoder import SentenceEncoder
from service.pipeline.change_verdict import Judge, Original, describe
from service.pipeline.changes import ChangeReader
from service.pipeline.wordnet import WordNet

reader = ChangeReader()


def kinds(reference: str, other: str, language: str = "en") -> dict[str, tuple[str, str]]:
    return {c.kind: (c.reference, c.other) for c in reader.changes(reference, other, language)}


def meaning(reference: str, other: str) -> dict[str, tuple[str, str]]:
    """The changes of a meaning kind between two English texts (wording left out)."""
    return {k: v for k, v in kinds(reference, other).items() if k != "wording"}


@pytest.mark.parametrize("reference, other, expected", [
    ("We must reopen the border before winter.", "We may reopen the border after winter.",
     {"modality": ("must", "may"), "time": ("before", "after")}),
    ("a peaceful settlement", "a military settlement", {"antonym": ("peaceful", "military")}),
    ("unconditional support", "full support", {"qualifier": ("unconditional", "full")}),
    ("Russia will not send troops.", "Russia will send troops.", {"negation": ("not", "")}),
    ("The talks were held last week.", "The talks will be held next week.", {"time": ("last", "next")}),
    ("Japan and South Korea accepted the proposal.", "Japan rejected the proposal.",
     {"actor": ("South Korea", ""), "antonym": ("accepted", "rejected")}),
    ("Officials said 12 people were injured.", "Officials said 15 people were injured.", {"quantity": ("12", "15")}),
    ("The drills are defensive.", "The drills are offensive.", {"antonym": ("defensive", "offensive")}),
    ("Exports fell sharply in October.", "Exports fell sharply in September.", {"time": ("october", "september")}),
    # an evaluative adjective after "their" qualifies the next word, though WordNet calls it a verb
    ("Our units continue their confident advance.", "Our units continue their advance.",
     {"qualifier": ("confident", "")}),
    # "dangerous" is in both, so it cannot excuse the added "criminal"
    ("That was a dangerous interference with air traffic.", "That was a dangerous and criminal attack on air traffic.",
     {"qualifier": ("", "criminal")}),
])
def test_one_word_changes_of_meaning_are_named(reference, other, expected):
    found = kinds(reference, other)
    for kind, words in expected.items():
        assert found.get(kind) == words, (kind, found)


@pytest.mark.parametrize("reference, other", [
    ("The parties agreed to cooperate.", "The sides agreed to cooperate."),
    ("China will steadfastly expand opening up.", "China will unswervingly expand opening up."),
    ("He will not spare efforts.", "He will spare no effort."),
    ("The launch can absolutely not be tolerated.", "The launch is absolutely unacceptable."),
    ("Moscow said 10,000 troops took part.", "Moscow said 10 000 troops took part."),
    ("Taro Yamada said Tokyo will respond.", "Yamada Taro said the Japanese government will respond."),
    ("The minister said the plan would strengthen ties.", "The minister said the plan will go on strengthening ties."),
    # one evaluative word for another of the same sign is a rendering, not an added qualifier
    ("They showed great fighting spirit.", "They showed wonderful fighting spirit."),
])
def test_translation_noise_is_no_change_of_meaning(reference, other):
    assert not meaning(reference, other)


def test_russian_one_word_changes_are_named_on_lemmas():
    assert kinds("Россия безоговорочно поддерживает Сирию.", "Россия полностью поддерживает Сирию.", "ru") == {
        "qualifier": ("безоговорочно", "полностью")}
    found = kinds("Мы должны открыть границу до зимы.", "Мы можем открыть границу после зимы.", "ru")
    assert found["modality"] == ("должны", "можем") and found["time"] == ("до", "после")


def test_without_wordnet_closed_classes_still_name_changes(tmp_path):
    bare = ChangeReader(WordNet(tmp_path / "no-wordnet"))
    found = {c.kind for c in bare.changes("We must reopen the border.", "We may reopen the border.", "en")}
    assert found == {"modality"}
    # synonymy is WordNet's: without it, a synonym is a change of wording
    assert {c.kind for c in bare.changes("a firm stance", "a steadfast stance", "en")} <= {"qualifier", "wording"}
    assert not reader.changes("a firm stance", "a steadfast stance", "en")


class FixedSimilarity:
    """The encoder at its boundary: a fixed cosine for any two originals."""

    def __init__(self, value: float | None):
        self.value = value

    def similarity(self, *args) -> float | None:
        return self.value

    def vectors(self, texts, language):
        return None


def test_wording_alone_is_altered_unless_the_originals_say_the_same():
    originals = (Original("Les deux parties travailleront de concert.", "fr"),
                 Original("The two sides will work together.", "en"))
    args = ("The two parties will work in concert.", "The two sides will work together.", "en")
    assert Judge(reader, FixedSimilarity(0.8)).verdict(*args, originals=originals).status == "reworded"
    far = Judge(reader, FixedSimilarity(0.1)).verdict(*args, originals=originals)
    assert far.status == "altered" and {c.kind for c in far.changes} == {"wording"} and far.severity < 0.5
    assert Judge(reader, None).verdict(*args, originals=originals).status == "altered"  # never silence
    meaning = Judge(reader, FixedSimilarity(0.99)).verdict("We must go.", "We may go.", "en")
    assert meaning.status == "altered" and describe(meaning.changes) == "must → may (modality)"


def test_the_real_encoder_forgives_a_literal_translation_but_not_a_changed_claim(tmp_path):
    from service.storage import Storage

    judge = Judge(reader, SentenceEncoder(Storage(tmp_path / "db.sqlite3")))
    literal = judge.verdict(
        "the sides will act in concert at the most high level in all of their history",
        "the parties will act together at the highest level in their history", "en",
        originals=(Original("стороны будут действовать сообща на самом высоком уровне за всю историю", "ru"),
                   Original("the parties will act together at the highest level in their history", "en")))
    assert literal.status == "reworded" and literal.encoder_similarity > 0.45
    changed = judge.verdict("We must reopen the border before winter.", "We may reopen the border after winter.",
                            "en", originals=(Original("Мы должны открыть границу до зимы.", "ru"),
                                             Original("We may reopen the border after winter.", "en")))
    assert changed.status == "altered" and {c.kind for c in changed.changes} == {"modality", "time"}


def test_a_changed_claim_and_a_changed_quote_reach_the_result(client):
    reference = ("Russia will not send troops to the region, the ministry said. "
                 "“We must reopen the border before winter,” the minister said.")
    other = ("Russia will send troops to the region, the ministry said. "
             "“We may reopen the border after winter,” the minister said.")
    body = {"versions": [{"label": "A", "language": "en", "text": reference},
                         {"label": "B", "language": "en", "text": other}]}
    result = client.post("/api/comparisons", json=body).get_json()
    (claim,) = [s for s in result["signals"] if s["type"] == "claim_changed"]
    assert claim["version"] == "B" and claim["evidence"]["changes"] == [
        {"kind": "negation", "reference": "not", "other": ""}]
    assert claim["detail"].endswith("“not” dropped (negation).") and claim["severity"] >= 0.85
    (pair,) = result["quote_pairs"]
    assert pair["status"] == "altered"
    assert {(c["kind"], c["reference"], c["other"]) for c in pair["changes"]} == {
        ("modality", "must", "may"), ("time", "before", "after")}
    (altered,) = [s for s in result["signals"] if s["type"] == "quote_altered"]
    assert "must → may (modality)" in altered["detail"] and altered["evidence"]["changes"] == pair["changes"]
    page = client.get(f"/comparisons/{result['id']}").get_data(as_text=True)
    assert "What changed" in page and 'class="change k-modality"' in page
    csv_text = client.get(f"/api/comparisons/{result['id']}.csv").get_data(as_text=True)
    assert "claim_changed" in csv_text


def test_sentence_vectors_are_cached_in_storage(tmp_path, monkeypatch):
    import service.encoder as encoder_module
    from service.storage import Storage

    storage = Storage(tmp_path / "db.sqlite3")
    encoder = SentenceEncoder(storage)
    first = encoder.vectors(["Переговоры прошли в Москве.", "The talks took place in Moscow."], "ru")
    assert first.shape == (2, 512) and abs(float(first[0] @ first[0]) - 1.0) < 1e-5
    calls = []
    real = encoder_module._model()
    monkeypatch.setattr(encoder_module, "_model", lambda: type("Counting", (), {
        "encode": lambda self, texts: calls.append(list(texts)) or real.encode(texts)})())
    again = SentenceEncoder(storage).vectors(["Переговоры прошли в Москве."], "ru")
    assert calls == [] and (again[0] == first[0]).all()
    assert SentenceEncoder(storage, enabled=False).similarity("a", "en", "b", "en") is None


def test_both_sides_names_the_listed_actors_together():
    assert "actor" not in kinds("China and New Zealand agreed to deepen cooperation in farming.",
                                "Both sides agreed to deepen cooperation in farming.")
    assert kinds("China and New Zealand agreed to deepen cooperation in farming.",
                 "China agreed to deepen cooperation in farming.")["actor"] == ("New Zealand", "")


@pytest.mark.parametrize("reference, other", [
    # a negator inside an idiom negates no claim
    ("The government will spare no effort to rebuild the port.", "The government will do everything to rebuild the port."),
    ("The army will defend the border without wavering.", "The army will unwaveringly defend the border."),
    # a span of time in other units, with the unit joined to the figure or not
    ("Output grew in the first nine months.", "Output grew in the first three quarters."),
    ("The talks ended a two-day session.", "The talks ended a session of 2 days."),
    # a capital for its country, and a demonym for it
    ("Kenya and Peru signed a trade pact.", "Nairobi and Lima signed a trade pact."),
    # an adjective inside a longer term qualifies nothing; a participle is no adjective of a list
    ("The economy grew 4 percent.", "The gross domestic product grew 4 percent."),
    ("The talks will end with a deal.", "The negotiations will be completed with an agreement."),
])
def test_idioms_spans_capitals_and_terms_are_no_change(reference, other):
    assert not meaning(reference, other)


@pytest.mark.parametrize("reference, other, expected", [
    # a stance turned round, between verbs of communication (not "won" / "defeated")
    ("Ankara welcomes the decision.", "Ankara condemns the decision.", {"antonym": ("welcomes", "condemns")}),
    ("Output grew in the first nine months.", "Output grew in the first six months.", {"quantity": ("nine months", "six months")}),
    ("Russia is in principle ready for talks.", "Russia is ready for talks.", {"qualifier": ("in principle", "")}),
    # the same qualifier on both sides is matched with itself first, so a dropped one shows
    ("The brave soldiers finished the drill successfully.", "The soldiers finished the drill successfully.",
     {"qualifier": ("brave", "")}),
])
def test_stances_spans_hedges_and_dropped_qualifiers(reference, other, expected):
    assert meaning(reference, other) == expected


@pytest.mark.parametrize("reference, other, expected", [
    # "should" before a verb is a modal; only before a noun phrase is it an inverted condition
    ("The pipeline should be ready before 2027.", "The pipeline might be ready before 2027.",
     {"modality": ("should", "might")}),
    ("There is a possibility that the bank keeps its rate.", "The bank is certain to keep its rate.",
     {"modality": ("possibility", "is certain")}),
    ("Demand will show a clear recovery.", "Demand will show a clear slowdown.", {"antonym": ("recovery", "slowdown")}),
    ("Prices are remarkably high.", "Prices are high.", {"qualifier": ("remarkably", "")}),
])
def test_modal_strength_direction_nouns_and_intensifiers(reference, other, expected):
    assert meaning(reference, other) == expected


@pytest.mark.parametrize("reference, other", [
    ("The bank will act should prices keep rising.", "The bank will act if prices keep rising."),
    ("Policy will stay tight as long as necessary.", "Policy will stay tight for as long as it is needed."),
    ("We will do everything we can to help.", "We will help as much as possible."),
    ("There is no change in our goal.", "Our goal remains unchanged."),
    ("He was sentenced to five years in prison.", "He was sentenced to five years of imprisonment."),
])
def test_modal_idioms_conditions_and_prefixed_negations_are_no_change(reference, other):
    assert not meaning(reference, other)


@pytest.mark.parametrize("reference, other, expected", [
    # a part of a month or a period
    ("The talks will be held in early April.", "The talks will be held in late April.", {"time": ("early", "late")}),
    # a country joining a list written without "and"
    ("China and Russia agreed on joint patrols.", "China, Russia, Mongolia three countries agreed on joint patrols.",
     {"actor": ("", "Mongolia")}),
    ("Seoul and Washington will hold drills.", "Korea-US-Japan will hold drills.", {"actor": ("", "Japan")}),
])
def test_parts_of_a_period_and_lists_without_and(reference, other, expected):
    assert meaning(reference, other) == expected


@pytest.mark.parametrize("reference, other", [
    # a hedge written as a negated verb is a modal of possibility
    ("The bank does not exclude raising its rate.", "The bank may raise its rate."),
    ("A new launch cannot be ruled out.", "A new launch is possible."),
    # a litotes, and a sentence left without change
    ("The team has not undeservedly won.", "The team deservedly won."),
    ("The court left the verdict without change.", "The court upheld the verdict."),
    # "due to" before a noun gives a cause, not a future
    ("There is no tsunami risk due to the quake.", "There was no tsunami risk from the quake."),
    # one name spelt two ways
    ("The rocket lifted off from French Guiana.", "The rocket took off from French Guyana."),
])
def test_hedges_litotes_causes_and_spellings_are_no_change(reference, other):
    assert not meaning(reference, other)


@pytest.mark.parametrize("reference, other, expected", [
    ("Paris does not exclude sending instructors.", "Paris rules out sending instructors.", "negation"),
    ("Berlin stands at the side of Ukraine and of the Republic of Moldova.", "Berlin stands at the side of Ukraine.", "actor"),
])
def test_ruling_out_and_a_list_with_of(reference, other, expected):
    assert expected in kinds(reference, other)


@pytest.mark.parametrize("reference, other, expected", [
    ("Output will return to its old level by spring.", "Output will return to its old level by autumn.",
     {"time": ("spring", "autumn")}),
    ("Relations are showing an improving trend.", "Relations are showing a trend of deterioration.",
     {"antonym": ("improving", "deterioration")}),
])
def test_seasons_and_nouns_of_direction(reference, other, expected):
    assert meaning(reference, other) == expected


def test_the_verb_fall_is_no_season():
    assert "time" not in kinds("Prices will fall.", "Prices will drop.")


@pytest.mark.parametrize("reference, other, expected", [
    # one body's name replaced by another's
    ("The Asian Infrastructure Bank and the Nordic Investment Bank will fund the line.",
     "The Asian Infrastructure Bank and the Caribbean Investment Bank will fund the line.",
     {"actor": ("Nordic Investment Bank", "Caribbean Investment Bank")}),
    # a negator both sides' prefix-negated words cannot balance ("disarmament" is on both)
    ("Chile will attend the disarmament talks.", "Chile will not attend the disarmament talks.",
     {"negation": ("", "not")}),
])
def test_bodies_swapped_and_shared_prefixed_words(reference, other, expected):
    assert meaning(reference, other) == expected


@pytest.mark.parametrize("reference, other", [
    # a body named by what it is, or by its country: no other actor
    ("The Federal Armed Forces must be ready.", "The German military must be ready."),
    ("The Premier of the State Council met the visitor.", "The Chinese premier met the visitor."),
    ("Kim Jong Un, State Affairs Commission chairman, visited the site.", "Kim Jong Un visited the site."),
    # one body in two renderings
    ("The Ministry of National Defense issued a warning.", "The Defence Ministry issued a warning."),
    # a passive verb is no qualifier
    ("The truce must be respected by all sides.", "All sides must comply with the truce."),
    # a word whose WordNet definition is the negation ("acquit": "pronounce not guilty")
    ("The court acquitted the former minister.", "The court pronounced the former minister not guilty."),
])
def test_bodies_passives_and_defined_negations_are_no_change(reference, other):
    assert not meaning(reference, other)


def test_a_body_with_fields_parted_by_commas_is_one_name():
    assert not meaning("The Ministry of Health, Labour and Welfare set the policy.", "The health ministry set the policy.")


@pytest.mark.parametrize("reference, other", [
    # a figure with a unit of time and the same figure without one
    ("Screening covers adults aged 40 and over.", "Screening covers adults of 40 years and above."),
    # a body named with a qualifier before its body word and its field after it
    ("Germany's Defence Ministry announced the delivery.", "The Federal Ministry of Defence announced the delivery."),
])
def test_ages_and_qualified_body_names_are_no_change(reference, other):
    assert not meaning(reference, other)


def test_a_span_of_time_in_another_unit_is_still_a_change():
    assert "quantity" in meaning("The ban lasts 40 years.", "The ban lasts 40 months.")


def test_a_word_pairs_with_itself_before_a_synonym_of_one_sense():
    # "exclusive" is a synonym of "inside" in one sense; paired with that, "outside" would go unread
    assert meaning("The ship sank inside the exclusive zone.", "The ship sank outside the exclusive zone.") == {
        "antonym": ("inside", "outside")}


@pytest.mark.parametrize("reference, other, expected", [
    ("We can't reopen the border.", "We can reopen the border.", {"negation": ("n't", "")}),
    ("Close to a quarter of the flights were cancelled.", "Some 40% of the flights were cancelled.",
     {"quantity": ("a quarter", "40")}),
])
def test_contracted_negators_and_shares_in_words(reference, other, expected):
    assert meaning(reference, other) == expected


@pytest.mark.parametrize("reference, other", [
    ("We weren't ready.", "We were not ready."),
    ("Residents should avoid going outside.", "Residents should refrain from going outside."),
    ("They expect a substantially improved offer.", "They expect a clearly improved offer."),
    ("Torrential rain hit the coast.", "Strong rainfall hit the coast."),
    ("The river is expected to peak on Friday.", "The river will according to forecast peak on Friday."),
    ("Half of the trains will run.", "50 percent of the trains will run."),
])
def test_contractions_avoiding_degree_words_forecasts_and_shares_are_no_change(reference, other):
    assert not meaning(reference, other)


def test_an_opposite_in_a_degree_words_place_is_still_a_change():
    assert meaning("Heavy rain hit the coast.", "Light rain hit the coast.")


def test_a_measure_compares_in_its_base_unit():
    assert not meaning("a capacity of 10 gigawatts", "a capacity of 10,000 megawatts")
    assert meaning("a capacity of 10 gigawatts", "a capacity of 10 megawatts") == {
        "quantity": ("10 gigawatts", "10 megawatts")}


def test_antonyms_are_of_senses_not_spellings():
    # "dead" is similar to "late" (deceased); "late" in its sense of time is the antonym of "early"
    assert not meaning("The flood left 14 people dead.", "The flood left 14 people early.").get("antonym")
    assert meaning("The team arrived on Monday.", "The team departed on Monday.") == {"antonym": ("arrived", "departed")}


@pytest.mark.parametrize("reference, other, expected", [
    ("The suspect was arrested by the border police.", "The suspect was arrested by the Interior Ministry.",
     {"actor": ("border police", "Interior Ministry")}),
    ("Navy and coast guard vessels searched the area.", "Navy and air force vessels searched the area.",
     {"actor": ("coast guard", "air force")}),
    ("The Marine Corps will hold a landing drill.", "The navy will hold a landing drill.",
     {"actor": ("Marine Corps", "navy")}),
])
def test_bodies_named_in_lower_case_are_actors(reference, other, expected):
    assert meaning(reference, other) == expected


def test_a_body_word_alone_or_the_same_body_in_lower_case_is_no_actor():
    assert not meaning("The army said the drill ended.", "The Korean People's Army said the drill ended.")
    assert not meaning("The land ministry will build homes.", "The Ministry of Land and Transport will build homes.")
    assert not meaning("The ministry said it will build homes.", "The Ministry of Land said it will build homes.")


def test_a_stance_turned_round_is_an_antonym():
    assert meaning("The union firmly opposes the reform.", "The union firmly supports the reform.") == {
        "antonym": ("opposes", "supports")}
    assert meaning("China expresses welcome to the plan.", "China expresses opposition to the plan.") == {
        "antonym": ("welcome", "opposition")}
    # a court upholding a conviction takes no stance
    assert not meaning("The court upheld the sentence.", "The court confirmed the condemnation.").get("antonym")


@pytest.mark.parametrize("reference, other", [
    ("Intense heat raised demand.", "The heatwave raised demand."),
    ("Officials issued an alert for heavy rain.", "Officials issued a rainstorm alert."),
    ("For the target, time is still needed.", "For the target, it will still take time."),
])
def test_degree_in_a_compound_and_adverbs_before_a_participle_are_no_change(reference, other):
    assert not meaning(reference, other)


def test_a_compound_written_closed_is_found_in_wordnet():
    assert not kinds("“The door stays open while the ceasefire holds.”", "“The door stays open while the truce holds.”")


def test_a_negative_verb_negates_only_an_act_or_a_thing():
    assert meaning("He declined to comment.", "He commented.") == {"negation": ("declined", "")}
    assert not meaning("Prices declined compared with May.", "Prices fell compared with May.")


def test_a_modifier_of_a_places_designation_is_no_qualifier():
    assert not meaning("We will build homes in the capital area.", "We will build homes in the greater capital area.")
    assert meaning("It was a great victory for the region.", "It was a victory for the region.") == {
        "qualifier": ("great", "")}


@pytest.mark.parametrize("reference, other, expected", [
    ("The agency announced that the probe would be launched in March.", "The agency said the probe was launched in March.",
     {"time": ("future", "past")}),
    ("Officials said the bridge was closed on Monday.", "Officials said the bridge will be closed on Monday.",
     {"time": ("past", "future")}),
])
def test_the_tense_of_what_was_said_decides(reference, other, expected):
    assert meaning(reference, other) == expected


def test_would_after_a_verb_of_saying_is_the_future_it_reports():
    assert not meaning("Toyota said it would suspend work at two plants.", "Toyota said it will suspend work at two plants.")


def test_signing_is_no_verb_of_saying():
    assert meaning("China and Pakistan signed an agreement on Monday.", "China and Pakistan will sign an agreement on Monday.") == {
        "time": ("past", "future")}


def test_irregular_pasts_with_an_adjective_sense_are_no_opposite_descriptions():
    # "broke" is an adjective too (penniless); here both are verbs of the match
    assert not meaning("The women won the final against China.", "The women broke China in the final.").get("antonym")
    assert meaning("The talks were encouraging.", "The talks were disappointing.") == {
        "antonym": ("encouraging", "disappointing")}


def test_an_adjective_dropped_from_a_claim_is_a_qualifier(client):
    body = {"versions": [
        {"label": "A", "language": "en", "text": "The council took exceptional steps to help the fishermen hit by the storm."},
        {"label": "B", "language": "en", "text": "The council took steps to help fishermen hit by the storm."}]}
    result = client.post("/api/comparisons", json=body).get_json()
    (claim,) = [s for s in result["signals"] if s["type"] == "claim_changed"]
    assert claim["evidence"]["changes"] == [{"kind": "qualifier", "reference": "exceptional", "other": ""}]


@pytest.mark.parametrize("reference, other, expected", [
    # a hedge of several words is a qualifier like "reportedly"
    ("According to reports, a cargo ship ran aground near the port.", "A cargo ship ran aground near the port.",
     {"qualifier": ("According to reports", "")}),
    # "do our utmost" is an effort, said another way; "at their warmest" still qualifies
    ("We will do our utmost to finish the bridge this year.", "We will make every effort to finish the bridge this year.", {}),
])
def test_hedges_of_several_words_and_the_object_of_a_light_verb(reference, other, expected):
    assert meaning(reference, other) == expected


def test_a_bound_after_a_figure_qualifies_no_claim():
    assert meaning("Exports reached just over 9 trillion yen.", "Exports reached 9 trillion yen and a bit.") == {}
    # "a bit" away from a figure still qualifies
    assert meaning("Exports rose 5 percent and prices rose sharply.", "Exports rose 5 percent and prices rose a bit.") == {
        "qualifier": ("sharply", "a bit")}


def test_one_body_named_two_ways_through_a_kind_of_word():
    # literal translations name a body's field by a wider word ("labour" is a kind of "work")
    assert meaning("Unemployment rose by 5,000, the Federal Labour Office said.",
                   "Unemployment rose by 5,000, communicated the Federal Agency for Work.") == {}
    assert meaning("The Ministry of Agriculture denied the report.", "The Ministry of Fisheries denied the report.") == {
        "actor": ("Ministry of Agriculture", "Ministry of Fisheries")}


@pytest.mark.parametrize("reference, other, expected", [
    # a season or weekday placed relative to now; "this coming winter" is the coming one
    ("The museum will reopen its wing next spring.", "The museum reopened its wing last spring.", {"time": ("next", "last")}),
    ("Supplies are secured for the coming winter.", "Supplies are secured for this coming winter.", {}),
    # balances: a surplus against a deficit
    ("The trade balance returned to a surplus in July.", "The trade balance turned to a deficit in July.",
     {"antonym": ("surplus", "deficit")}),
    # "declining" with no object is a decrease; "lacked" is a negative verb like "was not"
    ("Infections have been falling steadily.", "Infections have been steadily declining.", {}),
    ("“We lacked efficiency in front of goal,” the coach said.", "“We were not clinical enough in front of goal,” the coach said.", {}),
    ("“We have enough players,” the coach said.", "“We lack players,” the coach said.", {"negation": ("", "lack")}),
    # one body, its fields joined by "and", named in lower case by the other version
    ("The disease control agency said hospitals must prepare.", "The Disease Control and Prevention Agency said hospitals must prepare.", {}),
    # one word WordNet defines as the modifier and its noun ("surge": "a sudden or abrupt strong increase")
    ("Hospitals expect a surge in flu patients.", "Hospitals expect a sharp increase in flu patients.", {}),
    ("A sharp increase in prices followed.", "An increase in prices followed.", {"qualifier": ("sharp", "")}),
])
def test_relative_seasons_balances_negative_verbs_bodies_and_degrees_in_one_word(reference, other, expected):
    assert meaning(reference, other) == expected


@pytest.mark.parametrize("reference, other, expected", [
    # the literal translation: "the whole of" is all of it, no qualifier
    ("at the highest level in their history", "at the most high level for the whole of their history", {}),
    ("a moment of pride for the entire nation", "a moment of pride for the whole nation", {}),
    # "very" intensifies; "edged up" against "fell"; "forwent" says it was not done
    ("The two sides held constructive talks.", "The two sides held very constructive talks.", {"qualifier": ("", "very")}),
    ("Output fell 1.3% in August.", "Output edged up 1.3% in August.", {"antonym": ("fell", "edged up")}),
    ("The bank decided to raise its rate.", "The bank forwent raising its rate.", {"negation": ("", "forwent")}),
    # "will not be spared" is the idiom "spare no" in the passive
    ("“We will spare no support,” she said.", "“Support will not be spared,” she said.", {}),
    # the previous year of a stated year; ends of two periods; a score in two notations; a figure in a name
    ("Cases doubled in 2023 compared with the previous year.", "Cases in 2023 were twice the 2022 level.", {}),
    ("The deal will be signed before the end of the year.", "The deal will be signed before the end of the summer.",
     {"time": ("year", "summer")}),
    ("Bayer 04 Leverkusen won 5-0.", "Leverkusen won 5:0.", {}),
    # one rank said two ways by translations; a rank on one side only does not make two bodies one
    ("Trade rose, the General Administration of Customs said.", "Trade rose, the Main Customs Administration said.", {}),
    ("The Main Intelligence Directorate denied it.", "The Foreign Intelligence Service denied it.",
     {"actor": ("Main Intelligence Directorate", "Foreign Intelligence Service")}),
])
def test_literal_renderings_intensifiers_phrasal_directions_and_stated_years(reference, other, expected):
    assert meaning(reference, other) == expected


@pytest.mark.parametrize("reference, other, expected", [
    # combining forms of demonyms; unions the gazetteer knows
    ("A Franco-Belgian film won.", "A French-Belgian film won.", {}),
    ("BRICS ministers will meet in Kazan.", "CIS ministers will meet in Kazan.", {"actor": ("BRICS", "CIS")}),
    # a noun of absence says what the negative verb says
    ("“There is a shortage of doctors,” she said.", "“We lack doctors,” she said.", {}),
    ("“There is a shortage of doctors,” she said.", "“There are enough doctors,” she said.", {"negation": ("shortage", "")}),
    # a body and a word made of its name's openings
    ("Korail will run 480 extra trains.", "Korea Railroad Corporation will run 480 extra trains.", {}),
    # a word both texts share is no rendering of a dropped qualifier ("firmly" / "form")
    ("China firmly opposes any form of exchanges.", "The Chinese side opposes any form of exchanges.",
     {"qualifier": ("firmly", "")}),
    # "will presumably" is as likely as "is expected to"
    ("“The economy will presumably grow by 0.3 percent,” he said.", "“The economy is expected to grow by 0.3 percent,” he said.", {}),
    # one direction said two ways leaves the qualifier to be read; a comparison basis is no time of the claim
    ("Applications fell in October compared with the same month last year.",
     "Applications have in October in comparison to the previous-year month clearly gone back.", {"qualifier": ("", "clearly")}),
    ("Output grew 5.2 percent year on year in the first nine months.", "This year output grew 5.2% in the first nine months.", {}),
])
def test_demonyms_absences_abbreviations_shared_words_and_directions(reference, other, expected):
    assert meaning(reference, other) == expected


@pytest.mark.parametrize("reference, other, expected", [
    ("More than 12 people were killed in the blast.", "Fewer than 12 people were killed in the blast.",
     {"quantity": ("More than 12", "Fewer than 12")}),
    ("At least 300 troops will take part.", "Not more than 300 troops will take part.",
     {"quantity": ("At least 300", "Not more than 300")}),
])
def test_a_figure_bounded_from_the_other_side_is_a_change_of_quantity(reference, other, expected):
    assert meaning(reference, other) == expected


@pytest.mark.parametrize("reference, other", [
    ("At least 12 people were killed in the blast.", "Not less than 12 people died as a result of the explosion."),
    ("At most 300 troops will take part.", "Not more than 300 troops will take part."),
    ("No fewer than 40 ships joined the drill.", "At least 40 ships joined the drill."),
])
def test_bounds_said_with_a_negator_are_no_negation(reference, other):
    assert meaning(reference, other) == {}


@pytest.mark.parametrize("reference, other, expected", [
    ("The minister denied the reports.", "The minister did not deny the reports.", {"negation": ("denied", "not, deny")}),
    ("The club did not refuse to play.", "The club refused to play.", {"negation": ("not, refuse", "refused")}),
])
def test_a_negated_negative_verb_says_the_opposite_of_the_verb(reference, other, expected):
    assert meaning(reference, other) == expected


@pytest.mark.parametrize("reference, other", [
    ("The court rejected the appeal.", "The court refused to satisfy the appeal."),
    ("The court rejected the appeal.", "The court did not accept the appeal."),
    ("The union vetoed the deal.", "The union refused to sign the deal."),
    # a literal "отказаться от": gave up, no negation
    ("Moscow has never walked away from the talks.", "Moscow never refused from the talks."),
])
def test_a_word_defined_as_a_refusal_balances_a_negator(reference, other):
    assert not {k for k in meaning(reference, other)} & {"negation"}


def test_a_refusal_word_both_sides_say_balances_nothing():
    assert meaning("Russia did not reject the proposal.", "Russia rejected the proposal.") == {"negation": ("not", "")}


@pytest.mark.parametrize("reference, other", [
    ("The minister arrived on Monday for a not announced visit.", "The minister arrived on Monday on an unannounced visit."),
    ("“We will absolutely not accept one-sided demands.”", "“We will never accept one-sided demands.”"),
    ("Imports and exports rose 5 percent to 30 trillion yuan.", "The total value of imports and exports rose 5% to 30 trillion yuan."),
])
def test_prefixed_negations_emphatic_negators_and_sums_are_no_change(reference, other):
    assert meaning(reference, other) == {}


@pytest.mark.parametrize("reference, other, expected", [
    ("“We will not accept the demands.”", "“We will never accept the demands.”", {}),
    ("“We will absolutely not accept the demands.”", "“We will not accept the demands.”", {"qualifier": ("absolutely", "")}),
    ("The party gave its total support to the plan.", "The party gave its support to the plan.", {"qualifier": ("total", "")}),
])
def test_emphasis_without_a_stronger_negator_and_total_without_a_figure_stay_qualifiers(reference, other, expected):
    assert meaning(reference, other) == expected


def test_a_qualifier_word_used_as_a_verb_before_its_object_is_no_qualifier():
    assert meaning("The government plans to complete the project by the end of the year.",
                   "The government intends to finish the project before the end of this year.") == {}
    assert meaning("The plan won complete support.", "The plan won support.") == {"qualifier": ("complete", "")}


@pytest.mark.parametrize("reference, other, expected", [
    ("Most residents have returned home.", "All residents have returned home.", {"quantity": ("Most", "All")}),
    ("Only two people were injured.", "At least two people were injured.", {"quantity": ("Only two", "At least two")}),
    ("Most residents have returned home.", "The majority of residents have returned home.", {}),
    ("Many people attended.", "Numerous people attended.", {}),
    ("Some experts disagree.", "Several experts disagree.", {}),
    ("Only 2 people were hurt.", "2 people were hurt.", {}),
])
def test_shares_of_a_group_and_only(reference, other, expected):
    assert meaning(reference, other) == expected


@pytest.mark.parametrize("reference, other, expected", [
    ("He works for a construction firm, the court said.", "He works for a building company, the court said.", {}),
    ("The ministry took a firm stance.", "The ministry took a stance.", {"qualifier": ("firm", "")}),
    ("Exports will reach 48 million tonnes, according to the agriculture ministry's forecast.",
     "According to the forecast of the ministry, exports will amount to 48 million tonnes.", {}),
])
def test_a_qualifier_s_word_as_a_noun_and_a_forecast_whoever_s_it_is(reference, other, expected):
    assert meaning(reference, other) == expected


@pytest.mark.parametrize("reference, other, expected", [
    ("The ministry denied the media reports.", "The ministry refuted the reports in the media.", {}),
    ("The ministry denied the media reports.", "The ministry confirmed the media reports.", {"negation": ("denied", "")}),
    ("The bank cut its rate by a quarter percentage point.", "The bank lowered the rate by 0.25 percentage points.", {}),
    ("A quarter of flights were cancelled.", "25 percent of flights were cancelled.", {}),
])
def test_a_negative_verb_s_kin_and_a_share_of_a_unit(reference, other, expected):
    assert meaning(reference, other) == expected


@pytest.mark.parametrize("reference, other, expected", [
    # a direction word both texts say is no part of the flip
    ("Prices rose after the government tightened quotas.", "Prices fell after the government tightened quotas.",
     {"antonym": ("rose", "fell")}),
    ("“He has shown no remorse whatsoever.”", "“He has displayed absolutely no remorse.”", {}),
    ("“These relics offer rare evidence of trade.”", "“These cultural relics have provided rare evidence of trade.”", {}),
    ("Unemployment edged down to 7.3 percent.", "Unemployment declined slightly to 7.3 percent.", {}),
    ("The quake caused 3 deaths and more than 20 injuries.", "Three people died and over 20 were injured in the quake.", {}),
])
def test_shared_directions_emphasis_classifying_adjectives_small_moves_and_bounds_of_the_next_figure(
        reference, other, expected):
    assert meaning(reference, other) == expected


@pytest.mark.parametrize("reference, other, expected", [
    # the day of a month, written either way round
    ("The museum will reopen on 4 October.", "The museum will reopen on October 14.", {"time": ("october 4", "october 14")}),
    ("The museum will reopen on 4 October.", "The museum will reopen on the 4th of October.", {}),
    # one verb in two tenses, beside a verb both texts put in the past
    ("The governor opened the bridge, two years after a storm destroyed the old one.",
     "The governor will open the bridge, two years after a storm destroyed the old one.",
     {"time": ("opened", "will open")}),
    ("Repairs have begun on the north side, which the council approved.",
     "Repairs will begin on the north side, which the council approved.", {"time": ("have begun", "will begin")}),
    # relative to now, after the unit
    ("The law takes effect next year.", "The law takes effect the year after next.", {"time": ("next", "after next")}),
])
def test_days_of_a_month_one_verb_in_two_tenses_and_the_year_after_next(reference, other, expected):
    assert meaning(reference, other) == expected


@pytest.mark.parametrize("reference, other, expected", [
    ("Up to 80 millimetres of rain may fall.", "Up to 8 centimetres of rain may fall.", {}),
    ("Up to 80 millimetres of rain may fall.", "Up to 80 centimetres of rain may fall.", {"quantity": ("80 millimetres", "80 centimetres")}),
    ("Seven in 10 voters backed the reform.", "70 percent of voters backed the reform.", {}),
    ("Seven in 10 voters backed the reform.", "Seven out of ten voters backed the reform.", {}),
    ("About 12 thous. flats lost heating.", "About 12,000 flats lost heating.", {}),
])
def test_metric_lengths_ratios_of_figures_and_thousands_abbreviated(reference, other, expected):
    assert meaning(reference, other) == expected


@pytest.mark.parametrize("reference, other, expected", [
    ("The assembly rejected the proposal.", "The assembly backed the proposal.", {"antonym": ("rejected", "backed")}),
    ("The troops came back on Monday.", "The troops returned on Monday.", {}),
    # a noun with a negative prefix names a thing, and balances no negator
    ("Salt does not raise the risk of troubles.", "Salt raises the risk of disorders.", {"negation": ("not", "")}),
    ("“We have no choice but to close the plant,” he said.", "“We cannot avoid closing the plant,” he said.", {}),
    ("“We have no choice but to close the plant,” he said.", "“We cannot help but close the plant,” he said.", {}),
    ("The ferry operator said it must resume service soon.", "The ferry operator said it is desirable to resume service soon.",
     {"modality": ("must", "desirable")}),
    ("The mayor of Lyon opened the fair.", "The mayor of Marseille opened the fair.", {"actor": ("Lyon", "Marseille")}),
])
def test_stances_nouns_with_a_negative_prefix_no_choice_desirability_and_cities_named_first(reference, other, expected):
    assert meaning(reference, other) == expected


@pytest.mark.parametrize("reference, other, expected", [
    # a verb negated up to a time, and the same bound said without a negator
    ("The museum is expected to reopen on Monday at the earliest.", "The museum should not reopen before Monday.", {}),
    ("“Drivers should wait until the road is cleared,” police said.",
     "“Drivers should not set off before the road is cleared,” police said.", {}),
    # the same bound on both sides is the negation itself
    ("The museum will reopen before Monday.", "The museum will not reopen before Monday.", {"negation": ("", "not")}),
    ("Talks will continue until Friday.", "Talks will not continue until Friday.", {"negation": ("", "not")}),
])
def test_not_before_a_time_is_from_that_time_at_the_earliest(reference, other, expected):
    assert meaning(reference, other) == expected


@pytest.mark.parametrize("reference, other, expected", [
    # a modifier rendered in another word class of its stem (WordNet's derivational links)
    ("Doctors examined patients with suspected infections.", "Doctors examined patients with suspicious infections.", {}),
    ("Doctors examined patients with suspected infections.", "Doctors examined patients with infections.",
     {"qualifier": ("suspected", "")}),
])
def test_a_modifier_in_another_word_class_of_its_stem(reference, other, expected):
    assert meaning(reference, other) == expected


@pytest.mark.parametrize("reference, other, expected", [
    # a figure shaped like a year counts the plural noun after it; a year stays a year
    ("About 1,200 people joined the drill.", "About 2100 people joined the drill.", {"quantity": ("1,200", "2100")}),
    ("Some 1900 troops were sent.", "Some 1,900 troops were sent.", {}),
    ("The 2024 budget was passed.", "The budget for 2024 was passed.", {}),
    ("By 2030 emissions must fall.", "Emissions must fall by 2030.", {}),
    # a share of a whole both state, said as a count of it
    ("The city will replace 400 of its 1,200 buses.", "The city will replace a third of its 1,200 buses.", {}),
    ("Women won 25 per cent of the 80 seats.", "Women won 20 of the 80 seats.", {}),
    ("Women won 25 per cent of the 80 seats.", "Women won 30 of the 80 seats.", {"quantity": ("25", "30")}),
])
def test_figures_shaped_like_years_and_shares_said_as_counts(reference, other, expected):
    assert meaning(reference, other) == expected


@pytest.mark.parametrize("reference, other, expected", [
    # a double negation of "can" is a necessity; contracted idioms are read like written-out ones
    ("I have to admit that they were stronger.", "I cannot not admit that they were stronger.", {}),
    ("I have to admit that they were stronger.", "I can't help but admit that they were stronger.", {}),
    ("I can admit that they were stronger.", "I cannot admit that they were stronger.", {"negation": ("", "cannot")}),
    # a negated antonym across function words says the word ("not be too long" = short)
    ("The cold snap will be short.", "The cold snap will not be too long.", {}),
    ("The cold snap will be short.", "The cold snap will be too long.", {"antonym": ("short", "long")}),
    # a record-breaking amount is a qualifier of degree; "fierce" is one of intensity, like "severe"
    ("Forecasters warned of record-breaking rain in the north.", "Forecasters warned of rain in the north.",
     {"qualifier": ("record breaking", "")}),
    ("The storm will be severe.", "The storm will be fierce.", {}),
])
def test_double_negations_negated_antonyms_and_degree(reference, other, expected):
    assert meaning(reference, other) == expected


@pytest.mark.parametrize("reference, other, expected", [
    # a privative negator ("without") and a word of taking away on the other side say one thing
    ("Storm Gerda knocked out power to around 120,000 households.", "Around 120,000 households were without electricity.", {}),
    ("Floods left thousands of homes without electricity.", "The floods deprived thousands of homes of electricity.", {}),
    ("Heavy snow cut power to 15,000 homes.", "About 15,000 homes were left without power after heavy snow.", {}),
    # ... but "without" against nothing of the kind is a negation
    ("The talks ended without agreement.", "The talks ended in agreement.", {"negation": ("without", "")}),
])
def test_without_against_a_word_of_taking_away(reference, other, expected):
    assert {k: v for k, v in meaning(reference, other).items() if k != "quantity"} == expected


@pytest.mark.parametrize("reference, other, expected", [
    # a word of degree rendered by another modifier of the same head, past a compound's nouns
    ("Exports rose, led by strong demand for chips.", "Exports rose owing to favourable chip demand.", {}),
    ("No major safety problems had been found.", "No big problem in safety was confirmed.", {}),
    ("There was strong demand for chips.", "There was demand for chips.", {"qualifier": ("strong", "")}),
    # an adverb of degree qualifies its adjective, which is not in the other's place
    ("The talks were held in a friendly atmosphere.", "The talks were held in an extremely tense atmosphere.",
     {"qualifier": ("", "extremely")}),
])
def test_a_word_of_degree_rendered_by_another_modifier_of_its_head(reference, other, expected):
    assert meaning(reference, other) == expected


@pytest.mark.parametrize("reference, other, expected", [
    # a decision's clause says when, as a verb of saying's does
    ("The city decided to double the bus routes from next year.", "The bus routes will be doubled from next year.", {}),
    ("The city closed the bridge.", "The city will close the bridge.", {"time": ("past", "future")}),
    # hoping and wanting are one volition
    ("We want to develop relations further.", "We hope to take relations further.", {}),
    # the words of a share are the quantity's, no antonyms ("one in three" / "a third")
    ("Nearly one in three adults does not exercise enough.", "Nearly a third of adults do not exercise enough.", {}),
    # an adjective governing "of" qualifies nothing ("full of confidence": confident)
    ("We are confident in growth of about 5 percent.", "We are full of confidence in growth of around 5%.", {}),
    ("We give full support.", "We give support.", {"qualifier": ("full", "")}),
])
def test_decisions_volition_shares_in_words_and_adjectives_governing_of(reference, other, expected):
    assert meaning(reference, other) == expected


def test_a_hedge_before_of_still_hedges():
    assert meaning("Police detained a man suspected of robbing a store.", "Police detained a man who robbed a store.") \
        == {"qualifier": ("suspected", "")}


@pytest.mark.parametrize("reference, other, expected", [
    # an evaluative qualifier against its opposite in its place is an antonym, whatever the noun
    ("Relations are heading in a friendly direction.", "Relations are moving in a hostile direction.",
     {"antonym": ("friendly", "hostile")}),
    # "out of the question" negates
    ("There is no question of raising taxes this year.", "Raising taxes this year is out of the question.", {}),
    ("We will raise taxes this year.", "Raising taxes this year is out of the question.",
     {"negation": ("", "out of the question")}),
    # a word before a figure's bound is the bound's, no qualifier of the claim
    ("Visitors numbered just under a million.", "Visitors numbered slightly fewer than one million.", {}),
    ("Prices rose slightly.", "Prices rose.", {"qualifier": ("slightly", "")}),
])
def test_opposed_qualifiers_out_of_the_question_and_words_of_a_bound(reference, other, expected):
    assert meaning(reference, other) == expected


def test_a_word_defined_as_the_others_negation_is_its_opposite():
    # WordNet: "mum, silent": "failing to speak or communicate etc when expected to"
    assert meaning("The witness remained silent.", "The witness spoke at length.") == {"antonym": ("silent", "spoke")}
    assert meaning("The witness remained silent.", "The witness did not speak.") == {}


@pytest.mark.parametrize("reference, other", [
    ("The governor did not rule out that the curfew would be extended.", "The governor said the curfew might be extended."),
    ("It cannot be excluded that the talks will resume.", "The talks may resume."),
])
def test_not_ruling_out_is_saying_may(reference, other):
    assert "modality" not in meaning(reference, other)


def test_an_idiom_of_necessity_says_no_possibility():
    assert meaning("He cannot avoid raising taxes.", "He has to raise taxes.") == {}


def test_a_future_scheduled_against_a_fact_is_a_change_of_time():
    assert meaning("The new line is set to open in May.", "The new line opened in May.").get("time") == ("future", "past")


def test_a_permission_against_an_obligation_is_a_change_of_modality():
    assert "modality" in meaning("Banks are required to disclose the fees.", "Banks are allowed to disclose the fees.")
    assert "modality" not in meaning("Banks may disclose the fees.", "Banks are permitted to disclose the fees.")


def test_a_modifier_is_not_said_again_by_a_verb_of_the_same_sign():
    # "boosted" is positive as "stronger" is, but it says what the currency did, not what it was
    found = meaning("Exports rose as a weaker won lifted overseas sales.",
                    "Overseas sales were pushed up by the stronger won, and exports rose.")
    assert found.get("antonym") == ("weaker", "stronger")


def test_a_word_of_a_name_is_no_modifier():
    assert meaning("Flights were cancelled at Incheon International Airport on Friday.",
                   "Flights were cancelled at Incheon airport on Friday.") == {}


def test_the_extent_of_a_definite_noun_is_no_intensifier():
    assert meaning("Retail sales across the whole country grew 4 percent.", "Retail sales across the country grew 4 percent.") == {}
    assert "qualifier" in meaning("The dam was fully inspected.", "The dam was inspected.")


def test_an_adverb_is_said_again_by_a_verb_of_its_stem_only():
    assert meaning("The agency said it had successfully tested the engine.",
                   "The agency said it tested the engine and succeeded.") == {}
    assert "qualifier" in meaning("Police broke up the rally on Sunday.", "Police violently dispersed the rally on Sunday.")


def test_a_negated_verb_is_the_opposite_verb_wordnet_gives():
    # "give up" is "discontinue", whose antonym "continue" is also "keep"
    assert meaning("The rescuers did not give up the search.", "The rescuers kept up the search.") == {}
    assert "negation" in meaning("The rescuers did not give up the search.", "The rescuers gave up the search.")
    assert "negation" in meaning("The champion did not keep the title.", "The champion kept the title.")


@pytest.mark.parametrize("reference, other", [
    ("The court did not reject the appeal.", "The court has rejected the appeal."),
    ("The delegation will not arrive on Monday.", "The delegation will come on Monday."),
])
def test_a_plain_negation_is_not_explained_away_by_the_other_sides_verbs(reference, other):
    assert "negation" in meaning(reference, other)
