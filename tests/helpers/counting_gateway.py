"""A local SMS gateway over HTTP that counts every submission by our reference, and the
small adapter that speaks to it. Used where the test is about the sender (kills, restarts,
throughput) rather than a vendor's wire format.

Protocol (JSON): ``POST /send {"messages": [{"ref", "to", "text"}]}`` →
``{"results": [{"ref", "id", "ok"}]}``; ``GET /receipts`` hands out each delivery receipt
once (a queue, like Tencent's); ``POST /status {"refs": [...]}`` looks messages up without
consuming anything; ``GET /replies`` hands out queued replies.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import requests

from smsdesk.core.enums import ProviderKind
from smsdesk.core.errors import ProviderError
from smsdesk.core.providers.base import (
    DeliveryStatus,
    ErrorCategory,
    InboundReply,
    OutgoingMessage,
    PendingMessage,
    Provider,
    ProviderConfig,
    Receipt,
    SubmitResult,
    UnknownOutcomeError,
)


class GatewayState:
    def __init__(self, *, delay_seconds: float = 0.0) -> None:
        self.lock = threading.Lock()
        self.delay_seconds = delay_seconds
        self.counts: Counter[str] = Counter()
        self.ids: dict[str, str] = {}
        self.numbers: dict[str, str] = {}
        self.receipt_queue: list[dict[str, Any]] = []
        self.reply_queue: list[dict[str, Any]] = []
        self.requests = 0
        self.refuse_next = 0  # answer the next N sends with HTTP 503 (provably refused)
        self._serial = itertools.count(1)

    def send(self, messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
        results = []
        with self.lock:
            for message in messages:
                ref = message["ref"]
                self.counts[ref] += 1
                gateway_id = f"G{next(self._serial)}"
                self.ids[ref] = gateway_id
                self.numbers[ref] = message["to"]
                self.receipt_queue.append({"ref": ref, "id": gateway_id, "to": message["to"]})
                results.append({"ref": ref, "id": gateway_id, "ok": True})
        return results


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def _json(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> Any:
        length = int(self.headers.get("Content-Length", "0"))
        return json.loads(self.rfile.read(length) or b"{}")

    def do_POST(self) -> None:
        state = self.server.state
        body = self._body()
        if self.path == "/send":
            with state.lock:
                state.requests += 1
                refuse = state.refuse_next > 0
                if refuse:
                    state.refuse_next -= 1
            if refuse:
                self._json(503, {"error": "busy"})
                return
            if state.delay_seconds:
                time.sleep(state.delay_seconds)
            self._json(200, {"results": state.send(body["messages"])})
        elif self.path == "/status":
            with state.lock:
                found = [
                    {"ref": ref, "id": state.ids[ref], "to": state.numbers[ref]}
                    for ref in body["refs"]
                    if ref in state.ids
                ]
            self._json(200, {"receipts": found})
        else:
            self._json(404, {"error": "no such path"})

    def do_GET(self) -> None:
        state = self.server.state
        if self.path == "/receipts":
            with state.lock:
                handed, state.receipt_queue = state.receipt_queue[:100], state.receipt_queue[100:]
            self._json(200, {"receipts": handed})
        elif self.path == "/replies":
            with state.lock:
                handed, state.reply_queue = state.reply_queue, []
            self._json(200, {"replies": handed})
        else:
            self._json(404, {"error": "no such path"})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: GatewayState

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client killed mid-request (the kill test) is expected, not an error."""


@contextmanager
def running_gateway(*, delay_seconds: float = 0.0) -> Iterator[tuple[str, GatewayState]]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.state = GatewayState(delay_seconds=delay_seconds)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


class GatewayProvider(Provider):
    """The adapter for the gateway above: what a real adapter does, in a few lines."""

    kind = ProviderKind.HTTP
    echoes_our_ref = True
    needs_secret = False

    def __init__(self, config: ProviderConfig, *, max_batch: int = 1) -> None:
        super().__init__(config)
        self.max_batch = max_batch  # type: ignore[misc]
        self.session = requests.Session()

    def _post(self, path: str, body: Any) -> Any:
        try:
            response = self.session.post(
                self.config.endpoint + path, json=body, timeout=(2, self.config.timeout_seconds)
            )
        except requests.ConnectionError as exc:
            if isinstance(exc, requests.ConnectTimeout) or "NewConnectionError" in repr(exc):
                raise ProviderError("cannot connect", category=ErrorCategory.RETRY) from exc
            raise UnknownOutcomeError("connection lost after sending") from exc
        except requests.Timeout as exc:
            raise UnknownOutcomeError("read timeout") from exc
        if response.status_code in (429, 503):
            raise ProviderError("gateway busy", category=ErrorCategory.RETRY)
        response.raise_for_status()
        return response.json()

    def submit(self, messages: Sequence[OutgoingMessage]) -> list[SubmitResult]:
        answer = self._post(
            "/send",
            {"messages": [{"ref": m.our_ref, "to": m.e164, "text": m.text} for m in messages]},
        )
        return [
            SubmitResult(our_ref=r["ref"], accepted=r["ok"], provider_message_id=r["id"])
            for r in answer["results"]
        ]

    @staticmethod
    def _receipts(rows: list[dict[str, Any]]) -> list[Receipt]:
        return [
            Receipt(
                provider_message_id=row["id"],
                status=DeliveryStatus.DELIVERED,
                e164=row["to"],
                our_ref=row["ref"],
                at=datetime.now(UTC),
            )
            for row in rows
        ]

    def pull_receipts(self, pending: Sequence[PendingMessage]) -> list[Receipt]:
        response = self.session.get(self.config.endpoint + "/receipts", timeout=5)
        return self._receipts(response.json()["receipts"])

    def lookup_receipts(self, pending: Sequence[PendingMessage]) -> list[Receipt]:
        return self._receipts(
            self._post("/status", {"refs": [p.our_ref for p in pending]})["receipts"]
        )

    def pull_replies(self, since: datetime | None) -> list[InboundReply]:
        response = self.session.get(self.config.endpoint + "/replies", timeout=5)
        return [
            InboundReply(
                provider_reply_id=row["id"],
                e164=row["from"],
                text=row["text"],
                received_at=datetime.fromisoformat(row["at"]),
            )
            for row in response.json()["replies"]
        ]

    def test_connection(self) -> None:
        self._post("/status", {"refs": []})

    def close(self) -> None:
        self.session.close()


def gateway_factory(endpoint: str, *, max_batch: int = 1) -> Any:
    """A provider factory for ``SenderEngine`` that points every account at the gateway."""

    def factory(session: Any, account: Any) -> Provider:
        return GatewayProvider(
            ProviderConfig(name=account.name, kind=ProviderKind.HTTP, endpoint=endpoint),
            max_batch=max_batch,
        )

    return factory
