"""Consent fixtures: a chain of records, and raw-SQL tampering on the database file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from smsdesk.core.consent.evidence_chain import append
from smsdesk.core.db.engine import Database
from tests.helpers.consent_records import entry, raw_sql


@pytest.fixture
def chain(db: Database) -> Callable[[int], list[int]]:
    """Append ``n`` records (one per call of ``append``, as the app does) and return ids."""

    def make(n: int) -> list[int]:
        ids: list[int] = []
        for index in range(n):
            with db.session() as session:
                ids += append(session, [entry(index)])
        return ids

    return make


@pytest.fixture
def tamper(db_path: Path) -> Callable[..., None]:
    """Run statements (text, or (text, params)) on the file with the triggers dropped."""

    def run(*statements: str | tuple[str, tuple[object, ...]]) -> None:
        with raw_sql(db_path) as connection:
            for statement in statements:
                if isinstance(statement, tuple):
                    connection.execute(*statement)
                else:
                    connection.execute(statement)

    return run
