"""An article's body and metadata out of an HTML page, with trafilatura.

trafilatura (Barbaresi 2021) finds the main text of a news page among menus, sidebars,
comments and footers, and reads the page's metadata (JSON-LD, OpenGraph, ``<meta>``,
``<time>``) for the title, date, author and site. Its text puts one paragraph per line;
the comparison reads paragraphs as blocks separated by a blank line, so lines become
paragraphs here. Comments are never part of the body.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import trafilatura
from trafilatura.utils import load_html

from ..contract import normalise_language
from ..errors import ServiceError

#: an extraction shorter than this (characters) is taken for a page without an article
MIN_BODY_CHARS = 40


@dataclass(frozen=True)
class Extracted:
    """What one page says: its body as paragraphs, and what it says of itself."""

    text: str
    title: str | None
    published: str | None  # YYYY-MM-DD, as the page gives it
    author: str | None
    site: str | None
    language: str | None  # from the page's markup (html lang, og:locale), when it says

    @property
    def content_hash(self) -> str:
        """Identifies the body: a page refetched with the same text is the same revision."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def extract(html: bytes | str, url: str | None = None) -> Extracted:
    """The article of ``html`` (bytes are decoded by the page's declared or sniffed charset),
    or 422 ``no_article`` when the page holds no article text."""
    try:
        tree = load_html(html)
        document = trafilatura.bare_extraction(
            tree, url=url, with_metadata=True, include_comments=False, include_tables=False,
            deduplicate=False, favor_precision=False) if tree is not None else None
    except Exception:  # noqa: BLE001 - a page lxml cannot read is a page without an article
        tree = document = None
    text = _paragraphs(getattr(document, "text", None) or "")
    if document is None or len(text) < MIN_BODY_CHARS:
        raise ServiceError(422, "no_article", "No article text was found in the page.",
                           "Check that the link is an article, not a home page or a login wall; or paste the text.")
    return Extracted(
        text=text,
        title=_clean(document.title),
        published=_clean(document.date),
        author=_author(_clean(document.author), _meta_author(tree)),
        site=_clean(document.sitename),
        language=_language(document.language),
    )


def _author(found: str | None, declared: str | None) -> str | None:
    """trafilatura's author, unless the page's ``<meta name="author">`` says it more precisely
    (a byline read with its job title and e-mail address holds the declared name)."""
    if declared and (found is None or declared in found):
        return declared
    return found


def _meta_author(tree) -> str | None:
    """``<meta name="author">``, which trafilatura passes over when it is not in Latin letters."""
    for value in tree.xpath('//meta[translate(@name, "AUTHOR", "author") = "author"]/@content'):
        if _clean(value):
            return _clean(value)
    return None


def _paragraphs(text: str) -> str:
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def _language(value: str | None) -> str | None:
    """The page's language tag as the API's ISO 639-1 code; None for one the API does not know
    ("iw", "in": old codes), which is then detected like any text's."""
    return normalise_language(value) if value else None
