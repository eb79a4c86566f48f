"""The contact book: a lazy table that opens at once at a million contacts, search and
filters, saved segments, masked numbers (revealing them is audited), add/edit, bulk tags,
delete, import and export."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smsdesk.core.contacts import book, segments
from smsdesk.core.contacts.segments import ContactFilter
from smsdesk.core.errors import SMSDeskError
from smsdesk.ui import icons
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.consent.background import run_connected
from smsdesk.ui.contacts.contact_dialog import ContactDialog
from smsdesk.ui.contacts.contact_table_model import SORT_KEYS, ContactTableModel
from smsdesk.ui.contacts.export_dialog import ExportDialog
from smsdesk.ui.contacts.import_dialog import ImportDialog
from smsdesk.ui.contacts.labels import carrier_label, consent_label, error_text, tier_label
from smsdesk.ui.contacts.tag_dialog import TagDialog
from smsdesk.ui.pages.base import Page
from smsdesk.ui.task_runner import Task
from smsdesk.ui.widgets.empty_state import EmptyState

ANY = None


class ContactsPage(Page):
    page_id = "contacts"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.task: Task | None = None
        self.dialog: Any = None
        self._done_text: Callable[[int], str] = str
        self._applying_segment = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)
        layout.addLayout(self._build_toolbar())
        layout.addLayout(self._build_filters())
        self.count_label = QLabel()
        layout.addWidget(self.count_label)

        self.model = ContactTableModel(ctx, self)
        self.model.count_changed.connect(self._on_model_count_changed)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.sectionClicked.connect(self._on_header_section_clicked)
        for column, width in enumerate((120, 110, 170, 70, 110, 140, 100, 80, 70, 100)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)

        self.empty = EmptyState(
            icons.icon("contacts"),
            self.tr("No contacts yet"),
            self.tr(
                "Import your customer list from Excel or CSV: headers like 手机号码, 姓名 and 标签 are recognised. Or add a contact by hand."
            ),
            self.tr("Import a list…"),
        )
        self.empty.action_clicked.connect(self.start_import)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.table)
        layout.addWidget(self.stack, 1)

        progress_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress_label = QLabel()
        progress_row.addWidget(self.progress_label)
        progress_row.addWidget(self.progress, 1)
        self.progress_holder = QWidget()
        self.progress_holder.setLayout(progress_row)
        self.progress_holder.hide()
        layout.addWidget(self.progress_holder)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        layout.addWidget(self.message)
        ctx.data_changed.connect(self._on_ctx_data_changed)

    # Building -------------------------------------------------------------------------------

    def _build_toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search a number or a name"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMinimumWidth(220)
        self.search.setMaximumWidth(320)
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        row.addWidget(self.search)
        self.segment = QComboBox()
        self.segment.setMinimumWidth(160)
        self.segment.activated.connect(self._on_segment_activated)
        row.addWidget(self.segment)
        self.save_segment_button = QPushButton(self.tr("Save as segment…"))
        self.save_segment_button.clicked.connect(self.open_save_segment)
        row.addWidget(self.save_segment_button)
        row.addStretch(1)
        self.reveal = QCheckBox(self.tr("Show full numbers"))
        self.reveal.setToolTip(self.tr("Turning this on is recorded in the audit log."))
        self.reveal.toggled.connect(self._on_reveal_toggled)
        row.addWidget(self.reveal)
        self.add_button = QPushButton(icons.icon("add"), self.tr("Add…"))
        self.add_button.clicked.connect(self.open_add_dialog)
        self.import_button = QPushButton(icons.icon("import"), self.tr("Import…"))
        self.import_button.clicked.connect(self.start_import)
        self.export_button = QPushButton(icons.icon("export"), self.tr("Export…"))
        self.export_button.clicked.connect(self.start_export)
        self.more_button = QToolButton()
        self.more_button.setText(self.tr("Selected contacts"))
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        menu = QMenu(self.more_button)
        self.edit_action = QAction(icons.icon("edit"), self.tr("Edit…"), self)
        self.edit_action.triggered.connect(self.open_edit_dialog)
        self.tag_action = QAction(self.tr("Add or remove tags…"), self)
        self.tag_action.triggered.connect(self.open_tag_dialog)
        self.delete_action = QAction(icons.icon("delete"), self.tr("Delete…"), self)
        self.delete_action.triggered.connect(self.confirm_delete)
        menu.addActions([self.edit_action, self.tag_action, self.delete_action])
        self.more_button.setMenu(menu)
        for widget in (self.add_button, self.import_button, self.export_button, self.more_button):
            row.addWidget(widget)
        return row

    def _combo(self, label: str) -> QComboBox:
        combo = QComboBox()
        combo.addItem(label, ANY)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.activated.connect(lambda _index: self.apply_filters())
        return combo

    def _build_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Filter:")))
        self.tag_filter = self._combo(self.tr("Any tag"))
        self.tier_filter = self._combo(self.tr("Any tier"))
        for code in ("new", "active", "dormant", "loyal"):
            self.tier_filter.addItem(tier_label(code), code)
        self.carrier_filter = self._combo(self.tr("Any carrier"))
        for code in ("mobile", "unicom", "telecom", "broadnet", "intl"):
            self.carrier_filter.addItem(carrier_label(code), code)
        self.province_filter = self._combo(self.tr("Any province"))
        self.consent_filter = self._combo(self.tr("Any consent"))
        for code in ("marketing", "service", "none"):
            self.consent_filter.addItem(consent_label(code), code)
        self.opted_out_filter = self._combo(self.tr("Opted out or not"))
        self.opted_out_filter.addItem(self.tr("Opted out"), True)
        self.opted_out_filter.addItem(self.tr("Not opted out"), False)
        self.suspect_filter = self._combo(self.tr("Suspect or not"))
        self.suspect_filter.addItem(self.tr("Suspect numbers"), True)
        self.suspect_filter.addItem(self.tr("Not suspect"), False)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.clicked.connect(self.clear_filters)
        for widget in (
            self.tag_filter,
            self.tier_filter,
            self.carrier_filter,
            self.province_filter,
            self.consent_filter,
            self.opted_out_filter,
            self.suspect_filter,
            self.clear_button,
        ):
            row.addWidget(widget)
        row.addStretch(1)
        return row

    def page_title(self) -> str:
        return self.tr("Contacts")

    def page_icon(self) -> QIcon:
        return icons.icon("contacts")

    # Loading --------------------------------------------------------------------------------

    def load(self) -> None:
        reveal = bool(self.ctx.setting("privacy.show_full_numbers"))
        self.reveal.blockSignals(True)
        self.reveal.setChecked(reveal)
        self.reveal.blockSignals(False)
        self.model.reveal = reveal
        self.refresh()
        self._load_provinces()

    def refresh(self) -> None:
        self._fill_tags_and_segments()
        self.model.set_filter(self.current_filter())
        self._update_count()
        self._on_selection_changed()

    def _fill_tags_and_segments(self) -> None:
        with self.ctx.session() as session:
            tags = book.all_tags(session)
            saved = [(s.name, s.id) for s in segments.list_segments(session)]
        _refill(self.tag_filter, [(t, t) for t in tags])
        self.segment.blockSignals(True)
        current = self.segment.currentData()
        self.segment.clear()
        self.segment.addItem(self.tr("All contacts"), None)
        for name, segment_id in saved:
            self.segment.addItem(name, segment_id)
        self.segment.setCurrentIndex(max(0, self.segment.findData(current)))
        self.segment.blockSignals(False)

    def _load_provinces(self) -> None:
        """The province list scans an index of the whole book: off the GUI thread."""

        def provinces() -> list[str]:
            with self.ctx.db.session() as session:
                return book.provinces(session)

        def connect(task: Task) -> None:
            task.succeeded.connect(self._on_provinces_loaded)

        run_connected(self.ctx, "contacts.provinces", provinces, connect=connect)

    @Slot(object)
    def _on_provinces_loaded(self, names: list[str]) -> None:
        _refill(self.province_filter, [(n, n) for n in names])

    @Slot(str)
    def _on_ctx_data_changed(self, domain: str) -> None:
        if not self._loaded:
            return
        if domain == "settings":
            reveal = bool(self.ctx.setting("privacy.show_full_numbers"))
            if reveal != self.reveal.isChecked():
                self.reveal.blockSignals(True)
                self.reveal.setChecked(reveal)
                self.reveal.blockSignals(False)
                self.model.set_reveal(reveal)
        elif domain in ("contacts", "consent", "optouts", "replies"):
            self.refresh()
            if domain == "contacts":
                self._load_provinces()

    # Filters ----------------------------------------------------------------------------------

    def current_filter(self) -> ContactFilter:
        def one(combo: QComboBox) -> tuple[str, ...]:
            value = combo.currentData()
            return () if value is ANY else (str(value),)

        def flag(combo: QComboBox) -> bool | None:
            value = combo.currentData()
            return None if value is ANY else bool(value)

        return ContactFilter(
            search=self.search.text().strip(),
            tags=one(self.tag_filter),
            tiers=one(self.tier_filter),
            carriers=one(self.carrier_filter),
            provinces=one(self.province_filter),
            consent_scopes=one(self.consent_filter),
            opted_out=flag(self.opted_out_filter),
            suspect=flag(self.suspect_filter),
        )

    @Slot()
    def apply_filters(self) -> None:
        if not self._applying_segment and self.segment.currentIndex() > 0:
            self.segment.setCurrentIndex(0)
        self.model.set_filter(self.current_filter())
        self._update_count()
        self._on_selection_changed()

    @Slot()
    def clear_filters(self) -> None:
        self._set_filter_widgets(ContactFilter())
        self.apply_filters()

    def _set_filter_widgets(self, flt: ContactFilter) -> None:
        def pick(combo: QComboBox, values: tuple[str, ...]) -> None:
            if values and combo.findData(values[0]) < 0:
                combo.addItem(values[0], values[0])
            combo.setCurrentIndex(max(0, combo.findData(values[0])) if values else 0)

        def pick_flag(combo: QComboBox, value: bool | None) -> None:
            combo.setCurrentIndex(0 if value is None else max(0, combo.findData(value)))

        self.search.blockSignals(True)
        self.search.setText(flt.search)
        self.search.blockSignals(False)
        pick(self.tag_filter, flt.tags)
        pick(self.tier_filter, flt.tiers)
        pick(self.carrier_filter, flt.carriers)
        pick(self.province_filter, flt.provinces)
        pick(self.consent_filter, flt.consent_scopes)
        pick_flag(self.opted_out_filter, flt.opted_out)
        pick_flag(self.suspect_filter, flt.suspect)

    @Slot(int)
    def _on_segment_activated(self, index: int) -> None:
        segment_id = self.segment.itemData(index)
        if segment_id is None:
            flt = ContactFilter()
        else:
            with self.ctx.session() as session:
                flt = segments.segment_filter(segments.get_segment(session, int(segment_id)))
        self._applying_segment = True
        try:
            self._set_filter_widgets(flt)
            self.apply_filters()
        finally:
            self._applying_segment = False

    @Slot()
    def open_save_segment(self) -> QInputDialog:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Save as segment"))
        dialog.setLabelText(
            self.tr("Name this selection of contacts; campaigns can target it later.")
        )
        dialog.setTextValue(self.segment.currentText() if self.segment.currentIndex() > 0 else "")
        dialog.textValueSelected.connect(self.save_segment)
        self.dialog = dialog
        dialog.open()
        return dialog

    @Slot(str)
    def save_segment(self, name: str) -> None:
        try:
            with self.ctx.session() as session:
                segment_id = segments.save_segment(session, name, self.current_filter()).id
        except SMSDeskError as exc:
            self.show_message(error_text(exc), error=True)
            return
        self._fill_tags_and_segments()
        self.segment.setCurrentIndex(max(0, self.segment.findData(segment_id)))
        self.show_message(self.tr("Segment “%1” saved.").replace("%1", name.strip()))
        self.ctx.notify("segments")

    # Count ------------------------------------------------------------------------------------

    def _update_count(self) -> None:
        total = self.model.total
        filtered = not self.model.filter.is_empty
        if total is None:
            self.count_label.setText(self.tr("Counting…"))
        elif filtered:
            self.count_label.setText(self.tr("%1 matching contacts").replace("%1", f"{total:,}"))
        else:
            self.count_label.setText(self.tr("%1 contacts").replace("%1", f"{total:,}"))
        empty_book = total == 0 and not filtered
        self.stack.setCurrentWidget(self.empty if empty_book else self.table)

    @Slot(int)
    def _on_model_count_changed(self, _total: int) -> None:
        self._update_count()

    # Sorting ----------------------------------------------------------------------------------

    @Slot(int)
    def _on_header_section_clicked(self, column: int) -> None:
        header = self.table.horizontalHeader()
        if column not in SORT_KEYS:
            current = self.model.sort_column if self.model.sort_column is not None else -1
            order = (
                Qt.SortOrder.DescendingOrder
                if self.model.descending
                else Qt.SortOrder.AscendingOrder
            )
            header.setSortIndicator(current, order)
            return
        order = (
            Qt.SortOrder.DescendingOrder
            if self.model.sort_column == column and not self.model.descending
            else Qt.SortOrder.AscendingOrder
        )
        header.setSortIndicator(column, order)
        self.model.sort(column, order)
        self._update_count()

    # Selection --------------------------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        return sorted(index.row() for index in self.table.selectionModel().selectedRows())

    def selected_ids(self) -> list[int] | None:
        """Ids of the selected contacts; None when every matching contact is selected (the
        caller then works on the filter, set-based)."""
        rows = self.selected_rows()
        total = self.model.total
        if total is not None and rows and len(rows) >= total:
            return None
        ids: list[int] = []
        for row in rows:
            found = self.model.row_at(row)
            if found is not None:
                ids.append(found.id)
        return ids

    @Slot()
    def _on_selection_changed(self) -> None:
        rows = self.selected_rows()
        self.edit_action.setEnabled(len(rows) == 1)
        self.tag_action.setEnabled(bool(rows) or bool(self.model.total))
        self.delete_action.setEnabled(bool(rows))
        self.more_button.setEnabled(True)

    def select_rows(self, rows: list[int]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row in rows:
            selection.select(self.model.index(row, 0), flags)

    # Dialogs ----------------------------------------------------------------------------------

    @Slot()
    def open_add_dialog(self) -> ContactDialog:
        dialog = ContactDialog(self.ctx, self)
        self.dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def open_edit_dialog(self) -> ContactDialog | None:
        rows = self.selected_rows()
        found = self.model.row_at(rows[0]) if len(rows) == 1 else None
        if found is None:
            return None
        dialog = ContactDialog(self.ctx, self, contact_id=found.id)
        self.dialog = dialog
        dialog.open()
        return dialog

    @Slot(QModelIndex)
    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        self.select_rows([index.row()])
        self.open_edit_dialog()

    def _target_text(self, ids: list[int] | None) -> str:
        if ids is None or not self.selected_rows():
            count = self.model.total or 0
            return self.tr("All %1 contacts shown.").replace("%1", f"{count:,}")
        return self.tr("%1 selected contacts.").replace("%1", f"{len(ids):,}")

    @Slot()
    def open_tag_dialog(self) -> TagDialog:
        ids = self.selected_ids() if self.selected_rows() else None
        with self.ctx.session() as session:
            known = book.all_tags(session)
        dialog = TagDialog(known, self._target_text(ids), self)
        flt = self.current_filter()
        dialog.chosen.connect(lambda tags, add: self.apply_tags(tags, add, ids=ids, flt=flt))
        self.dialog = dialog
        dialog.open()
        return dialog

    def apply_tags(
        self, tags: list[str], add: bool, *, ids: list[int] | None, flt: ContactFilter
    ) -> Task:
        def work() -> int:
            target = ids if ids is not None else segments.contact_ids_query(flt)
            with self.ctx.db.session() as session:
                if add:
                    book.add_tags(session, target, tags)
                else:
                    book.remove_tags(session, target, tags)
                return len(ids) if ids is not None else segments.count(session, flt)

        done = (
            self.tr("Tags added to %1 contacts.")
            if add
            else self.tr("Tags removed from %1 contacts.")
        )
        return self._run(self.tr("Updating tags…"), work, lambda n: done.replace("%1", f"{n:,}"))

    @Slot()
    def confirm_delete(self) -> QMessageBox | None:
        ids = self.selected_ids()
        if not self.selected_rows():
            return None
        flt = self.current_filter()
        count = len(ids) if ids is not None else (self.model.total or 0)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Delete contacts"),
            self.tr(
                "Delete %1 contacts? Their tags and purchase history go with them. Numbers on the opt-out list stay on it, and consent records are kept."
            ).replace("%1", f"{count:,}"),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        delete = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        delete.clicked.connect(lambda: self.delete_contacts(ids, flt))
        self.dialog = box
        box.open()
        return box

    def delete_contacts(self, ids: list[int] | None, flt: ContactFilter) -> Task:
        def work() -> int:
            target = ids if ids is not None else segments.contact_ids_query(flt)
            with self.ctx.db.session() as session:
                return book.delete_contacts(session, target)

        return self._run(
            self.tr("Deleting…"),
            work,
            lambda n: self.tr("%1 contacts deleted.").replace("%1", f"{n:,}"),
        )

    def _run(self, label: str, work: Callable[[], int], done: Callable[[int], str]) -> Task:
        self.progress_label.setText(label)
        self.progress_holder.show()
        self.show_message("")
        self._done_text = done

        def connect(task: Task) -> None:
            task.succeeded.connect(self._on_bulk_succeeded)
            task.failed.connect(self._on_bulk_failed)
            task.finished.connect(self._on_bulk_finished)

        self.task = run_connected(self.ctx, "contacts.bulk", work, connect=connect)
        return self.task

    @Slot(object)
    def _on_bulk_succeeded(self, count: int) -> None:
        self.show_message(self._done_text(int(count)))
        self.ctx.notify("contacts")

    @Slot(object, str)
    def _on_bulk_failed(self, error: BaseException, _details: str) -> None:
        self.show_message(error_text(error), error=True)

    @Slot()
    def _on_bulk_finished(self) -> None:
        self.task = None
        self.progress_holder.hide()

    @Slot()
    def start_import(self) -> ImportDialog:
        dialog = ImportDialog(self.ctx, self)
        self.dialog = dialog
        dialog.open()
        dialog.choose_file()
        return dialog

    @Slot()
    def start_export(self) -> ExportDialog:
        dialog = ExportDialog(
            self.ctx, self, current=self.current_filter(), current_count=self.model.total
        )
        self.dialog = dialog
        dialog.open()
        return dialog

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    @Slot(bool)
    def _on_reveal_toggled(self, on: bool) -> None:
        with self.ctx.session() as session:
            book.reveal_numbers(session, on, where="contacts page")
        self.model.set_reveal(on)
        self.ctx.notify("settings")

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "")
        self.message.setText(text)
        self.message.setVisible(bool(text))


def _refill(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
    """Replace a filter combo's choices, keeping the first ("any") item and the selection."""
    current = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for text, data in items:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(0, combo.findData(current)) if current is not ANY else 0)
    combo.blockSignals(False)
