"""The opt-out list as a table model that loads rows page by page (the list can be long)."""

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
)
from PySide6.QtGui import QBrush, QColor

from smsdesk.core.consent import opt_outs
from smsdesk.core.contacts.numbers import display, mask
from smsdesk.core.db.engine import Database

PAGE = 200
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class OptOutRow:
    e164: str
    reason: str
    source: str
    created_at: datetime
    removed_at: datetime | None


class OptOutModel(QAbstractTableModel):
    E164_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, db: Database, parent: Any = None) -> None:
        super().__init__(parent)
        self.db = db
        self.search = ""
        self.include_removed = False
        self.reveal = False
        self.rows: list[OptOutRow] = []
        self.total = 0

    def headers(self) -> list[str]:
        translate = QCoreApplication.translate
        return [
            translate("OptOutModel", "Number"),
            translate("OptOutModel", "Reason"),
            translate("OptOutModel", "Source"),
            translate("OptOutModel", "Added"),
            translate("OptOutModel", "Status"),
        ]

    def reload(self, *, search: str | None = None, include_removed: bool | None = None) -> None:
        self.beginResetModel()
        if search is not None:
            self.search = search
        if include_removed is not None:
            self.include_removed = include_removed
        with self.db.session() as session:
            self.total = opt_outs.count_opt_outs(
                session, search=self.search, include_removed=self.include_removed
            )
        self.rows = self._page(0)
        self.endResetModel()

    def _page(self, offset: int) -> list[OptOutRow]:
        with self.db.session() as session:
            found = opt_outs.list_opt_outs(
                session,
                search=self.search,
                include_removed=self.include_removed,
                offset=offset,
                limit=PAGE,
            )
            return [
                OptOutRow(r.e164, r.reason, r.source, r.created_at, r.removed_at) for r in found
            ]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid():
            return
        start = len(self.rows)
        page = self._page(start)
        if not page:
            self.total = start
            return
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self.rows.extend(page)
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == self.E164_ROLE:
            return row.e164
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return display(row.e164) if self.reveal else mask(row.e164)
            if column == 1:
                return row.reason
            if column == 2:
                return row.source
            if column == 3:
                return row.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
            if row.removed_at is None:
                return QCoreApplication.translate("OptOutModel", "Suppressed")
            return QCoreApplication.translate("OptOutModel", "Removed %1").replace(
                "%1", row.removed_at.astimezone().strftime("%Y-%m-%d")
            )
        if role == Qt.ItemDataRole.ForegroundRole and column == 4 and row.removed_at is not None:
            return QBrush(QColor("#6b7280"))
        if role == Qt.ItemDataRole.ToolTipRole and column in (1, 2):
            return row.reason if column == 1 else row.source
        return None

    def e164_at(self, row: int) -> str:
        return self.rows[row].e164

    def is_active(self, row: int) -> bool:
        return self.rows[row].removed_at is None
