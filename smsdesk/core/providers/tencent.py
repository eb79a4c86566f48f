"""Tencent Cloud SMS (API 3.0, version 2021-01-11), signed with TC3-HMAC-SHA256.

Sending: ``SendSms`` with up to 200 numbers sharing one template, signature and parameter list
(``batch_key``); SessionContext = our_ref for one message, ``batch:<first our_ref>:<count>``
for several. The answer has one SerialNo and one status per number.

Receipts and replies: ``PullSmsSendStatus`` / ``PullSmsReplyStatus`` are queues that hand each
item out once (and need activation by Tencent support); the caller must commit what a pull
returned before pulling again. ``PullSmsSendStatusByPhoneNumber`` is the non-consuming lookup
used for reconciliation (``lookup_receipts``), and for every pull when ``pull_mode`` is
"by_number".
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
from collections.abc import Hashable, Mapping, Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, ClassVar

from smsdesk.core.clock import ensure_utc, utc_now
from smsdesk.core.enums import ApprovalStatus, ProviderKind
from smsdesk.core.errors import ValidationError
from smsdesk.core.providers import error_codes
from smsdesk.core.providers.base import (
    MESSAGE_CATEGORIES,
    DeliveryStatus,
    ErrorCategory,
    InboundReply,
    OutgoingMessage,
    PendingMessage,
    Provider,
    ProviderConfig,
    ProviderRefusedError,
    Receipt,
    ReviewStatus,
    SettingField,
    SubmitResult,
    UnknownOutcomeError,
    scrub,
)
from smsdesk.core.providers.references import (
    BATCH_REF_PREFIX,
    batch_ref,
    failed_result,
    first_ref_of,
)
from smsdesk.core.providers.tencent_signing import tc3_authorization
from smsdesk.core.providers.transport import HttpTransport, base_url, host_of

log = logging.getLogger(__name__)

VERSION = "2021-01-11"
SERVICE = "sms"
HOST = "sms.tencentcloudapi.com"
PULL_LIMIT = 100
MAX_PULL_ROUNDS = 50
LOOKUP_DAYS = 7  # PullSmsSendStatusByPhoneNumber looks back at most 7 days
BEIJING = timezone(timedelta(hours=8))
_VARIABLE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

_TEMPLATE_STATUS = {
    0: ApprovalStatus.APPROVED,  # approved and in effect (the only usable state)
    1: ApprovalStatus.SUBMITTED,
    2: ApprovalStatus.SUBMITTED,  # approved, not yet in effect
    -1: ApprovalStatus.REJECTED,
}


def positional_template(text: str) -> tuple[str, list[str]]:
    """Our ``{name}`` text as Tencent's ``{1}``, ``{2}``... and the names in that order."""
    names = list(dict.fromkeys(_VARIABLE.findall(text)))
    positions = {name: index for index, name in enumerate(names, start=1)}
    return _VARIABLE.sub(lambda m: "{" + str(positions[m.group(1)]) + "}", text), names


class TencentProvider(Provider):
    kind = ProviderKind.TENCENT
    max_batch = 200
    uses_templates = True
    echoes_our_ref = True
    signature_needs_proof = True
    setting_fields: ClassVar[tuple[SettingField, ...]] = (
        SettingField("key_id", required=True),
        SettingField("app_id", required=True),
        SettingField("region", default="ap-guangzhou"),
        SettingField("sign_name"),
        SettingField("international", "bool", default=False),
        SettingField("pull_mode", "choice", default="queue", choices=("queue", "by_number")),
        SettingField("sender_id"),
        SettingField("qualification_id"),
    )

    def __init__(self, config: ProviderConfig) -> None:
        super().__init__(config)
        settings = config.settings
        self.secret_id = str(settings.get("key_id", ""))
        self._secret = config.secret
        self.app_id = str(settings.get("app_id", ""))
        self.region = str(settings.get("region") or "ap-guangzhou")
        self.sign_name = str(settings.get("sign_name", ""))
        self.international = 1 if settings.get("international") else 0
        self.pull_mode = str(settings.get("pull_mode") or "queue")
        self.url = base_url(config.endpoint, HOST)
        self.http = HttpTransport(timeout=config.timeout_seconds, secret=self._secret)

    # -- the API call --------------------------------------------------------------------

    def _call(
        self, action: str, params: Mapping[str, Any], *, sending: bool = False
    ) -> dict[str, Any]:
        body = json.dumps(params).encode()  # ASCII with \\u escapes, like the official SDK
        timestamp = int(utc_now().timestamp())
        host = host_of(self.url)
        content_type = "application/json"
        headers = {
            "Host": host,
            "Content-Type": content_type,
            "X-TC-Action": action,
            "X-TC-Version": VERSION,
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Region": self.region,
            "X-TC-Language": "zh-CN",
        }
        headers["Authorization"] = tc3_authorization(
            service=SERVICE,
            timestamp=timestamp,
            method="POST",
            canonical_query="",
            headers=[("content-type", content_type), ("host", host), ("x-tc-action", action)],
            payload=body,
            secret_id=self.secret_id,
            secret_key=self._secret,
        )
        response = self.http.request(
            "POST", self.url + "/", headers=headers, data=body, idempotent=not sending
        )
        try:
            payload = response.json()
        except ValueError:
            payload = None
        result = payload.get("Response") if isinstance(payload, dict) else None
        if isinstance(result, dict):
            error = result.get("Error")
            if not error:
                return result
            code = str(error.get("Code", ""))
            verdict = error_codes.tencent(code, sending=sending)
            log.info("tencent %s refused: %s", action, code)
            raise ProviderRefusedError(
                scrub(str(error.get("Message", ""))[:300], self._secret),
                category=verdict.category,
                vendor_code=code,
                http_status=response.status_code,
                retry_after_seconds=verdict.retry_after_seconds,
            )
        if sending and (response.ok or response.status_code >= 500):
            # No vendor answer to a send: a proxy may have passed it on, or the answer was
            # cut; the message may have gone out.
            raise UnknownOutcomeError(
                f"HTTP {response.status_code} without a provider answer",
                http_status=response.status_code,
            )
        if response.status_code == 429:
            category = ErrorCategory.RATE_LIMITED
        elif response.status_code >= 500:
            category = ErrorCategory.RETRY
        else:
            category = ErrorCategory.AUTH
        raise ProviderRefusedError(
            f"Unexpected HTTP {response.status_code} from the provider",
            category=category,
            vendor_code=f"http_{response.status_code}",
            http_status=response.status_code,
        )

    # -- sending -------------------------------------------------------------------------

    def batch_key(self, message: OutgoingMessage) -> Hashable:
        return (
            message.template_code,
            message.sign_name or self.sign_name,
            tuple(self._parameters(message)),
            message.e164.startswith("+86"),  # one call is all mainland or all international
        )

    def template_variables(self, template_text: str, values: Mapping[str, str]) -> dict[str, str]:
        _, names = positional_template(template_text)
        return {str(index): str(values.get(name, "")) for index, name in enumerate(names, 1)}

    @staticmethod
    def _parameters(message: OutgoingMessage) -> list[str]:
        keys = list(message.variables)
        if all(key.isdigit() for key in keys):
            keys.sort(key=int)
        return [str(message.variables[key]) for key in keys]

    def submit(self, messages: Sequence[OutgoingMessage]) -> list[SubmitResult]:
        if not messages:
            return []
        if len(messages) > self.max_batch:
            raise ValueError(f"at most {self.max_batch} messages per call")
        groups: dict[Hashable, list[int]] = {}
        for index, message in enumerate(messages):
            groups.setdefault(self.batch_key(message), []).append(index)
        results: list[SubmitResult | None] = [None] * len(messages)
        for number, indexes in enumerate(groups.values()):
            group = [messages[i] for i in indexes]
            try:
                group_results = self._submit_group(group)
            except (ProviderRefusedError, UnknownOutcomeError) as exc:
                if number == 0:
                    raise
                group_results = [failed_result(m, exc) for m in group]
            for i, result in zip(indexes, group_results, strict=True):
                results[i] = result
        return [r for r in results if r is not None]

    def _submit_group(self, group: Sequence[OutgoingMessage]) -> list[SubmitResult]:
        first = group[0]
        sign = first.sign_name or self.sign_name
        params: dict[str, Any] = {
            "PhoneNumberSet": [m.e164 for m in group],
            "SmsSdkAppId": self.app_id,
            "TemplateId": first.template_code,
            "TemplateParamSet": self._parameters(first),
            "SessionContext": batch_ref(group),
        }
        if sign:
            params["SignName"] = sign
        if self.config.settings.get("sender_id"):
            params["SenderId"] = str(self.config.settings["sender_id"])
        try:
            result = self._call("SendSms", params, sending=True)
        except ProviderRefusedError as exc:
            if exc.category not in MESSAGE_CATEGORIES:
                raise
            if len(group) == 1:
                return [failed_result(first, exc)]
            return [self._submit_group([message])[0] for message in group]
        return _per_number(group, result.get("SendStatusSet") or [])

    # -- receipts ------------------------------------------------------------------------

    def pull_receipts(self, pending: Sequence[PendingMessage]) -> list[Receipt]:
        if self.pull_mode == "by_number":
            return [
                r for r in self.lookup_receipts(pending) if r.status is not DeliveryStatus.PENDING
            ]
        receipts: list[Receipt] = []
        for _ in range(MAX_PULL_ROUNDS):
            result = self._call(
                "PullSmsSendStatus", {"Limit": PULL_LIMIT, "SmsSdkAppId": self.app_id}
            )
            items = result.get("PullSmsSendStatusSet") or []
            receipts.extend(_status_receipt(item) for item in items)
            if len(items) < PULL_LIMIT:
                break
        return receipts

    def lookup_receipts(self, pending: Sequence[PendingMessage]) -> list[Receipt]:
        refs = {item.our_ref for item in pending}
        by_number: dict[str, list[PendingMessage]] = {}
        for item in pending:
            by_number.setdefault(item.e164, []).append(item)
        now = utc_now()
        earliest = now - timedelta(days=LOOKUP_DAYS) + timedelta(minutes=1)
        found: dict[str, Receipt] = {}
        for e164, items in by_number.items():
            begin = min(ensure_utc(item.submitted_at) for item in items) - timedelta(minutes=1)
            result = self._call(
                "PullSmsSendStatusByPhoneNumber",
                {
                    "BeginTime": int(max(begin, earliest).timestamp()),
                    "EndTime": int(now.timestamp()),
                    "Offset": 0,
                    "Limit": PULL_LIMIT,
                    "PhoneNumber": e164,
                    "SmsSdkAppId": self.app_id,
                },
            )
            for row in result.get("PullSmsSendStatusSet") or []:
                match = _match(row, items, refs, found)
                if match is not None:
                    receipt = _status_receipt(row)
                    found[match.our_ref] = Receipt(
                        provider_message_id=receipt.provider_message_id,
                        status=receipt.status,
                        e164=match.e164,
                        our_ref=match.our_ref,
                        error_code=receipt.error_code,
                        at=receipt.at,
                        opted_out=receipt.opted_out,
                    )
        return list(found.values())

    # -- replies -------------------------------------------------------------------------

    def pull_replies(self, since: datetime | None) -> list[InboundReply]:
        replies: list[InboundReply] = []
        for _ in range(MAX_PULL_ROUNDS):
            result = self._call(
                "PullSmsReplyStatus", {"Limit": PULL_LIMIT, "SmsSdkAppId": self.app_id}
            )
            items = result.get("PullSmsReplyStatusSet") or []
            for item in items:
                phone = str(item.get("PhoneNumber") or "")
                text = str(item.get("ReplyContent") or "")
                at = int(item.get("ReplyTime") or 0)
                # The API gives no reply id: derive a stable one from what identifies it.
                fingerprint = f"{phone}|{at}|{item.get('SignName', '')}|{text}"
                replies.append(
                    InboundReply(
                        provider_reply_id="tc-"
                        + hashlib.sha256(fingerprint.encode()).hexdigest()[:32],
                        e164=phone,
                        text=text,
                        received_at=datetime.fromtimestamp(at, UTC) if at else utc_now(),
                    )
                )
            if len(items) < PULL_LIMIT:
                break
        return replies

    # -- account -------------------------------------------------------------------------

    def test_connection(self) -> None:
        """Send statistics for the current hour: proves the keys and the SdkAppId, sends nothing."""
        hour = utc_now().astimezone(BEIJING).strftime("%Y%m%d%H")
        self._call(
            "SendStatusStatistics",
            {
                "BeginTime": hour,
                "EndTime": hour,
                "SmsSdkAppId": self.app_id,
                "Limit": 0,
                "Offset": 0,
            },
        )

    def submit_template(
        self, *, name: str, text: str, kind: str, sign_name: str = "", remark: str = ""
    ) -> ReviewStatus:
        content, _ = positional_template(text)
        result = self._call(
            "AddSmsTemplate",
            {
                "TemplateName": name,
                "TemplateContent": content,
                "SmsType": 1 if kind == "marketing" else 2,
                "International": self.international,
                "Remark": remark or name,
            },
        )
        template_id = str((result.get("AddTemplateStatus") or {}).get("TemplateId", ""))
        return ReviewStatus(code=template_id, status=ApprovalStatus.SUBMITTED)

    def query_template(self, code: str) -> ReviewStatus:
        if not code.isdigit():
            raise ValidationError("A Tencent template id is a number", field="code")
        result = self._call(
            "DescribeSmsTemplateList",
            {"International": self.international, "TemplateIdSet": [int(code)]},
        )
        for item in result.get("DescribeTemplateStatusSet") or []:
            if str(item.get("TemplateId")) == code:
                return ReviewStatus(
                    code=code,
                    status=_TEMPLATE_STATUS.get(
                        int(item.get("StatusCode", 1)), ApprovalStatus.SUBMITTED
                    ),
                    reason=str(item.get("ReviewReply") or ""),
                )
        return ReviewStatus(code=code, status=ApprovalStatus.DRAFT, reason="not_found")

    def submit_signature(
        self, *, name: str, company: str, proof_image: bytes = b"", remark: str = ""
    ) -> ReviewStatus:
        if not proof_image:
            raise ValidationError(
                "Tencent needs a proof image (business licence) for a signature",
                field="proof_image",
            )
        params: dict[str, Any] = {
            "SignName": name,
            "SignType": 0,  # company
            "DocumentType": 1,  # business licence
            "International": self.international,
            "SignPurpose": 0,  # for our own business
            "ProofImage": base64.b64encode(proof_image).decode(),
            "Remark": remark or company or name,
        }
        qualification = str(self.config.settings.get("qualification_id") or "")
        if qualification.isdigit():
            params["QualificationId"] = int(qualification)
        result = self._call("AddSmsSign", params)
        sign_id = str((result.get("AddSignStatus") or {}).get("SignId", ""))
        return ReviewStatus(code=sign_id, status=ApprovalStatus.SUBMITTED)

    def query_signature(self, name: str) -> ReviewStatus:
        """``name`` is the SignId from ``submit_signature`` or the signature text."""
        if name.isdigit():
            params: dict[str, Any] = {"International": self.international, "SignIdSet": [int(name)]}
            pages = 1
        else:
            params = {"International": self.international, "Limit": 100, "Offset": 0}
            pages = 20
        for page in range(pages):
            if not name.isdigit():
                params["Offset"] = page * 100
            items = self._call("DescribeSmsSignList", params).get("DescribeSignListStatusSet") or []
            for item in items:
                if name in (str(item.get("SignId")), str(item.get("SignName"))):
                    return ReviewStatus(
                        code=str(item.get("SignId")),
                        status=_TEMPLATE_STATUS.get(
                            int(item.get("StatusCode", 1)), ApprovalStatus.SUBMITTED
                        ),
                        reason=str(item.get("ReviewReply") or ""),
                    )
            if len(items) < 100:
                break
        return ReviewStatus(code=name, status=ApprovalStatus.DRAFT, reason="not_found")

    def close(self) -> None:
        self.http.close()


def _per_number(
    group: Sequence[OutgoingMessage], statuses: Sequence[Mapping[str, Any]]
) -> list[SubmitResult]:
    """One result per message from SendStatusSet, matched by number (in order for repeats)."""
    by_number: dict[str, list[Mapping[str, Any]]] = {}
    for status in statuses:
        by_number.setdefault(str(status.get("PhoneNumber", "")), []).append(status)
    results = []
    for message in group:
        queue = by_number.get(message.e164) or []
        answer = queue.pop(0) if queue else None
        if answer is None:
            # Tencent answered for the call but not for this number: it may have been sent.
            results.append(
                SubmitResult(
                    our_ref=message.our_ref,
                    accepted=False,
                    error_code="missing_status",
                    category=ErrorCategory.UNKNOWN_OUTCOME,
                )
            )
            continue
        code = str(answer.get("Code", ""))
        if code == "Ok":
            results.append(
                SubmitResult(
                    our_ref=message.our_ref,
                    accepted=True,
                    provider_message_id=str(answer.get("SerialNo", "")),
                )
            )
            continue
        verdict = error_codes.tencent(code, sending=False)  # a per-number answer is definite
        results.append(
            SubmitResult(
                our_ref=message.our_ref,
                accepted=False,
                error_code=code,
                error_message=str(answer.get("Message", ""))[:300],
                category=verdict.category,
                retry_after_seconds=verdict.retry_after_seconds,
            )
        )
    return results


def _status_receipt(item: Mapping[str, Any]) -> Receipt:
    success = str(item.get("ReportStatus", "")).upper() == "SUCCESS"
    description = str(item.get("Description") or "")
    context = str(item.get("SessionContext") or "")
    at = int(item.get("UserReceiveTime") or 0)
    return Receipt(
        provider_message_id=str(item.get("SerialNo") or ""),
        status=DeliveryStatus.DELIVERED if success else DeliveryStatus.FAILED,
        e164=str(item.get("PhoneNumber") or ""),
        our_ref="" if context.startswith(BATCH_REF_PREFIX) else context,
        error_code=description,
        at=datetime.fromtimestamp(at, UTC) if at else None,
        opted_out=not success and error_codes.receipt_means_opt_out(description),
    )


def _match(
    row: Mapping[str, Any],
    items: Sequence[PendingMessage],
    refs: set[str],
    found: Mapping[str, Receipt],
) -> PendingMessage | None:
    serial = str(row.get("SerialNo") or "")
    context = str(row.get("SessionContext") or "")
    open_items = [item for item in items if item.our_ref not in found]
    for item in open_items:
        if serial and item.provider_message_id == serial:
            return item
        if context and context == item.our_ref:
            return item
    if context.startswith(BATCH_REF_PREFIX) and first_ref_of(context) in refs:
        for item in open_items:
            if not item.provider_message_id:
                return item
    return None
