"""The single-sender lease: a row in ``leases`` that says which process may submit messages.

Two senders on one database (the GUI and ``smsdesk-cli run``, or two computers on one
PostgreSQL) would each see a crashed "submitting" row as their own, so only the lease holder
sends. Taking the lease is a compare-and-swap on the row; a holder that stops renewing loses
it after ``ttl``. A holder on this machine whose process is gone (killed, crashed) is taken
over at once, so a restart after a crash does not wait for the lease to expire.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, update
from sqlalchemy.engine import CursorResult, Result
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from smsdesk.core.db.models import Lease

SENDER_LEASE = "sender"
DEFAULT_TTL = timedelta(seconds=30)


def make_holder() -> str:
    """A holder id naming this machine and process, unique per call."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def holder_is_dead(holder: str) -> bool:
    """True only when ``holder`` names a process on this machine that no longer exists."""
    parts = holder.rsplit(":", 2)
    if len(parts) != 3:
        return False
    host, pid_text, _token = parts
    if host != socket.gethostname()[:60] or not pid_text.isdigit() or os.name != "posix":
        # Elsewhere, or Windows (where os.kill would terminate the process): wait for expiry.
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    """A killed child not yet reaped by its parent still answers ``kill(pid, 0)``."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[-1].split()[0] == "Z"
    except OSError:
        return False


def acquire(
    session: Session,
    *,
    holder: str,
    now: datetime,
    name: str = SENDER_LEASE,
    ttl: timedelta = DEFAULT_TTL,
) -> str | None:
    """Take the lease for ``holder``; returns None on success, else the current holder.

    The caller commits. Safe against a racing process: the row is inserted (primary key) or
    swapped only if it still holds what was read.
    """
    row = session.get(Lease, name, populate_existing=True)
    if row is None:
        try:
            with session.begin_nested():
                session.add(Lease(name=name, holder=holder, expires_at=now + ttl))
        except IntegrityError:
            return session.get(Lease, name, populate_existing=True).holder  # type: ignore[union-attr]
        return None
    if row.holder != holder and row.expires_at > now and not holder_is_dead(row.holder):
        return row.holder
    swapped = _affected(
        session.execute(
            update(Lease)
            .where(
                Lease.name == name, Lease.holder == row.holder, Lease.expires_at == row.expires_at
            )
            .values(holder=holder, expires_at=now + ttl)
            .execution_options(synchronize_session=False)
        )
    )
    if swapped != 1:
        session.expire(row)
        return session.get(Lease, name, populate_existing=True).holder  # type: ignore[union-attr]
    session.expire(row)
    return None


_LEASES = cast(Table, Lease.__table__)
# Runs with every batch the sender submits: built once.
_RENEW = (
    update(_LEASES)
    .where(_LEASES.c.name == bindparam("l_name"), _LEASES.c.holder == bindparam("l_holder"))
    .values(expires_at=bindparam("l_expires"))
)


def renew(
    session: Session,
    *,
    holder: str,
    now: datetime,
    name: str = SENDER_LEASE,
    ttl: timedelta = DEFAULT_TTL,
) -> bool:
    """Extend the lease; False when ``holder`` no longer holds it (it must stop sending)."""
    result = session.connection().execute(
        _RENEW, {"l_name": name, "l_holder": holder, "l_expires": now + ttl}
    )
    return _affected(result) == 1


def release(session: Session, *, holder: str, name: str = SENDER_LEASE) -> None:
    session.execute(
        delete(Lease)
        .where(Lease.name == name, Lease.holder == holder)
        .execution_options(synchronize_session=False)
    )


def current_holder(session: Session, *, now: datetime, name: str = SENDER_LEASE) -> str | None:
    """Who holds a live lease now (None when free, expired or held by a dead process)."""
    row = session.get(Lease, name, populate_existing=True)
    if row is None or row.expires_at <= now or holder_is_dead(row.holder):
        return None
    return row.holder


def _affected(result: Result[Any]) -> int:
    """Rows an UPDATE or DELETE changed."""
    return int(cast("CursorResult[Any]", result).rowcount)
