"""The pages through Flask's test client: listing, the form and its errors, CSRF, delete,
escaping, security headers, no inline script or style, filters, and the text shaping of
``service.web.present`` (word marks, deleted words' places, quotes, numbers)."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from service.samples import load_samples
from service.pipeline.diff import word_edits
from service.web.highlight import diff_marks, render
from service.web.present import comparison_view, parse_filters
from service.web.present.labels import safe_link

from conftest import OTHER, REFERENCE, SAMPLES

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
XSS_TITLE = '<script>window.__xss=1</script>"><img src=x onerror="window.__xss=1">'
XSS_LABEL = '"><img src=x onerror=window.__xss=1>'
XSS_TEXT = ('The minister said <script>window.__xss=1</script> on Friday. '
            'Officials wrote "><img src=x onerror="window.__xss=1"> in a note. '
            'A link read javascript:window.__xss=1 in the report.')


def token(client, path: str = "/") -> str:
    return TOKEN.search(client.get(path).get_data(as_text=True)).group(1)


def form(csrf: str | None, *versions: tuple[str, str, str], title: str = "", target: str = "") -> dict:
    data = {"title": title, "target_language": target}
    if csrf is not None:
        data["csrf_token"] = csrf
    for i, (label, language, text) in enumerate(versions):
        data.update({f"label_{i}": label, f"language_{i}": language, f"text_{i}": text})
    return data


def english_form(csrf, title="Minister's visit"):
    return form(csrf, ("Wire", "en", REFERENCE), ("Outlet", "en", OTHER), title=title)


def submit(client, data, **kwargs):
    return client.post("/comparisons", data=data, content_type="multipart/form-data", **kwargs)


def create(client, title: str) -> str:
    response = client.post("/api/comparisons", json={"title": title, "versions": [
        {"label": "Wire", "language": "en", "text": REFERENCE}, {"label": "Outlet", "language": "en", "text": OTHER}]})
    assert response.status_code == 201
    return response.get_json()["id"]


class InlineFinder(HTMLParser):
    """Inline script, inline style and event-handler attributes: what the CSP forbids."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("<style> element")
        for name, value in attrs:
            if name == "style":
                self.problems.append(f"style= on <{tag}>")
            if name.startswith("on"):
                self.problems.append(f"{name}= on <{tag}>")
            if name in ("href", "src", "action") and value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL in {name}")


def inline_problems(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    return finder.problems


@pytest.fixture
def samples_loaded(app):
    load_samples(app.extensions["compare"], SAMPLES)
    items, _ = app.extensions["compare"].storage.list_comparisons(10, 0)
    return {item["title"].split(":")[0]: item["id"] for item in items}


# -- home: list, search, paging -----------------------------------------------------------

def test_home_lists_the_samples_newest_first(client, samples_loaded):
    html = client.get("/").get_data(as_text=True)
    assert "Lavrov in Wonsan" in html and "Dravik ceasefire" in html
    assert html.index("Lavrov in Wonsan") < html.index("Dravik ceasefire")  # loaded later
    assert f'/comparisons/{samples_loaded["Dravik ceasefire"]}' in html
    assert "1 quote altered" in html


def test_home_search_by_title_and_label(client, samples_loaded):
    html = client.get("/?q=dravik").get_data(as_text=True)
    assert "Dravik ceasefire" in html and "Lavrov in Wonsan" not in html
    by_label = client.get("/?q=Agency+(RU)").get_data(as_text=True)
    assert "Lavrov in Wonsan" in by_label and "Dravik ceasefire" not in by_label
    none = client.get("/?q=nothing-like-this").get_data(as_text=True)
    assert "No stored comparison matches" in none


def test_home_pages_through_comparisons(client):
    for n in range(3):
        create(client, f"Story {n}")
    first = client.get("/?limit=2").get_data(as_text=True)
    assert "Story 2" in first and "Story 1" in first and "Story 0" not in first
    assert "Showing 1–2 of 3" in first
    older = re.search(r'<a rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    second = client.get(older).get_data(as_text=True)
    assert "Story 0" in second and "Story 2" not in second and 'rel="prev"' in second


def test_home_bad_paging_is_an_html_400(client):
    response = client.get("/?offset=abc", headers={"Accept": "text/html"})
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "offset: expected a whole number" in response.get_data(as_text=True)


# -- the form ------------------------------------------------------------------------------

def test_form_creates_and_redirects_to_the_comparison(client):
    response = submit(client, english_form(token(client)))
    assert response.status_code == 303
    location = response.headers["Location"]
    assert re.fullmatch(r"/comparisons/[0-9a-f]+", location)
    page = client.get(location)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Minister&#39;s visit" in html
    assert "number differs" in html and "Missing from Outlet" in html


@pytest.mark.parametrize("data, status, words", [
    (lambda t: form(t, ("Wire", "en", REFERENCE)), 400, "a comparison needs at least 2 versions"),
    (lambda t: form(t, ("Wire", "xx", REFERENCE), ("Outlet", "en", OTHER)), 400, "Version 1, language: unknown language code"),
    (lambda t: form(t, ("Same", "en", REFERENCE), ("", "", ""), ("same", "en", OTHER)), 400,
     "Version 3, label: &#39;same&#39; is already the label of an earlier version"),
    (lambda t: form(t, ("Wire", "en", REFERENCE), ("Outlet", "en", OTHER)) | {"label_2": "Lonely"}, 400,
     "Version 3 has a label or language but no text"),
    (lambda t: form(t, ("W" * 65, "en", REFERENCE), ("Outlet", "en", OTHER)), 400, "at most 64 characters"),
    # Ukrainian: no package and a language the sentence encoder does not read (untranslated
    # Russian compares: tests/web/test_untranslated_api.py)
    (lambda t: form(t, ("Wire", "uk", "Міністр прибув до столиці в пʼятницю."), ("Outlet", "en", OTHER)), 422,
     "models install uk en"),
])
def test_form_errors_are_html_with_the_status_and_keep_the_input(client, data, status, words):
    sent = data(token(client))
    response = submit(client, sent)
    html = response.get_data(as_text=True)
    assert response.status_code == status and response.mimetype == "text/html"
    assert 'role="alert"' in html and words in html
    assert sent["text_0"].split(".")[0].replace("'", "&#39;") in html  # the text is still there to fix


def test_form_text_over_the_version_limit_is_413(make_app):
    client = make_app(max_version_chars=200).test_client()
    response = submit(client, form(token(client), ("Wire", "en", REFERENCE), ("Outlet", "en", OTHER)))
    assert response.status_code == 413 and response.mimetype == "text/html"
    assert "at most 200 are allowed" in response.get_data(as_text=True)


def test_form_body_over_the_body_limit_is_413(make_app):
    client = make_app(max_body_bytes=4000).test_client()
    response = submit(client, form(token(client), ("Wire", "en", "x " * 3000), ("Outlet", "en", OTHER)))
    assert response.status_code == 413 and response.mimetype == "text/html"
    assert "larger than the service accepts" in response.get_data(as_text=True)


def test_form_fields_may_be_as_large_as_the_api_allows(client):
    """werkzeug refuses form data over 500 kB by default; the API's limit is 4 MiB."""
    text = "Министр прибыл. " * 6200  # ~99,000 characters, ~180 kB of UTF-8
    sent = form(token(client), ("Same", "ru", text), ("same", "ru", text), ("third", "ru", text))
    response = submit(client, sent)  # > 500 kB in all; refused for its labels, not its size
    assert response.status_code == 400 and "already the label" in response.get_data(as_text=True)
    urlencoded = client.post("/comparisons", data=sent)  # ~3 MB percent-encoded
    assert urlencoded.status_code == 400 and "already the label" in urlencoded.get_data(as_text=True)


# -- CSRF and delete -----------------------------------------------------------------------

def test_form_post_without_or_with_a_wrong_csrf_token_is_refused(client, storage):
    token(client)  # a session exists, but the form does not carry its token
    for csrf in (None, "", "forged"):
        response = submit(client, english_form(csrf))
        assert response.status_code == 400 and response.mimetype == "text/html"
        assert "did not come from this site" in response.get_data(as_text=True)
    assert storage.list_comparisons(10, 0)[1] == 0


def test_form_post_without_a_session_is_refused(app, storage):
    fresh = app.test_client()
    response = submit(fresh, english_form("anything"))
    assert response.status_code == 400
    assert storage.list_comparisons(10, 0)[1] == 0


def test_delete_needs_the_token_and_then_deletes(client, storage):
    comparison_id = create(client, "To delete")
    csrf = token(client, f"/comparisons/{comparison_id}")
    refused = client.post(f"/comparisons/{comparison_id}/delete", data={})
    assert refused.status_code == 400 and storage.get_comparison(comparison_id) is not None
    forged = client.post(f"/comparisons/{comparison_id}/delete", data={"csrf_token": "forged"})
    assert forged.status_code == 400 and storage.get_comparison(comparison_id) is not None
    done = client.post(f"/comparisons/{comparison_id}/delete", data={"csrf_token": csrf})
    assert done.status_code == 303 and done.headers["Location"] == "/"
    assert storage.get_comparison(comparison_id) is None
    assert "Deleted “To delete”." in client.get("/").get_data(as_text=True)
    again = client.post(f"/comparisons/{comparison_id}/delete", data={"csrf_token": csrf})
    assert again.status_code == 404


def test_get_cannot_delete(client, storage):
    comparison_id = create(client, "Kept")
    assert client.get(f"/comparisons/{comparison_id}/delete").status_code == 405
    assert storage.get_comparison(comparison_id) is not None


# -- escaping and security headers ---------------------------------------------------------

def test_xss_payloads_are_escaped_everywhere(client):
    response = client.post("/api/comparisons", json={"title": XSS_TITLE, "versions": [
        {"label": XSS_LABEL, "language": "en", "text": XSS_TEXT, "source_url": "javascript:window.__xss=1"},
        {"label": "javascript:window.__xss=1", "language": "en", "text": XSS_TEXT + " Protesters gathered."}]})
    comparison_id = response.get_json()["id"]
    for path in ("/", f"/comparisons/{comparison_id}", f"/comparisons/{comparison_id}?view=both&only=differences"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>window" not in html and "<img src=x" not in html and '"><img' not in html
        assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html
        assert inline_problems(html) == []
    page = client.get(f"/comparisons/{comparison_id}").get_data(as_text=True)
    assert "source: javascript:window.__xss=1" in page  # shown as text, never as a link


def test_form_submitted_payloads_are_escaped(client):
    sent = form(token(client), (XSS_LABEL, "en", XSS_TEXT), ("javascript:alert(1)", "en", OTHER), title=XSS_TITLE)
    location = submit(client, sent).headers["Location"]
    html = client.get(location).get_data(as_text=True)
    assert "<img src=x" not in html and "<script>window" not in html
    assert "&#34;&gt;&lt;img src=x onerror=window.__xss=1&gt;" in html
    assert inline_problems(html) == []


def test_pages_send_csp_and_nosniff(client, samples_loaded):
    paths = ["/", f"/comparisons/{samples_loaded['Dravik ceasefire']}", "/comparisons/unknown"]
    for path in paths:
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_no_inline_script_or_style_in_any_page(client, samples_loaded):
    ids = list(samples_loaded.values())
    pages = ["/", "/?q=dravik", "/comparisons/unknown"]
    for comparison_id in ids:
        pages += [f"/comparisons/{comparison_id}",
                  f"/comparisons/{comparison_id}?filtered=1&type=quote_altered&version=1&only=differences&view=both"]
    for path in pages:
        html = client.get(path).get_data(as_text=True)
        assert inline_problems(html) == [], path
    error_page = submit(client, form(token(client), ("Wire", "en", REFERENCE))).get_data(as_text=True)
    assert inline_problems(error_page) == []
    static = client.get("/static/app.js")
    assert static.status_code == 200 and "innerHTML" not in static.get_data(as_text=True)


# -- the comparison page -------------------------------------------------------------------

def test_comparison_page_shows_what_a_reader_needs(client, samples_loaded):
    html = client.get(f"/comparisons/{samples_loaded['Lavrov in Wonsan']}").get_data(as_text=True)
    assert "Russian (ru)" in html and "given by the submitter" in html
    assert "9 sentences: translation memory (human)" in html
    assert "1 quote altered" in html and "3 quotes missing" in html and "6 sentences missing" in html
    assert "Missing from Agency (RU)" in html and "Only in Agency (RU)" in html
    assert "altered in Agency (RU)" in html  # the reference's quote says it was altered
    assert 'dir="auto"' in html
    assert html.count('class="text orig"') >= 5  # the original is on the page, shown on demand
    assert f'/api/comparisons/{samples_loaded["Lavrov in Wonsan"]}.csv' in html
    assert 'name="csrf_token"' in html  # the delete form


def test_filters_apply_on_the_server(client, samples_loaded):
    comparison_id = samples_loaded["Dravik ceasefire"]
    html = client.get(f"/comparisons/{comparison_id}?filtered=1&type=quote_altered&only=differences&view=both").get_data(as_text=True)
    signals = re.findall(r'<li id="signal-\d+" class="signal t-(\w+)[^"]*"[^>]*?( hidden)?>', html)
    assert [t for t, hidden in signals if not hidden] == ["quote_altered"]
    rows = re.findall(r'<tr id="(row-\d+)"[^>]*?( hidden)?>', html)
    assert [r for r, hidden in rows if not hidden] == ["row-3"]
    assert 'id="comparison" class="view-both"' in html
    by_version = client.get(f"/comparisons/{comparison_id}?version=0").get_data(as_text=True)
    visible = re.findall(r'<li id="signal-\d+"[^>]*data-version="(\d)"[^>]*?( hidden)?>', by_version)
    assert {v for v, hidden in visible if not hidden} == {"0"}


def test_unknown_comparison_is_an_html_404(client):
    response = client.get("/comparisons/nope")
    assert response.status_code == 404 and response.mimetype == "text/html"


# -- present.py ----------------------------------------------------------------------------

def words(groups) -> str:
    return "".join(f"[{p.kind}:{p.text}]" if p.kind != "text" else p.text for g in groups for p in g.pieces)


@pytest.mark.parametrize("reference, text, expected", [
    ("This is a fragile but real step toward peace,", "This is a step toward peace,",
     "This is a [del:fragile but real] step toward peace,"),
    ("killed at least 12 civilians", "killed at least 15 civilians", "killed at least [chg-del:12] [chg-ins:15] civilians"),
    ("respect the ceasefire as long as", "respect the ceasefire for as long as", "respect the ceasefire [ins:for] as long as"),
    # a dropped attribution goes after the quote it followed, not inside it
    ("Kim said “remove the cause”, according to KCNA.", "Kim said “remove the cause”.",
     "Kim said “remove the cause” [del:according to KCNA]."),
    # a dropped word that ended a quote stays inside the quote
    ("He said “A B C” and left.", "He said “A B” and left.", "He said “A B [del:C]” and left."),
])
def test_word_marks_and_where_deleted_words_go(reference, text, expected):
    diff = word_edits(reference, text)
    marks, ghosts = diff_marks(reference, text, diff, "Ref")
    assert words(render(text, marks, ghosts)) == expected
    assert 0 < diff.similarity < 1


def test_paraphrased_cells_are_not_painted_word_by_word(samples_loaded, storage):
    result = storage.get_comparison(samples_loaded["Lavrov in Wonsan"])
    view = comparison_view(result)
    first = view["rows"][0].cells[1]
    assert "words shared" in first.note and all(p.kind == "text" for g in first.translation for p in g.pieces)
    altered = view["rows"][2].cells[1]  # "firm and principled support" -> "principled support"
    quotes = [g.quote for g in altered.translation if g.quote]
    assert ("altered", "altered") in quotes[0].badges


def test_quotes_numbers_and_missing_rows_are_marked(samples_loaded, storage):
    view = comparison_view(storage.get_comparison(samples_loaded["Dravik ceasefire"]))
    rows = {r.number: r for r in view["rows"]}
    assert rows[2].signals[0].type == "number_mismatch"
    assert [p.text for g in rows[2].cells[0].translation for p in g.pieces if p.number] == ["12"]
    assert [p.text for g in rows[2].cells[1].translation for p in g.pieces if p.number] == ["15"]
    reyes = next(g.quote for g in rows[3].cells[0].translation if g.quote)
    assert reyes.speaker == "Tomas Reyes" and reyes.badges[0] == ("altered", "altered in Outlet B")
    assert rows[6].status == ("added", "Only in Outlet B") and not rows[6].cells[0].present
    assert rows[7].status == ("omitted", "Missing from Outlet B")
    assert rows[7].cells[1].absent_text == "Omitted: Outlet B has no counterpart sentence"
    statuses = [q.worst for q in view["quote_rows"]]
    assert statuses == ["altered", "reworded", "missing"]
    glance = [line["type"] for line in view["glance"]]
    assert glance[:3] == ["quote_altered", "quote_missing", "sentence_missing"]
    assert [s.severity for s in view["signals"]] == sorted((s.severity for s in view["signals"]), reverse=True)


def test_filters_from_the_query_string():
    from werkzeug.datastructures import MultiDict
    assert parse_filters(MultiDict(), 2).types is None
    chosen = parse_filters(MultiDict([("filtered", "1"), ("type", "quote_altered"), ("type", "bogus"),
                                      ("version", "1"), ("only", "differences"), ("view", "both")]), 2)
    assert chosen.types == {"quote_altered"} and chosen.version == 1 and chosen.only_differences
    assert chosen.view == "both"
    odd = parse_filters(MultiDict([("version", "7"), ("view", "<script>")]), 2)
    assert odd.version is None and odd.view == "translation"


@pytest.mark.parametrize("url, link", [
    ("https://example.org/a", "https://example.org/a"), ("http://x.test", "http://x.test"),
    ("javascript:alert(1)", None), (" JavaScript:alert(1)", None), ("data:text/html,x", None),
    ("//evil.test", None), ("", None), (None, None),
])
def test_only_http_source_urls_become_links(url, link):
    assert safe_link(url) == link


def test_three_versions_say_which_one_lacks_a_sentence(client):
    third = ("The minister arrived in the capital on Friday for a five-day visit. "
             "Officials said 12 people were injured in the clashes.")
    comparison_id = client.post("/api/comparisons", json={"title": "Three", "versions": [
        {"label": "A", "language": "en", "text": REFERENCE}, {"label": "B", "language": "en", "text": OTHER},
        {"label": "C", "language": "en", "text": third}]}).get_json()["id"]
    html = client.get(f"/comparisons/{comparison_id}").get_data(as_text=True)
    assert 'class="aligned cols-3"' in html
    assert "Missing from C" in html and "Omitted: C has no counterpart sentence" in html
    assert html.count('<td class="qcell') % 3 == 0  # the quote table has a column per version


def test_detected_languages_show_their_confidence(client):
    comparison_id = client.post("/api/comparisons", json={"title": "Detected", "versions": [
        {"label": "Wire", "text": REFERENCE}, {"label": "Outlet", "text": OTHER}]}).get_json()["id"]
    html = client.get(f"/comparisons/{comparison_id}").get_data(as_text=True)
    assert re.search(r"English \(en\)\s*<span class=\"small\">detected, \d+% confidence", html)


def test_the_furniture_strip_shows_each_versions_parts_by_kind_escaped(client):
    story = "Kim Jong Un inspected a factory on Friday. He praised the workers."
    response = client.post("/api/comparisons", json={"versions": [
        {"label": "KCNA", "language": "en",
         "text": f"Kim <b>inspects</b> factory\n\nPYONGYANG, July 12 (KCNA) -- {story}\n\n(END)"},
        {"label": "Wire", "language": "en", "text": f"WONSAN, July 11 (KCNA) -- {story}"}]})
    html = client.get(f"/comparisons/{response.get_json()['id']}").get_data(as_text=True)
    strip = html[html.index('id="furniture"'):html.index('id="aligned"')]
    rows = re.findall(r'<tr class="f-(\w+)">\s*<th scope="row" class="rowhead">([^<]+)</th>', strip)
    assert rows == [("headline", "Headline"), ("dateline", "Dateline"), ("end_mark", "End mark")]
    assert "Kim &lt;b&gt;inspects&lt;/b&gt; factory" in strip and "<b>inspects" not in html
    assert "PYONGYANG, July 12 (KCNA) --" in strip and "WONSAN, July 11 (KCNA) --" in strip
    assert re.search(r'href="#signal-\d+" class="tlink t-dateline_changed"', strip)
    assert "dateline differs" in html and inline_problems(html) == []


def test_no_furniture_strip_without_furniture(client):
    html = client.get(f"/comparisons/{create(client, 'Plain')}").get_data(as_text=True)
    assert 'id="furniture"' not in html


# -- names in the target language ----------------------------------------------------------------

def quote_table(client, comparison_id: str) -> str:
    html = client.get(f"/comparisons/{comparison_id}").get_data(as_text=True)
    return html[html.index('id="quote-table"'):html.index("</table>", html.index('id="quote-table"'))]


def person_headings(table: str) -> list[str]:
    """The names heading the quote table's person groups, as a reader sees them (no hidden text)."""
    heads = re.findall(r'<tr class="person-row">(.*?)</tr>', table, re.S)
    names = []
    for head in heads:
        shown = re.search(r'<span (?:class="shown" title="[^"]*" )?dir="auto">([^<]*)<', head)
        names.append(shown.group(1) if shown else "")
    return names


def test_speakers_and_cues_are_in_english_with_the_original_on_hover(client, samples_loaded):
    table = quote_table(client, samples_loaded["Lavrov in Wonsan"])
    assert re.search(r'<span class="shown" title="Ким Чен Ын" dir="auto">Kim Jong Un<', table)
    assert re.search(r'<span class="shown" title="Сергей Лавров" dir="auto">Sergei Lavrov<', table)
    assert re.search(r'<span class="shown" title="заверил" dir="auto">assured<', table)
    # no speaker or cue of the Russian version is shown in Russian without its English
    shown_texts = re.findall(r'<span (?:class="shown" title="[^"]*" )?dir="auto">([^<]*)<', table)
    assert not [t for t in shown_texts if re.search(r"[А-яЁё]", t) and t != "МИД России"]


def test_the_quote_table_puts_one_person_in_one_row(client, samples_loaded):
    table = quote_table(client, samples_loaded["Lavrov in Wonsan"])
    names = person_headings(table)
    assert names.count("Kim Jong Un") == 1 and names.count("Sergei Lavrov") == 1
    assert not [n for n in names if n in ("Ким Чен Ын", "Лавров", "Сергей Лавров", "Lavrov", "Sergey Lavrov", "Kim")]
    lavrov = re.search(r'<tbody class="person-group" data-person="sergei_lavrov">(.*?)</tbody>', table, re.S).group(1)
    assert 'title="Сергей Лавров"' in lavrov and 'title="Sergey Lavrov"' in lavrov  # both versions' quotes in his group


def test_results_stored_without_person_keys_are_grouped_by_person(client, samples_loaded, storage):
    result = storage.get_comparison(samples_loaded["Lavrov in Wonsan"])
    for version in result.versions:
        for quote in version.quotes:
            quote.speaker_key = quote.speaker_translation = quote.attribution_translation = None
    groups = comparison_view(result)["quote_groups"]
    lavrov = [g for g in groups if g.rows and any(q.speaker in ("Сергей Лавров", "Sergey Lavrov")
                                                  for r in g.rows for _, q in r.quotes)]
    assert len(lavrov) == 1 and lavrov[0].key == "sergei_lavrov"


def test_lexicon_notes_are_in_english_with_the_original_on_hover(client, samples_loaded):
    from markupsafe import escape

    from service.pipeline.lexicon import load_lexicon

    html = client.get(f"/comparisons/{samples_loaded['Lavrov in Wonsan']}").get_data(as_text=True)
    term = next(t for t in load_lexicon().terms if t.language == "ru" and t.concept == "smo")
    assert f'<span class="shown" title="{escape(term.note)}" dir="auto">{escape(term.note_en)}<' in html
    details = re.findall(r'<p class="detail" dir="auto">([^<]*)</p>', html)
    assert any(str(escape(term.note_en)) in d for d in details)
    assert not any(str(escape(term.note)) in d for d in details)
