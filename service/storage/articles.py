"""Articles in storage: pages fetched or uploaded with what was extracted from them, the
comparisons made from them, and the feeds the watcher polls with the items it has seen.

An article is stored once per revision: a page fetched again with the same extracted text
(``content_hash``) is not stored again, so a re-run happens only when the text changed.
"""
from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone
from dataclasses import dataclass, replace
from typing import Iterable

from sqlalchemy import Connection, bindparam, text

from .rows import utc_now


@dataclass(frozen=True)
class StoredArticle:
    """One revision of one article."""

    id: str
    url: str | None  # after redirects; None for an uploaded file
    requested_url: str | None
    fetched_at: str
    content_hash: str
    text: str
    title: str | None = None
    author: str | None = None
    site: str | None = None
    published: str | None = None
    language: str | None = None
    outlet: str | None = None
    source_id: str | None = None
    html: bytes | None = None
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class ComparisonSources:
    """What a comparison was made from: its request as posted (URLs, not texts) and the
    article revision each version read (None for a version given as text)."""

    request: dict
    articles: tuple[StoredArticle | None, ...]
    supersedes: str | None = None


@dataclass(frozen=True)
class FeedSource:
    """A registered feed."""

    id: str
    url: str
    outlet: str
    language: str | None
    interval_seconds: int
    created_at: str
    etag: str | None = None
    last_modified: str | None = None
    polled_at: str | None = None
    last_error: str | None = None


_ARTICLE_COLUMNS = ("id, url, requested_url, fetched_at, content_hash, text, title, author, site, published, language,"
                    " outlet, source_id, html, etag, last_modified")
_SOURCE_COLUMNS = "id, url, outlet, language, interval_seconds, created_at, etag, last_modified, polled_at, last_error"


def _article(row) -> StoredArticle:
    values = dict(row)
    if values.get("html") is not None:
        values["html"] = bytes(values["html"])  # PostgreSQL gives a memoryview
    return StoredArticle(**values)


class AlreadySuperseded(Exception):
    """A comparison was run again by someone else first (two watchers saw one change)."""


def _day(value: str | None, after: bool = False) -> str | None:
    """An ISO date or date-time as the UTC day it falls on (``YYYY-MM-DD``); with ``after``,
    the day after it (an exclusive bound). None for None."""
    if not value:
        return None
    parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if isinstance(parsed, datetime) and parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc)
    day = parsed.date() if isinstance(parsed, datetime) else parsed
    return (day + timedelta(days=1) if after else day).isoformat()


class ArticleStore:
    """The article and feed methods of :class:`~service.storage.Storage` (which provides
    ``_read`` and ``_write``)."""

    # -- articles ----------------------------------------------------------------------
    @staticmethod
    def _insert_article(conn: Connection, article: StoredArticle) -> bool:
        """Insert a revision unless its id is stored already; whether it was inserted."""
        exists = conn.execute(text("SELECT 1 FROM articles WHERE id = :id"), {"id": article.id}).first()
        if exists is None:
            conn.execute(text(f"INSERT INTO articles ({_ARTICLE_COLUMNS}, stored_ns) VALUES (:id, :url, :requested_url,"
                              " :fetched_at, :content_hash, :text, :title, :author, :site, :published, :language,"
                              " :outlet, :source_id, :html, :etag, :last_modified, :stored_ns)"),
                         {**vars(article), "stored_ns": time.time_ns()})
        return exists is None

    def save_article(self, article: StoredArticle) -> tuple[StoredArticle, bool]:
        """Store a revision unless the latest revision of its page (after redirects, or as
        requested) has the same text; returns the revision that is stored (``article`` or the
        earlier one) and whether it is new."""
        with self._write() as conn:
            latest = self._latest(conn, article.url, article.requested_url) if article.url else None
            if latest is not None and latest.content_hash == article.content_hash:
                return latest, False
            return article, self._insert_article(conn, article)

    def latest_article(self, url: str) -> StoredArticle | None:
        """The newest stored revision of the page at ``url`` (as requested or after redirects)."""
        with self._read() as conn:
            return self._latest(conn, url)

    @staticmethod
    def _latest(conn: Connection, *urls: str | None) -> StoredArticle | None:
        urls = tuple(dict.fromkeys(u for u in urls if u)) or ("",)
        row = conn.execute(
            text(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE url IN :urls OR requested_url IN :urls"
                 " ORDER BY stored_ns DESC LIMIT 1").bindparams(bindparam("urls", expanding=True)),
            {"urls": list(urls)}).mappings().first()
        return None if row is None else _article(row)

    def upload_with_text(self, content_hash: str) -> StoredArticle | None:
        """An uploaded page stored before whose text is the same (uploaded again, or re-run)."""
        with self._read() as conn:
            row = conn.execute(text(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE url IS NULL AND"
                                    " content_hash = :hash ORDER BY stored_ns DESC LIMIT 1"),
                               {"hash": content_hash}).mappings().first()
        return None if row is None else _article(row)

    def get_article(self, article_id: str) -> StoredArticle | None:
        with self._read() as conn:
            row = conn.execute(text(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = :id"),
                               {"id": article_id}).mappings().first()
        return None if row is None else _article(row)

    def list_articles(self, since: str | None = None, until: str | None = None, limit: int = 5000) -> list[StoredArticle]:
        """The newest revision of each stored article (each upload once), published (or fetched)
        on or after the day ``since`` and on or before the day ``until`` (ISO dates, read in
        UTC), oldest first, without their HTML; the newest ``limit`` when there are more."""
        columns = ", ".join(f"a.{c.strip()}" for c in _ARTICLE_COLUMNS.split(",")).replace("a.html", "NULL AS html")
        day = "COALESCE(a.published, a.fetched_at)"
        with self._read() as conn:
            rows = conn.execute(text(
                f"SELECT {columns} FROM articles a WHERE (a.url IS NULL OR a.stored_ns = (SELECT MAX(b.stored_ns)"
                " FROM articles b WHERE b.url = a.url))"
                f" AND {day} >= :since AND {day} < :before ORDER BY {day} DESC, a.stored_ns DESC LIMIT :limit"),
                {"since": _day(since) or "", "before": _day(until, after=True) or "~",
                 "limit": limit}).mappings().fetchall()
        return [_article(row) for row in reversed(rows)]

    # -- comparisons made from articles ----------------------------------------------------
    @staticmethod
    def _insert_sources(conn: Connection, comparison_id: str, sources: ComparisonSources) -> None:
        """Inside the comparison's own transaction: its articles, its request, and the link
        from the comparison it supersedes."""
        conn.execute(text("INSERT INTO comparison_sources (comparison_id, request, supersedes) VALUES (:id, :request,"
                          " :supersedes)"), {"id": comparison_id, "supersedes": sources.supersedes,
                                             "request": json.dumps(sources.request, ensure_ascii=False)})
        for position, article in enumerate(sources.articles):
            if article is None:
                continue
            ArticleStore._insert_article(conn, article)
            # linked by the page's address after redirects: the watcher finds it whatever link led there
            conn.execute(text("INSERT INTO comparison_articles (comparison_id, position, url, article_id)"
                              " VALUES (:id, :position, :url, :article)"),
                         {"id": comparison_id, "position": position, "url": article.url or article.requested_url,
                          "article": article.id})
        if sources.supersedes:
            taken = conn.execute(text("UPDATE comparison_sources SET superseded_by = :id WHERE comparison_id = :old"
                                      " AND superseded_by IS NULL"), {"id": comparison_id, "old": sources.supersedes})
            if taken.rowcount == 0:  # another watcher ran it again first: this run is not kept
                raise AlreadySuperseded(sources.supersedes)

    def comparisons_reading(self, *urls: str) -> list[tuple[str, dict, tuple[str, ...]]]:
        """The newest comparison of each chain that read the page at any of ``urls`` (after
        redirects): (id, the request as posted, the article ids it read by position)."""
        with self._read() as conn:
            rows = conn.execute(text(
                "SELECT s.comparison_id, s.request FROM comparison_sources s WHERE s.superseded_by IS NULL AND"
                " s.comparison_id IN (SELECT comparison_id FROM comparison_articles WHERE url IN :urls)"
                " AND s.comparison_id IN (SELECT id FROM comparisons) ORDER BY s.comparison_id").bindparams(
                bindparam("urls", expanding=True)), {"urls": list(urls)}).fetchall()
            found = []
            for comparison_id, request in rows:
                read = conn.execute(text("SELECT article_id FROM comparison_articles WHERE comparison_id = :id"
                                         " ORDER BY position"), {"id": comparison_id}).scalars().all()
                found.append((comparison_id, json.loads(request), tuple(read)))
        return found

    def superseding(self, comparison_id: str) -> str | None:
        """The comparison that re-ran this one after an article changed, if any."""
        with self._read() as conn:
            return conn.execute(text("SELECT superseded_by FROM comparison_sources WHERE comparison_id = :id"),
                                {"id": comparison_id}).scalar()

    # -- feeds -----------------------------------------------------------------------------
    def add_source(self, source: FeedSource) -> tuple[FeedSource, bool]:
        """Register a feed; a URL registered before gives the earlier source (and False)."""
        with self._write() as conn:
            row = conn.execute(text(f"SELECT {_SOURCE_COLUMNS} FROM sources WHERE url = :url"),
                               {"url": source.url}).mappings().first()
            if row is not None:
                return FeedSource(**row), False
            conn.execute(text(f"INSERT INTO sources ({_SOURCE_COLUMNS}) VALUES (:id, :url, :outlet, :language,"
                              " :interval_seconds, :created_at, :etag, :last_modified, :polled_at, :last_error)"),
                         vars(source))
        return source, True

    def list_sources(self) -> list[FeedSource]:
        with self._read() as conn:
            rows = conn.execute(text(f"SELECT {_SOURCE_COLUMNS} FROM sources ORDER BY created_at, id")).mappings()
            return [FeedSource(**row) for row in rows]

    def get_source(self, source_id: str) -> FeedSource | None:
        with self._read() as conn:
            row = conn.execute(text(f"SELECT {_SOURCE_COLUMNS} FROM sources WHERE id = :id"),
                               {"id": source_id}).mappings().first()
        return None if row is None else FeedSource(**row)

    def record_poll(self, source: FeedSource, etag: str | None, last_modified: str | None,
                    error: str | None = None) -> FeedSource:
        """A poll happened: its validators (kept when the feed did not send new ones) and error."""
        polled = replace(source, etag=etag or source.etag, last_modified=last_modified or source.last_modified,
                         polled_at=utc_now(), last_error=error)
        with self._write() as conn:
            conn.execute(text("UPDATE sources SET etag = :etag, last_modified = :last_modified, polled_at = :polled_at,"
                              " last_error = :last_error WHERE id = :id"), vars(polled))
        return polled

    def new_feed_items(self, source_id: str, items: Iterable[tuple[str, str, str | None, str | None]]) -> list[str]:
        """Record items (key, url, title, published) of a feed; returns the keys not seen before."""
        fresh = []
        with self._write() as conn:
            for key, url, title, published in items:
                inserted = conn.execute(text(
                    "INSERT INTO feed_items (source_id, item_key, url, title, published, seen_at) VALUES (:source,"
                    " :key, :url, :title, :published, :now) ON CONFLICT (source_id, item_key) DO NOTHING"),
                    {"source": source_id, "key": key, "url": url, "title": title, "published": published,
                     "now": utc_now()}).rowcount
                if inserted:
                    fresh.append(key)
        return fresh

    def feed_item_urls(self, source_id: str, limit: int = 200) -> list[str]:
        """The newest item URLs seen in a feed (those the watcher re-checks for changes)."""
        with self._read() as conn:
            return conn.execute(text("SELECT url FROM feed_items WHERE source_id = :id ORDER BY seen_at DESC,"
                                     " item_key LIMIT :limit"), {"id": source_id, "limit": limit}).scalars().all()
