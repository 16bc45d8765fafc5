"""Articles to pair, read from an archive: a JSON Lines file, a folder of files, or storage.

One JSON object per line (or per ``.json`` file) with ``title`` and ``text`` (or ``html``),
and optionally ``id``, ``outlet``, ``language``, ``published`` (ISO 8601) and ``url``.
A folder may also hold saved pages (``.html``/``.htm``, extracted as uploads are, their
metadata read from the page) and plain text (``.txt``: the first line is the title).
Files are read in name order; ids default to the file name (and line number).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from ..errors import ServiceError
from ..storage import StoredArticle
from .extract import extract
from .pairing import Article, is_day, parse_time

SUFFIXES = (".jsonl", ".json", ".html", ".htm", ".txt")


def from_record(record: dict, default_id: str) -> Article:
    """An article from one JSON object (as an archive line or an API request gives it)."""
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")
    title, body = record.get("title"), record.get("text")
    if body is None and isinstance(record.get("html"), str):
        page = extract(record["html"], record.get("url"))
        body, title = page.text, title or page.title
        record = {"published": page.published, **{k: v for k, v in record.items() if v is not None}}
    if not isinstance(body, str) or not body.strip():
        raise ValueError("an article needs its text (or html)")
    return Article(id=str(record.get("id") or default_id), title=str(title or "").strip(), text=body,
                   language=record.get("language") or None, published=parse_time(record.get("published")),
                   outlet=record.get("outlet") or None, url=record.get("url") or None,
                   day_only=is_day(record.get("published")))


def from_stored(article: StoredArticle) -> Article:
    published = article.published or article.fetched_at
    return Article(id=article.id, title=article.title or "", text=article.text, language=article.language,
                   published=parse_time(published), outlet=article.outlet or article.site, url=article.url,
                   day_only=is_day(published))


def read_path(path: Path) -> list[Article]:
    """Every article of a file or folder (see the module's docstring); a line or file that is
    not an article is a 400 naming it."""
    files = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES) if path.is_dir() else [path]
    return [article for file in files for article in _read_file(file, path)]


def _read_file(file: Path, root: Path) -> Iterator[Article]:
    name = str(file.relative_to(root)) if root.is_dir() else file.name
    suffix = file.suffix.lower()
    try:
        if suffix == ".jsonl":
            for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
                if line.strip():
                    yield _at(lambda: from_record(json.loads(line), f"{name}:{number}"), f"{name} line {number}")
        elif suffix == ".json":
            yield _at(lambda: from_record(json.loads(file.read_text(encoding="utf-8")), name), name)
        elif suffix in (".html", ".htm"):
            page = extract(file.read_bytes())
            yield Article(id=name, title=page.title or "", text=page.text, language=page.language,
                          published=parse_time(page.published), outlet=page.site, day_only=is_day(page.published))
        else:
            first, _, rest = file.read_text(encoding="utf-8").strip().partition("\n")
            yield Article(id=name, title=first.strip(), text=rest.strip() or first)
    except UnicodeDecodeError:
        raise ServiceError(400, "invalid_archive", f"{name}: not UTF-8 text.") from None


def _at(read, where: str) -> Article:
    try:
        return read()
    except (ValueError, TypeError) as exc:
        raise ServiceError(400, "invalid_archive", f"{where}: {exc}.") from None
