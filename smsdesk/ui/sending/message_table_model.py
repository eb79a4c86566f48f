"""The outbox table: a model over a list of message ids, fetching rows a page at a time.

The id list for the current filter is loaded off the GUI thread; rows are read in pages of
``PAGE`` by primary key when the view first shows them, and cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from sqlalchemy import select

from smsdesk.core.contacts.numbers import display, mask
from smsdesk.core.db.models import Campaign, Message, ProviderAccount, Template
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.sending.labels import reason_label, state_label

PAGE = 200
Index = QModelIndex | QPersistentModelIndex

STATE_COLOURS = {
    "delivered": "#2e7d32",
    "failed": "#c62828",
    "unknown": "#ef6c00",
    "skipped": "#757575",
    "cancelled": "#757575",
    "expired": "#757575",
}


@dataclass(frozen=True)
class MessageRow:
    id: int
    e164: str
    state: str
    skip_reason: str
    error_code: str
    error_message: str
    body: str
    campaign: str
    template: str
    provider: str
    parts: int
    cost: float
    created_at: datetime
    submitted_at: datetime | None
    done_at: datetime | None


def _local(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M:%S") if value else ""


class MessageTableModel(QAbstractTableModel):
    COLUMNS = (
        "number",
        "state",
        "detail",
        "campaign",
        "provider",
        "parts",
        "cost",
        "created",
        "sent",
    )

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._ids: list[int] = []
        self._rows: dict[int, MessageRow] = {}
        self.show_full_numbers = False

    def set_ids(self, ids: list[int], *, show_full_numbers: bool) -> None:
        self.beginResetModel()
        self._ids = ids
        self._rows = {}
        self.show_full_numbers = show_full_numbers
        self.endResetModel()

    def message_id(self, row: int) -> int:
        return self._ids[row]

    def row(self, row: int) -> MessageRow | None:
        message_id = self._ids[row]
        if message_id not in self._rows:
            self._fetch(row)
        return self._rows.get(message_id)

    def _fetch(self, row: int) -> None:
        start = (row // PAGE) * PAGE
        ids = self._ids[start : start + PAGE]
        with self.ctx.session() as session:
            result = session.execute(
                select(
                    Message.id,
                    Message.e164,
                    Message.state,
                    Message.skip_reason,
                    Message.error_code,
                    Message.error_message,
                    Message.body,
                    Campaign.name,
                    Template.name,
                    ProviderAccount.name,
                    Message.parts,
                    Message.cost,
                    Message.created_at,
                    Message.submitted_at,
                    Message.done_at,
                )
                .outerjoin(Campaign, Campaign.id == Message.campaign_id)
                .outerjoin(Template, Template.id == Message.template_id)
                .outerjoin(ProviderAccount, ProviderAccount.id == Message.provider_account_id)
                .where(Message.id.in_(ids))
            ).all()
        for values in result:
            fields = list(values)
            fields[7:10] = [value or "" for value in fields[7:10]]
            self._rows[values[0]] = MessageRow(*fields)

    # -- Qt model ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        titles = {
            "number": self.tr("Number"),
            "state": self.tr("State"),
            "detail": self.tr("Detail"),
            "campaign": self.tr("Campaign / template"),
            "provider": self.tr("Provider"),
            "parts": self.tr("Parts"),
            "cost": self.tr("Cost"),
            "created": self.tr("Queued at"),
            "sent": self.tr("Sent at"),
        }
        return titles[self.COLUMNS[section]]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row(index.row())
        if row is None:
            return None
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == "detail" and row.error_message:
                return row.error_message
            if column in ("number", "campaign"):
                return row.body
        if role == Qt.ItemDataRole.ForegroundRole and column == "state":
            colour = STATE_COLOURS.get(row.state)
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("parts", "cost"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: MessageRow, column: str) -> str:
        if column == "number":
            return display(row.e164) if self.show_full_numbers else mask(row.e164)
        if column == "state":
            return state_label(row.state)
        if column == "detail":
            if row.error_code and row.state in ("failed", "unknown", "queued"):
                return reason_label(row.error_code)
            return reason_label(row.skip_reason) if row.skip_reason else ""
        if column == "campaign":
            return row.campaign or row.template
        if column == "provider":
            return row.provider
        if column == "parts":
            return str(row.parts)
        if column == "cost":
            return f"{row.cost:.3f}"
        if column == "created":
            return _local(row.created_at)
        return _local(row.submitted_at)
