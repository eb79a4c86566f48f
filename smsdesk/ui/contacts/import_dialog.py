"""Import a customer list: preview with a field choice per column, duplicate policy, an
optional consent statement for the whole file, then the import in the background with a
progress bar and Cancel, and the reject report offered at the end.

Signals:
    imported(result: ImportResult) -- the book changed
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, QUrl, Signal, Slot
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smsdesk.core.contacts.columns import SINGLE_FIELDS, ImportField, custom_field, is_custom
from smsdesk.core.contacts.importer import (
    DuplicatePolicy,
    FileConsent,
    ImportKind,
    ImportOptions,
    ImportPlan,
    ImportResult,
    import_file,
    plan_import,
)
from smsdesk.core.contacts.numbers import NumberParser, RejectReason
from smsdesk.core.enums import ConsentMethod
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.consent.background import run_connected
from smsdesk.ui.contacts.labels import (
    error_text,
    field_label,
    method_label,
    policy_label,
    reject_label,
    reject_labels,
)
from smsdesk.ui.task_runner import Task

PREVIEW_ROWS = 20
FIELD_CHOICES = (
    ImportField.IGNORE,
    ImportField.NUMBER,
    ImportField.NAME,
    ImportField.TAGS,
    ImportField.BIRTHDAY,
    ImportField.NOTES,
    ImportField.PURCHASE_DATE,
    ImportField.FIRST_PURCHASE,
    ImportField.PURCHASE_COUNT,
    ImportField.PURCHASE_AMOUNT,
    ImportField.PURCHASE_REFERENCE,
    ImportField.CONSENT_SCOPE,
    ImportField.CONSENT_METHOD,
    ImportField.CONSENT_TIME,
    ImportField.CONSENT_SOURCE,
    ImportField.OPTED_OUT,
    ImportField.SUSPECT,
    ImportField.TIER_OVERRIDE,
)
FILE_FILTER = "Spreadsheets (*.xlsx *.xlsm *.xls *.csv *.txt);;All files (*)"


class ImportDialog(QDialog):
    imported = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan: ImportPlan | None = None
        self.task: Task | None = None
        self.result: ImportResult | None = None
        self.combos: list[QComboBox] = []
        self._parser = NumberParser()
        self.setWindowTitle(self.tr("Import contacts"))
        self.resize(1000, 760)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)

        file_row = QHBoxLayout()
        self.file_label = QLabel(self.tr("Choose an Excel or CSV file with your customers."))
        self.file_label.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("Choose file…"))
        self.choose_button.clicked.connect(self.choose_file)
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(self.choose_button)
        layout.addLayout(file_row)

        sheet_row = QHBoxLayout()
        self.sheet_label = QLabel(self.tr("Sheet"))
        self.sheet = QComboBox()
        self.sheet.activated.connect(self._on_sheet_activated)
        self.header_info = QLabel()
        sheet_row.addWidget(self.sheet_label)
        sheet_row.addWidget(self.sheet)
        sheet_row.addSpacing(16)
        sheet_row.addWidget(self.header_info, 1)
        layout.addLayout(sheet_row)

        self.preview = QTableWidget()
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setAlternatingRowColors(True)
        self.preview.verticalHeader().setDefaultSectionSize(26)
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.preview.horizontalHeader().setMinimumSectionSize(120)
        layout.addWidget(self.preview, 1)
        self.mapping_hint = QLabel()
        self.mapping_hint.setWordWrap(True)
        self.mapping_hint.hide()
        layout.addWidget(self.mapping_hint)

        options = QGroupBox(self.tr("Options"))
        form = QFormLayout(options)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("A customer list (one row per customer)"), ImportKind.CONTACTS)
        self.kind.addItem(
            self.tr("A purchase history (one row per purchase: number, date, amount)"),
            ImportKind.PURCHASES,
        )
        self.kind.currentIndexChanged.connect(self._validate)
        form.addRow(self.tr("The file holds"), self.kind)
        self.policy = QComboBox()
        for policy in DuplicatePolicy:
            self.policy.addItem(policy_label(policy.value), policy)
        form.addRow(self.tr("Numbers already in the book or repeated"), self.policy)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(self.tr("Optional, e.g. 2024展会"))
        form.addRow(self.tr("Tag everyone imported"), self.tags)
        self.remember = QCheckBox(self.tr("Remember these column choices for files like this"))
        self.remember.setChecked(True)
        form.addRow("", self.remember)
        choices = QHBoxLayout()
        choices.addWidget(options, 1)

        self.consent = QGroupBox(self.tr("Everyone in this file gave consent"))
        self.consent.setCheckable(True)
        self.consent.setChecked(False)
        consent_form = QFormLayout(self.consent)
        note = QLabel(
            self.tr(
                "Only tick this if you hold the evidence for every number (the signed forms, the reply log). Each contact gets a consent record citing this file and its row. Numbers on the opt-out list get none."
            )
        )
        note.setWordWrap(True)
        consent_form.addRow(note)
        self.scope = QComboBox()
        self.scope.addItem(self.tr("Marketing (offers and notices)"), "marketing")
        self.scope.addItem(self.tr("Service notices only"), "service")
        consent_form.addRow(self.tr("Scope"), self.scope)
        self.method = QComboBox()
        for method in ConsentMethod:
            if method is not ConsentMethod.IMPORT:
                self.method.addItem(method_label(method.value), method.value)
        consent_form.addRow(self.tr("How they consented"), self.method)
        self.source = QLineEdit()
        self.source.setPlaceholderText(self.tr("e.g. 南山店会员登记表 2024"))
        consent_form.addRow(self.tr("Source"), self.source)
        self.consented_at = QDateTimeEdit(QDateTime.currentDateTime())
        self.consented_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.consented_at.setCalendarPopup(True)
        consent_form.addRow(self.tr("When"), self.consented_at)
        choices.addWidget(self.consent, 1)
        layout.addLayout(choices)

        progress_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("Cancel import"))
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
        report_row = QHBoxLayout()
        self.open_report = QPushButton(self.tr("Open reject report"))
        self.open_report.clicked.connect(self._on_open_report_clicked)
        self.save_report = QPushButton(self.tr("Save reject report as…"))
        self.save_report.clicked.connect(self._on_save_report_clicked)
        report_row.addWidget(self.open_report)
        report_row.addWidget(self.save_report)
        report_row.addStretch(1)
        self.report_holder = QWidget()
        self.report_holder.setLayout(report_row)
        self.report_holder.hide()
        layout.addWidget(self.report_holder)

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.import_button.clicked.connect(self.start_import)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self.sheet_label.hide()
        self.sheet.hide()
        self._validate()

    # Choosing and previewing --------------------------------------------------------------

    @Slot()
    def choose_file(self) -> None:
        chooser = QFileDialog(self, self.tr("Choose a customer list"))
        chooser.setNameFilter(FILE_FILTER)
        chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        chooser.fileSelected.connect(lambda name: self.load_file(Path(name)))
        chooser.open()

    def load_file(self, path: Path, *, sheet: str | None = None) -> None:
        """Read the top of ``path`` in the background and show the mapping preview."""
        self.path = path
        self.file_label.setText(str(path))
        self._show_message(self.tr("Reading the file…"))
        self.import_button.setEnabled(False)

        def connect(task: Task) -> None:
            task.succeeded.connect(self._on_plan_ready)
            task.failed.connect(self._on_task_failed)

        def plan() -> ImportPlan:
            return plan_import(self.ctx.db, path, sheet=sheet)

        self.plan_task = run_connected(self.ctx, "contacts.preview", plan, connect=connect)

    @Slot(object)
    def _on_plan_ready(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.addItems(plan.sheet_names)
        if plan.sheet:
            self.sheet.setCurrentText(plan.sheet)
        self.sheet.blockSignals(False)
        many = len(plan.sheet_names) > 1
        self.sheet_label.setVisible(many)
        self.sheet.setVisible(many)
        if plan.header_row is None:
            self.header_info.setText(self.tr("No header row found: columns are named A, B, C…"))
        else:
            self.header_info.setText(
                self.tr("Column titles found in row %1.").replace(
                    "%1", str(plan.first_row + plan.header_row)
                )
            )
        if plan.saved_mapping:
            self.header_info.setText(
                self.header_info.text() + " " + self.tr("Using your saved column choices.")
            )
        self._fill_preview(plan)
        self._show_message("")
        self._validate()

    def _fill_preview(self, plan: ImportPlan) -> None:
        start = 0 if plan.header_row is None else plan.header_row + 1
        rows = plan.preview[start : start + PREVIEW_ROWS]
        width = len(plan.headers)
        table = self.preview
        table.clear()
        table.setColumnCount(width)
        table.setRowCount(len(rows) + 1)
        table.setHorizontalHeaderLabels(plan.headers)
        table.setVerticalHeaderLabels(
            [self.tr("Import as")] + [str(plan.first_row + start + i) for i in range(len(rows))]
        )
        self.combos = []
        for column in range(width):
            combo = QComboBox()
            choices = [f.value for f in FIELD_CHOICES]
            header = plan.headers[column]
            custom = custom_field(header)
            if is_custom(custom):
                choices.append(custom)
            current = plan.mapping.get(column, ImportField.IGNORE.value)
            if current not in choices:
                choices.append(current)
            for choice in choices:
                combo.addItem(field_label(choice), choice)
            combo.setCurrentIndex(combo.findData(current))
            combo.currentIndexChanged.connect(lambda _index, c=column: self._on_field_changed(c))
            table.setCellWidget(0, column, combo)
            self.combos.append(combo)
        for r, row in enumerate(rows, start=1):
            for column in range(width):
                value = row[column] if column < len(row) else None
                item = QTableWidgetItem("" if value is None else _cell_text(value))
                table.setItem(r, column, item)
        table.resizeColumnsToContents()
        self._mark_numbers()

    def mapping(self) -> dict[int, str]:
        return {i: str(combo.currentData()) for i, combo in enumerate(self.combos)}

    def set_field(self, column: int, field: str) -> None:
        combo = self.combos[column]
        index = combo.findData(field)
        if index < 0:
            combo.addItem(field_label(field), field)
            index = combo.count() - 1
        combo.setCurrentIndex(index)

    def _on_field_changed(self, column: int) -> None:
        field = str(self.combos[column].currentData())
        if field in {f.value for f in SINGLE_FIELDS}:
            for other, combo in enumerate(self.combos):
                if other != column and combo.currentData() == field:
                    combo.blockSignals(True)
                    combo.setCurrentIndex(combo.findData(ImportField.IGNORE.value))
                    combo.blockSignals(False)
        self._mark_numbers()
        self._validate()

    def _mark_numbers(self) -> None:
        """Show which preview cells of the number column would be rejected."""
        mapping = self.mapping()
        for column in range(self.preview.columnCount()):
            is_number = mapping.get(column) == ImportField.NUMBER.value
            for row in range(1, self.preview.rowCount()):
                item = self.preview.item(row, column)
                if item is None:
                    continue
                problem = ""
                if is_number:
                    found = self._parser.classify(item.text())
                    if isinstance(found, RejectReason):
                        problem = reject_label(found.value)
                item.setForeground(QColor("#c62828") if problem else QColor())
                item.setToolTip(problem)

    @Slot()
    def _validate(self) -> None:
        fields = set(self.mapping().values())
        problem = ""
        if self.plan is None:
            problem = ""
        elif ImportField.NUMBER.value not in fields:
            problem = self.tr("Choose “Mobile number” for the column that holds the numbers.")
        elif (
            self.kind.currentData() == ImportKind.PURCHASES
            and ImportField.PURCHASE_DATE.value not in fields
        ):
            problem = self.tr("A purchase history needs a column chosen as “Purchase date”.")
        self.mapping_hint.setText(problem)
        self.mapping_hint.setStyleSheet("color: #b00020;")
        self.mapping_hint.setVisible(bool(problem))
        busy = self.task is not None
        self.import_button.setEnabled(self.plan is not None and not problem and not busy)

    @Slot(int)
    def _on_sheet_activated(self, _index: int) -> None:
        if self.plan is not None:
            self.load_file(self.plan.path, sheet=self.sheet.currentText())

    # Importing ----------------------------------------------------------------------------

    def options(self) -> ImportOptions:
        assert self.plan is not None
        consent = None
        if self.consent.isChecked():
            when = self.consented_at.dateTime().toPython()
            consent = FileConsent(
                scope=str(self.scope.currentData()),
                method=str(self.method.currentData()),
                source=self.source.text().strip(),
                consented_at=when.astimezone(UTC) if isinstance(when, datetime) else None,
            )
        return ImportOptions(
            sheet=self.plan.sheet,
            mapping=self.mapping(),
            header_row=self.plan.header_row,
            on_duplicate=DuplicatePolicy(self.policy.currentData()),
            kind=ImportKind(self.kind.currentData()),
            consent=consent,
            tags=tuple(t for t in self.tags.text().replace("，", ",").split(",") if t.strip()),
            reject_labels=reject_labels(),
            remember_mapping=self.remember.isChecked(),
        )

    @Slot()
    def start_import(self) -> Task | None:
        if self.plan is None or self.task is not None:
            return None
        options = self.options()
        self.report_holder.hide()
        self.progress.setRange(0, 0)
        self.progress.setFormat(self.tr("Reading…"))
        self.progress_holder.show()
        self.cancel_button.setEnabled(True)
        self._show_message("")

        def connect(task: Task) -> None:
            task.progress_changed.connect(self._on_progress)
            task.succeeded.connect(self._on_imported)
            task.failed.connect(self._on_task_failed)
            task.cancelled.connect(self._on_cancelled)
            task.finished.connect(self._on_finished)

        self.task = run_connected(
            self.ctx,
            "contacts.import",
            import_file,
            self.ctx.db,
            self.plan.path,
            options,
            connect=connect,
            with_progress=True,
        )
        self._validate()
        return self.task

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, note: str) -> None:
        if note == "save":
            self.progress.setRange(0, 0)
            self.progress.setFormat(self.tr("Saving to the contact book…"))
            return
        self.progress.setRange(0, max(total, done, 1))
        self.progress.setValue(done)
        self.progress.setFormat(self.tr("%1 rows read").replace("%1", f"{done:,}"))

    @Slot()
    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.progress.setFormat(self.tr("Cancelling…"))

    @Slot(object)
    def _on_imported(self, result: ImportResult) -> None:
        self.result = result
        lines = [
            self.tr("%1 rows read in %2 s.")
            .replace("%1", f"{result.rows:,}")
            .replace("%2", f"{result.seconds:.1f}"),
            self.tr("Imported %1, updated %2, skipped %3.")
            .replace("%1", f"{result.imported:,}")
            .replace("%2", f"{result.updated:,}")
            .replace("%3", f"{result.skipped:,}"),
        ]
        if result.merged:
            lines.append(
                self.tr("%1 repeated rows were merged into the first.").replace(
                    "%1", f"{result.merged:,}"
                )
            )
        if result.purchases_added:
            lines.append(
                self.tr("%1 purchases added.").replace("%1", f"{result.purchases_added:,}")
            )
        if result.consent_records:
            lines.append(
                self.tr("%1 consent records written.").replace("%1", f"{result.consent_records:,}")
            )
        if result.rejected:
            lines.append(
                self.tr("%1 rows were not imported:").replace("%1", f"{result.rejected:,}")
            )
            for code, count in sorted(result.rejects_by_reason.items(), key=lambda kv: -kv[1]):
                lines.append(f"  • {reject_label(code)}: {count:,}")
        self._show_message("\n".join(lines))
        self.report_holder.setVisible(result.reject_report is not None)
        self.imported.emit(result)
        self.ctx.notify("contacts")

    @Slot(object, str)
    def _on_task_failed(self, error: BaseException, _details: str) -> None:
        self._show_message(error_text(error), error=True)

    @Slot()
    def _on_cancelled(self) -> None:
        self._show_message(self.tr("Import cancelled. Nothing was changed."))

    @Slot()
    def _on_finished(self) -> None:
        self.task = None
        self.progress_holder.hide()
        self._validate()

    def _show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # The reject report --------------------------------------------------------------------

    @Slot()
    def _on_open_report_clicked(self) -> None:
        if self.result is not None and self.result.reject_report is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result.reject_report)))

    @Slot()
    def _on_save_report_clicked(self) -> None:
        if self.result is None or self.result.reject_report is None:
            return
        chooser = QFileDialog(self, self.tr("Save reject report"))
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        chooser.setDefaultSuffix("xlsx")
        chooser.selectFile(self.result.reject_report.name)
        chooser.fileSelected.connect(lambda name: self.save_report_to(Path(name)))
        chooser.open()

    def save_report_to(self, target: Path) -> None:
        if self.result is not None and self.result.reject_report is not None:
            shutil.copyfile(self.result.reject_report, target)
            self._show_message(
                self.message.text() + "\n" + self.tr("Saved to %1").replace("%1", str(target))
            )

    def reject(self) -> None:
        if self.task is not None:
            self.cancel()
            return
        super().reject()


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, datetime):
        return (
            value.strftime("%Y-%m-%d %H:%M")
            if value.hour or value.minute
            else value.date().isoformat()
        )
    return str(value)
