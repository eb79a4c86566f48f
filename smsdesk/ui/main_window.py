"""The application frame: navigation, pages, menus with standard shortcuts, status bar."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)
from sqlalchemy import select

from smsdesk import APP_NAME
from smsdesk.core import settings as app_settings
from smsdesk.core.db.models import ProviderAccount
from smsdesk.ui import icons
from smsdesk.ui.about_dialog import AboutDialog
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.page_registry import PAGES, PageEntry
from smsdesk.ui.pages.base import Page

GEOMETRY_KEY = "main_window/geometry"
STATE_KEY = "main_window/state"
PAGE_KEY = "main_window/page"


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowIcon(icons.app_icon())
        self._pages: dict[str, Page] = {}
        self._entries = {entry.page_id: entry for entry in PAGES}
        self._build_frame()
        self._build_menus()
        self._build_status_bar()
        self.retranslate()
        ctx.data_changed.connect(self._on_ctx_data_changed)
        ctx.status_message.connect(self._on_ctx_status_message)
        self._restore_geometry()

    # ---- frame -------------------------------------------------------------------------
    def _build_frame(self) -> None:
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setIconSize(QSize(20, 20))
        self.navigation.setFrameShape(QListWidget.Shape.NoFrame)
        self.navigation.setSpacing(1)
        self.navigation.setFixedWidth(190)
        self.navigation.setStyleSheet(
            "#navigation { background: palette(alternate-base); padding: 8px 6px; }"
            "#navigation::item { padding: 7px 8px; border-radius: 6px; }"
            "#navigation::item:selected { background: palette(highlight);"
            " color: palette(highlighted-text); }"
        )
        self.stack = QStackedWidget()
        group = None
        for entry in PAGES:
            if group is not None and entry.group != group:
                spacer = QListWidgetItem()
                spacer.setFlags(Qt.ItemFlag.NoItemFlags)
                spacer.setSizeHint(QSize(10, 10))
                self.navigation.addItem(spacer)
            group = entry.group
            item = QListWidgetItem(icons.icon(entry.icon), entry.page_id)
            item.setData(Qt.ItemDataRole.UserRole, entry.page_id)
            self.navigation.addItem(item)
            self.stack.addWidget(QWidget())  # replaced by the page on first visit
        self.navigation.currentItemChanged.connect(self._on_navigation_current_item_changed)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        self.file_menu = menu_bar.addMenu("")
        self.import_action = QAction(icons.icon("import"), "", self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(lambda: self._page_call("contacts", "start_import"))
        self.export_action = QAction(icons.icon("export"), "", self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(lambda: self._page_call("contacts", "start_export"))
        self.quit_action = QAction(icons.icon("quit"), "", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addActions([self.import_action, self.export_action])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.edit_menu = menu_bar.addMenu("")
        self.find_action = QAction(icons.icon("search"), "", self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self._on_find_action_triggered)
        self.preferences_action = QAction(icons.icon("settings"), "", self)
        self.preferences_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.preferences_action.triggered.connect(lambda: self.show_page("settings"))
        self.edit_menu.addActions([self.find_action, self.preferences_action])

        self.view_menu = menu_bar.addMenu("")
        self.page_actions: dict[str, QAction] = {}
        for index, entry in enumerate(PAGES):
            action = QAction(icons.icon(entry.icon), entry.page_id, self)
            if index < 10:
                action.setShortcut(QKeySequence(f"Ctrl+{(index + 1) % 10}"))
            action.triggered.connect(lambda _=False, pid=entry.page_id: self.show_page(pid))
            self.view_menu.addAction(action)
            self.page_actions[entry.page_id] = action
        self.view_menu.addSeparator()
        self.refresh_action = QAction(icons.icon("refresh"), "", self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(self._on_refresh_action_triggered)
        self.fullscreen_action = QAction("", self)
        self.fullscreen_action.setShortcut(QKeySequence.StandardKey.FullScreen)
        self.fullscreen_action.setCheckable(True)
        self.fullscreen_action.toggled.connect(self._on_fullscreen_action_toggled)
        self.view_menu.addActions([self.refresh_action, self.fullscreen_action])

        self.help_menu = menu_bar.addMenu("")
        self.about_action = QAction(icons.icon("about"), "", self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        self.about_qt_action = QAction("", self)
        self.about_qt_action.setMenuRole(QAction.MenuRole.AboutQtRole)
        self.about_qt_action.triggered.connect(QApplication.aboutQt)
        self.help_menu.addActions([self.about_action, self.about_qt_action])

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.demo_label = QLabel()
        self.demo_label.setStyleSheet(
            "QLabel { background: #fff4e5; color: #8a5300; border-radius: 4px; padding: 1px 8px; }"
        )
        self.demo_label.setVisible(self.ctx.demo)
        self.database_label = QLabel()
        self.database_label.setContentsMargins(8, 0, 8, 0)
        self.provider_label = QLabel()
        self.provider_label.setContentsMargins(8, 0, 8, 0)
        bar.addPermanentWidget(self.demo_label)
        bar.addPermanentWidget(self.database_label)
        bar.addPermanentWidget(self.provider_label)
        self._update_status()

    def retranslate(self) -> None:
        self.setWindowTitle(
            self.tr("%1 (demo data)").replace("%1", APP_NAME) if self.ctx.demo else APP_NAME
        )
        titles = self.page_titles()
        for row in range(self.navigation.count()):
            item = self.navigation.item(row)
            page_id = item.data(Qt.ItemDataRole.UserRole)
            if page_id:
                item.setText(titles[page_id])
        for page_id, action in self.page_actions.items():
            action.setText(titles[page_id])
        self.file_menu.setTitle(self.tr("&File"))
        self.import_action.setText(self.tr("&Import Contacts…"))
        self.export_action.setText(self.tr("&Export Contacts…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.find_action.setText(self.tr("&Find…"))
        self.preferences_action.setText(self.tr("&Settings…"))
        self.view_menu.setTitle(self.tr("&View"))
        self.refresh_action.setText(self.tr("&Refresh"))
        self.fullscreen_action.setText(self.tr("&Full Screen"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("&About SMSDesk"))
        self.about_qt_action.setText(self.tr("About &Qt"))
        self.demo_label.setText(self.tr("Demo data"))
        self._update_status()

    def page_titles(self) -> dict[str, str]:
        """Navigation titles (kept here so the frame translates without creating pages)."""
        return {
            "dashboard": self.tr("Dashboard"),
            "contacts": self.tr("Contacts"),
            "optouts": self.tr("Opt-outs"),
            "templates": self.tr("Templates"),
            "signatures": self.tr("Signatures"),
            "campaigns": self.tr("Campaigns"),
            "outbox": self.tr("Outbox"),
            "replies": self.tr("Replies"),
            "providers": self.tr("Providers"),
            "settings": self.tr("Settings"),
        }

    # ---- pages -------------------------------------------------------------------------
    def page(self, page_id: str) -> Page:
        """The page widget, created on first use."""
        if page_id not in self._pages:
            entry: PageEntry = self._entries[page_id]
            page = entry.create(self.ctx)
            index = [e.page_id for e in PAGES].index(page_id)
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._pages[page_id] = page
        return self._pages[page_id]

    def show_page(self, page_id: str) -> Page:
        for row in range(self.navigation.count()):
            item = self.navigation.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == page_id:
                self.navigation.setCurrentItem(item)
                break
        return self.page(page_id)

    def current_page_id(self) -> str:
        item = self.navigation.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else ""

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_navigation_current_item_changed(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        if current is None:
            return
        page_id = current.data(Qt.ItemDataRole.UserRole)
        if not page_id:
            return
        page = self.page(page_id)
        self.stack.setCurrentWidget(page)
        page.ensure_loaded()

    def _page_call(self, page_id: str, method: str) -> None:
        page = self.show_page(page_id)
        handler = getattr(page, method, None)
        if callable(handler):
            handler()

    @Slot()
    def _on_find_action_triggered(self) -> None:
        page = self._pages.get(self.current_page_id())
        handler = getattr(page, "focus_search", None)
        if callable(handler):
            handler()

    @Slot()
    def _on_refresh_action_triggered(self) -> None:
        page = self._pages.get(self.current_page_id())
        if page is not None:
            page.refresh()
        self._update_status()

    @Slot(bool)
    def _on_fullscreen_action_toggled(self, on: bool) -> None:
        if on:
            self.showFullScreen()
        else:
            self.showNormal()

    @Slot(str)
    def _on_ctx_data_changed(self, domain: str) -> None:
        if domain in ("providers", "settings"):
            self._update_status()

    @Slot(str)
    def _on_ctx_status_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    # ---- status ------------------------------------------------------------------------
    def _update_status(self) -> None:
        self.database_label.setText(self.tr("Database: %1").replace("%1", self._db_label()))
        self.database_label.setToolTip(self.ctx.db.description)
        kind, name = self._active_provider()
        if kind == "sandbox":
            self.provider_label.setText(self.tr("Sandbox: nothing is really sent"))
        else:
            self.provider_label.setText(self.tr("Provider: %1").replace("%1", name))

    def _db_label(self) -> str:
        if self.ctx.db.is_sqlite:
            description = self.ctx.db.description
            return description.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
        return self.ctx.db.description

    def _active_provider(self) -> tuple[str, str]:
        with self.ctx.session() as session:
            name = app_settings.get(session, "provider.active_account")
            if name:
                account = session.scalar(
                    select(ProviderAccount).where(ProviderAccount.name == name)
                )
                if account is not None:
                    return account.kind, account.name
        return "sandbox", "Sandbox"

    # ---- window ------------------------------------------------------------------------
    def show_about(self) -> None:
        dialog = AboutDialog(self.ctx, self)
        dialog.open()

    def _restore_geometry(self) -> None:
        settings = self.ctx.qsettings
        geometry = settings.value(GEOMETRY_KEY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 780)
        state = settings.value(STATE_KEY)
        if state is not None:
            self.restoreState(state)
        last = str(settings.value(PAGE_KEY, "dashboard"))
        self.show_page(last if last in self._entries else "dashboard")

    def save_geometry(self) -> None:
        settings = self.ctx.qsettings
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(STATE_KEY, self.saveState())
        settings.setValue(PAGE_KEY, self.current_page_id())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.ctx.tasks.user_work_count and not self._confirm_quit_with_tasks():
            event.ignore()
            return
        self.save_geometry()
        self.ctx.tasks.cancel_all()
        for page in self._pages.values():
            shutdown = getattr(page, "shutdown", None)
            if callable(shutdown):
                shutdown()
        event.accept()

    def _confirm_quit_with_tasks(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Work in progress"),
            self.tr(
                "An import, export or send is still running. Quit anyway? "
                "It will be cancelled and nothing half-done is kept."
            ),
        )
        return answer == QMessageBox.StandardButton.Yes
