"""Consent test data: chain entries, and raw SQL on a database file (as a tool would do it,
bypassing the ORM and, unless told otherwise, the append-only triggers)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from smsdesk.core.consent.evidence_chain import ConsentEntry

BASE_TIME = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def entry(index: int, *, action: str = "grant", scope: str = "marketing") -> ConsentEntry:
    return ConsentEntry(
        e164=f"+86138{index:08d}",
        action=action,
        scope=scope,
        method="paper",
        consented_at=BASE_TIME + timedelta(minutes=index),
        source="门店",
        evidence_text=f"签字表单 {index}",
        recorded_by="tester",
    )


@contextmanager
def raw_sql(db_path: Path, *, drop_triggers: bool = True) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection to the file; triggers dropped first like a tool would."""
    connection = sqlite3.connect(db_path)
    try:
        if drop_triggers:
            connection.execute("DROP TRIGGER IF EXISTS consent_records_no_update")
            connection.execute("DROP TRIGGER IF EXISTS consent_records_no_delete")
        yield connection
        connection.commit()
    finally:
        connection.close()
