"""Put one number on the opt-out list by hand (a phone call, a complaint, a note in store)."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from smsdesk.core.consent import opt_outs
from smsdesk.core.contacts.numbers import NumberRejected, mask, normalize
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.consent.labels import number_reject_text


class AddOptOutDialog(QDialog):
    """Signals:
    added(e164: str, new: bool) -- the number is on the list (``new``: it was not before)
    """

    added = Signal(str, bool)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Add to opt-out list"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "The number will receive no marketing messages from now on, even from campaigns already running."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.number = QLineEdit()
        self.number.setPlaceholderText(self.tr("e.g. 138 1234 5678"))
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(
            [
                self.tr("Asked by phone"),
                self.tr("Asked in store"),
                self.tr("Complaint"),
                self.tr("Replied to a message"),
            ]
        )
        form.addRow(self.tr("Mobile number:"), self.number)
        form.addRow(self.tr("Reason:"), self.reason)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @Slot()
    def save(self) -> None:
        region = str(self.ctx.setting("numbers.default_region"))
        try:
            e164 = normalize(self.number.text(), default_region=region)
        except NumberRejected as exc:
            self.error.setText(number_reject_text(exc.reason.value))
            self.error.show()
            return
        with self.ctx.session() as session:
            new = opt_outs.add_opt_out(
                session, e164, reason=self.reason.currentText().strip(), source="manual"
            )
        self.ctx.notify("optouts")
        message = (
            self.tr("%1 added to the opt-out list") if new else self.tr("%1 was already opted out")
        )
        self.ctx.status_message.emit(message.replace("%1", mask(e164)))
        self.added.emit(e164, new)
        self.accept()
