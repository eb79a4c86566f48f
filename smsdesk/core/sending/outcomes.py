"""Writing what happened to messages: every state change the sender makes goes through here.

Each update names the state it expects the row to be in, so a change never lands on a row that
moved on (a message the user cancelled, a receipt that arrived first). Bulk changes are one
executemany statement, so persisting every state change stays cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, or_, select, update
from sqlalchemy.orm import Session

from smsdesk.core import settings
from smsdesk.core.db.models import Contact, Message, TemplateApproval
from smsdesk.core.enums import ApprovalStatus, MessageState
from smsdesk.core.providers.base import ErrorCategory, SubmitResult
from smsdesk.core.sending import consent_hooks

MESSAGES = cast(Table, Message.__table__)
QUEUED = MessageState.QUEUED.value
SUBMITTING = MessageState.SUBMITTING.value
UNKNOWN = MessageState.UNKNOWN.value


# Runs for every accepted message: built once.
_SUBMITTED = (
    update(MESSAGES)
    .where(
        MESSAGES.c.id == bindparam("b_id"),
        or_(MESSAGES.c.state == SUBMITTING, MESSAGES.c.state == UNKNOWN),
    )
    .values(
        state=MessageState.SUBMITTED.value,
        provider_message_id=bindparam("b_pid"),
        submitted_at=bindparam("b_now"),
        error_code="",
        error_message="",
    )
)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class OutcomeWriter:
    """State changes inside one transaction (the caller's session commits)."""

    def __init__(self, session: Session, *, now: datetime) -> None:
        self.session = session
        self.now = now

    def _many(self, statement: Any, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            self.session.execute(statement, list(rows))

    # -- before submission ---------------------------------------------------------------

    def skip(self, rows: Sequence[dict[str, Any]]) -> None:
        """``rows``: ``{"b_id": id, "b_reason": SkipReason}``; queued → skipped."""
        self._many(
            update(MESSAGES)
            .where(MESSAGES.c.id == bindparam("b_id"), MESSAGES.c.state == QUEUED)
            .values(
                state=MessageState.SKIPPED.value,
                skip_reason=bindparam("b_reason"),
                done_at=self.now,
            ),
            rows,
        )

    def wait(self, rows: Sequence[dict[str, Any]]) -> None:
        """``rows``: ``{"b_id", "b_until", "b_reason"}``; stays queued until ``b_until``."""
        self._many(
            update(MESSAGES)
            .where(MESSAGES.c.id == bindparam("b_id"), MESSAGES.c.state == QUEUED)
            .values(not_before=bindparam("b_until"), skip_reason=bindparam("b_reason")),
            rows,
        )

    # -- after submission ----------------------------------------------------------------

    def submitted(self, accepted: Sequence[tuple[int, str]]) -> None:
        """submitting (or unknown, if another sender gave up on it) → submitted."""
        if accepted:
            self.session.connection().execute(
                _SUBMITTED,
                [{"b_id": mid, "b_pid": pid or None, "b_now": self.now} for mid, pid in accepted],
            )

    def _from_submitting(self, message_id: int, **values: Any) -> None:
        self.session.execute(
            update(MESSAGES)
            .where(MESSAGES.c.id == message_id, MESSAGES.c.state == SUBMITTING)
            .values(**values)
        )

    @staticmethod
    def _error(answer: SubmitResult) -> dict[str, str]:
        return {
            "error_code": _short(answer.error_code or str(answer.category or ""), 60),
            "error_message": _short(answer.error_message, 500),
        }

    def retry(self, message_id: int, answer: SubmitResult, at: datetime) -> None:
        """The vendor refused for a passing reason: queued again after a backoff."""
        self._from_submitting(message_id, state=QUEUED, not_before=at, **self._error(answer))

    def defer(self, message_id: int, answer: SubmitResult, until: datetime) -> None:
        """A vendor per-number limit: wait until it frees up; not counted as an attempt."""
        self._from_submitting(
            message_id,
            state=QUEUED,
            not_before=until,
            attempts=MESSAGES.c.attempts - 1,
            skip_reason="vendor_limit",
            **self._error(answer),
        )

    def requeue(self, message_id: int, answer: SubmitResult) -> None:
        """The account is being paused: the message waits for it, not counted as an attempt."""
        self._from_submitting(
            message_id, state=QUEUED, attempts=MESSAGES.c.attempts - 1, **self._error(answer)
        )

    def unknown(self, message_id: int, answer: SubmitResult) -> None:
        self._from_submitting(message_id, state=UNKNOWN, **self._error(answer))

    def fail(self, message_id: int, answer: SubmitResult, *, contact_id: int | None = None) -> None:
        self.session.execute(
            update(MESSAGES)
            .where(MESSAGES.c.id == message_id, MESSAGES.c.state.in_((QUEUED, SUBMITTING)))
            .values(state=MessageState.FAILED.value, done_at=self.now, **self._error(answer))
        )
        if answer.category == ErrorCategory.INVALID_NUMBER and contact_id is not None:
            note_failed_delivery(self.session, contact_id)

    def suppress(self, e164: str, answer: SubmitResult, *, account_name: str) -> None:
        """The vendor says the recipient blocked or unsubscribed: never send there again."""
        consent_hooks.suppress_number(
            self.session,
            e164,
            reason=answer.error_code or "provider_opt_out",
            source=f"provider:{account_name}",
        )

    def reject_template(self, template_id: int, account_id: int, answer: SubmitResult) -> None:
        """The vendor refused the template or signature: stop using it until it is fixed."""
        approval = self.session.scalar(
            select(TemplateApproval).where(
                TemplateApproval.template_id == template_id,
                TemplateApproval.provider_account_id == account_id,
            )
        )
        if approval is not None:
            approval.status = ApprovalStatus.REJECTED.value
            approval.reason = _short(f"{answer.error_code} {answer.error_message}".strip(), 500)


def note_failed_delivery(session: Session, contact_id: int) -> None:
    """One more failure in a row; at the threshold (default 3) the number becomes suspect
    (空号/停机) and is left out of marketing until a delivery succeeds or the user clears it."""
    contact = session.get(Contact, contact_id)
    if contact is None:
        return
    contact.consecutive_failures = (contact.consecutive_failures or 0) + 1
    if contact.consecutive_failures >= int(settings.get(session, "sending.suspect_after_failures")):
        contact.suspect = True


def note_delivered(session: Session, contact_id: int) -> None:
    contact = session.get(Contact, contact_id)
    if contact is not None and (contact.consecutive_failures or contact.suspect):
        contact.consecutive_failures = 0
        contact.suspect = False
