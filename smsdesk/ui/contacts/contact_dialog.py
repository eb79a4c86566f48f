"""Add or edit one contact, with the number checked as it is typed.

Signals:
    saved(contact_id: int) -- the contact was written to the book
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from smsdesk.core.contacts import book
from smsdesk.core.contacts.book import ContactDraft
from smsdesk.core.contacts.numbers import RejectReason, display, parser_for
from smsdesk.core.db.models import CustomField
from smsdesk.core.errors import SMSDeskError
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.contacts.labels import (
    carrier_label,
    consent_label,
    error_text,
    reject_label,
    tier_label,
)

ERROR_STYLE = "color: #b00020;"
OK_STYLE = "color: #2e7d32;"


class ContactDialog(QDialog):
    saved = Signal(int)

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, contact_id: int | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.contact_id = contact_id
        self.setWindowTitle(self.tr("Edit contact") if contact_id else self.tr("Add contact"))
        self.setMinimumWidth(460)
        with ctx.session() as session:
            self.parser = parser_for(session)
            self.field_keys = list(
                session.scalars(select(CustomField.key).order_by(CustomField.id))
            )
            tags = book.all_tags(session)
            contact = book.get_contact(session, contact_id) if contact_id else None
            current_tags = (
                book.tag_names(session, [contact_id]).get(contact_id, []) if contact_id else []
            )
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.number = QLineEdit()
        self.number.setPlaceholderText(self.tr("e.g. 138 1234 5678"))
        self.number_status = QLabel()
        self.number_status.setWordWrap(True)
        form.addRow(self.tr("Mobile number"), self.number)
        form.addRow("", self.number_status)
        self.name = QLineEdit()
        self.name.setMaxLength(100)
        form.addRow(self.tr("Name"), self.name)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(self.tr("Separate tags with commas, e.g. VIP, 老客户"))
        completer = QCompleter(tags, self.tags)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tags.setCompleter(completer)
        form.addRow(self.tr("Tags"), self.tags)
        birthday_row = QHBoxLayout()
        self.has_birthday = QCheckBox(self.tr("Known"))
        self.birthday = QDateEdit()
        self.birthday.setDisplayFormat("yyyy-MM-dd")
        self.birthday.setCalendarPopup(True)
        self.birthday.setDate(QDate(1990, 1, 1))
        self.birthday.setEnabled(False)
        self.has_birthday.toggled.connect(self.birthday.setEnabled)
        birthday_row.addWidget(self.has_birthday)
        birthday_row.addWidget(self.birthday, 1)
        form.addRow(self.tr("Birthday"), birthday_row)
        self.tier = QComboBox()
        self.tier.addItem(self.tr("Automatic (from purchases)"), None)
        for code in ("new", "active", "dormant", "loyal"):
            self.tier.addItem(tier_label(code), code)
        form.addRow(self.tr("Tier"), self.tier)
        self.field_edits: dict[str, QLineEdit] = {}
        for key in self.field_keys:
            edit = QLineEdit()
            self.field_edits[key] = edit
            form.addRow(key, edit)
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(70)
        form.addRow(self.tr("Notes"), self.notes)
        self.consent_info = QLabel()
        self.consent_info.setWordWrap(True)
        self.consent_info.setStyleSheet("color: palette(placeholder-text);")
        form.addRow(self.tr("Consent"), self.consent_info)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.number.textChanged.connect(self._on_number_text_changed)
        if contact is not None:
            self.number.setText(display(contact.e164))
            self.number.setReadOnly(True)
            self.name.setText(contact.name)
            self.tags.setText(", ".join(current_tags))
            if contact.birthday:
                self.has_birthday.setChecked(True)
                self.birthday.setDate(QDate(contact.birthday))
            self.tier.setCurrentIndex(max(0, self.tier.findData(contact.tier_override)))
            for key, edit in self.field_edits.items():
                edit.setText(str((contact.fields or {}).get(key, "")))
            self.notes.setPlainText(contact.notes)
            self.consent_info.setText(consent_label(contact.consent_scope))
        else:
            self.consent_info.setText(
                self.tr(
                    "None. Adding a contact does not give consent: record it on the consent page when you have the evidence."
                )
            )
        self._on_number_text_changed(self.number.text())

    @Slot(str)
    def _on_number_text_changed(self, text: str) -> None:
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        if self.contact_id is not None:
            save.setEnabled(True)
            self.number_status.clear()
            return
        if not text.strip():
            self.number_status.clear()
            save.setEnabled(False)
            return
        found = self.parser.classify(text)
        if isinstance(found, RejectReason):
            self.number_status.setStyleSheet(ERROR_STYLE)
            self.number_status.setText(reject_label(found.value))
            save.setEnabled(False)
            return
        e164, _region, carrier, province, city, _zone = found
        place = " ".join(dict.fromkeys(p for p in (province, city) if p))
        details = " · ".join(p for p in (e164, carrier_label(carrier), place) if p)
        self.number_status.setStyleSheet(OK_STYLE)
        self.number_status.setText("✓ " + details)
        save.setEnabled(True)

    def draft(self) -> ContactDraft:
        born = self.birthday.date()
        return ContactDraft(
            name=self.name.text().strip(),
            tags=(self.tags.text(),),
            birthday=date(born.year(), born.month(), born.day())
            if self.has_birthday.isChecked()
            else None,
            notes=self.notes.toPlainText().strip(),
            fields={key: edit.text().strip() for key, edit in self.field_edits.items()},
            tier_override=self.tier.currentData(),
        )

    @Slot()
    def save(self) -> None:
        try:
            with self.ctx.session() as session:
                if self.contact_id is None:
                    contact = book.add_contact(session, self.number.text(), self.draft())
                else:
                    contact = book.update_contact(session, self.contact_id, self.draft())
                contact_id = contact.id
        except SMSDeskError as exc:
            self.error.setText(error_text(exc))
            self.error.show()
            return
        self.contact_id = contact_id
        self.saved.emit(contact_id)
        self.ctx.notify("contacts")
        self.accept()
