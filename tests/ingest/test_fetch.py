"""The SSRF-safe fetcher against a real HTTP server on 127.0.0.1, and against recording
transports where the address it connects to matters more than the answer.

The server counts the requests it sees per path, so a refusal is shown to happen before any
connection; names like ``news.example.test`` reach it through a fake resolver.
"""
from __future__ import annotations

import gzip
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from service.errors import ServiceError
from service.ingest.fetch import FEED_TYPES, Fetched, Fetcher, FetchPolicy

PAGE = b"<!doctype html><html><head><title>Story</title></head><body><p>Text.</p></body></html>"
ETAG = '"v1"'
LAST_MODIFIED = "Wed, 01 Jan 2025 00:00:00 GMT"
PUBLIC = "93.184.216.34"


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        server = self.server
        with server.lock:
            server.hits[self.path] += 1
            server.seen.append((self.path, dict(self.headers)))
        route = self.path.split("?")[0]
        try:
            getattr(self, "route_" + route.strip("/").split("/")[0].replace("-", "_"))()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the fetcher gave up first, as it should

    def send(self, status: int, body: bytes = b"", content_type: str | None = "text/html; charset=utf-8",
             headers: dict[str, str] | None = None, length: bool = True) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def route_page(self) -> None:
        self.send(200, PAGE)

    def route_host(self) -> None:
        self.send(200, PAGE)

    def route_etag(self) -> None:
        if self.headers.get("If-None-Match") == ETAG or self.headers.get("If-Modified-Since") == LAST_MODIFIED:
            self.send(304, headers={"ETag": ETAG}, content_type=None, length=False)
        else:
            self.send(200, PAGE, headers={"ETag": ETAG, "Last-Modified": LAST_MODIFIED})

    def route_chain(self) -> None:
        # /chain/3 -> 2 -> 1 (relative) -> /chain/0 -> the page, absolute
        n = int(self.path.rsplit("/", 1)[1])
        target = str(n - 1) if n > 1 else "/chain/0" if n == 1 else f"http://127.0.0.1:{self.server.server_port}/page"
        self.send(302, headers={"Location": target})

    def route_loop(self) -> None:
        self.send(301, headers={"Location": "/loop"})

    def route_to_metadata(self) -> None:
        self.send(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})

    def route_to_loopback(self) -> None:
        self.send(302, headers={"Location": f"http://127.0.0.2:{self.server.server_port}/page"})

    def route_to_name(self) -> None:
        self.send(302, headers={"Location": f"http://next.example.test:{self.server.server_port}/page"})

    def route_to_file(self) -> None:
        self.send(302, headers={"Location": "file:///etc/passwd"})

    def route_huge(self) -> None:
        self.send(200, b"x" * 2**20)

    def route_huge_stream(self) -> None:
        # no Content-Length: the body ends with the connection, so only counting can stop it
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        for _ in range(64):
            self.wfile.write(b"x" * 2**14)

    def route_slow(self) -> None:
        time.sleep(3)
        self.send(200, PAGE)

    def route_trickle_headers(self) -> None:
        # the head a byte at a time: each read inside the read timeout, the whole 4 s long
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
        for _ in range(20):
            self.wfile.write(b"X")
            self.wfile.flush()
            time.sleep(0.2)
        self.wfile.write(b": y\r\nContent-Length: 0\r\n\r\n")

    def route_gzip_bomb(self) -> None:
        # 50 MB of zeros in about 50 KB, sent compressed although the fetcher asks for identity
        body = gzip.compress(b"\0" * 50 * 2**20)
        self.send(200, body, headers={"Content-Encoding": "gzip"})

    def route_gzip_page(self) -> None:
        self.send(200, gzip.compress(PAGE), headers={"Content-Encoding": "gzip"})

    def route_trickle(self) -> None:
        # a byte every 0.4 s: each read is inside a 0.5 s read timeout, the whole is not
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "10")
        self.end_headers()
        for _ in range(10):
            self.wfile.write(b"x")
            self.wfile.flush()
            time.sleep(0.4)

    def route_text(self) -> None:
        self.send(200, b"plain words", content_type="text/plain; charset=utf-8")

    def route_untyped(self) -> None:
        self.send(200, PAGE, content_type=None)

    def route_feed(self) -> None:
        self.send(200, b"<rss version='2.0'><channel></channel></rss>",
                  content_type='application/rss+xml; charset="ISO-8859-1"')

    def route_missing(self) -> None:
        self.send(404, b"<p>gone</p>")

    def route_cookie(self) -> None:
        self.send(200, PAGE, headers={"Set-Cookie": "session=secret; Path=/"})


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    httpd.lock = threading.Lock()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def site(server):
    """The server with its request log emptied, and its base URL."""
    with server.lock:
        server.hits = Counter()
        server.seen = []
    server.base = f"http://127.0.0.1:{server.server_port}"
    return server


@pytest.fixture
def fetchers():
    made = []

    def make(**policy) -> Fetcher:
        resolve = policy.pop("resolve", None)
        transport = policy.pop("transport", None)
        fetcher = Fetcher(FetchPolicy(**policy), resolve=resolve, transport=transport)
        made.append(fetcher)
        return fetcher

    yield make
    for fetcher in made:
        fetcher.close()


@pytest.fixture
def local(fetchers):
    """A fetcher allowed to reach 127.0.0.1, with small limits."""
    return fetchers(allow=("127.0.0.1",), timeout=2.0, max_bytes=64 * 2**10, max_redirects=5)


def failure(call, *args, **kwargs) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        call(*args, **kwargs)
    return caught.value


class Names:
    """A fake resolver: names to address lists (a list of lists answers call by call); counts calls."""

    def __init__(self, **answers):
        self.answers = {name.replace("_", "."): value for name, value in answers.items()}
        self.calls: list[tuple[str, int]] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.calls.append((host, port))
        answer = self.answers[host]
        if answer and isinstance(answer[0], list):
            return answer[min(len(self.calls), len(answer)) - 1]
        return answer


class Recorder:
    """A transport that answers from a script of responses and keeps the requests it was sent."""

    def __init__(self, *responses: httpx.Response):
        self.responses = list(responses) or [httpx.Response(200, headers={"Content-Type": "text/html"}, content=PAGE)]
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.responses[min(len(self.requests), len(self.responses)) - 1]

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


# ----- fetching from an allowed local server -----

def test_fetches_a_page(site, local):
    fetched = local.get(site.base + "/page")
    assert isinstance(fetched, Fetched)
    assert (fetched.status, fetched.body, fetched.url) == (200, PAGE, site.base + "/page")
    assert fetched.requested_url == site.base + "/page"
    assert (fetched.content_type, fetched.charset) == ("text/html", "utf-8")
    assert not fetched.not_modified
    assert fetched.fetched_at.endswith("+00:00")
    path, headers = site.seen[0]
    assert headers["User-Agent"] == FetchPolicy().user_agent
    assert "text/html" in headers["Accept"]


def test_conditional_get_gives_304(site, local):
    first = local.get(site.base + "/etag")
    assert (first.etag, first.last_modified, first.body) == (ETAG, LAST_MODIFIED, PAGE)
    again = local.get(site.base + "/etag", etag=first.etag)
    assert again.not_modified and again.status == 304
    assert (again.body, again.etag) == (b"", ETAG)
    by_date = local.get(site.base + "/etag", last_modified=first.last_modified)
    assert by_date.not_modified and by_date.last_modified == LAST_MODIFIED
    assert [h.get("If-None-Match") for _, h in site.seen] == [None, ETAG, None]
    assert [h.get("If-Modified-Since") for _, h in site.seen] == [None, None, LAST_MODIFIED]


def test_follows_redirects_relative_and_absolute(site, local):
    fetched = local.get(site.base + "/chain/3")
    assert fetched.url == site.base + "/page"
    assert fetched.requested_url == site.base + "/chain/3"
    assert fetched.body == PAGE
    assert [path for path, _ in site.seen] == ["/chain/3", "/chain/2", "/chain/1", "/chain/0", "/page"]


def test_redirect_loop_refused_after_max_redirects(site, fetchers):
    fetcher = fetchers(allow=("127.0.0.1",), max_redirects=3)
    error = failure(fetcher.get, site.base + "/loop")
    assert (error.status, error.code) == (502, "fetch_failed")
    assert "more than 3 times" in error.message
    assert site.hits["/loop"] == 4  # the first request and three redirects


def test_too_many_redirects_in_a_chain(site, fetchers):
    fetcher = fetchers(allow=("127.0.0.1",), max_redirects=3)
    assert failure(fetcher.get, site.base + "/chain/3").code == "fetch_failed"
    assert site.hits["/page"] == 0


def test_body_over_the_cap_refused_by_content_length(site, local):
    error = failure(local.get, site.base + "/huge")
    assert (error.status, error.code) == (502, "fetch_failed")
    assert "larger than 64 KB" in error.message


def test_body_over_the_cap_refused_while_streaming(site, local):
    error = failure(local.get, site.base + "/huge-stream")
    assert error.code == "fetch_failed" and "larger than 64 KB" in error.message


def test_slow_server_times_out_quickly(site, fetchers):
    fetcher = fetchers(allow=("127.0.0.1",), timeout=0.5)
    started = time.monotonic()
    error = failure(fetcher.get, site.base + "/slow")
    assert time.monotonic() - started < 2.0  # the server answers at 3 s
    assert error.code == "fetch_failed" and "longer than 0.5 seconds" in error.message


def test_deadline_covers_a_trickling_head(site, fetchers):
    fetcher = fetchers(allow=("127.0.0.1",), timeout=0.5)
    started = time.monotonic()
    error = failure(fetcher.get, site.base + "/trickle-headers")
    assert time.monotonic() - started < 2.0  # the head would take 4 s
    assert error.code == "fetch_failed" and "longer than 0.5 seconds" in error.message


def test_deadline_covers_a_name_lookup_that_hangs(fetchers):
    def resolve(host, port):
        time.sleep(3)
        return ["93.184.216.34"]

    started = time.monotonic()
    error = failure(fetchers(resolve=resolve, timeout=0.5).get, "http://slow-dns.example.test/")
    assert time.monotonic() - started < 2.0
    assert error.code == "fetch_failed" and "longer than 0.5 seconds" in error.message


def test_a_compressed_body_is_inflated_within_the_cap(site, fetchers):
    fetcher = fetchers(allow=("127.0.0.1",), max_bytes=64 * 1024)
    assert fetcher.get(site.base + "/gzip-page").body == PAGE
    error = failure(fetcher.get, site.base + "/gzip-bomb")
    assert error.code == "fetch_failed" and "larger than 64 KB" in error.message
    assert site.seen[-1][1].get("Accept-Encoding") == "identity"


def test_deadline_covers_a_trickling_body(site, fetchers):
    fetcher = fetchers(allow=("127.0.0.1",), timeout=0.5)
    started = time.monotonic()
    error = failure(fetcher.get, site.base + "/trickle")
    assert time.monotonic() - started < 2.0  # the body would take 4 s
    assert error.code == "fetch_failed" and "longer than 0.5 seconds" in error.message


def test_content_type_must_be_accepted(site, local):
    error = failure(local.get, site.base + "/text")
    assert (error.status, error.code) == (502, "fetch_failed")
    assert "text/plain, not a web page" in error.message
    assert "not read as a web page" in failure(local.get, site.base + "/untyped").message
    assert "text/html, not a feed" in failure(local.get, site.base + "/page", accept=FEED_TYPES).message
    feed = local.get(site.base + "/feed", accept=FEED_TYPES)
    assert (feed.content_type, feed.charset) == ("application/rss+xml", "iso-8859-1")
    assert "application/rss+xml, not a web page" in failure(local.get, site.base + "/feed").message


def test_error_status_is_a_fetch_failure(site, local):
    error = failure(local.get, site.base + "/missing")
    assert (error.status, error.code) == (502, "fetch_failed")
    assert "answered 404" in error.message


def test_no_cookies_kept_between_fetches(site, local):
    local.get(site.base + "/cookie")
    local.get(site.base + "/page")
    assert all("Cookie" not in headers for _, headers in site.seen)


def test_one_fetcher_serves_many_threads(site, local):
    results: list[bytes] = []
    threads = [threading.Thread(target=lambda: results.append(local.get(site.base + "/page").body)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [PAGE] * 8


# ----- refusals without the allow-list -----

@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "2130706433", "0x7f.1", "127.1", "0.0.0.0",
                                  "169.254.169.254", "10.0.0.1", "[::ffff:127.0.0.1]", "[::]", "127.0.0.1."])
def test_private_addresses_refused_before_connecting(site, fetchers, host):
    fetcher = fetchers(timeout=0.5)
    error = failure(fetcher.get, f"http://{host}:{site.server_port}/page")
    assert (error.status, error.code) == (400, "url_not_allowed")
    assert "private or local network" in error.message or "is not a public address" in error.message
    assert error.hint and "COMPARE_FETCH_ALLOW" in error.hint
    assert sum(site.hits.values()) == 0


@pytest.mark.parametrize("address", [
    "10.1.2.3", "172.16.0.1", "192.168.1.1", "127.0.0.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
    "224.0.0.1", "240.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "ff02::1",
    "::ffff:10.0.0.1", "::ffff:127.0.0.1", "2002:7f00:1::", "2002:a00:1::", "64:ff9b::a00:1", "::7f00:1",
])
def test_names_resolving_to_private_addresses_refused(fetchers, address):
    recorder = Recorder()
    fetcher = fetchers(resolve=Names(news_example_test=[address]), transport=recorder.transport())
    error = failure(fetcher.get, "https://news.example.test/story")
    assert (error.status, error.code) == (400, "url_not_allowed")
    assert error.message == "news.example.test is not a public address this service can fetch from."
    assert address not in error.message and address not in (error.hint or "")
    assert recorder.requests == []


def test_one_private_address_among_public_ones_is_refused(fetchers):
    recorder = Recorder()
    fetcher = fetchers(resolve=Names(news_example_test=[PUBLIC, "10.0.0.1"]), transport=recorder.transport())
    assert failure(fetcher.get, "http://news.example.test/").code == "url_not_allowed"
    assert recorder.requests == []


@pytest.mark.parametrize("address", [PUBLIC, "::ffff:93.184.216.34", "64:ff9b::5db8:d822", "2606:4700::1111"])
def test_public_addresses_fetched(fetchers, address):
    recorder = Recorder()
    fetcher = fetchers(resolve=Names(news_example_test=[address]), transport=recorder.transport())
    assert fetcher.get("http://news.example.test/").body == PAGE
    assert len(recorder.requests) == 1


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "ftp://example.com/story", "gopher://example.com/", "javascript:alert(1)",
    "data:text/html,<p>hi</p>", "http://user:pw@example.com/", "http://user@example.com/",
    "example.com/story", "http:///story", "http://example.com:0/", "http://example.com:70000/",
    "http://example.com/" + "a" * 2000,
])
def test_urls_refused(fetchers, url):
    recorder = Recorder()
    resolve = Names(example_com=[PUBLIC])
    fetcher = fetchers(resolve=resolve, transport=recorder.transport())
    error = failure(fetcher.get, url)
    assert (error.status, error.code) == (400, "url_not_allowed")
    assert error.message and "Traceback" not in error.message
    assert resolve.calls == [] and recorder.requests == []


def test_scheme_refusal_says_which(fetchers):
    assert "not file: ones" in failure(fetchers().get, "file:///etc/passwd").message
    assert "user name or password" in failure(fetchers().get, "http://user:pw@example.com/").message


# ----- one resolution per hop, and a connection to what was checked -----

def test_connects_to_the_checked_address_with_the_name_in_host(site, fetchers):
    resolve = Names(news_example_test=["127.0.0.1"])
    fetcher = fetchers(allow=("news.example.test",), resolve=resolve)
    url = f"http://news.example.test:{site.server_port}/host"
    fetched = fetcher.get(url)
    assert fetched.url == url
    assert site.seen[0][1]["Host"] == f"news.example.test:{site.server_port}"
    assert resolve.calls == [("news.example.test", site.server_port)]


def test_allow_list_names_are_case_insensitive(site, fetchers):
    fetcher = fetchers(allow=FetchPolicy.parse_allow("News.Example.TEST"), resolve=Names(news_example_test=["127.0.0.1"]))
    assert fetcher.get(f"http://NEWS.example.test:{site.server_port}/page").body == PAGE


def test_allow_list_networks(fetchers):
    recorder = Recorder()
    fetcher = fetchers(allow=FetchPolicy.parse_allow("10.0.0.0/8"), resolve=Names(intranet_test=["10.9.8.7"]),
                       transport=recorder.transport())
    fetcher.get("http://intranet.test/")
    assert recorder.requests[0].url.host == "10.9.8.7"
    assert failure(fetchers(allow=("10.0.0.0/8",), resolve=Names(intranet_test=["192.168.0.1"]))
                   .get, "http://intranet.test/").code == "url_not_allowed"


def test_dns_rebinding_gets_no_second_lookup(fetchers):
    recorder = Recorder()
    resolve = Names(news_example_test=[[PUBLIC], ["127.0.0.1"]])
    fetcher = fetchers(resolve=resolve, transport=recorder.transport())
    fetched = fetcher.get("https://news.example.test/story?id=1")
    assert fetched.url == "https://news.example.test/story?id=1"
    assert len(resolve.calls) == 1
    [request] = recorder.requests
    assert str(request.url) == f"https://{PUBLIC}/story?id=1"
    assert request.headers["Host"] == "news.example.test"
    assert request.extensions["sni_hostname"] == "news.example.test"


def test_each_hop_resolved_once_and_checked_again(fetchers):
    recorder = Recorder(httpx.Response(302, headers={"Location": "/next"}),
                        httpx.Response(200, headers={"Content-Type": "text/html"}, content=PAGE))
    resolve = Names(news_example_test=[[PUBLIC], ["127.0.0.1"]])
    fetcher = fetchers(resolve=resolve, transport=recorder.transport())
    error = failure(fetcher.get, "http://news.example.test/story")
    assert error.code == "url_not_allowed" and "redirected there" in error.message
    assert "127.0.0.1" not in error.message
    assert len(resolve.calls) == 2 and len(recorder.requests) == 1


def test_ipv6_addresses_bracketed(fetchers):
    recorder = Recorder()
    fetcher = fetchers(resolve=Names(news_example_test=["2606:4700::1111"]), transport=recorder.transport())
    fetcher.get("http://news.example.test:8080/a")
    assert str(recorder.requests[0].url) == "http://[2606:4700::1111]:8080/a"
    assert recorder.requests[0].headers["Host"] == "news.example.test:8080"
    assert "sni_hostname" not in recorder.requests[0].extensions


def test_ip_literal_urls_need_no_resolver(fetchers):
    recorder = Recorder()
    resolve = Names()
    fetcher = fetchers(resolve=resolve, transport=recorder.transport())
    fetcher.get(f"https://{PUBLIC}/a")
    assert resolve.calls == []
    assert recorder.requests[0].url.host == PUBLIC
    assert "sni_hostname" not in recorder.requests[0].extensions


# ----- redirects to places not allowed -----

def test_redirect_to_metadata_address_refused(site, local):
    error = failure(local.get, site.base + "/to-metadata")
    assert (error.status, error.code) == (400, "url_not_allowed")
    assert "169.254.169.254" in error.message  # the address the site wrote, not one DNS gave


def test_redirect_from_allowed_name_to_other_loopback_refused(site, fetchers):
    fetcher = fetchers(allow=("news.example.test",), resolve=Names(news_example_test=["127.0.0.1"]))
    error = failure(fetcher.get, f"http://news.example.test:{site.server_port}/to-loopback")
    assert (error.status, error.code) == (400, "url_not_allowed")
    assert site.hits["/page"] == 0


def test_redirect_to_a_name_on_a_private_network_refused(site, fetchers):
    fetcher = fetchers(allow=("127.0.0.1",), resolve=Names(next_example_test=["10.1.2.3"]))
    error = failure(fetcher.get, site.base + "/to-name")
    assert error.code == "url_not_allowed"
    assert "next.example.test" in error.message and "10.1.2.3" not in error.message
    assert site.hits["/page"] == 0


def test_redirect_to_another_scheme_refused(site, local):
    error = failure(local.get, site.base + "/to-file")
    assert error.code == "url_not_allowed" and "file:" in error.message


# ----- failures name the host, never its address -----

def test_unresolvable_name(fetchers):
    def resolve(host, port):
        raise OSError(-2, "Name or service not known")

    # refused in the words of a name on a private network: no client learns which internal names exist
    error = failure(fetchers(resolve=resolve).get, "http://nowhere.example.test/")
    private = failure(fetchers(resolve=Names(nowhere_example_test=["10.0.0.1"])).get, "http://nowhere.example.test/")
    assert (error.status, error.code, error.message) == (private.status, private.code, private.message) == (
        400, "url_not_allowed", "nowhere.example.test is not a public address this service can fetch from.")
    assert failure(fetchers(resolve=Names(nowhere_example_test=[])).get,
                   "http://nowhere.example.test/").message == error.message


def test_failures_of_a_named_host_do_not_show_its_address(site, fetchers):
    closed = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = closed.server_port
    closed.server_close()  # a port nothing listens on
    resolve = Names(news_example_test=["127.0.0.1"])
    fetcher = fetchers(allow=("news.example.test",), resolve=resolve, timeout=0.5)
    errors = [failure(fetcher.get, f"http://news.example.test:{port}/page"),
              failure(fetcher.get, f"http://news.example.test:{site.server_port}/missing"),
              failure(fetcher.get, f"http://news.example.test:{site.server_port}/slow")]
    assert [e.code for e in errors] == ["fetch_failed"] * 3
    assert errors[0].message == "Could not connect to news.example.test."
    for error in errors:
        assert "127.0.0.1" not in error.message and "/" not in error.message


def test_tries_the_next_address_when_one_does_not_connect(site, fetchers):
    # ::1 has no server on this port (or no IPv6 at all): the fetch goes on to 127.0.0.1
    resolve = Names(news_example_test=["::1", "127.0.0.1"])
    fetcher = fetchers(allow=("news.example.test",), resolve=resolve)
    assert fetcher.get(f"http://news.example.test:{site.server_port}/page").body == PAGE


# ----- the allow-list's text -----

def test_parse_allow():
    assert FetchPolicy.parse_allow("localhost, 10.0.0.0/8 ,news.internal") == ("localhost", "10.0.0.0/8", "news.internal")
    assert FetchPolicy.parse_allow(" 127.0.0.1  [::1] Intranet.Test. ") == ("127.0.0.1", "::1", "intranet.test")
    assert FetchPolicy.parse_allow("") == ()
    for bad in ("10.0.0.0/33", "300.1.2.3/8", "not a/host", "exa mple?.com"):
        with pytest.raises(ValueError):
            FetchPolicy.parse_allow(bad)
