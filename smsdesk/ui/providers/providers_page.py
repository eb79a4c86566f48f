"""Provider accounts: which exist, which one sends, whether the credentials work.

Everything that touches the database or the keychain runs through ``ctx.tasks`` (a keychain
may prompt or block); the page only shows results. The Sandbox is labelled as sending nothing,
and a banner says so while it is the account in use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smsdesk.core.db.engine import Database
from smsdesk.core.providers import accounts
from smsdesk.core.providers.accounts import AccountSummary
from smsdesk.ui import icons
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.pages.base import Page
from smsdesk.ui.providers.account_dialog import AccountDialog, AccountInput
from smsdesk.ui.providers.labels import error_text, kind_label
from smsdesk.ui.task_runner import Task

COLUMNS = 6


@dataclass(frozen=True)
class CheckOutcome:
    account_id: int
    name: str
    error: BaseException | None


# -- background work (plain functions: they run on the task runner's threads) -------------


def load_accounts(db: Database) -> list[AccountSummary]:
    with db.session() as session:
        accounts.ensure_sandbox(session)
        return [accounts.summarize(session, a) for a in accounts.list_accounts(session)]


def save_account(db: Database, values: AccountInput) -> str:
    with db.session() as session:
        common: dict[str, Any] = {
            "settings": values.settings,
            "endpoint": values.endpoint,
            "price_per_part": values.price_per_part,
            "rate_per_second": values.rate_per_second,
            "batch_size": values.batch_size,
        }
        if values.account_id is None:
            account = accounts.create_account(
                session, name=values.name, kind=values.kind, secret=values.secret or None, **common
            )
        else:
            account = session.get(accounts.ProviderAccount, values.account_id)
            if account is None:
                raise accounts.NotFoundError("The account was deleted meanwhile")
            accounts.update_account(
                session, account, name=values.name, secret=values.secret or None, **common
            )
        return account.name


def check_account(db: Database, account_id: int) -> CheckOutcome:
    with db.session() as session:
        account = session.get(accounts.ProviderAccount, account_id)
        if account is None:
            raise accounts.NotFoundError("The account was deleted meanwhile")
        name = account.name
        try:
            config = accounts.provider_config(account)
        except Exception as exc:  # keychain trouble is a result to show, not a crash
            return CheckOutcome(account_id, name, exc)
    try:
        accounts.test_connection(config)
    except Exception as exc:
        return CheckOutcome(account_id, name, exc)
    return CheckOutcome(account_id, name, None)


def use_account(db: Database, name: str) -> str:
    with db.session() as session:
        return accounts.set_active(session, name).name


def delete_account(db: Database, account_id: int) -> None:
    with db.session() as session:
        account = session.get(accounts.ProviderAccount, account_id)
        if account is not None:
            accounts.delete_account(session, account)


class ProvidersPage(Page):
    page_id = "providers"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.rows: list[AccountSummary] = []
        self.dialog: AccountDialog | None = None
        self._confirm: QMessageBox | None = None
        self._build()
        ctx.data_changed.connect(self._on_ctx_data_changed)

    def page_title(self) -> str:
        return self.tr("Providers")

    def page_icon(self) -> QIcon:
        return icons.icon("providers")

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(10)

        header = QHBoxLayout()
        title = QLabel(self.page_title())
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        header.addWidget(title)
        header.addStretch(1)
        self.add_button = QPushButton(icons.icon("add"), self.tr("Add account…"))
        self.add_button.clicked.connect(self._on_add_button_clicked)
        header.addWidget(self.add_button)
        layout.addLayout(header)

        self.sandbox_banner = QFrame()
        self.sandbox_banner.setObjectName("sandboxBanner")
        self.sandbox_banner.setStyleSheet(
            "#sandboxBanner { background: #fff3cd; border-radius: 6px; }"
            "#sandboxBanner QLabel { color: #3d3000; }"
        )
        banner_layout = QHBoxLayout(self.sandbox_banner)
        banner_layout.setContentsMargins(12, 8, 12, 8)
        banner_icon = QLabel()
        banner_icon.setPixmap(icons.icon("sandbox", color="#8a6d00").pixmap(22, 22))
        banner_layout.addWidget(banner_icon)
        self.sandbox_label = QLabel(
            self.tr(
                "The Sandbox is in use: nothing is sent to anyone. Receipts and replies are "
                "simulated. Add a provider account and choose “Use for sending” to send for real."
            )
        )
        self.sandbox_label.setWordWrap(True)
        banner_layout.addWidget(self.sandbox_label, 1)
        self.sandbox_banner.hide()
        layout.addWidget(self.sandbox_banner)

        self.table = QTableWidget(0, COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Kind"),
                self.tr("Status"),
                self.tr("Rate"),
                self.tr("Per request"),
                self.tr("Price per part"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(28)
        header_view = self.table.horizontalHeader()
        header_view.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, COLUMNS):
            header_view.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.table.itemDoubleClicked.connect(self._on_table_item_double_clicked)
        layout.addWidget(self.table, 1)

        actions = QHBoxLayout()
        self.use_button = QPushButton(icons.icon("send"), self.tr("Use for sending"))
        self.use_button.clicked.connect(self._on_use_button_clicked)
        self.test_button = QPushButton(icons.icon("shield"), self.tr("Test connection"))
        self.test_button.setToolTip(self.tr("Check the credentials without sending anything"))
        self.test_button.clicked.connect(self._on_test_button_clicked)
        self.edit_button = QPushButton(icons.icon("edit"), self.tr("Edit…"))
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.delete_button = QPushButton(icons.icon("delete"), self.tr("Delete"))
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        for button in (self.use_button, self.test_button, self.edit_button, self.delete_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)

        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result_label)
        self._update_buttons()

    # -- data ----------------------------------------------------------------------------

    def _start(
        self,
        name: str,
        fn: Callable[..., Any],
        *args: Any,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException, str], None] | None = None,
    ) -> Task:
        # The runner starts the work on the next event-loop turn, after these connections.
        task = self.ctx.tasks.run(name, fn, *args)
        task.succeeded.connect(on_success)
        task.failed.connect(on_failure or self._on_task_failed)
        return task

    def refresh(self) -> None:
        self._start(
            "providers-load", load_accounts, self.ctx.db, on_success=self._on_load_succeeded
        )

    @Slot(str)
    def _on_ctx_data_changed(self, domain: str) -> None:
        if domain in ("providers", "settings", "messages") and self._loaded:
            self.refresh()

    @Slot(object)
    def _on_load_succeeded(self, rows: list[AccountSummary]) -> None:
        selected = self.selected()
        self.rows = rows
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            self._fill_row(index, row)
            if selected is not None and row.id == selected.id:
                self.table.selectRow(index)
        active = next((row for row in rows if row.is_active), None)
        self.sandbox_banner.setVisible(active is not None and active.sends_nothing)
        self._update_buttons()

    def _fill_row(self, index: int, row: AccountSummary) -> None:
        name = QTableWidgetItem(row.name)
        if row.is_active:
            name.setIcon(icons.icon("send", color="#1677ff"))
            font = name.font()
            font.setBold(True)
            name.setFont(font)
        kind = QTableWidgetItem(kind_label(row.kind))
        if row.sends_nothing:
            kind.setIcon(icons.icon("sandbox"))
        status = QTableWidgetItem(self._status_text(row))
        if row.paused_reason or (not row.sends_nothing and not row.has_secret):
            status.setForeground(QColor("#c62828"))
        values = [
            name,
            kind,
            status,
            QTableWidgetItem(self.tr("%1 /s").replace("%1", f"{row.rate_per_second:g}")),
            QTableWidgetItem(str(row.batch_size)),
            QTableWidgetItem(f"{row.price_per_part:g}"),
        ]
        for column, item in enumerate(values):
            if column >= 3:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(index, column, item)

    def _status_text(self, row: AccountSummary) -> str:
        parts = []
        if row.is_active:
            parts.append(self.tr("In use"))
        if row.paused_reason:
            parts.append(self.tr("Paused"))
        if row.sends_nothing:
            parts.append(self.tr("Sends nothing"))
        elif not row.has_secret:
            parts.append(self.tr("No secret stored"))
        return self.tr(", ").join(parts) or self.tr("Ready")

    def selected(self) -> AccountSummary | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.rows):
            return None
        return self.rows[rows[0].row()]

    def select_account(self, name: str) -> None:
        for index, row in enumerate(self.rows):
            if row.name == name:
                self.table.selectRow(index)

    def _update_buttons(self) -> None:
        row = self.selected()
        for button in (self.test_button, self.edit_button):
            button.setEnabled(row is not None)
        self.use_button.setEnabled(row is not None and not row.is_active)
        self.delete_button.setEnabled(row is not None and not row.sends_nothing)

    @Slot()
    def _on_table_selection_changed(self) -> None:
        self._update_buttons()

    @Slot(QTableWidgetItem)
    def _on_table_item_double_clicked(self, _item: QTableWidgetItem) -> None:
        self._on_edit_button_clicked()

    # -- add / edit ----------------------------------------------------------------------

    @Slot()
    def _on_add_button_clicked(self) -> None:
        self._open_dialog(None)

    @Slot()
    def _on_edit_button_clicked(self) -> None:
        row = self.selected()
        if row is not None:
            self._open_dialog(row)

    def _open_dialog(self, row: AccountSummary | None) -> None:
        self.dialog = AccountDialog(row, self)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.submitted.connect(self._on_dialog_submitted)
        self.dialog.open()

    @Slot(object)
    def _on_dialog_submitted(self, values: AccountInput) -> None:
        self._start(
            "providers-save",
            save_account,
            self.ctx.db,
            values,
            on_success=self._on_save_succeeded,
            on_failure=self._on_save_failed,
        )

    @Slot(object)
    def _on_save_succeeded(self, name: str) -> None:
        if self.dialog is not None:
            self.dialog.accept()
            self.dialog = None
        self.result_label.setText(self.tr("Saved “%1”.").replace("%1", name))
        self.ctx.notify("providers")

    @Slot(object, str)
    def _on_save_failed(self, error: BaseException, _details: str) -> None:
        if self.dialog is not None:
            self.dialog.show_error(error_text(error))

    # -- test / use / delete -------------------------------------------------------------

    @Slot()
    def _on_test_button_clicked(self) -> None:
        row = self.selected()
        if row is None:
            return
        self.test_button.setEnabled(False)
        self.result_label.setStyleSheet("")
        self.result_label.setText(self.tr("Testing “%1”… nothing is sent.").replace("%1", row.name))
        task = self._start(
            "providers-test", check_account, self.ctx.db, row.id, on_success=self._on_test_succeeded
        )
        task.finished.connect(self._update_buttons)

    @Slot(object)
    def _on_test_succeeded(self, outcome: CheckOutcome) -> None:
        if outcome.error is None:
            self.result_label.setStyleSheet("color: #2e7d32;")
            self.result_label.setText(
                self.tr("“%1”: connection and credentials OK. Nothing was sent.").replace(
                    "%1", outcome.name
                )
            )
        else:
            self.result_label.setStyleSheet("color: #c62828;")
            self.result_label.setText(
                self.tr("“%1”: %2")
                .replace("%1", outcome.name)
                .replace("%2", error_text(outcome.error))
            )

    @Slot()
    def _on_use_button_clicked(self) -> None:
        row = self.selected()
        if row is None:
            return
        self._start(
            "providers-use", use_account, self.ctx.db, row.name, on_success=self._on_use_succeeded
        )

    @Slot(object)
    def _on_use_succeeded(self, name: str) -> None:
        self.result_label.setStyleSheet("")
        self.result_label.setText(self.tr("Messages are now sent with “%1”.").replace("%1", name))
        self.ctx.notify("providers")

    @Slot()
    def _on_delete_button_clicked(self) -> None:
        row = self.selected()
        if row is None or row.sends_nothing:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Delete account"),
            self.tr(
                "Delete the provider account “%1” and its secret from the system keychain? "
                "Messages already sent keep their history."
            ).replace("%1", row.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(
            lambda result, account_id=row.id: self._on_delete_confirmed(result, account_id)
        )
        self._confirm = box
        box.open()

    def _on_delete_confirmed(self, result: int, account_id: int) -> None:
        self._confirm = None
        if result != QMessageBox.StandardButton.Yes:
            return
        self._start(
            "providers-delete",
            delete_account,
            self.ctx.db,
            account_id,
            on_success=lambda _result: self.ctx.notify("providers"),
        )

    @Slot(object, str)
    def _on_task_failed(self, error: BaseException, _details: str) -> None:
        self.result_label.setStyleSheet("color: #c62828;")
        self.result_label.setText(error_text(error))
