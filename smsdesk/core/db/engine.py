"""Open a database: pick the URL, apply pragmas and file permissions, run migrations.

One ``Database`` per process and URL; sessions come from ``Database.session()``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.exc import DatabaseError as SQLDatabaseError
from sqlalchemy.orm import Session, sessionmaker

from smsdesk.core import paths
from smsdesk.core.db import migrate
from smsdesk.core.errors import ConfigurationError, DatabaseError

log = logging.getLogger(__name__)

ENV_DB_PATH = "SMSDESK_DB"
ENV_DB_URL = "SMSDESK_DB_URL"


def resolve_url(
    *, db_path: str | os.PathLike[str] | None = None, db_url: str | None = None, demo: bool = False
) -> str:
    """The database URL from, in order: ``--db-url``, ``--db``, the environment, the default.

    ``--demo`` without an explicit database picks the separate demo file.
    """
    if db_url:
        return db_url
    if db_path:
        return sqlite_url(Path(db_path))
    if not demo:
        if os.environ.get(ENV_DB_URL):
            return os.environ[ENV_DB_URL]
        if os.environ.get(ENV_DB_PATH):
            return sqlite_url(Path(os.environ[ENV_DB_PATH]))
    return sqlite_url(paths.default_db_path(demo=demo))


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.expanduser().resolve()}"


def describe_url(url: str) -> str:
    """A short, password-free description for the status bar and logs."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.render_as_string(hide_password=True)


def _prepare_sqlite_file(path: Path) -> None:
    """Create the file owner-readable only (0600) before SQLite does, and its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    if os.name == "posix":
        path.chmod(0o600)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@dataclass
class Database:
    """An open, migrated database."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def description(self) -> str:
        return describe_url(self.url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success and rolled back on any exception."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def create_db_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigurationError(f"Not a database URL: {url!r}", url=url) from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            _prepare_sqlite_file(Path(parsed.database))
        engine = create_engine(url, connect_args={"timeout": 10})
        event.listen(engine, "connect", _on_sqlite_connect)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except ArgumentError as exc:  # includes an unknown dialect or a missing driver
        raise ConfigurationError(
            f"Cannot use the database URL {describe_url(url)}: {exc}", url=describe_url(url)
        ) from exc
    except ImportError as exc:
        raise ConfigurationError(
            f"The database driver for {parsed.get_backend_name()} is not installed: {exc}",
            url=describe_url(url),
        ) from exc


def open_database(url: str, *, upgrade: bool = True) -> Database:
    """Open ``url`` and bring its schema to this program's head revision."""
    engine = create_db_engine(url)
    try:
        if upgrade:
            migrate.upgrade_to_head(engine)
    except SQLDatabaseError as exc:
        engine.dispose()
        raise DatabaseError(
            f"Cannot open the database {describe_url(url)}: {exc.orig}", url=describe_url(url)
        ) from exc
    except BaseException:
        engine.dispose()
        raise
    return Database(url=url, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))
