"""A fake reseller with a typical Chinese SMS HTTP API, for the generic HTTP provider.

``POST /sms/send`` (form: apikey, mobile, content, ref) ->
``{"code": 0, "msg": "OK", "data": {"msgid": "..."}}`` or ``{"code": <n>, "msg": "..."}``;
``GET /sms/status?apikey=&msgid=`` -> ``{"code": 0, "status": "DELIVRD" | "UNDELIV" | "SENDING"}``;
``GET /sms/replies?apikey=&since=`` -> ``{"code": 0, "data": [{"id", "mobile", "content", "time"}]}``;
``GET /account?apikey=`` -> balance. Codes: 1 bad key (HTTP 401), 2 balance, 3 invalid number,
4 blacklisted number, 9 too fast (HTTP 429).
"""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

from tests.helpers.fake_providers.server import Accepted, FakeServer, Request, Response

API_KEY = "fake-reseller-api-key-5150"


def _json(body: dict[str, Any], status: int = 200) -> Response:
    return Response(status, json.dumps(body, ensure_ascii=False).encode(), "application/json")


class FakeHttpReseller(FakeServer):
    name = "reseller"
    kind = "http"

    def __init__(self, *, api_key: str = API_KEY, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.api_key = api_key
        self.provider_secret = api_key
        self.balance = 1000

    def provider_settings(self, **extra: Any) -> dict[str, Any]:
        """Settings for the generic HTTP provider that speak this API (vendor-side URLs; the
        account's endpoint override moves them onto the fake's port)."""
        return {
            "url": "https://sms.example-reseller.cn/sms/send",
            "method": "POST",
            "body_format": "form",
            "body_template": {
                "apikey": "{secret}",
                "mobile": "{number_national}",
                "content": "{text}",
                "ref": "{our_ref}",
            },
            "id_path": "data.msgid",
            "success_path": "code",
            "success_values": "0",
            "error_code_path": "code",
            "error_message_path": "msg",
            "error_categories": {
                "1": "auth",
                "2": "balance",
                "3": "invalid_number",
                "4": "opted_out",
                "9": "rate_limited",
            },
            "status_url": "https://sms.example-reseller.cn/sms/status?apikey={secret}&msgid={message_id}",
            "status_path": "status",
            "delivered_values": "DELIVRD",
            "failed_values": "UNDELIV,REJECTD,BLACK",
            "replies_url": "https://sms.example-reseller.cn/sms/replies?apikey={secret}&since={since_unix}",
            "replies_list_path": "data",
            "test_url": "https://sms.example-reseller.cn/account?apikey={secret}",
            **extra,
        }

    def action_of(self, request: Request) -> str:
        return request.path

    def handle(self, request: Request) -> Response:
        if request.method == "HEAD":
            return Response(405, b"")
        params = dict(parse_qsl(request.query, keep_blank_values=True))
        if request.method == "POST":
            content_type = request.headers.get("content-type", "").split(";")[0]
            if content_type == "application/json":
                params.update({k: str(v) for k, v in json.loads(request.body or b"{}").items()})
            elif content_type == "application/x-www-form-urlencoded":
                params.update(parse_qsl(request.body.decode(), keep_blank_values=True))
            else:
                return _json({"code": 5, "msg": "form or JSON body expected"}, 400)
        if params.get("apikey") != self.api_key:
            with self.lock:
                self.auth_failures += 1
            return _json({"code": 1, "msg": "invalid apikey"}, 401)
        if request.path == "/sms/send" and request.method == "POST":
            return self._send(params)
        if request.path == "/sms/status":
            return self._status(params)
        if request.path == "/sms/replies":
            since = float(params.get("since") or 0)
            with self.lock:
                data = [
                    {
                        "id": r.reply_id,
                        "mobile": r.e164[3:] if r.e164.startswith("+86") else r.e164,
                        "content": r.text,
                        "time": int(r.at.timestamp()),
                    }
                    for r in self.replies
                    if r.at.timestamp() > since
                ]
            return _json({"code": 0, "data": data})
        if request.path == "/account":
            return _json({"code": 0, "balance": self.balance})
        return _json({"code": 404, "msg": "not found"}, 404)

    def _send(self, p: dict[str, str]) -> Response:
        mobile, content = p.get("mobile", ""), p.get("content", "")
        if self.balance <= 0:
            return _json({"code": 2, "msg": "余额不足"})
        if not re.fullmatch(r"1[3-9]\d{9}", mobile):
            return _json({"code": 3, "msg": "手机号错误"})
        e164 = "+86" + mobile
        if e164 in self.blacklist:
            return _json({"code": 4, "msg": "黑名单号码"})
        if not content:
            return _json({"code": 5, "msg": "内容为空"})
        msgid = f"RS{self.next_id():010d}"
        self.balance -= 1
        ref = p.get("ref", "")
        self.accept(
            Accepted(
                our_ref=ref,
                call_ref=ref,
                e164=e164,
                provider_id=msgid,
                at=datetime.now(UTC),
                text=content,
            )
        )
        return _json({"code": 0, "msg": "OK", "data": {"msgid": msgid, "count": 1}})

    def _status(self, p: dict[str, str]) -> Response:
        msgid = p.get("msgid", "")
        with self.lock:
            delivery = next((d for d in self.deliveries if d.accepted.provider_id == msgid), None)
        if delivery is None:
            return _json({"code": 404, "msg": "no such message"}, 404)
        if delivery.ready_at > time.time():
            return _json({"code": 0, "status": "SENDING"})
        return _json({"code": 0, "status": "DELIVRD" if delivery.delivered else delivery.code})
