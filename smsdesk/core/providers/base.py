"""The one interface every provider adapter implements, and the values that cross it.

Adapters speak HTTP (``requests.Session``) and translate vendor answers into these values and
into ``ProviderError`` categories; they never touch the database. The sender owns states,
retries and the at-most-once rule.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar

from smsdesk.core.enums import ProviderKind
from smsdesk.core.errors import ProviderError


class ErrorCategory(StrEnum):
    """What the sender does about a failure (DEVELOPERS.md, issue 6)."""

    RETRY = "retry"  # refused for a passing reason (connect failure, 5xx): try again later
    RATE_LIMITED = "rate_limited"  # throttled: back off, then try again
    INVALID_NUMBER = "invalid_number"  # this recipient cannot receive: fail the message
    OPTED_OUT = "opted_out"  # recipient blocked/unsubscribed: fail and suppress the number
    BALANCE = "balance"  # out of money or quota: pause the account
    AUTH = "auth"  # credentials or configuration wrong: pause everything on the account
    TEMPLATE = "template"  # template or signature not approved / rejected: fail, tell the user
    LIMIT = "limit"  # a per-number/day or content-interval limit: defer this message
    UNKNOWN_OUTCOME = "unknown_outcome"  # may have reached the provider: never resend blindly
    PERMANENT = "permanent"  # any other refusal of this one message


# Refusals that concern one message or recipient; every other category concerns the whole
# call or account (pause, back off, fix the template) and is raised, not returned per message.
MESSAGE_CATEGORIES = frozenset(
    {
        ErrorCategory.INVALID_NUMBER,
        ErrorCategory.OPTED_OUT,
        ErrorCategory.LIMIT,
        ErrorCategory.PERMANENT,
    }
)


class UnknownOutcomeError(ProviderError):
    """The request may have reached the provider (read timeout, reset after sending)."""

    code = "provider_unknown_outcome"

    def __init__(self, message: str = "", **params: Any) -> None:
        super().__init__(message, category=ErrorCategory.UNKNOWN_OUTCOME, **params)


class ProviderRefusedError(ProviderError):
    """The provider answered and refused the whole call; its own code is kept for the UI.

    ``vendor_code`` is the provider's code (``isv.AMOUNT_NOT_ENOUGH``, ``21610``...),
    ``retry_after_seconds`` a hint for RATE_LIMITED/LIMIT/RETRY (None: use your backoff).
    The message never contains a secret or a full phone number.
    """

    code = "provider_refused"

    def __init__(
        self,
        message: str = "",
        *,
        category: str,
        vendor_code: str = "",
        http_status: int = 0,
        retry_after_seconds: float | None = None,
    ) -> None:
        super().__init__(
            message or vendor_code or category,
            category=category,
            vendor_code=vendor_code,
            http_status=http_status,
        )
        self.vendor_code = vendor_code
        self.http_status = http_status
        self.retry_after_seconds = retry_after_seconds


def scrub(text: str, *secrets: str) -> str:
    """``text`` with every non-empty secret replaced by ``***`` (for messages and logs)."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


@dataclass(frozen=True)
class OutgoingMessage:
    our_ref: str  # our own unique reference (passed as OutId / SessionContext where possible)
    e164: str
    text: str  # the full rendered text, signature included (free-text providers)
    sign_name: str = ""  # signature name without 【】 (template providers)
    template_code: str = ""  # the provider's approved template code
    variables: Mapping[str, str] = field(default_factory=dict)  # provider-syntax variables


@dataclass(frozen=True)
class SubmitResult:
    our_ref: str
    accepted: bool
    provider_message_id: str = ""
    error_code: str = ""
    error_message: str = ""
    category: ErrorCategory | None = None
    # For LIMIT / RATE_LIMITED refusals: when trying again makes sense (None: unknown).
    retry_after_seconds: float | None = None


class DeliveryStatus(StrEnum):
    DELIVERED = "delivered"
    FAILED = "failed"
    PENDING = "pending"


@dataclass(frozen=True)
class PendingMessage:
    """A submitted message awaiting its receipt (what a per-message status pull needs)."""

    our_ref: str
    e164: str
    provider_message_id: str
    submitted_at: datetime


@dataclass(frozen=True)
class Receipt:
    provider_message_id: str
    status: DeliveryStatus
    e164: str = ""
    our_ref: str = ""
    error_code: str = ""
    at: datetime | None = None
    # An error that means the recipient opted out / blocked us (suppress the number).
    opted_out: bool = False


@dataclass(frozen=True)
class InboundReply:
    provider_reply_id: str  # stable id, so the same reply pulled twice is stored once
    e164: str
    text: str
    received_at: datetime


@dataclass(frozen=True)
class ReviewStatus:
    """A template's or signature's review state at the provider."""

    code: str  # provider template code or signature name
    status: str  # ApprovalStatus value
    reason: str = ""


@dataclass(frozen=True)
class SettingField:
    """One non-secret setting an adapter reads from ``ProviderConfig.settings``.

    The UI and the CLI build their forms from these; labels are made in the UI from ``key``.
    ``kind``: "text", "int", "float", "bool", "choice" (one of ``choices``) or "json".
    """

    key: str
    kind: str = "text"
    required: bool = False
    default: Any = ""
    choices: tuple[str, ...] = ()


@dataclass
class ProviderConfig:
    """Everything an adapter needs: non-secret settings from the database, secret from keyring."""

    name: str
    kind: ProviderKind
    settings: dict[str, Any] = field(default_factory=dict)
    secret: str = ""
    endpoint: str = ""  # override (tests, proxies, private deployments)
    timeout_seconds: float = 15.0

    def __repr__(self) -> str:  # never show the secret
        return f"ProviderConfig(name={self.name!r}, kind={self.kind!r}, endpoint={self.endpoint!r})"


class Provider(ABC):
    """One provider account's API.

    Matching receipts to messages: use ``Receipt.our_ref`` when it is set, otherwise
    (``provider_message_id``, ``e164``) -- Alibaba's BizId is shared by every number of one
    call, so the number is part of the key.
    """

    kind: ClassVar[ProviderKind]
    max_batch: ClassVar[int] = 1  # recipients per submit() call the vendor accepts
    uses_templates: ClassVar[bool] = False  # True: needs template_code + variables, not text
    # True only for the Sandbox: nothing leaves this computer (label it in the UI).
    sends_nothing: ClassVar[bool] = False
    # True: our_ref travels with the message and comes back in receipts (OutId, SessionContext).
    echoes_our_ref: ClassVar[bool] = False
    # True: submit_signature needs proof_image (a business-licence image).
    signature_needs_proof: ClassVar[bool] = False
    # False: the account works without a keychain secret (Sandbox).
    needs_secret: ClassVar[bool] = True
    # The non-secret settings this kind reads (forms in the UI and the CLI).
    setting_fields: ClassVar[tuple[SettingField, ...]] = ()

    def __init__(self, config: ProviderConfig) -> None:
        self.config = config

    def batch_key(self, message: OutgoingMessage) -> Hashable:
        """Messages with equal keys may share one ``submit()`` call (up to ``max_batch``).

        Tencent sends one template, signature and parameter list to every number of a call;
        Alibaba's SendBatchSms one template. Group by this key before batching.
        """
        return ()

    def lookup_receipts(self, pending: Sequence[PendingMessage]) -> list[Receipt]:
        """Non-consuming status lookup for each pending message (reconciliation).

        Use it for messages in state unknown (``provider_message_id`` may be empty: they are
        matched by our_ref, number and time) and for messages whose queue receipt never came.
        A returned PENDING receipt means the provider has the message but no final state yet.
        A message missing from the answer has no record at the provider *yet*; only give up
        on it after a grace period. Pass every unknown message of one failed batch together.
        """
        return self.pull_receipts(pending)

    def template_variables(self, template_text: str, values: Mapping[str, str]) -> dict[str, str]:
        """Our ``{name}`` values in this provider's variable syntax for ``OutgoingMessage``."""
        return {str(key): str(value) for key, value in values.items()}

    @abstractmethod
    def submit(self, messages: Sequence[OutgoingMessage]) -> list[SubmitResult]:
        """Send up to ``max_batch`` messages; one result per message, in order.

        Raises ``ProviderError`` (with a category) when the whole call was refused, and
        ``UnknownOutcomeError`` when it may have reached the provider. A batch whose
        messages have different ``batch_key`` values is sent as several calls; if a later
        call fails, its messages come back as results with that category (which may be
        UNKNOWN_OUTCOME) rather than as an exception, since earlier calls were accepted.
        """

    @abstractmethod
    def pull_receipts(self, pending: Sequence[PendingMessage]) -> list[Receipt]:
        """Delivery receipts available now (for queue-style APIs ``pending`` may be ignored)."""

    @abstractmethod
    def pull_replies(self, since: datetime | None) -> list[InboundReply]:
        """Inbound replies (上行) received since ``since`` (or whatever the queue holds)."""

    @abstractmethod
    def test_connection(self) -> None:
        """Check credentials and reachability without sending; raise ``ProviderError``."""

    def submit_template(
        self, *, name: str, text: str, kind: str, sign_name: str = "", remark: str = ""
    ) -> ReviewStatus:
        """Submit ``text`` (our ``{name}`` syntax) for review; ``kind`` is marketing|service."""
        raise ProviderError(
            "This provider has no template review API", category=ErrorCategory.PERMANENT
        )

    def query_template(self, code: str) -> ReviewStatus:
        raise ProviderError(
            "This provider has no template review API", category=ErrorCategory.PERMANENT
        )

    def submit_signature(
        self, *, name: str, company: str, proof_image: bytes = b"", remark: str = ""
    ) -> ReviewStatus:
        raise ProviderError(
            "This provider has no signature review API", category=ErrorCategory.PERMANENT
        )

    def query_signature(self, name: str) -> ReviewStatus:
        raise ProviderError(
            "This provider has no signature review API", category=ErrorCategory.PERMANENT
        )

    def close(self) -> None:  # noqa: B027 - optional hook, most adapters have nothing to close
        """Release pooled connections."""
