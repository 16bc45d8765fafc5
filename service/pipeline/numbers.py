"""Quantities stated in a text ("one" is left out: it is more often a pronoun than a count): digits with any grouping, number words and bounds.

Reads "10,000", "10 000", "10.000" (thousands), "1.5 million", "over 10,000", and number
words in English ("three-day", "twenty-five", "two hundred") and Russian ("два дня",
"тридцать", "трёхдневный", "25 тысяч"), whatever the text's language. Each quantity keeps its
value, a bound ("", ">", "<", "~") and where it stands, so that "over 10,000" and
"10,000" compare as the same number with a different bound.

Cost: linear in the text (a few regex passes and a dictionary lookup per word).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lemmas import lemma

EN_UNITS = {
    "zero": 0, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
RU_UNITS = {
    "ноль": 0, "два": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7, "восемь": 8,
    "девять": 9, "десять": 10, "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14,
    "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18, "девятнадцать": 19,
    "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "шестьдесят": 60, "семьдесят": 70,
    "восемьдесят": 80, "девяносто": 90, "сто": 100, "двести": 200, "триста": 300, "четыреста": 400,
    "пятьсот": 500, "шестьсот": 600, "семьсот": 700, "восемьсот": 800, "девятьсот": 900,
    "полтора": 1.5, "оба": 2,
}
# "трёхдневный", "двухнедельный", "пятилетний": a number stem glued to a noun stem.
RU_PREFIXES = {"двух": 2, "трех": 3, "трёх": 3, "четырех": 4, "четырёх": 4, "пяти": 5, "шести": 6, "семи": 7,
               "восьми": 8, "девяти": 9, "десяти": 10, "двадцати": 20, "тридцати": 30}
MULTIPLIERS = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "сотня": 100, "тысяча": 1_000, "тыс": 1_000, "миллион": 1_000_000, "млн": 1_000_000,
    "миллиард": 1_000_000_000, "млрд": 1_000_000_000,
}
BOUNDS = [
    (re.compile(r"(?:more than|over|above|at least|upwards of|in excess of|более|свыше|больше|не менее|по меньшей мере|минимум)\s+$", re.I), ">"),
    (re.compile(r"(?:fewer than|less than|under|below|up to|at most|менее|меньше|до|не более|максимум)\s+$", re.I), "<"),
    (re.compile(r"(?:about|around|some|roughly|nearly|almost|approximately|около|почти|примерно|порядка|приблизительно)\s+$", re.I), "~"),
]
_DIGITS = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:(?:,|[ \u00a0\u202f]|\.)\d{3})+(?![\d])|\d+(?:[.,]\d+)?)"
    r"(?:\s*(million|billion|thousand|hundred|миллиард\w*|миллион\w*|тысяч\w*|млн|млрд|тыс))?",
    re.I | re.U,
)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.U)


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
    if re.fullmatch(r"\d{1,3}(?:[,. \u00a0\u202f]\d{3})+", digits):
        value = float(re.sub(r"\D", "", digits))
    else:
        value = float(digits.replace(",", "."))
    if unit:
        value *= _multiplier(unit.lower())
    return value


def _multiplier(word: str) -> int:
    for key, factor in MULTIPLIERS.items():
        if word.startswith(key):
            return factor
    return 1


def quantities(text: str, language: str = "en") -> list[Quantity]:
    """Quantities in ``text``; dates and times ("12 July", "в 2024 году", "2 p.m.") are not quantities.

    ``language`` is not read: number words of every language are read in every text (see
    the module docstring). Callers still pass it; dropping it touches them.
    """
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for match in _DIGITS.finditer(text):
        if _is_date(text, match):
            taken.append((match.start(), match.end()))
            continue
        found.append(Quantity(_digit_value(match.group(1), match.group(2)), "", match.start(), match.end(), match.group(0)))
        taken.append((match.start(), match.end()))
    found.extend(_word_numbers(text, taken))
    found.sort(key=lambda q: q.start)
    return [_with_bound(text, q) for q in found]


_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|январ\w*|феврал\w*|март\w*|апрел\w*|ма[йяе]\w*|июн\w*|июл\w*|"
    r"август\w*|сентябр\w*|октябр\w*|ноябр\w*|декабр\w*|januar|februar|märz|juni|juli|oktober|dezember|"
    r"janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
)
_MONTH_BEFORE = re.compile(rf"(?:{_MONTHS})\.?\s+$", re.I)
_MONTH_AFTER = re.compile(rf"^\.?\s+(?:{_MONTHS})\b", re.I)
_TIME_AFTER = re.compile(r"^(?::\d\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|uhr\b|h\b|ч\b|час\w*|heures?\b|시)", re.I)
_YEAR_CONTEXT = re.compile(r"^\s*(?:год\w*|г\.|jahr\w*)|^\s*년", re.I)


def _is_date(text: str, match: re.Match) -> bool:
    if match.group(2):
        return False  # "25 тысяч" is a quantity
    digits = match.group(1)
    if not digits.isdigit():
        return False
    value = int(digits)
    before, after = text[max(0, match.start() - 12) : match.start()], text[match.end() : match.end() + 14]
    if re.match(r"^[:.]\d\d\b", after) and value <= 24 or re.search(r"\d:$", before):
        return True  # 14:30
    if value <= 24 and _TIME_AFTER.search(after):
        return True  # a time of day ("2 p.m.", "14 Uhr", "14:30") is no quantity either
    near_month = bool(_MONTH_BEFORE.search(before) or _MONTH_AFTER.search(after))
    if value <= 31 and near_month:
        return True
    return 1800 <= value <= 2100 and (near_month or bool(_YEAR_CONTEXT.search(after))
                                      or bool(re.search(r"\b(?:in|since|by|until|of|в|с|до|im|seit|en|depuis)\s+$", before, re.I)))


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


def _unit_value(word: str) -> float | None:
    lower = word.lower()
    if lower in EN_UNITS:
        return EN_UNITS[lower]
    if re.search(r"[а-яё]", lower):
        base = lemma(lower, "ru")
        if base in RU_UNITS:
            return RU_UNITS[base]
        for prefix, value in RU_PREFIXES.items():
            if lower.startswith(prefix) and len(lower) > len(prefix) + 3:
                return value
    return None


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
        factor = _multiplier(lemma(nxt, "ru") if re.search(r"[а-яё]", nxt) else nxt)
        gap = words[i + used].start() - words[i + used - 1].end()
        if factor > 1 and gap <= 2 and (nxt in MULTIPLIERS or any(nxt.startswith(k) for k in MULTIPLIERS)):
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
    before = text[max(0, quantity.start - 40) : quantity.start]
    for pattern, bound in BOUNDS:
        if pattern.search(before):
            return Quantity(quantity.value, bound, quantity.start, quantity.end, quantity.text)
    return quantity

