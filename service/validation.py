"""Turn a decoded JSON body into a :class:`ComparisonRequest`, or a 400/413 naming the field.

Rules (API.md): 2 to ``max_versions`` versions; each text a non-empty string no longer
than ``max_version_chars`` (413 beyond); labels optional, unique, at most
``max_label_chars``; languages and the target language ISO 639-1 codes. Unknown extra
fields are ignored so that clients written against later versions keep working.

Every string of every body (:func:`check_strings`, for all JSON routes, the form and the
CLI) must be text: an unpaired surrogate (``"\ud800"`` is valid JSON but no character) or
a control character other than tab, line feed, vertical tab, form feed and carriage return
is refused with 400 ``invalid_text`` naming the field and the position. They are refused,
not stripped, because every offset in a result indexes the text exactly as the client sent
it. Format characters — bidi controls (U+202A–U+202E, U+2066–U+2069), zero-width space and
joiners, soft hyphens — are text and are kept as they are. Bodies nested deeper than
``MAX_JSON_DEPTH`` levels are refused before anything walks them.
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from .config import Settings
from .errors import bad_request, too_large
from .languages import is_known
from .model import ComparisonRequest, VersionInput

MAX_URL_CHARS = 2000
#: Deepest nesting a JSON body may have (a comparison needs 3 levels).
MAX_JSON_DEPTH = 32
#: C0 and C1 controls, DEL and unpaired surrogates; tab, LF, VT, FF and CR are allowed
#: (VT is Word's manual line break, FF a PDF page break).
_NOT_TEXT = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def text_problem(value: str) -> str | None:
    """What makes ``value`` not text (a refused control character or a lone surrogate), or None."""
    found = _NOT_TEXT.search(value)
    if found is None:
        return None
    char, at = found.group(), found.start()
    if "\ud800" <= char <= "\udfff":
        return f"an unpaired surrogate (U+{ord(char):04X}) at character {at} is not text"
    return f"the control character U+{ord(char):04X} at character {at} is not allowed"


def check_text(value: str, where: str) -> None:
    """400 ``invalid_text`` naming ``where`` when :func:`text_problem` finds something."""
    problem = text_problem(value)
    if problem is None:
        return
    hint = ("Send valid Unicode: a surrogate escape must be half of a pair." if "surrogate" in problem
            else "Remove control characters; tab, line breaks and form feed are allowed.")
    raise bad_request(f"{where}: {problem}.", "invalid_text", hint)


def check_strings(body: Any) -> None:
    """:func:`check_text` on every string and key of a decoded JSON body, in document order,
    and 400 when it is nested deeper than ``MAX_JSON_DEPTH`` (iterative, so any depth is safe)."""
    stack: list[tuple[Any, str, int]] = [(body, "", 0)]
    while stack:
        value, where, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise bad_request(f"body: the JSON is nested too deeply (at most {MAX_JSON_DEPTH} levels).", "malformed_json")
        if isinstance(value, str):
            check_text(value, where or "body")
        elif isinstance(value, dict):
            children = []
            for key, item in value.items():
                path = _child(where, key)
                check_text(key, f"{path} (the field name)")
                children.append((item, path, depth + 1))
            stack.extend(reversed(children))
        elif isinstance(value, list):
            stack.extend(reversed([(item, f"{where or 'body'}[{i}]", depth + 1) for i, item in enumerate(value)]))


def _child(where: str, key: str) -> str:
    name = key if key.isidentifier() and len(key) <= 40 else "[" + json.dumps(key[:40]) + "]"
    if not where:
        return name if not name.startswith("[") else "body" + name
    return f"{where}.{name}" if not name.startswith("[") else where + name


def _optional_string(data: dict, key: str, where: str, limit: int) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise bad_request(f"{where}{key}: expected a string, got {_type_name(value)}.")
    if len(value) > limit:  # counted as sent, surrounding spaces included, as the OpenAPI maxLength says
        raise bad_request(f"{where}{key}: at most {limit} characters are allowed.")
    return value.strip() or None


def _language(data: dict, key: str, where: str) -> str | None:
    value = _optional_string(data, key, where, 16)
    if value is None:
        return None
    code = value.lower()
    if not is_known(code):
        raise bad_request(
            f"{where}{key}: unknown language code {value!r}.", "unknown_language",
            "Use a two-letter ISO 639-1 code such as en, ru, ko, de or fr.",
        )
    return code


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number"
    )


def parse_comparison_request(body: Any, settings: Settings) -> ComparisonRequest:
    if not isinstance(body, dict):
        raise bad_request(f"body: expected a JSON object, got {_type_name(body)}.")
    check_strings(body)  # the API checked already; the page form and the CLI come straight here
    title = _optional_string(body, "title", "", settings.max_title_chars)
    target = _language(body, "target_language", "") or settings.target_language
    versions = body.get("versions")
    if not isinstance(versions, list):
        raise bad_request(f"versions: expected a list of 2 to {settings.max_versions} versions, got {_type_name(versions)}.")
    if not 2 <= len(versions) <= settings.max_versions:
        raise bad_request(f"versions: {len(versions)} given; a comparison needs 2 to {settings.max_versions} versions.")
    parsed: list[VersionInput] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(versions):
        where = f"versions[{i}]."
        if not isinstance(item, dict):
            raise bad_request(f"versions[{i}]: expected an object, got {_type_name(item)}.")
        text = item.get("text")
        if not isinstance(text, str):
            raise bad_request(f"{where}text: expected a string, got {_type_name(text)}.")
        if not text.strip():
            raise bad_request(f"{where}text: the text is empty.")
        if len(text) > settings.max_version_chars:
            raise too_large(
                f"{where}text: {len(text)} characters; at most {settings.max_version_chars} are allowed.",
                "Split the article or raise COMPARE_MAX_VERSION_CHARS.",
            )
        label = _optional_string(item, "label", where, settings.max_label_chars) or f"v{i + 1}"
        key = label.casefold()
        if key in seen:
            raise bad_request(f"{where}label: {label!r} is already the label of versions[{seen[key]}]; labels must be unique.")
        seen[key] = i
        published = _optional_string(item, "published_at", where, 64)
        if published is not None:
            _check_iso_date(published, f"{where}published_at")
        parsed.append(
            VersionInput(
                label=label,
                text=text,
                language=_language(item, "language", where),
                source_url=_optional_string(item, "source_url", where, MAX_URL_CHARS),
                published_at=published,
            )
        )
    return ComparisonRequest(tuple(parsed), target, title)


def _check_iso_date(value: str, where: str) -> None:
    try:
        (datetime if "T" in value or " " in value else date).fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise bad_request(f"{where}: {value!r} is not an ISO 8601 date (e.g. 2025-07-12 or 2025-07-12T09:30:00Z).") from None
