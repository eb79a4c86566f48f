"""Everything an import may touch, as plain rows: for "the book is exactly as before"."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from smsdesk.core.db.engine import Database

TABLES = (
    "contacts",
    "tags",
    "contact_tags",
    "custom_fields",
    "purchases",
    "opt_outs",
    "consent_records",
    "audit_log",
    "import_mappings",
    "settings",
)


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    with db.engine.connect() as connection:
        return {
            table: sorted(
                (tuple(row) for row in connection.execute(text(f"SELECT * FROM {table}"))),
                key=repr,
            )
            for table in TABLES
        }
