"""Hostile inputs, each of a fixed size: a clear 4xx, or a correct comparison in bounded time and memory.

Every input here has a stated size (the issue's: 100,000 characters, 10,000 quotation marks,
5,000 paragraphs, ...). Each request runs under a guard (tests/support/bounded.py) — a
wall-clock ceiling far above the linear cost (seconds, where a quadratic stage takes
minutes) and a ceiling on how much the process's peak memory may grow — so a blow-up
fails the test instead of hanging the suite.
A comparison that is answered must also be *correct*: offsets index the text as sent,
the alignment covers every sentence of every version exactly once, quotes lie inside the
text, and the stored result is the one answered.

What the service does with each (see README "API"): bidi controls, zero-width and astral
characters are kept as text, offsets exact, pages render them as text; over-long bodies
are 413 before any work; nesting within the limit is read. The inputs it refuses —
invalid UTF-8, NUL and other control characters, unpaired surrogates, JSON nested too
deeply — are in test_bad_input.py with every other invalid body.
"""
from __future__ import annotations

import csv
import io
import itertools
import json
import time

import pytest

from conftest import OTHER, REFERENCE
from support import hostile
from support.bounded import bounded
from support.http import assert_error, assert_matches, post

WORDS = ("minister capital friday visit friends support officials people clashes talks statement trade "
         "protesters parliament building ceasefire border troops village report").split()


def assert_correct(client, response, versions: list[dict]) -> dict:
    """A 201 whose result is whole, exact about offsets, and covers every sentence once."""
    assert response.status_code == 201, response.get_data(as_text=True)[:500]
    result = response.get_json()
    assert_matches(result, "Comparison")
    for version, sent in zip(result["versions"], versions):
        text = sent["text"]
        assert version["sentences"], "no sentences"
        previous_end = 0
        for i, sentence in enumerate(version["sentences"]):
            assert sentence["index"] == i
            assert previous_end <= sentence["start"] < sentence["end"] <= len(text)
            assert text[sentence["start"]:sentence["end"]] == sentence["text"]
            assert sentence["text"].strip() == sentence["text"] and sentence["text"]
            previous_end = sentence["end"]
        uncovered = "".join(text[a:b] for a, b in _gaps(version["sentences"], len(text)))
        assert not uncovered.strip(), f"text outside every sentence: {uncovered.strip()[:80]!r}"
        for quote in version["quotes"]:
            assert text[quote["start"]:quote["end"]] == quote["text"]
            assert 0 <= quote["sentence_index"] < len(version["sentences"])
    for version in result["versions"]:
        seen = sorted(i for row in result["alignment"] for i in row["sentences"].get(version["label"], []))
        assert seen == list(range(len(version["sentences"]))), f"{version['label']}: not every sentence exactly once"
    assert client.get(f"/api/comparisons/{result['id']}").get_json() == result
    return result


def _gaps(sentences: list[dict], length: int):
    cursor = 0
    for sentence in sentences:
        yield cursor, sentence["start"]
        cursor = sentence["end"]
    yield cursor, length


def pair(text_a: str, text_b: str, **extra) -> list[dict]:
    return [{"label": "A", "language": "en", "text": text_a, **extra}, {"label": "B", "language": "en", "text": text_b}]


# -- characters kept as text -------------------------------------------------------------
def test_whitespace_controls_and_astral_characters_are_text(client):
    text = "The council met on Monday.\tIt approved the budget.\v“We did it 😀,” the mayor said.\f\r\nThe end."
    versions = pair(text, REFERENCE)
    result = assert_correct(client, post(client, {"versions": versions}), versions)
    assert any("😀" in q["text"] for q in result["versions"][0]["quotes"])


BIDI = "\u202e\u202d\u202a\u202b\u202c\u2066\u2067\u2068\u2069\u200e\u200f"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


def test_bidi_and_zero_width_characters_are_kept_as_text_with_exact_offsets(client):
    hostile = (f"The minister{ZERO_WIDTH} arrived in the \u202ecapital\u202c on Friday for a three-day visit. "
               f"“We will always{BIDI} stand by our friends in firm and principled support,” the minister said.\n\n"
               f"Officials said 12 people were in\u200bjured in the clashes. \u2067<b>Trade</b>\u2069 talks ended.")
    versions = [{"label": "Wire\u202e", "language": "en", "text": hostile},
                {"label": "Outlet", "language": "en", "text": REFERENCE}]
    body = {"title": f"\u202eEvil title{ZERO_WIDTH}", "versions": versions}
    result = assert_correct(client, post(client, body), versions)
    assert result["title"] == body["title"] and result["versions"][0]["label"] == "Wire\u202e"
    first = result["versions"][0]
    kept = "".join(s["text"] for s in first["sentences"])
    assert "\u202ecapital\u202c" in kept and BIDI in kept and ZERO_WIDTH in kept and "in\u200bjured" in kept
    (quote,) = first["quotes"]
    assert BIDI in quote["text"] and quote["attribution"] == result["versions"][1]["quotes"][0]["attribution"] == "said"
    assert any(p["status"] in ("identical", "reworded") for p in result["quote_pairs"])  # still pairs with the reference
    raw = client.get(f"/api/comparisons/{result['id']}").get_data()
    assert "\u202e".encode() in raw and "\u200b".encode() in raw  # the JSON keeps them as they are

    page = client.get(f"/comparisons/{result['id']}", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "\u202e" in page and "&lt;b&gt;Trade&lt;/b&gt;" in page and "<b>Trade</b>" not in page
    assert result["signals"] == []  # invisible characters are no difference between the versions
    assert csv_rows(client, result["id"]) == []

    # against a version that does differ, the signals carry the characters, and so does the CSV
    against = client.post("/api/comparisons", json={"versions": [
        versions[0], {"label": "Outlet", "language": "en", "text": OTHER}]}).get_json()
    omission = ("Wire\u202e", "\u2067<b>Trade</b>\u2069 talks ended.")
    assert omission in {(s["version"], s["text"]) for s in against["signals"] if s["type"] == "sentence_missing"}
    assert omission in {(row["version"], row["text"]) for row in csv_rows(client, against["id"])}


def csv_rows(client, comparison_id: str) -> list[dict]:
    response = client.get(f"/api/comparisons/{comparison_id}.csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


# -- sizes -------------------------------------------------------------------------------
def long_sentence(length: int) -> str:
    """Exactly ``length`` characters of words and spaces, no punctuation, ending in a word."""
    words, size = [], 0
    for i in itertools.count():
        word = f"{WORDS[i % len(WORDS)]}{i}"
        if size + len(word) + 1 > length - 2:
            break
        words.append(word)
        size += len(word) + 1
    text = " ".join(words)
    return text + " " + "z" * (length - len(text) - 1)


def test_a_100000_character_sentence_without_punctuation(client, app):
    limit = app.extensions["compare"].settings.max_version_chars
    text = long_sentence(limit)
    assert len(text) == limit and not any(ch in text for ch in ".!?;:")
    other = text[: limit // 2] + " inserted words here " + text[limit // 2: limit - 30]
    versions = pair(text, other)
    result = assert_correct(client, post(client, {"versions": versions}), versions)
    assert [len(v["sentences"]) for v in result["versions"]] == [1, 1]
    assert result["versions"][0]["sentences"][0]["text"] == text
    assert [row["kind"] for row in result["alignment"]] == ["match"]
    over = pair(text + "y", REFERENCE)
    assert_error(post(client, {"versions": over}), 413, "too_large", "versions[0].text")


def test_10000_unbalanced_quotation_marks(client):
    short = "he said we go now so it is on to".split()
    openers = " ".join(f"“{short[i % len(short)]}" for i in range(10_000))
    closers = " ".join(f"{short[i % len(short)]}”" for i in range(10_000))
    mixed = " ".join(f"{'“«「『'[i % 4]}{short[i % len(short)]}" for i in range(10_000))  # openers of 4 conventions
    for text in (openers, closers, mixed):
        assert len(text) <= 100_000 and sum(text.count(m) for m in "“”«「『") == 10_000
        versions = pair(text, REFERENCE)
        result = assert_correct(client, post(client, {"versions": versions}), versions)
        assert result["versions"][0]["quotes"] == []  # an unpaired mark is dropped, never swallows the text
        assert len(result["versions"][0]["sentences"]) == 1


def test_5000_one_word_paragraphs(client):
    text = "\n\n".join(f"{WORDS[i % len(WORDS)]}{i}" for i in range(5000))
    other = "\n\n".join(f"{WORDS[i % len(WORDS)]}{i}" for i in range(5000) if i % 100)  # 50 left out
    versions = pair(text, other)
    result = assert_correct(client, post(client, {"versions": versions}), versions)
    assert [len(v["sentences"]) for v in result["versions"]] == [5000, 4950]
    only = [row for row in result["alignment"] if row["kind"] == "only"]
    assert sorted(i for row in only for i in row["sentences"].get("A", [])) == list(range(0, 5000, 100))
    assert all(len(row["sentences"].get("A", [])) == 1 for row in result["alignment"])


def test_5000_one_word_paragraphs_from_a_small_vocabulary(client):
    text = "\n\n".join(WORDS[i % len(WORDS)] for i in range(5000))
    versions = pair(text, text)
    response = post(client, {"versions": versions})
    result = assert_correct(client, response, versions)
    assert [row["kind"] for row in result["alignment"]] == ["match"] * 5000


def test_10000_straight_quotation_marks_in_one_sentence(client):
    text = 'word "' * 10_000
    versions = pair(text, REFERENCE)
    response = post(client, {"versions": versions})
    result = assert_correct(client, response, versions)
    assert len(result["versions"][0]["quotes"]) == 5000


# -- structure and size of the body ------------------------------------------------------
def test_nesting_within_the_limit_is_ignored_as_an_extra_field(client):
    versions = pair(REFERENCE, OTHER)
    body = {"versions": versions, "extra": json.loads("[" * 30 + "]" * 30)}
    assert_correct(client, post(client, body), versions)


def test_deeply_nested_tmx_markup_is_read_without_recursion(client):
    tmx = ('<tmx version="1.4"><header srclang="ru"/><body><tu><tuv xml:lang="ru"><seg>'
           + "<hi>" * 5000 + "Да." + "</hi>" * 5000
           + '</seg></tuv><tuv xml:lang="en"><seg>Yes.</seg></tuv></tu></body></tmx>').encode()
    response = post(client, data=tmx, path="/api/translation-memory", content_type="application/x-tmx+xml")
    assert response.status_code == 200 and response.get_json() == {"imported": 1}
    assert client.get("/api/translation-memory?source_language=ru").get_json()["entries"][0]["source"] == "Да."


@pytest.fixture
def small_app(make_app):
    return make_app(max_body_bytes=4096)


def sized_body(size: int) -> bytes:
    """A valid comparison body of exactly ``size`` bytes (padded inside the second text)."""
    body = {"versions": pair(REFERENCE[:200], "")}
    bare = len(json.dumps(body).encode())
    body["versions"][1]["text"] = "The minister spoke. " + "x" * (size - bare - len("The minister spoke. "))
    data = json.dumps(body).encode()
    assert len(data) == size
    return data


@pytest.mark.parametrize("chunked", [False, True])
def test_a_body_just_over_the_limit_is_413_and_one_at_the_limit_is_read(small_app, chunked):
    client = small_app.test_client()

    def send(data: bytes):
        if not chunked:
            return post(client, data=data)
        # Transfer-Encoding: chunked, as gunicorn hands it on: no Content-Length, a terminated stream
        return client.post("/api/comparisons", input_stream=io.BytesIO(data), content_type="application/json",
                           headers={"Transfer-Encoding": "chunked"}, environ_base={"wsgi.input_terminated": True})

    assert send(sized_body(4096)).status_code == 201
    assert_error(send(sized_body(4097)), 413, "too_large")
    assert_error(send(sized_body(4096) + b" " * 10_000), 413, "too_large")  # a valid prefix is not a body


def test_the_default_body_limit_is_413_just_past_4_mib(client, app):
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert limit == 4 * 1024 * 1024
    data = b'{"versions": [], "pad": "' + b"x" * (limit - 26) + b'"}'
    assert len(data) == limit + 1
    assert_error(post(client, data=data), 413, "too_large")
    assert_error(post(client, data=data, path="/api/translation-memory", content_type="application/x-tmx+xml"),
                 413, "too_large")


# -- alignment that always completes, cost linear in the input (issue: defects found from outside) --
@pytest.mark.parametrize("k", [0, 6, 8, 16, 24, 40])
def test_an_inserted_passage_of_k_sentences_is_k_only_rows(client, k):
    body = hostile.insertion(k)
    result = assert_correct(client, post(client, body), body["versions"])
    only = [row for row in result["alignment"] if row["kind"] == "only"]
    inserted = list(range(3, 3 + k))
    assert [row["sentences"] for row in only] == [{"B": [i]} for i in inserted]
    matched = [row for row in result["alignment"] if row["kind"] != "only"]
    assert [(row["sentences"]["A"], row["sentences"]["B"]) for row in matched] == [
        ([i], [i if i < 3 else i + k]) for i in range(len(hostile.ARTICLE))]


class Work:
    """What the expensive stages did: similarity calls of the alignment, and the longest
    text and total characters pysbd was given. Deterministic, unlike a clock."""

    def __init__(self, monkeypatch):
        import pysbd

        from service.pipeline import align as align_module

        self.similarity_calls = 0
        self.pysbd_chars = 0
        self.pysbd_longest = 0
        real_similarity, real_segment = align_module.similarity, pysbd.Segmenter.segment

        def similarity(a, b):
            self.similarity_calls += 1
            return real_similarity(a, b)

        def segment(segmenter, text):
            self.pysbd_chars += len(text)
            self.pysbd_longest = max(self.pysbd_longest, len(text))
            return real_segment(segmenter, text)

        monkeypatch.setattr(align_module, "similarity", similarity)
        monkeypatch.setattr(pysbd.Segmenter, "segment", segment)


@pytest.mark.parametrize("family", sorted(hostile.FAMILIES))
def test_hostile_families_cost_linear_work_and_bounded_time_and_memory(client, monkeypatch, family):
    """Doubling the input at most ~2.3x the work; 100,000 characters in under 30 s and 1 GB.

    Work is counted (similarity calls, characters read by pysbd) rather than timed, so the
    ratio does not depend on how busy the machine is; ``make bench`` reports the times."""
    from service.pipeline.segment import PYSBD_WINDOW

    work = {}
    for size in (50_000, 100_000):
        counter = Work(monkeypatch)
        body = hostile.FAMILIES[family](size)
        with bounded(30, megabytes=1024):
            response = client.post("/api/comparisons", json=body)
        assert_correct(client, response, body["versions"])
        work[size] = counter
    assert work[100_000].similarity_calls <= 2.3 * max(1, work[50_000].similarity_calls), family
    assert work[100_000].pysbd_chars <= 2.3 * max(1, work[50_000].pysbd_chars), family
    assert work[100_000].pysbd_longest <= PYSBD_WINDOW


def test_the_time_budget_stops_a_long_comparison_with_a_clear_error(make_app):
    client = make_app(time_budget=1).test_client()
    started = time.monotonic()
    error = assert_error(post(client, hostile.digits(100_000)), 422, "time_budget_exceeded")
    assert time.monotonic() - started < 10  # stopped soon after the budget, not after the whole run
    assert "1 s" in error["message"] and "COMPARE_TIME_BUDGET" in error["hint"]
    assert client.get("/api/comparisons").get_json()["total"] == 0
    assert post(client, hostile.insertion(3)).status_code == 201  # a normal comparison still fits
