"""Feeds: read RSS and Atom, and watch registered feeds for new and changed articles.

:func:`read_feed` parses a feed (feedparser: RSS 0.9x–2.0, RSS 1.0 and Atom, from bytes that
were fetched by the SSRF-safe fetcher, never by feedparser itself) into :class:`FeedItem`.

:class:`Watcher` is what ``python -m service watch`` runs, diffengine's loop across
languages: for every registered feed whose interval has passed it asks for the feed with
``If-None-Match``/``If-Modified-Since``, records the items it lists, fetches each listed
article (new ones, and known ones again, conditionally, to see whether they changed), stores
a revision only when the extracted text changed, and runs again every comparison that read
an article which changed, storing the new result beside the old (``supersedes``). An
unchanged article makes no revision and no re-run, so polling twice stores nothing twice.
"""
from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone

import feedparser

from ..errors import ServiceError
from ..storage import AlreadySuperseded, FeedSource, Storage, StoredArticle
from ..storage.rows import utc_now
from .articles import Ingestor
from .fetch import FEED_TYPES

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedItem:
    key: str  # the item's guid or id, else its link
    url: str
    title: str | None
    published: str | None  # ISO 8601 UTC


@dataclass(frozen=True)
class Feed:
    title: str | None
    items: tuple[FeedItem, ...]


def read_feed(data: bytes | str) -> Feed:
    """The items of an RSS or Atom document (in document order); 422 ``not_a_feed`` when it is
    neither."""
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:  # feedparser names no format: not a feed
        raise ServiceError(422, "not_a_feed", "The document is not an RSS or Atom feed.",
                           "Give the address of the feed itself (often ending in /rss or /feed).")
    items = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link or not link.startswith(("http://", "https://")):
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = datetime(*stamp[:6], tzinfo=timezone.utc).isoformat() if stamp else None
        items.append(FeedItem(entry.get("id") or link, link, entry.get("title"), published))
    return Feed(parsed.feed.get("title"), tuple(items))


@dataclass(frozen=True)
class PollReport:
    """What one poll of one feed did."""

    source: str
    not_modified: bool = False
    items: int = 0
    new_items: int = 0
    revisions: int = 0  # articles stored new or changed
    reruns: tuple[str, ...] = ()  # comparisons made again, their new ids
    errors: tuple[str, ...] = ()


class Watcher:
    """Polls registered feeds (see the module's docstring)."""

    def __init__(self, storage: Storage, ingestor: Ingestor, rerun, default_interval: int = 900):
        """``rerun(request body, supersedes)`` runs and stores a comparison again; returns its id."""
        self.storage = storage
        self.ingestor = ingestor
        self.rerun = rerun
        self.default_interval = default_interval

    def register(self, url: str, outlet: str, language: str | None = None,
                 interval: int | None = None) -> tuple[FeedSource, bool]:
        source = FeedSource(uuid.uuid4().hex, url, outlet, language, interval or self.default_interval, utc_now())
        return self.storage.add_source(source)

    def due(self, now: datetime | None = None) -> list[FeedSource]:
        now = now or datetime.now(timezone.utc)
        return [s for s in self.storage.list_sources()
                if s.polled_at is None or datetime.fromisoformat(s.polled_at) + timedelta(seconds=s.interval_seconds) <= now]

    def poll(self, source: FeedSource) -> PollReport:
        """Poll one feed: its new items recorded, and every item it lists (or, when the feed did
        not change, every item seen in it lately) fetched conditionally for changes."""
        try:
            fetched = self.ingestor.fetcher.get(source.url, accept=FEED_TYPES, etag=source.etag,
                                                last_modified=source.last_modified)
            feed = None if fetched.not_modified else read_feed(fetched.body)
        except ServiceError as exc:
            self.storage.record_poll(source, None, None, exc.message)
            return PollReport(source.id, errors=(exc.message,))
        if feed is None:
            items = [FeedItem(url, url, None, None) for url in self.storage.feed_item_urls(source.id)]
            fresh = []
        else:
            items = list(feed.items)
            fresh = self.storage.new_feed_items(source.id, [(i.key, i.url, i.title, i.published) for i in items])
        read = self.read_items(items, source.outlet, source.language, source.id)
        self.storage.record_poll(source, fetched.etag, fetched.last_modified, "; ".join(read.errors[:3]) or None)
        return replace(read, not_modified=feed is None, new_items=len(fresh))

    def read_items(self, items: tuple[FeedItem, ...] | list[FeedItem], outlet: str, language: str | None = None,
                   source_id: str | None = None) -> PollReport:
        """Fetch and store the articles of feed items (new or changed revisions only), and run
        again the comparisons that read an earlier revision: what a poll does with a feed's items,
        for a feed read from a file as well."""
        revisions, reruns, errors = 0, [], []
        for item in items:
            try:
                article = self.ingestor.fetch_article(item.url, outlet=outlet, source_id=source_id)
                if item.published and (article.published is None or len(article.published) <= 10):
                    article = replace(article, published=item.published)  # the feed's time is exact; a page's day is not
                if language and not article.language:
                    article = replace(article, language=language)
                stored, new = self.storage.save_article(article)
                revisions += new
                # every poll, not only on a change: a re-run that failed last time is tried again
                reruns += self._rerun_readers(stored)
            except ServiceError as exc:
                errors.append(f"{item.url}: {exc.message}")
            except Exception:  # noqa: BLE001 - one item's failure must not stop the feed nor the watcher
                log.exception("feed item %s failed", item.url)
                errors.append(f"{item.url}: an unexpected error (see the watcher's log)")
        return PollReport(source_id or "", False, len(items), 0, revisions, tuple(reruns), tuple(errors))

    def _rerun_readers(self, article: StoredArticle) -> list[str]:
        """Run again every comparison that read an earlier revision of ``article``'s page."""
        made = []
        for comparison_id, request, read in self.storage.comparisons_reading(
                *dict.fromkeys(u for u in (article.url, article.requested_url) if u)):
            if article.id in read:
                continue
            try:
                made.append(self.rerun(request, comparison_id))
            except AlreadySuperseded:
                continue  # another watcher ran it again first
            except ServiceError as exc:
                log.warning("comparison %s not run again after %s changed: %s", comparison_id, article.url,
                            exc.message)
        return made

    def run(self, once: bool = False, sleep=time.sleep) -> list[PollReport]:
        """Poll every due feed; with ``once``, one round, else forever (a round a minute)."""
        while True:
            reports = []
            for source in self.due():
                try:
                    reports.append(self.poll(source))
                except Exception:  # noqa: BLE001 - the database was away, say: the next round tries again
                    log.exception("feed %s: poll failed", source.id)
            for report in reports:
                log.info("feed %s: %s", report.source, report)
            if once:
                return reports
            sleep(60)

