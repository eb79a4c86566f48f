"""Fixtures for every test: an isolated home folder, a migrated SQLite database, a memory
keyring, and Qt offscreen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")


class MemoryKeyring(KeyringBackend):
    """A real keyring backend that keeps secrets in a dict (the OS keychain is not here)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture(autouse=True)
def smsdesk_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder and no database from the environment."""
    home = tmp_path / "home"
    monkeypatch.setenv("SMSDESK_HOME", str(home))
    monkeypatch.delenv("SMSDESK_DB", raising=False)
    monkeypatch.delenv("SMSDESK_DB_URL", raising=False)
    return home


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite3"


@pytest.fixture
def db(db_path: Path):  # type: ignore[no-untyped-def]
    """A fresh, migrated SQLite database file."""
    from smsdesk.core.db.engine import open_database, sqlite_url

    database = open_database(sqlite_url(db_path))
    yield database
    database.close()


@pytest.fixture(scope="session")
def postgres_server():  # type: ignore[no-untyped-def]
    """A real PostgreSQL on loopback (team mode). In CI its absence is a failure, not a skip."""
    from tests.helpers.postgres import PostgresUnavailable, running_server

    try:
        with running_server() as server:
            yield server
    except PostgresUnavailable as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL not installed here: {exc}")


@pytest.fixture
def pg_db(postgres_server):  # type: ignore[no-untyped-def]
    """A fresh, migrated PostgreSQL database."""
    from smsdesk.core.db.engine import open_database

    database = open_database(postgres_server.create_database())
    yield database
    database.close()
