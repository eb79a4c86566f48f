"""The application frame: pages reachable, shortcuts, status bar, geometry, about."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smsdesk.core import settings as app_settings
from smsdesk.core.db.models import ProviderAccount
from smsdesk.ui.about_dialog import AboutDialog
from smsdesk.ui.main_window import MainWindow
from smsdesk.ui.page_registry import PAGES


def test_every_page_is_reachable_from_the_navigation(main_window: MainWindow, qtbot: QtBot) -> None:
    nav = main_window.navigation
    reached = []
    for row in range(nav.count()):
        item = nav.item(row)
        page_id = item.data(Qt.ItemDataRole.UserRole)
        if not page_id:
            continue  # group spacer
        rect = nav.visualItemRect(item)
        qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert main_window.current_page_id() == page_id
        assert main_window.stack.currentWidget() is main_window.page(page_id)
        reached.append(page_id)
    assert reached == [entry.page_id for entry in PAGES]


def test_view_shortcuts_switch_pages(main_window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClick(main_window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_page_id() == PAGES[1].page_id
    qtbot.keyClick(main_window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_page_id() == PAGES[0].page_id


def test_status_bar_says_sandbox_sends_nothing(main_window: MainWindow) -> None:
    assert main_window.provider_label.text() == "Sandbox: nothing is really sent"
    assert "test.sqlite3" in main_window.database_label.text()


def test_status_bar_follows_the_active_provider(main_window: MainWindow, ctx) -> None:  # type: ignore[no-untyped-def]
    with ctx.session() as session:
        session.add(ProviderAccount(name="Shop Aliyun", kind="aliyun"))
        app_settings.set_value(session, "provider.active_account", "Shop Aliyun")
    ctx.notify("providers")
    assert main_window.provider_label.text() == "Provider: Shop Aliyun"


def test_geometry_and_page_are_remembered(ctx, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.show()
    first.resize(900, 640)
    first.show_page("templates")
    size = (first.width(), first.height())
    first.close()
    second = MainWindow(ctx)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.current_page_id() == "templates"
    assert (second.width(), second.height()) == size


def test_about_dialog_names_version_and_database(main_window: MainWindow, qtbot: QtBot) -> None:
    main_window.about_action.trigger()
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, AboutDialog)]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    qtbot.waitExposed(dialog)
    assert dialog.isVisible()
    text = " ".join(label.text() for label in dialog.findChildren(type(main_window.demo_label)))
    assert "0.1.0" in text
    assert "test.sqlite3" in text
    dialog.reject()


def test_dashboard_counts_come_from_the_database(
    main_window: MainWindow,
    ctx,  # type: ignore[no-untyped-def]
    qtbot: QtBot,
) -> None:
    from smsdesk.core.db.engine import Database
    from smsdesk.core.demo.generator import generate

    db: Database = ctx.db
    generate(db, contacts=40, seed=3)
    page = main_window.show_page("dashboard")
    page.refresh()
    qtbot.waitUntil(lambda: page.cards["contacts"].value.text() == "40", timeout=10000)
