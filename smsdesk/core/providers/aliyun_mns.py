"""Pulling Alibaba's SmsUp (replies) and SmsReport (receipts) message queues (MNS REST).

A desktop cannot take Alibaba's HTTP push, so it pulls the account's queue with a temporary
token from ``Dybaseapi.QueryTokenForMnsQueue`` (shared/PROVIDERS.md 1.7). A message leaves the
queue only when deleted; we delete what one pull returned at the start of the next pull,
after the caller has committed it. A crash in between makes the messages reappear (the
caller stores receipts and replies idempotently), never lose them.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import logging
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import formatdate
from typing import Any
from urllib.parse import quote

from smsdesk.core.clock import utc_now
from smsdesk.core.providers.aliyun_signing import mns_authorization
from smsdesk.core.providers.base import ErrorCategory, ProviderRefusedError
from smsdesk.core.providers.transport import HttpTransport, host_of

log = logging.getLogger(__name__)

MNS_VERSION = "2015-06-06"
BATCH = 16  # the most BatchReceiveMessage hands out at once


@dataclass(frozen=True)
class MnsToken:
    key_id: str
    secret: str
    security_token: str
    expires_at: datetime


@dataclass(frozen=True)
class QueueMessage:
    message_id: str
    receipt_handle: str
    body: dict[str, Any]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element) -> dict[str, str]:
    return {_local(child.tag): (child.text or "") for child in element}


class MnsQueueClient:
    """Receive and delete on the queues of one account, one cached token per queue."""

    def __init__(
        self,
        http: HttpTransport,
        endpoint: str,
        fetch_token: Callable[[str, str], MnsToken],
        *,
        max_batches: int = 20,
    ) -> None:
        self.http = http
        self.endpoint = endpoint.rstrip("/")
        self._fetch_token = fetch_token
        self._tokens: dict[tuple[str, str], MnsToken] = {}
        self._unacked: dict[tuple[str, str], list[str]] = {}
        self.max_batches = max_batches

    def _token(self, message_type: str, queue: str) -> MnsToken:
        key = (message_type, queue)
        token = self._tokens.get(key)
        if token is None or utc_now() >= token.expires_at - timedelta(minutes=2):
            token = self._fetch_token(message_type, queue)
            self._tokens[key] = token
        return token

    def _call(self, method: str, resource: str, message_type: str, queue: str) -> tuple[int, str]:
        token = self._token(message_type, queue)
        date = formatdate(usegmt=True)
        mns_headers = {"x-mns-version": MNS_VERSION}
        headers = {
            "Host": host_of(self.endpoint),
            "Date": date,
            "security-token": token.security_token,
            **mns_headers,
            "Authorization": mns_authorization(
                method=method,
                resource=resource,
                date=date,
                mns_headers=mns_headers,
                key_id=token.key_id,
                secret=token.secret,
            ),
        }
        response = self.http.request(
            method, self.endpoint + resource, headers=headers, idempotent=True
        )
        return response.status_code, response.text

    def receive(self, message_type: str, queue: str) -> list[QueueMessage]:
        """Everything the queue holds now (up to ``max_batches`` x 16), after deleting what
        the previous call returned."""
        self.acknowledge(message_type, queue)
        received: list[QueueMessage] = []
        resource = f"/queues/{quote(queue, safe='')}/messages?numOfMessages={BATCH}&waitseconds=0"
        for _ in range(self.max_batches):
            status, text = self._call("GET", resource, message_type, queue)
            if status == 404 and "MessageNotExist" in text:
                break
            if status != 200:
                raise self._error(status, text)
            batch = self._parse_messages(text)
            received.extend(batch)
            if len(batch) < BATCH:
                break
        self._unacked.setdefault((message_type, queue), []).extend(
            m.receipt_handle for m in received
        )
        return received

    def acknowledge(self, message_type: str, queue: str) -> None:
        """Delete the messages handed out by the previous ``receive`` of this queue."""
        handles = self._unacked.pop((message_type, queue), [])
        for index, handle in enumerate(handles):
            resource = (
                f"/queues/{quote(queue, safe='')}/messages?ReceiptHandle={quote(handle, safe='')}"
            )
            try:
                status, _text = self._call("DELETE", resource, message_type, queue)
            except ProviderRefusedError:
                self._unacked.setdefault((message_type, queue), []).extend(handles[index:])
                raise
            # 404 ReceiptHandleError: the visibility window passed; it will come again.
            if status not in (204, 404):
                log.warning("MNS delete answered HTTP %s", status)

    def acknowledge_all(self) -> None:
        for message_type, queue in list(self._unacked):
            self.acknowledge(message_type, queue)

    @staticmethod
    def _parse_messages(text: str) -> list[QueueMessage]:
        try:
            root = ET.fromstring(text)
        except ET.ParseError:
            raise ProviderRefusedError(
                "The message queue sent an unreadable answer",
                category=ErrorCategory.RETRY,
                vendor_code="mns_bad_xml",
            ) from None
        elements = [root] if _local(root.tag) == "Message" else list(root)
        messages: list[QueueMessage] = []
        for element in elements:
            fields = _children(element)
            raw = fields.get("MessageBody", "")
            try:
                body = json.loads(base64.b64decode(raw, validate=True).decode("utf-8"))
            except (binascii.Error, ValueError):
                try:
                    body = json.loads(raw)  # some queues are not base64-encoded
                except ValueError:
                    log.warning("skipping an unreadable queue message")
                    body = {}
            messages.append(
                QueueMessage(
                    message_id=fields.get("MessageId", ""),
                    receipt_handle=fields.get("ReceiptHandle", ""),
                    body=body if isinstance(body, dict) else {},
                )
            )
        return messages

    @staticmethod
    def _error(status: int, text: str) -> ProviderRefusedError:
        code = ""
        with contextlib.suppress(ET.ParseError):
            code = _children(ET.fromstring(text)).get("Code", "")
        if status in (401, 403) or code in ("AccessDenied", "InvalidAccessKeyId"):
            category = ErrorCategory.AUTH
        elif code == "QueueNotExist" or status == 404:
            category = ErrorCategory.AUTH  # wrong queue name: configuration
        elif status == 429 or code.startswith("Throttling"):
            category = ErrorCategory.RATE_LIMITED
        else:
            category = ErrorCategory.RETRY
        return ProviderRefusedError(
            f"Message queue error {code or status}",
            category=category,
            vendor_code=code or f"http_{status}",
            http_status=status,
        )
