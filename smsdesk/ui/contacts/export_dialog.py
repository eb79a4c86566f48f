"""Export contacts (all, the current filter or a segment) or the opt-out list, masked unless
the user asks for full numbers (which the audit log records), in the background.

Signals:
    exported(result: ExportResult)
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QLocale, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from smsdesk.core import paths
from smsdesk.core.contacts import exporter, segments
from smsdesk.core.contacts.exporter import ExportResult
from smsdesk.core.contacts.segments import ContactFilter
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.consent.background import run_connected
from smsdesk.ui.contacts.labels import error_text
from smsdesk.ui.task_runner import Task


class ExportDialog(QDialog):
    exported = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        current: ContactFilter | None = None,
        current_count: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current = current or ContactFilter()
        self.task: Task | None = None
        self.result: ExportResult | None = None
        self.setWindowTitle(self.tr("Export"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)

        self.what = QButtonGroup(self)
        self.all_button = QRadioButton(self.tr("All contacts"))
        self.filter_button = QRadioButton(
            self.tr("The contacts shown now (current search and filters)")
        )
        if current_count is not None:
            self.filter_button.setText(
                self.tr("The contacts shown now (%1)").replace("%1", f"{current_count:,}")
            )
        self.segment_button = QRadioButton(self.tr("A saved segment"))
        self.optouts_button = QRadioButton(self.tr("The opt-out list"))
        self.segment = QComboBox()
        with ctx.session() as session:
            for segment in segments.list_segments(session):
                self.segment.addItem(segment.name, segment.id)
        segment_row = QHBoxLayout()
        segment_row.addWidget(self.segment_button)
        segment_row.addWidget(self.segment, 1)
        for button in (
            self.all_button,
            self.filter_button,
            self.segment_button,
            self.optouts_button,
        ):
            self.what.addButton(button)
        self.filter_button.setEnabled(not self.current.is_empty)
        self.segment_button.setEnabled(self.segment.count() > 0)
        self.segment.setEnabled(self.segment.count() > 0)
        (self.filter_button if not self.current.is_empty else self.all_button).setChecked(True)
        what_box = QGroupBox(self.tr("What to export"))
        what_layout = QVBoxLayout(what_box)
        what_layout.addWidget(self.all_button)
        what_layout.addWidget(self.filter_button)
        what_layout.addLayout(segment_row)
        what_layout.addWidget(self.optouts_button)
        layout.addWidget(what_box)

        form = QFormLayout()
        self.format = QComboBox()
        self.format.addItem(self.tr("Excel workbook (.xlsx)"), ".xlsx")
        self.format.addItem(self.tr("CSV, UTF-8 (.csv)"), ".csv")
        self.format.currentIndexChanged.connect(self._on_format_changed)
        form.addRow(self.tr("Format"), self.format)
        self.language = QComboBox()
        self.language.addItem("中文", "zh")
        self.language.addItem("English", "en")
        chinese = QLocale().language() == QLocale.Language.Chinese
        self.language.setCurrentIndex(0 if chinese else 1)
        form.addRow(self.tr("Column titles"), self.language)
        path_row = QHBoxLayout()
        self.path = QLineEdit(str(self._default_path(".xlsx")))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._on_browse_clicked)
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        form.addRow(self.tr("Save as"), path_row)
        layout.addLayout(form)
        self.unmasked = QCheckBox(self.tr("Write full numbers"))
        self.unmasked_note = QLabel(
            self.tr(
                "Numbers are masked (138****5678) unless you tick this. Full numbers are needed to import the file again or upload it to a provider; the export is recorded in the audit log."
            )
        )
        self.unmasked_note.setWordWrap(True)
        self.unmasked_note.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.unmasked)
        layout.addWidget(self.unmasked_note)

        progress_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.cancel_button = QPushButton(self.tr("Cancel export"))
        self.cancel_button.clicked.connect(self.cancel)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        self.progress_holder = QWidget()
        self.progress_holder.setLayout(progress_row)
        self.progress_holder.hide()
        layout.addWidget(self.progress_holder)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.open_folder = QPushButton(self.tr("Show in folder"))
        self.open_folder.clicked.connect(self._on_open_folder_clicked)
        self.open_folder.hide()
        layout.addWidget(self.open_folder)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.clicked.connect(self.start_export)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.reject)
        layout.addWidget(self.buttons)

    def _default_path(self, suffix: str) -> Path:
        folder = Path.home() / "Documents"
        if not folder.is_dir():
            folder = paths.data_dir()
        stamp = datetime.now().strftime("%Y%m%d-%H%M")
        return folder / f"contacts-{stamp}{suffix}"

    @Slot(int)
    def _on_format_changed(self, _index: int) -> None:
        current = Path(self.path.text() or self._default_path(".xlsx"))
        self.path.setText(str(current.with_suffix(str(self.format.currentData()))))

    @Slot()
    def _on_browse_clicked(self) -> None:
        chooser = QFileDialog(self, self.tr("Export to"))
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        chooser.setDefaultSuffix(str(self.format.currentData()).lstrip("."))
        chooser.selectFile(self.path.text())
        chooser.fileSelected.connect(self.path.setText)
        chooser.open()

    def chosen_filter(self) -> ContactFilter:
        if self.filter_button.isChecked():
            return self.current
        if self.segment_button.isChecked() and self.segment.currentData() is not None:
            with self.ctx.session() as session:
                return segments.segment_filter(
                    segments.get_segment(session, int(self.segment.currentData()))
                )
        return ContactFilter()

    @Slot()
    def start_export(self) -> Task | None:
        if self.task is not None:
            return None
        target = Path(self.path.text().strip()).expanduser()
        if target.suffix.lower() not in (".xlsx", ".csv"):
            target = target.with_suffix(str(self.format.currentData()))
        language = str(self.language.currentData())
        unmasked = self.unmasked.isChecked()
        if self.optouts_button.isChecked():
            fn, args = exporter.export_optouts, (self.ctx.db, target)
            kwargs = {"unmasked": unmasked, "language": language}
        else:
            fn, args = exporter.export_contacts, (self.ctx.db, target)
            kwargs = {"flt": self.chosen_filter(), "unmasked": unmasked, "language": language}
        self.progress.setRange(0, 0)
        self.progress_holder.show()
        self.open_folder.hide()
        self._show_message("")
        self.export_button.setEnabled(False)

        def connect(task: Task) -> None:
            task.progress_changed.connect(self._on_progress)
            task.succeeded.connect(self._on_exported)
            task.failed.connect(self._on_failed)
            task.cancelled.connect(
                lambda: self._show_message(self.tr("Export cancelled; no file was written."))
            )
            task.finished.connect(self._on_finished)

        def run(progress: object) -> ExportResult:
            return fn(*args, progress=progress, **kwargs)  # type: ignore[operator]

        self.task = run_connected(
            self.ctx, "contacts.export", run, connect=connect, with_progress=True
        )
        return self.task

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, _note: str) -> None:
        self.progress.setRange(0, max(total, done, 1))
        self.progress.setValue(done)

    @Slot()
    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    @Slot(object)
    def _on_exported(self, result: ExportResult) -> None:
        self.result = result
        kind = self.tr("full numbers") if result.unmasked else self.tr("masked numbers")
        self._show_message(
            self.tr("%1 rows written to %2 (%3).")
            .replace("%1", f"{result.rows:,}")
            .replace("%2", str(result.path))
            .replace("%3", kind)
        )
        self.open_folder.show()
        self.exported.emit(result)

    @Slot(object, str)
    def _on_failed(self, error: BaseException, _details: str) -> None:
        self._show_message(error_text(error), error=True)

    @Slot()
    def _on_finished(self) -> None:
        self.task = None
        self.progress_holder.hide()
        self.export_button.setEnabled(True)

    @Slot()
    def _on_open_folder_clicked(self) -> None:
        if self.result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result.path.parent)))

    def _show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def reject(self) -> None:
        if self.task is not None:
            self.cancel()
            return
        super().reject()
