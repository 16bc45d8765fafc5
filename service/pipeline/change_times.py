"""The times a text states, for the ``time`` kind of change (:mod:`.changes`): weekdays,
seasons, months, years, days ("yesterday"), units placed relative to now ("next spring", "the
previous year"), parts of periods ("the end of the year"). The words are language data
(``[changes]`` of ``service/data/languages/<code>.toml``); and the tense each verb is put in.
"""
from __future__ import annotations

import re

from ..language_data import Changes
from .tokens import function_words
from .wordnet import WordNet

YEAR = re.compile(r"^(?:1[89]|20|21)\d\d$")
#: words after which "fall" is the season ("in the fall")
_BEFORE_A_SEASON = frozenset({"in", "by", "this", "next", "last", "the", "until", "early", "late", "since"})


def counts_things(figure: str, following: str, wordnet: WordNet) -> bool:
    """Whether a figure shaped like a year counts what follows it instead ("2100 people", "about
    1900 troops"): the next word is a noun in the plural (:meth:`WordNet.plural_noun`). A year before a plural ("by 2030 emissions") is read as a date by the number
    reader first, from the language's ``year_prepositions``."""
    if not YEAR.match(figure) or not following.isalpha():
        return False
    return wordnet.plural_noun(following)


_DAY = re.compile(r"([1-9]|[12]\d|3[01])(?:st|nd|rd|th)?")


def _days_of(folded: list[str], i: int, joiners: frozenset[str]) -> list[str]:
    """The days of the month written beside the month at ``i`` ("12 September", "September
    21st", "the 12th of September"), with the other end of a range ("March 18 to 21", "18-21
    March"): none when the month stands alone."""
    def day(n: int) -> str | None:
        found = _DAY.fullmatch(folded[n]) if 0 <= n < len(folded) else None
        return found.group(1) if found else None

    j = i - 1
    if j >= 0 and folded[j] == "of":  # "the 12th of September"; the splitter reads "12th" as "12" "th"
        j -= 1
    if j >= 1 and not folded[j][:1].isdigit() and folded[j - 1][:1].isdigit():
        j -= 1
    days = []
    for n, step in ((i + 1, 1), (j, -1)):
        if day(n) is None:
            continue
        days.append(day(n))
        # the range's other end: joined by a word ("to") or by a dash the splitter drops
        other = n + 2 * step if 0 <= n + step < len(folded) and folded[n + step] in joiners else n + step
        if day(other) is not None:
            days.append(day(other))
        break
    return days


def times_of(words_: list[str], folded: list[str], data: Changes,
             counts: frozenset[int] = frozenset()) -> tuple[dict[str, set[str]], list[str]]:
    """The times a text states, by category ("weekday", "season", "month", "year", "day",
    "relative:<unit>", "part", "part of"), and the words that state them. ``counts``: positions
    of figures shaped like years that count things (:func:`counts_things`), no year."""
    times: dict[str, set[str]] = {}
    words: list[str] = []

    def add(category: str, value: str, word: str) -> None:
        times.setdefault(category, set()).add(value)
        words.append(word)

    # "next week", "last spring", "this Friday": a unit, a season or a weekday placed relative to now
    units = sorted((*data.units, *data.seasons, *data.weekdays), key=lambda u: -len(u.split()))
    for i, w in enumerate(folded):
        if w in data.weekdays:
            add("weekday", w, w)
        elif w in data.seasons and (w != "fall" or (i and folded[i - 1] in _BEFORE_A_SEASON)):
            add("season", w, w)
        elif w in data.months and (w != "may" or (i and words_[i][:1].isupper()) or any(
                n[:1].isdigit() for n in folded[max(0, i - 1):i] + folded[i + 1:i + 2])):
            add("month", w, w)  # "may" is a month only as "May" inside a sentence or next to a day
            for day in _days_of(folded, i, data.day_joiners):  # "12 September" / "September 21": the day too
                add("date", f"{w} {day}", day)
        elif YEAR.match(w) and i not in counts:
            add("year", w, w)
        elif w in data.days:
            add("day", data.days[w], w)
        elif w in data.relative_words and not (i + 1 < len(folded) and folded[i + 1] in data.relative_words):
            # ("this coming winter": the word next to the unit says when)
            # the unit right after the word first ("previous-year month": the year), then one a word on
            rest = folded[i + 1:i + 4]
            unit = next((u for u in units if rest[:len(u.split())] == u.split()), None) or next(
                (u for u in units if rest[1:1 + len(u.split())] == u.split()), None)
            if unit:
                add(f"relative:{unit.split()[-1]}", data.relative_words[w], f"{w} {unit}")
        elif w in data.units and " ".join(folded[i + 1 : i + 3]) in data.relative_after:
            after = " ".join(folded[i + 1 : i + 3])  # "the year after next": no "next year"
            add(f"relative:{w}", data.relative_after[after], f"{w} {after}")
        elif w in data.ordinals and i + 1 < len(folded) and folded[i + 1] in ("quarter", "half"):
            add(folded[i + 1], w, f"{w} {folded[i + 1]}")
        if w in data.period_parts and any(
                n in data.months or n in data.units or n.removesuffix("s") in data.units for n in folded[i + 1:i + 4]):
            add("part", data.period_parts[w], w)  # "early April", "the end of next month"
        if w in data.period_parts:  # "the end of the year" / "the end of the summer": parts of two periods
            period = next((n for n in folded[i + 1:i + 4] if n in data.units or n in data.seasons), None)
            if period:
                times.setdefault("part of", set()).add(period)
    stated = {int(y) for y in times.get("year", ())}
    if len(stated) == 1:  # "doubled in 2023 compared with the previous year": 2022 is said too
        year = next(iter(stated))
        for i, w in enumerate(folded[:-1]):
            if w in data.relative_to_stated and folded[i + 1] == "year":
                times["year"].add(str(year + (1 if data.relative_words.get(w) == "next" else -1)))
    return times, words


#: words after which a verb's past form is a participle, no past tense ("was cut", "to be approved")
_NO_PAST_BEFORE = frozenset({"is", "are", "am", "be", "been", "being", "was", "were", "to", "will", "would", "can",
                             "may", "might", "must", "should", "could", "not", "shall", "get", "got", "the", "a", "an"})


def tenses_of(words: list[str], folded: list[str], data: Changes, wordnet: WordNet) -> dict[str, tuple[str, str]]:
    """The tense of each verb a text puts in the past or the future ("inaugurated", "has
    begun"; "will inaugurate"), by lemma: one verb in two tenses moves its claim in time,
    whatever other verbs of either text say ("after a fire destroyed …")."""
    found: dict[str, tuple[str, str]] = {}
    single_future = {m for m in data.future_markers if " " not in m}
    for i, w in enumerate(folded):
        if len(w) < 3 or w in function_words() or w.endswith("ing"):
            continue
        bases = wordnet.base_forms(w, "v")
        if not bases:
            continue
        j = i - 1  # the word before the adverbs ("will soon begin")
        while j > 0 and wordnet.dominant_part_of_speech(folded[j]) == "r" and folded[j] not in function_words():
            j -= 1
        before = folded[j] if j >= 0 else ""
        if before in single_future and w in bases:
            tense, said = "future", " ".join(words[j : i + 1])
        elif before in data.perfect_auxiliaries and w not in bases:
            tense, said = "past", " ".join(words[j : i + 1])
        elif w not in bases and not w.endswith("s") and before not in _NO_PAST_BEFORE and i > 0 \
                and wordnet.dominant_part_of_speech(w) != "a":
            tense, said = "past", words[i]
        else:
            continue
        for base in bases:
            found.setdefault(base, (tense, said))
    return found

