"""Article furniture: each agency convention is recognised and kept whole, sentences cover the
story only, plain text has none, and datelines are read and compared across scripts."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.pipeline import datelines, segment
from service.pipeline.compare import prepare_version
from service.pipeline.furniture import recognise
from service.pipeline.signals import dateline_changes
from support.bounded import bounded

ROOT = Path(__file__).resolve().parents[2]
BODY = "Kim Jong Un inspected a new factory on Friday. He praised the workers."


def found(text: str) -> list[tuple[str, str]]:
    items = recognise(text, segment.paragraphs(text))
    for item in items:
        assert text[item.start:item.end] == item.text
    return [(item.kind, item.text) for item in items]


def story_sentences(text: str, language: str = "en") -> list[str]:
    _, sentences = segment.sentences(text, language, furniture=recognise(text, segment.paragraphs(text)))
    for sentence in sentences:
        assert text[sentence.start:sentence.end] == sentence.text
    return [s.text for s in sentences]


@pytest.mark.parametrize("dateline", [
    "PYONGYANG, March 3 (KCNA) --", "Pyongyang, June 14 (KCNA) --", "SEOUL, Oct. 5 (Yonhap) --",
    "TOKYO, Jan. 8 Kyodo -", "MOSCOW, July 12. /TASS/.", "МОСКВА, 12 июля. /ТАСС/.", "ВОНСАН, 12 июля. /ТАСС/.",
    "САНКТ-ПЕТЕРБУРГ, 18 апреля. /ТАСС/.", "МОСКВА, 5 апр — РИА Новости.", "(평양 3월 3일발 조선중앙통신)",
    "(서울=연합뉴스)", "新华社北京3月5日电", "韩联社首尔11月2日电", "【ワシントン共同】", "BEIJING, March 5 (Xinhua) --",
    "UNITED NATIONS, Sept. 22 (Yonhap) --", "WASHINGTON (Reuters) -", "HANOI, Vietnam, May 2 (Xinhua) --",
])
def test_each_dateline_is_one_item_and_the_first_sentence_starts_after_it(dateline):
    text = f"{dateline} {BODY}"
    assert found(text) == [("dateline", dateline)]
    assert story_sentences(text)[0] == "Kim Jong Un inspected a new factory on Friday."


@pytest.mark.parametrize("dateline, byline, story", [
    ("(서울=연합뉴스)", "김민수 기자 =", "조태열 외교부 장관은 5일 왕이 외교부장과 통화했다."),
    ("(서울=연합뉴스)", "김민수 박소영 기자 =", "한국은행은 기준금리를 동결했다."),
    ("新华社北京3月5日电", "（记者 王强）", "外交部发言人毛宁5日表示，中方坚决反对。"),
])
def test_a_byline_fused_to_the_dateline_is_a_second_adjacent_item(dateline, byline, story):
    language = "zh" if "新华社" in dateline else "ko"
    text = f"{dateline}{'' if language == 'zh' else ' '}{byline} {story}"
    assert found(text) == [("dateline", dateline), ("byline", byline)]
    assert story_sentences(text, language) == [story]


@pytest.mark.parametrize("byline", ["By Kim Soo-yeon", "By Kim Soo-yeon and Park Boram", "by Xinhua writer Li Ming"])
def test_a_byline_on_its_own_line_before_the_story(byline):
    assert found(f"{byline}\n\nSEOUL, Oct. 5 (Yonhap) -- {BODY}") == [("byline", byline),
                                                                     ("dateline", "SEOUL, Oct. 5 (Yonhap) --")]
    assert found(f"{BODY}\n\n{byline}\n\n{BODY}") == []  # not once the story has begun


def test_a_whole_yonhap_article_has_every_part_in_order():
    text = ("(LEAD) N. Korea's Kim vows to bolster nuclear forces after missile launch\n\n"
            "By Kim Soo-yeon\n\n"
            f"SEOUL, Oct. 5 (Yonhap) -- {BODY}\n\n"
            "This photo released by the KCNA on Oct. 5 shows the launch. (For Use Only in the Republic of Korea. "
            "No Redistribution) (Yonhap)\n\n"
            "The launch came two weeks after the last one.\n\n"
            "Editor's note: This story has been updated.\n\n"
            "sooyeon@yna.co.kr\n\n(END)")
    assert [kind for kind, _ in found(text)] == ["headline", "byline", "dateline", "caption", "editor_note",
                                                 "contact", "end_mark"]
    assert story_sentences(text) == ["Kim Jong Un inspected a new factory on Friday.", "He praised the workers.",
                                     "The launch came two weeks after the last one."]


@pytest.mark.parametrize("end_mark", ["(END)", "(끝)", "（完）", "Enditem", "==Kyodo",
                                      "<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>"])
def test_end_marks_on_their_own_line(end_mark):
    assert found(f"{BODY}\n\n{end_mark}") == [("end_mark", end_mark)]


@pytest.mark.parametrize("end_mark", ["(END)", "Enditem", "==Kyodo", "（完）"])
def test_an_end_mark_after_the_last_sentence_leaves_the_sentence_whole(end_mark):
    text = f"{BODY} {end_mark}"
    assert found(text) == [("end_mark", end_mark)]
    assert story_sentences(text)[-1] == "He praised the workers."


@pytest.mark.parametrize("caption", [
    "Wang Yi holds talks with Mauro Vieira in Beijing, March 5, 2024. (Xinhua/Li Ming)",
    "This photo, taken Oct. 31, 2024, shows containers stacked at a pier in Busan. (Yonhap)",
    "地震で崩れた住宅の塀＝15日午前、石川県輪島市（共同）",
    "Фото: нападающий СКА Иван Морозов празднует победную шайбу. © Петр Ковалев/ТАСС",
    "Изъятые у задержанных монеты © Пресс-служба УФСБ России по Приморскому краю",
    "[연합뉴스 자료사진]",
    "북한이 공개한 신형 미사일 발사 장면 [조선중앙통신 연합뉴스 자료사진]",
    "김정은 위원장이 공장을 돌아보고 있다. [조선중앙통신 홈페이지 캡처. 재판매 및 DB 금지]",
    "3月5日，工人在生产线上作业。新华社记者 陈刚 摄",
    "这是朝中社发布的古墓内景照片。新华社发（朝中社供图）",
    "Photo: Kim Jong Un at the launch site",
    "(Photo: Kim Jong Un at the launch site)",
    "Howitzers fire during a drill on an island near the sea border on April 14, 2025. (Photo: Joint Chiefs of Staff)",
    "[사진] 선제골을 넣은 박준호가 기뻐하고 있다. 2024.10.10 [연합뉴스]",
    "【图片】11月1日，崔善姬在莫斯科同拉夫罗夫会谈。（朝中社/韩联社）",
    "港に停泊する貨物船＝3日、大連（新華社＝共同）",
    "최선희 외무상 [조선중앙통신 연합뉴스 자료사진. 국내에서만 사용가능. 재배포 금지. For Use Only in the Republic of Korea. No Redistribution]",
    "资料图片：港口码头上堆放的集装箱。（韩联社）",
    "(목포=연합뉴스) 9일 오후 해상에서 해경이 승객들을 구조하고 있다. 2025.11.9 [해양경찰서 제공. 재판매 및 DB 금지] photo@yna.co.kr",
])
def test_a_caption_between_body_paragraphs_is_one_item(caption):
    text = f"{BODY}\n\n{caption}\n\nThe factory will open next year."
    assert found(text) == [("caption", caption)]
    assert story_sentences(text)[-1] == "The factory will open next year."


@pytest.mark.parametrize("note", [
    "Editor's note: This story has been updated with comments from the minister.",
    "Примечание редакции: материал дополнен.",
    "※ 편집자 주 = 이 기사는 독자 여러분의 이해를 돕기 위해 작성됐습니다.",
    "（編集部注）記事中の年齢は取材時点のものです。",
    "(編集部注)毛寧氏は2024年9月に報道局長に昇格した。",
    "(ATTN: ADDS minister's comments in paras 5-6; UPDATES headline)",
])
def test_editor_notes(note):
    assert found(f"{BODY}\n\n{note}") == [("editor_note", note)]


@pytest.mark.parametrize("headline", [
    "(LEAD) N. Korea's Kim vows to bolster nuclear forces after missile launch",
    "Лавров: Россия продолжит содействовать урегулированию на границе",
    "外交部：敦促美方停止向“台独”势力发出错误信号",
    "能登で震度5強\u3000被害の確認急ぐ",
])
def test_a_headline_shaped_first_block_is_the_headline(headline):
    assert found(f"{headline}\n\n{BODY}") == [("headline", headline)]


@pytest.mark.parametrize("text", [
    f"The minister arrived on Friday.\n\n{BODY}",  # a sentence
    "Kim praised the workers",  # one block only
    f"He said:\n\n{BODY}",  # a lead-in
    f"The minister arrived in the capital on\nfriday for talks.\n{BODY}",  # a hard-wrapped paragraph
    f"Did the talks fail?\n\n{BODY}",
])
def test_no_headline_where_the_first_block_is_no_headline(text):
    assert found(text) == []


def test_plain_text_the_evaluation_sets_and_the_samples_have_no_furniture():
    paths = sorted((ROOT / "tests/data/eval").glob("*.json")) + sorted((ROOT / "samples").glob("*.json"))
    texts = [v["text"] for path in paths for v in json.loads(path.read_text(encoding="utf-8"))["versions"]]
    assert len(texts) >= 30
    assert [found(text) for text in texts] == [[] for _ in texts]


def test_furniture_never_takes_the_whole_text():
    assert found("Kim inspects factory\n\n(END)") == []
    assert found("SEOUL, Oct. 5 (Yonhap) --") == []


def test_quotes_in_a_headline_are_left_out_and_quotes_of_the_story_kept():
    text = "Kim slams “extended deterrence”\n\n" + "SEOUL, Oct. 5 (Yonhap) -- “We are ready,” Kim said."
    version = prepare_version(0, "A", text, "en")
    assert [f.kind for f in version.furniture] == ["headline", "dateline"]
    assert [q.text for q in version.quotes] == ["We are ready,"]
    assert version.sentences[0].text == "“We are ready,” Kim said."


def test_recognition_stays_linear_on_long_furniture_like_input():
    texts = ["aaaa@bbbb.cc\n" * 7700, "(Yonhap)(Yonhap)\n" * 5900, "SEOUL, " * 14000,
             ("x (" * 60 + "\n\n") * 550, ("© " + "a/" * 40 + "\n\n") * 1100]
    with bounded(5):
        for text in texts:
            recognise(text, segment.paragraphs(text))


# -- datelines read and compared ----------------------------------------------------------------
@pytest.mark.parametrize("dateline, place, date", [
    ("PYONGYANG, March 3 (KCNA) --", "PYONGYANG", "--03-03"),
    ("SEOUL, Oct. 5 (Yonhap) --", "SEOUL", "--10-05"),
    ("МОСКВА, 12 июля. /ТАСС/.", "МОСКВА", "--07-12"),
    ("МОСКВА, 5 апр — РИА Новости.", "МОСКВА", "--04-05"),
    ("(평양 3월 3일발 조선중앙통신)", "평양", "--03-03"),
    ("新华社北京3月5日电", "北京", "--03-05"),
    ("(서울=연합뉴스)", "서울", None),
    ("【ワシントン共同】", "ワシントン", None),
])
def test_a_dateline_gives_its_place_and_date(dateline, place, date):
    read = datelines.read(dateline)
    assert (read.place, read.date) == (place, date)


@pytest.mark.parametrize("first, second, changed", [
    ("ПХЕНЬЯН, 12 июля. /ТАСС/.", "Pyongyang, July 12 (KCNA) --", []),
    ("(평양 7월 12일발 조선중앙통신)", "ПХЕНЬЯН, 12 июля. /ТАСС/.", []),
    ("ВОНСАН, 12 июля. /ТАСС/.", "Pyongyang, July 12 (KCNA) --", ["place"]),
    ("SEOUL, Oct. 5 (Yonhap) --", "SEOUL, Oct. 6 (Yonhap) --", ["date"]),
    ("新华社北京3月5日电", "МОСКВА, 6 марта. /ТАСС/.", ["place", "date"]),
    ("SEJONG, Nov. 1 (Yonhap) --", "(세종=연합뉴스)", []),  # one place of the table
    ("POHANG, Nov. 1 (Yonhap) --", "(포항=연합뉴스)", []),  # not in the table: its transliteration
    ("ХАНТЫ-МАНСИЙСК, 7 апр — РИА Новости.", "KHANTY-MANSIYSK, April 7 (TASS) --", []),
    ("【札幌共同】", "SAPPORO, Jan. 8 Kyodo -", []),  # transliterations differ across scripts: no claim
    ("【札幌共同】", "【旭川共同】", ["place"]),  # one script: they differ
    ("NANNING, June 18 (Xinhua) --", "GUILIN, June 18 (Xinhua) --", ["place"]),
])
def test_datelines_compare_across_scripts(first, second, changed):
    assert datelines.differences(datelines.read(first), datelines.read(second)) == changed


def test_a_changed_dateline_between_a_russian_and_an_english_version_is_a_low_note():
    tass = prepare_version(0, "TASS", f"ВОНСАН, 12 июля. /ТАСС/. {BODY}", "ru")
    kcna = prepare_version(1, "KCNA", f"Pyongyang, July 12 (KCNA) -- {BODY}", "en")
    (signal,) = dateline_changes(tass, kcna)
    assert (signal.version, signal.counterpart, signal.evidence.changed) == ("KCNA", "TASS", ["place"])
    assert signal.severity < 0.45 and "Pyongyang" in signal.detail and "Wonsan" in signal.detail
    assert kcna.text[signal.evidence.dateline.start:signal.evidence.dateline.end] == "Pyongyang, July 12 (KCNA) --"
    same = prepare_version(1, "KCNA", f"ВОНСАН, 12 июля. /ТАСС/. {BODY}", "ru")
    assert dateline_changes(tass, same) == []


def test_a_kyodo_caption_credited_from_a_broadcast_is_one_caption():
    text = ("【北京共同】法院は12日、判決を言い渡した。\n\n法廷で判決を聞く李被告＝12日、河北省（中国中央テレビの映像から、共同）"
            "\n\n李被告は「反省している」と述べた。")
    version = prepare_version(0, "a", text, "ja")
    captions = [text[f.start:f.end] for f in version.furniture if f.kind == "caption"]
    assert captions == ["法廷で判決を聞く李被告＝12日、河北省（中国中央テレビの映像から、共同）"]
