"""The "export evidence" action: pick a file (.pdf or .xlsx), write everything known about
one number in the background, and say how it went."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QWidget

from smsdesk.core.consent import evidence_export
from smsdesk.core.consent.evidence_export import EvidenceBundle
from smsdesk.core.contacts.numbers import mask
from smsdesk.core.progress import Progress
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.consent.background import run_connected
from smsdesk.ui.consent.labels import error_text, verify_problem_text
from smsdesk.ui.task_runner import Task


class EvidenceExporter(QObject):
    """Signals:
    finished(ok: bool, message: str) -- the file was written (ok) or could not be
    """

    finished = Signal(bool, str)

    def __init__(self, ctx: AppContext, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.ctx = ctx
        self.parent_widget = parent_widget
        self.task: Task | None = None
        self._path = Path()

    def choose_and_export(self, e164: str) -> None:
        """Ask where to save (non-modal), then export."""
        suggested = Path.home() / f"evidence-{e164.lstrip('+')}-{date.today():%Y%m%d}.pdf"
        dialog = QFileDialog(self.parent_widget, self.tr("Export consent evidence"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters([self.tr("PDF document (*.pdf)"), self.tr("Excel workbook (*.xlsx)")])
        dialog.setDefaultSuffix("pdf")
        dialog.selectFile(str(suggested))
        dialog.fileSelected.connect(lambda path: self.export_to(e164, Path(path)))
        dialog.open()

    def export_to(self, e164: str, path: Path) -> Task:
        if path.suffix.lower() not in (".pdf", ".xlsx"):
            path = path.with_suffix(".pdf")
        self._path = path
        self.task = run_connected(
            self.ctx, "export evidence", self._export, self.ctx, e164, path,
            connect=self._connect, with_progress=True,
        )  # fmt: skip
        return self.task

    def _connect(self, task: Task) -> None:
        task.succeeded.connect(self._on_succeeded)
        task.failed.connect(self._on_failed)

    @staticmethod
    def _export(ctx: AppContext, e164: str, path: Path, progress: Progress) -> EvidenceBundle:
        with ctx.db.session() as session:
            return evidence_export.export_evidence(session, e164, path, progress=progress)

    @Slot(object)
    def _on_succeeded(self, bundle: object) -> None:
        assert isinstance(bundle, EvidenceBundle)
        path = self._path
        text = self.tr("Evidence for %1 saved to %2.").replace("%1", mask(bundle.e164))
        text = text.replace("%2", str(path))
        if bundle.chain.ok:
            text += " " + self.tr("The evidence log verifies.")
        else:
            text += " " + self.tr(
                "Warning: the evidence log does not verify (the document says so): "
            )
            text += verify_problem_text(bundle.chain)
        self.ctx.status_message.emit(text)
        self.finished.emit(True, text)

    @Slot(object, str)
    def _on_failed(self, error: object, _details: str) -> None:
        message = error_text(error) if isinstance(error, BaseException) else str(error)
        self.finished.emit(False, self.tr("The evidence could not be exported: %1").replace(
            "%1", message))  # fmt: skip
