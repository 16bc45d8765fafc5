"""Fetching the article pages and feeds users name by URL, without reaching the service's own network.

A URL a user types is a way into every network the service can reach (server-side request
forgery): a cloud's metadata address, an admin page on localhost, a database on the private
network. So every hop of a fetch is checked before anything connects: ``http`` or ``https``
only, no credentials, a real port, and the host resolved once, with every address it resolves
to globally routable unless ``FetchPolicy.allow`` (``COMPARE_FETCH_ALLOW``) names the host or
the network. The connection then goes to the very address that was checked (the URL's host
replaced by it, the ``Host`` header and the TLS server name keeping the real name), so a
second DNS answer — DNS rebinding — never gets a say. Redirects are followed by hand and each
target is checked like the first URL; the body is streamed up to a size cap; one deadline
covers the whole fetch, redirects included.

Refusals of a URL are 400 ``url_not_allowed``, failures of the site 502 ``fetch_failed``; the
messages name the host as the user wrote it and never an address it resolved to.
"""
from __future__ import annotations

import ipaddress
import re
import socket
import threading
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import datetime, timezone
from http import HTTPStatus
from http.cookiejar import DefaultCookiePolicy
from typing import Callable, Iterable

import httpx

from ..errors import ServiceError

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml")

MAX_URL_LENGTH = 2000
ALLOW_HINT = "Set COMPARE_FETCH_ALLOW to the host or network to fetch from a private address."

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
#: ``resolve(host, port)``: the IP addresses (as strings) a host name resolves to
Resolver = Callable[[str, int], list[str]]

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
#: name lookups run here, so that a resolver that hangs cannot hold a fetch past its deadline
_LOOKUPS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="fetch-lookup")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_HOST_NAME = re.compile(r"[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?\.?")
# what inet_aton may read as an IPv4 address: 127.1, 0x7f.1, 2130706433, 0177.0.0.1
_NUMERIC_HOST = re.compile(r"[0-9][0-9a-fx.]*", re.IGNORECASE)


@dataclass(frozen=True)
class FetchPolicy:
    """What a :class:`Fetcher` may fetch, and how much of it."""

    #: host names (exact, case-insensitive), IP addresses or CIDR networks fetched from even
    #: when they are private or local
    allow: tuple[str, ...] = ()
    #: seconds: to connect, for each read, and for the whole fetch including redirects
    timeout: float = 10.0
    max_bytes: int = 5 * 2**20
    max_redirects: int = 5
    user_agent: str = "story-compare/0.1 (+https://github.com/)"

    @classmethod
    def parse_allow(cls, text: str) -> tuple[str, ...]:
        """``"localhost, 10.0.0.0/8 ,news.internal"`` as a tuple of entries (names lower-cased,
        networks written out); ValueError for an entry that is no name, address or network."""
        entries = tuple(_allow_entry(word) for word in re.split(r"[\s,]+", text) if word)
        return tuple(str(entry) for entry in entries)


@dataclass(frozen=True)
class Fetched:
    """A fetched page or feed (or the answer that it has not changed)."""

    url: str  # final URL after redirects
    requested_url: str
    status: int  # 200, or 304 for a conditional GET that was not modified
    content_type: str  # media type, lower case, without parameters
    charset: str | None  # from the Content-Type header, if any
    body: bytes  # b"" on 304
    etag: str | None
    last_modified: str | None
    fetched_at: str  # ISO 8601 UTC

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """GETs pages and feeds under a :class:`FetchPolicy`; one instance serves all threads."""

    def __init__(self, policy: FetchPolicy, resolve: Resolver | None = None,
                 transport: httpx.BaseTransport | None = None):
        self.policy = policy
        self._allow = _AllowList.of(policy.allow)
        self._resolve = resolve or _resolve
        self._client = httpx.Client(
            transport=transport,
            follow_redirects=False,
            # no proxies, .netrc or certificate paths from the environment: a proxy would do
            # its own DNS lookup of a name this fetcher has checked
            trust_env=False,
            # connections are pooled by address, and a kept-alive TLS connection verified for
            # one name would carry the next request for another name on the same address
            limits=httpx.Limits(max_keepalive_connections=0),
        )
        # the client is shared by every user's fetches: no cookie is kept, so none travels from
        # one to another (the client copies a jar it is given, so the policy is set on its own)
        self._client.cookies.jar.set_policy(DefaultCookiePolicy(allowed_domains=[]))

    def get(self, url: str, *, accept: tuple[str, ...] = HTML_TYPES, etag: str | None = None,
            last_modified: str | None = None) -> Fetched:
        """The page at ``url`` after redirects, if its type is one of ``accept``; a 304
        :class:`Fetched` when ``etag`` or ``last_modified`` is given and the page has not changed."""
        deadline = time.monotonic() + self.policy.timeout
        # identity: a compressed body would be inflated in memory before the size cap could count it
        headers = {"User-Agent": self.policy.user_agent, "Accept": ", ".join(accept), "Accept-Encoding": "identity"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current, previous = _checked_url(url), None
        with _Deadline(deadline) as guard:
            for _ in range(self.policy.max_redirects + 1):
                response = self._exchange(current, previous, headers, guard)
                try:
                    if response.status_code not in _REDIRECTS:
                        return self._fetched(url, current, response, accept, etag, last_modified, guard)
                    current, previous = _redirect(current, response), current
                finally:
                    response.close()
        raise _failed(f"The site redirected more than {self.policy.max_redirects} times.")

    def close(self) -> None:
        self._client.close()

    def _exchange(self, url: httpx.URL, redirected_from: httpx.URL | None, headers: dict[str, str],
                  guard: _Deadline) -> httpx.Response:
        """The response's head from the first of the checked addresses that takes the connection."""
        deadline = guard.deadline
        addresses = self._addresses(url, redirected_from, deadline)
        headers = {**headers, "Host": url.netloc.decode("ascii")}
        extensions: dict = {"trace": guard.trace}
        if url.scheme == "https" and _literal(url.host) is None:
            extensions["sni_hostname"] = url.raw_host.decode("ascii").rstrip(".")
        for number, address in enumerate(addresses, 1):
            request = self._client.build_request(
                "GET", url.copy_with(host=str(address)), headers=headers, extensions=extensions,
                timeout=httpx.Timeout(self._remaining(url, deadline)))
            try:
                return self._client.send(request, stream=True)
            except (httpx.ConnectError, httpx.ConnectTimeout) as error:
                if number < len(addresses) and time.monotonic() < deadline and not guard.fired:
                    continue  # an address family this machine cannot reach, say: try the next
                raise self._too_slow(url) if guard.fired else self._transport_failure(error, url) from error
            except httpx.HTTPError as error:
                raise self._too_slow(url) if guard.fired else self._transport_failure(error, url) from error
        raise AssertionError("unreachable: _addresses is never empty")

    def _addresses(self, url: httpx.URL, redirected_from: httpx.URL | None, deadline: float) -> list[IPAddress]:
        """The addresses to connect to for ``url``, resolved once; refused unless every one of
        them is public or allowed. A name that does not resolve is refused in the same words as
        one on a private network, so that no client can tell which internal names exist."""
        host = url.host
        literal = _literal(host)
        named_refusal = _refused(f"{host} is not a public address this service can fetch from.", redirected_from,
                                 ALLOW_HINT)
        if literal is not None:
            addresses = [literal]
        else:
            port = url.port or _DEFAULT_PORTS[url.scheme]
            try:
                found = _LOOKUPS.submit(self._resolve, url.raw_host.decode("ascii"), port).result(
                    timeout=max(0.0, deadline - time.monotonic()))
                addresses = list(dict.fromkeys(_plain(ipaddress.ip_address(a)) for a in found))
            except FutureTimeout:  # the lookup goes on in its thread; the fetch does not wait for it
                raise self._too_slow(url) from None
            except (OSError, UnicodeError, ValueError) as error:
                raise named_refusal from error
            if not addresses:
                raise named_refusal
        if not self._allow.names_host(url.raw_host.decode("ascii")):
            if any(not _public(a) and not self._allow.holds(a) for a in addresses):
                # the host as written, never the address a name resolved to: internal DNS stays internal
                if literal is None:
                    raise named_refusal
                raise _refused(f"{host} is a private or local network address, which this service does not fetch "
                               "from.", redirected_from, ALLOW_HINT)
        return addresses

    def _fetched(self, requested: str, url: httpx.URL, response: httpx.Response, accept: tuple[str, ...],
                 etag: str | None, last_modified: str | None, guard: _Deadline) -> Fetched:
        status = response.status_code
        media, charset = _content_type(response.headers.get("content-type"))

        def fetched(status: int, body: bytes) -> Fetched:
            return Fetched(url=str(url), requested_url=requested, status=status, content_type=media,
                           charset=charset, body=body,
                           etag=response.headers.get("etag") or (etag if status == 304 else None),
                           last_modified=response.headers.get("last-modified")
                           or (last_modified if status == 304 else None),
                           fetched_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))

        if status == 304 and (etag or last_modified):
            return fetched(304, b"")
        if not 200 <= status < 300:
            raise _failed(f"The site answered {_status_text(status)}.")
        if media not in accept:
            raise _failed(_type_refusal(media, accept))
        return fetched(status, self._body(url, response, guard))

    def _body(self, url: httpx.URL, response: httpx.Response, guard: _Deadline) -> bytes:
        limit = self.policy.max_bytes
        too_large = _failed(f"The page is larger than {_size(limit)}.")
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            raise too_large
        body = bytearray()
        inflate = _inflater(response.headers.get("content-encoding", ""), url)
        try:
            # as sent (a body already in memory is taken as it is), inflated here within the cap
            chunks = [response.content] if response.is_stream_consumed else response.iter_raw()
            for chunk in chunks:
                body += inflate(chunk, limit + 1 - len(body)) if inflate else chunk
                if len(body) > limit:
                    raise too_large
                if time.monotonic() > guard.deadline:
                    raise self._too_slow(url)
        except httpx.HTTPError as error:
            if guard.fired:
                raise self._too_slow(url) from error
            raise self._transport_failure(error, url) from error
        if guard.fired:  # a body that ends with the connection ends when the guard cuts it
            raise self._too_slow(url)
        return bytes(body)

    def _remaining(self, url: httpx.URL, deadline: float) -> float:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise self._too_slow(url)
        return min(self.policy.timeout, remaining)

    def _too_slow(self, url: httpx.URL) -> ServiceError:
        return _failed(f"Fetching {url.host} took longer than {self.policy.timeout:g} seconds.")

    def _transport_failure(self, error: httpx.HTTPError, url: httpx.URL) -> ServiceError:
        host = url.host
        if isinstance(error, httpx.TimeoutException):
            return self._too_slow(url)
        if isinstance(error, httpx.ConnectError):
            if "CERTIFICATE_VERIFY_FAILED" in str(error):
                return _failed(f"Could not connect securely to {host}: its certificate could not be verified.")
            return _failed(f"Could not connect to {host}.")
        if isinstance(error, httpx.DecodingError):
            return _failed(f"{host} sent a body that could not be decoded.")
        return _failed(f"The connection to {host} failed.")


def _inflater(encoding: str, url: httpx.URL):
    """None for a body sent as it is; else a function that inflates a chunk into at most the
    bytes still allowed (a server that compresses although asked not to cannot make a small
    body fill memory: the rest is never inflated, and the cap is hit)."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise _failed(f"{url.host} sent a body compressed as {encoding[:20]}, which this service does not read.")
    inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 32)  # gzip or zlib, by its header

    def inflate(chunk: bytes, room: int) -> bytes:
        try:
            return inflater.decompress(chunk, max(room, 1))
        except zlib.error:
            raise _failed(f"{url.host} sent a body that could not be decoded.") from None

    return inflate


class _Deadline:
    """One deadline for a whole fetch: every connection it opens (httpcore's trace reports each
    one) is cut when the deadline passes, whether the server is slow to answer, trickles its
    headers or its body a byte at a time just inside each read timeout."""

    def __init__(self, deadline: float):
        self.deadline = deadline
        self.fired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._cut)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()

    def trace(self, event: str, info: dict) -> None:
        if event == "connection.connect_tcp.complete" and info.get("return_value") is not None:
            sock = info["return_value"].get_extra_info("socket")
            if sock is not None:
                with self._lock:
                    self._sockets.append(sock)
                    if self.fired:
                        _shutdown(sock)

    def _cut(self) -> None:
        with self._lock:
            self.fired = True
            for sock in self._sockets:
                _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    try:
        # the plain socket's shutdown (not SSLSocket's) wakes the thread blocked reading it
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:  # closed meanwhile
        pass


@dataclass(frozen=True)
class _AllowList:
    names: frozenset[str]
    networks: tuple[IPNetwork, ...]

    @classmethod
    def of(cls, entries: Iterable[str]) -> _AllowList:
        parsed = [_allow_entry(entry) for entry in entries if entry.strip()]
        return cls(frozenset(e for e in parsed if isinstance(e, str)),
                   tuple(ipaddress.ip_network(e) for e in parsed if not isinstance(e, str)))

    def names_host(self, host: str) -> bool:
        return host.lower().rstrip(".") in self.names

    def holds(self, address: IPAddress) -> bool:
        return any(address in network for network in self.networks if network.version == address.version)


def _allow_entry(entry: str) -> str | IPAddress | IPNetwork:
    """A host name (lower case, no trailing dot), an address or a network."""
    entry = entry.strip().lower()
    if "/" in entry:
        try:
            return ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ValueError(f"{entry!r} is not a network (like 10.0.0.0/8)") from None
    try:
        return ipaddress.ip_address(entry.strip("[]"))
    except ValueError:
        pass
    if not _HOST_NAME.fullmatch(entry):
        raise ValueError(f"{entry!r} is not a host name, an IP address or a network")
    return entry.rstrip(".")


def _checked_url(text: str, redirected_from: httpx.URL | None = None) -> httpx.URL:
    """``text`` parsed, if it is an http(s) URL with a host, a real port and no credentials."""
    def refused(message: str) -> ServiceError:
        return _refused(message, redirected_from)

    if len(text) > MAX_URL_LENGTH:
        raise refused(f"The address is longer than {MAX_URL_LENGTH} characters.")
    try:
        url = httpx.URL(text)
    except (httpx.InvalidURL, TypeError, ValueError):
        raise refused("That is not a web address.") from None
    if not url.scheme:
        raise refused("That is not a web address: it should start with https:// or http://.")
    if url.scheme not in _DEFAULT_PORTS:
        raise refused(f"Only http and https addresses can be fetched, not {url.scheme}: ones.")
    if url.userinfo:
        raise refused("Addresses with a user name or password in them are not fetched.")
    if not url.host:
        raise refused("The address has no host name.")
    if url.port is not None and not 1 <= url.port <= 65535:
        raise refused(f"{url.port} is not a port.")
    return url


def _redirect(url: httpx.URL, response: httpx.Response) -> httpx.URL:
    location = response.headers.get("location")
    if not location:
        raise _failed(f"The site answered {response.status_code} without saying where to.")
    try:
        target = url.join(location)
    except (httpx.InvalidURL, TypeError, ValueError):
        raise _refused("That is not a web address.", url) from None
    return _checked_url(str(target), redirected_from=url)


def _resolve(host: str, port: int) -> list[str]:
    return [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def _literal(host: str) -> IPAddress | None:
    """The address ``host`` writes, in any form the system's resolver would read as one."""
    host = host.removesuffix(".")
    try:
        return _plain(ipaddress.ip_address(host))
    except ValueError:
        pass
    if _NUMERIC_HOST.fullmatch(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def _plain(address: IPAddress) -> IPAddress:
    """An IPv6 address that is an IPv4 one in disguise (``::ffff:a.b.c.d``, NAT64's
    ``64:ff9b::a.b.c.d``) as that IPv4 address, which is where it leads."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address in _NAT64:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def _public(address: IPAddress) -> bool:
    """Whether ``address`` is globally routable: not private, loopback, link-local, multicast,
    reserved, unspecified or shared (100.64/10), nor a 6to4 or Teredo wrapping of such."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = [address.sixtofour, *(address.teredo or ())]
        if any(v4 is not None and not _public(v4) for v4 in embedded):
            return False
        if address.is_site_local:
            return False
    return address.is_global and not (address.is_private or address.is_loopback or address.is_link_local
                                      or address.is_multicast or address.is_reserved or address.is_unspecified)


def _content_type(value: str | None) -> tuple[str, str | None]:
    """The media type (lower case) and the charset parameter of a Content-Type header."""
    if not value:
        return "", None
    media, _, parameters = value.partition(";")
    charset = None
    for parameter in parameters.split(";"):
        name, _, text = parameter.partition("=")
        if name.strip().lower() == "charset" and text.strip().strip("\"'"):
            charset = text.strip().strip("\"'").lower()
    return media.strip().lower(), charset


def _type_refusal(media: str, accept: tuple[str, ...]) -> str:
    wanted = ("a web page" if set(accept) <= set(HTML_TYPES)
              else "a feed" if set(accept) <= set(FEED_TYPES) else "one of " + ", ".join(accept))
    if not media:
        return f"The site did not say what kind of document it sent, so it is not read as {wanted}."
    return f"The site sent {media}, not {wanted}."


def _status_text(status: int) -> str:
    try:
        return f"{status} ({HTTPStatus(status).phrase})"
    except ValueError:
        return str(status)


def _size(n: int) -> str:
    if n >= 2**20:
        return f"{n / 2**20:.3g} MB"
    if n >= 2**10:
        return f"{n / 2**10:.3g} KB"
    return f"{n} bytes"


def _refused(message: str, redirected_from: httpx.URL | None = None, hint: str | None = None) -> ServiceError:
    if redirected_from is not None:
        message += f" (The page at {redirected_from.host} redirected there.)"
    return ServiceError(400, "url_not_allowed", message, hint)


def _failed(message: str) -> ServiceError:
    return ServiceError(502, "fetch_failed", message)
