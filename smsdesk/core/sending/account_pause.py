"""Pausing a provider account when the vendor says the credentials or the balance are wrong.

Nothing more is sent on a paused account until the user resumes it (after fixing the key or
topping up). ``ProviderAccount.paused_reason`` holds ``category|vendor_code|vendor message``
so that the UI can say in the user's language what happened and what to do; an empty
string means the account is active.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from smsdesk.core import audit
from smsdesk.core.db.models import ProviderAccount
from smsdesk.core.errors import NotFoundError

SEPARATOR = "|"
MAX_MESSAGE = 300


@dataclass(frozen=True)
class PauseReason:
    category: str  # an ErrorCategory value ("auth", "balance") or "user"
    vendor_code: str = ""
    message: str = ""

    def encode(self) -> str:
        message = self.message.replace("\n", " ")[:MAX_MESSAGE]
        return SEPARATOR.join((self.category, self.vendor_code.replace(SEPARATOR, "/"), message))


def decode(paused_reason: str) -> PauseReason | None:
    """The structured reason, or None for an active account. Free text counts as "user"."""
    if not paused_reason:
        return None
    category, sep, rest = paused_reason.partition(SEPARATOR)
    if not sep:
        return PauseReason("user", "", paused_reason)
    vendor_code, _, message = rest.partition(SEPARATOR)
    return PauseReason(category, vendor_code, message)


def pause_account(session: Session, account_id: int, reason: PauseReason) -> ProviderAccount:
    account = session.get(ProviderAccount, account_id)
    if account is None:
        raise NotFoundError(f"No provider account #{account_id}", account=account_id)
    account.paused_reason = reason.encode()
    audit.record(
        session,
        "provider.paused",
        account=account.name,
        category=reason.category,
        vendor_code=reason.vendor_code,
    )
    return account


def resume_account(session: Session, account_id: int) -> ProviderAccount:
    account = session.get(ProviderAccount, account_id)
    if account is None:
        raise NotFoundError(f"No provider account #{account_id}", account=account_id)
    if account.paused_reason:
        account.paused_reason = ""
        audit.record(session, "provider.resumed", account=account.name)
    return account


def paused_accounts(session: Session) -> list[tuple[int, str, PauseReason]]:
    """Every paused account with its reason, by name."""
    rows = session.execute(
        select(ProviderAccount.id, ProviderAccount.name, ProviderAccount.paused_reason)
        .where(ProviderAccount.paused_reason != "")
        .order_by(ProviderAccount.name)
    ).all()
    return [(row.id, row.name, decode(row.paused_reason)) for row in rows]  # type: ignore[misc]
