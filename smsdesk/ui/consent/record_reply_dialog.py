"""Enter an inbound reply by hand (read off a phone or a provider console); it is interpreted
and acted on at once, exactly like a reply pulled from a provider."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from smsdesk.core.consent import replies
from smsdesk.core.contacts.numbers import NumberRejected, normalize
from smsdesk.core.db.models import Reply
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.consent.labels import error_text, number_reject_text


class RecordReplyDialog(QDialog):
    """Signals:
    recorded(reply_id: int, action: str) -- the reply was stored and its action applied
    """

    recorded = Signal(int, str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Record a reply"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Opt-outs (T, 退订, STOP…) go on the opt-out list at once; Y, A and START update consent with the reply as evidence."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.number = QLineEdit()
        self.number.setPlaceholderText(self.tr("e.g. 138 1234 5678"))
        self.text = QPlainTextEdit()
        self.text.setFixedHeight(70)
        self.received_at = QDateTimeEdit(QDateTime.currentDateTime())
        self.received_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.received_at.setCalendarPopup(True)
        self.context = QComboBox()
        self.context.addItem(self.tr("Decide from the last message sent"), None)
        self.context.addItem(self.tr("Answer to a re-permission message (Y/A/T)"), True)
        self.context.addItem(self.tr("Not an answer to a re-permission message"), False)
        form.addRow(self.tr("From:"), self.number)
        form.addRow(self.tr("Reply text:"), self.text)
        form.addRow(self.tr("Received:"), self.received_at)
        form.addRow(self.tr("Context:"), self.context)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _fail(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    @Slot()
    def save(self) -> None:
        region = str(self.ctx.setting("numbers.default_region"))
        try:
            e164 = normalize(self.number.text(), default_region=region)
        except NumberRejected as exc:
            self._fail(number_reject_text(exc.reason.value))
            return
        text = self.text.toPlainText().strip()
        if not text:
            self._fail(self.tr("Enter the text of the reply."))
            return
        received = datetime.fromtimestamp(self.received_at.dateTime().toSecsSinceEpoch())
        try:
            with self.ctx.session() as session:
                reply: Reply = replies.record_reply(
                    session,
                    e164=e164,
                    text=text,
                    received_at=received.astimezone(),
                    repermission=self.context.currentData(),
                )
                reply_id, action = reply.id, reply.action
        except Exception as exc:  # the core's refusals are shown in the dialog
            self._fail(error_text(exc))
            return
        self.ctx.notify("replies")
        if action != "none":
            self.ctx.notify("consent")
        if action == "opt_out":
            self.ctx.notify("optouts")
        self.recorded.emit(reply_id, action)
        self.accept()
