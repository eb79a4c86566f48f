"""Alibaba Cloud SMS (Dysmsapi 2017-05-25), signed with ACS3-HMAC-SHA256.

Sending: ``SendSms`` for one message (OutId = our_ref) and ``SendBatchSms`` for up to 100
messages of one template (per-number signature and variables; OutId = ``batch:<first
our_ref>:<count>``). The call is all or nothing: it returns one BizId for every number. A
refusal that names one recipient (invalid number...) on a batch is retried as single sends,
which is safe because a refused call sent nothing.

Receipts: ``QuerySendDetails`` per number and day (non-consuming), or, when the account's
SmsReport queue is configured, that queue. Replies: the SmsUp queue (aliyun_mns).
Templates and signatures: the current APIs (CreateSmsTemplate / GetSmsTemplate /
CreateSmsSign / GetSmsSign); the retired Add*/Query* calls are not used.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import uuid
from collections.abc import Hashable, Mapping, Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, ClassVar

from smsdesk.core.clock import ensure_utc, utc_now
from smsdesk.core.enums import ApprovalStatus, ProviderKind
from smsdesk.core.errors import ValidationError
from smsdesk.core.providers import error_codes
from smsdesk.core.providers.aliyun_mns import MnsQueueClient, MnsToken
from smsdesk.core.providers.aliyun_signing import acs3_authorization, canonical_query
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
from smsdesk.core.providers.phone_formats import cn_national_or_digits, e164_from_vendor
from smsdesk.core.providers.references import (
    BATCH_REF_PREFIX,
    batch_ref,
    failed_result,
    first_ref_of,
)
from smsdesk.core.providers.transport import HttpTransport, base_url, host_of, validate_endpoint

log = logging.getLogger(__name__)

VERSION = "2017-05-25"
MAINLAND_HOST = "dysmsapi.aliyuncs.com"
INTERNATIONAL_HOST = "dysmsapi.ap-southeast-1.aliyuncs.com"
DYBASE_HOST = "dybaseapi.aliyuncs.com"
# Fixed for every customer in the official demos (PROVIDERS.md 1.7; check the console).
ALICOM_MNS_ENDPOINT = "https://1943695596114318.mns.cn-hangzhou.aliyuncs.com"
BEIJING = timezone(timedelta(hours=8))
_VARIABLE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

_TEMPLATE_STATUS = {
    "0": ApprovalStatus.SUBMITTED,
    "1": ApprovalStatus.APPROVED,
    "2": ApprovalStatus.REJECTED,
    "10": ApprovalStatus.DRAFT,  # the application was withdrawn
}


def _beijing_time(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING).astimezone(UTC)
    except (TypeError, ValueError):
        return None


class AliyunProvider(Provider):
    kind = ProviderKind.ALIYUN
    max_batch = 100  # SendBatchSms; SendSms takes 1000 but only with identical variables
    uses_templates = True
    echoes_our_ref = True
    setting_fields: ClassVar[tuple[SettingField, ...]] = (
        SettingField("key_id", required=True),
        SettingField("region", default="cn-hangzhou"),
        SettingField("international", "bool", default=False),
        SettingField("sign_name"),
        SettingField("up_queue"),
        SettingField("report_queue"),
        SettingField("mns_endpoint"),
        SettingField("qualification_id"),
        SettingField("variable_rule", default="others"),
    )

    def __init__(self, config: ProviderConfig) -> None:
        super().__init__(config)
        settings = config.settings
        self.key_id = str(settings.get("key_id", ""))
        self._secret = config.secret
        host = INTERNATIONAL_HOST if settings.get("international") else MAINLAND_HOST
        self.sms_url = base_url(config.endpoint, host)
        self.dybase_url = base_url(config.endpoint, DYBASE_HOST)
        self.sign_name = str(settings.get("sign_name", ""))
        self.up_queue = str(settings.get("up_queue", ""))
        self.report_queue = str(settings.get("report_queue", ""))
        mns = str(settings.get("mns_endpoint", "")) or config.endpoint or ALICOM_MNS_ENDPOINT
        self.http = HttpTransport(timeout=config.timeout_seconds, secret=self._secret)
        self.mns = MnsQueueClient(self.http, validate_endpoint(mns), self._mns_token)

    # -- the RPC call --------------------------------------------------------------------

    def _rpc(
        self,
        action: str,
        query: Mapping[str, str],
        *,
        form: Mapping[str, str] | None = None,
        url: str | None = None,
        sending: bool = False,
    ) -> dict[str, Any]:
        url = url or self.sms_url
        body = canonical_query(form).encode() if form else b""
        headers = {
            "host": host_of(url),
            "x-acs-action": action,
            "x-acs-version": VERSION,
            "x-acs-date": utc_now().strftime("%Y-%m-%dT%H:%M:%SZ"),
            "x-acs-signature-nonce": uuid.uuid4().hex,
            "x-acs-content-sha256": hashlib.sha256(body).hexdigest(),
        }
        if form:
            headers["content-type"] = "application/x-www-form-urlencoded"
        headers["Authorization"] = acs3_authorization(
            method="POST",
            query=query,
            headers=headers,
            body=body,
            key_id=self.key_id,
            secret=self._secret,
        )
        headers["Accept"] = "application/json"
        target = f"{url}/?{canonical_query(query)}" if query else f"{url}/"
        response = self.http.request(
            "POST", target, headers=headers, data=body or None, idempotent=not sending
        )
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if isinstance(payload, dict) and payload.get("Code") == "OK" and response.ok:
            return payload
        if isinstance(payload, dict) and payload.get("Code"):
            code = str(payload["Code"])
            message = str(payload.get("Message", ""))
            verdict = error_codes.aliyun(code, message, sending=sending)
            category = verdict.category
            if response.status_code >= 500 and category is ErrorCategory.PERMANENT:
                category = ErrorCategory.RETRY  # a 5xx with the vendor's body: refused
            if code == "SignatureDoesNotMatch":
                message = ""  # it echoes the string-to-sign (numbers, variables)
            log.info("aliyun %s refused: %s (HTTP %s)", action, code, response.status_code)
            raise ProviderRefusedError(
                scrub(message[:300], self._secret),
                category=category,
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
            category = ErrorCategory.AUTH  # wrong endpoint or a proxy page
        raise ProviderRefusedError(
            f"Unexpected HTTP {response.status_code} from the provider",
            category=category,
            vendor_code=f"http_{response.status_code}",
            http_status=response.status_code,
        )

    # -- sending -------------------------------------------------------------------------

    def batch_key(self, message: OutgoingMessage) -> Hashable:
        return message.template_code

    def template_variables(self, template_text: str, values: Mapping[str, str]) -> dict[str, str]:
        return {name: str(values.get(name, "")) for name in _VARIABLE.findall(template_text)}

    def _sign(self, message: OutgoingMessage) -> str:
        sign = message.sign_name or self.sign_name
        if not sign:
            raise ValidationError("An Alibaba Cloud send needs a signature name", field="sign")
        return sign

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
                    raise  # nothing was sent: the caller handles the whole call
                group_results = [failed_result(m, exc) for m in group]
            for i, result in zip(indexes, group_results, strict=True):
                results[i] = result
        return [r for r in results if r is not None]

    def _submit_group(self, group: Sequence[OutgoingMessage]) -> list[SubmitResult]:
        try:
            biz_id = self._send(group)
        except ProviderRefusedError as exc:
            if exc.category not in MESSAGE_CATEGORIES:
                raise
            if len(group) == 1:
                return [failed_result(group[0], exc)]
            # The refusal names one recipient we cannot identify: send one by one.
            return [self._submit_group([message])[0] for message in group]
        return [
            SubmitResult(our_ref=m.our_ref, accepted=True, provider_message_id=biz_id)
            for m in group
        ]

    def _send(self, group: Sequence[OutgoingMessage]) -> str:
        if len(group) == 1:
            message = group[0]
            query = {
                "PhoneNumbers": cn_national_or_digits(message.e164),
                "SignName": self._sign(message),
                "TemplateCode": message.template_code,
                "OutId": message.our_ref,
            }
            if message.variables:
                query["TemplateParam"] = _json({k: str(v) for k, v in message.variables.items()})
            payload = self._rpc("SendSms", query, sending=True)
        else:
            form = {
                "PhoneNumberJson": _json([cn_national_or_digits(m.e164) for m in group]),
                "SignNameJson": _json([self._sign(m) for m in group]),
                "TemplateParamJson": _json(
                    [{k: str(v) for k, v in m.variables.items()} for m in group]
                ),
            }
            query = {"TemplateCode": group[0].template_code, "OutId": batch_ref(group)}
            payload = self._rpc("SendBatchSms", query, form=form, sending=True)
        return str(payload.get("BizId", ""))

    # -- receipts ------------------------------------------------------------------------

    def pull_receipts(self, pending: Sequence[PendingMessage]) -> list[Receipt]:
        if self.report_queue:
            return self._queue_receipts()
        return [r for r in self.lookup_receipts(pending) if r.status is not DeliveryStatus.PENDING]

    def _queue_receipts(self) -> list[Receipt]:
        receipts = []
        for item in self.mns.receive("SmsReport", self.report_queue):
            body = item.body
            out_id = str(body.get("out_id") or "")
            code = str(body.get("err_code") or "")
            success = body.get("success") in (True, "true", "True", 1)
            receipts.append(
                Receipt(
                    provider_message_id=str(body.get("biz_id") or ""),
                    status=DeliveryStatus.DELIVERED if success else DeliveryStatus.FAILED,
                    e164=e164_from_vendor(str(body.get("phone_number") or "")),
                    our_ref="" if out_id.startswith(BATCH_REF_PREFIX) else out_id,
                    error_code=code,
                    at=_beijing_time(str(body.get("report_time") or "")),
                    opted_out=not success and error_codes.receipt_means_opt_out(code),
                )
            )
        return receipts

    def lookup_receipts(self, pending: Sequence[PendingMessage]) -> list[Receipt]:
        refs = {item.our_ref for item in pending}
        groups: dict[tuple[str, str, str], list[PendingMessage]] = {}
        for item in pending:
            for day in _send_dates(item.submitted_at):
                key = (item.e164, day, item.provider_message_id)
                groups.setdefault(key, []).append(item)
        found: dict[str, Receipt] = {}
        for (e164, day, biz_id), items in groups.items():
            if all(item.our_ref in found for item in items):
                continue
            for row in self._details(e164, day, biz_id):
                match = _match_row(row, items, refs, found, filtered_by_biz_id=bool(biz_id))
                if match is not None:
                    found[match.our_ref] = _row_receipt(row, match)
        return list(found.values())

    def _details(self, e164: str, day: str, biz_id: str) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        page = 1
        while page <= 20:
            query = {
                "PhoneNumber": cn_national_or_digits(e164),
                "SendDate": day,
                "PageSize": "50",
                "CurrentPage": str(page),
            }
            if biz_id:
                query["BizId"] = biz_id
            payload = self._rpc("QuerySendDetails", query)
            batch = (payload.get("SmsSendDetailDTOs") or {}).get("SmsSendDetailDTO") or []
            rows.extend(row for row in batch if isinstance(row, dict))
            total = int(str(payload.get("TotalCount") or "0") or 0)
            if page * 50 >= total or not batch:
                break
            page += 1
        return rows

    # -- replies -------------------------------------------------------------------------

    def pull_replies(self, since: datetime | None) -> list[InboundReply]:
        if not self.up_queue:
            return []
        replies = []
        for item in self.mns.receive("SmsUp", self.up_queue):
            body = item.body
            phone = str(body.get("phone_number") or "")
            if not phone:
                continue
            sequence = body.get("sequence_id")
            replies.append(
                InboundReply(
                    provider_reply_id=f"up-{sequence}" if sequence else item.message_id,
                    e164=e164_from_vendor(phone),
                    text=str(body.get("content") or ""),
                    received_at=_beijing_time(str(body.get("send_time") or "")) or utc_now(),
                )
            )
        return replies

    def _mns_token(self, message_type: str, queue: str) -> MnsToken:
        payload = self._rpc(
            "QueryTokenForMnsQueue",
            {"MessageType": message_type, "QueueName": queue},
            url=self.dybase_url,
        )
        token = payload.get("MessageTokenDTO") or {}
        expires = _beijing_time(str(token.get("ExpireTime") or "")) or utc_now() + timedelta(
            minutes=10
        )
        return MnsToken(
            key_id=str(token.get("AccessKeyId", "")),
            secret=str(token.get("AccessKeySecret", "")),
            security_token=str(token.get("SecurityToken", "")),
            expires_at=expires,
        )

    # -- account -------------------------------------------------------------------------

    def test_connection(self) -> None:
        """A read-only call proves the AccessKey and the SMS product; the queues if set."""
        self._rpc("QuerySmsSignList", {"PageIndex": "1", "PageSize": "1"})
        for message_type, queue in (("SmsUp", self.up_queue), ("SmsReport", self.report_queue)):
            if queue:
                self._mns_token(message_type, queue)

    def submit_template(
        self, *, name: str, text: str, kind: str, sign_name: str = "", remark: str = ""
    ) -> ReviewStatus:
        sign = sign_name or self.sign_name
        if not sign:
            raise ValidationError("A template needs a related signature", field="sign")
        variables = list(dict.fromkeys(_VARIABLE.findall(text)))
        query = {
            "TemplateName": name[:30],
            "TemplateContent": _VARIABLE.sub(r"${\1}", text),
            "TemplateType": "2" if kind == "marketing" else "1",
            "RelatedSignName": sign,
            "Remark": remark or name,
        }
        if variables:
            rule = str(self.config.settings.get("variable_rule") or "others")
            query["TemplateRule"] = _json(dict.fromkeys(variables, rule))
        payload = self._rpc("CreateSmsTemplate", query)
        return ReviewStatus(
            code=str(payload.get("TemplateCode", "")), status=ApprovalStatus.SUBMITTED
        )

    def query_template(self, code: str) -> ReviewStatus:
        payload = self._rpc("GetSmsTemplate", {"TemplateCode": code})
        status = _TEMPLATE_STATUS.get(str(payload.get("TemplateStatus")), ApprovalStatus.SUBMITTED)
        reason = str((payload.get("AuditInfo") or {}).get("RejectInfo") or "")
        return ReviewStatus(code=code, status=status, reason=reason)

    def submit_signature(
        self, *, name: str, company: str, proof_image: bytes = b"", remark: str = ""
    ) -> ReviewStatus:
        qualification = str(self.config.settings.get("qualification_id", ""))
        if not qualification:
            raise ValidationError(
                "Alibaba Cloud needs a qualification id (created in its console)",
                field="qualification_id",
            )
        self._rpc(
            "CreateSmsSign",
            {
                "SignName": name,
                "SignSource": "0",  # the organisation's name
                "QualificationId": qualification,
                "SignType": "1",  # general purpose
                "Remark": remark or company or name,
            },
        )
        return ReviewStatus(code=name, status=ApprovalStatus.SUBMITTED)

    def query_signature(self, name: str) -> ReviewStatus:
        payload = self._rpc("GetSmsSign", {"SignName": name})
        status = _TEMPLATE_STATUS.get(str(payload.get("SignStatus")), ApprovalStatus.SUBMITTED)
        reason = str((payload.get("AuditInfo") or {}).get("RejectInfo") or "")
        return ReviewStatus(code=name, status=status, reason=reason)

    def close(self) -> None:
        try:
            self.mns.acknowledge_all()
        except ProviderRefusedError:
            log.info("queue messages not deleted now; they will be pulled again")
        self.http.close()


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _send_dates(submitted_at: datetime) -> list[str]:
    """The Beijing dates a send recorded around ``submitted_at`` may carry."""
    at = ensure_utc(submitted_at)
    days = {
        (at + delta).astimezone(BEIJING).strftime("%Y%m%d")
        for delta in (timedelta(minutes=-1), timedelta(0), timedelta(minutes=5))
    }
    return sorted(days)


def _match_row(
    row: Mapping[str, Any],
    items: Sequence[PendingMessage],
    refs: set[str],
    found: Mapping[str, Receipt],
    *,
    filtered_by_biz_id: bool,
) -> PendingMessage | None:
    """The pending message a QuerySendDetails row is about (rows carry OutId, not BizId)."""
    open_items = [item for item in items if item.our_ref not in found]
    out_id = str(row.get("OutId") or "")
    for item in open_items:
        if out_id == item.our_ref:
            return item
    if filtered_by_biz_id and open_items:
        return open_items[0]  # the query named this message's BizId and number
    if out_id.startswith(BATCH_REF_PREFIX) and first_ref_of(out_id) in refs:
        # A batch of ours that went unknown as a whole: its first message is pending too.
        for item in open_items:
            if not item.provider_message_id:
                return item
    return None


def _row_receipt(row: Mapping[str, Any], item: PendingMessage) -> Receipt:
    status_code = int(row.get("SendStatus") or 1)
    code = str(row.get("ErrCode") or "")
    status = {3: DeliveryStatus.DELIVERED, 2: DeliveryStatus.FAILED}.get(
        status_code, DeliveryStatus.PENDING
    )
    return Receipt(
        provider_message_id=item.provider_message_id,
        status=status,
        e164=item.e164,
        our_ref=item.our_ref,
        error_code=code,
        at=_beijing_time(str(row.get("ReceiveDate") or "")),
        opted_out=status is DeliveryStatus.FAILED and error_codes.receipt_means_opt_out(code),
    )
