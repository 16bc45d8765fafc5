"""Feeds and story pairing over HTTP: ``/api/sources`` registers and lists the feeds the
watcher polls; ``/api/pairings`` finds the versions of one story among articles (given in
the request, or stored); ``/pairings`` is the page that lists candidate clusters of stored
articles for review, where one click compares a cluster's articles.

Views parse with :mod:`service.contract`, call :mod:`service.ingest` and storage, and
shape the answer, as :mod:`.api` does.
"""
from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta, timezone

from flask import Blueprint, Response, jsonify, redirect, render_template, request, url_for
from pydantic import TypeAdapter

from ..contract import MAX_PAIRING_ARTICLES, PairingRequest, Source, SourceList, SourceRequest, parse
from ..errors import ServiceError, bad_request
from ..ingest.archive import from_record, from_stored
from ..ingest.feeds import Watcher
from ..ingest.pairing import PairingResult
from ..pipeline.budget import Budget
from .api import create_comparison, read_json_body, services
from .pages import check_csrf
from .present.labels import safe_link

bp = Blueprint("ingest", __name__)
PAIRING_RESULT = TypeAdapter(PairingResult)
#: days of stored articles the pairing page reads by default
PAGE_DAYS = 14


def _watcher() -> Watcher:
    svc = services()
    return Watcher(svc.storage, svc.ingestor, svc.rerun, svc.settings.watch_interval)


@bp.post("/api/sources")
def post_source():
    body = parse(SourceRequest, read_json_body())
    source, created = _watcher().register(body.url, body.outlet.strip(), body.language, body.interval_seconds)
    response = jsonify(Source(**asdict(source)).model_dump())
    response.status_code = 201 if created else 200
    response.headers["Location"] = url_for("ingest.list_sources")
    return response


@bp.get("/api/sources")
def list_sources():
    sources = [Source(**asdict(s)) for s in services().storage.list_sources()]
    return jsonify(SourceList(sources=sources).model_dump())


def run_pairing(body: PairingRequest) -> PairingResult:
    if body.articles is None:
        return _pair_stored(body.since, body.until, body.threshold)[0]
    articles = [from_record(a.model_dump(), str(n)) for n, a in enumerate(body.articles, 1)]
    ids = [a.id for a in articles]
    if len(set(ids)) != len(ids):
        raise bad_request("articles: two articles have the same id.", location=("articles",))
    return _pair(articles, body.threshold)


def _pair_stored(since: str | None, until: str | None, threshold: float | None) -> tuple[PairingResult, list]:
    """The stored articles published between ``since`` and ``until``, paired; and those articles."""
    stored = services().storage.list_articles(since, until, limit=MAX_PAIRING_ARTICLES)
    return _pair([from_stored(a) for a in stored], threshold), stored


def _pair(articles: list, threshold: float | None) -> PairingResult:
    svc = services()
    threshold = svc.pairer.model.threshold if threshold is None else threshold
    budget = Budget(svc.settings.time_budget or None)
    return PairingResult(len(articles), threshold,
                         svc.pairer.pair(articles, threshold, budget) if len(articles) > 1 else [])


@bp.post("/api/pairings")
def post_pairing():
    result = run_pairing(parse(PairingRequest, read_json_body()))
    return Response(PAIRING_RESULT.dump_json(result), mimetype="application/json")


@bp.get("/pairings")
def pairings_page():
    """Candidate clusters of the stored articles of the last ``days`` days, for review."""
    days = request.args.get("days", str(PAGE_DAYS))
    if not days.isdigit() or not 1 <= int(days) <= 365:
        raise bad_request("days: a whole number of days from 1 to 365.")
    since = (datetime.now(timezone.utc) - timedelta(days=int(days))).date().isoformat()
    result, read = _pair_stored(since, None, None)
    shown = {article_id for cluster in result.clusters for article_id in cluster.articles}
    stored = {a.id: a for a in read if a.id in shown}
    return render_template("pairings.html", result=result, articles=stored, days=int(days), link=safe_link)


@bp.post("/pairings/compare")
def compare_cluster():
    """One click: the cluster's stored articles compared, the first as the reference."""
    check_csrf()
    svc = services()
    ids = request.form.getlist("article")
    articles = [svc.storage.get_article(i) for i in ids[: svc.settings.max_versions]]
    if len(articles) < 2 or any(a is None for a in articles):
        raise ServiceError(400, "invalid_request", "Choose two or more stored articles to compare.")
    labels: set[str] = set()
    versions = []
    for n, article in enumerate(articles, 1):
        label = (article.outlet or article.site or f"v{n}")[:60]
        label = label if label.casefold() not in labels else f"{label} ({n})"
        labels.add(label.casefold())
        versions.append({"label": label, "text": article.text, "language": article.language,
                         "source_url": article.url, "published_at": _iso(article.published)})
    title = next((a.title for a in articles if a.title), None)
    comparison_id, _, _ = create_comparison({"title": title, "versions": versions})
    return redirect(url_for("pages.comparison", comparison_id=comparison_id), code=303)


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value
