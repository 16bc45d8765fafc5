"""Server-rendered pages: the home page (form and stored comparisons) and a comparison's page.

The form posts to ``/comparisons`` with a CSRF token kept in the signed session cookie;
the submission goes through the same validation and orchestrator as the API and then
redirects to the new comparison's permalink. Jinja autoescaping renders every user string
as text.
"""
from __future__ import annotations

import hmac
import secrets

from flask import Blueprint, redirect, render_template, request, session, url_for

from ..errors import ServiceError
from .api import create_comparison, list_page, load_comparison
from .present import comparison_view

bp = Blueprint("pages", __name__)
FORM_SLOTS = 6


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    sent = request.form.get("csrf_token", "")
    expected = session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent, expected):
        raise ServiceError(400, "csrf_failed", "The form expired or did not come from this site.",
                           "Reload the page and submit again.")


@bp.app_context_processor
def _inject_csrf():
    return {"csrf_token": csrf_token}


@bp.get("/")
def home():
    return render_template("home.html", page=list_page(), slots=FORM_SLOTS)


@bp.post("/comparisons")
def submit():
    check_csrf()
    versions = []
    for i in range(FORM_SLOTS):
        text = request.form.get(f"text_{i}", "")
        if not text.strip():
            continue
        versions.append({
            "label": request.form.get(f"label_{i}", "").strip() or None,
            "language": request.form.get(f"language_{i}", "").strip() or None,
            "text": text,
        })
    body = {"title": request.form.get("title", "").strip() or None, "versions": versions}
    target = request.form.get("target_language", "").strip()
    if target:
        body["target_language"] = target
    result = create_comparison(body)
    return redirect(url_for("pages.comparison", comparison_id=result["id"]), code=303)


@bp.get("/comparisons/<comparison_id>")
def comparison(comparison_id: str):
    return render_template("comparison.html", view=comparison_view(load_comparison(comparison_id)))
