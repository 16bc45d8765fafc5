"""Full-text search over stored comparisons, the same on SQLite and PostgreSQL.

Every comparison's title, labels, texts, translations, quotes and speakers are rows of
``comparison_search`` (field, version, text). A query is a phrase found anywhere inside
those texts, whole words or not (Лавров in Лаврова, 라브로프 in 라브로프는, 台独 in
台独势力), case folded in every alphabet. SQLite answers it with an FTS5 trigram index;
PostgreSQL with a ``pg_trgm`` GIN index under ``lower(text) LIKE``, which has the same
meaning (a word-based ``tsvector`` would miss matches inside words, which the SQLite search
finds). Queries shorter than a trigram scan the texts on both.
"""
from __future__ import annotations

from sqlalchemy import Connection, bindparam, text

from ..contract import load_comparison
from ..model import Comparison

#: where a term may be found in a comparison, in the order ``found_in`` lists them
SEARCH_FIELDS = ("title", "label", "speaker", "quote", "text", "translation")
MAX_FOUND_IN = 3  # places named per comparison
TRIGRAM = 3  # the SQLite index answers queries of at least this many characters
EXCERPT_CONTEXT = 40  # characters either side of a match


def search_rows(comparison: Comparison) -> list[tuple[str, str | None, str]]:
    """(field, version label, text) of everything a search should find in ``comparison``."""
    rows: list[tuple[str, str | None, str]] = [("title", None, comparison.title)]
    for v in comparison.versions:
        rows.append(("label", v.label, v.label))
        rows.append(("text", v.label, v.text))
        translated = " ".join(s.translation for s in v.sentences if s.translation and s.translation != s.text)
        if translated:
            rows.append(("translation", v.label, translated))
        for q in v.quotes:
            rows.append(("quote", v.label, q.text if q.translation in (None, q.text) else f"{q.text} / {q.translation}"))
        speakers = dict.fromkeys(name for q in v.quotes for name in (q.speaker, q.speaker_translation) if name)
        if speakers:
            rows.append(("speaker", v.label, " / ".join(speakers)))
    return rows


def index(conn: Connection, comparison: Comparison) -> None:
    """Index ``comparison`` inside the caller's transaction."""
    conn.execute(text("INSERT INTO comparison_search (comparison_id, field, version, text)"
                      " VALUES (:id, :field, :version, :text)"),
                 [{"id": comparison.id, "field": f, "version": v, "text": t} for f, v, t in search_rows(comparison)])


def index_stored(conn: Connection) -> None:
    """Index every comparison stored before the search existed (schema revision 5)."""
    for (result,) in conn.execute(text("SELECT result FROM comparisons")).fetchall():
        index(conn, load_comparison(result))


def matching(dialect: str, query: str) -> tuple[str, dict]:
    """The SQL condition on ``comparison_search`` rows that hold ``query``, and its parameters."""
    if dialect == "postgresql":
        escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return "lower(text) LIKE lower(:pattern)", {"pattern": f"%{escaped}%"}
    if len(query) >= TRIGRAM:  # one FTS5 phrase, its double quotes doubled
        return "comparison_search MATCH :phrase", {"phrase": '"' + query.replace('"', '""') + '"'}
    # short queries are mostly CJK words, which have no case: SQLite's lower() folds ASCII only
    return "instr(lower(text), lower(:query)) > 0", {"query": query}


def found_in(conn: Connection, ids: list[str], query: str) -> dict[str, list[dict]]:
    """For each comparison of ``ids``, the first places ``query`` is found, by field."""
    if not ids:
        return {}
    condition, params = matching(conn.dialect.name, query)
    statement = text(f"SELECT comparison_id, field, version, text FROM comparison_search"
                     f" WHERE {condition} AND comparison_id IN :ids").bindparams(bindparam("ids", expanding=True))
    rows = conn.execute(statement, {**params, "ids": ids}).mappings().fetchall()
    found: dict[str, list[dict]] = {}
    for row in sorted(rows, key=lambda r: SEARCH_FIELDS.index(r["field"])):
        places = found.setdefault(row["comparison_id"], [])
        if len(places) < MAX_FOUND_IN:
            places.append({"field": row["field"], "version": row["version"], **excerpt(row["text"], query)})
    return found


def excerpt(text_: str, query: str) -> dict:
    """The text around the first match of ``query`` (case-insensitively) and where the match
    is in it (``match``: start and end offsets into ``excerpt``)."""
    folded = text_.casefold()
    at = folded.find(query.casefold()) if len(folded) == len(text_) else text_.find(query)  # offsets must hold
    if at < 0:
        at = text_.find(query)
    if at < 0:  # found by the index through a folding Python does not share: the text's start
        return {"excerpt": text_[: 2 * EXCERPT_CONTEXT], "match": None}
    start, end = max(0, at - EXCERPT_CONTEXT), min(len(text_), at + len(query) + EXCERPT_CONTEXT)
    lead = "…" if start else ""
    shown = lead + text_[start:end] + ("…" if end < len(text_) else "")
    first = len(lead) + at - start
    return {"excerpt": shown, "match": [first, first + len(query)]}
