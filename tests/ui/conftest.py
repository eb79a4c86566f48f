"""Fixtures for GUI tests: an AppContext over a fresh database, and the main window."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from smsdesk.core.db.engine import Database


@pytest.fixture
def ctx(db: Database, qapp) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from smsdesk.ui.app_context import AppContext

    context = AppContext(db)
    yield context
    context.tasks.wait_all(30000)


@pytest.fixture
def main_window(ctx, qtbot: QtBot):  # type: ignore[no-untyped-def]
    from smsdesk.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    ctx.tasks.wait_all(30000)
