"""The outbox: every message with its state, counts per state as filters, paused accounts with
a Resume button, and the by-hand settling of messages whose fate is unknown."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smsdesk.core import settings
from smsdesk.core.db.engine import Database
from smsdesk.core.enums import MessageState
from smsdesk.core.sending import outbox, reconcile
from smsdesk.core.sending.account_pause import PauseReason, paused_accounts, resume_account
from smsdesk.ui import icons
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.pages.base import Page
from smsdesk.ui.sending import gated_task
from smsdesk.ui.sending.labels import error_label, pause_label, state_label, status_label
from smsdesk.ui.sending.message_table_model import MessageTableModel
from smsdesk.ui.sending.sender_thread import SenderController, controller_for
from smsdesk.ui.widgets.empty_state import EmptyState

FILTER_STATES = (
    MessageState.QUEUED,
    MessageState.SUBMITTING,
    MessageState.SUBMITTED,
    MessageState.DELIVERED,
    MessageState.FAILED,
    MessageState.UNKNOWN,
    MessageState.SKIPPED,
    MessageState.CANCELLED,
    MessageState.EXPIRED,
)
REFRESH_DOMAINS = {"messages", "providers", "campaigns", "optouts", "settings"}


@dataclass(frozen=True)
class OutboxSnapshot:
    counts: dict[str, int]
    ids: list[int]
    paused: list[tuple[int, str, PauseReason]]
    show_full_numbers: bool


def load_snapshot(db: Database, state: str | None) -> OutboxSnapshot:
    """Everything the page shows, read off the GUI thread."""
    with db.session() as session:
        return OutboxSnapshot(
            counts=outbox.state_counts(session),
            ids=outbox.message_ids(session, state=state),
            paused=paused_accounts(session),
            show_full_numbers=bool(settings.get(session, "privacy.show_full_numbers")),
        )


def _resolve(db: Database, ids: list[int], resolution: reconcile.Resolution) -> int:
    with db.session() as session:
        return reconcile.resolve_unknown(session, ids, resolution)


def _cancel(db: Database, ids: list[int]) -> int:
    with db.session() as session:
        return reconcile.cancel_queued(session, ids)


def _resume(db: Database, account_id: int) -> None:
    with db.session() as session:
        resume_account(session, account_id)


class _Banner(QFrame):
    """A tinted strip with a message and optional buttons."""

    def __init__(self, text: str, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setStyleSheet(
            f"#banner {{ background: {colour}; border-radius: 6px; }}"
            "#banner QLabel { color: #202020; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(10)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label, 1)
        self.buttons = layout


class OutboxPage(Page):
    page_id = "outbox"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._state_filter: str | None = None
        self._loading = False
        self._reload_again = False
        self._snapshot: OutboxSnapshot | None = None
        self._dialog: QWidget | None = None
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(300)
        self._refresh_timer.timeout.connect(self.refresh)
        self._build()
        ctx.data_changed.connect(self._on_ctx_data_changed)

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(10)

        header = QHBoxLayout()
        self.title = QLabel(self.page_title())
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        header.addWidget(self.title)
        header.addSpacing(16)
        self.status_label = QLabel()
        self.status_label.setStyleSheet("color: palette(placeholder-text);")
        header.addWidget(self.status_label)
        header.addStretch(1)
        self.sender_button = QPushButton()
        self.sender_button.clicked.connect(self._on_sender_button_clicked)
        header.addWidget(self.sender_button)
        self.pull_button = QPushButton(icons.icon("refresh"), self.tr("Pull receipts now"))
        self.pull_button.setToolTip(self.tr("Ask the provider for delivery receipts and replies"))
        self.pull_button.clicked.connect(self._on_pull_button_clicked)
        header.addWidget(self.pull_button)
        self.send_button = QPushButton(icons.icon("send"), self.tr("Send…"))
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self._on_send_button_clicked)
        header.addWidget(self.send_button)
        layout.addLayout(header)

        self.paused_box = QVBoxLayout()
        self.paused_box.setSpacing(6)
        layout.addLayout(self.paused_box)

        self.unknown_banner = _Banner("", "#ffe0b2")
        self.unknown_banner.hide()
        layout.addWidget(self.unknown_banner)

        filters = QHBoxLayout()
        filters.setSpacing(4)
        self.filter_group = QButtonGroup(self)
        self.filter_group.setExclusive(True)
        self.filter_buttons: dict[str, QToolButton] = {}
        for key in ("", *(state.value for state in FILTER_STATES)):
            button = QToolButton()
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setAutoRaise(True)
            button.setProperty("state", key)
            self.filter_group.addButton(button)
            self.filter_buttons[key] = button
            filters.addWidget(button)
        self.filter_buttons[""].setChecked(True)
        self.filter_group.buttonClicked.connect(self._on_filter_group_button_clicked)
        filters.addStretch(1)
        layout.addLayout(filters)

        self.stack = QStackedWidget()
        self.model = MessageTableModel(self.ctx, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header_view = self.table.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header_view.setStretchLastSection(True)
        for column, width in enumerate((130, 90, 260, 150, 110, 50, 70, 150, 150)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.empty = EmptyState(
            self.page_icon(),
            self.tr("Nothing sent yet"),
            self.tr(
                "Messages you send appear here with their delivery state. Use Send… to send an "
                "approved template to a segment, a tag or a test number."
            ),
            self.tr("Send…"),
        )
        self.empty.action_clicked.connect(self._on_send_button_clicked)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        layout.addWidget(self.stack, 1)

        actions = QHBoxLayout()
        self.selection_label = QLabel()
        actions.addWidget(self.selection_label)
        actions.addStretch(1)
        self.cancel_button = QPushButton(self.tr("Cancel sending"))
        self.cancel_button.setToolTip(self.tr("Withdraw the selected queued messages"))
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.sent_button = QPushButton(self.tr("Mark as sent"))
        self.sent_button.setToolTip(
            self.tr("You know these reached the provider: wait for their receipts")
        )
        self.sent_button.clicked.connect(lambda: self._resolve_selected(reconcile.Resolution.SENT))
        self.resend_button = QPushButton(self.tr("Send again…"))
        self.resend_button.setToolTip(self.tr("You checked these did not go out: queue them again"))
        self.resend_button.clicked.connect(self._on_resend_button_clicked)
        self.drop_button = QPushButton(self.tr("Don't send"))
        self.drop_button.setToolTip(self.tr("Give up on these messages"))
        self.drop_button.clicked.connect(lambda: self._resolve_selected(reconcile.Resolution.DROP))
        for action_button in (
            self.cancel_button,
            self.sent_button,
            self.resend_button,
            self.drop_button,
        ):
            actions.addWidget(action_button)
        layout.addLayout(actions)
        self._update_selection_actions()

    def page_title(self) -> str:
        return self.tr("Outbox")

    def page_icon(self) -> QIcon:
        return icons.icon("outbox")

    # -- the sender ----------------------------------------------------------------------

    @property
    def controller(self) -> SenderController | None:
        return controller_for(self.ctx)

    def load(self) -> None:
        controller = self.controller
        if controller is not None:
            self._connect_controller(controller)
        self._show_status()
        self.refresh()

    def _connect_controller(self, controller: SenderController) -> None:
        controller.status_changed.connect(self._on_controller_status_changed)
        controller.running_changed.connect(self._on_controller_running_changed)
        controller.error.connect(self._on_controller_error)

    @Slot(str, str)
    def _on_controller_error(self, code: str, message: str) -> None:
        self.ctx.status_message.emit(error_label(code))

    def _show_status(self) -> None:
        controller = self.controller
        status = controller.status if controller is not None else "stopped"
        self.status_label.setText(status_label(status))
        running = controller is not None and controller.running
        self.sender_button.setText(self.tr("Stop sender") if running else self.tr("Start sender"))
        self.sender_button.setIcon(
            self.style().standardIcon(
                self.style().StandardPixmap.SP_MediaStop
                if running
                else self.style().StandardPixmap.SP_MediaPlay
            )
        )

    @Slot(str, str)
    def _on_controller_status_changed(self, status: str, detail: str) -> None:
        self._show_status()

    @Slot(bool)
    def _on_controller_running_changed(self, running: bool) -> None:
        self._show_status()

    @Slot()
    def _on_sender_button_clicked(self) -> None:
        controller = self.controller
        if controller is None:
            controller = SenderController(self.ctx)
            self._connect_controller(controller)
        if controller.running:
            controller.stop()
        else:
            controller.start()
        self._show_status()

    @Slot()
    def _on_pull_button_clicked(self) -> None:
        controller = self.controller
        if controller is not None and controller.running:
            controller.pull_now()
            self.ctx.status_message.emit(self.tr("Pulling receipts and replies…"))
        else:
            self.ctx.status_message.emit(self.tr("Start the sender to pull receipts."))

    @Slot()
    def _on_send_button_clicked(self) -> None:
        from smsdesk.ui.sending.send_dialog import SendDialog

        dialog = SendDialog(self.ctx, self)
        dialog.queued.connect(self._on_send_dialog_queued)
        dialog.open()
        self._dialog = dialog

    @Slot(int)
    def _on_send_dialog_queued(self, count: int) -> None:
        controller = self.controller
        if controller is not None:
            controller.wake()
        self.ctx.status_message.emit(self.tr("Messages queued: %1").replace("%1", str(count)))

    # -- loading -------------------------------------------------------------------------

    @Slot(str)
    def _on_ctx_data_changed(self, domain: str) -> None:
        if domain in REFRESH_DOMAINS and self._loaded:
            self._refresh_timer.start()

    def refresh(self) -> None:
        if self._loading:
            self._reload_again = True
            return
        self._loading = True
        gated_task.start(
            self.ctx,
            "outbox",
            load_snapshot,
            self.ctx.db,
            self._state_filter,
            succeeded=self._on_load_succeeded,
            failed=self._on_load_failed,
        )

    @Slot(object)
    def _on_load_succeeded(self, snapshot: OutboxSnapshot) -> None:
        self._loading = False
        self._snapshot = snapshot
        selected = set(self.selected_ids())
        self.model.set_ids(snapshot.ids, show_full_numbers=snapshot.show_full_numbers)
        self._restore_selection(selected)
        self._show_counts(snapshot.counts)
        self._show_paused(snapshot.paused)
        total = sum(snapshot.counts.values())
        self.stack.setCurrentWidget(self.table if total else self.empty)
        self._update_selection_actions()
        if self._reload_again:
            self._reload_again = False
            self.refresh()

    @Slot(object, str)
    def _on_load_failed(self, error: BaseException, details: str) -> None:
        self._loading = False
        self.ctx.status_message.emit(
            self.tr("The outbox could not be read: %1").replace("%1", str(error))
        )

    def _restore_selection(self, ids: set[int]) -> None:
        if not ids:
            return
        selection = self.table.selectionModel()
        for row in range(self.model.rowCount()):
            if self.model.message_id(row) in ids:
                selection.select(
                    self.model.index(row, 0),
                    selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                )

    def _show_counts(self, counts: dict[str, int]) -> None:
        self.filter_buttons[""].setText(
            self.tr("All (%1)").replace("%1", str(sum(counts.values())))
        )
        for state in FILTER_STATES:
            count = counts.get(state.value, 0)
            button = self.filter_buttons[state.value]
            button.setText(f"{state_label(state.value)} ({count})")
            button.setVisible(count > 0 or state.value == self._state_filter)
        unknown = counts.get(MessageState.UNKNOWN.value, 0)
        self.unknown_banner.setVisible(unknown > 0)
        self.unknown_banner.label.setText(
            self.tr(
                "Unknown: %1. These messages may or may not have reached the provider (the "
                "connection broke or SMSDesk stopped while sending). They are never sent again "
                "on their own; SMSDesk asks the provider at every pull. You can also settle "
                "them below: select them, then Mark as sent, Send again or Don't send."
            ).replace("%1", str(unknown))
        )

    def _show_paused(self, paused: list[tuple[int, str, PauseReason]]) -> None:
        while self.paused_box.count():
            item = self.paused_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for account_id, name, reason in paused:
            detail = f" ({reason.vendor_code})" if reason.vendor_code else ""
            banner = _Banner(
                self.tr("Provider account “%1” is paused. %2")
                .replace("%1", name)
                .replace("%2", pause_label(reason.category) + detail),
                "#ffcdd2",
            )
            banner.setToolTip(reason.message)
            resume = QPushButton(self.tr("Resume"))
            resume.clicked.connect(
                lambda _=False, account=account_id: self._on_resume_clicked(account)
            )
            banner.buttons.addWidget(resume)
            self.paused_box.addWidget(banner)

    @Slot(object)
    def _on_filter_group_button_clicked(self, button: QToolButton) -> None:
        self._state_filter = button.property("state") or None
        self.refresh()

    # -- selection and actions -----------------------------------------------------------

    def selected_ids(self) -> list[int]:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return [self.model.message_id(row) for row in sorted(rows)]

    def _selected_states(self) -> set[str]:
        states = set()
        for index in self.table.selectionModel().selectedRows():
            row = self.model.row(index.row())
            if row is not None:
                states.add(row.state)
        return states

    @Slot()
    def _on_selection_changed(self) -> None:
        self._update_selection_actions()

    def _update_selection_actions(self) -> None:
        count = len(self.table.selectionModel().selectedRows())
        states = self._selected_states() if count else set()
        self.selection_label.setText(
            self.tr("Selected: %1").replace("%1", str(count)) if count else ""
        )
        self.cancel_button.setEnabled(MessageState.QUEUED.value in states)
        unknown = MessageState.UNKNOWN.value in states
        for button in (self.sent_button, self.resend_button, self.drop_button):
            button.setEnabled(unknown)

    def _selected_in_state(self, state: str) -> list[int]:
        ids = []
        for index in self.table.selectionModel().selectedRows():
            row = self.model.row(index.row())
            if row is not None and row.state == state:
                ids.append(row.id)
        return ids

    def _resolve_selected(self, resolution: reconcile.Resolution) -> None:
        ids = self._selected_in_state(MessageState.UNKNOWN.value)
        if ids:
            gated_task.start(
                self.ctx,
                "resolve",
                _resolve,
                self.ctx.db,
                ids,
                resolution,
                succeeded=self._on_change_succeeded,
            )

    @Slot()
    def _on_resend_button_clicked(self) -> None:
        ids = self._selected_in_state(MessageState.UNKNOWN.value)
        if not ids:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Send again?"),
            self.tr(
                "Only send again if you checked with the provider that these messages (%1) did "
                "not go out. Otherwise the recipients may get them twice."
            ).replace("%1", str(len(ids))),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        send = box.addButton(self.tr("Send again"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def on_finished() -> None:
            if box.clickedButton() is send:
                self._resolve_selected(reconcile.Resolution.RESEND)

        box.finished.connect(on_finished)
        box.open()
        self._dialog = box

    @Slot()
    def _on_cancel_button_clicked(self) -> None:
        ids = self._selected_in_state(MessageState.QUEUED.value)
        if ids:
            gated_task.start(
                self.ctx, "cancel", _cancel, self.ctx.db, ids, succeeded=self._on_change_succeeded
            )

    def _on_resume_clicked(self, account_id: int) -> None:
        gated_task.start(
            self.ctx,
            "resume",
            _resume,
            self.ctx.db,
            account_id,
            succeeded=self._on_resume_succeeded,
        )

    @Slot(object)
    def _on_resume_succeeded(self, _result: object) -> None:
        self.ctx.notify("providers")
        controller = self.controller
        if controller is not None:
            controller.wake()

    @Slot(object)
    def _on_change_succeeded(self, _result: object) -> None:
        self.ctx.notify("messages")
        controller = self.controller
        if controller is not None:
            controller.wake()
