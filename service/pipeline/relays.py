"""The outlet that relays a quote: "…, KCNA reported", "сообщает ТАСС", "조선중앙통신이 전했다",
"据新华社报道", "新華社によると", "according to state media".

Agency copy passes on what others said and names the agency that carried it. That agency is
the quote's ``reported_by``, never its speaker: "Kim said …, KCNA reported" is Kim's quote,
relayed by KCNA. The relay words are found first and hidden from the speaker search, so
"reported" is never taken for the cue that names the speaker.

Outlets are data (``service/data/gazetteer/outlets.tsv``: a canonical name and its forms in
every script); the constructions that make an outlet a relay are language data
(``[attribution] relays`` in ``service/data/languages/<code>.toml``: patterns in which
``{outlet}`` stands for any outlet's form). A relay without an outlet ("报道称", "the report
said") and a back-reference ("同通信", "the agency") mean the outlet named last before it.
An outlet the speaker talks to ("told TASS", "共同通信の取材に") is no relay: no pattern
names it so.

Cost: one regular-expression pass over the text searched (a quote's sentence window).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..language_data import language, languages, pooled
from ..lazy import once

OUTLETS = Path(__file__).resolve().parent.parent / "data" / "gazetteer" / "outlets.tsv"


@dataclass(frozen=True)
class Relay:
    outlet: str  # canonical name ("KCNA")
    start: int  # the relay words, in the text searched
    end: int


@once
def outlets() -> dict[str, str]:
    """Every form of every outlet -> its canonical name."""
    forms: dict[str, str] = {}
    for line in OUTLETS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        canonical, *names = line.split("\t")
        for name in names:
            forms.setdefault(name.strip(), canonical)
    return forms


@once
def outlet_pattern() -> re.Pattern:
    """Any outlet's form, longest first, standing alone (not inside a longer Latin or
    Cyrillic word, though CJK may touch it: "韩国KBS电视台"; CJK and Hangul forms stand
    anywhere, particles attach to them)."""
    forms = sorted(outlets(), key=len, reverse=True)
    letters = "A-Za-z0-9А-Яа-яЁё"
    return re.compile(_first_characters(forms) + "(?:" + "|".join(
        rf"(?<![{letters}-]){re.escape(f)}(?![{letters}-])" if re.match(f"[{letters}]", f[-1]) else re.escape(f)
        for f in forms) + ")")


def _first_characters(words) -> str:
    """A lookahead for the characters the ``words`` begin with: the regular-expression engine then
    skips every other position at once instead of trying each alternative there (about twice
    as fast over agency copy). Under re.I the class matches both cases, as the words do."""
    return "(?=[" + "".join(re.escape(c) for c in sorted({w[0] for w in words})) + "])"


@once
def _anaphor_pattern() -> re.Pattern:
    words = sorted(pooled(lambda lang: lang.attribution.outlet_anaphors), key=len, reverse=True)
    if not words:
        return re.compile("(?!)")
    return re.compile(_first_characters(words) + "(?:" + "|".join(re.escape(w) for w in words) + ")", re.I)


@once
def _authoring_patterns() -> dict[str, tuple[re.Pattern, ...]]:
    return {lang.code: tuple(re.compile(t.replace("{outlet}", f"(?P<outlet>{outlet_pattern().pattern})", 1), re.I | re.U)
                             for t in lang.attribution.authoring)
            for lang in languages() if lang.attribution.authoring}


def authoring_outlet(text: str, language: str) -> str | None:
    """The outlet a sentence opens with as the author of a piece ("Rodong Sinmun on Tuesday
    carried an article hailing …"), as the text names it: the one a later "it said" stands for."""
    for pattern in _authoring_patterns().get(language, ()):
        found = pattern.match(text.lstrip())
        if found:
            return found.group("outlet")
    return None


@once
def _relay_patterns() -> dict[str, tuple[re.Pattern, ...]]:
    """Each language's relay constructions, ``{outlet}`` read as any outlet or back-reference."""
    # an outlet may carry its abbreviation after it: "中国中央テレビ（CCTV）によると"
    outlet = rf"(?P<outlet>{outlet_pattern().pattern}|{_anaphor_pattern().pattern})(?:\s*[（(][^（）()]{{1,20}}[）)])?"
    return {lang.code: tuple(re.compile(t.replace("{outlet}", outlet, 1), re.I | re.U) for t in lang.attribution.relays)
            for lang in languages() if lang.attribution.relays}


@once
def _any_outlet() -> re.Pattern:
    """Any outlet's form or back-reference, in any case: a text without one cannot hold a
    relay that names its outlet, so those patterns are not run on it (they are the costly ones:
    each carries every outlet's form)."""
    return re.compile(f"{outlet_pattern().pattern}|{_anaphor_pattern().pattern}", re.I | re.U)


def relays_in(text: str, language: str, before: str = "") -> list[Relay]:
    """The relay constructions of ``text`` (a quote's sentences, read in ``language``, or in
    English when the language has none), in order and not overlapping; ``before`` is the text
    that precedes it, where a back-reference finds the outlet it stands for."""
    patterns = _relay_patterns().get(language) or _relay_patterns().get("en", ())
    if not _any_outlet().search(text):
        patterns = tuple(p for p in patterns if "(?P<outlet>" not in p.pattern)
    matches = sorted((m for pattern in patterns for m in pattern.finditer(text)), key=lambda m: (m.start(), -m.end()))
    found: list[Relay] = []
    for match in matches:
        if found and match.start() < found[-1].end:
            continue
        named = match.groupdict().get("outlet")
        canonical = (outlets().get(named) or _case_insensitive(named)) if named else None
        # an outlet no list knows, named after the kind of outlet it is ("地元テレビ局ABS-CBNによると")
        canonical = canonical or match.groupdict().get("described")
        if canonical is None:  # a back-reference, or a relay that names no outlet
            canonical = last_outlet(before + text[: match.start()])
        if canonical:
            found.append(Relay(canonical, match.start(), match.end()))
    return found


def _case_insensitive(name: str) -> str | None:
    return _folded_outlets().get(name.casefold())


@once
def _folded_outlets() -> dict[str, str]:
    """Every outlet's form case-folded -> its canonical name (the first form wins, as before)."""
    folded: dict[str, str] = {}
    for form, canonical in outlets().items():
        folded.setdefault(form.casefold(), canonical)
    return folded


@once
def _closing_outlet_patterns() -> dict[str, tuple[re.Pattern, ...]]:
    outlet = f"(?P<outlet>{outlet_pattern().pattern}|{_anaphor_pattern().pattern})"
    return {lang.code: tuple(re.compile(t.replace("{outlet}", outlet, 1), re.I | re.U) for t in lang.attribution.closing_outlets)
            for lang in languages() if lang.attribution.closing_outlets}


def closing_outlet(after: str, before: str, language: str) -> str | None:
    """The outlet whose "said" closes a sentence right after a quote ("… as a “smokescreen,” the
    agency said."; ``after``: the rest of the sentence), by its canonical name; a back-reference
    is the outlet named last in ``before``. Whether it relays the quote or speaks it depends on
    the clause before the quote (the caller's reading); this only names it."""
    found = _closing_match(after, language)
    if found is None:
        return None
    named = found.group("outlet")
    return outlets().get(named) or _case_insensitive(named) or last_outlet(before)


def closes_with_outlet(after: str, language: str) -> bool:
    """Whether an outlet's "said" (or a back-reference's: "the agency said") closes the sentence."""
    return _closing_match(after, language) is not None


def _closing_match(after: str, language: str) -> re.Match | None:
    return next((found for pattern in _closing_outlet_patterns().get(language, ()) if (found := pattern.match(after))), None)


def last_outlet(text: str) -> str | None:
    """The outlet named last in ``text`` (by any of its forms), if any."""
    last = None
    for last in outlet_pattern().finditer(text):
        pass
    return outlets()[last.group(0)] if last else None


def is_outlet(name: str) -> bool:
    """Whether ``name`` is an outlet's form ("TASS", "조선중앙통신"), whatever its case."""
    return name in outlets() or _case_insensitive(name) is not None


def has_relays(code: str) -> bool:
    return bool(language(code).attribution.relays)
