"""The evidence log panel on the Settings page: verify the whole log (in the background, with
a progress bar and Cancel) and show a clear verdict; export the evidence for one number."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from smsdesk.core.consent import consent_log
from smsdesk.core.consent.evidence_chain import VerifyResult
from smsdesk.core.contacts.numbers import NumberRejected, normalize
from smsdesk.core.progress import Progress
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.consent.background import run_connected
from smsdesk.ui.consent.evidence_export_action import EvidenceExporter
from smsdesk.ui.consent.labels import error_text, number_reject_text, verify_problem_text
from smsdesk.ui.task_runner import Task

OK_COLOR = "#1b7f3b"
BAD_COLOR = "#b00020"


class EvidencePanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task: Task | None = None
        self.last_result: VerifyResult | None = None
        layout = QVBoxLayout(self)
        layout.setSpacing(8)

        about = QLabel(
            self.tr(
                "Every consent and withdrawal is chained to the one before it by a SHA-256 hash, so a change, insertion or deletion made outside SMSDesk is detectable. Verify the log before you hand evidence to anyone."
            )
        )
        about.setWordWrap(True)
        layout.addWidget(about)

        row = QHBoxLayout()
        self.verify_button = QPushButton(
            self.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton),
            self.tr("Verify evidence log"),
        )
        self.verify_button.clicked.connect(self.verify)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.cancel_button.hide()
        row.addWidget(self.verify_button)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        row.addStretch(0)
        layout.addLayout(row)

        result_row = QHBoxLayout()
        self.result_icon = QLabel()
        self.result_icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        result_row.addWidget(self.result_icon)
        result_row.addWidget(self.result, 1)
        layout.addLayout(result_row)

        export_row = QHBoxLayout()
        export_row.addWidget(QLabel(self.tr("Evidence for one number:")))
        self.export_number = QLineEdit()
        self.export_number.setPlaceholderText(self.tr("e.g. 138 1234 5678"))
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.clicked.connect(self._on_export_clicked)
        export_row.addWidget(self.export_number, 1)
        export_row.addWidget(self.export_button)
        layout.addLayout(export_row)
        self.export_status = QLabel()
        self.export_status.setWordWrap(True)
        self.export_status.hide()
        layout.addWidget(self.export_status)
        self.exporter = EvidenceExporter(ctx, self)
        self.exporter.finished.connect(self._on_export_finished)

    # --- verify -----------------------------------------------------------------------------

    @Slot()
    def verify(self) -> Task:
        self.verify_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.result.setText(self.tr("Verifying…"))
        self.result_icon.clear()
        self.task = run_connected(
            self.ctx, "verify evidence", self._verify, self.ctx, connect=self._connect,
            with_progress=True,
        )  # fmt: skip
        return self.task

    def _connect(self, task: Task) -> None:
        task.progress_changed.connect(self._on_task_progress)
        task.succeeded.connect(self._on_verified)
        task.failed.connect(self._on_failed)
        task.cancelled.connect(self._on_cancelled)
        task.finished.connect(self._on_finished)

    @Slot()
    def _on_cancel_clicked(self) -> None:
        if self.task is not None:
            self.task.cancel()

    @staticmethod
    def _verify(ctx: AppContext, progress: Progress) -> VerifyResult:
        with ctx.db.session() as session:
            return consent_log.verify(session, progress=progress)

    @Slot(int, int, str)
    def _on_task_progress(self, done: int, total: int, _note: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _show(self, ok: bool, text: str) -> None:
        pixmap = QStyle.StandardPixmap.SP_DialogApplyButton if ok else (
            QStyle.StandardPixmap.SP_MessageBoxCritical)  # fmt: skip
        self.result_icon.setPixmap(self.style().standardIcon(pixmap).pixmap(32, 32))
        self.result.setText(text)

    @Slot(object)
    def _on_verified(self, result: object) -> None:
        assert isinstance(result, VerifyResult)
        self.last_result = result
        when = datetime.now().strftime("%Y-%m-%d %H:%M")
        if result.ok:
            headline = self.tr("The evidence log is intact.")
            body = (
                self.tr(
                    "%1 records checked at %2: none was changed, added, removed or reordered, and every evidence file matches its hash."
                )
                .replace("%1", str(result.records))
                .replace("%2", when)
            )
            text = f"<b style='color:{OK_COLOR}'>{headline}</b><br>{body}<br>" + self.tr(
                "Last hash: %1"
            ).replace("%1", f"<code>{result.head}</code>")
            self._show(True, text)
        else:
            headline = self.tr("The evidence log does NOT verify.")
            advice = self.tr(
                "Do not edit the database. Export the evidence you need now (the documents state this problem), restore your latest backup if you have one, and find out who had access to the database file."
            )
            text = (
                f"<b style='color:{BAD_COLOR}'>{headline}</b><br>{verify_problem_text(result)}"
                f"<br><br>{advice}"
            )
            self._show(False, text)

    @Slot(object, str)
    def _on_failed(self, error: object, _details: str) -> None:
        message = error_text(error) if isinstance(error, BaseException) else str(error)
        self._show(False, self.tr("The check could not run: %1").replace("%1", message))

    @Slot()
    def _on_cancelled(self) -> None:
        self.result_icon.clear()
        self.result.setText(self.tr("Check cancelled; nothing was changed."))

    @Slot()
    def _on_finished(self) -> None:
        self.verify_button.setEnabled(True)
        self.progress.hide()
        self.cancel_button.hide()
        self.task = None

    # --- export -----------------------------------------------------------------------------

    @Slot()
    def _on_export_clicked(self) -> None:
        try:
            e164 = normalize(self.export_number.text(),
                             default_region=str(self.ctx.setting("numbers.default_region")))  # fmt: skip
        except NumberRejected as exc:
            self._on_export_finished(False, number_reject_text(exc.reason.value))
            return
        self.exporter.choose_and_export(e164)

    @Slot(bool, str)
    def _on_export_finished(self, ok: bool, message: str) -> None:
        self.export_status.setStyleSheet("" if ok else f"color: {BAD_COLOR};")
        self.export_status.setText(message)
        self.export_status.show()
