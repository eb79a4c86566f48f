"""The contact table: a model over a windowed query, so a million contacts open at once.

Rows are read a page at a time when the view first asks for them: the next page after a
cached one by keyset (``WHERE (sort key, id) > last``, an index seek), any other page by
OFFSET. A bounded cache keeps the pages last used; nothing ever loads the whole table. The
row count comes from a background COUNT; until it arrives the table grows page by page.

Signals:
    count_changed(total: int) -- the exact number of matching contacts is known
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor
from sqlalchemy import ColumnElement, Select, select, tuple_

from smsdesk.core.contacts import book, segments
from smsdesk.core.contacts.numbers import display, mask
from smsdesk.core.contacts.segments import ContactFilter
from smsdesk.core.db.models import Contact
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.consent.background import run_connected
from smsdesk.ui.contacts.labels import carrier_label, consent_label, tier_label

PAGE = 200
CACHED_PAGES = 64
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class ContactRow:
    id: int
    e164: str
    name: str
    tier: str
    carrier: str
    province: str
    city: str
    consent: str
    opted_out: bool
    suspect: bool
    last_purchase_at: datetime | None
    tags: tuple[str, ...]


_COLUMNS = (
    Contact.id,
    Contact.e164,
    Contact.name,
    Contact.tier,
    Contact.carrier,
    Contact.province,
    Contact.city,
    Contact.consent_scope,
    Contact.opted_out,
    Contact.suspect,
    Contact.last_purchase_at,
)
# Sortable columns (each has an index): view column → contacts column.
SORT_KEYS: dict[int, Any] = {
    0: Contact.e164,
    1: Contact.name,
    3: Contact.tier,
    4: Contact.carrier,
    5: Contact.province,
    6: Contact.consent_scope,
}
CONSENT_COLOURS = {"marketing": "#2e7d32", "service": "#1565c0", "none": "#757575"}


class ContactTableModel(QAbstractTableModel):
    COLUMN_COUNT = 10
    ID_ROLE = Qt.ItemDataRole.UserRole + 1

    count_changed = Signal(int)

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.filter = ContactFilter()
        self.sort_column: int | None = None
        self.descending = False
        self.reveal = False
        self.total: int | None = None
        self.pages_fetched = 0
        self._rows = 0
        self._pages: OrderedDict[int, list[ContactRow]] = OrderedDict()
        self._generation = 0

    # Query --------------------------------------------------------------------------------

    def _order(self) -> list[Any]:
        key = SORT_KEYS.get(self.sort_column) if self.sort_column is not None else None
        columns = [key, Contact.id] if key is not None else [Contact.id]
        return [c.desc() if self.descending else c.asc() for c in columns]

    def _base(self) -> Select[Any]:
        return select(*_COLUMNS).where(*segments.conditions(self.filter)).order_by(*self._order())

    def _after(self, last: ContactRow) -> ColumnElement[bool]:
        key = SORT_KEYS.get(self.sort_column) if self.sort_column is not None else None
        if key is None:
            return Contact.id < last.id if self.descending else Contact.id > last.id
        value = getattr(last, _ROW_FIELD[self.sort_column or 0])
        pair = tuple_(key, Contact.id)
        return pair < (value, last.id) if self.descending else pair > (value, last.id)

    def _fetch(self, page: int) -> list[ContactRow]:
        query = self._base().limit(PAGE)
        previous = self._pages.get(page - 1)
        if page > 0 and previous:
            query = query.where(self._after(previous[-1]))
        elif page > 0:
            query = query.offset(page * PAGE)
        with self.ctx.db.session() as session:
            found = session.execute(query).all()
            tags = book.tag_names(session, [r[0] for r in found])
        self.pages_fetched += 1
        return [ContactRow(*r, tuple(tags.get(r[0], ()))) for r in found]

    def _page(self, page: int) -> list[ContactRow]:
        rows = self._pages.get(page)
        if rows is None:
            rows = self._fetch(page)
            self._pages[page] = rows
            while len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return rows

    def row_at(self, row: int) -> ContactRow | None:
        page, offset = divmod(row, PAGE)
        rows = self._page(page)
        return rows[offset] if offset < len(rows) else None

    @property
    def cached_rows(self) -> int:
        return sum(len(rows) for rows in self._pages.values())

    # Resetting ----------------------------------------------------------------------------

    def set_filter(self, flt: ContactFilter) -> None:
        self.filter = flt
        self.reload()

    def reload(self) -> None:
        """Drop every cached page, show the first page now and count in the background."""
        self.beginResetModel()
        self._generation += 1
        self._pages.clear()
        first = self._fetch(0)
        self._pages[0] = first
        self.total = len(first) if len(first) < PAGE else None
        self._rows = len(first)
        self.endResetModel()
        if self.total is None:
            self._count_in_background()
        else:
            self.count_changed.emit(self.total)

    def _count_in_background(self) -> None:
        generation = self._generation
        flt = self.filter
        db = self.ctx.db

        def count() -> tuple[int, int]:
            with db.session() as session:
                return generation, segments.count(session, flt)

        def connect(task: Any) -> None:
            # A bound slot: Qt drops the connection if the model goes away first.
            task.succeeded.connect(self._on_counted)

        run_connected(self.ctx, "contacts.count", count, connect=connect)

    @Slot(object)
    def _on_counted(self, result: tuple[int, int]) -> None:
        generation, total = result
        if generation != self._generation:
            return  # an older filter's count
        self.total = total
        if total > self._rows:
            self.beginInsertRows(QModelIndex(), self._rows, total - 1)
            self._rows = total
            self.endInsertRows()
        elif total < self._rows:
            self.beginRemoveRows(QModelIndex(), total, self._rows - 1)
            self._rows = total
            self.endRemoveRows()
        self.count_changed.emit(total)

    def set_reveal(self, reveal: bool) -> None:
        self.reveal = reveal
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(self._rows - 1, 0))

    # Qt model -----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self.total is None and self._rows % PAGE == 0

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or self.total is not None:
            return
        rows = self._page(self._rows // PAGE)
        if not rows:
            return
        self.beginInsertRows(QModelIndex(), self._rows, self._rows + len(rows) - 1)
        self._rows += len(rows)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column not in SORT_KEYS and column >= 0:
            return
        self.sort_column = column if column >= 0 else None
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    def headers(self) -> list[str]:
        return [
            self.tr("Number"),
            self.tr("Name"),
            self.tr("Tags"),
            self.tr("Tier"),
            self.tr("Carrier"),
            self.tr("Location"),
            self.tr("Consent"),
            self.tr("Opted out"),
            self.tr("Suspect"),
            self.tr("Last purchase"),
        ]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == 4:
            return self.tr(
                "Derived from the number's prefix. Numbers can move between carriers, so this is a best guess."
            )
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == self.ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 6:
                return QColor(CONSENT_COLOURS.get(row.consent, "#757575"))
            if column == 7 and row.opted_out:
                return QColor("#c62828")
            if column == 8 and row.suspect:
                return QColor("#ef6c00")
        if role == Qt.ItemDataRole.ToolTipRole and column == 2 and row.tags:
            return ", ".join(row.tags)
        return None

    def _text(self, row: ContactRow, column: int) -> str:
        if column == 0:
            return display(row.e164) if self.reveal else mask(row.e164)
        if column == 1:
            return row.name
        if column == 2:
            return ", ".join(row.tags)
        if column == 3:
            return tier_label(row.tier)
        if column == 4:
            return carrier_label(row.carrier)
        if column == 5:
            if row.city and row.city != row.province:
                return f"{row.province} {row.city}".strip()
            return row.province or row.city
        if column == 6:
            return consent_label(row.consent)
        if column == 7:
            return (
                QCoreApplication.translate("ContactTableModel", "Opted out")
                if row.opted_out
                else ""
            )
        if column == 8:
            return QCoreApplication.translate("ContactTableModel", "Suspect") if row.suspect else ""
        if column == 9 and row.last_purchase_at is not None:
            return row.last_purchase_at.astimezone().strftime("%Y-%m-%d")
        return ""


_ROW_FIELD = {0: "e164", 1: "name", 3: "tier", 4: "carrier", 5: "province", 6: "consent"}
