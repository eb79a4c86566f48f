"""The opt-out page: the suppression list with search, add, import, export, and taking a number
off the list (which needs a new consent with evidence)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QStyle,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smsdesk.core.consent import opt_out_files
from smsdesk.core.consent.opt_out_files import OptOutImportResult
from smsdesk.core.progress import Progress
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.consent.add_optout_dialog import AddOptOutDialog
from smsdesk.ui.consent.background import run_connected
from smsdesk.ui.consent.labels import error_text, number_reject_text
from smsdesk.ui.consent.optout_model import OptOutModel
from smsdesk.ui.consent.record_consent_dialog import RecordConsentDialog
from smsdesk.ui.pages.base import Page
from smsdesk.ui.task_runner import Task
from smsdesk.ui.widgets.empty_state import EmptyState


class OptOutsPage(Page):
    page_id = "optouts"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.task: Task | None = None
        self._file = Path()
        self.dialog: AddOptOutDialog | RecordConsentDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(10)

        toolbar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search number, reason or source"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self.search.setMaximumWidth(360)
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.show_removed = QCheckBox(self.tr("Show removed"))
        self.show_removed.toggled.connect(lambda _checked: self.refresh())
        toolbar.addWidget(self.search)
        toolbar.addWidget(self.show_removed)
        toolbar.addStretch(1)
        style = self.style()
        self.add_button = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_FileDialogNewFolder), self.tr("Add…")
        )
        self.add_button.clicked.connect(self.open_add_dialog)
        self.import_button = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton), self.tr("Import…")
        )
        self.import_button.clicked.connect(self._on_import_clicked)
        self.export_button = QToolButton()
        self.export_button.setText(self.tr("Export"))
        self.export_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
        self.export_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        self.export_masked_action = QAction(self.tr("Export with masked numbers…"), self)
        self.export_masked_action.triggered.connect(lambda: self._choose_export(reveal=False))
        self.export_full_action = QAction(self.tr("Export full numbers (for a provider)…"), self)
        self.export_full_action.triggered.connect(lambda: self._choose_export(reveal=True))
        menu.addAction(self.export_masked_action)
        menu.addAction(self.export_full_action)
        self.export_button.setMenu(menu)
        self.remove_button = QPushButton(self.tr("Take off list…"))
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.open_remove_dialog)
        for widget in (self.add_button, self.import_button, self.export_button, self.remove_button):
            toolbar.addWidget(widget)
        layout.addLayout(toolbar)

        self.count_label = QLabel()
        layout.addWidget(self.count_label)

        self.stack = QStackedWidget()
        self.empty = EmptyState(
            self.page_icon(),
            self.tr("No opt-outs"),
            self.tr(
                "Numbers that reply T, 退订 or STOP land here automatically and never receive marketing again. You can also add numbers by hand or import a list from your SMS provider."
            ),
            self.tr("Import a list…"),
        )
        self.empty.action_clicked.connect(self._on_import_clicked)
        self.model = OptOutModel(ctx.db, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((150, 260, 200, 140)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.table)
        layout.addWidget(self.stack, 1)

        progress_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        self.progress_holder = QWidget()
        self.progress_holder.setLayout(progress_row)
        self.progress_holder.hide()
        layout.addWidget(self.progress_holder)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        layout.addWidget(self.message)

        ctx.data_changed.connect(self._on_data_changed)

    def page_title(self) -> str:
        return self.tr("Opt-outs")

    def page_icon(self) -> QIcon:
        return self.style().standardIcon(QStyle.StandardPixmap.SP_DialogNoButton)

    # --- list -------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.model.reveal = bool(self.ctx.setting("privacy.show_full_numbers"))
        self.model.reload(search=self.search.text(), include_removed=self.show_removed.isChecked())
        filtered = bool(self.search.text().strip()) or self.show_removed.isChecked()
        self.stack.setCurrentWidget(self.table if self.model.total or filtered else self.empty)
        if self.search.text().strip():
            text = self.tr("%1 matching number(s)")
        else:
            text = self.tr("%1 number(s) on the opt-out list")
        self.count_label.setText(text.replace("%1", str(self.model.total)))
        self._on_selection_changed()

    @Slot(str)
    def _on_data_changed(self, domain: str) -> None:
        if self._loaded and domain in ("optouts", "replies", "consent", "settings"):
            self.refresh()

    @Slot()
    def _on_selection_changed(self) -> None:
        row = self.selected_row()
        self.remove_button.setEnabled(row is not None and self.model.is_active(row))

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # --- add / remove -----------------------------------------------------------------------

    @Slot()
    def open_add_dialog(self) -> AddOptOutDialog:
        dialog = AddOptOutDialog(self.ctx, self)
        self.dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def open_remove_dialog(self) -> RecordConsentDialog | None:
        row = self.selected_row()
        if row is None or not self.model.is_active(row):
            return None
        dialog = RecordConsentDialog(self.ctx, self, e164=self.model.e164_at(row), resubscribe=True)
        self.dialog = dialog
        dialog.open()
        return dialog

    # --- import -----------------------------------------------------------------------------

    @Slot()
    def _on_import_clicked(self) -> None:
        dialog = QFileDialog(self, self.tr("Import opt-out list"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([
            self.tr("Lists (*.xlsx *.xls *.csv *.txt)"), self.tr("All files (*)"),
        ])  # fmt: skip
        dialog.fileSelected.connect(lambda path: self.start_import(Path(path)))
        dialog.open()

    def start_import(self, path: Path) -> Task:
        self._busy(True)
        self.show_message("")
        self._file = path
        self.task = run_connected(
            self.ctx, "import opt-outs", self._import, self.ctx, path,
            connect=self._connect_import, with_progress=True,
        )  # fmt: skip
        return self.task

    def _connect_import(self, task: Task) -> None:
        task.progress_changed.connect(self._on_task_progress)
        task.succeeded.connect(self._on_import_succeeded)
        task.failed.connect(self._on_task_failed)
        task.cancelled.connect(self._on_import_cancelled)
        task.finished.connect(self._on_task_finished)

    @Slot()
    def _on_import_cancelled(self) -> None:
        self.show_message(self.tr("Import cancelled; nothing was added."))

    @staticmethod
    def _import(ctx: AppContext, path: Path, progress: Progress) -> OptOutImportResult:
        with ctx.db.session() as session:
            return opt_out_files.import_opt_outs(session, path, progress=progress)

    @Slot(object)
    def _on_import_succeeded(self, result: object) -> None:
        assert isinstance(result, OptOutImportResult)
        path = self._file
        text = self.tr("Imported %1: %2 added, %3 already on the list, %4 rows skipped.")
        for marker, value in (("%1", path.name), ("%2", result.added), ("%3", result.already),
                              ("%4", len(result.rejected))):  # fmt: skip
            text = text.replace(marker, str(value))
        examples = [
            self.tr("row %1: %2")
            .replace("%1", str(r.row))
            .replace("%2", number_reject_text(r.reason))
            for r in result.rejected[:3]
        ]
        if examples:
            text += " " + "; ".join(examples) + ("…" if len(result.rejected) > 3 else "")
        self.show_message(text)
        self.ctx.notify("optouts")

    # --- export -----------------------------------------------------------------------------

    def _choose_export(self, *, reveal: bool) -> None:
        dialog = QFileDialog(self, self.tr("Export opt-out list"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters([self.tr("Excel workbook (*.xlsx)"), self.tr("CSV file (*.csv)")])
        dialog.setDefaultSuffix("xlsx")
        dialog.selectFile(str(Path.home() / "opt-outs.xlsx"))
        dialog.fileSelected.connect(lambda path: self.start_export(Path(path), reveal=reveal))
        dialog.open()

    def start_export(self, path: Path, *, reveal: bool) -> Task:
        self._busy(True)
        self._file = path
        include_removed = self.show_removed.isChecked()
        self.task = run_connected(
            self.ctx, "export opt-outs", self._export, self.ctx, path, reveal, include_removed,
            connect=self._connect_export, with_progress=True,
        )  # fmt: skip
        return self.task

    def _connect_export(self, task: Task) -> None:
        task.progress_changed.connect(self._on_task_progress)
        task.succeeded.connect(self._on_export_succeeded)
        task.failed.connect(self._on_task_failed)
        task.finished.connect(self._on_task_finished)

    @Slot(object)
    def _on_export_succeeded(self, count: object) -> None:
        text = self.tr("%1 number(s) exported to %2").replace("%1", str(count))
        self.show_message(text.replace("%2", str(self._file)))

    @staticmethod
    def _export(
        ctx: AppContext, path: Path, reveal: bool, include_removed: bool, progress: Progress
    ) -> int:
        with ctx.db.session() as session:
            return opt_out_files.export_opt_outs(
                session, path, reveal=reveal, include_removed=include_removed, progress=progress
            )

    # --- shared -----------------------------------------------------------------------------

    def _busy(self, busy: bool) -> None:
        self.progress_holder.setVisible(busy)
        self.progress.setRange(0, 0)
        for widget in (self.import_button, self.export_button, self.add_button):
            widget.setEnabled(not busy)
        if not busy:
            self.task = None

    @Slot()
    def _on_task_finished(self) -> None:
        self._busy(False)

    @Slot()
    def _on_cancel_clicked(self) -> None:
        if self.task is not None:
            self.task.cancel()

    @Slot(int, int, str)
    def _on_task_progress(self, done: int, total: int, _note: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    @Slot(object, str)
    def _on_task_failed(self, error: object, _details: str) -> None:
        message = error_text(error) if isinstance(error, BaseException) else str(error)
        self.show_message(message, error=True)
