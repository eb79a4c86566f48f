"""The template editor proper: fields, the checked text, findings with fixes, the counter, the
preview, approvals and registered items. It checks as the user types; the page around it
loads and saves.

The check runs on the GUI thread after a 120 ms pause in typing: it takes well under a
millisecond for 500 characters (docs/PERFORMANCE.md), so no worker is needed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QLocale, QSettings, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStyle,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smsdesk.core.compliance import wordlists
from smsdesk.core.compliance.checker import CheckContext, Finding, Fix, Report, check
from smsdesk.core.compliance.variables import render
from smsdesk.core.enums import MessageKind
from smsdesk.core.templates import approvals, provider_review, template_store
from smsdesk.core.templates.template_store import TemplateInfo, compose
from smsdesk.ui.templates.approval_table import ApprovalRow, ApprovalTable
from smsdesk.ui.templates.checked_text_edit import CheckedTextEdit
from smsdesk.ui.templates.findings_panel import FindingsPanel
from smsdesk.ui.templates.preview_panel import PreviewPanel, SampleContact

CHECK_DELAY_MS = 120
WORDLISTS_KEY = "templates/disabled_wordlists"


def ui_language() -> str:
    return "zh" if QLocale().language() == QLocale.Language.Chinese else "en"


def _shift(finding: Finding, offset: int) -> Finding:
    """``finding`` with its span moved by ``offset`` (text as sent → body in the editor)."""
    return replace(finding, start=finding.start + offset, end=finding.end + offset)


class TemplateForm(QWidget):
    """Signals:
    edited() -- the user changed a field or the text
    approval_edited(provider_account_id: int, status: str, code: str, reason: str)
    review_requested(provider_account_id: int) -- submit the saved text for review
    review_pull_requested() -- fetch the providers' verdicts
    save_requested()
    revert_requested()
    """

    edited = Signal()
    approval_edited = Signal(int, str, str, str)
    review_requested = Signal(int)
    review_pull_requested = Signal()
    save_requested = Signal()
    revert_requested = Signal()

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.language = ui_language()
        self.last_report: Report | None = None
        self._loading = False
        self._signatures: dict[int, str] = {}
        self._declared: dict[str, str] = {}
        self._recipient_values: dict[str, list[str]] = {}
        self.check_timer = QTimer(self)
        self.check_timer.setSingleShot(True)
        self.check_timer.setInterval(CHECK_DELAY_MS)
        self.check_timer.timeout.connect(self.run_check)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addLayout(self._build_fields())
        self.editor = CheckedTextEdit()
        self.editor.language = self.language
        self.editor.setPlaceholderText(
            self.tr("Message text, e.g. {name}，今晚20:00前到店享8折，拒收请回复R")
        )
        self.editor.setMinimumHeight(110)
        self.editor.textChanged.connect(self._on_user_edit)
        layout.addWidget(self.editor, 1)
        layout.addLayout(self._build_tools())
        layout.addLayout(self._build_lower(), 1)
        layout.addLayout(self._build_bottom())

    # -- building ---------------------------------------------------------------------

    def _build_fields(self) -> QFormLayout:
        form = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(template_store.NAME_MAX)
        self.name_edit.textEdited.connect(self._on_user_edit)
        form.addRow(self.tr("Name:"), self.name_edit)
        row = QHBoxLayout()
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(self.tr("Marketing"), MessageKind.MARKETING.value)
        self.kind_combo.addItem(self.tr("Service (notification)"), MessageKind.SERVICE.value)
        self.kind_combo.currentIndexChanged.connect(self._on_user_edit)
        self.signature_combo = QComboBox()
        self.signature_combo.currentIndexChanged.connect(self._on_user_edit)
        self.ai_check = QCheckBox(self.tr("Written with AI help"))
        self.ai_check.setToolTip(
            self.tr("AI-assisted marketing must be labelled as advertising (广告).")
        )
        self.ai_check.toggled.connect(self._on_user_edit)
        row.addWidget(QLabel(self.tr("Kind:")))
        row.addWidget(self.kind_combo)
        row.addSpacing(12)
        row.addWidget(QLabel(self.tr("Signature:")))
        row.addWidget(self.signature_combo, 1)
        row.addSpacing(12)
        row.addWidget(self.ai_check)
        form.addRow(row)
        return form

    def _build_tools(self) -> QHBoxLayout:
        tools = QHBoxLayout()
        self.variable_button = QToolButton()
        self.variable_button.setText(self.tr("Insert variable"))
        self.variable_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.variable_button.setMenu(QMenu(self.variable_button))
        self.wordlist_button = QToolButton()
        self.wordlist_button.setText(self.tr("Word lists"))
        self.wordlist_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.wordlist_button.setMenu(QMenu(self.wordlist_button))
        tools.addWidget(self.variable_button)
        tools.addWidget(self.wordlist_button)
        tools.addStretch(1)
        self.counter = QLabel()
        tools.addWidget(self.counter)
        return tools

    def _build_lower(self) -> QHBoxLayout:
        lower = QHBoxLayout()
        self.tabs = QTabWidget()
        self.findings_panel = FindingsPanel()
        self.findings_panel.language = self.language
        self.findings_panel.fix_requested.connect(self._on_fix_requested)
        self.findings_panel.finding_selected.connect(self._on_finding_selected)
        self.tabs.addTab(self.findings_panel, self.tr("Problems"))
        self.approval_table = ApprovalTable(with_code=True)
        self.approval_table.approval_edited.connect(self.approval_edited)
        self.approval_table.review_requested.connect(self.review_requested)
        self.tabs.addTab(self._approvals_tab(), self.tr("Approvals"))
        self.tabs.addTab(self._registered_tab(), self.tr("Registered with carriers"))
        lower.addWidget(self.tabs, 5)
        self.preview = PreviewPanel()
        self.preview.options_changed.connect(self.run_check)
        lower.addWidget(self.preview, 2)
        return lower

    def _build_bottom(self) -> QHBoxLayout:
        bottom = QHBoxLayout()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        bottom.addWidget(self.status_label, 1)
        self.revert_button = QPushButton(self.tr("Revert"))
        self.revert_button.clicked.connect(self.revert_requested)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton)
        )
        self.save_button.clicked.connect(self.save_requested)
        bottom.addWidget(self.revert_button)
        bottom.addWidget(self.save_button)
        return bottom

    def _approvals_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        note = QLabel(
            self.tr(
                "Submit the text for review where the provider allows it, or record what the provider decided. An approval covers the exact text; a later edit needs re-approval before sending."
            )
        )
        note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(note, 1)
        self.pull_reviews_button = QPushButton(self.tr("Check review status"))
        self.pull_reviews_button.setToolTip(
            self.tr("Ask the providers for their verdicts on everything under review")
        )
        self.pull_reviews_button.clicked.connect(self.review_pull_requested)
        top.addWidget(self.pull_reviews_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.no_accounts = QLabel(
            self.tr("No provider accounts yet: add one on the Providers page.")
        )
        layout.addWidget(self.no_accounts)
        layout.addWidget(self.approval_table, 1)
        return tab

    def _registered_tab(self) -> QWidget:
        tab = QWidget()
        layout = QFormLayout(tab)
        note = QLabel(
            self.tr(
                "A template may register (报备) one link and two contacts with the carriers; these exact items are then allowed."
            )
        )
        note.setWordWrap(True)
        layout.addRow(note)
        self.link_edit = QLineEdit()
        self.link_edit.setPlaceholderText(self.tr("e.g. https://shop.example.com/coupon"))
        self.contact_edits = [QLineEdit(), QLineEdit()]
        self.contact_edits[0].setPlaceholderText(self.tr("e.g. 400-800-1234"))
        layout.addRow(self.tr("Registered link:"), self.link_edit)
        for number, edit in enumerate(self.contact_edits, start=1):
            layout.addRow(self.tr("Registered contact %1:").replace("%1", str(number)), edit)
        for edit in (self.link_edit, *self.contact_edits):
            edit.textEdited.connect(self._on_user_edit)
        return tab

    # -- reference data ---------------------------------------------------------------

    def set_reference_data(
        self,
        *,
        signatures: dict[int, str],
        declared: dict[str, str],
        samples: list[tuple[str, dict[str, str]]],
    ) -> None:
        """Registered signatures (id → name), declared variables with sample values, and
        sample contacts for the preview."""
        self._signatures = dict(signatures)
        self._declared = dict(declared)
        current = self.signature_combo.currentData()
        self.signature_combo.blockSignals(True)
        self.signature_combo.clear()
        self.signature_combo.addItem(self.tr("(no signature)"), None)
        for signature_id, name in sorted(self._signatures.items(), key=lambda kv: kv[1]):
            self.signature_combo.addItem(f"【{name}】", signature_id)
        self.signature_combo.setCurrentIndex(max(0, self.signature_combo.findData(current)))
        self.signature_combo.blockSignals(False)
        menu = self.variable_button.menu()
        menu.clear()
        for name in self._declared:
            action = menu.addAction(f"{{{name}}}")
            action.triggered.connect(
                lambda _c=False, n=name: self.editor.insertPlainText(f"{{{n}}}")
            )
        self._fill_wordlist_menu()
        self.preview.set_samples(
            [SampleContact(self.tr("Sample values"), dict(self._declared))]
            + [SampleContact(label, values) for label, values in samples]
        )

    def set_recipient_values(self, values: dict[str, list[str]]) -> None:
        """Actual recipients' values (the longest name): length is counted for them."""
        self._recipient_values = dict(values)
        self.run_check()

    def _fill_wordlist_menu(self) -> None:
        menu = self.wordlist_button.menu()
        menu.clear()
        disabled = set(self._disabled_wordlists())
        for list_id in wordlists.available():
            word_list = wordlists.load(list_id)
            action = QAction(word_list.title(self.language), menu)
            action.setCheckable(True)
            action.setChecked(list_id not in disabled)
            action.setData(list_id)
            action.toggled.connect(self._on_wordlist_toggled)
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.tr("Edit my word list…"), self._on_edit_user_list)

    def _disabled_wordlists(self) -> list[str]:
        value = self.settings.value(WORDLISTS_KEY, [])
        if isinstance(value, list):
            return [str(v) for v in value]
        return [str(value)] if value else []

    def enabled_wordlists(self) -> frozenset[str]:
        disabled = set(self._disabled_wordlists())
        return frozenset(i for i in wordlists.available() if i not in disabled)

    # -- one template -----------------------------------------------------------------

    def load(self, info: TemplateInfo, states: list[approvals.TemplateApprovalInfo]) -> None:
        self._loading = True
        self.name_edit.setText(info.name)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(info.kind.value))
        index = self.signature_combo.findData(info.signature_id)
        self.signature_combo.setCurrentIndex(max(0, index))
        self.ai_check.setChecked(info.ai_assisted)
        self.link_edit.setText(info.registered_links[0] if info.registered_links else "")
        contacts = [*info.registered_contacts, "", ""]
        for edit, value in zip(self.contact_edits, contacts, strict=False):
            edit.setText(value)
        self.editor.setPlainText(info.body)
        self.show_approvals(states)
        self._loading = False
        self.status_label.clear()
        self.run_check()

    def show_approvals(self, states: list[approvals.TemplateApprovalInfo]) -> None:
        rows = [
            ApprovalRow(
                s.provider_account_id,
                s.account_name,
                s.status,
                s.reason,
                s.provider_code,
                s.approved_text,
                provider_review.has_review_api(s.account_kind),
            )
            for s in states
        ]
        self.approval_table.set_rows(rows, self.editor.toPlainText())
        self.no_accounts.setVisible(not rows)

    def values(self) -> dict[str, Any]:
        """The fields as ``template_store.update_template`` keywords."""
        return {
            "name": self.name_edit.text(),
            "body": self.editor.toPlainText(),
            "kind": MessageKind(self.kind_combo.currentData()),
            "signature_id": self.signature_combo.currentData(),
            "ai_assisted": self.ai_check.isChecked(),
            "registered_links": [self.link_edit.text()],
            "registered_contacts": [e.text() for e in self.contact_edits],
        }

    def set_dirty(self, dirty: bool) -> None:
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    def show_status(self, text: str, *, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet("color: #d32f2f;" if error else "")

    # -- checking ---------------------------------------------------------------------

    def signature_name(self) -> str:
        return self._signatures.get(self.signature_combo.currentData(), "")

    def prefix_length(self) -> int:
        name = self.signature_name()
        return len(name) + 2 if name else 0

    def check_context(self) -> CheckContext:
        link = self.link_edit.text().strip()
        contacts = tuple(e.text().strip() for e in self.contact_edits if e.text().strip())
        return CheckContext(
            kind=MessageKind(self.kind_combo.currentData()),
            carriers=self.preview.carriers(),
            signatures=frozenset(self._signatures.values()),
            variables=self.preview.sample_values() or dict(self._declared),
            recipient_values=self._recipient_values,
            wordlists=self.enabled_wordlists(),
            ai_assisted=self.ai_check.isChecked(),
            registered_links=(link,) if link else (),
            registered_contacts=contacts,
        )

    @Slot()
    def run_check(self) -> None:
        """Check the text as sent now (the debounce timer calls this while typing)."""
        self.check_timer.stop()
        body = self.editor.toPlainText()
        full = compose(self.signature_name(), body)
        context = self.check_context()
        report = check(full, context)
        self.last_report = report
        offset = self.prefix_length()
        in_body = [_shift(f, -offset) for f in report.findings]
        self.editor.set_findings([f for f in in_body if f.start >= 0])
        self.findings_panel.set_findings(report.findings)
        count = f" ({len(report.findings)})" if report.findings else ""
        self.tabs.setTabText(0, self.tr("Problems") + count)
        self.counter.setText(
            self.tr("Characters: %1 · Parts: %2 · Encoding: %3")
            .replace("%1", str(report.chars))
            .replace("%2", str(report.parts))
            .replace("%3", report.encoding.value)
        )
        self.counter.setStyleSheet("color: #d32f2f;" if report.errors else "")
        note = ""
        if self._recipient_values:
            note = self.tr("Length and parts are counted for the longest name among your contacts.")
        self.preview.set_preview(render(full, context.variables, strict=False), note)
        self.approval_table.update_current_text(body)

    def apply_fix(self, fix: Fix) -> None:
        """Apply ``fix`` (spans of the text as sent) to the signature choice and the body."""
        fixed = fix.apply(compose(self.signature_name(), self.editor.toPlainText()))
        body = fixed
        if fixed.startswith("【") and "】" in fixed:
            name = fixed[1 : fixed.index("】")]
            matches = [sid for sid, n in self._signatures.items() if n == name]
            if matches:
                self.signature_combo.setCurrentIndex(self.signature_combo.findData(matches[0]))
                body = fixed[fixed.index("】") + 1 :]
        elif self.signature_name():
            self.signature_combo.setCurrentIndex(0)
        self.editor.replace_all(body)
        self.run_check()

    # -- slots ------------------------------------------------------------------------

    @Slot()
    def _on_user_edit(self) -> None:
        if self._loading:
            return
        self.edited.emit()
        self.check_timer.start()

    @Slot(object, object)
    def _on_fix_requested(self, _finding: Finding, fix: Fix) -> None:
        self.apply_fix(fix)

    @Slot(object)
    def _on_finding_selected(self, finding: Finding) -> None:
        offset = self.prefix_length()
        if finding.start >= offset:
            self.editor.select_span(finding.start - offset, finding.end - offset)

    @Slot(bool)
    def _on_wordlist_toggled(self, _checked: bool) -> None:
        disabled = [
            str(action.data())
            for action in self.wordlist_button.menu().actions()
            if action.isCheckable() and not action.isChecked()
        ]
        self.settings.setValue(WORDLISTS_KEY, disabled)
        self.run_check()

    @Slot()
    def _on_edit_user_list(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(wordlists.user_list_path())))
