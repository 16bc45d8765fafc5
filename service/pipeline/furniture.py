"""Article furniture: the parts of agency copy that are not its story.

A headline, a dateline (``SEOUL, Oct. 5 (Yonhap) --``, ``МОСКВА, 12 июля. /ТАСС/.``,
``新华社北京3月5日电``), a byline, an editor's note, a reporter's contact line, an end mark
(``(END)``, ``（完）``) and photo captions are no sentences of the story: aligned as story,
each would be reported as a sentence missing from every version that lays them out otherwise.
This module finds them so that segmentation leaves them out (:mod:`.segment`), each kept whole.

The conventions are data, one rule per agency house style (``service/data/furniture.toml``,
documented in ``service/data/README.md``). Blocks are the paragraphs of :func:`.segment.paragraphs`;
a rule looks at the start of the story (datelines, and the bylines fused to them), at whole
blocks or lines (end marks, contact lines, bylines on their own line), at a block's first or last
words (captions by their photo label or credit, editor's notes), or at the end of the story's last
line (an end mark typed after the last sentence). The first block of a text of several blocks is a
headline when it is shaped like one (one short line that does not end as a sentence does).

Conservative by construction: plain paragraphs a user pastes match no rule, and furniture never
takes a whole text (a text that would be furniture only is read as story).

Cost: linear in the text. Each block and line is tried once against each rule; the patterns
repeat only boundedly, whole-block rules read blocks of at most ``MAX_BLOCK`` characters and
end rules the last ``TAIL`` characters of a block.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..language_data import HeadlineShape, furniture_conventions, languages, quote_marks
from ..lazy import once
from ..model import Furniture, Paragraph

MAX_BLOCK = 1000  # a longer block is story: captions and notes are shorter
TAIL = 200  # characters of a block's end that end rules read
_FRAGMENT = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class _Rule:
    kind: str
    pattern: re.Pattern
    lead_only: bool


@dataclass(frozen=True)
class _Rules:
    by_form: dict[str, tuple[_Rule, ...]]
    headline: HeadlineShape
    closers: str  # closing quotation marks and brackets a headline may end with


@once
def _rules() -> _Rules:
    conventions = furniture_conventions()
    fragments = dict(conventions.fragments)
    fragments["month"] = "(?i:" + "|".join(month_patterns()) + ")"

    def expand(pattern: str, depth: int = 0) -> str:
        if depth > 4:
            raise ValueError(f"furniture.toml: fragments nest too deep in {pattern!r}")
        return _FRAGMENT.sub(lambda m: "(?:" + expand(fragments[m.group(1)], depth + 1) + ")", pattern)

    by_form: dict[str, list[_Rule]] = {}
    for rule in conventions.rules:
        source = expand(rule.pattern)
        for form in rule.forms:
            # end rules are searched for in a block's tail, anchored at its end
            compiled = re.compile(rf"(?:{source})\Z" if form in ("line_end", "closing") else source)
            by_form.setdefault(form, []).append(_Rule(rule.kind, compiled, rule.lead_only))
    marks = quote_marks()
    return _Rules({form: tuple(rules) for form, rules in by_form.items()}, conventions.headline,
                  marks.closers + marks.straight + marks.straight_single + marks.outer_closers + ")]）】」』")


def month_patterns() -> tuple[str, ...]:
    """Every month name a dateline may give: the language files' and furniture.toml's abbreviations."""
    return tuple(dict.fromkeys([p for lang in languages() for p in lang.dates.months]
                               + [re.escape(a) for names in furniture_conventions().months.values() for a in names]))


def dateline_rules() -> tuple[re.Pattern, ...]:
    """The dateline patterns, whose named groups give ``place``, ``month`` and ``day`` (:mod:`.datelines`)."""
    return tuple(r.pattern for r in _rules().by_form.get("opening", ()) if r.kind == "dateline")


def recognise(text: str, paras: list[Paragraph]) -> list[Furniture]:
    """The furniture of ``text`` (whose paragraphs are ``paras``), in text order.

    Each item's ``text`` is ``text[start:end]``, without surrounding white space. A dateline
    and a byline fused to it are two adjacent items.
    """
    rules = _rules()
    found: list[Furniture] = []
    story_lines: list[tuple[int, int, int]] = []  # (start, end, its block's end) of every line of story
    for para in paras:
        lead = not story_lines
        kind = _whole_block(rules, text, para.start, para.end, lead)
        if kind:
            found.append(_item(text, kind, para.start, para.end))
            continue
        if lead and para.index == 0 and len(paras) > 1 and _headline_shaped(rules, text, para, paras[1]) \
                and not _opening(rules, text, para.start, para.end):
            found.append(_item(text, "headline", para.start, para.end))
            continue
        lines = _lines(text, para.start, para.end)
        for start, end in lines:
            kind = _whole_line(rules, text, start, end, not story_lines) if len(lines) > 1 else None
            if kind:
                found.append(_item(text, kind, start, end))
            else:
                story_lines.append((start, end, para.end))
    if not story_lines:
        return []  # nothing would be left to compare: read it all as story
    found.extend(_story_edges(rules, text, story_lines))
    return sorted(found, key=lambda f: f.start)


def _story_edges(rules: _Rules, text: str, story_lines: list[tuple[int, int, int]]) -> list[Furniture]:
    """A dateline (and byline) opening the story, an end mark closing it; none of them when
    they would leave the story no word."""
    found: list[Furniture] = []
    first_start, _, paragraph_end = story_lines[0]
    opened = _opening(rules, text, first_start, paragraph_end)
    cursor = first_start
    if opened:
        found.append(_item(text, opened[0], first_start, opened[1]))
        cursor = opened[1]
        at = _skip_space(text, cursor, paragraph_end)
        for rule in rules.by_form.get("after_opening", ()):
            match = rule.pattern.match(text, at, paragraph_end)
            if match:
                found.append(_item(text, rule.kind, at, match.end()))
                cursor = match.end()
                break
    last_start, last_end, _ = story_lines[-1]
    tail_start = max(last_start, cursor, last_end - TAIL)
    tail = text[tail_start:last_end]
    story_end = last_end
    for rule in rules.by_form.get("closing", ()):
        match = rule.pattern.search(tail)
        if match and match.start() > 0 and not tail[match.start() - 1].isalnum():
            story_end = tail_start + match.start()
            found.append(_item(text, rule.kind, story_end, last_end))
            break
    if len(story_lines) == 1 and not any(ch.isalnum() for ch in text[cursor:story_end]):
        return []
    return found


def _opening(rules: _Rules, text: str, start: int, end: int) -> tuple[str, int] | None:
    """(kind, end) of what an opening rule finds at ``start``."""
    for rule in rules.by_form.get("opening", ()):
        match = rule.pattern.match(text, start, end)
        if match:
            return rule.kind, match.end()
    return None


def _whole_block(rules: _Rules, text: str, start: int, end: int, lead: bool) -> str | None:
    """The kind of furniture a whole block is, by its whole text, its start or its end."""
    if end - start > MAX_BLOCK:
        return None
    kind = _whole_line(rules, text, start, end, lead)
    if kind:
        return kind
    for rule in rules.by_form.get("line_start", ()):
        if (lead or not rule.lead_only) and rule.pattern.match(text, start, end):
            return rule.kind
    tail = text[max(start, end - TAIL) : end]
    for rule in rules.by_form.get("line_end", ()):
        if (lead or not rule.lead_only) and rule.pattern.search(tail):
            return rule.kind
    return None


def _whole_line(rules: _Rules, text: str, start: int, end: int, lead: bool) -> str | None:
    if end - start > MAX_BLOCK:
        return None
    for rule in rules.by_form.get("line", ()):
        if (lead or not rule.lead_only) and rule.pattern.fullmatch(text, start, end):
            return rule.kind
    return None


def _headline_shaped(rules: _Rules, text: str, para: Paragraph, following: Paragraph) -> bool:
    """One short line that does not end as a sentence (or a lead-in) does, before a block
    that does not go on in lower case (the first block of a hard-wrapped paragraph)."""
    shape = rules.headline
    block = text[para.start : para.end]
    if "\n" in block or len(block) > shape.max_chars or len(block.split()) > shape.max_words:
        return False
    core = block.rstrip(rules.closers + " ")
    if not core or core[-1] in shape.final_stops or block[-1] in shape.lead_ins:
        return False
    return any(ch.isalpha() for ch in block) and not text[following.start].islower()


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The non-empty lines of ``text[start:end]``, stripped."""
    lines = []
    cursor = start
    while cursor < end:
        stop = text.find("\n", cursor, end)
        stop = end if stop < 0 else stop
        s, e = _strip(text, cursor, stop)
        if e > s:
            lines.append((s, e))
        cursor = stop + 1
    return lines


def _skip_space(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _item(text: str, kind: str, start: int, end: int) -> Furniture:
    start, end = _strip(text, start, end)
    return Furniture(kind, start, end, text[start:end])
