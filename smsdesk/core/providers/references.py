"""The reference a send carries to the provider (Alibaba OutId, Tencent SessionContext).

One message carries its own our_ref. A call with several numbers carries one reference for
all of them: ``batch:<our_ref of the first message>:<count>``. Receipts for a batch are then
matched by (provider id, number); an unknown batch is reconciled by number and this
reference, which names a message that went unknown together with the others.
"""

from __future__ import annotations

from collections.abc import Sequence

from smsdesk.core.errors import ProviderError
from smsdesk.core.providers.base import ErrorCategory, OutgoingMessage, SubmitResult

BATCH_REF_PREFIX = "batch:"


def batch_ref(messages: Sequence[OutgoingMessage]) -> str:
    if len(messages) == 1:
        return messages[0].our_ref
    return f"{BATCH_REF_PREFIX}{messages[0].our_ref}:{len(messages)}"


def is_batch_ref(reference: str) -> bool:
    return reference.startswith(BATCH_REF_PREFIX)


def first_ref_of(reference: str) -> str:
    """our_ref of the first message of a batch reference (or the reference itself)."""
    if is_batch_ref(reference):
        return reference[len(BATCH_REF_PREFIX) :].rsplit(":", 1)[0]
    return reference


def failed_result(message: OutgoingMessage, exc: ProviderError) -> SubmitResult:
    """A per-message result carrying the category of a refused (or unknown) call."""
    return SubmitResult(
        our_ref=message.our_ref,
        accepted=False,
        error_code=getattr(exc, "vendor_code", "") or exc.code,
        error_message=str(exc),
        category=ErrorCategory(exc.category),
        retry_after_seconds=getattr(exc, "retry_after_seconds", None),
    )
