"""Server-rendered pages: home (form and stored comparisons) and a comparison's page.

* ``GET /`` - the form for 2 to 6 versions and the stored comparisons, newest first, with
  search (``q``) and paging (``offset``), as the API's list.
* ``POST /comparisons`` - the form: same validation, limits and orchestrator as the API,
  then ``303`` to the new comparison's permalink. An invalid form is shown again, filled
  in, with the error and the error's status (400, 413, 422).
* ``GET /comparisons/<id>`` - the side-by-side page. Its filters and view mode are query
  parameters (``type``, ``version``, ``only``, ``view``) applied on the server, so the page
  reads the same without JavaScript; ``static/app.js`` applies them without a reload.
* ``POST /comparisons/<id>/delete`` - deletes, then ``303`` to home.

Forms carry a CSRF token kept in the signed session cookie; a POST without the right token
is refused with 400. Jinja autoescaping renders every user string as text (no ``|safe``).
"""
from __future__ import annotations

import hmac
import secrets

from flask import Blueprint, flash, redirect, render_template, request, session, url_for

from ..contract import MAX_LANGUAGE_CHARS, MAX_QUERY_CHARS, ListQuery
from ..errors import ServiceError
from .api import create_comparison, list_page, load_comparison, services
from .present import comparison_view, counts_view, parse_filters
from .present.labels import ROW_STATUS_ICONS, STATUS_LABELS

bp = Blueprint("pages", __name__)

#: form slots (the API's limit is a setting; the form never offers more than it allows)
FORM_SLOTS = 6


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    sent = request.form.get("csrf_token", "")
    expected = session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise ServiceError(400, "csrf_failed", "The form expired or did not come from this site.",
                           "Reload the page and submit again.")


def _allow_large_form() -> None:
    """Let form fields be as large as the API's body limit (werkzeug's default is 500 kB);
    MAX_CONTENT_LENGTH still caps the whole body with a 413."""
    request.max_form_memory_size = services().settings.max_body_bytes


@bp.app_context_processor
def _inject_helpers():
    return {"csrf_token": csrf_token, "signal_counts": counts_view, "STATUS_LABELS": STATUS_LABELS,
            "ROW_STATUS_ICONS": ROW_STATUS_ICONS}


def _slots() -> int:
    return max(2, min(FORM_SLOTS, services().settings.max_versions))


def _empty_form() -> dict:
    return {"title": "", "target_language": "",
            "versions": [{"label": "", "language": "", "text": "", "url": ""} for _ in range(_slots())]}


def _render_home(form: dict, error: ServiceError | None = None, status: int = 200):
    settings = services().settings
    # a form sends empty fields for what it leaves blank: those take their defaults
    page = list_page({k: v for k, v in request.args.to_dict().items() if v != ""})
    limits = {"title": settings.max_title_chars, "label": settings.max_label_chars, "q": MAX_QUERY_CHARS,
              "language": MAX_LANGUAGE_CHARS,
              "text": settings.max_version_chars, "versions": _slots(),
              "page": ListQuery.model_fields["limit"].default}
    html = render_template("home.html", page=page, form=form, error=error, limits=limits,
                           target_default=settings.target_language)
    return html, status


@bp.get("/")
def home():
    return _render_home(_empty_form())


@bp.post("/comparisons")
def submit():
    _allow_large_form()
    check_csrf()
    form = {"title": request.form.get("title", ""), "target_language": request.form.get("target_language", ""),
            "versions": []}
    body_versions, slot_of = [], []
    for i in range(_slots()):
        slot = {key: request.form.get(f"{key}_{i}", "") for key in ("label", "language", "text", "url")}
        form["versions"].append(slot)
        source = _slot_source(slot, request.files.get(f"file_{i}"))
        if source is None:
            if slot["label"].strip() or slot["language"].strip():
                return _render_home(form, ServiceError(
                    400, "invalid_request", f"Version {i + 1} has a label or language but no text.",
                    "Paste the version's text, give its address or choose a saved page; or clear its label "
                    "and language."), 400)
            continue
        slot_of.append(i)
        body_versions.append({"label": slot["label"].strip() or None,
                              "language": slot["language"].strip() or None, **source})
    body = {"title": form["title"].strip() or None, "versions": body_versions}
    if form["target_language"].strip():
        body["target_language"] = form["target_language"].strip()
    try:
        comparison_id, _, _ = create_comparison(body)
    except ServiceError as exc:
        return _render_home(form, _for_the_form(exc, slot_of), exc.status)
    return redirect(url_for("pages.comparison", comparison_id=comparison_id), code=303)


def _slot_source(slot: dict, upload) -> dict | None:
    """What a form slot gives: its text, else its address, else its uploaded page (None: nothing).
    Two given at once go to the API as they are, which names the problem."""
    given = {}
    if slot["text"].strip():
        given["text"] = slot["text"]
    if slot["url"].strip():
        given["url"] = slot["url"].strip()
    if upload is not None and upload.filename:
        raw = upload.read()
        given["html"] = raw.decode("utf-8") if _utf8(raw) else _decoded_page(raw)
    return given or None


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decoded_page(raw: bytes) -> str:
    """A page in another charset, decoded as its ``<meta charset>`` says (trafilatura's reading)."""
    from trafilatura.utils import decode_file

    return decode_file(raw)


def _for_the_form(error: ServiceError, slot_of: list[int]) -> ServiceError:
    """The API's error said in the form's words: ``versions[1].text`` is the form's
    "Version 3, text" (empty slots are skipped, so the API's index is not the form's)."""
    where = error.location
    if len(where) < 2 or where[0] != "versions" or not isinstance(where[1], int):
        return error
    slot = slot_of[where[1]] + 1 if where[1] < len(slot_of) else where[1] + 1
    field = f", {where[2]}" if len(where) > 2 else ""
    return ServiceError(error.status, error.code, f"Version {slot}{field}: {error.reason}", error.hint)


@bp.get("/batches")
def batches():
    """The newest batches with their progress (the page reloads itself while one runs)."""
    listed = services().storage.list_batches()
    return render_template("batches.html", batches=listed,
                           broker=bool(services().settings.broker_url),
                           running=any(b["counts"]["queued"] + b["counts"]["running"] for b in listed))


@bp.get("/comparisons/<comparison_id>")
def comparison(comparison_id: str):
    result = load_comparison(comparison_id)
    view = comparison_view(result, parse_filters(request.args, len(result.versions)))
    return render_template("comparison.html", view=view)


@bp.post("/comparisons/<comparison_id>/delete")
def delete(comparison_id: str):
    check_csrf()
    result = load_comparison(comparison_id)
    services().storage.delete_comparison(comparison_id)
    flash(f"Deleted “{result.title}”.")
    return redirect(url_for("pages.home"), code=303)
