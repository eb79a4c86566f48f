"""Twilio Programmable Messaging (REST 2010-04-01): free text, one recipient per request.

Twilio takes no client reference, so our_ref does not travel: receipts come from fetching
each message by its sid, and a message that went unknown is reconciled by listing the
outbound messages to that number around the time it was submitted. Replies are the inbound
messages listed for our sending number(s). Error 21610 (the recipient replied STOP) and
delivery error 30004 (blocked) put the number on the suppression list.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar
from urllib.parse import quote, urlencode

from smsdesk.core.clock import ensure_utc, utc_now
from smsdesk.core.enums import ProviderKind
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
    SettingField,
    SubmitResult,
    UnknownOutcomeError,
    scrub,
)
from smsdesk.core.providers.transport import HttpTransport, base_url

log = logging.getLogger(__name__)

HOST = "api.twilio.com"
API = "/2010-04-01"
MAX_PAGES = 20
RECONCILE_WINDOW = (timedelta(minutes=-1), timedelta(minutes=15))
_DELIVERED = {"delivered", "read"}
_FAILED = {"failed", "undelivered", "canceled"}


def _parse_date(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return ensure_utc(parsedate_to_datetime(str(value)))
    except (TypeError, ValueError):
        return None


class TwilioProvider(Provider):
    kind = ProviderKind.TWILIO
    max_batch = 1
    uses_templates = False
    echoes_our_ref = False
    setting_fields: ClassVar[tuple[SettingField, ...]] = (
        SettingField("key_id", required=True),  # Account SID (AC...) or API key SID (SK...)
        SettingField("account_sid"),  # needed when key_id is an API key
        SettingField("from", required=True),  # +E.164, short code, alphanumeric or MG... sid
        SettingField("reply_numbers"),  # comma-separated, for a Messaging Service pool
    )

    def __init__(self, config: ProviderConfig) -> None:
        super().__init__(config)
        settings = config.settings
        self.key_id = str(settings.get("key_id", ""))
        self._secret = config.secret
        self.account_sid = str(settings.get("account_sid") or self.key_id)
        self.sender = str(settings.get("from", ""))
        numbers = [n.strip() for n in str(settings.get("reply_numbers") or "").split(",")]
        if not self.sender.startswith("MG"):
            numbers.insert(0, self.sender)
        self.reply_numbers = [n for n in dict.fromkeys(numbers) if n]
        self.url = base_url(config.endpoint, HOST)
        self.http = HttpTransport(timeout=config.timeout_seconds, secret=self._secret)

    def _path(self, tail: str) -> str:
        return f"{API}/Accounts/{quote(self.account_sid, safe='')}{tail}"

    def _call(
        self, method: str, path: str, *, form: dict[str, str] | None = None, sending: bool = False
    ) -> tuple[int, dict[str, Any]]:
        headers = {"Accept": "application/json"}
        data = None
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            data = urlencode(form).encode()
        response = self.http.request(
            method,
            self.url + path,
            headers=headers,
            data=data,
            idempotent=not sending,
            auth=(self.key_id, self._secret),
        )
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if response.ok and isinstance(payload, dict):
            return response.status_code, payload
        if isinstance(payload, dict) and "code" in payload:
            code = int(payload.get("code") or 0)
            if response.status_code == 404 and code in (20404, 0):
                return 404, payload  # the caller decides what "not found" means
            verdict = error_codes.twilio(code, response.status_code)
            log.info("twilio %s %s refused: %s", method, path.rsplit("/", 1)[-1], code)
            raise ProviderRefusedError(
                scrub(str(payload.get("message", ""))[:300], self._secret),
                category=verdict.category,
                vendor_code=str(code or response.status_code),
                http_status=response.status_code,
            )
        if sending and (response.ok or response.status_code >= 500):
            raise UnknownOutcomeError(
                f"HTTP {response.status_code} without a provider answer",
                http_status=response.status_code,
            )
        if response.status_code == 429:
            category = ErrorCategory.RATE_LIMITED
        elif response.status_code >= 500 or response.ok:
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

    def submit(self, messages: Sequence[OutgoingMessage]) -> list[SubmitResult]:
        if len(messages) > self.max_batch:
            raise ValueError("Twilio takes one recipient per request")
        results = []
        for message in messages:
            form = {"To": message.e164, "Body": message.text}
            if self.sender.startswith("MG"):
                form["MessagingServiceSid"] = self.sender
            else:
                form["From"] = self.sender
            try:
                _, payload = self._call(
                    "POST", self._path("/Messages.json"), form=form, sending=True
                )
            except ProviderRefusedError as exc:
                if exc.category not in MESSAGE_CATEGORIES:
                    raise
                results.append(
                    SubmitResult(
                        our_ref=message.our_ref,
                        accepted=False,
                        error_code=exc.vendor_code,
                        error_message=str(exc),
                        category=ErrorCategory(exc.category),
                    )
                )
                continue
            results.append(
                SubmitResult(
                    our_ref=message.our_ref,
                    accepted=True,
                    provider_message_id=str(payload.get("sid", "")),
                )
            )
        return results

    # -- receipts ------------------------------------------------------------------------

    def pull_receipts(self, pending: Sequence[PendingMessage]) -> list[Receipt]:
        return [r for r in self.lookup_receipts(pending) if r.status is not DeliveryStatus.PENDING]

    def lookup_receipts(self, pending: Sequence[PendingMessage]) -> list[Receipt]:
        receipts: list[Receipt] = []
        claimed: set[str] = set()
        for item in pending:
            if item.provider_message_id:
                status, payload = self._call(
                    "GET", self._path(f"/Messages/{quote(item.provider_message_id, safe='')}.json")
                )
                if status == 404:
                    continue
            else:
                found = self._find_outbound(item, claimed)
                if found is None:
                    continue
                payload = found
            claimed.add(str(payload.get("sid", "")))
            receipts.append(_receipt(payload, item))
        return receipts

    def _find_outbound(self, item: PendingMessage, claimed: set[str]) -> dict[str, Any] | None:
        """The outbound message to this number created around ``item.submitted_at``."""
        at = ensure_utc(item.submitted_at)
        start, end = at + RECONCILE_WINDOW[0], at + RECONCILE_WINDOW[1]
        query = {"To": item.e164, "DateSent>": start.strftime("%Y-%m-%d"), "PageSize": "100"}
        if not self.sender.startswith("MG"):
            query["From"] = self.sender
        for message in self._list(query):
            created = _parse_date(message.get("date_created"))
            if (
                str(message.get("direction", "")).startswith("outbound")
                and str(message.get("sid", "")) not in claimed
                and created is not None
                and start <= created <= end
            ):
                return message
        return None

    def _list(self, query: dict[str, str]) -> list[dict[str, Any]]:
        # "DateSent>" is the parameter name; urlencode turns it into DateSent%3E=...
        path: str | None = self._path("/Messages.json") + "?" + urlencode(query)
        messages: list[dict[str, Any]] = []
        for _ in range(MAX_PAGES):
            if path is None:
                break
            status, payload = self._call("GET", path)
            if status == 404:
                break
            messages.extend(m for m in payload.get("messages") or [] if isinstance(m, dict))
            path = payload.get("next_page_uri") or None
        return messages

    # -- replies -------------------------------------------------------------------------

    def pull_replies(self, since: datetime | None) -> list[InboundReply]:
        since = ensure_utc(since) if since is not None else utc_now() - timedelta(days=7)
        day = since.strftime("%Y-%m-%d")  # Twilio filters by day: filter the rest here
        queries = [{"To": n, "DateSent>": day, "PageSize": "1000"} for n in self.reply_numbers]
        if not queries:
            queries = [{"DateSent>": day, "PageSize": "1000"}]
        replies: dict[str, InboundReply] = {}
        for query in queries:
            for message in self._list(query):
                if message.get("direction") != "inbound":
                    continue
                received = _parse_date(message.get("date_sent")) or _parse_date(
                    message.get("date_created")
                )
                if received is None or received < since:
                    continue
                sid = str(message.get("sid", ""))
                replies[sid] = InboundReply(
                    provider_reply_id=sid,
                    e164=str(message.get("from", "")),
                    text=str(message.get("body", "")),
                    received_at=received,
                )
        return sorted(replies.values(), key=lambda reply: reply.received_at)

    def test_connection(self) -> None:
        status, _ = self._call("GET", self._path(".json"))
        if status == 404:
            raise ProviderRefusedError(
                "The Twilio account was not found",
                category=ErrorCategory.AUTH,
                vendor_code="20404",
                http_status=404,
            )

    def close(self) -> None:
        self.http.close()


def _receipt(payload: dict[str, Any], item: PendingMessage) -> Receipt:
    state = str(payload.get("status", ""))
    raw_code = str(payload.get("error_code") or "")
    code = int(raw_code) if raw_code.isdigit() else 0
    if state in _DELIVERED:
        status = DeliveryStatus.DELIVERED
    elif state in _FAILED:
        status = DeliveryStatus.FAILED
    else:
        status = DeliveryStatus.PENDING
    return Receipt(
        provider_message_id=str(payload.get("sid", "")),
        status=status,
        e164=item.e164,
        our_ref=item.our_ref,
        error_code=str(code) if code else ("" if status is not DeliveryStatus.FAILED else state),
        at=_parse_date(payload.get("date_updated")),
        opted_out=status is DeliveryStatus.FAILED
        and code in error_codes.TWILIO_OPT_OUT_DELIVERY_CODES,
    )
