"""The puller: delivery receipts, reconciliation of "unknown" messages, and inbound replies.

A desktop app cannot receive webhooks, so everything is pulled on an interval (setting
``sending.pull_interval_seconds``) and on demand. Some vendor queues hand each item out once
(Tencent ``PullSmsSendStatus``, Alibaba MNS), so whatever one call returned is committed before
the next call. Applying a receipt is idempotent: a message in a final state never changes, so
the same receipt twice changes nothing (and counts a failed delivery only once).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from smsdesk.core import settings
from smsdesk.core.clock import ensure_utc, utc_now
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import Message, ProviderAccount
from smsdesk.core.enums import MessageState
from smsdesk.core.errors import ProviderError
from smsdesk.core.providers.base import (
    DeliveryStatus,
    ErrorCategory,
    PendingMessage,
    Provider,
    Receipt,
)
from smsdesk.core.sending import consent_hooks
from smsdesk.core.sending.account_pause import PauseReason, pause_account
from smsdesk.core.sending.outcomes import note_delivered, note_failed_delivery
from smsdesk.core.sending.provider_pool import ProviderPool

log = logging.getLogger(__name__)

PENDING_BATCH = 500
LOOKUP_BATCH = 200
MAX_PULLS_PER_ROUND = 20  # queue pulls repeated while they come back full
QUEUE_FULL = 100  # Tencent's page size; a full page means there may be more
RECEIPT_LATE = timedelta(minutes=30)  # after this, ask the non-consuming lookup as well
FIRST_REPLY_LOOKBACK = timedelta(days=7)
REPLY_OVERLAP = timedelta(minutes=10)
FINAL_STATES = (
    MessageState.DELIVERED.value,
    MessageState.FAILED.value,
    MessageState.EXPIRED.value,
    MessageState.CANCELLED.value,
    MessageState.SKIPPED.value,
)
CURSOR_RECEIPTS = "sender.receipts_after_id"
CURSOR_LATE = "sender.late_after_id"
CURSOR_REPLIES = "sender.replies_since"


@dataclass
class PullResult:
    changed: int = 0  # receipts that moved a message to a new state
    unchanged: int = 0  # receipts for a message already in that or a final state
    unmatched: int = 0  # receipts for no message of ours
    reconciled: int = 0  # unknown → submitted/delivered/failed
    replies: int = 0  # new replies stored
    suppressed: int = 0  # numbers the vendor reported as opted out
    paused: list[tuple[int, str, PauseReason]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)

    def add(self, other: PullResult) -> None:
        for name in ("changed", "unchanged", "unmatched", "reconciled", "replies", "suppressed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.paused.extend(other.paused)
        self.errors.extend(other.errors)


def receipt_wait(session: Session) -> timedelta:
    return timedelta(hours=float(settings.get(session, "sending.receipt_wait_hours")))


def awaiting_receipts(session: Session, *, now: datetime | None = None) -> int:
    """Submitted messages still inside the receipt window (``run --until-idle`` waits)."""
    now = now or utc_now()
    since = now - receipt_wait(session)
    return len(
        session.scalars(
            select(Message.id)
            .where(Message.state == MessageState.SUBMITTED.value, Message.submitted_at >= since)
            .limit(1)
        ).all()
    )


# -- applying receipts -------------------------------------------------------------------


def _find(session: Session, account_id: int, receipt: Receipt) -> Message | None:
    if receipt.our_ref:
        message = session.scalar(select(Message).where(Message.our_ref == receipt.our_ref))
        if message is not None and (not receipt.e164 or message.e164 == receipt.e164):
            return message
    if not receipt.provider_message_id:
        return None
    query = select(Message).where(
        Message.provider_account_id == account_id,
        Message.provider_message_id == receipt.provider_message_id,
    )
    if receipt.e164:
        query = query.where(Message.e164 == receipt.e164)
    matches = session.scalars(query.limit(2)).all()
    return matches[0] if len(matches) == 1 else None


def apply_receipts(
    session: Session, account_id: int, receipts: Sequence[Receipt], *, account_name: str = ""
) -> PullResult:
    """Move messages to what the receipts say; the caller commits."""
    result = PullResult()
    now = utc_now()
    for receipt in receipts:
        message = _find(session, account_id, receipt)
        if message is None:
            result.unmatched += 1
            continue
        if receipt.opted_out:
            consent_hooks.suppress_number(
                session,
                message.e164,
                reason=receipt.error_code or "provider_opt_out",
                source=f"provider:{account_name or account_id}",
            )
            result.suppressed += 1
        was_unknown = message.state == MessageState.UNKNOWN
        if message.state in FINAL_STATES or message.state == MessageState.QUEUED:
            result.unchanged += 1
            continue
        if not message.provider_message_id and receipt.provider_message_id:
            message.provider_message_id = receipt.provider_message_id
        if receipt.status == DeliveryStatus.PENDING:
            if message.state != MessageState.UNKNOWN:
                result.unchanged += 1
                continue
            message.state = MessageState.SUBMITTED.value
            message.submitted_at = message.submitting_at or now
        elif receipt.status == DeliveryStatus.DELIVERED:
            message.state = MessageState.DELIVERED.value
            message.done_at = ensure_utc(receipt.at) if receipt.at else now
            message.submitted_at = message.submitted_at or message.submitting_at
            if message.contact_id is not None:
                note_delivered(session, message.contact_id)
        else:
            message.state = MessageState.FAILED.value
            message.done_at = ensure_utc(receipt.at) if receipt.at else now
            message.submitted_at = message.submitted_at or message.submitting_at
            message.error_code = (receipt.error_code or "undelivered")[:60]
            if message.contact_id is not None:
                note_failed_delivery(session, message.contact_id)
        result.changed += 1
        if was_unknown:
            result.reconciled += 1
    return result


# -- pulling -----------------------------------------------------------------------------


def _pending(
    session: Session, query: object, cursor_key: str, account: ProviderAccount, limit: int
) -> list[PendingMessage]:
    """The next ``limit`` rows after the saved cursor, wrapping round (fair to every row)."""
    after = int((account.pull_cursor or {}).get(cursor_key, 0))
    rows = session.execute(query.where(Message.id > after).order_by(Message.id).limit(limit)).all()  # type: ignore[attr-defined]
    if not rows and after:
        rows = session.execute(query.order_by(Message.id).limit(limit)).all()  # type: ignore[attr-defined]
    cursor = dict(account.pull_cursor or {})
    cursor[cursor_key] = rows[-1].id if rows else 0
    account.pull_cursor = cursor
    return [
        PendingMessage(
            our_ref=row.our_ref,
            e164=row.e164,
            provider_message_id=row.provider_message_id or "",
            submitted_at=row.submitted_at or row.submitting_at or row.created_at,
        )
        for row in rows
    ]


def _columns() -> object:
    return select(
        Message.id,
        Message.our_ref,
        Message.e164,
        Message.provider_message_id,
        Message.submitted_at,
        Message.submitting_at,
        Message.created_at,
    )


def pull_account(db: Database, account_id: int, provider: Provider) -> PullResult:
    """One pull for one account: queue receipts, lookups for unknown and late messages,
    replies. Stops early, keeping what it already committed, when the vendor refuses."""
    result = PullResult()
    try:
        _pull_receipts(db, account_id, provider, result)
        _reconcile(db, account_id, provider, result)
        _pull_replies(db, account_id, provider, result)
    except ProviderError as exc:
        code = getattr(exc, "vendor_code", "") or exc.code
        if exc.category in (ErrorCategory.AUTH, ErrorCategory.BALANCE):
            reason = PauseReason(str(exc.category), code, str(exc))
            with db.session() as session:
                account = pause_account(session, account_id, reason)
                result.paused.append((account_id, account.name, reason))
        else:
            result.errors.append((code, str(exc)))
    with db.session() as session:
        pulled = session.get(ProviderAccount, account_id)
        if pulled is not None:
            pulled.last_pull_at = utc_now()
    return result


def _pull_receipts(db: Database, account_id: int, provider: Provider, result: PullResult) -> None:
    for _ in range(MAX_PULLS_PER_ROUND):
        with db.session() as session:
            account = session.get(ProviderAccount, account_id)
            assert account is not None
            since = utc_now() - receipt_wait(session)
            pending = _pending(
                session,
                _columns().where(  # type: ignore[attr-defined]
                    Message.provider_account_id == account_id,
                    Message.state == MessageState.SUBMITTED.value,
                    Message.submitted_at >= since,
                ),
                CURSOR_RECEIPTS,
                account,
                PENDING_BATCH,
            )
            name = account.name
        receipts = provider.pull_receipts(pending)
        with db.session() as session:
            result.add(apply_receipts(session, account_id, receipts, account_name=name))
        if len(receipts) < QUEUE_FULL:
            return


def _reconcile(db: Database, account_id: int, provider: Provider, result: PullResult) -> None:
    """Non-consuming lookups: every unknown message, and submitted ones whose receipt is late."""
    with db.session() as session:
        account = session.get(ProviderAccount, account_id)
        assert account is not None
        now = utc_now()
        since = now - receipt_wait(session)
        unknown = _pending(
            session,
            _columns().where(  # type: ignore[attr-defined]
                Message.provider_account_id == account_id,
                Message.state == MessageState.UNKNOWN.value,
                Message.submitting_at >= since,
            ),
            "sender.unknown_after_id",
            account,
            LOOKUP_BATCH,
        )
        late = _pending(
            session,
            _columns().where(  # type: ignore[attr-defined]
                Message.provider_account_id == account_id,
                Message.state == MessageState.SUBMITTED.value,
                Message.submitted_at >= since,
                Message.submitted_at < now - RECEIPT_LATE,
            ),
            CURSOR_LATE,
            account,
            LOOKUP_BATCH,
        )
        name = account.name
    if not unknown and not late:
        return
    receipts = provider.lookup_receipts([*unknown, *late])
    with db.session() as session:
        result.add(apply_receipts(session, account_id, receipts, account_name=name))


def _pull_replies(db: Database, account_id: int, provider: Provider, result: PullResult) -> None:
    with db.session() as session:
        account = session.get(ProviderAccount, account_id)
        assert account is not None
        saved = (account.pull_cursor or {}).get(CURSOR_REPLIES)
        since = (
            ensure_utc(datetime.fromisoformat(saved)) if saved else utc_now() - FIRST_REPLY_LOOKBACK
        )
    replies = provider.pull_replies(since)
    if not replies:
        return
    with db.session() as session:
        newest = since
        for reply in replies:
            received = ensure_utc(reply.received_at)
            newest = max(newest, received - REPLY_OVERLAP)
            message_id, campaign_id = _replied_message(session, account_id, reply.e164, received)
            if consent_hooks.record_reply(
                session,
                reply,
                provider_account_id=account_id,
                message_id=message_id,
                campaign_id=campaign_id,
            ):
                result.replies += 1
        account = session.get(ProviderAccount, account_id)
        assert account is not None
        cursor = dict(account.pull_cursor or {})
        cursor[CURSOR_REPLIES] = newest.isoformat()
        account.pull_cursor = cursor


def _replied_message(
    session: Session, account_id: int, e164: str, received: datetime
) -> tuple[int | None, int | None]:
    """The latest message we sent this number on this account before the reply came."""
    row = session.execute(
        select(Message.id, Message.campaign_id)
        .where(
            Message.e164 == e164,
            Message.provider_account_id == account_id,
            Message.submitting_at.is_not(None),
            Message.submitting_at <= received,
        )
        .order_by(Message.submitting_at.desc())
        .limit(1)
    ).first()
    return (row.id, row.campaign_id) if row else (None, None)


def pull_all(db: Database, pool: ProviderPool) -> PullResult:
    """One pull for every account that is not paused."""
    result = PullResult()
    with db.session() as session:
        accounts = [
            (a.id, a.name) for a in session.scalars(select(ProviderAccount)) if not a.paused_reason
        ]
    for account_id, name in accounts:
        try:
            with db.session() as session:
                account = session.get(ProviderAccount, account_id)
                assert account is not None
                provider = pool.get(session, account)
            result.add(pull_account(db, account_id, provider))
        except ProviderError as exc:
            result.errors.append((exc.code, f"{name}: {exc}"))
        except Exception as exc:  # one broken account must not stop the others' pulls
            log.exception("pulling from %s failed", name)
            result.errors.append(("pull_failed", f"{name}: {type(exc).__name__}"))
    return result
