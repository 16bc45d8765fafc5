"""Who is quoted in Chinese and Japanese, where no spaces part the words: the subject right
before the reporting verb nearest the quote (Chinese: "外交部发言人毛宁5日表示" -> 毛宁), or the
topic of the quote's clause (Japanese: "林芳正官房長官は…「…」と語った" -> 林芳正), without titles.
"""
from __future__ import annotations

import re

from ..language_data import language

from .attribution_words import (PARENTHESES, RELAY_MASK, Attribution, LanguageWords, cue_distance, language_words,
                                late_penalty)

# -- Chinese and Japanese: no spaces, the subject stands before its verb ----------------------
_CJK_CLAUSE = re.compile(r"[，。；：！？、,;:!?\x00“”「」『』\n]")
#: a verb in its plain form right before a noun: the clause describes that noun ("続ける日本産…")
_JA_RELATIVE = re.compile(r"[\u4e00-\u9fff\u3041-\u309f]{0,6}?[るうくすつぬむぶぐた](?=[\u4e00-\u9fff\u30a1-\u30fa])")
_CJK_CLAUSE_ONLY = re.compile(r"[，。；：！？、,;:!?“”「」『』\n]")  # punctuation only


_CJK_NAME_RUN = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ff·・]+$")


_KATAKANA_BEFORE_KANJI = re.compile(r"[\u30a1-\u30ff・]{2,}(?=[\u4e00-\u9fff])")


#: a determiner and one office ("该负责人", "该官员", "同監督", "同相"): someone named before
_CJK_ANAPHOR = re.compile(r"^(?:该|此|这位|这名|同)[\u4e00-\u9fff]{1,3}$")


#: a Japanese relative clause before a name, up to its last kana of inflection
_JA_DESCRIBED = re.compile(r"^.*[たるいうくすつむぶぐだ](?=[\u30a1-\u30ff\u4e00-\u9fff]{2,}$)")


def cjk_attribution(masked: str, q_start: int, q_end: int, lang: str) -> Attribution:
    """Chinese: the subject right before the reporting verb nearest the quote ("外交部发言人
    毛宁5日在例行记者会上表示" -> 毛宁). Japanese: the topic or subject of the quote's clause
    ("林芳正官房長官は記者会見で「…」と語った" -> 林芳正), before the quote or else after it."""
    words = language_words()[lang]
    cues = list(words.cues.finditer(masked))
    according = _JA_ACCORDING.search(masked[:q_start]) if lang == "ja" and _JA_HEARSAY.match(masked[q_end:]) else None
    if according:
        # "関係者によると、…「…」という": the source is the speaker (an outlet so named relays and is masked)
        return Attribution(_cjk_name(according.group(1), words, after_name=True), "によると")
    if lang == "zh" and masked[:q_start].endswith("以") and masked[q_end:].startswith("为由"):
        # "朴成哲以“…”为由提起诉讼": the grounds he gave, in his words; he is the clause's subject
        subject = _chinese_subject(masked[: q_start - 1], words)
        if subject and (subject in words.anaphors or _CJK_ANAPHOR.match(subject)):
            return Attribution(None, "为由", anaphoric=True)  # "该公司以“…”为由": the one named before
        if subject:
            return Attribution(_cjk_name(subject, words, after_name=False), "为由")
    if not cues:
        return Attribution(None, None)
    def late(m: re.Match) -> int:
        between = masked[q_end : m.start()]
        gap = between.lstrip("，,、 \x00")
        # "…“更加理性”，预计…": a clause after the quote that opens on its verb (or on "并") goes
        # on with the subject before; its verb does not introduce the quote
        opens_a_clause = not gap and re.search(r"[，,]", between) is not None and lang == "zh"
        return 1000 if m.start() >= q_end and (opens_a_clause or gap.startswith(words.data.clause_openers or ("\x02",))) else 0

    cue = min(cues, key=lambda m: cue_distance(m.start(), m.end(), q_start, q_end) + late_penalty(masked, m, q_end) + late(m))
    if lang == "ja":
        subject = _japanese_topic(masked[:q_start], words) or _japanese_topic(masked[q_end : cue.start()], words)
    else:
        start = cue.start()
        while (joined := next((m for m in cues if m.end() == start), None)) is not None:
            start = joined.start()  # "批评说": two verbs of saying in a row are one
        subject = _chinese_subject(masked[:start], words)
        if subject and len(subject) > 2:  # "她笑着说": how she said it ("笑着", smiling) is no part of who
            subject = re.sub(r"[\u4e00-\u9fff]着$", "", subject)
    if subject is None:  # Japanese leaves out a subject that stays the same
        return Attribution(None, cue.group(0), anaphoric=lang == "ja")
    if subject in words.anaphors or _CJK_ANAPHOR.match(subject) or _CJK_ADVERBS.sub("", subject) in words.anaphors:
        # "该负责人", "同監督": the one just named, by a determiner before an office
        return Attribution(None, cue.group(0), anaphoric=True)
    office = _CJK_ADVERBS.sub("", subject)
    if office in words.data.titles and office not in words.data.roles:
        # "知事はまた「…」と訴えた": the governor named before ("サントス知事"), by office alone
        return Attribution(None, cue.group(0), anaphoric=True, description=office)
    if lang == "ja":  # "決勝で敗れたデュボワ": the name after the clause that describes it
        subject = _JA_DESCRIBED.sub("", PARENTHESES.sub("", subject)) or subject
    return Attribution(_cjk_name(subject, words, after_name=lang == "ja"), cue.group(0))


#: nouns of place and time a phrase ends in ("在…举行的新闻发布会上"): a clause so ended is no speaker
_ZH_LOCALIZERS = ("上", "中", "里", "时", "后", "前", "期间", "之际")


def _chinese_subject(before: str, words: LanguageWords) -> str | None:
    """The subject of the clause before a reporting verb, up to the first time or place
    phrase; a clause that opens with "并", "同时" has the subject of the clause before it."""
    # a quote (masked as \x00) stands inside its clause: "称…“…”联合演习是“…”，并警告" is one clause
    clauses = [c.strip("\x00 ") for c in _CJK_CLAUSE_ONLY.split(before.split(RELAY_MASK)[-1])]
    for position in range(len(clauses) - 1, -1, -1):
        clause = clauses[position]
        if clause.startswith(words.data.clause_openers) or not clause:
            continue  # "…发布提醒说，并表示": whose clause? the one before
        if words.cues.match(clause):
            continue  # "…发表谈话，称…，并警告": a clause that opens on a reporting verb has the subject before it
        if words.subject_stop:
            # "一名在首尔经营洗衣店的业主": a count first, then a clause that describes the speaker
            counted = next((len(p) for p in words.speaker_prefixes if len(p) > 1 and clause.startswith(p)), 0)
            stop = next((m for m in words.subject_stop.finditer(clause)
                         if m.start() >= 2 + counted and not _in_a_name(clause, m, words)), None)
            described = clause.rfind("的")
            if stop and 0 < stop.start() < described < len(clause) - 1 and not clause.endswith(_ZH_LOCALIZERS):
                # "将文物归还中方的英国收藏家詹姆斯·霍尔特": a clause that describes the speaker, then the speaker
                clause = clause[described + 1 :]
                stop = next((m for m in words.subject_stop.finditer(clause)
                             if m.start() >= 2 and not _in_a_name(clause, m, words)), None)
            clause = clause[: stop.start()] if stop else clause
        clause = re.sub(r"[\d\s]+$", "", clause)
        return clause or None
    return None


def _in_a_name(clause: str, stop: re.Match, words: LanguageWords) -> bool:
    """Whether a one-character stop is a given name's, right after a surname that follows an
    office ("教授郑在民在接受…采访时": 郑在民, then the place phrase)."""
    before = clause[: stop.start()]
    return (len(stop.group(0)) == 1 and len(before) >= 2 and before[-1] in words.surnames
            and before[:-1].endswith(tuple(words.titles)))


def chinese_opening_name(text: str) -> str | None:
    """The person a Chinese sentence without a reporting verb opens with, before its verb
    ("来自兰州的大学生王悦在…", "…文物专家阿卜杜拉·卡里莫夫是…"): a name, else None."""
    words = language_words()["zh"]
    clause = _CJK_CLAUSE.split(text, 1)[0]
    stop = next((m for m in (words.subject_stop.finditer(clause) if words.subject_stop else ()) if m.start() >= 2), None)
    clause = clause[: stop.start()] if stop else clause.split("是", 1)[0]
    name = _cjk_name(clause, words, after_name=False) if clause else ""
    # only a name: a surname and one or two characters, or a foreign name written with "·"
    if "·" in name or (2 <= len(name) <= 3 and name[0] in words.surnames):
        return name
    return None


def japanese_opening_topic(text: str) -> str | None:
    """The topic a Japanese sentence with no reporting verb opens with, when it is a name or a
    body ("JR九州は17日、…見合わせた。"): a later "同社" or "同氏" stands for it."""
    words = language_words()["ja"]
    # "消防当局の担当者は": a role of a body, joined by の
    opening = re.match(r"^\s*([\u4e00-\u9fff\u30a0-\u30ffA-Z][\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9・]{1,15}"
                       r"(?:の[\u4e00-\u9fff\u30a0-\u30ff]{1,8})?)は", text)
    if not opening or not words.topic:
        return None
    topic = opening.group(1)
    # a name: katakana or Latin letters in it, a body's ending, or four characters at least;
    # "決勝は…" opens with a common noun
    if not (re.search(r"[\u30a0-\u30ffA-Za-z]", topic) or topic.endswith(language("ja").names.body_endings) or len(topic) >= 4):
        return None
    return _cjk_name(topic, words, after_name=True)


def _japanese_topic(before: str, words: LanguageWords) -> str | None:
    if not words.topic:
        return None
    sentence = re.split(r"[。\x00\n]", before.rstrip("。 "))[-1]
    # the topic nearest the quote ("双方の溝は埋まらず、日本政府関係者は「…」"), a topic (は, も)
    # before a subject (が), which may be a clause's ("関係者は、北朝鮮が主張する…")
    # "中国が続ける輸入規制": a subject of a clause that describes a noun is no speaker
    found = [m for m in words.topic.finditer(sentence)
             if not (m.group(0) == "が" and _JA_RELATIVE.match(sentence, m.end()))]
    topics = [m for m in found if m.group(0) != "が"] or found
    # the main clause's topic is closed by a comma before the next topic, or stands right before
    # the quote; one run straight into its words is a reported clause's ("担当者は共同通信の取材に、
    # 日本人の被害は確認されていないと説明した")
    ends = [m.start() for m in topics[1:]] + [len(sentence)]
    main = [m for m, end in zip(topics, ends)
            if m.end() == len(sentence) or re.search(r"[、，,]", sentence[m.end():end])]
    topics = main or topics
    topic = topics[-1] if topics else None
    if not topic or _JA_CLAUSE_CLOSED.search(sentence[topic.end():]):
        return None  # "一方で、ＫＨＬの日程は…部分があり、「…」とも述べた": the one who spoke before
    subject = re.split(r"[、，,\s]", sentence[: topic.start()])[-1]
    return subject or None


#: adverbs after a pronoun subject ("他同时暗示", "她还说")
_CJK_ADVERBS = re.compile(r"(?:同时|随后|还|也|又|则|都|再|亦)+$")
#: a quote closed as hearsay ("…」という", "…」とのことだ", "…」とされる"): the source said it
_JA_HEARSAY = re.compile(r"[\x00\s]*と(?:いう|のこと|され)")
#: "関係者によると", "政府筋によると": a source the sentence goes by, opening its clause
_JA_ACCORDING = re.compile(r"(?:^|[、。\s])([^\x00\x01、。，「」\s]{1,20})によると")
#: a clause closed on a verb of being ("…と重なる部分があり、", "…ており、"): its topic is that clause's
_JA_CLAUSE_CLOSED = re.compile(r"(?:あり|おり|ており)[、，]")
#: after の, a surname in kanji and a given name in hiragana ("佐々木ひなた")
_JA_KANA_NAME = re.compile(r"の([\u4e00-\u9fff々]{1,3}[\u3041-\u3093]{2,4})$")


def _without_clause(subject: str) -> str:
    """A Japanese subject after the clause that describes it: what follows its last kana but
    の ("現場で救助に当たる消防当局者" -> 消防当局者); the subject when nothing follows."""
    return re.split(r"[\u3041-\u306d\u306f-\u309f]", subject)[-1] or subject


def _cjk_name(subject: str, words: LanguageWords, after_name: bool) -> str:
    """The name in a subject, without its titles ("外交部发言人毛宁" -> 毛宁, "林芳正官房長官"
    -> 林芳正, "毛氏" -> 毛); a subject that is a body and an office stays whole ("气象庁の担当者")."""
    subject = PARENTHESES.sub("", subject)
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
        tail = stripped.split("の")[-1]
        # "中国国防省の呉明輝(報道官)": a name after the body; "気象庁の担当者" has none
        named = ("の" in stripped and not tail.endswith(language("ja").names.body_endings)
                 and not subject.endswith(words.data.field_roles or ("\x02",)))  # "同社の広報担当者": a field
        if stripped.endswith(("の", "的")) or (subject.endswith(words.data.roles) and not named):
            # "気象庁の担当者", "消防当局者": a body's officer, no name; without the clause
            # that describes it ("現場で救助に当たる消防当局者")
            return _without_clause(subject)
        run = _CJK_NAME_RUN.search(stripped.split("の")[-1])
        if run and (foreign := _KATAKANA_BEFORE_KANJI.match(run.group(0))):
            return foreign.group(0)  # "ベッセント財務(長官)": a foreign name in katakana, then the office
        name = _known_person_prefix(run.group(0)) if run else stripped
        occupation = next((o for o in words.data.occupations if name.startswith(o) and len(name) > len(o) + 1), None)
        return name[len(occupation):] if occupation else name  # "会社員田中健一": 田中健一
    if after_name:  # "被害が大きいカガヤン州の女性": the woman of Cagayan, without the clause before her
        kana_name = _JA_KANA_NAME.search(subject)
        if kana_name:  # "主演に抜てきされた新人の佐々木ひなた": a given name written in hiragana
            return kana_name.group(1)
        described = _without_clause(subject)
        return described if len(described) >= 2 else subject  # "山田さん" ends in kana
    foreign = _foreign_name(subject, words)
    if foreign:  # "巴西采购商卡洛斯·门德斯": the name, whatever title or description stands before it
        return foreign
    # titles before the name (Chinese): the name follows the last of them
    last_end = max((m.end() for t in words.titles for m in re.finditer(re.escape(t), subject)), default=0)
    if 0 < last_end < len(subject) - 1:  # a name has two characters at least ("大使馆" holds no 大使)
        return subject[last_end:]
    if last_end == len(subject) or len(subject) <= 4:
        return subject  # "外交部发言人" with no name; or a name alone
    # a long subject that ends in a family name and one or two characters: the name
    # ("来自重庆的游客李欣然" with no title this list knows)
    # (a body's ending that can end a given name too, "人", "方", is no proof)
    if subject.endswith(tuple(e for e in language("zh").names.body_endings if e not in ("员", "人", "方", "者"))):
        return subject  # "日本国家海上保安厅": a body, though "安厅" reads like a name
    for size in (3, 2):
        if subject[-size] in words.surnames and "的" not in subject[-size:]:
            return subject[-size:]
    return subject


def _foreign_name(subject: str, words: LanguageWords) -> str | None:
    """A foreign name written with "·" in a Chinese subject, as far as transliteration
    characters run on either side of it."""
    if "·" not in subject or not words.data.transliteration:
        return None
    chars = re.escape(words.data.transliteration)
    found = re.search(rf"[{chars}]+(?:·[{chars}]+)+", subject)
    if not found:
        return None
    # "主席阿济兹·拉希莫夫": the name runs back to the office before it, whatever characters it uses
    office_end = max((m.end() for t in words.titles for m in re.finditer(re.escape(t), subject[: found.start()])), default=-1)
    start = office_end if 0 <= found.start() - office_end <= 2 else found.start()
    return subject[start : found.end()]


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
