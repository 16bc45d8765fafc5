"""The pages in a real browser: Debian's chromium, headless, driven by Playwright.

One server (werkzeug, on 127.0.0.1, a temporary database holding the samples) and one
browser serve the whole module; each test gets a fresh browser context (its own cookies).
Every page is checked for Content-Security-Policy violations and script errors.
Screenshots of the samples go to ``tests/artifacts/`` (ignored by git). With
``UPDATE_DOCS_SCREENSHOT=1`` the README's ``docs/screenshot.png`` is made again.

``make test`` installs chromium with apt-get when it is missing (``playwright install``
cannot download a browser here); without it these tests are skipped.
"""
from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest

from conftest import OTHER, REFERENCE, ROOT, SAMPLES
from service.samples import load_samples
from service.web.present import Filters, comparison_view
from support.apps import app_in

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "tests" / "artifacts"

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (make test installs it)")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (make test installs it with apt-get)", allow_module_level=True)

XSS_TITLE = '<script>window.__xss=1</script>"><img src=x onerror="window.__xss=1">'
XSS_LABEL = '"><img src=x onerror=window.__xss=1>'
XSS_TEXT = ('The minister said <script>window.__xss=1</script> on Friday. '
            'Officials wrote "><img src=x onerror="window.__xss=1"> in a note. '
            'A link read javascript:window.__xss=1 in the report.')


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from werkzeug.serving import make_server

    folder = tmp_path_factory.mktemp("browser")
    app = app_in(folder, log_level="WARNING")
    load_samples(app.extensions["compare"], SAMPLES)
    items, _ = app.extensions["compare"].storage.list_comparisons(10, 0)
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield {"base": f"http://127.0.0.1:{httpd.server_port}", "app": app,
           "samples": {item["title"].split(":")[0]: item["id"] for item in items}}
    httpd.shutdown()
    thread.join(5)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield chromium
        chromium.close()


class Page:
    """A browser page recording CSP violations and script errors."""

    def __init__(self, context, base: str, own_context: bool):
        self.context = context
        self.own_context = own_context
        self.page = context.new_page()
        self.base = base
        self.problems: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))

    def _console(self, message):
        if message.type == "error" and "status of 4" not in message.text:
            self.problems.append(message.text)

    def goto(self, path: str):
        self.page.goto(self.base + path)
        return self.page

    def close(self) -> list[str]:
        (self.context if self.own_context else self.page).close()
        return self.problems


@pytest.fixture(scope="module")
def shared_context(browser):
    context = browser.new_context()
    yield context
    context.close()


@pytest.fixture
def open_page(browser, shared_context, server):
    """Pages share one context (cookies too) unless a test asks for its own options."""
    opened: list[Page] = []

    def factory(**options) -> Page:
        context = browser.new_context(**options) if options else shared_context
        page = Page(context, server["base"], own_context=bool(options))
        opened.append(page)
        return page

    yield factory
    for page in opened:
        problems = page.close()
        assert problems == [], problems  # e.g. "Refused to apply inline style ... Content Security Policy"


def screenshot(page, name: str, **options) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), **options)
    return path


def shaped(server, name: str, **filters) -> dict:
    """The page's rows and signals as the server shapes them (the pipeline's findings may
    change; what the browser shows must agree with them)."""
    result = server["app"].extensions["compare"].storage.get_comparison(server["samples"][name])
    return comparison_view(result, Filters(**filters))


def visible_ids(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.filter(e => e.offsetParent !== null).map(e => e.id)")


# -- the newcomer's path --------------------------------------------------------------------

def test_home_lists_the_samples_and_each_opens(open_page, server):
    tab = open_page(viewport={"width": 1400, "height": 900})
    page = tab.goto("/")
    links = page.locator("table.stored th a")
    assert links.count() == 2
    screenshot(page, "home.png", full_page=True)
    for name, comparison_id in server["samples"].items():
        page.goto(tab.base + "/")
        page.get_by_role("link", name=re.compile(re.escape(name))).click()
        page.wait_for_url(f"**/comparisons/{comparison_id}")
        assert name in page.locator("h1").inner_text()
        # the ten-second answer: altered quotes and missing sentences named at the top
        glance = page.locator("#glance").inner_text()
        assert "quote altered" in glance and "sentences missing" in glance
        assert page.locator("tr.s-omitted").count() >= 2
        assert page.locator(".quote.q-altered").count() >= 2  # the reference's and the altered one
        slug = "lavrov" if "Lavrov" in name else "ceasefire"
        screenshot(page, f"{slug}.png", full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        screenshot(page, f"{slug}-phone.png")
        cells = page.locator("#row-1 td.cell")
        first, second = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
        assert second["y"] >= first["y"] + first["height"] - 1  # one column on a phone
        page.set_viewport_size({"width": 1400, "height": 900})


def test_submit_the_form_and_land_on_the_comparison(open_page):
    page = open_page().goto("/")
    assert page.locator("#slot-2").is_hidden()
    page.fill("#title", "Minister's visit, browser edition")
    page.fill("#label_0", "Wire")
    page.fill("#language_0", "en")
    page.fill("#text_0", REFERENCE)
    page.fill("#label_1", "Outlet")
    page.fill("#text_1", OTHER)
    page.get_by_role("button", name="+ Add a version").click()
    assert page.locator("#slot-2").is_visible()
    page.fill("#label_2", "Third")
    page.fill("#text_2", "Something else entirely.")
    page.get_by_role("button", name="Remove version 3").click()
    assert page.locator("#slot-2").is_hidden() and page.input_value("#text_2") == ""
    page.get_by_role("button", name="Compare", exact=True).click()
    page.wait_for_url(re.compile(r"/comparisons/[0-9a-f]+$"))
    assert page.locator("h1").inner_text() == "Minister's visit, browser edition"
    heads = page.locator("#aligned thead th").all_inner_texts()
    assert len(heads) == 3 and heads[1].startswith("Wire") and heads[2].startswith("Outlet")
    assert page.locator(".signal.t-number_mismatch").count() == 1
    assert page.locator("td.cell .num").count() >= 2  # 12 and 15 both marked


def test_form_errors_keep_the_input(open_page):
    page = open_page().goto("/")
    page.fill("#text_0", REFERENCE)
    page.fill("#language_0", "xx")
    page.fill("#text_1", OTHER)
    page.get_by_role("button", name="Compare", exact=True).click()
    assert "unknown language code" in page.locator("#form-error").inner_text()
    assert page.input_value("#text_1") == OTHER


# -- filters, toggles, keyboard --------------------------------------------------------------

def test_filters_change_the_signals_and_rows_shown(open_page, server):
    view = shaped(server, "Dravik ceasefire")
    altered = shaped(server, "Dravik ceasefire", types=frozenset({"quote_altered"}), only_differences=True)
    altered_rows = [row.id for row in altered["rows"] if not row.hidden]
    assert altered_rows  # the planted altered quote
    page = open_page().goto(f"/comparisons/{server['samples']['Dravik ceasefire']}")
    total = len(view["signals"])
    assert len(visible_ids(page, "#signal-list > li")) == total
    for box in page.locator("#controls input[name=type]").all():
        if box.get_attribute("value") != "quote_altered":
            box.uncheck()
    shown = visible_ids(page, "#signal-list > li")
    assert shown == [s.id for s in altered["signals"] if not s.hidden]
    assert {page.locator(f"#{i}").get_attribute("data-type") for i in shown} == {"quote_altered"}
    assert page.locator("#signal-count").inner_text() == f"{len(shown)} of {total}"
    assert "type=quote_altered" in page.url
    number_row = next(s.row for s in view["signals"] if s.type == "number_mismatch")
    assert page.locator(f"#{number_row} .row-signals li").first.is_hidden()  # its tag is filtered out
    page.check("input[name=only]")
    assert visible_ids(page, "#aligned tbody tr") == altered_rows
    page.reload()  # the address keeps the filters; the server applies them
    assert visible_ids(page, "#aligned tbody tr") == altered_rows
    assert visible_ids(page, "#signal-list > li") == shown
    page.uncheck("input[name=only]")
    for box in page.locator("#controls input[name=type]").all():
        box.check()
    page.select_option("#version-filter", label="Outlet B")
    versions = page.eval_on_selector_all("#signal-list > li", "els => els.filter(e => !e.hidden).map(e => e.dataset.version)")
    assert versions and set(versions) == {"1"}
    assert len(visible_ids(page, "#aligned tbody tr")) == len(view["rows"])


def test_view_toggle_shows_translation_original_or_both(open_page, server):
    page = open_page().goto(f"/comparisons/{server['samples']['Lavrov in Wonsan']}")
    translation = page.locator("#row-2 td.cell").nth(1).locator(".text.trans")
    original = page.locator("#row-2 td.cell").nth(1).locator(".text.orig")
    assert translation.is_visible() and original.is_hidden()
    assert "confirmed their course" in translation.inner_text()
    page.get_by_label("Original", exact=True).check()
    assert translation.is_hidden() and original.is_visible()
    assert "Стороны подтвердили" in original.inner_text()
    page.get_by_label("Both", exact=True).check()
    assert translation.is_visible() and original.is_visible()
    assert "view=both" in page.url
    page.reload()
    assert translation.is_visible() and original.is_visible()


def test_keyboard_moves_between_differences(open_page, server):
    view = shaped(server, "Dravik ceasefire")
    expected = [row.id for row in view["rows"] if row.is_difference]
    assert len(expected) >= 4
    page = open_page().goto(f"/comparisons/{server['samples']['Dravik ceasefire']}")
    assert page.eval_on_selector_all("#aligned tbody tr.is-diff", "els => els.map(e => e.id)") == expected
    page.locator("h1").click()
    seen = []
    for _ in expected:
        page.keyboard.press("j")
        seen.append(page.evaluate("document.activeElement.id"))
    assert seen == expected
    last = expected[-1]
    assert page.locator("tr.current").get_attribute("id") == last
    assert page.locator("#diff-position").inner_text() == \
        f"Difference {len(expected)} of {len(expected)} (row {last.removeprefix('row-')})"
    page.keyboard.press("j")
    assert page.locator("#diff-position").inner_text() == "That was the last difference"
    page.keyboard.press("k")
    page.keyboard.press("p")
    assert page.evaluate("document.activeElement.id") == expected[-3]
    assert page.url.endswith("#" + expected[-3])
    page.get_by_role("button", name="↓ Next difference").click()
    assert page.evaluate("document.activeElement.id") == expected[-2]
    # a key pressed in a field is typing, not navigation
    page.focus("#version-filter")
    page.keyboard.press("j")
    assert page.locator("tr.current").get_attribute("id") == expected[-2]
    # filtered: only the rows holding the chosen signal types
    missing = shaped(server, "Dravik ceasefire", types=frozenset({"quote_missing"}))
    missing_rows = [row.id for row in missing["rows"] if row.is_difference]
    assert missing_rows
    page.goto(f"{server['base']}/comparisons/{server['samples']['Dravik ceasefire']}?filtered=1&type=quote_missing")
    page.locator("h1").click()
    seen = []
    for _ in missing_rows:
        page.keyboard.press("n")
        seen.append(page.evaluate("document.activeElement.id"))
    assert seen == missing_rows
    page.keyboard.press("n")
    assert page.locator("#diff-position").inner_text() == "That was the last difference"


def test_signal_links_lead_to_their_rows(open_page, server):
    page = open_page().goto(f"/comparisons/{server['samples']['Dravik ceasefire']}")
    link = page.locator(".signal.t-quote_altered a.rowlink").first
    row = link.get_attribute("href")
    link.click()
    assert page.url.endswith(row)
    assert page.locator(row).evaluate("e => e.matches(':target')")
    assert page.locator(f"{row} .quote.q-altered").count() == 2  # the reference's quote and the altered one


def test_many_versions_scroll_sideways_with_the_row_column_kept(open_page):
    tab = open_page(viewport={"width": 1000, "height": 800})
    page = tab.goto("/")
    versions = [{"label": f"Version {n}", "language": "en", "text": REFERENCE.replace("12", str(10 + n))}
                for n in range(6)]
    created = page.request.post(tab.base + "/api/comparisons", data={"title": "Six versions", "versions": versions})
    page.goto(f"{tab.base}/comparisons/{created.json()['id']}")
    region = page.locator(".aligned-scroll")
    assert region.evaluate("e => e.scrollWidth > e.clientWidth + 400")
    region.evaluate("e => e.scrollLeft = 600")
    head = page.locator("#row-1 th.rowhead").bounding_box()
    assert 0 <= head["x"] < 60  # the row column stays in view while the versions scroll
    page.locator("#rows-heading").evaluate("e => e.scrollIntoView()")
    screenshot(page, "six-versions.png")


# -- security --------------------------------------------------------------------------------

def test_script_payloads_render_as_text_and_run_nothing(open_page, server):
    tab = open_page()
    page = tab.goto("/")
    page.fill("#title", XSS_TITLE)
    page.fill("#label_0", XSS_LABEL)
    page.fill("#language_0", "en")
    page.fill("#text_0", XSS_TEXT)
    page.fill("#label_1", "javascript:window.__xss=1")
    page.fill("#text_1", XSS_TEXT + " Protesters gathered outside.")
    page.get_by_role("button", name="Compare", exact=True).click()
    page.wait_for_url(re.compile(r"/comparisons/[0-9a-f]+$"))
    comparison_url = page.url
    for url in (comparison_url, comparison_url + "?view=both", tab.base + "/"):
        page.goto(url)
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert page.locator("img").count() == 0
        assert page.eval_on_selector_all("script", "els => els.map(e => e.getAttribute('src'))") == ["/static/app.js"]
        assert page.locator("a[href^='javascript:' i]").count() == 0
    page.goto(comparison_url)
    assert page.locator("h1").inner_text() == XSS_TITLE
    assert XSS_LABEL in page.locator("#aligned thead").inner_text()
    assert "<script>window.__xss=1</script>" in page.locator("#row-1").inner_text()
    for link in page.locator("#comparison a[href^='#']").all()[:6]:
        link.click()
    assert page.evaluate("typeof window.__xss") == "undefined"


def test_post_without_csrf_token_is_refused(open_page, server):
    tab = open_page()
    page = tab.goto("/")
    response = page.request.post(tab.base + "/comparisons", multipart={
        "label_0": "A", "text_0": REFERENCE, "label_1": "B", "text_1": OTHER})
    assert response.status == 400 and "did not come from this site" in response.text()
    page.fill("#text_0", REFERENCE)
    page.fill("#text_1", OTHER)
    page.eval_on_selector("input[name=csrf_token]", "e => e.value = 'forged'")
    page.get_by_role("button", name="Compare", exact=True).click()
    assert "did not come from this site" in page.locator("h1").inner_text()
    sample = server["samples"]["Dravik ceasefire"]
    refused = page.request.post(f"{tab.base}/comparisons/{sample}/delete", form={"csrf_token": "forged"})
    assert refused.status == 400
    assert page.request.get(f"{tab.base}/api/comparisons/{sample}").status == 200


def test_delete_with_confirmation(open_page, server):
    tab = open_page()
    page = tab.goto("/")
    api = page.request.post(tab.base + "/api/comparisons", data={"title": "Short-lived", "versions": [
        {"label": "A", "language": "en", "text": REFERENCE}, {"label": "B", "language": "en", "text": OTHER}]})
    comparison_id = api.json()["id"]
    page.goto(f"{tab.base}/comparisons/{comparison_id}")
    confirm = page.get_by_role("button", name="Yes, delete it")
    assert confirm.is_hidden()  # a second step: the confirmation is folded
    page.get_by_text("Delete…").click()
    confirm.click()
    page.wait_for_url(tab.base + "/")
    assert "Deleted “Short-lived”." in page.locator(".notice").inner_text()
    assert page.request.get(f"{tab.base}/api/comparisons/{comparison_id}").status == 404


# -- without JavaScript, accessibility ----------------------------------------------------------

def test_readable_and_usable_without_javascript(open_page, server):
    page = open_page(java_script_enabled=False).goto("/")
    assert all(page.locator(f"#slot-{i}").is_visible() for i in range(6))
    page.goto(f"{server['base']}/comparisons/{server['samples']['Dravik ceasefire']}")
    assert page.locator("#aligned tbody tr").count() == len(shaped(server, "Dravik ceasefire")["rows"])
    assert page.locator("#aligned .quote.q-altered").first.is_visible()
    for box in page.locator("#controls input[name=type]").all():
        if box.get_attribute("value") != "sentence_missing":
            box.uncheck()
    page.get_by_role("button", name="Apply filters").click()
    assert "type=sentence_missing" in page.url
    types = page.eval_on_selector_all("#signal-list > li", "els => els.filter(e => !e.hidden).map(e => e.dataset.type)")
    assert types and set(types) == {"sentence_missing"}


CONTRAST = """
(selectors) => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const backgrounds = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      const stripes = (style.backgroundImage.match(/rgba?\\([^)]*\\)/g) || []).map(parse);
      if (stripes.length) return stripes;
      const bg = parse(style.backgroundColor);
      if (bg.length === 3 || (bg.length === 4 && bg[3] > 0)) return [bg];
    }
    return [[255, 255, 255]];
  };
  const failures = [];
  for (const selector of selectors) {
    for (const el of document.querySelectorAll(selector)) {
      if (!el.offsetParent || !el.textContent.trim()) continue;
      const color = parse(getComputedStyle(el).color);
      for (const bg of backgrounds(el)) {
        const r = ratio(color, bg);
        if (r < 4.5) failures.push(`${selector}: ${r.toFixed(2)} (${color} on ${bg})`);
      }
    }
  }
  return [...new Set(failures)];
}
"""
CHECKED = ["body", "a", ".badge", ".tbadge", ".rstatus", "ins", "del", ".num", ".absent-note", ".speaker", ".small",
           ".meta", ".chip", ".cell-note", ".help", ".lang", "header.site a", "button", "legend", "label",
           ".glance-entries .where", ".severity", ".text-kind", ".ref-tag", ".count", "th", "td", "blockquote"]


def test_contrast_meets_wcag_aa_and_controls_are_labelled(open_page, server):
    tab = open_page()
    for path in ["/", f"/comparisons/{server['samples']['Dravik ceasefire']}",
                 f"/comparisons/{server['samples']['Lavrov in Wonsan']}?view=both"]:
        page = tab.goto(path)
        assert page.evaluate(CONTRAST, CHECKED) == [], path
        unlabelled = page.eval_on_selector_all(
            "input:not([type=hidden]), select, textarea, button",
            "els => els.filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')"
            " && !e.textContent.trim()).map(e => e.outerHTML)")
        assert unlabelled == [], path
        assert page.locator("main h1").count() == 1
        assert page.locator("td .text:not([dir=auto]), blockquote:not([dir=auto])").count() == 0


# -- the README's screenshot -------------------------------------------------------------------

@pytest.mark.skipif(not os.environ.get("UPDATE_DOCS_SCREENSHOT"), reason="set UPDATE_DOCS_SCREENSHOT=1 to remake docs/screenshot.png")
def test_make_the_readme_screenshot(open_page, server):
    page = open_page(viewport={"width": 1200, "height": 900}).goto(
        f"/comparisons/{server['samples']['Dravik ceasefire']}")
    page.locator("#signals").evaluate("e => e.hidden = true")  # glance, then the rows
    page.locator(".legend").evaluate("e => e.hidden = true")
    top = page.locator("#glance").bounding_box()["y"] - 8
    path = ROOT / "docs" / "screenshot.png"
    page.screenshot(path=str(path), clip={"x": 0, "y": top, "width": 1200, "height": 900}, full_page=True)
    assert path.stat().st_size < 300_000
