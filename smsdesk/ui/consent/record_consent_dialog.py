"""Record a consent (or its withdrawal) with its evidence: text and an optional file.

Also used to take a number off the opt-out list ("re-subscribe"), which needs a new consent
with evidence. The save runs in the background (the evidence file is copied and hashed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from smsdesk.core import audit
from smsdesk.core.consent import consent_log, opt_outs
from smsdesk.core.consent.consent_log import ConsentChange
from smsdesk.core.contacts.numbers import NumberRejected, display, mask, normalize
from smsdesk.core.enums import ConsentMethod
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.consent.background import run_connected
from smsdesk.ui.consent.labels import error_text, method_label, number_reject_text, scope_label
from smsdesk.ui.task_runner import Task


@dataclass(frozen=True)
class ConsentRequest:
    """What the dialog asks the core to record (built on the GUI thread, used on a worker)."""

    e164: str
    granting: bool
    resubscribe: bool
    scope: str
    method: str
    source: str
    evidence: str
    evidence_file: Path | None
    consented_at: datetime | None
    recorded_by: str


class RecordConsentDialog(QDialog):
    """Signals:
    saved(change: object) -- a ConsentChange, after the record is committed
    """

    saved = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        e164: str = "",
        resubscribe: bool = False,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.resubscribe = resubscribe
        self._evidence_file: Path | None = None
        self._fixed_e164 = e164
        self.setWindowTitle(
            self.tr("Take off the opt-out list") if resubscribe else self.tr("Record consent")
        )
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.number = QLineEdit()
        self.number.setPlaceholderText(self.tr("e.g. 138 1234 5678"))
        self.number.editingFinished.connect(self._update_intro)
        form.addRow(self.tr("Mobile number:"), self.number)

        actions = QWidget()
        actions.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        actions_layout = QHBoxLayout(actions)
        actions_layout.setContentsMargins(0, 0, 0, 0)
        self.grant_button = QRadioButton(self.tr("Consent given"))
        self.withdraw_button = QRadioButton(self.tr("Consent withdrawn"))
        self.grant_button.setChecked(True)
        self._action_group = QButtonGroup(self)
        for button in (self.grant_button, self.withdraw_button):
            self._action_group.addButton(button)
            actions_layout.addWidget(button)
        actions_layout.addStretch(1)
        self.grant_button.toggled.connect(self._on_action_toggled)
        form.addRow(self.tr("What happened:"), actions)

        self.scope = QComboBox()
        for code in ("marketing", "service"):
            self.scope.addItem(scope_label(code), code)
        form.addRow(self.tr("Agreed to receive:"), self.scope)

        self.method = QComboBox()
        for method in ConsentMethod:
            self.method.addItem(method_label(method.value), method.value)
        self.method.setCurrentIndex(self.method.findData(ConsentMethod.PAPER.value))
        form.addRow(self.tr("How:"), self.method)

        self.source = QLineEdit()
        self.source.setPlaceholderText(self.tr("e.g. front desk of the Xuhui store, sign-up page"))
        form.addRow(self.tr("Where:"), self.source)

        self._opened_at = QDateTime.currentDateTime()
        self.consented_at = QDateTimeEdit(self._opened_at)
        self.consented_at.setCalendarPopup(True)
        self.consented_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.consented_at.setMaximumDateTime(QDateTime.currentDateTime().addSecs(600))
        form.addRow(self.tr("When:"), self.consented_at)

        self.evidence = QPlainTextEdit()
        self.evidence.setPlaceholderText(
            self.tr("What proves it: the reply text, the OTP log id, the form number…")
        )
        self.evidence.setFixedHeight(80)
        form.addRow(self.tr("Evidence:"), self.evidence)

        file_row = QWidget()
        file_row.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        file_layout = QHBoxLayout(file_row)
        file_layout.setContentsMargins(0, 0, 0, 0)
        self.file_label = QLabel(self.tr("No file attached"))
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.attach_button = QPushButton(
            self.style().standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon), self.tr("Attach…")
        )
        self.attach_button.clicked.connect(self._on_attach_clicked)
        self.clear_file_button = QPushButton(self.tr("Remove"))
        self.clear_file_button.clicked.connect(lambda: self.set_evidence_file(None))
        self.clear_file_button.setEnabled(False)
        file_layout.addWidget(self.file_label, 1)
        file_layout.addWidget(self.attach_button)
        file_layout.addWidget(self.clear_file_button)
        form.addRow(self.tr("Evidence file:"), file_row)

        self.recorded_by = QLineEdit(str(ctx.setting("user.name") or "") or audit.current_actor())
        form.addRow(self.tr("Recorded by:"), self.recorded_by)
        layout.addLayout(form)
        self.form = form

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        layout.addWidget(self.error)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        if e164:
            reveal = bool(ctx.setting("privacy.show_full_numbers"))
            self.number.setText(display(e164) if reveal else mask(e164))
            self.number.setReadOnly(True)
        if resubscribe:
            form.setRowVisible(actions, False)
        self._update_intro()

    # --- inputs ------------------------------------------------------------------------------

    def set_evidence_file(self, path: Path | str | None) -> None:
        self._evidence_file = Path(path) if path else None
        self.file_label.setText(
            self._evidence_file.name if self._evidence_file else self.tr("No file attached")
        )
        self.clear_file_button.setEnabled(self._evidence_file is not None)

    @property
    def evidence_file(self) -> Path | None:
        return self._evidence_file

    @Slot()
    def _on_attach_clicked(self) -> None:
        dialog = QFileDialog(self, self.tr("Attach evidence"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(
            [self.tr("Scans and documents (*.pdf *.jpg *.jpeg *.png *.heic *.txt *.csv *.xlsx)"),
             self.tr("All files (*)")]
        )  # fmt: skip
        dialog.fileSelected.connect(self.set_evidence_file)
        dialog.open()

    @Slot(bool)
    def _on_action_toggled(self, granting: bool) -> None:
        self.scope.setEnabled(granting)

    @Slot()
    def _update_intro(self) -> None:
        if self.resubscribe:
            self.intro.setText(
                self.tr(
                    "This number asked not to receive marketing. To send again you need a new, explicit consent given after the opt-out. Describe it below; the change is recorded and audited."
                )
            )
            return
        text = self.tr(
            "Consent is kept as evidence that cannot be changed later. Record what the person agreed to, how, and what proves it."
        )
        e164 = self._normalized()
        if e164:
            with self.ctx.session() as session:
                row = opt_outs.active_opt_out(session, e164)
            if row is not None:
                when = row.created_at.astimezone().strftime("%Y-%m-%d")
                text += " " + self.tr(
                    "This number opted out on %1: a marketing consent with evidence takes it off the opt-out list."
                ).replace("%1", when)
        self.intro.setText(text)

    def _normalized(self) -> str:
        if self._fixed_e164:
            return self._fixed_e164
        try:
            return normalize(self.number.text(), default_region=str(
                self.ctx.setting("numbers.default_region")))  # fmt: skip
        except NumberRejected:
            return ""

    # --- saving -----------------------------------------------------------------------------

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    @Slot()
    def save(self) -> None:
        """Validate here, then record in the background; the dialog closes on success."""
        e164 = self._normalized()
        if not e164:
            region = str(self.ctx.setting("numbers.default_region"))
            try:
                e164 = normalize(self.number.text(), default_region=region)
            except NumberRejected as exc:
                self.show_error(number_reject_text(exc.reason.value))
                return
        evidence = self.evidence.toPlainText().strip()
        if self.resubscribe and not evidence and self._evidence_file is None:
            self.show_error(self.tr("Describe the new consent in Evidence or attach a file."))
            return
        self.show_error("")
        self.buttons.setEnabled(False)
        chosen = self.consented_at.dateTime()
        # Left as opened: "now" (to the second), not the minute the picker shows.
        unchanged = chosen.toString("yyyyMMddHHmm") == self._opened_at.toString("yyyyMMddHHmm")
        request = ConsentRequest(
            e164=e164,
            granting=self.grant_button.isChecked() or self.resubscribe,
            resubscribe=self.resubscribe,
            scope=str(self.scope.currentData()),
            method=str(self.method.currentData()),
            source=self.source.text().strip(),
            evidence=evidence,
            evidence_file=self._evidence_file,
            consented_at=None
            if unchanged
            else datetime.fromtimestamp(chosen.toSecsSinceEpoch()).astimezone(),
            recorded_by=self.recorded_by.text().strip(),
        )
        self._task = run_connected(
            self.ctx, "record consent", self._record, self.ctx, request, connect=self._connect
        )

    def _connect(self, task: Task) -> None:
        task.succeeded.connect(self._on_task_succeeded)
        task.failed.connect(self._on_task_failed)

    @staticmethod
    def _record(ctx: AppContext, request: ConsentRequest) -> ConsentChange:
        r = request
        with ctx.db.session() as session:
            if not r.granting:
                return consent_log.withdraw(
                    session, r.e164, method=r.method, source=r.source, evidence_text=r.evidence,
                    evidence_file=r.evidence_file, consented_at=r.consented_at,
                    recorded_by=r.recorded_by,
                )  # fmt: skip
            if r.resubscribe:
                return opt_outs.remove_opt_out(
                    session, r.e164, evidence=r.evidence, evidence_file=r.evidence_file,
                    method=r.method, scope=r.scope, source=r.source,
                    consented_at=r.consented_at, recorded_by=r.recorded_by,
                )  # fmt: skip
            return consent_log.grant(
                session, r.e164, scope=r.scope, method=r.method, source=r.source,
                evidence_text=r.evidence, evidence_file=r.evidence_file,
                consented_at=r.consented_at, recorded_by=r.recorded_by,
            )  # fmt: skip

    @Slot(object)
    def _on_task_succeeded(self, change: object) -> None:
        self.buttons.setEnabled(True)
        self.ctx.notify("consent")
        if isinstance(change, ConsentChange) and (change.opt_out_lifted or self.resubscribe):
            self.ctx.notify("optouts")
        if isinstance(change, ConsentChange):
            self.ctx.status_message.emit(
                self.tr("Consent recorded for %1").replace("%1", mask(change.e164))
            )
        self.saved.emit(change)
        self.accept()

    @Slot(object, str)
    def _on_task_failed(self, error: object, _details: str) -> None:
        self.buttons.setEnabled(True)
        self.show_error(error_text(error) if isinstance(error, BaseException) else str(error))
