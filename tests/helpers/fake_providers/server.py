"""The common part of the fake vendor servers: a threaded HTTP server on 127.0.0.1 (random
port), what it accepted, what it should answer next, and the delivery and reply queues.

Every fake checks a request as the vendor would and answers with the vendor's shapes. Tests
and benchmarks configure it:

- ``latency``: seconds to wait before answering each request;
- ``inject(action, response)`` / ``inject_drop(action, after_accept=True)``: the next call(s)
  of ``action`` get that answer, or the connection is closed without an answer (after the
  message was accepted, like a reset after the body reached the vendor);
- ``fail_numbers[e164] = code``: deliveries to that number fail with that receipt code;
  ``blacklist``: numbers the vendor refuses as unsubscribed; ``dlr_delay``: seconds before a
  receipt exists;
- ``accepted``: every accepted message (``count_by_ref()``, ``count_by_number()``);
- ``add_reply(e164, text)``: an inbound SMS for the reply pull.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from smsdesk.core.enums import ProviderKind
from smsdesk.core.providers.base import ProviderConfig

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from smsdesk.core.db.models import ProviderAccount


@dataclass
class Request:
    method: str
    path: str  # without the query
    query: str  # raw, as sent
    headers: dict[str, str]  # lower-case names
    body: bytes
    raw_headers: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


DROP = Response(status=-1)  # close the connection without answering


@dataclass
class Injection:
    response: Response | None  # None: answer normally (lets a test target the n-th call)
    after_accept: bool = False  # process the request (accept the message), then answer this


@dataclass
class Accepted:
    """One message the fake vendor accepted (one per number of a batch call)."""

    our_ref: str  # the message's own reference; "" when the call carried a batch reference
    call_ref: str  # the reference the call carried (OutId / SessionContext), "" if none
    e164: str
    provider_id: str
    at: datetime
    template_code: str = ""
    params: Any = None
    text: str = ""
    sign_name: str = ""


@dataclass
class Delivery:
    accepted: Accepted
    delivered: bool
    code: str
    ready_at: float  # time.time() when the receipt exists


@dataclass
class Reply:
    reply_id: str
    e164: str
    text: str
    at: datetime
    sign_name: str = ""


class FakeServer:
    """Base of the vendor fakes. Subclasses implement ``handle(request) -> Response``."""

    name = "fake"

    def __init__(self, *, latency: float = 0.0, dlr_delay: float = 0.0) -> None:
        self.latency = latency
        self.dlr_delay = dlr_delay
        self.lock = threading.RLock()
        self.accepted: list[Accepted] = []
        self.deliveries: list[Delivery] = []
        self.replies: list[Reply] = []
        self.fail_numbers: dict[str, str] = {}
        self.blacklist: set[str] = set()
        self.requests: list[Request] = []
        self.record_requests = True
        self.auth_failures = 0
        self.request_count = 0
        self._injections: dict[str, list[Injection]] = {}
        self._ids = itertools.count(1)
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self._httpd is not None, "start() the fake first"
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeServer:
        handler = _make_handler(self)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"{self.name}-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    @contextmanager
    def running(self) -> Iterator[FakeServer]:
        self.start()
        try:
            yield self
        finally:
            self.stop()

    # -- configuration -------------------------------------------------------------------

    kind = ""  # the ProviderKind value this fake speaks
    provider_secret = ""  # the keychain secret the adapter needs

    def provider_settings(self, **extra: Any) -> dict[str, Any]:
        return dict(extra)

    def config(self, name: str | None = None, **settings: Any) -> ProviderConfig:
        """A ``ProviderConfig`` pointing at this fake (endpoint override = its URL)."""
        return ProviderConfig(
            name=name or f"fake-{self.name}",
            kind=ProviderKind(self.kind),
            settings=self.provider_settings(**settings),
            secret=self.provider_secret,
            endpoint=self.url,
            timeout_seconds=5.0,
        )

    def create_account(
        self, session: Session, name: str, *, secret: str | None = None, **options: Any
    ) -> ProviderAccount:
        """A real provider account pointing at this fake, its secret (the fake's own unless
        given) in the test keychain; ``options`` go to ``accounts.create_account``."""
        from smsdesk.core.providers import accounts

        return accounts.create_account(
            session,
            name=name,
            kind=self.kind,
            settings=self.provider_settings(),
            secret=self.provider_secret if secret is None else secret,
            endpoint=self.url,
            **options,
        )

    def inject(
        self, action: str, response: Response | None, *, times: int = 1, after_accept: bool = False
    ) -> None:
        with self.lock:
            self._injections.setdefault(action, []).extend(
                Injection(response, after_accept) for _ in range(times)
            )

    def inject_drop(self, action: str, *, after_accept: bool = True, times: int = 1) -> None:
        """Close the connection without answering; with ``after_accept`` the message was
        accepted first (the client cannot know: an unknown outcome)."""
        self.inject(action, DROP, times=times, after_accept=after_accept)

    def take_injection(self, action: str) -> Injection | None:
        with self.lock:
            queue = self._injections.get(action)
            return queue.pop(0) if queue else None

    def add_reply(
        self, e164: str, text: str, *, at: datetime | None = None, sign_name: str = ""
    ) -> Reply:
        reply = Reply(
            reply_id=f"R{next(self._ids)}",
            e164=e164,
            text=text,
            at=at or datetime.now(UTC).replace(microsecond=0),
            sign_name=sign_name,
        )
        with self.lock:
            self.replies.append(reply)
            self.on_reply(reply)
        return reply

    def on_reply(self, reply: Reply) -> None:
        """Hook: queue-based fakes put the reply in their queue."""

    # -- bookkeeping ---------------------------------------------------------------------

    def next_id(self) -> int:
        return next(self._ids)

    def accept(self, accepted: Accepted) -> None:
        code = self.fail_numbers.get(accepted.e164, "")
        delivery = Delivery(
            accepted=accepted,
            delivered=not code,
            code=code or "DELIVRD",
            ready_at=time.time() + self.dlr_delay,
        )
        with self.lock:
            self.accepted.append(accepted)
            self.deliveries.append(delivery)
            self.on_delivery(delivery)

    def on_delivery(self, delivery: Delivery) -> None:
        """Hook: queue-based fakes put the receipt in their queue."""

    def count_by_ref(self) -> Counter[str]:
        """How many times each our_ref was accepted (single-message calls)."""
        with self.lock:
            return Counter(a.our_ref for a in self.accepted if a.our_ref)

    def count_by_number(self) -> Counter[str]:
        with self.lock:
            return Counter(a.e164 for a in self.accepted)

    def count_by_call_ref(self) -> Counter[str]:
        with self.lock:
            return Counter(a.call_ref for a in self.accepted if a.call_ref)

    # -- request handling ----------------------------------------------------------------

    def action_of(self, request: Request) -> str:
        return request.path

    def handle(self, request: Request) -> Response:
        raise NotImplementedError

    def dispatch(self, request: Request) -> Response:
        if self.latency:
            time.sleep(self.latency)
        with self.lock:
            self.request_count += 1
            if self.record_requests:
                self.requests.append(request)
        injection = self.take_injection(self.action_of(request))
        if injection is None or injection.response is None:
            return self.handle(request)
        if injection.after_accept:
            self.handle(request)
        return injection.response


def _make_handler(fake: FakeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, like the vendors (connection pooling)
        # Headers and body leave in two writes; with Nagle on, the body waits for the
        # client's delayed ACK (40 ms on Linux) and a fake answers 20 requests a second.
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            request = Request(
                method=self.command,
                path=parts.path,
                query=parts.query,
                headers={k.lower(): v for k, v in self.headers.items()},
                body=body,
                raw_headers=list(self.headers.items()),
            )
            try:
                response = fake.dispatch(request)
            except Exception as exc:  # a bug in the fake: answer 599 so the test sees it
                response = Response(599, repr(exc).encode(), "text/plain")
            if response.status == -1:
                self.close_connection = True
                with suppress(OSError):
                    self.connection.shutdown(2)
                return
            self.send_response(response.status)
            if response.status != 204:
                self.send_header("Content-Type", response.content_type)
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            if self.command != "HEAD":
                # A client that gave up (its timeout, a test's dropped connection) is not news.
                with suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(response.body)

        do_GET = do_POST = do_DELETE = do_HEAD = do_PUT = _serve

    return Handler
