"""The replies page: inbound replies with the action taken on each, filterable by action,
plus replies that mention a keyword without qualifying ("needs review"); manual entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Slot,
)
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smsdesk.core.consent import replies
from smsdesk.core.consent.reply_interpreter import explain
from smsdesk.core.contacts.numbers import display, mask
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.consent.labels import reply_action_label
from smsdesk.ui.consent.record_reply_dialog import RecordReplyDialog
from smsdesk.ui.pages.base import Page
from smsdesk.ui.widgets.empty_state import EmptyState

PAGE = 200
translate = QCoreApplication.translate
REVIEW = "review"
ACTION_COLORS = {"opt_out": "#b00020", "consent_marketing": "#1b7f3b", "consent_service": "#1d4ed8"}
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ReplyRow:
    id: int
    e164: str
    text: str
    received_at: datetime
    action: str
    needs_review: bool


class ReplyModel(QAbstractTableModel):
    """Replies newest first, loaded page by page; ``mode`` is an action code, REVIEW or ""."""

    def __init__(self, page: RepliesPage) -> None:
        super().__init__(page)
        self.page = page
        self.mode = ""
        self.search = ""
        self.reveal = False
        self.rows: list[ReplyRow] = []
        self.total = 0
        self._offset = 0

    def reload(self, *, mode: str, search: str) -> None:
        self.beginResetModel()
        self.mode, self.search, self.rows, self._offset = mode, search, [], 0
        with self.page.ctx.session() as session:
            self.total = replies.count_replies(session, actions=self._actions(), search=search)
        self.rows = self._fetch()
        self.endResetModel()

    def _actions(self) -> list[str] | None:
        if self.mode == REVIEW:
            return ["none"]
        return [self.mode] if self.mode else None

    def _fetch(self) -> list[ReplyRow]:
        with self.page.ctx.session() as session:
            found = replies.list_replies(
                session, actions=self._actions(), search=self.search, offset=self._offset,
                limit=PAGE,
            )  # fmt: skip
            rows = [
                ReplyRow(r.id, r.e164, r.text, r.received_at, r.action,
                         r.action == "none" and explain(r.text).needs_review)
                for r in found
            ]  # fmt: skip
        self._offset += len(found)
        if self.mode == REVIEW:
            rows = [row for row in rows if row.needs_review]
        return rows

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._offset < self.total

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid():
            return
        start = len(self.rows)
        new = self._fetch()
        if new:
            self.beginInsertRows(QModelIndex(), start, start + len(new) - 1)
            self.rows.extend(new)
            self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [translate("RepliesPage", "Received"), translate("RepliesPage", "From"),
                    translate("RepliesPage", "Reply"),
                    translate("RepliesPage", "Action taken")][section]  # fmt: skip
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.received_at.astimezone().strftime("%Y-%m-%d %H:%M")
            if column == 1:
                return display(row.e164) if self.reveal else mask(row.e164)
            if column == 2:
                return row.text.replace("\n", " ")
            label = reply_action_label(row.action)
            if row.needs_review:
                label += " · " + translate("RepliesPage", "needs review")
            return label
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return row.text
        if role == Qt.ItemDataRole.ToolTipRole and column == 3 and row.needs_review:
            return translate(
                "RepliesPage",
                "The reply mentions an opt-out or consent word but was not read as one (a question, a negation or other words around it). Read it and act by hand if needed.",
            )
        if role == Qt.ItemDataRole.ForegroundRole and column == 3:
            color = ACTION_COLORS.get(row.action, "#b45309" if row.needs_review else "")
            return QBrush(QColor(color)) if color else None
        return None


class RepliesPage(Page):
    page_id = "replies"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.dialog: RecordReplyDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(10)
        toolbar = QHBoxLayout()
        self.filter = QComboBox()
        for label, mode in (
            (self.tr("All replies"), ""),
            (self.tr("Opt-outs"), "opt_out"),
            (self.tr("Consent to marketing"), "consent_marketing"),
            (self.tr("Narrowed to service"), "consent_service"),
            (self.tr("No action"), "none"),
            (self.tr("Needs review"), REVIEW),
        ):
            self.filter.addItem(label, mode)
        self.filter.currentIndexChanged.connect(lambda _index: self.refresh())
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search reply text"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self.search.setMaximumWidth(320)
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        toolbar.addWidget(QLabel(self.tr("Show:")))
        toolbar.addWidget(self.filter)
        toolbar.addWidget(self.search)
        toolbar.addStretch(1)
        self.add_button = QPushButton(
            self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogNewFolder),
            self.tr("Record reply…"),
        )
        self.add_button.clicked.connect(self.open_record_dialog)
        toolbar.addWidget(self.add_button)
        layout.addLayout(toolbar)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)

        self.stack = QStackedWidget()
        self.empty = EmptyState(
            self.page_icon(),
            self.tr("No replies yet"),
            self.tr(
                "Replies to your messages appear here with the action taken: opt-outs go on the opt-out list at once, Y/A/START update consent. Replies are pulled from your provider; you can also enter one by hand."
            ),
            self.tr("Record a reply…"),
        )
        self.empty.action_clicked.connect(self.open_record_dialog)
        self.model = ReplyModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 140)
        self.table.setColumnWidth(1, 130)
        self.table.setColumnWidth(3, 220)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.table)
        layout.addWidget(self.stack, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        ctx.data_changed.connect(self._on_data_changed)

    def page_title(self) -> str:
        return self.tr("Replies")

    def page_icon(self) -> QIcon:
        return self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxQuestion)

    def refresh(self) -> None:
        self.model.reveal = bool(self.ctx.setting("privacy.show_full_numbers"))
        mode = str(self.filter.currentData() or "")
        self.model.reload(mode=mode, search=self.search.text().strip())
        filtered = bool(mode or self.search.text().strip())
        self.stack.setCurrentWidget(self.table if self.model.total or filtered else self.empty)
        shown = len(self.model.rows) if mode == REVIEW else self.model.total
        self.count_label.setText(self.tr("%1 reply(ies)").replace("%1", str(shown)))

    def set_filter(self, mode: str) -> None:
        self.filter.setCurrentIndex(self.filter.findData(mode))

    @Slot(str)
    def _on_data_changed(self, domain: str) -> None:
        if self._loaded and domain in ("replies", "settings"):
            self.refresh()

    @Slot()
    def open_record_dialog(self) -> RecordReplyDialog:
        dialog = RecordReplyDialog(self.ctx, self)
        dialog.recorded.connect(self._on_dialog_recorded)
        self.dialog = dialog
        dialog.open()
        return dialog

    @Slot(int, str)
    def _on_dialog_recorded(self, _reply_id: int, action: str) -> None:
        texts = {
            "opt_out": self.tr("Reply recorded: the number is now on the opt-out list."),
            "consent_marketing": self.tr(
                "Reply recorded: consent to marketing, with the reply as evidence."
            ),
            "consent_service": self.tr("Reply recorded: consent narrowed to service notices."),
            "none": self.tr("Reply recorded: it asks for nothing, so nothing changed."),
        }
        self.message.setText(texts.get(action, ""))
        self.message.show()
