"""Messages whose fate is unknown: found after a crash, settled by the vendor or by the user.

A row still ``submitting`` when a sender starts was left by a sender that died between
marking it and hearing back from the vendor: it may or may not have been sent, so it becomes
``unknown`` — never queued again on its own. The puller asks the vendor about unknown
messages (``receipts.py``); what the vendor cannot settle, the user settles here.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import update
from sqlalchemy.engine import CursorResult, Result
from sqlalchemy.orm import Session

from smsdesk.core import audit
from smsdesk.core.clock import utc_now
from smsdesk.core.db.models import Message
from smsdesk.core.enums import MessageState

INTERRUPTED = "interrupted"


def recover_interrupted(session: Session) -> int:
    """submitting → unknown. Only the lease holder may call this (it owns every such row)."""
    return _affected(
        session.execute(
            update(Message)
            .where(Message.state == MessageState.SUBMITTING.value)
            .values(state=MessageState.UNKNOWN.value, error_code=INTERRUPTED)
            .execution_options(synchronize_session=False)
        )
    )


class Resolution(StrEnum):
    SENT = "sent"  # the user knows it arrived (or trusts that it did): await its receipt
    RESEND = "resend"  # the user checked it did not go out: queue it again
    DROP = "drop"  # do not send it: cancelled


def resolve_unknown(session: Session, message_ids: Sequence[int], resolution: Resolution) -> int:
    """Settle unknown messages by hand; returns how many changed. Audited, since RESEND is
    the one way a message can reach a vendor twice, and only on the user's word."""
    now = utc_now()
    values: dict[str, object]
    if resolution is Resolution.SENT:
        values = {"state": MessageState.SUBMITTED.value, "submitted_at": Message.submitting_at}
    elif resolution is Resolution.RESEND:
        values = {
            "state": MessageState.QUEUED.value,
            "not_before": None,
            "error_code": "",
            "error_message": "",
        }
    else:
        values = {"state": MessageState.CANCELLED.value, "done_at": now}
    changed = 0
    ids = list(message_ids)
    for start in range(0, len(ids), 500):
        changed += _affected(
            session.execute(
                update(Message)
                .where(
                    Message.id.in_(ids[start : start + 500]),
                    Message.state == MessageState.UNKNOWN.value,
                )
                .values(**values)
                .execution_options(synchronize_session=False)
            )
        )
    if changed:
        audit.record(session, "sending.resolve_unknown", resolution=resolution.value, count=changed)
    return changed


def cancel_queued(session: Session, message_ids: Sequence[int]) -> int:
    """Withdraw messages that have not gone out yet."""
    now = utc_now()
    changed = 0
    ids = list(message_ids)
    for start in range(0, len(ids), 500):
        changed += _affected(
            session.execute(
                update(Message)
                .where(
                    Message.id.in_(ids[start : start + 500]),
                    Message.state == MessageState.QUEUED.value,
                )
                .values(state=MessageState.CANCELLED.value, done_at=now)
                .execution_options(synchronize_session=False)
            )
        )
    if changed:
        audit.record(session, "sending.cancel", count=changed)
    return changed


def _affected(result: Result[Any]) -> int:
    """Rows an UPDATE or DELETE changed."""
    return int(cast("CursorResult[Any]", result).rowcount)
