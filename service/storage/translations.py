"""Translations in storage: the human translation memory, the cache of machine output, and
the multilingual encoder's sentence vectors, each looked up by normalised segment."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import bindparam, text

from .rows import chunks, latest_per_key, normalise_segment, utc_now


@dataclass(frozen=True)
class MemoryEntry:
    source_language: str
    target_language: str
    source: str
    target: str


@dataclass(frozen=True)
class CachedTranslation:
    package: str
    package_version: str
    source_language: str
    target_language: str
    source: str
    target: str


class TranslationStore:
    """The translation methods of :class:`~service.storage.Storage` (which provides ``_read``
    and ``_write``)."""

    # -- translation memory ------------------------------------------------------------
    def import_memory(self, entries: Iterable[MemoryEntry]) -> int:
        """Insert or replace human entries in one transaction; returns how many were written."""
        now = utc_now()
        rows = [{"sl": e.source_language, "tl": e.target_language, "key": normalise_segment(e.source),
                 "source": e.source, "target": e.target, "now": now} for e in entries]
        if not rows:
            return 0
        with self._write() as conn:
            conn.execute(
                text("INSERT INTO translation_memory (source_language, target_language, source_key, source, target,"
                     " created_at) VALUES (:sl, :tl, :key, :source, :target, :now)"
                     " ON CONFLICT (source_language, target_language, source_key)"
                     " DO UPDATE SET source = excluded.source, target = excluded.target, created_at = excluded.created_at"),
                latest_per_key(rows, ("sl", "tl", "key")))
        return len(rows)

    def lookup_memory(self, source_language: str, target_language: str, segments: Iterable[str]) -> dict[str, str]:
        """Human translations of ``segments`` that the memory holds, keyed by normalised segment."""
        return self._targets(
            "SELECT source_key, target FROM translation_memory WHERE source_language = :sl AND target_language = :tl",
            {"sl": source_language, "tl": target_language}, segments,
        )

    def _targets(self, query: str, params: dict, segments: Iterable[str]) -> dict[str, str]:
        """Rows of ``query`` (selecting source_key, target) whose key is one of ``segments``."""
        keys = sorted({normalise_segment(s) for s in segments})
        found: dict[str, str] = {}
        statement = text(f"{query} AND source_key IN :keys").bindparams(bindparam("keys", expanding=True))
        with self._read() as conn:
            for chunk in chunks(keys, 500):  # SQLite caps the number of bound parameters
                found.update(conn.execute(statement, {**params, "keys": chunk}).fetchall())
        return found

    def memory_pairs(self) -> set[tuple[str, str]]:
        """Every (source language, target language) the translation memory holds entries for."""
        with self._read() as conn:
            rows = conn.execute(text("SELECT DISTINCT source_language, target_language FROM translation_memory"))
            return {(row[0], row[1]) for row in rows}

    def list_memory(
        self, source_language: str | None, target_language: str | None, limit: int, offset: int = 0
    ) -> list[MemoryEntry]:
        clauses, params = [], {"limit": limit, "offset": offset}
        if source_language:
            clauses.append("source_language = :sl")
            params["sl"] = source_language
        if target_language:
            clauses.append("target_language = :tl")
            params["tl"] = target_language
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        with self._read() as conn:
            rows = conn.execute(text("SELECT source_language, target_language, source, target FROM translation_memory"
                                     f" {where} ORDER BY id LIMIT :limit OFFSET :offset"), params).fetchall()
        return [MemoryEntry(*row) for row in rows]

    def all_memory(self, source_language: str | None = None, target_language: str | None = None) -> list[MemoryEntry]:
        """Every entry of the memory (for a pair when given), in the order they were first stored."""
        entries, offset, page = [], 0, 5000
        while True:
            chunk = self.list_memory(source_language, target_language, page, offset)
            entries.extend(chunk)
            if len(chunk) < page:
                return entries
            offset += page

    # -- machine translation cache -----------------------------------------------------
    def lookup_cache(
        self, package: str, package_version: str, source_language: str, target_language: str, segments: Iterable[str]
    ) -> dict[str, str]:
        return self._targets(
            "SELECT source_key, target FROM translation_cache WHERE package = :package AND package_version = :version"
            " AND source_language = :sl AND target_language = :tl",
            {"package": package, "version": package_version, "sl": source_language, "tl": target_language}, segments,
        )

    def store_cache(self, items: Iterable[CachedTranslation]) -> None:
        now = utc_now()
        rows = [{"package": i.package, "version": i.package_version, "sl": i.source_language,
                 "tl": i.target_language, "key": normalise_segment(i.source), "target": i.target, "now": now}
                for i in items]
        if not rows:
            return
        with self._write() as conn:
            conn.execute(
                text("INSERT INTO translation_cache (package, package_version, source_language, target_language,"
                     " source_key, target, created_at) VALUES (:package, :version, :sl, :tl, :key, :target, :now)"
                     " ON CONFLICT (package, package_version, source_language, target_language, source_key)"
                     " DO UPDATE SET target = excluded.target, created_at = excluded.created_at"),
                latest_per_key(rows, ("package", "version", "sl", "tl", "key")))

    # -- sentence vectors ----------------------------------------------------------------
    def lookup_vectors(self, model: str, language: str, segments: Iterable[str]) -> dict[str, bytes]:
        """Stored vectors (raw float32 bytes) of ``segments``, keyed by normalised segment."""
        keys = sorted({normalise_segment(s) for s in segments})
        found: dict[str, bytes] = {}
        statement = text("SELECT source_key, vector FROM sentence_vectors WHERE model = :model AND language = :language"
                         " AND source_key IN :keys").bindparams(bindparam("keys", expanding=True))
        with self._read() as conn:
            for chunk in chunks(keys, 500):
                rows = conn.execute(statement, {"model": model, "language": language, "keys": chunk})
                found.update((key, bytes(vector)) for key, vector in rows)
        return found

    def store_vectors(self, model: str, language: str, vectors: dict[str, bytes]) -> None:
        now = utc_now()
        rows = [{"model": model, "language": language, "key": normalise_segment(t), "vector": blob, "now": now}
                for t, blob in vectors.items()]
        if not rows:
            return
        with self._write() as conn:
            conn.execute(
                text("INSERT INTO sentence_vectors (model, language, source_key, vector, created_at)"
                     " VALUES (:model, :language, :key, :vector, :now)"
                     " ON CONFLICT (model, language, source_key) DO UPDATE SET vector = excluded.vector,"
                     " created_at = excluded.created_at"),
                latest_per_key(rows, ("model", "language", "key")))
