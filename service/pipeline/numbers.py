"""Quantities stated in a text ("one" is left out: it is more often a pronoun than a count): digits with any grouping, number words and bounds.

Reads "10,000", "10 000", "10.000" (thousands), "1.5 million", "over 10,000", and number
words in English ("three-day", "twenty-five", "two hundred") and Russian ("два дня",
"тридцать", "трёхдневный", "25 тысяч"), whatever the text's language: number, bound and
date words are language data (``service/data/languages``), pooled. Each quantity keeps its
value, a bound ("", ">", "<", "~") and where it stands, so that "over 10,000" and
"10,000" compare as the same number with a different bound.

Cost: linear in the text (a few regex passes and a dictionary lookup per word).
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass
from typing import Mapping

from ..language_data import language as language_of
from ..language_data import languages, pooled
from ..lazy import once
from .lemmas import lemma, lemmatised

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.U)
_BOUNDS = ((">", "more_than"), ("<", "less_than"), ("~", "about"))  # the longest phrase before a figure wins


@dataclass(frozen=True)
class _NumberWords:
    code: str
    by_lemma: bool  # looked up on the word's lemma, for the words the lemmatiser reads
    words: Mapping[str, float]
    prefixes: Mapping[str, float]  # a number stem glued to a noun stem ("трёхдневный")


@dataclass(frozen=True)
class _Tables:
    number_words: tuple[_NumberWords, ...]
    multipliers: dict[str, float]  # matched as the start of a word (or of its lemma), in order
    digits: re.Pattern  # digits with any grouping, and a multiplier word after them
    bounds: tuple[tuple[re.Pattern, str], ...]
    month_before: re.Pattern
    month_after: re.Pattern
    day_before: re.Pattern  # a day and a joiner before a figure: "March 18 to"
    day_after: re.Pattern  # a joiner and a day of a month after it: "to 21 March"
    time_after: re.Pattern
    year_after: re.Pattern
    year_before: re.Pattern
    bound_after: re.Pattern
    per_cent: re.Pattern  # after a figure: it is a share in per cent
    shares: "_Shares"


@dataclass(frozen=True)
class _Shares:
    """Shares in words (``[numbers] fractions`` and the words around them), pooled."""

    fractions: dict[str, float]
    counts: dict[str, float]
    no_before: frozenset[str]
    no_after: frozenset[str]
    before: frozenset[str]  # "by", and the bounds
    after: frozenset[str]
    ratio_words: frozenset[str]  # "one in five", "one on two"
    of_unit: frozenset[str]  # "a quarter percentage point": a fraction of one


@once
def _tables() -> _Tables:
    """The number, bound and date words of every language, pooled (see the module docstring)."""
    def any_of(words) -> str:
        return "|".join(words) or "(?!)"

    def plain(words) -> str:
        return any_of(re.escape(w) for w in words)

    months = any_of(pooled(lambda lang: lang.dates.months))
    joiners = plain(pooled(lambda lang: lang.dates.day_joiners))
    return _Tables(
        number_words=tuple(_NumberWords(lang.code, lang.lemmas, lang.numbers.words, lang.numbers.prefixes)
                           for lang in languages() if lang.numbers.words or lang.numbers.prefixes),
        multipliers={k: v for lang in languages() for k, v in lang.numbers.multipliers.items()},
        digits=re.compile(
            # not glued to a Latin or Cyrillic word ("A320"); glued to CJK is fine ("约5亿")
            # thousands grouped by one separator, maybe with decimals after the other ("1,935.3", "1.935,3")
            r"(?<![0-9A-Za-z\u00c0-\u024f\u0400-\u04ff_.,])(\d{1,3}(?:(?:,\d{3})+(?:\.\d+)?|(?:\.\d{3})+(?:,\d+)?"
            r"|(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?)(?![\d])|\d+(?:[.,]\d+)?)"
            rf"(?:\s*({any_of(pooled(lambda lang: lang.numbers.after_digits))}))?",
            re.I | re.U,
        ),
        bounds=tuple((re.compile(rf"(?:{plain(pooled(lambda lang: getattr(lang.numbers, field)))})\s+$", re.I), bound)
                     for bound, field in _BOUNDS),
        month_before=re.compile(rf"(?:{months})\.?\s+$", re.I),
        month_after=re.compile(rf"^\.?\s+(?:{months})\b", re.I),
        # a day joined to a day of a month: "March 18 to" before it, "to 21 March" after it
        day_before=re.compile(rf"(?:{months})\.?\s+\d{{1,2}}\s*(?:[-–—]|(?:{joiners})\s)\s*$", re.I),
        day_after=re.compile(rf"^\.?\s*(?:[-–—]|\s(?:{joiners}))\s*\d{{1,2}}\.?\s+(?:{months})\b", re.I),
        time_after=re.compile(rf"^(?::\d\d)?\s*(?:{any_of(pooled(lambda lang: lang.dates.time_words))})", re.I),
        year_after=re.compile(rf"^\s*(?:{any_of(pooled(lambda lang: lang.dates.year_words))})", re.I),
        year_before=re.compile(rf"\b(?:{plain(pooled(lambda lang: lang.dates.year_prepositions))})\s+$", re.I),
        # ... not "3 deaths and more than 20 injuries", where "more than" bounds the next figure
        bound_after=re.compile(rf"^(?:\s+[^\W\d_]+)?\s+(?:{plain(pooled(lambda lang: lang.numbers.more_than_after))})\b(?!\s+than)", re.I),
        per_cent=re.compile(rf"^\s*(?:{plain(pooled(lambda lang: lang.numbers.per_cent))})(?!\w)", re.I),
        shares=_Shares(
            fractions={k: v for lang in languages() for k, v in lang.numbers.fractions.items()},
            counts={k: v for lang in languages() for k, v in lang.numbers.fraction_counts.items()},
            no_before=frozenset(pooled(lambda lang: lang.numbers.no_share_before)),
            no_after=frozenset(pooled(lambda lang: lang.numbers.no_share_after)),
            before=frozenset(w for lang in languages() for w in (*lang.numbers.share_before, *lang.numbers.about,
                                                                 *lang.numbers.more_than, *lang.numbers.less_than)
                             if " " not in w),
            after=frozenset(pooled(lambda lang: lang.numbers.share_after)),
            ratio_words=frozenset(pooled(lambda lang: lang.numbers.ratio_words)),
            of_unit=frozenset(pooled(lambda lang: lang.numbers.share_of_unit)),
        ),
    )


@dataclass(frozen=True)
class Quantity:
    value: float
    bound: str
    start: int
    end: int
    text: str

    @property
    def key(self) -> str:
        number = int(self.value) if float(self.value).is_integer() else self.value
        return f"{self.bound}{number}"


def _digit_value(digits: str, unit: str | None) -> float:
    grouped = re.fullmatch(r"\d{1,3}(?:([,. \u00a0\u202f])\d{3})+(?:[.,](\d+))?", digits)
    if grouped:  # "1,935.3": the separator of thousands goes, the other one marks the decimals
        whole = digits[: len(digits) - len(grouped.group(2)) - 1] if grouped.group(2) else digits
        value = float(re.sub(r"\D", "", whole) + ("." + grouped.group(2) if grouped.group(2) else ""))
    else:
        value = float(digits.replace(",", "."))
    if unit:
        value *= _multiplier(unit.lower())
    return value


def _multiplier(word: str) -> int:
    for key, factor in _tables().multipliers.items():
        if word.startswith(key):
            return factor
    return 1


def quantities(text: str, language: str = "en") -> list[Quantity]:
    """Quantities in ``text``; dates and times ("12 July", "в 2024 году", "2 p.m.") are not quantities.

    ``language`` is not read: number words of every language are read in every text (see
    the module docstring). Callers still pass it; dropping it touches them.
    """
    return list(_word_quantities(text) if len(text) <= 40 else _quantities(text))


@lru_cache(maxsize=8192)
def _word_quantities(text: str) -> tuple[Quantity, ...]:
    """A word's or short phrase's reading, kept: the change reader asks of every word of every
    pair whether it is a figure ("one", "third"), and words recur."""
    return _quantities(text)


def _quantities(text: str) -> tuple[Quantity, ...]:
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    shares = _shares(text)
    for match in _tables().digits.finditer(text):
        if any(q.start <= match.start() < q.end for q in shares):
            continue  # "9 in 10": one share, not two figures
        if _is_date(text, match) or _in_a_name(text, match):
            taken.append((match.start(), match.end()))
            continue
        found.append(Quantity(_digit_value(match.group(1), match.group(2)), "", match.start(), match.end(), match.group(0)))
        taken.append((match.start(), match.end()))
    found.extend(shares)
    taken.extend((q.start, q.end) for q in shares)
    found.extend(_word_numbers(text, taken))
    found.sort(key=lambda q: q.start)
    return tuple(_with_bound(text, q) for q in _compounds(text, found))


#: multipliers from which East Asian figures count on after them (1만 9,000, 1万9000, 3億5000万)
COUNTING_UNIT = 10_000


def _compounds(text: str, found: list[Quantity]) -> list[Quantity]:
    """A figure with a large multiplier directly followed by a smaller one is one figure:
    ``1만 9,000`` is 19,000 (Korean, Chinese and Japanese count in units of 10,000)."""
    merged: list[Quantity] = []
    for q in found:
        last = merged[-1] if merged else None
        if (last is not None and last.value >= COUNTING_UNIT and q.value < _unit_of(last)
                and not text[last.end:q.start].strip() and q.start - last.end <= 1):
            merged[-1] = Quantity(last.value + q.value, "", last.start, q.end, text[last.start:q.end])
        else:
            merged.append(q)
    return merged


def _unit_of(quantity: Quantity) -> float:
    """The multiplier a figure was written with (1만 -> 10,000), or 1."""
    unit = re.sub(r"^[\d.,\s\u00a0\u202f]+", "", quantity.text)
    return _multiplier(unit.lower()) if unit else 1




def _in_a_name(text: str, match: re.Match) -> bool:
    """A figure between two capitalised words is part of a name: "Bayer 04 Leverkusen",
    "Formula 1 World Championship"."""
    return (not match.group(2) and bool(re.search(r"(?<![.!?]\s)\b[A-Z][\w-]*\s$", text[max(0, match.start() - 30) : match.start()]))
            and bool(re.match(r"\s[A-Z]", text[match.end() : match.end() + 2])))


def _is_date(text: str, match: re.Match) -> bool:
    if match.group(2):
        return False  # "25 тысяч" is a quantity
    digits = match.group(1)
    if not digits.isdigit():
        return False
    value = int(digits)
    tables = _tables()
    before, after = text[max(0, match.start() - 12) : match.start()], text[match.end() : match.end() + 14]
    if re.match(r"^[:.]\d\d\b", after) and value <= 24 or (re.search(r"\d:$", before) and len(digits) == 2):
        return True  # 14:30; "5:0" is a score
    if value <= 24 and tables.time_after.search(after):
        return True  # a time of day ("2 p.m.", "14 Uhr", "14:30") is no quantity either
    near_month = bool(tables.month_before.search(before) or tables.month_after.search(after))
    near_month = near_month or bool(tables.day_before.search(text[max(0, match.start() - 24) : match.start()])
                                    or tables.day_after.match(text[match.end() : match.end() + 24]))
    if value <= 31 and near_month:
        return True
    return 1800 <= value <= 2100 and (near_month or bool(tables.year_after.search(after))
                                      or bool(tables.year_before.search(before)))


def _word_numbers(text: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    result: list[Quantity] = []
    words = list(_WORD.finditer(text))
    i = 0
    while i < len(words):
        match = words[i]
        if any(s <= match.start() < e for s, e in taken):
            i += 1
            continue
        value, used = _read_words(words, i)
        if value is not None:
            start, end = match.start(), words[i + used - 1].end()
            result.append(Quantity(value, "", start, end, text[start:end]))
            i += used
        else:
            i += 1
    return result


def _shares(text: str) -> list[Quantity]:
    """Shares in words, in per cent: "a quarter of flights" (25), "grew by almost half" (50),
    "two thirds" (67). Only after a count, a bound or "by", or before "of"; a part of a period
    ("the first half of the year", "a quarter earlier", "half an hour") is none."""
    table = _tables().shares
    if not table.fractions:
        return []
    words = list(_WORD.finditer(text))
    folded = [w.group(0).casefold() for w in words]
    found = []
    for i, word in enumerate(folded):
        share = table.fractions.get(word)
        if share is None:
            continue
        before = folded[i - 1] if i else ""
        after = folded[i + 1] if i + 1 < len(folded) else ""
        if before in table.no_before or after in table.no_after:
            continue
        count = table.counts.get(before)
        opening = (folded[i - 2] if i > 1 else "") if count is not None else before
        if opening in table.no_before:
            continue  # "the first three quarters", "a year and a half"
        if opening not in table.before and after not in table.after:
            continue  # "three quarters" alone is a span of time as often as a share
        start = words[i - 1].start() if count is not None else words[i].start()
        # "a quarter percentage point" is 0.25 of a point; "a quarter of flights" 25 per cent
        value = round((count or 1) * share / 100, 3) if after in table.of_unit else float(round((count or 1) * share))
        found.append(Quantity(value, "", start, words[i].end(), text[start:words[i].end()]))
    return found + _ratios(text)


def is_share(text: str, quantity: Quantity) -> bool:
    """Whether a quantity of ``text`` is a share in per cent: in words ("a third"), a ratio
    ("9 in 10") or a figure before a word of per cent ("25 per cent", "25%")."""
    return bool(_tables().per_cent.match(text[quantity.end:])) or any(
        share.start == quantity.start for share in _shares(text))


def share_said_as_count(text_a: str, only_a: list[Quantity], all_a: list[Quantity],
                        text_b: str, only_b: list[Quantity], all_b: list[Quantity]) -> bool:
    """Whether the one figure each side states and the other lacks is one part said two ways:
    a share on one side ("a third of its 1,200 buses") and a count on the other ("400 of
    1,200 buses"), of a whole the count's side states beside it (and so both do: it is no
    unmatched figure), to the rounding a share in words allows."""
    if len(only_a) != 1 or len(only_b) != 1:
        return False
    for share_text, share, count_text, count, around in ((text_a, only_a[0], text_b, only_b[0], all_b),
                                                        (text_b, only_b[0], text_a, only_a[0], all_a)):
        if is_share(share_text, share) and not is_share(count_text, count):
            wholes = [q.value for q in around if q is not count and not is_share(count_text, q)]
            return any(whole > count.value and abs(100 * count.value / whole - share.value) < 1 for whole in wholes)
    return False


_WORD_OR_FIGURE = re.compile(r"(?<![\d.,])\d+(?![.,]?\d)|[^\W\d_]+(?:-[^\W\d_]+)*", re.U)


def _ratios(text: str) -> list[Quantity]:
    """"one in five people", "9 out of 10", "one TGV on two" (as French says half): a share, in per cent."""
    table = _tables().shares
    words = list(_WORD_OR_FIGURE.finditer(text))
    folded = [w.group(0).casefold() for w in words]
    phrases = sorted((tuple(p.split()) for p in table.ratio_words), key=len, reverse=True)
    found = []
    starts = {p[0] for p in phrases}
    for i, word in enumerate(folded):
        digits = word.isdigit()
        if word in ("a", "an") or not any(w in starts for w in folded[i + 1 : i + (2 if digits else 3)]):
            continue  # no ratio word after it: no share, whatever the word is worth
        part = float(word) if digits else table.counts.get(word) or _unit_value(word)
        if part is None:
            continue
        for gap in ((1,) if digits else (1, 2)):  # a noun may stand between a counted part and the preposition
            j = i + gap
            phrase = next((p for p in phrases if tuple(folded[j : j + len(p)]) == p), None)
            if phrase is None or j + len(phrase) >= len(folded):
                continue
            k = j + len(phrase)
            whole = float(folded[k]) if folded[k].isdigit() else _unit_value(folded[k])
            # figures take "in" only ("9 in 10"): "5 on 6 March" is a date; "3 in 10 days" a span
            after = folded[k + 1] if k + 1 < len(folded) else ""
            if whole and whole > part and not (digits and (phrase == ("on",) or _is_time_word(after))):
                end = words[k].end()
                found.append(Quantity(float(round(100 * part / whole)), "", words[i].start(), end,
                                      text[words[i].start():end]))
            break
    return found


def _is_time_word(word: str) -> bool:
    """Whether a word after a figure makes it a date or a span ("10 days", "10 March")."""
    return any(word in lang.changes.months or word in lang.changes.durations or word.removesuffix("s") in lang.changes.durations
               for lang in languages())


def _unit_value(word: str) -> float | None:
    lower = word.lower()
    for table in _tables().number_words:
        if table.by_lemma and not lemmatised(lower, table.code):
            continue
        key = lemma(lower, table.code) if table.by_lemma else lower
        if key in table.words:
            return table.words[key]
        for prefix, value in table.prefixes.items():
            if lower.startswith(prefix) and len(lower) > len(prefix) + 3:
                return value
    return None


def _multiplier_key(word: str) -> str:
    """The form of ``word`` multipliers are matched on: its lemma where one is read."""
    for table in _tables().number_words:
        if table.by_lemma and lemmatised(word, table.code):
            return lemma(word, table.code)
    return word


def _read_words(words, i: int) -> tuple[float | None, int]:
    """A number spelt in words starting at ``words[i]``: (value, words used)."""
    first = words[i].group(0)
    parts = first.lower().split("-")
    # "twenty-five", "three-day": read the hyphenated parts that are numbers.
    values = [_unit_value(p) for p in parts]
    if values[0] is None:
        return None, 0
    value = sum(v for v in values if v is not None)
    used = 1
    while i + used < len(words):
        nxt = words[i + used].group(0).lower()
        factor = _multiplier(_multiplier_key(nxt))
        gap = words[i + used].start() - words[i + used - 1].end()
        multipliers = _tables().multipliers
        if factor > 1 and gap <= 2 and (nxt in multipliers or any(nxt.startswith(k) for k in multipliers)):
            value *= factor
            used += 1
            continue
        extra = _unit_value(nxt)
        if extra is not None and extra < 10 and value >= 20 and value % 10 == 0 and gap <= 2:
            value += extra  # "двадцать пять"
            used += 1
            continue
        break
    return value, used


def _with_bound(text: str, quantity: Quantity) -> Quantity:
    found = _bound_before(text, quantity)
    if found:
        return Quantity(quantity.value, found[1], quantity.start, quantity.end, quantity.text)
    # "20,000 and more", "two ten-thousands or more": a bound after the figure (its unit may come between)
    if _tables().bound_after.match(text[quantity.end : quantity.end + 40]):
        return Quantity(quantity.value, ">", quantity.start, quantity.end, quantity.text)
    return quantity


def _bound_before(text: str, quantity: Quantity) -> tuple[int, str] | None:
    """Where the bound phrase before ``quantity`` starts in ``text``, and its bound; the longest
    phrase wins ("not more than 300" is at most 300, not more than 300)."""
    at = max(0, quantity.start - 40)
    found = [(at + match.start(), bound) for pattern, bound in _tables().bounds
             if (match := pattern.search(text[at : quantity.start]))]
    return min(found) if found else None


def bounded_text(text: str, quantity: Quantity) -> str:
    """``quantity`` as ``text`` writes it with the bound phrase before it ("not more than 300")."""
    found = _bound_before(text, quantity)
    return text[found[0] : quantity.start] + quantity.text if found else quantity.text


def measured_key(text: str, quantity: Quantity, language: str) -> str:
    """``quantity``'s key, a span of time or a measure in its smallest unit: "nine months" and
    "three quarters" are both ``27month``-like keys of one length, "10 gigawatts" and "10,000
    megawatts" one power (units from the language's ``[changes] durations`` and ``measures``)."""
    data = language_of(language).changes
    units = {**data.durations, **data.measures}
    # the unit after the figure, or joined to it ("two-day", "5-year")
    unit = re.search(r"-([^\W\d_]+)$", quantity.text) or re.match(r"(?:\s*|-)([^\W\d_]+)", text[quantity.end :])
    if not units or not unit:
        return quantity.key
    word = unit.group(1).casefold()
    base = units.get(word) or (units.get(word[:-1]) if word.endswith("s") else None)
    if base is None:
        return quantity.key
    family, factor = base.split(":")
    length = round(quantity.value * float(factor), 6)
    return f"{quantity.bound}{int(length) if float(length).is_integer() else length}{family}"


def unbounded(key: str) -> str:
    """A quantity key without its bound ("~", "<", ">"...): the figure (and unit of time) alone."""
    return re.sub(r"^[^\d.-]+", "", key)



def unmatched_figures(a: list[tuple[str, str]], b: list[tuple[str, str]]) -> tuple[list[int], list[int]]:
    """The positions of the figures of each side that the other side does not state. A figure
    is (its key with a span of time in its smallest unit, its key as written; see
    :func:`measured_key`); it matches one of the same key, or, when either of the two has no
    unit of time, one written the same ("aged 40" / "of 40 years"; "40 years" / "40 months"
    stay two figures)."""
    def matches(x: tuple[str, str], y: tuple[str, str]) -> bool:
        return x[0] == y[0] or ((x[0] == x[1] or y[0] == y[1]) and x[1] == y[1])

    return ([i for i, x in enumerate(a) if not any(matches(x, y) for y in b)],
            [j for j, y in enumerate(b) if not any(matches(x, y) for x in a)])
