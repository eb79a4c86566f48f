"""The audit log: one call to record who did what (never secrets, never full numbers)."""

from __future__ import annotations

import getpass
from typing import Any

from sqlalchemy.orm import Session

from smsdesk.core.clock import utc_now
from smsdesk.core.db.models import AuditEntry


def current_actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def record(session: Session, action: str, *, actor: str | None = None, **detail: Any) -> None:
    """Add an audit entry to ``session`` (committed with the caller's transaction)."""
    session.add(
        AuditEntry(at=utc_now(), actor=actor or current_actor(), action=action, detail=detail)
    )
