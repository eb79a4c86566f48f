"""A configurable HTTP provider for the many SMS resellers with a simple HTTP API.

Settings (all non-secret; the API key or password is the keychain secret, inserted through
the ``{secret}`` placeholder):

- ``url`` (send URL), ``method`` (POST or GET), ``body_format`` ("form", "json" or "none"),
  ``body_template`` (an object whose string leaves hold placeholders; a leaf that is exactly
  ``{variables}`` becomes the variables object), ``headers`` (object of header templates);
- response: ``id_path`` (dotted path to the message id, e.g. ``data.0.msgid``),
  ``success_path`` + ``success_values`` (a 2xx answer is refused unless the value at that path
  is one of them), ``error_code_path``, ``error_message_path``, ``error_categories`` (object
  vendor code -> ErrorCategory value);
- optional ``status_url`` (+ ``status_method``, ``status_path``, ``delivered_values``,
  ``failed_values``, ``status_error_path``) to pull a receipt per message;
- optional ``replies_url`` (+ ``replies_list_path``, ``reply_id_path``, ``reply_number_path``,
  ``reply_text_path``, ``reply_time_path``) to pull replies;
- optional ``test_url`` for "test connection" (otherwise a HEAD request to ``url``).

Placeholders: {number} (E.164), {number_digits}, {number_national}, {text}, {our_ref},
{sign_name}, {template_code}, {variables_json}, {var.NAME}, {key_id}, {secret},
{message_id}, {since} (ISO 8601, UTC), {since_unix}. In URLs the values are percent-encoded.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from smsdesk.core.clock import ensure_utc, utc_now
from smsdesk.core.enums import ProviderKind
from smsdesk.core.errors import ConfigurationError
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
from smsdesk.core.providers.phone_formats import cn_national_or_digits, e164_from_vendor
from smsdesk.core.providers.transport import HttpTransport, validate_endpoint

log = logging.getLogger(__name__)

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.]*)\}")
_MISSING = object()


def field_at(data: Any, path: str) -> Any:
    """The value at a dotted path (``data.0.msgid``); ``_MISSING`` when absent."""
    if not path:
        return _MISSING
    current = data
    for part in path.split("."):
        if isinstance(current, Mapping) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return _MISSING
    return current


def render(template: str, values: Mapping[str, Any], *, encode: Callable[[str], str] = str) -> str:
    """Replace ``{name}`` placeholders; unknown ones stay as written."""

    def replace(match: re.Match[str]) -> str:
        value = values.get(match.group(1), _MISSING)
        return match.group(0) if value is _MISSING else encode(str(value))

    return _PLACEHOLDER.sub(replace, template)


def _render_tree(node: Any, values: Mapping[str, Any]) -> Any:
    if isinstance(node, str):
        if node == "{variables}":
            return dict(values.get("variables") or {})
        return render(node, values)
    if isinstance(node, Mapping):
        return {str(k): _render_tree(v, values) for k, v in node.items()}
    if isinstance(node, list):
        return [_render_tree(v, values) for v in node]
    return node


def _as_object(value: Any, name: str) -> dict[str, Any]:
    if isinstance(value, str) and value.strip():
        try:
            value = json.loads(value)
        except ValueError:
            raise ConfigurationError(
                f"{name} is not valid JSON", reason="json", field=name
            ) from None
    if value in (None, ""):
        return {}
    if not isinstance(value, Mapping):
        raise ConfigurationError(f"{name} must be a JSON object", reason="json", field=name)
    return dict(value)


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value or []]


class HttpGenericProvider(Provider):
    kind = ProviderKind.HTTP
    max_batch = 1
    uses_templates = False
    setting_fields: ClassVar[tuple[SettingField, ...]] = (
        SettingField("url", required=True),
        SettingField("method", "choice", default="POST", choices=("POST", "GET")),
        SettingField("body_format", "choice", default="form", choices=("form", "json", "none")),
        SettingField("body_template", "json", default={}),
        SettingField("headers", "json", default={}),
        SettingField("key_id"),
        SettingField("id_path"),
        SettingField("success_path"),
        SettingField("success_values"),
        SettingField("error_code_path"),
        SettingField("error_message_path"),
        SettingField("error_categories", "json", default={}),
        SettingField("status_url"),
        SettingField("status_method", "choice", default="GET", choices=("GET", "POST")),
        SettingField("status_path"),
        SettingField("delivered_values", default="DELIVRD,delivered"),
        SettingField("failed_values"),
        SettingField("status_error_path"),
        SettingField("replies_url"),
        SettingField("replies_list_path"),
        SettingField("reply_id_path", default="id"),
        SettingField("reply_number_path", default="mobile"),
        SettingField("reply_text_path", default="content"),
        SettingField("reply_time_path", default="time"),
        SettingField("test_url"),
    )

    def __init__(self, config: ProviderConfig) -> None:
        super().__init__(config)
        s = config.settings
        self._secret = config.secret
        if not s.get("url"):
            raise ConfigurationError("The HTTP provider needs a URL", reason="url_missing")
        self.url = self._rebase(str(s["url"]))
        self.method = str(s.get("method") or "POST").upper()
        self.body_format = str(s.get("body_format") or "form")
        self.body_template = _as_object(s.get("body_template"), "body_template")
        self.headers = {k: str(v) for k, v in _as_object(s.get("headers"), "headers").items()}
        self.error_categories = {
            str(k): str(v)
            for k, v in _as_object(s.get("error_categories"), "error_categories").items()
        }
        for name in ("status_url", "replies_url", "test_url"):
            if s.get(name):
                self._rebase(str(s[name]))
        self.http = HttpTransport(timeout=config.timeout_seconds, secret=self._secret)

    def _rebase(self, url: str) -> str:
        """``url`` moved onto the endpoint override (scheme and host), and checked."""
        endpoint = self.config.endpoint
        if endpoint:
            base, parts = urlsplit(validate_endpoint(endpoint)), urlsplit(url)
            url = urlunsplit(
                (base.scheme, base.netloc, base.path + parts.path, parts.query, parts.fragment)
            )
        validate_endpoint(_PLACEHOLDER.sub("x", url))
        return url

    def _setting(self, key: str) -> str:
        value = self.config.settings.get(key)
        if key in ("status_url", "replies_url", "test_url") and value:
            return self._rebase(str(value))
        return self._plain_setting(key)

    def _plain_setting(self, key: str) -> str:
        value = self.config.settings.get(key)
        if value in (None, ""):
            for spec in self.setting_fields:
                if spec.key == key:
                    return str(spec.default or "")
            return ""
        return str(value)

    def _values(self, **extra: Any) -> dict[str, Any]:
        return {"secret": self._secret, "key_id": self._setting("key_id"), **extra}

    def _request(
        self,
        method: str,
        url_template: str,
        values: Mapping[str, Any],
        *,
        sending: bool,
        body: bool,
    ) -> tuple[int, Any]:
        url = render(url_template, values, encode=lambda v: quote(v, safe=""))
        headers = {name: render(value, values) for name, value in self.headers.items()}
        data: bytes | None = None
        if body and self.body_format != "none" and self.body_template:
            rendered = _render_tree(self.body_template, values)
            if self.body_format == "json":
                headers.setdefault("Content-Type", "application/json; charset=utf-8")
                data = json.dumps(rendered, ensure_ascii=False).encode()
            elif method == "GET":
                url += ("&" if "?" in url else "?") + urlencode(rendered)
            else:
                headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
                data = urlencode(rendered).encode()
        response = self.http.request(
            method, url, headers=headers, data=data, idempotent=not sending
        )
        try:
            payload = response.json()
        except ValueError:
            payload = _MISSING
        return response.status_code, payload

    def _refusal(self, status: int, payload: Any, *, sending: bool) -> ProviderRefusedError:
        code = field_at(payload, self._setting("error_code_path"))
        message = field_at(payload, self._setting("error_message_path"))
        code_text = "" if code is _MISSING else str(code)
        message_text = "" if message is _MISSING else str(message)
        if code_text in self.error_categories:
            try:
                category = ErrorCategory(self.error_categories[code_text])
            except ValueError:
                category = ErrorCategory.PERMANENT
        elif status in (401, 403):
            category = ErrorCategory.AUTH
        elif status == 429:
            category = ErrorCategory.RATE_LIMITED
        elif status >= 500:
            category = ErrorCategory.RETRY
        else:
            category = ErrorCategory.PERMANENT
        return ProviderRefusedError(
            scrub(message_text[:300], self._secret),
            category=category,
            vendor_code=code_text or f"http_{status}",
            http_status=status,
        )

    # -- sending -------------------------------------------------------------------------

    def submit(self, messages: Sequence[OutgoingMessage]) -> list[SubmitResult]:
        if len(messages) > self.max_batch:
            raise ValueError("The HTTP provider takes one message per request")
        return [self._submit_one(message) for message in messages]

    def _submit_one(self, message: OutgoingMessage) -> SubmitResult:
        values = self._values(
            number=message.e164,
            number_digits=message.e164.lstrip("+"),
            number_national=cn_national_or_digits(message.e164),
            text=message.text,
            our_ref=message.our_ref,
            sign_name=message.sign_name,
            template_code=message.template_code,
            variables=dict(message.variables),
            variables_json=json.dumps(dict(message.variables), ensure_ascii=False),
            **{f"var.{k}": v for k, v in message.variables.items()},
        )
        status, payload = self._request(self.method, self.url, values, sending=True, body=True)
        has_body = payload is not _MISSING
        if 200 <= status < 300:
            success_path = self._setting("success_path")
            if success_path:
                if not has_body:
                    raise UnknownOutcomeError("An unreadable answer to a send", http_status=status)
                value = field_at(payload, success_path)
                if str(value) not in _as_list(self._setting("success_values") or "0,ok,OK,true"):
                    return self._refused_result(
                        message, self._refusal(status, payload, sending=True)
                    )
            message_id = field_at(payload, self._setting("id_path")) if has_body else _MISSING
            if message_id is _MISSING and self._setting("id_path"):
                raise UnknownOutcomeError(
                    "The answer to a send has no message id", http_status=status
                )
            return SubmitResult(
                our_ref=message.our_ref,
                accepted=True,
                provider_message_id="" if message_id is _MISSING else str(message_id),
            )
        if status >= 500 and not has_body:
            raise UnknownOutcomeError(
                f"HTTP {status} without a provider answer", http_status=status
            )
        return self._refused_result(message, self._refusal(status, payload, sending=True))

    @staticmethod
    def _refused_result(message: OutgoingMessage, exc: ProviderRefusedError) -> SubmitResult:
        if exc.category not in MESSAGE_CATEGORIES:
            raise exc
        return SubmitResult(
            our_ref=message.our_ref,
            accepted=False,
            error_code=exc.vendor_code,
            error_message=str(exc),
            category=ErrorCategory(exc.category),
        )

    # -- receipts ------------------------------------------------------------------------

    def pull_receipts(self, pending: Sequence[PendingMessage]) -> list[Receipt]:
        return [r for r in self.lookup_receipts(pending) if r.status is not DeliveryStatus.PENDING]

    def lookup_receipts(self, pending: Sequence[PendingMessage]) -> list[Receipt]:
        status_url = self._setting("status_url")
        if not status_url:
            return []
        delivered = set(_as_list(self._setting("delivered_values")))
        failed = set(_as_list(self._setting("failed_values")))
        receipts = []
        for item in pending:
            if not item.provider_message_id and "{message_id}" in status_url:
                continue  # cannot be looked up without the provider's id
            values = self._values(
                message_id=item.provider_message_id, our_ref=item.our_ref, number=item.e164
            )
            status, payload = self._request(
                self._setting("status_method") or "GET",
                status_url,
                values,
                sending=False,
                body=False,
            )
            if status == 404:
                continue
            if not 200 <= status < 300 or payload is _MISSING:
                raise self._refusal(status, payload, sending=False)
            state = field_at(payload, self._setting("status_path"))
            if state is _MISSING:
                continue
            state = str(state)
            if state in delivered:
                result = DeliveryStatus.DELIVERED
            elif state in failed:
                result = DeliveryStatus.FAILED
            else:
                result = DeliveryStatus.PENDING
            error = field_at(payload, self._setting("status_error_path"))
            code = state if result is DeliveryStatus.FAILED else ""
            if error is not _MISSING and error not in (None, ""):
                code = str(error)
            receipts.append(
                Receipt(
                    provider_message_id=item.provider_message_id,
                    status=result,
                    e164=item.e164,
                    our_ref=item.our_ref,
                    error_code=code,
                    opted_out=result is DeliveryStatus.FAILED and "BLACK" in code.upper(),
                )
            )
        return receipts

    # -- replies -------------------------------------------------------------------------

    def pull_replies(self, since: datetime | None) -> list[InboundReply]:
        replies_url = self._setting("replies_url")
        if not replies_url:
            return []
        since = ensure_utc(since) if since is not None else utc_now() - timedelta(days=7)
        values = self._values(
            since=since.strftime("%Y-%m-%dT%H:%M:%SZ"), since_unix=int(since.timestamp())
        )
        status, payload = self._request("GET", replies_url, values, sending=False, body=False)
        if not 200 <= status < 300 or payload is _MISSING:
            raise self._refusal(status, payload, sending=False)
        items = (
            field_at(payload, self._setting("replies_list_path"))
            if self._setting("replies_list_path")
            else payload
        )
        replies = []
        for item in items if isinstance(items, list) else []:
            number = field_at(item, self._setting("reply_number_path"))
            text = field_at(item, self._setting("reply_text_path"))
            if number is _MISSING or text is _MISSING:
                continue
            reply_id = field_at(item, self._setting("reply_id_path"))
            received = _parse_time(field_at(item, self._setting("reply_time_path")))
            replies.append(
                InboundReply(
                    provider_reply_id=(
                        str(reply_id) if reply_id is not _MISSING else f"{number}|{received}|{text}"
                    ),
                    e164=e164_from_vendor(str(number)),
                    text=str(text),
                    received_at=received or utc_now(),
                )
            )
        return replies

    def test_connection(self) -> None:
        test_url = self._setting("test_url")
        if test_url:
            status, payload = self._request(
                "GET", test_url, self._values(), sending=False, body=False
            )
            if not 200 <= status < 300:
                raise self._refusal(status, payload, sending=False)
            return
        response = self.http.request("HEAD", self.url.split("?", 1)[0], idempotent=True)
        if response.status_code in (401, 403):
            raise ProviderRefusedError(
                "The provider refused the credentials",
                category=ErrorCategory.AUTH,
                vendor_code=f"http_{response.status_code}",
                http_status=response.status_code,
            )

    def close(self) -> None:
        self.http.close()


def _parse_time(value: Any) -> datetime | None:
    if value is _MISSING or value in (None, ""):
        return None
    if isinstance(value, int | float) or str(value).isdigit():
        number = float(value)
        return datetime.fromtimestamp(number / 1000 if number > 1e11 else number, UTC)
    text = str(value).replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:  # resellers in China answer in Beijing time
        parsed = parsed.replace(tzinfo=UTC) - timedelta(hours=8)
    return ensure_utc(parsed)
