"""A fake Twilio REST API (2010-04-01 Messages): HTTP Basic auth, form bodies, JSON answers,
error bodies ``{code, message, more_info, status}``, list paging with ``next_page_uri``."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

from tests.helpers.fake_providers.server import Accepted, FakeServer, Request, Response

ACCOUNT_SID = "AC" + "0f" * 16
AUTH_TOKEN = "fake-twilio-auth-token-77"
FROM_NUMBER = "+14155550100"


def _json(body: dict[str, Any], status: int = 200) -> Response:
    return Response(status, json.dumps(body).encode(), "application/json")


def error_response(code: int, message: str, status: int = 400) -> Response:
    return _json(
        {
            "code": code,
            "message": message,
            "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status,
        },
        status,
    )


def _rfc2822(at: datetime) -> str:
    return format_datetime(at.astimezone(UTC), usegmt=True).replace("GMT", "+0000")


class FakeTwilio(FakeServer):
    name = "twilio"
    kind = "twilio"

    def __init__(
        self, *, account_sid: str = ACCOUNT_SID, auth_token: str = AUTH_TOKEN, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.provider_secret = auth_token
        self.messages: dict[
            str, dict[str, Any]
        ] = {}  # sid -> message resource (outbound and inbound)
        self.order: list[str] = []
        self.page_size_max = 1000

    def provider_settings(self, **extra: Any) -> dict[str, Any]:
        return {"key_id": self.account_sid, "from": FROM_NUMBER, **extra}

    def error(
        self, action: str, code: int, message: str = "", *, status: int = 400, times: int = 1
    ) -> None:
        self.inject(action, error_response(code, message or str(code), status), times=times)

    def action_of(self, request: Request) -> str:
        if request.method == "POST" and request.path.endswith("/Messages.json"):
            return "CreateMessage"
        if request.path.endswith("/Messages.json"):
            return "ListMessages"
        if "/Messages/" in request.path:
            return "FetchMessage"
        return "FetchAccount"

    def _sid(self, prefix: str = "SM") -> str:
        return prefix + hashlib.md5(str(self.next_id()).encode()).hexdigest()

    def _resource(
        self,
        sid: str,
        *,
        to: str,
        sender: str,
        body: str,
        direction: str,
        status: str,
        at: datetime,
        service: str | None = None,
    ) -> dict[str, Any]:
        return {
            "sid": sid,
            "account_sid": self.account_sid,
            "messaging_service_sid": service,
            "to": to,
            "from": sender,
            "body": body,
            "status": status,
            "direction": direction,
            "num_segments": "1",
            "num_media": "0",
            "date_created": _rfc2822(at),
            "date_sent": _rfc2822(at) if direction == "inbound" else None,
            "date_updated": _rfc2822(at),
            "price": None,
            "price_unit": "USD",
            "error_code": None,
            "error_message": None,
            "api_version": "2010-04-01",
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
            "subresource_uris": {
                "media": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}/Media.json"
            },
        }

    def on_reply(self, reply: Any) -> None:
        sid = self._sid()
        self.messages[sid] = self._resource(
            sid,
            to=FROM_NUMBER,
            sender=reply.e164,
            body=reply.text,
            direction="inbound",
            status="received",
            at=reply.at,
        )
        self.order.append(sid)

    # -- dispatch ------------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        auth = request.headers.get("authorization", "")
        expected = (
            "Basic " + base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        )
        if auth != expected:
            with self.lock:
                self.auth_failures += 1
            return error_response(20003, "Authenticate", 401)
        prefix = f"/2010-04-01/Accounts/{self.account_sid}"
        if not request.path.startswith(prefix):
            return error_response(20404, "The requested resource was not found", 404)
        tail = request.path[len(prefix) :]
        if tail == ".json" and request.method == "GET":
            return _json(
                {
                    "sid": self.account_sid,
                    "friendly_name": "Fake",
                    "status": "active",
                    "type": "Full",
                }
            )
        if tail == "/Messages.json" and request.method == "POST":
            return self._create(request)
        if tail == "/Messages.json" and request.method == "GET":
            return self._list(request)
        match = re.fullmatch(r"/Messages/((?:SM|MM)[0-9a-f]{32})\.json", tail)
        if match and request.method == "GET":
            return self._fetch(match.group(1))
        return error_response(20404, "The requested resource was not found", 404)

    def _create(self, request: Request) -> Response:
        if (
            request.headers.get("content-type", "").split(";")[0]
            != "application/x-www-form-urlencoded"
        ):
            return error_response(21601, "form body expected")
        form = dict(parse_qsl(request.body.decode(), keep_blank_values=True))
        to = form.get("To", "")
        sender, service = form.get("From"), form.get("MessagingServiceSid")
        body = form.get("Body", "")
        if not to:
            return error_response(21604, "A 'To' phone number is required.")
        if not sender and not service:
            return error_response(21603, "A 'From' phone number is required.")
        if not body:
            return error_response(21602, "Message body is required.")
        if len(body) > 1600:
            return error_response(
                21617, "The concatenated message body exceeds the 1600 character limit."
            )
        if not re.fullmatch(r"\+[1-9]\d{7,14}", to):
            return error_response(21211, f"The 'To' number {to} is not a valid phone number.")
        if to in self.blacklist:
            return error_response(21610, "Attempt to send to unsubscribed recipient")
        sid = self._sid()
        now = datetime.now(UTC)
        resource = self._resource(
            sid,
            to=to,
            sender=sender or None,
            body=body,
            direction="outbound-api",
            status="accepted" if service else "queued",
            at=now,
            service=service,
        )
        self.accept(Accepted(our_ref="", call_ref="", e164=to, provider_id=sid, at=now, text=body))
        with self.lock:
            self.messages[sid] = resource
            self.order.append(sid)
        return _json(resource, 201)

    def _current(self, sid: str) -> dict[str, Any]:
        resource = dict(self.messages[sid])
        if resource["direction"] != "outbound-api":
            return resource
        delivery = next(d for d in self.deliveries if d.accepted.provider_id == sid)
        if delivery.ready_at <= time.time():
            if delivery.delivered:
                resource["status"] = "delivered"
            else:
                resource["status"] = "undelivered"
                resource["error_code"] = int(delivery.code) if delivery.code.isdigit() else 30008
                resource["error_message"] = "Unknown error"
            resource["date_sent"] = resource["date_created"]
        else:
            resource["status"] = "sent"
        return resource

    def _fetch(self, sid: str) -> Response:
        with self.lock:
            if sid not in self.messages:
                return error_response(
                    20404, f"The requested resource /Messages/{sid}.json was not found", 404
                )
            return _json(self._current(sid))

    def _list(self, request: Request) -> Response:
        query = dict(parse_qsl(request.query, keep_blank_values=True))
        page_size = int(query.get("PageSize", "50"))
        if not 1 <= page_size <= 1000:
            return error_response(20001, "PageSize out of range")
        page_size = min(page_size, self.page_size_max)  # a test knob to force paging
        page = int(query.get("Page", "0"))
        since = query.get("DateSent>")
        since_day = datetime.strptime(since[:10], "%Y-%m-%d").replace(tzinfo=UTC) if since else None
        with self.lock:
            rows = []
            for sid in reversed(self.order):  # newest first
                m = self._current(sid)
                if query.get("To") and m["to"] != query["To"]:
                    continue
                if query.get("From") and m["from"] != query["From"]:
                    continue
                sent = m["date_sent"] or m["date_created"]
                if since_day is not None:
                    at = datetime.strptime(sent, "%a, %d %b %Y %H:%M:%S %z")
                    if at < since_day:
                        continue
                rows.append(m)
        chunk = rows[page * page_size : (page + 1) * page_size]
        base = f"/2010-04-01/Accounts/{self.account_sid}/Messages.json"
        next_uri = None
        if (page + 1) * page_size < len(rows):
            next_query = {**query, "Page": str(page + 1), "PageToken": f"PA{page + 1}"}
            next_uri = f"{base}?{urlencode(next_query)}"
        return _json(
            {
                "messages": chunk,
                "page": page,
                "page_size": page_size,
                "first_page_uri": f"{base}?{urlencode({**query, 'Page': '0'})}",
                "next_page_uri": next_uri,
                "previous_page_uri": None,
                "uri": f"{base}?{request.query}",
                "start": page * page_size,
                "end": page * page_size + len(chunk) - 1,
            }
        )

    def set_age(self, sid: str, seconds: float) -> None:
        """Pretend message ``sid`` was created ``seconds`` ago."""
        at = datetime.now(UTC) - timedelta(seconds=seconds)
        with self.lock:
            self.messages[sid]["date_created"] = _rfc2822(at)
