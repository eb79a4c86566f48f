"""Send an approved template now: to a segment, a tag or a test number, after a review that
shows how many messages, parts and what it costs, and who is held back and why."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from smsdesk.core.compliance.variables import variables_in
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import CustomField, ProviderAccount, Segment, Tag, Template
from smsdesk.core.db.models import TemplateApproval as Approval
from smsdesk.core.enums import ApprovalStatus
from smsdesk.core.sending.quick_send import SendPlan, SendTarget, plan_send, queue_plan
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.sending import gated_task
from smsdesk.ui.sending.labels import reason_label

# Variables every contact supplies itself; others need a value typed here.
CONTACT_VARIABLES = {"name"}


@dataclass(frozen=True)
class AccountChoice:
    id: int
    name: str
    kind: str
    sends_nothing: bool


@dataclass(frozen=True)
class TemplateChoice:
    id: int
    name: str
    kind: str
    body: str
    approved_on: frozenset[int]  # account ids whose approval matches the current text


@dataclass
class SendChoices:
    accounts: list[AccountChoice] = field(default_factory=list)
    active_account_id: int | None = None
    templates: list[TemplateChoice] = field(default_factory=list)
    segments: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    contact_fields: set[str] = field(default_factory=set)


def load_choices(db: Database) -> SendChoices:
    """What the dialog offers (read off the GUI thread)."""
    from smsdesk.core.providers import accounts
    from smsdesk.core.providers.registry import provider_class

    choices = SendChoices()
    with db.session() as session:
        active = accounts.active_account(session)
        choices.active_account_id = active.id
        for account in session.scalars(select(ProviderAccount).order_by(ProviderAccount.name)):
            try:
                sends_nothing = provider_class(account.kind).sends_nothing
            except Exception:  # an account of a kind this version does not know
                continue
            choices.accounts.append(
                AccountChoice(account.id, account.name, account.kind, sends_nothing)
            )
        approved: dict[int, set[int]] = {}
        rows = session.execute(
            select(Approval.template_id, Approval.provider_account_id, Approval.approved_text)
            .join(Template, Template.id == Approval.template_id)
            .where(Approval.status == ApprovalStatus.APPROVED.value)
            .where(Approval.approved_text == Template.body)
        )
        for template_id, account_id, _text in rows:
            approved.setdefault(template_id, set()).add(account_id)
        for template in session.scalars(select(Template).order_by(Template.name)):
            choices.templates.append(
                TemplateChoice(
                    template.id,
                    template.name,
                    template.kind,
                    template.body,
                    frozenset(approved.get(template.id, ())),
                )
            )
        choices.segments = list(session.scalars(select(Segment.name).order_by(Segment.name)))
        choices.tags = list(session.scalars(select(Tag.name).order_by(Tag.name)))
        choices.contact_fields = set(session.scalars(select(CustomField.key)))
    return choices


def make_plan(
    db: Database,
    template_id: int,
    target: SendTarget,
    account_name: str,
    variables: dict[str, str],
) -> SendPlan:
    with db.session() as session:
        return plan_send(
            session,
            template=template_id,
            target=target,
            provider=account_name,
            variables=variables,
        )


def queue(db: Database, plan: SendPlan) -> int:
    with db.session() as session:
        return queue_plan(session, plan)


class SendDialog(QDialog):
    """Signals:
    queued(count: int) -- the messages are in the outbox
    """

    queued = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.choices = SendChoices()
        self.plan: SendPlan | None = None
        self._busy = False
        self.setWindowTitle(self.tr("Send a template"))
        self.setMinimumWidth(560)
        self._build()
        self._set_busy(True)
        gated_task.start(
            ctx,
            "send-choices",
            load_choices,
            ctx.db,
            succeeded=self._on_choices_loaded,
            failed=self._on_task_failed,
        )

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        self.account_combo = QComboBox()
        self.account_combo.currentIndexChanged.connect(self._on_account_combo_changed)
        form.addRow(self.tr("Provider account:"), self.account_combo)
        self.template_combo = QComboBox()
        self.template_combo.currentIndexChanged.connect(self._on_template_combo_changed)
        form.addRow(self.tr("Template:"), self.template_combo)
        self.template_text = QLabel()
        self.template_text.setWordWrap(True)
        self.template_text.setStyleSheet("color: palette(placeholder-text);")
        form.addRow("", self.template_text)
        layout.addLayout(form)

        target_box = QGroupBox(self.tr("Send to"))
        target_layout = QFormLayout(target_box)
        target_layout.setHorizontalSpacing(12)
        self.target_group = QButtonGroup(self)
        self.segment_radio = QRadioButton(self.tr("Segment"))
        self.tag_radio = QRadioButton(self.tr("Tag"))
        self.number_radio = QRadioButton(self.tr("Test number"))
        self.segment_combo = QComboBox()
        self.tag_combo = QComboBox()
        self.number_edit = QLineEdit()
        self.number_edit.setPlaceholderText(self.tr("e.g. 138 1234 5678 (a contact who consented)"))
        for radio, widget in (
            (self.segment_radio, self.segment_combo),
            (self.tag_radio, self.tag_combo),
            (self.number_radio, self.number_edit),
        ):
            self.target_group.addButton(radio)
            target_layout.addRow(radio, widget)
        self.target_group.buttonToggled.connect(self._on_input_changed)
        self.segment_combo.currentIndexChanged.connect(self._on_input_changed)
        self.tag_combo.currentIndexChanged.connect(self._on_input_changed)
        self.number_edit.textChanged.connect(self._on_input_changed)
        layout.addWidget(target_box)

        self.variables_box = QGroupBox(self.tr("Values for every message"))
        self.variables_form = QFormLayout(self.variables_box)
        self.variable_edits: dict[str, QLineEdit] = {}
        layout.addWidget(self.variables_box)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setStyleSheet(
            "QLabel { background: palette(alternate-base); border-radius: 6px; padding: 10px; }"
        )
        self.summary.hide()
        layout.addWidget(self.summary)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.review_button = QPushButton(self.tr("Review"))
        self.send_button = QPushButton(self.tr("Send"))
        self.buttons.addButton(self.review_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.send_button.hide()
        self.review_button.setDefault(True)
        self.review_button.clicked.connect(self._on_review_button_clicked)
        self.send_button.clicked.connect(self._on_send_button_clicked)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.review_button.setEnabled(not busy)
        self.send_button.setEnabled(not busy)

    # -- choices -------------------------------------------------------------------------

    @Slot(object)
    def _on_choices_loaded(self, choices: SendChoices) -> None:
        self.choices = choices
        self.account_combo.blockSignals(True)
        for account in choices.accounts:
            label = account.name
            if account.sends_nothing:
                label += " — " + self.tr("sends nothing, for trying out")
            self.account_combo.addItem(label, account.id)
        index = self.account_combo.findData(choices.active_account_id)
        self.account_combo.setCurrentIndex(max(index, 0))
        self.account_combo.blockSignals(False)
        self.segment_combo.addItems(choices.segments)
        self.tag_combo.addItems(choices.tags)
        self.segment_radio.setEnabled(bool(choices.segments))
        self.tag_radio.setEnabled(bool(choices.tags))
        if choices.segments:
            self.segment_radio.setChecked(True)
        elif choices.tags:
            self.tag_radio.setChecked(True)
        else:
            self.number_radio.setChecked(True)
        self._fill_templates()
        self._set_busy(False)

    def _account(self) -> AccountChoice | None:
        account_id = self.account_combo.currentData()
        return next((a for a in self.choices.accounts if a.id == account_id), None)

    def _fill_templates(self) -> None:
        account = self._account()
        current = self.template_combo.currentData()
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        for template in self.choices.templates:
            approved = account is not None and account.id in template.approved_on
            label = (
                template.name
                if approved
                else self.tr("%1 (not approved)").replace("%1", template.name)
            )
            self.template_combo.addItem(label, template.id)
            if not approved:
                self._template_item(self.template_combo.count() - 1).setEnabled(False)
        index = self.template_combo.findData(current)
        if index < 0 or not self._template_item(index).isEnabled():
            index = next(
                (
                    i
                    for i in range(self.template_combo.count())
                    if self._template_item(i).isEnabled()
                ),
                -1,
            )
        self.template_combo.setCurrentIndex(index)
        self.template_combo.blockSignals(False)
        self._on_template_combo_changed()

    def _template_item(self, row: int) -> QStandardItem:
        """A row of the template list (a QComboBox's model is a QStandardItemModel)."""
        model = self.template_combo.model()
        assert isinstance(model, QStandardItemModel)
        item = model.item(row)
        assert item is not None
        return item

    def _template(self) -> TemplateChoice | None:
        template_id = self.template_combo.currentData()
        index = self.template_combo.currentIndex()
        if template_id is None or index < 0 or not self._template_item(index).isEnabled():
            return None
        return next((t for t in self.choices.templates if t.id == template_id), None)

    @Slot()
    def _on_account_combo_changed(self) -> None:
        self._fill_templates()

    @Slot()
    def _on_template_combo_changed(self) -> None:
        template = self._template()
        self.template_text.setText(
            template.body if template else self.tr("No approved template for this account yet.")
        )
        while self.variables_form.rowCount():
            self.variables_form.removeRow(0)
        self.variable_edits = {}
        names = variables_in(template.body) if template else []
        for name in names:
            if name in CONTACT_VARIABLES or name in self.choices.contact_fields:
                continue
            edit = QLineEdit()
            edit.textChanged.connect(self._on_input_changed)
            self.variable_edits[name] = edit
            self.variables_form.addRow(f"{{{name}}}", edit)
        self.variables_box.setVisible(bool(self.variable_edits))
        self._on_input_changed()

    # -- review and send -----------------------------------------------------------------

    def _target(self) -> SendTarget | None:
        if self.segment_radio.isChecked() and self.segment_combo.currentText():
            return SendTarget(segment=self.segment_combo.currentText())
        if self.tag_radio.isChecked() and self.tag_combo.currentText():
            return SendTarget(tag=self.tag_combo.currentText())
        if self.number_radio.isChecked() and self.number_edit.text().strip():
            return SendTarget(number=self.number_edit.text().strip())
        return None

    @Slot()
    def _on_input_changed(self) -> None:
        """Any change makes the last review stale: review again before sending."""
        self.plan = None
        self.summary.hide()
        self.send_button.hide()
        self.review_button.show()
        self.review_button.setDefault(True)

    @Slot()
    def _on_review_button_clicked(self) -> None:
        template, target, account = self._template(), self._target(), self._account()
        if template is None or target is None or account is None:
            self._show_message(self.tr("Choose an approved template and whom to send it to."))
            return
        values = {name: edit.text() for name, edit in self.variable_edits.items()}
        self._set_busy(True)
        gated_task.start(
            self.ctx,
            "send-plan",
            make_plan,
            self.ctx.db,
            template.id,
            target,
            account.name,
            values,
            succeeded=self._on_plan_ready,
            failed=self._on_task_failed,
        )

    @Slot(object)
    def _on_plan_ready(self, plan: SendPlan) -> None:
        self._set_busy(False)
        self.plan = plan
        lines = []
        if plan.blocking_rules:
            lines.append(
                "<b>"
                + self.tr(
                    "This template breaks rules that block sending: %1. Fix it on the Templates page."
                ).replace("%1", ", ".join(plan.blocking_rules))
                + "</b>"
            )
        lines.append(
            "<b>"
            + self.tr("Messages: %1").replace("%1", str(plan.count))
            + "</b> · "
            + self.tr("Parts: %1").replace("%1", str(plan.parts))
            + " · "
            + self.tr("Cost: %1").replace("%1", f"{plan.cost:.2f}")
        )
        for reason, count in sorted(plan.skipped.items()):
            lines.append(
                self.tr("Held back: %1 — %2")
                .replace("%1", str(count))
                .replace("%2", reason_label(reason))
            )
        if plan.sample_text:
            lines.append(self.tr("Text: %1").replace("%1", _escape(plan.sample_text)))
        self.summary.setText("<br>".join(lines))
        self.summary.show()
        if plan.sendable:
            self.send_button.setText(self.tr("Send (%1)").replace("%1", str(plan.count)))
            self.send_button.show()
            self.send_button.setDefault(True)
            self.review_button.hide()

    @Slot()
    def _on_send_button_clicked(self) -> None:
        if self.plan is None or not self.plan.sendable:
            return
        self._set_busy(True)
        gated_task.start(
            self.ctx,
            "send-queue",
            queue,
            self.ctx.db,
            self.plan,
            succeeded=self._on_queued,
            failed=self._on_task_failed,
        )

    @Slot(object)
    def _on_queued(self, count: int) -> None:
        self._set_busy(False)
        self.ctx.notify("messages")
        self.queued.emit(int(count))
        self.accept()

    @Slot(object, str)
    def _on_task_failed(self, error: BaseException, details: str) -> None:
        self._set_busy(False)
        code = getattr(error, "code", "")
        messages = {
            "number_rejected": self.tr("That is not a valid mobile number."),
            "not_found": self.tr(
                "The template, segment or tag no longer exists. Close and try again."
            ),
            "validation": self.tr("A value is missing or invalid: %1"),
        }
        self._show_message(
            messages.get(code, self.tr("Something went wrong: %1")).replace("%1", str(error))
        )

    def _show_message(self, text: str) -> None:
        self.summary.setText(_escape(text))
        self.summary.show()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
