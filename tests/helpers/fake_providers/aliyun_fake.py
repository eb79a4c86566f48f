"""A fake Alibaba Cloud SMS endpoint: Dysmsapi and Dybaseapi (RPC, ACS3-HMAC-SHA256) and the
MNS queues SmsUp / SmsReport, on one local port.

The ACS3 check is written here again from the vendor document (not imported from the
adapter), so a wrong signer fails: every host / content-type / x-acs-* header must be
signed, the body hash must match, the date must be within 15 minutes, a nonce is used once.
Only the current API names are served; the retired Add*/Query* template calls get
``InvalidAction.NotFound``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qsl, quote, unquote
from xml.sax.saxutils import escape

from tests.helpers.fake_providers.server import (
    Accepted,
    Delivery,
    FakeServer,
    Reply,
    Request,
    Response,
)

BEIJING = timezone(timedelta(hours=8))
KEY_ID = "LTAI5tFakeKeyId0001"
SECRET = "fake-aliyun-secret-Zx9!"
UP_QUEUE = "Alicom-Queue-1234567890-SmsUp"
REPORT_QUEUE = "Alicom-Queue-1234567890-SmsReport"
MNS_NS = "http://mns.aliyuncs.com/doc/v1/"


def _enc(value: str) -> str:
    return quote(value, safe="-_.~")


def _json(body: dict[str, Any], status: int = 200) -> Response:
    return Response(status, json.dumps(body, ensure_ascii=False).encode())


def _bj(at: datetime) -> str:
    return at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def _national(e164: str) -> str:
    return e164[3:] if e164.startswith("+86") else e164.lstrip("+")


def _e164(number: str) -> str | None:
    number = number.strip()
    if re.fullmatch(r"1[3-9]\d{9}", number):
        return "+86" + number
    if re.fullmatch(r"(\+|00)?86(1[3-9]\d{9})", number):
        return "+86" + number[-11:]
    if re.fullmatch(r"[1-9]\d{7,14}", number) and not number.startswith("86"):
        return "+" + number
    return None


@dataclass
class _QueueMessage:
    message_id: str
    body: str  # base64 of the JSON
    enqueued: float
    visible_at: float
    handle: str = ""
    dequeue_count: int = 0


@dataclass
class MnsQueue:
    visibility: float = 30.0
    messages: list[_QueueMessage] = field(default_factory=list)
    counter: int = 0

    def put(self, body: dict[str, Any]) -> None:
        self.counter += 1
        encoded = base64.b64encode(json.dumps(body, ensure_ascii=False).encode()).decode()
        now = time.time()
        self.messages.append(_QueueMessage(f"M{self.counter:012d}", encoded, now, now))

    def receive(self, count: int) -> list[_QueueMessage]:
        now = time.time()
        out = []
        for message in self.messages:
            if len(out) >= count:
                break
            if message.visible_at <= now:
                self.counter += 1
                message.handle = f"H{self.counter:08d}-{message.message_id}"
                message.visible_at = now + self.visibility
                message.dequeue_count += 1
                out.append(message)
        return out

    def delete(self, handle: str) -> bool:
        for message in self.messages:
            if message.handle == handle:
                self.messages.remove(message)
                return True
        return False


class FakeAliyun(FakeServer):
    name = "aliyun"
    kind = "aliyun"
    ACTIONS = (
        "SendSms",
        "SendBatchSms",
        "QuerySendDetails",
        "QueryTokenForMnsQueue",
        "QuerySmsSignList",
        "CreateSmsTemplate",
        "GetSmsTemplate",
        "CreateSmsSign",
        "GetSmsSign",
    )

    def __init__(self, *, key_id: str = KEY_ID, secret: str = SECRET, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.key_id = key_id
        self.secret = secret
        self.provider_secret = secret
        self.nonces: set[str] = set()
        self.templates: dict[str, dict[str, Any]] = {}
        self.signs: dict[str, dict[str, Any]] = {}
        self.approved_signs: set[str] | None = None  # None: any signature is accepted
        self.approved_templates: set[str] | None = None
        self.queues = {UP_QUEUE: MnsQueue(), REPORT_QUEUE: MnsQueue()}
        self.report_queue_enabled = True
        self.tokens: dict[str, tuple[str, str, datetime]] = {}  # key id -> secret, token, expiry
        self.last_params: dict[str, dict[str, str]] = {}

    def provider_settings(self, **extra: Any) -> dict[str, Any]:
        return {"key_id": self.key_id, "sign_name": "测试商店", **extra}

    # -- helpers for tests ---------------------------------------------------------------

    def error(
        self, action: str, code: str, message: str = "", *, status: int = 200, times: int = 1
    ) -> None:
        body = {"Code": code, "Message": message or code, "RequestId": "FAKE-REQ"}
        self.inject(action, _json(body, status), times=times)

    def set_template_status(self, code: str, status: str, reason: str = "") -> None:
        self.templates[code]["status"] = status
        self.templates[code]["reason"] = reason

    # -- dispatch ------------------------------------------------------------------------

    def action_of(self, request: Request) -> str:
        if request.path.startswith("/queues/"):
            return f"MNS {request.method}"
        return request.headers.get("x-acs-action", "")

    def handle(self, request: Request) -> Response:
        if request.path.startswith("/queues/"):
            return self._mns(request)
        problem = self._check_acs3(request)
        if problem is not None:
            with self.lock:
                self.auth_failures += 1
            return problem
        action = request.headers["x-acs-action"]
        params = dict(parse_qsl(request.query, keep_blank_values=True))
        if request.body:
            if (
                request.headers.get("content-type", "").split(";")[0]
                != "application/x-www-form-urlencoded"
            ):
                return self._gateway(400, "InvalidParameter", "unsupported body")
            params.update(parse_qsl(request.body.decode(), keep_blank_values=True))
        with self.lock:
            self.last_params[action] = params
        if action not in self.ACTIONS:
            return self._gateway(
                404,
                "InvalidAction.NotFound",
                "Specified api is not found, please check your url and method.",
            )
        expected_version = "2017-05-25"
        if request.headers.get("x-acs-version") != expected_version:
            return self._gateway(400, "InvalidVersion", "version")
        return getattr(self, f"_do_{action}")(params)

    def _gateway(self, status: int, code: str, message: str) -> Response:
        return _json(
            {
                "RequestId": "FAKE-REQ",
                "HostId": "dysmsapi.aliyuncs.com",
                "Code": code,
                "Message": message,
            },
            status,
        )

    # -- ACS3, from the vendor document --------------------------------------------------

    def _check_acs3(self, request: Request) -> Response | None:
        auth = request.headers.get("authorization", "")
        match = re.fullmatch(
            r"ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})",
            auth,
        )
        if match is None:
            return self._gateway(400, "IncompleteSignature", "bad Authorization")
        key_id, signed, signature = match.groups()
        if key_id != self.key_id:
            return self._gateway(
                404, "InvalidAccessKeyId.NotFound", "Specified access key is not found."
            )
        signed_names = signed.split(";")
        must_sign = sorted(
            n for n in request.headers if n in ("host", "content-type") or n.startswith("x-acs-")
        )
        if signed_names != must_sign or "host" not in signed_names:
            return self._gateway(
                400,
                "IncompleteSignature",
                "every x-acs-*, host and content-type header must be signed",
            )
        for name in (
            "x-acs-action",
            "x-acs-version",
            "x-acs-date",
            "x-acs-signature-nonce",
            "x-acs-content-sha256",
        ):
            if name not in request.headers:
                return self._gateway(400, "MissingParameter", name)
        if request.headers["x-acs-content-sha256"] != hashlib.sha256(request.body).hexdigest():
            return self._gateway(400, "IncompleteSignature", "content sha256 mismatch")
        try:
            date = datetime.strptime(request.headers["x-acs-date"], "%Y-%m-%dT%H:%M:%SZ").replace(
                tzinfo=UTC
            )
        except ValueError:
            return self._gateway(400, "InvalidTimeStamp.Format", "date")
        if abs((datetime.now(UTC) - date).total_seconds()) > 15 * 60:
            return self._gateway(400, "InvalidTimeStamp.Expired", "timestamp expired")
        nonce = request.headers["x-acs-signature-nonce"]
        with self.lock:
            if nonce in self.nonces:
                return self._gateway(400, "SignatureNonceUsed", "nonce used")
            self.nonces.add(nonce)
        pairs = parse_qsl(request.query, keep_blank_values=True)
        canonical_query = "&".join(
            f"{k}={v}" for k, v in sorted((_enc(k), _enc(v)) for k, v in pairs)
        )
        canonical_headers = "".join(f"{n}:{request.headers[n].strip()}\n" for n in signed_names)
        canonical = "\n".join(
            (
                request.method,
                "/",
                canonical_query,
                canonical_headers,
                signed,
                hashlib.sha256(request.body).hexdigest(),
            )
        )
        to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode()).hexdigest()
        expected = hmac.new(self.secret.encode(), to_sign.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature) or request.path != "/":
            return self._gateway(
                400,
                "SignatureDoesNotMatch",
                f"Specified signature is not matched with our calculation. server string to sign is:{to_sign}",
            )
        return None

    # -- sending -------------------------------------------------------------------------

    def _business(self, code: str, message: str = "") -> Response:
        return _json({"Code": code, "Message": message or code, "RequestId": "FAKE-REQ"})

    def _check_content(self, sign: str, template: str, params: Any) -> Response | None:
        if not sign:
            return self._business("isv.SMS_SIGNATURE_ILLEGAL", "签名不合法")
        if self.approved_signs is not None and sign not in self.approved_signs:
            return self._business("isv.SMS_SIGNATURE_ILLEGAL", "签名不合法")
        if not template or (
            self.approved_templates is not None and template not in self.approved_templates
        ):
            return self._business("isv.SMS_TEMPLATE_ILLEGAL", "模板不合法")
        if not isinstance(params, dict) or not all(isinstance(v, str) for v in params.values()):
            return self._business("isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值")
        return None

    def _accept_all(
        self,
        numbers: list[str],
        signs: list[str],
        template: str,
        params: list[dict[str, str]],
        out_id: str,
    ) -> Response:
        biz_id = f"{self.next_id():018d}^0"
        now = datetime.now(UTC)
        single = len(numbers) == 1 or not out_id.startswith("batch:")
        for number, sign, param in zip(numbers, signs, params, strict=True):
            e164 = _e164(number) or number
            self.accept(
                Accepted(
                    our_ref=out_id if single else "",
                    call_ref=out_id,
                    e164=e164,
                    provider_id=biz_id,
                    at=now,
                    template_code=template,
                    params=param,
                    sign_name=sign,
                )
            )
        return _json({"Code": "OK", "Message": "OK", "BizId": biz_id, "RequestId": "FAKE-REQ"})

    def _numbers_problem(self, numbers: list[str]) -> Response | None:
        if any(_e164(n) is None for n in numbers):
            return self._business("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号")
        return None

    def _do_SendSms(self, p: dict[str, str]) -> Response:
        numbers = [n for n in p.get("PhoneNumbers", "").split(",") if n]
        if not numbers:
            return self._gateway(
                400, "MissingPhoneNumbers", "PhoneNumbers is mandatory for this action."
            )
        if len(numbers) > 1000:
            return self._business("isv.MOBILE_COUNT_OVER_LIMIT", "手机号码数量超过限制")
        if (problem := self._numbers_problem(numbers)) is not None:
            return problem
        try:
            params = json.loads(p["TemplateParam"]) if p.get("TemplateParam") else {}
        except ValueError:
            return self._business("isv.INVALID_JSON_PARAM", "JSON参数不合法")
        sign, template = p.get("SignName", ""), p.get("TemplateCode", "")
        if (problem := self._check_content(sign, template, params)) is not None:
            return problem
        if len(p.get("OutId", "")) >= 256:
            return self._business("isv.INVALID_PARAMETERS", "OutId too long")
        return self._accept_all(
            numbers, [sign] * len(numbers), template, [params] * len(numbers), p.get("OutId", "")
        )

    def _do_SendBatchSms(self, p: dict[str, str]) -> Response:
        try:
            numbers = json.loads(p["PhoneNumberJson"])
            signs = json.loads(p["SignNameJson"])
            params = json.loads(p.get("TemplateParamJson") or "[]") or [{} for _ in numbers]
        except (KeyError, ValueError):
            return self._business("isv.INVALID_PARAMETERS", "参数异常")
        if len(numbers) > 100:
            return self._business("isv.MOBILE_COUNT_OVER_LIMIT", "手机号码数量超过限制")
        if not numbers or len(signs) != len(numbers) or len(params) != len(numbers):
            return self._business("isv.INVALID_PARAMETERS", "参数异常")
        if (problem := self._numbers_problem(numbers)) is not None:
            return problem
        template = p.get("TemplateCode", "")
        for sign, param in zip(signs, params, strict=True):
            if (problem := self._check_content(sign, template, param)) is not None:
                return problem
        return self._accept_all(numbers, signs, template, params, p.get("OutId", ""))

    def on_delivery(self, delivery: Delivery) -> None:
        if not self.report_queue_enabled:
            return
        a = delivery.accepted
        self.queues[REPORT_QUEUE].put(
            {
                "phone_number": _national(a.e164),
                "success": delivery.delivered,
                "biz_id": a.provider_id,
                "out_id": a.call_ref,
                "send_time": _bj(a.at),
                "report_time": _bj(a.at + timedelta(seconds=2)),
                "err_code": "DELIVERED" if delivery.delivered else delivery.code,
                "err_msg": "用户接收成功" if delivery.delivered else "失败",
                "sms_size": "1",
            }
        )

    def on_reply(self, reply: Reply) -> None:
        self.queues[UP_QUEUE].put(
            {
                "phone_number": _national(reply.e164),
                "content": reply.text,
                "send_time": _bj(reply.at),
                "dest_code": "",
                "sequence_id": int(reply.reply_id[1:]),
                "sign_name": reply.sign_name,
            }
        )

    # -- receipts ------------------------------------------------------------------------

    def _do_QuerySendDetails(self, p: dict[str, str]) -> Response:
        for name in ("PhoneNumber", "SendDate", "PageSize", "CurrentPage"):
            if not p.get(name):
                return self._gateway(400, f"Missing{name}", f"{name} is mandatory for this action.")
        size, page = int(p["PageSize"]), int(p["CurrentPage"])
        if not 1 <= size <= 50 or page < 1:
            return self._business("isv.INVALID_PARAMETERS", "参数异常")
        day = datetime.strptime(p["SendDate"], "%Y%m%d").date()
        if (datetime.now(BEIJING).date() - day).days > 30:
            return self._business("isv.INVALID_PARAMETERS", "SendDate out of range")
        e164 = _e164(p["PhoneNumber"])
        now = time.time()
        with self.lock:
            rows = [
                d
                for d in self.deliveries
                if d.accepted.e164 == e164
                and d.accepted.at.astimezone(BEIJING).date() == day
                and (not p.get("BizId") or d.accepted.provider_id == p["BizId"])
            ]
        chunk = rows[(page - 1) * size : page * size]
        dtos = []
        for d in chunk:
            ready = d.ready_at <= now
            status = (3 if d.delivered else 2) if ready else 1
            dtos.append(
                {
                    "PhoneNum": p["PhoneNumber"],
                    "SendStatus": status,
                    "ErrCode": ("DELIVERED" if d.delivered else d.code) if ready else "",
                    "TemplateCode": d.accepted.template_code,
                    "Content": f"【{d.accepted.sign_name}】…",
                    "SendDate": _bj(d.accepted.at),
                    "ReceiveDate": _bj(d.accepted.at + timedelta(seconds=2)) if ready else "",
                    "OutId": d.accepted.call_ref,
                }
            )
        return _json(
            {
                "Code": "OK",
                "Message": "OK",
                "RequestId": "FAKE-REQ",
                "TotalCount": str(len(rows)),
                "SmsSendDetailDTOs": {"SmsSendDetailDTO": dtos},
            }
        )

    # -- queues --------------------------------------------------------------------------

    def _do_QueryTokenForMnsQueue(self, p: dict[str, str]) -> Response:
        expected = {"SmsUp": UP_QUEUE, "SmsReport": REPORT_QUEUE}.get(p.get("MessageType", ""))
        if expected is None or p.get("QueueName") != expected:
            return self._business("isv.INVALID_PARAMETERS", "queue not found")
        key_id = f"STS.fake{self.next_id()}"
        secret = hashlib.sha256(key_id.encode()).hexdigest()[:30]
        token = "CAIS" + hashlib.sha256(secret.encode()).hexdigest()
        expires = datetime.now(UTC) + timedelta(hours=1)
        with self.lock:
            self.tokens[key_id] = (secret, token, expires)
        return _json(
            {
                "Code": "OK",
                "Message": "OK",
                "RequestId": "FAKE-REQ",
                "MessageTokenDTO": {
                    "AccessKeyId": key_id,
                    "AccessKeySecret": secret,
                    "SecurityToken": token,
                    "CreateTime": _bj(datetime.now(UTC)),
                    "ExpireTime": _bj(expires),
                },
            }
        )

    def _mns_error(self, status: int, code: str, message: str) -> Response:
        xml = (
            f'<?xml version="1.0" encoding="UTF-8"?><Error xmlns="{MNS_NS}"><Code>{code}</Code>'
            f"<Message>{escape(message)}</Message><RequestId>FAKE</RequestId>"
            f"<HostId>http://1943695596114318.mns.cn-hangzhou.aliyuncs.com</HostId></Error>"
        )
        return Response(status, xml.encode(), "text/xml;charset=utf-8")

    def _check_mns(self, request: Request) -> Response | None:
        match = re.fullmatch(r"MNS ([^:]+):(.+)", request.headers.get("authorization", ""))
        if match is None:
            return self._mns_error(403, "AccessDenied", "no signature")
        key_id, signature = match.groups()
        issued = self.tokens.get(key_id)
        if issued is None:
            return self._mns_error(403, "InvalidAccessKeyId", "unknown temporary key")
        secret, token, expires = issued
        if request.headers.get("security-token") != token or expires < datetime.now(UTC):
            return self._mns_error(403, "AccessDenied", "security token")
        if request.headers.get("x-mns-version") != "2015-06-06":
            return self._mns_error(400, "InvalidArgument", "x-mns-version")
        try:
            date = parsedate_to_datetime(request.headers.get("date", ""))
        except (TypeError, ValueError):
            return self._mns_error(400, "InvalidArgument", "date")
        if abs((datetime.now(UTC) - date).total_seconds()) > 15 * 60:
            return self._mns_error(403, "TimeExpired", "date")
        mns_headers = "".join(
            f"{name}:{request.headers[name]}\n"
            for name in sorted(request.headers)
            if name.startswith("x-mns-")
        )
        resource = request.path + (f"?{request.query}" if request.query else "")
        to_sign = (
            "\n".join(
                (
                    request.method,
                    request.headers.get("content-md5", ""),
                    request.headers.get("content-type", ""),
                    request.headers["date"],
                )
            )
            + "\n"
            + mns_headers
            + resource
        )
        expected = base64.b64encode(
            hmac.new(secret.encode(), to_sign.encode(), hashlib.sha1).digest()
        ).decode()
        if not hmac.compare_digest(expected, signature):
            return self._mns_error(403, "SignatureDoesNotMatch", "signature")
        return None

    def _mns(self, request: Request) -> Response:
        problem = self._check_mns(request)
        if problem is not None:
            with self.lock:
                self.auth_failures += 1
            return problem
        match = re.fullmatch(r"/queues/([^/]+)/messages", request.path)
        queue = self.queues.get(unquote(match.group(1))) if match else None
        if queue is None:
            return self._mns_error(404, "QueueNotExist", "queue")
        query = dict(parse_qsl(request.query, keep_blank_values=True))
        with self.lock:
            if request.method == "DELETE":
                if queue.delete(query.get("ReceiptHandle", "")):
                    return Response(204, b"", "text/xml")
                return self._mns_error(404, "ReceiptHandleError", "handle")
            count = int(query.get("numOfMessages", "1"))
            if not 1 <= count <= 16:
                return self._mns_error(400, "InvalidArgument", "numOfMessages")
            messages = queue.receive(count)
        if not messages:
            return self._mns_error(404, "MessageNotExist", "Message not exist.")
        parts = []
        for m in messages:
            parts.append(
                "<Message>"
                f"<MessageId>{m.message_id}</MessageId><ReceiptHandle>{m.handle}</ReceiptHandle>"
                f"<MessageBodyMD5>{hashlib.md5(m.body.encode()).hexdigest().upper()}</MessageBodyMD5>"
                f"<MessageBody>{m.body}</MessageBody><EnqueueTime>{int(m.enqueued * 1000)}</EnqueueTime>"
                f"<NextVisibleTime>{int(m.visible_at * 1000)}</NextVisibleTime>"
                f"<FirstDequeueTime>{int(m.enqueued * 1000)}</FirstDequeueTime>"
                f"<DequeueCount>{m.dequeue_count}</DequeueCount><Priority>8</Priority>"
                "</Message>"
            )
        xml = f'<?xml version="1.0" encoding="UTF-8"?><Messages xmlns="{MNS_NS}">{"".join(parts)}</Messages>'
        return Response(200, xml.encode(), "text/xml;charset=utf-8")

    # -- account, templates, signatures --------------------------------------------------

    def _do_QuerySmsSignList(self, p: dict[str, str]) -> Response:
        size = int(p.get("PageSize", "10"))
        if not 1 <= size <= 50:
            return self._business("isv.INVALID_PARAMETERS", "PageSize")
        items = [
            {
                "SignName": name,
                "AuditStatus": "AUDIT_STATE_PASS" if s["status"] == 1 else "AUDIT_STATE_INIT",
                "CreateDate": "2024-01-01 00:00:00",
                "BusinessType": "普通",
                "OrderId": s["order"],
            }
            for name, s in self.signs.items()
        ]
        return _json(
            {
                "Code": "OK",
                "Message": "OK",
                "RequestId": "FAKE-REQ",
                "SmsSignList": items[:size],
                "TotalCount": len(items),
                "CurrentPage": 1,
                "PageSize": size,
            }
        )

    def _do_CreateSmsTemplate(self, p: dict[str, str]) -> Response:
        name, content = p.get("TemplateName", ""), p.get("TemplateContent", "")
        kind = p.get("TemplateType", "")
        if (
            not name
            or len(name) > 30
            or not content
            or len(content) > 500
            or kind not in ("0", "1", "2", "3")
        ):
            return self._business("isv.INVALID_PARAMETERS", "参数异常")
        if kind in ("0", "1", "2") and not p.get("RelatedSignName"):
            return self._business("isv.INVALID_PARAMETERS", "RelatedSignName is required")
        variables = re.findall(r"\$\{(\w+)\}", content)
        if "{" in re.sub(r"\$\{\w+\}", "", content):
            return self._business("isv.INVALID_PARAMETERS", "variables are written ${name}")
        if variables:
            try:
                rule = json.loads(p.get("TemplateRule", ""))
            except ValueError:
                return self._business("isv.INVALID_PARAMETERS", "TemplateRule is required")
            if set(rule) != set(variables):
                return self._business(
                    "isv.INVALID_PARAMETERS", "TemplateRule must name every variable"
                )
        code = f"SMS_{470000000 + self.next_id()}"
        self.templates[code] = {
            "name": name,
            "content": content,
            "type": kind,
            "status": "0",
            "reason": "",
            "sign": p.get("RelatedSignName", ""),
        }
        return _json(
            {
                "Code": "OK",
                "Message": "OK",
                "RequestId": "FAKE-REQ",
                "TemplateCode": code,
                "OrderId": str(self.next_id()),
                "TemplateName": name,
            }
        )

    def _do_GetSmsTemplate(self, p: dict[str, str]) -> Response:
        template = self.templates.get(p.get("TemplateCode", ""))
        if template is None:
            return self._business("isv.SMS_TEMPLATE_ILLEGAL", "模板不存在")
        return _json(
            {
                "Code": "OK",
                "Message": "OK",
                "RequestId": "FAKE-REQ",
                "TemplateCode": p["TemplateCode"],
                "TemplateName": template["name"],
                "TemplateContent": template["content"],
                "TemplateStatus": template["status"],
                "TemplateType": template["type"],
                "RelatedSignName": template["sign"],
                "AuditInfo": {"RejectInfo": template["reason"], "AuditDate": "2024-01-01 00:00:00"},
            }
        )

    def _do_CreateSmsSign(self, p: dict[str, str]) -> Response:
        name = p.get("SignName", "")
        if not 2 <= len(name) <= 12 or re.search(r"[【】\[\]]|test", name, re.I):
            return self._business("isv.INVALID_PARAMETERS", "SignName")
        if not p.get("QualificationId") or p.get("SignSource") not in ("0", "2", "5"):
            return self._business("isv.INVALID_PARAMETERS", "QualificationId / SignSource")
        order = str(self.next_id())
        self.signs[name] = {"status": 0, "reason": "", "order": order}
        return _json(
            {
                "Code": "OK",
                "Message": "OK",
                "RequestId": "FAKE-REQ",
                "SignName": name,
                "OrderId": order,
            }
        )

    def _do_GetSmsSign(self, p: dict[str, str]) -> Response:
        sign = self.signs.get(p.get("SignName", ""))
        if sign is None:
            return self._business("isv.SMS_SIGN_ILLEGAL", "签名不存在")
        return _json(
            {
                "Code": "OK",
                "Message": "OK",
                "RequestId": "FAKE-REQ",
                "SignName": p["SignName"],
                "SignStatus": sign["status"],
                "AuditInfo": {"RejectInfo": sign["reason"]},
            }
        )
