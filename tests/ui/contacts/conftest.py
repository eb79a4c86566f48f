"""The big book for the lazy-table tests: 100,000 contacts from the demo generator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from smsdesk.core.db.engine import Database, open_database, sqlite_url
from tests.helpers.contacts_book import demo_book


@pytest.fixture(scope="session")
def big_book_path(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    cache = Path(request.config.cache.mkdir("smsdesk-contacts"))
    return demo_book(cache, tmp_path_factory.mktemp("big") / "book.sqlite3")


@pytest.fixture
def big_db(big_book_path: Path) -> Iterator[Database]:
    """The 100,000-contact book; tests must not change it (use ``db`` for that)."""
    database = open_database(sqlite_url(big_book_path))
    yield database
    database.close()


@pytest.fixture
def big_ctx(big_db: Database, qapp) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from smsdesk.ui.app_context import AppContext

    context = AppContext(big_db)
    yield context
    context.tasks.wait_all(30000)
