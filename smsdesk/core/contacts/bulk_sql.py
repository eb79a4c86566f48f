"""The few SQL spellings that differ between SQLite and PostgreSQL in bulk statements.

Bulk paths (imports of a million rows) bypass the ORM and bind plain tuples; this says how a
value is stored and how a handful of expressions are written for the open database.
"""

from __future__ import annotations

import itertools
import sqlite3
import threading
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection

_SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"


class BulkSQL:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.name = connection.dialect.name
        self.is_sqlite = self.name == "sqlite"
        self.marker = "?" if self.is_sqlite else "%s"
        self._cursor: Any = None
        self._parameters: int | None = None
        # One statement at a time through this object: an import stages rows on one thread
        # while another merges (``import_pipeline``), and a row count read after a statement
        # must be that statement's (SQLite counts changes per connection).
        self.lock = threading.Lock()

    # Values as the ORM column types would store them.
    def datetime(self, value: datetime | None) -> Any:
        """An aware datetime as the UTCDateTime column stores it (naive UTC)."""
        if value is None:
            return None
        naive = value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
        return naive.strftime(_SQLITE_DATETIME) if self.is_sqlite else naive

    def date(self, value: date | None) -> Any:
        if value is None:
            return None
        return value.isoformat() if self.is_sqlite else value

    def boolean(self, value: bool | None) -> Any:
        if value is None:
            return None
        return int(value) if self.is_sqlite else value

    def true(self) -> str:
        return "1" if self.is_sqlite else "TRUE"

    def false(self) -> str:
        return "0" if self.is_sqlite else "FALSE"

    # Expressions.
    def differs(self, left: str, right: str) -> str:
        """Null-safe inequality."""
        return (
            f"({left} IS NOT {right})" if self.is_sqlite else f"({left} IS DISTINCT FROM {right})"
        )

    def json_merge(self, base: str, patch: str) -> str:
        """``base`` with the keys of ``patch`` set (both JSON objects as text)."""
        if self.is_sqlite:
            return f"json_patch({base}, {patch})"
        return f"(({base})::jsonb || ({patch})::jsonb)::json"

    def json_differs(self, left: str, right: str) -> str:
        """JSON objects that differ in content (not just in spacing)."""
        if self.is_sqlite:
            # Same text first: parsing both sides for every unchanged row is the cost.
            return f"({left} IS NOT {right} AND json({left}) IS NOT json({right}))"
        return f"(({left})::jsonb IS DISTINCT FROM ({right})::jsonb)"

    def json_cast(self, expression: str) -> str:
        return expression if self.is_sqlite else f"({expression})::json"

    def json_values(self, column: str, alias: str) -> str:
        """A FROM item listing the strings of a JSON array column as ``alias.value``."""
        if self.is_sqlite:
            return f"json_each({column}) AS {alias}"
        return f"json_array_elements_text(({column})::json) AS {alias}(value)"

    def temp_types(self) -> dict[str, str]:
        if self.is_sqlite:
            return {
                "pk": "INTEGER PRIMARY KEY",
                "int": "INTEGER",
                "text": "TEXT",
                "ts": "TEXT",
                "date": "TEXT",
                "bool": "INTEGER",
            }
        return {
            "pk": "BIGINT PRIMARY KEY",
            "int": "BIGINT",
            "text": "TEXT",
            "ts": "TIMESTAMP",
            "date": "DATE",
            "bool": "BOOLEAN",
        }

    def typed_null(self, kind: str | None) -> str:
        """NULL with the staging type ``kind`` (SQLite needs no type; PostgreSQL does)."""
        if self.is_sqlite or kind is None:
            return "NULL"
        return f"CAST(NULL AS {self.temp_types()[kind]})"

    def placeholders(self, count: int) -> str:
        return ", ".join([self.marker] * count)

    def run(self, sql: str, params: Any = None) -> Any:
        with self.lock:
            if params is None:
                return self.connection.exec_driver_sql(sql)
            return self.connection.exec_driver_sql(sql, params)

    def insert_rows(self, table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
        """Insert many rows of ``len(columns)`` values as few multi-row ``INSERT … VALUES``
        statements as the driver's parameter limit allows. Binding holds the GIL once per
        statement and SQLite then runs it without the GIL, instead of handing the GIL back
        and forth for every row as ``executemany`` does (that is what lets a worker thread
        stage rows while the reading thread converts the next ones)."""
        if not rows:
            return
        width = len(columns)
        if self._cursor is None:
            self._cursor = self.connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
        one = f"({self.placeholders(width)})"
        flat = itertools.chain.from_iterable
        # Chunks of powers of two rows: a few statement shapes, each prepared once (the
        # driver caches prepared statements, and a 1,000-row one is a large program).
        size = 1 << (max(1, self._max_parameters() // width).bit_length() - 1)
        start = 0
        with self.lock:
            while start < len(rows):
                while size > len(rows) - start:
                    size >>= 1
                chunk = rows[start : start + size]
                self._cursor.execute(head + ", ".join([one] * size), list(flat(chunk)))
                start += size

    def _max_parameters(self) -> int:
        """Parameters per statement: SQLite's own limit where it says (Python 3.11+), at
        most 32,766 (SQLite's default since 3.32; PostgreSQL allows 65,535)."""
        if self._parameters is None:
            limit = 32_766
            getlimit = getattr(self.connection.connection.dbapi_connection, "getlimit", None)
            if self.is_sqlite and getlimit is not None:
                limit = min(limit, int(getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)))
            self._parameters = limit
        return self._parameters

    def scalar(self, sql: str, params: Any = None) -> Any:
        return self.run(sql, params).scalar()
