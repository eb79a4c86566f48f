"""A fake Tencent Cloud SMS endpoint (API 3.0, 2021-01-11, TC3-HMAC-SHA256).

The TC3 check is written here again from the vendor document. Answers use the documented
shapes, with ``Content-Type: application/json`` exactly (the official SDK only recognises
``Response.Error`` with that type). Built-in vendor limits (switchable): at most 200 numbers
per SendSms, the same content to the same number at most once per 30 s
(``LimitExceeded.PhoneNumberThirtySecondLimit``) and 10 per number per day
(``LimitExceeded.PhoneNumberDailyLimit``). The two pull queues hand each item out once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import time
from collections import deque
from datetime import UTC, datetime
from typing import Any

from tests.helpers.fake_providers.server import (
    Accepted,
    Delivery,
    FakeServer,
    Reply,
    Request,
    Response,
)

SECRET_ID = "AKIDfakeTencentSecretId0001"
SECRET_KEY = "fake-tencent-secret-key-Qw3"
APP_ID = "1400006666"
VERSION = "2021-01-11"


def _answer(body: dict[str, Any]) -> Response:
    body.setdefault("RequestId", "fake-request-id")
    return Response(200, json.dumps({"Response": body}).encode(), "application/json")


def error_response(code: str, message: str = "") -> Response:
    return _answer({"Error": {"Code": code, "Message": message or code}})


def _mainland(e164: str) -> bool:
    return e164.startswith("+86")


def _valid(e164: str) -> bool:
    if _mainland(e164):
        return re.fullmatch(r"\+861[3-9]\d{9}", e164) is not None
    return re.fullmatch(r"\+[1-9]\d{7,14}", e164) is not None


class FakeTencent(FakeServer):
    name = "tencent"
    kind = "tencent"

    def __init__(
        self,
        *,
        secret_id: str = SECRET_ID,
        secret_key: str = SECRET_KEY,
        app_id: str = APP_ID,
        enforce_limits: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.secret_id = secret_id
        self.secret_key = secret_key
        self.provider_secret = secret_key
        self.app_id = app_id
        self.enforce_limits = enforce_limits
        self.daily_limit = 10
        self.status_queue: deque[Delivery] = deque()
        self.reply_queue: deque[Reply] = deque()
        self.templates: dict[int, dict[str, Any]] = {}
        self.signs: dict[int, dict[str, Any]] = {}
        self.per_number_codes: dict[str, str] = {}  # e164 -> a per-number SendSms code
        self._sent_content: dict[tuple[str, str], float] = {}
        self._sent_today: dict[str, int] = {}

    def provider_settings(self, **extra: Any) -> dict[str, Any]:
        return {"key_id": self.secret_id, "app_id": self.app_id, "sign_name": "测试商店", **extra}

    def error(self, action: str, code: str, message: str = "", *, times: int = 1) -> None:
        self.inject(action, error_response(code, message), times=times)

    def action_of(self, request: Request) -> str:
        return request.headers.get("x-tc-action", "")

    # -- TC3, from the vendor document ---------------------------------------------------

    def _check_tc3(self, request: Request) -> Response | None:
        auth = request.headers.get("authorization", "")
        match = re.fullmatch(
            r"TC3-HMAC-SHA256 Credential=([^/]+)/(\d{4}-\d{2}-\d{2})/sms/tc3_request, "
            r"SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})",
            auth,
        )
        if match is None:
            return error_response("AuthFailure.InvalidAuthorization", "Authorization is invalid")
        secret_id, date, signed, signature = match.groups()
        if secret_id != self.secret_id:
            return error_response("AuthFailure.SecretIdNotFound", "SecretId not found")
        try:
            timestamp = int(request.headers.get("x-tc-timestamp", ""))
        except ValueError:
            return error_response("MissingParameter", "X-TC-Timestamp")
        if abs(time.time() - timestamp) > 300:
            return error_response("AuthFailure.SignatureExpire", "signature expired")
        if datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d") != date:
            return error_response(
                "AuthFailure.SignatureFailure", "credential date is not the UTC date"
            )
        names = signed.split(";")
        if "content-type" not in names or "host" not in names or names != sorted(names):
            return error_response(
                "AuthFailure.SignatureFailure", "content-type and host must be signed"
            )
        if any(name not in request.headers for name in names):
            return error_response("AuthFailure.SignatureFailure", "a signed header is missing")
        if request.method == "POST":
            canonical_query, payload = "", request.body
        else:
            canonical_query, payload = request.query, b""
        headers = "".join(f"{n}:{request.headers[n].strip().lower()}\n" for n in names)
        canonical = "\n".join(
            (
                request.method,
                "/",
                canonical_query,
                headers,
                signed,
                hashlib.sha256(payload).hexdigest(),
            )
        )
        to_sign = "\n".join(
            (
                "TC3-HMAC-SHA256",
                str(timestamp),
                f"{date}/sms/tc3_request",
                hashlib.sha256(canonical.encode()).hexdigest(),
            )
        )

        def h(key: bytes, msg: str) -> bytes:
            return hmac.new(key, msg.encode(), hashlib.sha256).digest()

        key = h(h(h(f"TC3{self.secret_key}".encode(), date), "sms"), "tc3_request")
        if not hmac.compare_digest(
            hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest(), signature
        ):
            return error_response(
                "AuthFailure.SignatureFailure", "The provided credentials could not be validated."
            )
        return None

    # -- dispatch ------------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        if request.path != "/":
            return Response(404, b"not found", "text/plain")
        problem = self._check_tc3(request)
        if problem is not None:
            with self.lock:
                self.auth_failures += 1
            return problem
        if request.headers.get("x-tc-version") != VERSION:
            return error_response("InvalidParameter", "X-TC-Version")
        if not request.headers.get("x-tc-region"):
            return error_response("MissingParameter", "X-TC-Region is required for 2021-01-11")
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return error_response("InvalidParameter", "POST needs application/json")
        try:
            params = json.loads(request.body or b"{}")
        except ValueError:
            return error_response("InvalidParameter", "body is not JSON")
        action = request.headers.get("x-tc-action", "")
        handler = getattr(self, f"_do_{action}", None)
        if handler is None:
            return error_response("InvalidAction", f"action {action} not found")
        if "SmsSdkAppId" in params and params["SmsSdkAppId"] != self.app_id:
            return error_response("InvalidParameterValue.SdkAppIdNotExist", "SdkAppId not exist")
        return handler(params)

    # -- sending -------------------------------------------------------------------------

    def _do_SendSms(self, p: dict[str, Any]) -> Response:
        numbers = p.get("PhoneNumberSet") or []
        if not numbers:
            return error_response("MissingParameter.EmptyPhoneNumberSet", "empty")
        if len(numbers) > 200:
            return error_response("LimitExceeded.PhoneNumberCountLimit", "more than 200 numbers")
        if p.get("SmsSdkAppId") != self.app_id or not p.get("TemplateId"):
            return error_response("MissingParameter", "SmsSdkAppId / TemplateId")
        if len({_mainland(n) for n in numbers}) > 1:
            return error_response(
                "UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber", "mixed"
            )
        if _mainland(numbers[0]) and not p.get("SignName"):
            return error_response("MissingParameter", "SignName is required for mainland numbers")
        template_params = p.get("TemplateParamSet") or []
        if not all(isinstance(v, str) for v in template_params):
            return error_response(
                "InvalidParameterValue.TemplateParameterFormatError", "strings only"
            )
        context = str(p.get("SessionContext") or "")
        if len(context.encode()) >= 512:
            return error_response(
                "InvalidParameterValue.InvalidParameters", "SessionContext too long"
            )
        now = time.time()
        content_key = f"{p['TemplateId']}|{p.get('SignName')}|{json.dumps(template_params)}"
        statuses = []
        for number in numbers:
            code = self._number_code(number, content_key, now)
            if code != "Ok":
                statuses.append(
                    {
                        "SerialNo": "",
                        "PhoneNumber": number,
                        "Fee": 0,
                        "SessionContext": context,
                        "Code": code,
                        "Message": code,
                        "IsoCode": "CN" if _mainland(number) else "XX",
                    }
                )
                continue
            serial = f"5000:{10**24 + self.next_id()}"
            self.accept(
                Accepted(
                    our_ref="" if context.startswith("batch:") else context,
                    call_ref=context,
                    e164=number,
                    provider_id=serial,
                    at=datetime.now(UTC),
                    template_code=str(p["TemplateId"]),
                    params=template_params,
                    sign_name=str(p.get("SignName") or ""),
                )
            )
            statuses.append(
                {
                    "SerialNo": serial,
                    "PhoneNumber": number,
                    "Fee": 1,
                    "SessionContext": context,
                    "Code": "Ok",
                    "Message": "send success",
                    "IsoCode": "CN" if _mainland(number) else "XX",
                }
            )
        return _answer({"SendStatusSet": statuses})

    def _number_code(self, number: str, content_key: str, now: float) -> str:
        if not _valid(number):
            return "InvalidParameterValue.IncorrectPhoneNumber"
        if number in self.blacklist:
            return "FailedOperation.PhoneNumberInBlacklist"
        if number in self.per_number_codes:
            return self.per_number_codes[number]
        if self.enforce_limits:
            with self.lock:
                last = self._sent_content.get((number, content_key))
                if last is not None and now - last < 30:
                    return "LimitExceeded.PhoneNumberThirtySecondLimit"
                if self._sent_today.get(number, 0) >= self.daily_limit:
                    return "LimitExceeded.PhoneNumberDailyLimit"
                self._sent_content[(number, content_key)] = now
                self._sent_today[number] = self._sent_today.get(number, 0) + 1
        return "Ok"

    def on_delivery(self, delivery: Delivery) -> None:
        self.status_queue.append(delivery)

    def on_reply(self, reply: Reply) -> None:
        self.reply_queue.append(reply)

    # -- pulls ---------------------------------------------------------------------------

    @staticmethod
    def _status_item(d: Delivery) -> dict[str, Any]:
        a = d.accepted
        return {
            "UserReceiveTime": int(d.ready_at),
            "CountryCode": "86" if _mainland(a.e164) else "",
            "SubscriberNumber": a.e164[3:] if _mainland(a.e164) else a.e164.lstrip("+"),
            "PhoneNumber": a.e164,
            "SerialNo": a.provider_id,
            "ReportStatus": "SUCCESS" if d.delivered else "FAIL",
            "Description": "DELIVRD" if d.delivered else d.code,
            "SessionContext": a.call_ref,
        }

    def _limit(self, p: dict[str, Any]) -> int | Response:
        limit = p.get("Limit")
        if not isinstance(limit, int) or not 1 <= limit <= 100:
            return error_response("InvalidParameterValue.InvalidParameters", "Limit is 1..100")
        return limit

    def _do_PullSmsSendStatus(self, p: dict[str, Any]) -> Response:
        limit = self._limit(p)
        if isinstance(limit, Response):
            return limit
        now = time.time()
        items = []
        with self.lock:
            kept: deque[Delivery] = deque()
            while self.status_queue:
                d = self.status_queue.popleft()
                if len(items) < limit and d.ready_at <= now:
                    items.append(self._status_item(d))
                else:
                    kept.append(d)
            self.status_queue = kept
        return _answer({"PullSmsSendStatusSet": items})

    def _do_PullSmsSendStatusByPhoneNumber(self, p: dict[str, Any]) -> Response:
        limit = self._limit(p)
        if isinstance(limit, Response):
            return limit
        begin, end = p.get("BeginTime"), p.get("EndTime")
        if not isinstance(begin, int) or p.get("Offset") != 0 or not p.get("PhoneNumber"):
            return error_response(
                "InvalidParameterValue.InvalidParameters", "BeginTime/Offset/PhoneNumber"
            )
        if time.time() - begin > 7 * 86400 + 60:
            return error_response("InvalidParameterValue.InvalidParameters", "at most 7 days back")
        now = time.time()
        with self.lock:
            rows = [
                self._status_item(d)
                for d in self.deliveries
                if d.accepted.e164 == p["PhoneNumber"]
                and d.ready_at <= now
                and begin <= d.accepted.at.timestamp() <= (end or now) + 1
            ]
        return _answer({"PullSmsSendStatusSet": rows[:limit]})

    def _do_PullSmsReplyStatus(self, p: dict[str, Any]) -> Response:
        limit = self._limit(p)
        if isinstance(limit, Response):
            return limit
        items = []
        with self.lock:
            while self.reply_queue and len(items) < limit:
                r = self.reply_queue.popleft()
                items.append(
                    {
                        "ExtendCode": "",
                        "CountryCode": "86" if _mainland(r.e164) else "",
                        "PhoneNumber": r.e164,
                        "SignName": r.sign_name,
                        "ReplyContent": r.text,
                        "ReplyTime": int(r.at.timestamp()),
                        "SubscriberNumber": r.e164[3:] if _mainland(r.e164) else r.e164,
                    }
                )
        return _answer({"PullSmsReplyStatusSet": items})

    def _do_SendStatusStatistics(self, p: dict[str, Any]) -> Response:
        for name in ("BeginTime", "EndTime"):
            if not re.fullmatch(r"\d{10}", str(p.get(name, ""))):
                return error_response(
                    "InvalidParameterValue.InvalidStartTime", f"{name} is yyyymmddhh"
                )
        if p.get("Limit") != 0 or p.get("Offset") != 0:
            return error_response(
                "InvalidParameterValue.InvalidParameters", "Limit and Offset are 0"
            )
        count = len(self.accepted)
        return _answer(
            {
                "SendStatusStatistics": {
                    "FeeCount": count,
                    "RequestCount": count,
                    "RequestSuccessCount": count,
                }
            }
        )

    # -- templates and signatures --------------------------------------------------------

    def _do_AddSmsTemplate(self, p: dict[str, Any]) -> Response:
        content = str(p.get("TemplateContent", ""))
        if (
            not p.get("TemplateName")
            or not content
            or p.get("SmsType") not in (1, 2, 3)
            or p.get("International") not in (0, 1)
        ):
            return error_response(
                "InvalidParameterValue.InvalidParameters", "AddSmsTemplate params"
            )
        if re.search(r"\{(?!\d+\})", content):
            return error_response(
                "InvalidParameterValue.InvalidParameters", "variables are {1}, {2}..."
            )
        if p["SmsType"] == 1 and not content.rstrip().endswith("拒收请回复R"):
            return error_response(
                "InvalidParameterValue.MarketingTemplateWithoutUnsubscribe",
                "marketing needs 拒收请回复R",
            )
        template_id = 1000000 + self.next_id()
        self.templates[template_id] = {
            "content": content,
            "name": p["TemplateName"],
            "status": 1,
            "reply": "",
            "intl": p["International"],
        }
        return _answer({"AddTemplateStatus": {"TemplateId": str(template_id)}})

    def _do_DescribeSmsTemplateList(self, p: dict[str, Any]) -> Response:
        if p.get("International") not in (0, 1):
            return error_response("MissingParameter", "International")
        ids = p.get("TemplateIdSet")
        if ids is not None and (
            not isinstance(ids, list) or not all(isinstance(i, int) for i in ids)
        ):
            return error_response(
                "InvalidParameterValue.InvalidParameters", "TemplateIdSet is [int]"
            )
        items = [
            {
                "TemplateId": tid,
                "International": t["intl"],
                "StatusCode": t["status"],
                "ReviewReply": t["reply"],
                "TemplateName": t["name"],
                "CreateTime": 1620000000,
                "TemplateContent": t["content"],
            }
            for tid, t in self.templates.items()
            if ids is None or tid in ids
        ]
        return _answer({"DescribeTemplateStatusSet": items})

    def _do_AddSmsSign(self, p: dict[str, Any]) -> Response:
        required = (
            "SignName",
            "SignType",
            "DocumentType",
            "International",
            "SignPurpose",
            "ProofImage",
        )
        if any(p.get(name) in (None, "") for name in required):
            return error_response("MissingParameter", "AddSmsSign params")
        if str(p["ProofImage"]).startswith("data:"):
            return error_response(
                "InvalidParameterValue.InvalidParameters", "base64 without data: prefix"
            )
        sign_id = 200000 + self.next_id()
        self.signs[sign_id] = {
            "name": p["SignName"],
            "proof": base64.b64decode(str(p["ProofImage"])),
            "status": 1,
            "reply": "",
            "intl": p["International"],
        }
        return _answer({"AddSignStatus": {"SignId": sign_id, "SignApplyId": sign_id}})

    def _do_DescribeSmsSignList(self, p: dict[str, Any]) -> Response:
        ids = p.get("SignIdSet")
        items = [
            {
                "SignId": sid,
                "International": s["intl"],
                "StatusCode": s["status"],
                "ReviewReply": s["reply"],
                "SignName": s["name"],
                "CreateTime": 1620000000,
            }
            for sid, s in self.signs.items()
            if ids is None or sid in ids
        ]
        offset = int(p.get("Offset") or 0)
        limit = int(p.get("Limit") or 100)
        return _answer(
            {"DescribeSignListStatusSet": items[offset : offset + limit] if ids is None else items}
        )
