"""The HTTP contract as typed models: every request, query and response, with every limit once.

Requests and queries are pydantic models; results are the dataclasses of
:mod:`service.model`, read by pydantic through :data:`COMPARISON`. The OpenAPI document
(:mod:`service.web.openapi`) is generated from these models, and every route validates
with them, so a limit or an enumeration is written in one place only. The limits a
deployment may change (versions, characters, labels, titles) come from
:class:`~service.config.Settings` through :class:`Limits`; the models for one set of
limits are built once (:func:`request_models`).

A validation failure becomes the API's error (:func:`problem`): 400 with the field's
location (``versions[1].text: ...``) and a stable code — ``invalid_text`` for a control
character or a lone surrogate, ``unknown_language`` for a code that is not ISO 639-1 —, or
413 ``too_large`` for a version text over the limit. The location also travels on the
error itself, so the page form can name its own fields.
"""
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StringConstraints, TypeAdapter, ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .config import Settings
from .errors import ServiceError
from .languages import is_known
from . import model
from .model import Comparison

# -- fixed limits (those a deployment sets are in Settings) ------------------------------------
MAX_URL_CHARS = 2000
MAX_PUBLISHED_AT_CHARS = 64
MAX_QUERY_CHARS = 200
MAX_LANGUAGE_CHARS = 16  # "en", "pt-BR", "zh-Hant-TW"
MAX_PAGE = 100  # comparisons per page
MAX_MEMORY_PAGE = 1000  # memory entries per page
MAX_OFFSET = 10**9
MAX_TRANSLATE_ITEMS = 200  # texts per /translate call
MAX_SEGMENT_CHARS = 20_000  # one translation-memory segment
MAX_IDEMPOTENCY_KEY_CHARS = 200
#: Deepest nesting a JSON body may have (a comparison needs 3 levels).
MAX_JSON_DEPTH = 32


@dataclass(frozen=True)
class Limits:
    """The limits of one deployment, from its settings."""

    versions: int
    version_chars: int
    label_chars: int
    title_chars: int
    html_chars: int = 5 * 2**20

    @classmethod
    def of(cls, settings: Settings) -> "Limits":
        return cls(settings.max_versions, settings.max_version_chars, settings.max_label_chars,
                   settings.max_title_chars, settings.fetch_max_bytes)


# -- value types ------------------------------------------------------------------------------
#: C0 and C1 controls, DEL and unpaired surrogates; tab, LF, VT, FF and CR are allowed
#: (VT is Word's manual line break, FF a PDF page break).
_NOT_TEXT = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def text_problem(value: str) -> str | None:
    """What makes ``value`` not text (a refused control character or a lone surrogate), or None.

    Such characters are refused, not stripped, because every offset in a result indexes
    the text exactly as the client sent it. Bidi controls, zero-width characters and soft
    hyphens are text and are kept."""
    found = _NOT_TEXT.search(value)
    if found is None:
        return None
    char, at = found.group(), found.start()
    if "\ud800" <= char <= "\udfff":
        return f"an unpaired surrogate (U+{ord(char):04X}) at character {at} is not text"
    return f"the control character U+{ord(char):04X} at character {at} is not allowed"


def _text(value: str) -> str:
    problem = text_problem(value)
    if problem:
        raise PydanticCustomError("invalid_text", problem)
    return value


def normalise_language(value: str) -> str | None:
    """ISO 639-1, lower case, of a language tag ("RU", "en-US", "pt_BR"); None when unknown."""
    code = value.strip().replace("_", "-").split("-")[0].lower()
    return code if is_known(code) else None


def _language(value: Any) -> Any:
    if not isinstance(value, str):
        return value  # the str type reports it
    code = normalise_language(value)
    if code is None:
        raise PydanticCustomError("unknown_language", "unknown language code '{code}'", {"code": value[:20]})
    return code


def _blank_to_none(value: str) -> str | None:
    return value.strip() or None


def _whole_number(value: Any) -> Any:
    """Query strings: digits only (int() would also take " 5", "5_0" and "٥")."""
    if isinstance(value, str) and not re.fullmatch(r"-?[0-9]{1,20}", value):
        raise PydanticCustomError("int_parsing", "expected a whole number, got '{value}'", {"value": value[:40]})
    return value


#: Any string of a request: text, never control characters or lone surrogates.
Text = Annotated[str, AfterValidator(_text)]
#: A language code, normalised to ISO 639-1 lower case in this one place for every route.
Language = Annotated[str, StringConstraints(max_length=MAX_LANGUAGE_CHARS), BeforeValidator(_language)]
WholeNumber = Annotated[int, BeforeValidator(_whole_number)]


def text_of_length(min_length: int | None = None, max_length: int | None = None) -> Any:
    """:data:`Text` of a bounded length, counted as sent (surrounding spaces included)."""
    return Annotated[str, StringConstraints(min_length=min_length, max_length=max_length), AfterValidator(_text)]


def _bounded_text(max_length: int) -> Any:
    """Text of at most ``max_length`` characters as sent; blank means absent."""
    return Annotated[text_of_length(max_length=max_length), AfterValidator(_blank_to_none)]


def _iso_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        (datetime if "T" in value or " " in value else date).fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise PydanticCustomError(
            "iso_date", "'{value}' is not an ISO 8601 date (e.g. 2025-07-12 or 2025-07-12T09:30:00Z)",
            {"value": value[:40]}) from None
    return value


def _web_address(value: str | None) -> str | None:
    """An absolute http(s) URL with a host (whether it may be fetched is the fetcher's call)."""
    if value is None:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise PydanticCustomError("url_scheme", "'{value}' is not an http or https address",
                                  {"value": value[:80]})
    return value.strip()


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank_text", "the text is empty")
    return value


# -- requests ---------------------------------------------------------------------------------
class _Body(BaseModel):
    # Unknown fields are ignored, so clients written against later versions keep working.
    model_config = ConfigDict(extra="ignore", frozen=True)


@dataclass(frozen=True)
class RequestModels:
    """The request models for one deployment's :class:`Limits`."""

    VersionInput: type[BaseModel]
    ComparisonRequest: type[BaseModel]


@lru_cache(maxsize=16)
def request_models(limits: Limits) -> RequestModels:
    class VersionInput(_Body):
        label: _bounded_text(limits.label_chars) | None = Field(
            None, description="unique within the comparison; default v1, v2, ...")
        text: Annotated[text_of_length(1, limits.version_chars), AfterValidator(_not_blank)] | None = Field(
            None, description="not blank; longer than maxLength is 413. No control characters but tab, line breaks "
                              "and form feed, no unpaired surrogates (400 invalid_text). Required unless url or html "
                              "is given")
        url: Annotated[_bounded_text(MAX_URL_CHARS) | None, AfterValidator(_web_address)] = Field(
            None, description="instead of text: an article's http(s) address; the service fetches the page and "
                              "extracts its body, title, date, author and site (400 url_not_allowed for a private "
                              "address unless COMPARE_FETCH_ALLOW names it, 502 fetch_failed, 422 no_article)")
        html: Annotated[text_of_length(1, limits.html_chars), AfterValidator(_not_blank)] | None = Field(
            None, description="instead of text: a saved HTML page, whose article is extracted as for url")
        language: Language | None = Field(None, description="ISO 639-1 code; detected when absent or null")
        source_url: _bounded_text(MAX_URL_CHARS) | None = None
        published_at: Annotated[_bounded_text(MAX_PUBLISHED_AT_CHARS) | None, AfterValidator(_iso_date)] = Field(
            None, description="ISO 8601 date or date-time")

        @model_validator(mode="after")
        def _one_source(self):
            given = [name for name in ("text", "url", "html") if getattr(self, name) is not None]
            if not given:
                raise PydanticCustomError("no_source", "this field is required (or give url or html instead)")
            if len(given) > 1:
                raise PydanticCustomError("one_source", "give the version's text, or a url, or html, not {found}",
                                          {"found": " and ".join(given)})
            return self

    class ComparisonRequest(_Body):
        title: _bounded_text(limits.title_chars) | None = None
        target_language: Language | None = Field(None, description="ISO 639-1 code; default from settings (en)")
        versions: list[VersionInput] = Field(min_length=2, max_length=limits.versions)
        require_translation: StrictBool = Field(
            False, description="true: answer 422 (translation_unavailable) when a sentence neither the memory nor "
                               "an installed package translates, instead of comparing it untranslated")

        def to_request(self, default_target: str) -> model.ComparisonRequest:
            """The pipeline's request: default labels given, labels unique (case-insensitively)."""
            seen: dict[str, int] = {}
            versions = []
            for i, v in enumerate(self.versions):
                label = v.label or f"v{i + 1}"
                key = label.casefold()
                if key in seen:
                    raise _field_error(("versions", i, "label"),
                                       f"{label!r} is already the label of an earlier version; labels must be unique.")
                seen[key] = i
                versions.append(model.VersionInput(label, v.text or "", v.language, v.source_url, v.published_at,
                                                   v.url, v.html))
            return model.ComparisonRequest(tuple(versions), self.target_language or default_target, self.title,
                                           self.require_translation)

    return RequestModels(VersionInput, ComparisonRequest)


class ListQuery(_Body):
    """``GET /api/comparisons`` (and the home page)."""

    limit: WholeNumber = Field(20, ge=1, le=MAX_PAGE)
    offset: WholeNumber = Field(0, ge=0, le=MAX_OFFSET)
    q: text_of_length(max_length=MAX_QUERY_CHARS) = Field(
        "", description="search titles, labels, texts, translations, quotes and speakers (a phrase; any script)")


class MemoryQuery(_Body):
    """``GET /api/translation-memory``."""

    source_language: Language | None = None
    target_language: Language | None = None
    limit: WholeNumber = Field(100, ge=1, le=MAX_MEMORY_PAGE)
    offset: WholeNumber = Field(0, ge=0, le=MAX_OFFSET)


Segment = Annotated[text_of_length(1, MAX_SEGMENT_CHARS), AfterValidator(_not_blank)]


class MemoryEntry(_Body):
    source_language: Language
    target_language: Language
    source: Segment
    target: Segment


class MemoryImport(_Body):
    entries: list[MemoryEntry] = Field(min_length=1)


class TranslateRequest(_Body):
    """LibreTranslate's ``/translate`` parameters (JSON, a form, or the query string of a POST)."""

    q: Text | Annotated[list[Text], Field(min_length=1, max_length=MAX_TRANSLATE_ITEMS)]
    source: Literal["auto"] | Language = Field(description="ISO 639-1 code or auto")
    target: Language
    format: Literal["text", "html"] | None = Field(
        None, description="text (default) or html: the markup is kept and only its text is translated")
    alternatives: StrictInt = Field(
        0, description="alternative translations wanted per text; `alternatives` is then in the answer "
                       "(empty lists: the engine gives one translation per text). A negative number counts as 0")
    api_key: Text | None = None

    @property
    def texts(self) -> list[str]:
        return self.q if isinstance(self.q, list) else [self.q]


class DetectRequest(_Body):
    q: Annotated[Text, AfterValidator(_not_blank)]
    api_key: Text | None = None


class SuggestRequest(_Body):
    """LibreTranslate's ``/suggest``: ``s`` is a better translation of ``q``; it goes into the memory."""

    q: Segment
    s: Segment
    source: Language
    target: Language
    api_key: Text | None = None


class TranslateFileForm(_Body):
    """LibreTranslate's ``/translate_file`` form fields (besides the file)."""

    source: Literal["auto"] | Language = Field(description="ISO 639-1 code or auto")
    target: Language
    api_key: Text | None = None


MAX_OUTLET_CHARS = 200
MAX_PAIRING_ARTICLES = 2000
MAX_ARTICLE_TITLE_CHARS = 1000
MAX_ARTICLE_CHARS = 100_000
MIN_POLL_SECONDS = 60
MAX_POLL_SECONDS = 7 * 86400


class SourceRequest(_Body):
    """``POST /api/sources``: a feed for ``python -m service watch`` to poll."""

    url: Annotated[text_of_length(1, MAX_URL_CHARS), AfterValidator(_web_address)] = Field(
        description="the RSS or Atom feed's http(s) address")
    outlet: Annotated[text_of_length(1, MAX_OUTLET_CHARS), AfterValidator(_not_blank)]
    language: Language | None = Field(None, description="the feed's language; detected per article when absent")
    interval_seconds: WholeNumber | None = Field(
        None, ge=MIN_POLL_SECONDS, le=MAX_POLL_SECONDS, description="between two polls; default COMPARE_WATCH_INTERVAL")


class PairingArticle(_Body):
    id: text_of_length(1, 100) | None = Field(None, description="default: its place in the list, from 1")
    title: text_of_length(max_length=MAX_ARTICLE_TITLE_CHARS) = ""
    text: Annotated[text_of_length(1, MAX_ARTICLE_CHARS), AfterValidator(_not_blank)]
    language: Language | None = None
    published: Annotated[_bounded_text(MAX_PUBLISHED_AT_CHARS) | None, AfterValidator(_iso_date)] = Field(
        None, description="ISO 8601; articles far apart in time are not paired")
    outlet: text_of_length(max_length=MAX_OUTLET_CHARS) | None = None
    url: _bounded_text(MAX_URL_CHARS) | None = None


class PairingRequest(_Body):
    """``POST /api/pairings``: articles given here, or else the stored articles published
    between ``since`` and ``until``."""

    articles: list[PairingArticle] | None = Field(None, min_length=2, max_length=MAX_PAIRING_ARTICLES)
    since: Annotated[_bounded_text(MAX_PUBLISHED_AT_CHARS) | None, AfterValidator(_iso_date)] = None
    until: Annotated[_bounded_text(MAX_PUBLISHED_AT_CHARS) | None, AfterValidator(_iso_date)] = None
    threshold: Annotated[StrictFloat, Field(ge=0.0, le=1.0)] | None = Field(
        None, description="clustering threshold (mean pair probability); default: the measured one")


# -- responses --------------------------------------------------------------------------------
class ErrorDetail(BaseModel):
    code: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    message: str
    hint: str | None = None


class Error(BaseModel):
    error: ErrorDetail


class SearchHit(BaseModel):
    """Where a search term was found in a comparison."""

    field: Literal["title", "label", "speaker", "quote", "text", "translation"]
    version: str | None = Field(description="the version's label; null for the title")
    excerpt: str = Field(description="the text around the first match")
    match: list[int] | None = Field(description="[start, end) of the match in excerpt")

    @property
    def parts(self) -> tuple[str, str, str]:
        """(before, the match, after): what a page shows with the match marked."""
        if self.match is None:
            return self.excerpt, "", ""
        a, b = self.match
        return self.excerpt[:a], self.excerpt[a:b], self.excerpt[b:]


class ComparisonSummary(BaseModel):
    id: str
    title: str
    created_at: str
    target_language: str
    labels: list[str]
    languages: list[str]
    signal_counts: dict[str, int]
    found_in: list[SearchHit] | None = Field(
        None, description="with q: the first places (at most 3) the term was found, title and labels first")


class Job(BaseModel):
    """A comparison posted with ``Prefer: respond-async``."""

    id: str
    state: Literal["queued", "running", "done", "failed"]
    created_at: str
    updated_at: str
    result: str | None = Field(None, description="when done: the URL of the stored comparison")
    comparison_id: str | None = None
    error: Error | None = Field(None, description="when failed: the error the synchronous request would have answered")


class BatchFailure(BaseModel):
    position: int = Field(description="the request's place in the batch, from 0")
    job: str
    error: Error


class Batch(BaseModel):
    """A batch of comparisons posted to ``/api/batches``, counted by state."""

    id: str
    created_at: str
    total: int
    counts: dict[Literal["queued", "running", "done", "failed"], int]
    failures: list[BatchFailure] = Field(description="the first 100 failed requests with their error")
    jobs: str = Field(description="the URL that lists every job of the batch with its comparison")


class Source(BaseModel):
    """A registered feed."""

    id: str
    url: str
    outlet: str
    language: str | None
    interval_seconds: int
    created_at: str
    polled_at: str | None = None
    last_error: str | None = None


class SourceList(BaseModel):
    sources: list[Source]


class ComparisonList(BaseModel):
    items: list[ComparisonSummary]
    total: int
    limit: int
    offset: int
    q: str = ""


class MemoryList(BaseModel):
    entries: list[MemoryEntry]
    limit: int
    offset: int


class Imported(BaseModel):
    imported: int


class Detected(BaseModel):
    language: str
    confidence: float = Field(description="percent")


class TranslateResponse(BaseModel):
    translatedText: str | list[str]
    detectedLanguage: Detected | list[Detected] | None = None
    alternatives: list[str] | list[list[str]] | None = None


class LanguageInfo(BaseModel):
    code: str
    name: str
    targets: list[str]


class LibreTranslateError(BaseModel):
    """LibreTranslate's error shape, used on its routes only."""

    error: str


class TranslatedFile(BaseModel):
    translatedFileUrl: str


class Suggested(BaseModel):
    success: bool


class LibreTranslateHealth(BaseModel):
    status: Literal["ok"]


class FrontendLanguage(BaseModel):
    code: str
    name: str


class FrontendLanguages(BaseModel):
    source: FrontendLanguage
    target: FrontendLanguage


class FrontendSettings(BaseModel):
    """LibreTranslate's ``/frontend/settings``."""

    charLimit: int = Field(description="most characters one request may translate")
    frontendTimeout: int
    apiKeys: bool
    keyRequired: bool
    suggestions: bool
    filesTranslation: bool
    supportedFilesFormat: list[str]
    language: FrontendLanguages


class EncoderHealth(BaseModel):
    """The multilingual sentence encoder: what compares untranslated text."""

    model: str
    enabled: bool
    loaded: bool = Field(description="loaded in this worker (it loads on first use)")
    memory_bytes: int | None = Field(description="its weights in this worker's memory, once loaded")


class Health(BaseModel):
    status: Literal["ok", "unavailable"]
    storage: Literal["ok", "read_only", "low_space", "unavailable"]
    storage_writable: bool
    storage_free_bytes: int | None = Field(description="free space on the database's disk (null for a database server)")
    database: Literal["sqlite", "postgresql"] = Field("sqlite", description="the database engine in use")
    broker: Literal["ok", "unavailable", "none"] = Field(
        "none", description="the job broker (COMPARE_BROKER_URL): none when jobs run in the web processes")
    translation_pairs: list[str]
    encoder: EncoderHealth | None = None


# -- results -----------------------------------------------------------------------------------
COMPARISON = TypeAdapter(Comparison)


def dump_comparison(comparison: Comparison) -> str:
    """The result as the API's JSON (UTF-8 text, non-ASCII kept)."""
    return COMPARISON.dump_json(comparison).decode("utf-8")


def load_comparison(stored: str | bytes) -> Comparison:
    """A stored result back as the same typed records the pipeline made."""
    return COMPARISON.validate_json(stored)


# -- validation errors as the API's errors ---------------------------------------------------------
M = TypeVar("M", bound=BaseModel)


def parse(model_class: type[M], data: Any) -> M:
    """``data`` as ``model_class``, or the API's error for its first problem."""
    try:
        return model_class.model_validate(data)
    except ValidationError as exc:
        raise problem(exc) from None


def location_text(location: tuple) -> str:
    """``("versions", 1, "text")`` as ``versions[1].text``; the body itself as ``body``."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text = f"{text or 'body'}[{part}]"
        elif re.fullmatch(r"[A-Za-z_]\w{0,39}", part):
            text = f"{text}.{part}" if text else part
        else:
            text = f"{text or 'body'}[{json.dumps(part[:40])}]"
    return text or "body"


def _field_error(location: tuple, message: str, code: str = "invalid_request", status: int = 400,
                 hint: str | None = None) -> ServiceError:
    return ServiceError(status, code, f"{location_text(location)}: {message}", hint, location=location)


_SPECIFIC = {"invalid_text", "string_unicode", "unknown_language", "string_too_long", "too_long", "blank_text", "iso_date",
             "one_source", "no_source", "url_scheme"}
_HINTS = {
    "invalid_text": None,  # set per problem below
    "unknown_language": "Use a two-letter ISO 639-1 code such as en, ru, ko, de or fr.",
}
# pydantic's wording for the errors a client meets most, said the way this API says them
_WORDS = {
    "missing": "this field is required",
    "string_type": "expected a string",
    "list_type": "expected a list",
    "model_type": "expected an object",
    "dataclass_type": "expected an object",
    "int_type": "expected a whole number",
    "int_parsing": None,
}


def problem(exc: ValidationError) -> ServiceError:
    """The first error of ``exc`` (in document order) as the API's 400 / 413."""
    errors = exc.errors(include_url=False)  # in the model's field order
    # A union (a string or a list of strings) fails once per member: the member that says
    # something about the value itself speaks for it, not the one that wanted another type.
    first = next((e for e in errors if e["type"] in _SPECIFIC), errors[0])
    # Union members add their own name to the location ("str", "list[...]"): keep the fields.
    location = tuple(p for p in first["loc"] if isinstance(p, int) or not re.search(r"[\[\]]|^(str|function-after)", p))
    kind = first["type"]
    message = _WORDS.get(kind) or first["msg"]
    message = message[:1].lower() + message[1:]
    if not message.endswith("."):
        message += "."
    if kind in ("string_too_long", "too_long") and location[:1] == ("versions",) and location[-1:] == ("text",):
        limit = first.get("ctx", {}).get("max_length")
        size = len(first["input"]) if isinstance(first.get("input"), str) else None
        return _field_error(location, f"{size} characters; at most {limit} are allowed.", "too_large", 413,
                            "Split the article or raise COMPARE_MAX_VERSION_CHARS.")
    if kind in ("too_short", "too_long") and location == ("versions",):
        ctx = first.get("ctx", {})
        bound = (f"at least {ctx['min_length']}" if kind == "too_short" else f"at most {ctx['max_length']}")
        return _field_error(location, f"{ctx.get('actual_length')} given; a comparison needs {bound} versions.")
    if kind == "string_unicode" and isinstance(first.get("input"), str):  # a lone surrogate, seen by pydantic
        kind, message = "invalid_text", (text_problem(first["input"]) or message.rstrip(".")) + "."
    if kind == "invalid_text":
        hint = ("Send valid Unicode: a surrogate escape must be half of a pair." if "surrogate" in message
                else "Remove control characters; tab, line breaks and form feed are allowed.")
        return _field_error(location, message, "invalid_text", 400, hint)
    if kind == "no_source":  # said of the text, which a version needs most often
        return _field_error((*location, "text"), message)
    if kind == "url_scheme":
        return _field_error(location, message, "url_not_allowed", 400, "Give the article's http or https address.")
    if kind == "unknown_language":
        return _field_error(location, message, "unknown_language", 400, _HINTS["unknown_language"])
    return _field_error(location, message)


def check_depth(body: Any) -> None:
    """400 when a decoded JSON body nests deeper than ``MAX_JSON_DEPTH`` (iterative, so any
    depth is safe to check before anything else walks it)."""
    stack: list[tuple[Any, int]] = [(body, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise ServiceError(400, "malformed_json",
                               f"body: the JSON is nested too deeply (at most {MAX_JSON_DEPTH} levels).")
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def parse_comparison_request(body: Any, settings: Settings) -> model.ComparisonRequest:
    """A POST body (API, page form or CLI) as the pipeline's request, or the API's error."""
    parsed = parse(request_models(Limits.of(settings)).ComparisonRequest, body)
    return parsed.to_request(settings.target_language)
