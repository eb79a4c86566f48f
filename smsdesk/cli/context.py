"""What every command receives: parsed arguments, the open database, and output helpers."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from typing import Any

from smsdesk.core.db.engine import Database, open_database, resolve_url


def add_database_options(parser: argparse.ArgumentParser) -> None:
    """``--db`` / ``--db-url``, shared by ``smsdesk`` and ``smsdesk-cli``."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--db", metavar="PATH", help="SQLite database file")
    group.add_argument(
        "--db-url", metavar="URL", help="SQLAlchemy URL, e.g. postgresql+psycopg://host/db"
    )


@dataclass
class CommandContext:
    args: argparse.Namespace
    _db: Database | None = field(default=None, repr=False)

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = open_database(resolve_url(db_path=self.args.db, db_url=self.args.db_url))
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()

    @staticmethod
    def print_json(value: Any) -> None:
        json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")

    @staticmethod
    def out(text: str = "") -> None:
        print(text)

    @staticmethod
    def err(text: str) -> None:
        print(text, file=sys.stderr)
