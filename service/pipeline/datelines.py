"""Where and when a dateline says a story was filed, and whether two datelines disagree.

``ПХЕНЬЯН, 12 июля. /ТАСС/.``, ``Pyongyang, July 12 (KCNA) --`` and ``(평양 7월 12일발
조선중앙통신)`` name one place and one day in three scripts. The place and the date are read
with the dateline patterns of ``service/data/furniture.toml`` (their ``place``, ``month`` and
``day`` groups); places are compared through the table of dateline places across scripts
(``service/data/gazetteer/dateline_places.tsv``), months through the month names of the
language files (``service/data/languages``, ``[dates] months``, January first) and the
furniture file's abbreviations.

Conservative: a place is compared across scripts only when the table knows both names (else
on its transliteration, which meets for 세종/SEJONG and 南宁/NANNING but not for Пхеньян/
Pyongyang), and a date only when both datelines give a month and a day; what cannot be
compared is no difference.
"""
from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass

from anyascii import anyascii

from ..language_data import dateline_places, furniture_conventions, languages
from ..lazy import once
from .furniture import dateline_rules


@dataclass(frozen=True)
class Dateline:
    place: str | None  # as written
    month: int | None
    day: int | None

    @property
    def date(self) -> str | None:
        """ISO 8601's month and day without a year (``--07-12``), when both are known."""
        return f"--{self.month:02d}-{self.day:02d}" if self.month and self.day else None

    @property
    def place_name(self) -> str | None:
        """The place by its English name when the table knows it, else as written."""
        if self.place is None:
            return None
        return dateline_places().get(self.place.casefold(), self.place)

    def describe(self) -> str:
        """The place and date in English words: "Pyongyang, July 12"."""
        date = f"{calendar.month_name[self.month]} {self.day}" if self.date else ""
        return ", ".join(part for part in (self.place_name, date) if part) or "no place or date"


def read(dateline: str) -> Dateline | None:
    """The place and date of a dateline as recognised by :mod:`.furniture`; None if no pattern reads it."""
    for pattern in dateline_rules():
        match = pattern.match(dateline)
        if match:
            found = match.groupdict()
            month = _month(found.get("month"))
            day = _number(found.get("day"))
            place = found.get("place")
            return Dateline(place.strip() if place else None, month, day if day and 1 <= day <= 31 else None)
    return None


def differences(reference: Dateline, other: Dateline) -> list[str]:
    """What two datelines state differently: ``place``, ``date``, both or neither."""
    changed = []
    if reference.place and other.place and _different_places(reference.place, other.place):
        changed.append("place")
    if reference.date and other.date and reference.date != other.date:
        changed.append("date")
    return changed


def _different_places(first: str, second: str) -> bool:
    places = dateline_places()
    keys = [places.get(name.casefold()) for name in (first, second)]
    if keys[0] and keys[1]:
        return keys[0] != keys[1]
    romanised = [_letters(anyascii(name)) for name in (first, second)]
    if romanised[0] == romanised[1]:
        return False
    return _script(first) == _script(second)  # across scripts, an unknown name cannot be compared


def _letters(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _script(text: str) -> str:
    letter = next((ch for ch in text if ch.isalpha()), "a")
    return unicodedata.name(letter, "LATIN").split()[0]


def _number(digits: str | None) -> int | None:
    try:
        return int(digits) if digits else None  # int() reads full-width digits too
    except ValueError:
        return None


def _month(name: str | None) -> int | None:
    if not name:
        return None
    number = _number(name)
    if number is not None:
        return number if 1 <= number <= 12 else None
    for month, pattern in _month_names():
        if pattern.fullmatch(name.rstrip(".")):
            return month
    return None


@once
def _month_names() -> tuple[tuple[int, re.Pattern], ...]:
    """(month, pattern) for every twelve-name month list of the language and furniture files."""
    lists = [lang.dates.months for lang in languages() if len(lang.dates.months) == 12]
    lists += [tuple(re.escape(a) for a in names) for names in furniture_conventions().months.values()]
    return tuple((n + 1, re.compile(pattern, re.I)) for names in lists for n, pattern in enumerate(names))
