"""Versions given by URL or as HTML become text: fetch, extract, and remember the article.

:class:`Ingestor` is the step before the pipeline. For a version with ``url`` it fetches the
page (asking the server whether the page changed since the revision already stored, with
``If-None-Match``/``If-Modified-Since``), extracts its article, and gives the version that
text, the page's address and date, and an :class:`~service.model.ArticleSource`. Nothing is
stored here: the article revisions travel with the result and are stored in the comparison's
own transaction, so a request that fails stores nothing.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from ..errors import ServiceError
from ..model import ArticleSource, ComparisonRequest, VersionInput
from ..storage import Storage, StoredArticle
from ..storage.rows import utc_now
from .extract import Extracted, extract
from .fetch import Fetched, Fetcher


@dataclass(frozen=True)
class Ingested:
    """A request whose versions all have text, and the article each read (None for text)."""

    request: ComparisonRequest
    articles: tuple[StoredArticle | None, ...]

    @property
    def any_article(self) -> bool:
        return any(a is not None for a in self.articles)


def decode(fetched: Fetched) -> bytes | str:
    """The page as text when the server named its charset; else bytes for trafilatura to sniff
    (``<meta charset>``, then detection)."""
    if fetched.charset:
        try:
            return fetched.body.decode(fetched.charset, errors="replace")
        except LookupError:  # a charset Python does not know
            pass
    return fetched.body


def article_of(extracted: Extracted, html: bytes, *, url: str | None, requested_url: str | None,
               fetched: Fetched | None = None, outlet: str | None = None,
               source_id: str | None = None) -> StoredArticle:
    """A new revision (not yet stored) of the article ``extracted`` from ``html``."""
    return StoredArticle(
        id=uuid.uuid4().hex, url=url, requested_url=requested_url,
        fetched_at=fetched.fetched_at if fetched else utc_now(), content_hash=extracted.content_hash,
        text=extracted.text, title=extracted.title, author=extracted.author, site=extracted.site,
        published=extracted.published, language=extracted.language, outlet=outlet, source_id=source_id,
        html=html, etag=fetched.etag if fetched else None, last_modified=fetched.last_modified if fetched else None)


def source_of(article: StoredArticle) -> ArticleSource:
    return ArticleSource(article.id, article.url, article.fetched_at, article.title, article.site, article.author,
                         article.published)


class Ingestor:
    """Fetches and extracts the articles of a request (see the module's docstring)."""

    def __init__(self, fetcher: Fetcher, storage: Storage | None, max_chars: int | None = None):
        self.fetcher = fetcher
        self.storage = storage
        self.max_chars = max_chars  # the longest text a version may have, extracted or sent

    def fetch_article(self, url: str, outlet: str | None = None, source_id: str | None = None) -> StoredArticle:
        """The article at ``url`` now: the stored revision when the page (or its text) did not
        change since, else a new revision (not yet stored)."""
        latest = self.storage.latest_article(url) if self.storage is not None else None
        fetched = self.fetcher.get(url, etag=latest.etag if latest else None,
                                   last_modified=latest.last_modified if latest else None)
        if fetched.not_modified and latest is not None:
            return latest
        extracted = extract(decode(fetched), fetched.url)
        if fetched.url != url and self.storage is not None:  # reached by a redirect: the page's own revisions count
            latest = self.storage.latest_article(fetched.url) or latest
        if latest is not None and latest.content_hash == extracted.content_hash:
            return latest
        return article_of(extracted, fetched.body, url=fetched.url, requested_url=url, fetched=fetched,
                          outlet=outlet, source_id=source_id)

    def upload(self, html: str | bytes, name: str | None = None) -> StoredArticle:
        """An uploaded page's article: the upload stored before with the same text, else a new
        one (not yet stored)."""
        raw = html.encode("utf-8") if isinstance(html, str) else html
        extracted = extract(html)
        earlier = self.storage.upload_with_text(extracted.content_hash) if self.storage is not None else None
        return earlier or article_of(extracted, raw, url=None, requested_url=name)

    def resolve(self, request: ComparisonRequest) -> Ingested:
        """``request`` with every ``url`` or ``html`` version turned into text (a page named twice
        is fetched once); 413 when an extracted text is longer than a version may be."""
        versions, articles = [], []
        fetched: dict[str, StoredArticle] = {}
        for position, version in enumerate(request.versions):
            if version.url is not None:
                if version.url not in fetched:
                    fetched[version.url] = self.fetch_article(version.url)
                article, field = fetched[version.url], "url"
            elif version.html is not None:
                article, field = self.upload(version.html), "html"
            else:
                versions.append(version)
                articles.append(None)
                continue
            if self.max_chars is not None and len(article.text) > self.max_chars:
                raise ServiceError(
                    413, "too_large", f"versions[{position}].{field}: the article's text has {len(article.text)} "
                    f"characters; at most {self.max_chars} are allowed.",
                    "Compare a shorter article, or raise COMPARE_MAX_VERSION_CHARS.",
                    location=("versions", position, field))
            versions.append(with_article(version, article))
            articles.append(article)
        title = request.title or next((a.title for a in articles if a is not None and a.title), None)
        return Ingested(replace(request, versions=tuple(versions), title=title), tuple(articles))


def with_article(version: VersionInput, article: StoredArticle) -> VersionInput:
    """The version reading ``article``'s text; what the client said (language, date) wins."""
    return replace(version, text=article.text, html=None, source=source_of(article),
                   source_url=version.source_url or article.url or version.url,
                   published_at=version.published_at or article.published,
                   language=version.language or None)
