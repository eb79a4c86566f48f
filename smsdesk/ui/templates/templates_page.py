"""Templates: the list, and an editor that checks the text as the user types.

The check runs on the GUI thread, debounced (it takes well under a millisecond for 500
characters, see docs/PERFORMANCE.md); only the longest-name query, which scans the address book,
runs in the background.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QLocale, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QAction, QDesktopServices, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smsdesk.core.compliance import wordlists
from smsdesk.core.compliance.checker import CheckContext, Finding, Fix, Report, check
from smsdesk.core.compliance.variables import render
from smsdesk.core.db.engine import Database
from smsdesk.core.enums import ApprovalStatus, MessageKind
from smsdesk.core.errors import SMSDeskError
from smsdesk.core.templates import approvals, signature_store, template_check, template_store
from smsdesk.core.templates.template_store import compose
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.pages.base import Page
from smsdesk.ui.templates.approval_table import ApprovalRow, ApprovalTable
from smsdesk.ui.templates.checked_text_edit import CheckedTextEdit
from smsdesk.ui.templates.findings_panel import FindingsPanel
from smsdesk.ui.templates.preview_panel import PreviewPanel, SampleContact
from smsdesk.ui.widgets.empty_state import EmptyState

CHECK_DELAY_MS = 120
_WORDLISTS_KEY = "templates/disabled_wordlists"


def ui_language() -> str:
    return "zh" if QLocale().language() == QLocale.Language.Chinese else "en"


def _longest_values(db: Database) -> dict[str, list[str]]:
    with db.session() as session:
        return template_check.longest_values(session)


class TemplatesPage(Page):
    page_id = "templates"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.language = ui_language()
        self.template_id: int | None = None
        self.last_report: Report | None = None
        self._dirty = False
        self._loading = False
        self._signatures: dict[int, str] = {}
        self._declared: dict[str, str] = {}
        self._recipient_values: dict[str, list[str]] = {}
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.run_check)
        self._build()
        ctx.data_changed.connect(self._on_data_changed)

    def page_title(self) -> str:
        return self.tr("Templates")

    def page_icon(self) -> QIcon:
        return self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)

    # -- building ---------------------------------------------------------------------

    def _build(self) -> None:
        layout = QHBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        layout.addWidget(splitter)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.template_list = QListWidget()
        self.template_list.currentItemChanged.connect(self._on_list_current_changed)
        left_layout.addWidget(self.template_list)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New"))
        self.new_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon))
        self.new_button.clicked.connect(self.new_template)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_TrashIcon))
        self.delete_button.clicked.connect(self._on_delete_clicked)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        left_layout.addLayout(buttons)
        splitter.addWidget(left)

        self.stack = QStackedWidget()
        self.empty = EmptyState(
            self.page_icon(),
            self.tr("No templates yet"),
            self.tr(
                "Write a message; the checker shows as you type what a carrier or the law would reject."
            ),
            self.tr("New template"),
        )
        self.empty.action_clicked.connect(self.new_template)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self._build_editor())
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([220, 900])
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        shortcut.activated.connect(self.save)

    def _build_editor(self) -> QWidget:
        editor = QWidget()
        layout = QVBoxLayout(editor)
        layout.setContentsMargins(8, 0, 0, 0)
        form = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(template_store.NAME_MAX)
        self.name_edit.textEdited.connect(self._on_field_edited)
        form.addRow(self.tr("Name:"), self.name_edit)
        row = QHBoxLayout()
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(self.tr("Marketing"), MessageKind.MARKETING.value)
        self.kind_combo.addItem(self.tr("Service (notification)"), MessageKind.SERVICE.value)
        self.kind_combo.currentIndexChanged.connect(self._on_field_edited)
        self.signature_combo = QComboBox()
        self.signature_combo.currentIndexChanged.connect(self._on_field_edited)
        self.ai_check = QCheckBox(self.tr("Written with AI help"))
        self.ai_check.setToolTip(
            self.tr("AI-assisted marketing must be labelled as advertising (广告).")
        )
        self.ai_check.toggled.connect(self._on_field_edited)
        row.addWidget(QLabel(self.tr("Kind:")))
        row.addWidget(self.kind_combo)
        row.addSpacing(12)
        row.addWidget(QLabel(self.tr("Signature:")))
        row.addWidget(self.signature_combo, 1)
        row.addSpacing(12)
        row.addWidget(self.ai_check)
        form.addRow(row)
        layout.addLayout(form)

        self.editor = CheckedTextEdit()
        self.editor.language = self.language
        self.editor.setPlaceholderText(
            self.tr("Message text, e.g. {name}，今晚20:00前到店享8折，拒收请回复R")
        )
        self.editor.setMinimumHeight(110)
        self.editor.textChanged.connect(self._on_editor_text_changed)
        layout.addWidget(self.editor, 1)

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
        layout.addLayout(tools)

        lower = QHBoxLayout()
        self.tabs = QTabWidget()
        self.findings_panel = FindingsPanel()
        self.findings_panel.language = self.language
        self.findings_panel.fix_requested.connect(self._on_fix_requested)
        self.findings_panel.finding_selected.connect(self._on_finding_selected)
        self.tabs.addTab(self.findings_panel, self.tr("Problems"))
        self.approval_table = ApprovalTable(with_code=True)
        self.approval_table.approval_edited.connect(self._on_approval_edited)
        self.tabs.addTab(self._approvals_tab(), self.tr("Approvals"))
        self.tabs.addTab(self._registered_tab(), self.tr("Registered with carriers"))
        lower.addWidget(self.tabs, 3)
        self.preview = PreviewPanel()
        self.preview.options_changed.connect(self.run_check)
        lower.addWidget(self.preview, 2)
        layout.addLayout(lower, 1)

        bottom = QHBoxLayout()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        bottom.addWidget(self.status_label, 1)
        self.revert_button = QPushButton(self.tr("Revert"))
        self.revert_button.clicked.connect(self._on_revert_clicked)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton)
        )
        self.save_button.clicked.connect(self.save)
        bottom.addWidget(self.revert_button)
        bottom.addWidget(self.save_button)
        layout.addLayout(bottom)
        return editor

    def _approvals_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        note = QLabel(
            self.tr(
                "Record what each provider decided. Approving keeps the exact text; a later edit needs re-approval before sending."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
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
            edit.textEdited.connect(self._on_field_edited)
        return tab

    # -- loading ----------------------------------------------------------------------

    def refresh(self) -> None:
        with self.ctx.session() as session:
            templates = template_store.list_templates(session)
            self._signatures = {s.id: s.name for s in signature_store.list_signatures(session)}
            self._declared = template_check.declared_variables(session)
            samples = template_check.sample_contacts(session)
        self._fill_signature_combo()
        self._fill_variable_menu()
        self._fill_wordlist_menu()
        self.preview.set_samples(
            [SampleContact(self.tr("Sample values"), dict(self._declared))]
            + [SampleContact(label, values) for label, values in samples]
        )
        self._fill_list(templates)
        task = self.ctx.tasks.run("longest values", _longest_values, self.ctx.db)
        task.succeeded.connect(self._on_longest_values)

    def _fill_list(self, templates: list[template_store.TemplateInfo]) -> None:
        keep = self.template_id
        self.template_list.blockSignals(True)
        self.template_list.clear()
        for info in templates:
            item = QListWidgetItem(info.name)
            kind = (
                self.tr("Marketing") if info.kind is MessageKind.MARKETING else self.tr("Service")
            )
            item.setToolTip(f"{kind}: {info.text}")
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            self.template_list.addItem(item)
        self.template_list.blockSignals(False)
        self.stack.setCurrentIndex(1 if templates else 0)
        self.delete_button.setEnabled(bool(templates))
        ids = [t.id for t in templates]
        if templates:
            self._select(keep if keep in ids else ids[0])
        else:
            self.template_id = None

    def _fill_signature_combo(self) -> None:
        current = self.signature_combo.currentData()
        self.signature_combo.blockSignals(True)
        self.signature_combo.clear()
        self.signature_combo.addItem(self.tr("(no signature)"), None)
        for signature_id, name in sorted(self._signatures.items(), key=lambda kv: kv[1]):
            self.signature_combo.addItem(f"【{name}】", signature_id)
        self.signature_combo.setCurrentIndex(max(0, self.signature_combo.findData(current)))
        self.signature_combo.blockSignals(False)

    def _fill_variable_menu(self) -> None:
        menu = self.variable_button.menu()
        menu.clear()
        for name in self._declared:
            action = menu.addAction(f"{{{name}}}")
            action.triggered.connect(
                lambda _c=False, n=name: self.editor.insertPlainText(f"{{{n}}}")
            )

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
        value = self.ctx.qsettings.value(_WORDLISTS_KEY, [])
        return (
            [str(v) for v in value] if isinstance(value, list) else ([str(value)] if value else [])
        )

    def enabled_wordlists(self) -> frozenset[str]:
        disabled = set(self._disabled_wordlists())
        return frozenset(i for i in wordlists.available() if i not in disabled)

    def _select(self, template_id: int) -> None:
        for row in range(self.template_list.count()):
            item = self.template_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == template_id:
                self.template_list.setCurrentRow(row)
                if self.template_id != template_id:
                    self.load_template(template_id)
                return

    def load_template(self, template_id: int) -> None:
        with self.ctx.session() as session:
            info = template_store.get_template(session, template_id)
            states = approvals.template_approvals(session, template_id)
        self._loading = True
        self.template_id = template_id
        self.name_edit.setText(info.name)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(info.kind.value))
        self.signature_combo.setCurrentIndex(
            max(0, self.signature_combo.findData(info.signature_id))
        )
        self.ai_check.setChecked(info.ai_assisted)
        self.link_edit.setText(info.registered_links[0] if info.registered_links else "")
        for edit, value in zip(
            self.contact_edits, [*info.registered_contacts, "", ""], strict=False
        ):
            edit.setText(value)
        self.editor.setPlainText(info.body)
        self._show_approvals(states, info.body)
        self._loading = False
        self._set_dirty(False)
        self.status_label.clear()
        self.run_check()

    def _show_approvals(self, states: list[approvals.TemplateApprovalInfo], body: str) -> None:
        rows = [
            ApprovalRow(
                s.provider_account_id,
                s.account_name,
                s.status,
                s.reason,
                s.provider_code,
                s.approved_text,
            )
            for s in states
        ]
        self.approval_table.set_rows(rows, body)
        self.no_accounts.setVisible(not rows)

    # -- checking ---------------------------------------------------------------------

    def signature_name(self) -> str:
        return self._signatures.get(self.signature_combo.currentData(), "")

    def prefix_length(self) -> int:
        name = self.signature_name()
        return len(name) + 2 if name else 0

    def check_context(self) -> CheckContext:
        registered = [e.text().strip() for e in self.contact_edits if e.text().strip()]
        return CheckContext(
            kind=MessageKind(self.kind_combo.currentData()),
            carriers=self.preview.carriers(),
            signatures=frozenset(self._signatures.values()),
            variables=self.preview.sample_values() or dict(self._declared),
            recipient_values=self._recipient_values,
            wordlists=self.enabled_wordlists(),
            ai_assisted=self.ai_check.isChecked(),
            registered_links=(self.link_edit.text().strip(),)
            if self.link_edit.text().strip()
            else (),
            registered_contacts=tuple(registered),
        )

    @Slot()
    def run_check(self) -> None:
        """Check the text as sent now (the debounce timer calls this while typing)."""
        self._check_timer.stop()
        if self.template_id is None:
            return
        body = self.editor.toPlainText()
        full = compose(self.signature_name(), body)
        context = self.check_context()
        report = check(full, context)
        self.last_report = report
        offset = self.prefix_length()
        in_body = [_shift(f, -offset) for f in report.findings]
        self.editor.set_findings([f for f in in_body if f.end >= 0 and f.start >= 0])
        self.findings_panel.set_findings(report.findings)
        errors = len(report.errors)
        self.tabs.setTabText(
            0, self.tr("Problems") + (f" ({len(report.findings)})" if report.findings else "")
        )
        self.counter.setText(
            self.tr("Characters: %1 · Parts: %2 · Encoding: %3")
            .replace("%1", str(report.chars))
            .replace("%2", str(report.parts))
            .replace("%3", report.encoding.value)
        )
        self.counter.setStyleSheet("color: #d32f2f;" if errors else "")
        rendered = render(full, context.variables, strict=False)
        note = ""
        if self._recipient_values:
            note = self.tr("Length and parts are counted for the longest name among your contacts.")
        self.preview.set_preview(rendered, note)
        self.approval_table.update_current_text(body)

    # -- slots ------------------------------------------------------------------------

    @Slot()
    def _on_editor_text_changed(self) -> None:
        if self._loading:
            return
        self._set_dirty(True)
        self._check_timer.start()

    @Slot()
    def _on_field_edited(self) -> None:
        if self._loading:
            return
        self._set_dirty(True)
        self._check_timer.start()

    @Slot(object, object)
    def _on_fix_requested(self, finding: Finding, fix: Fix) -> None:
        self.apply_fix(fix)

    def apply_fix(self, fix: Fix) -> None:
        """Apply ``fix`` (spans of the text as sent) to the signature choice and the body."""
        full = compose(self.signature_name(), self.editor.toPlainText())
        fixed = fix.apply(full)
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

    @Slot(object)
    def _on_finding_selected(self, finding: Finding) -> None:
        offset = self.prefix_length()
        if finding.start >= offset:
            self.editor.select_span(finding.start - offset, finding.end - offset)

    @Slot(bool)
    def _on_wordlist_toggled(self, _checked: bool) -> None:
        disabled = [
            str(a.data())
            for a in self.wordlist_button.menu().actions()
            if a.isCheckable() and not a.isChecked()
        ]
        self.ctx.qsettings.setValue(_WORDLISTS_KEY, disabled)
        self.run_check()

    @Slot()
    def _on_edit_user_list(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(wordlists.user_list_path())))

    @Slot(object)
    def _on_longest_values(self, values: object) -> None:
        self._recipient_values = dict(values) if isinstance(values, dict) else {}
        self.run_check()

    @Slot(str)
    def _on_data_changed(self, domain: str) -> None:
        if (
            domain in ("signatures", "providers", "contacts", "templates")
            and self._loaded
            and not self._dirty
        ):
            self.refresh()

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_list_current_changed(
        self, current: QListWidgetItem | None, previous: QListWidgetItem | None
    ) -> None:
        if current is None:
            return
        template_id = current.data(Qt.ItemDataRole.UserRole)
        if template_id == self.template_id:
            return
        if self._dirty and not self.save():
            if previous is not None:
                self.template_list.blockSignals(True)
                self.template_list.setCurrentItem(previous)
                self.template_list.blockSignals(False)
            return
        self.load_template(template_id)

    @Slot(int, str, str, str)
    def _on_approval_edited(self, account_id: int, status: str, code: str, reason: str) -> None:
        if self.template_id is None or (self._dirty and not self.save()):
            return
        try:
            with self.ctx.session() as session:
                approvals.set_template_approval(
                    session,
                    template_id=self.template_id,
                    provider_account_id=account_id,
                    status=ApprovalStatus(status),
                    provider_code=code,
                    reason=reason,
                )
                states = approvals.template_approvals(session, self.template_id)
        except SMSDeskError as exc:
            self._show_error(exc)
            return
        # The edited widget is part of the table being rebuilt: rebuild after its signal.
        body = self.editor.toPlainText()
        QTimer.singleShot(0, lambda: self._show_approvals(states, body))
        self.ctx.notify("templates")

    @Slot()
    def _on_revert_clicked(self) -> None:
        if self.template_id is not None:
            self.load_template(self.template_id)

    @Slot()
    def _on_delete_clicked(self) -> None:
        if self.template_id is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Delete template"),
            self.tr("Delete the template “%1” and its approval records?").replace(
                "%1", self.name_edit.text()
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.accepted.connect(self.delete_current)
        box.open()

    # -- actions ----------------------------------------------------------------------

    @Slot()
    def new_template(self) -> None:
        if self._dirty and not self.save():
            return
        base = self.tr("New template")
        with self.ctx.session() as session:
            names = {t.name for t in template_store.list_templates(session)}
            name, number = base, 2
            while name in names:
                name, number = f"{base} {number}", number + 1
            by_name = sorted(self._signatures.items(), key=lambda item: item[1])
            signature_id = by_name[0][0] if by_name else None
            template_id = template_store.create_template(
                session, name=name, signature_id=signature_id
            )
        self.template_id = None
        self.refresh()
        self._select(template_id)
        self.name_edit.setFocus()
        self.name_edit.selectAll()
        self.ctx.notify("templates")

    @Slot()
    def delete_current(self) -> None:
        if self.template_id is None:
            return
        with self.ctx.session() as session:
            template_store.delete_template(session, self.template_id)
        self.template_id = None
        self._set_dirty(False)
        self.refresh()
        self.ctx.notify("templates")

    @Slot()
    def save(self) -> bool:
        """Save the editor's template; ``False`` (with the reason shown) if it cannot be."""
        if self.template_id is None:
            return True
        contacts = [e.text() for e in self.contact_edits]
        try:
            with self.ctx.session() as session:
                template_store.update_template(
                    session,
                    self.template_id,
                    name=self.name_edit.text(),
                    body=self.editor.toPlainText(),
                    kind=MessageKind(self.kind_combo.currentData()),
                    signature_id=self.signature_combo.currentData(),
                    ai_assisted=self.ai_check.isChecked(),
                    registered_links=[self.link_edit.text()],
                    registered_contacts=contacts,
                )
                templates = template_store.list_templates(session)
        except SMSDeskError as exc:
            self._show_error(exc)
            return False
        self._set_dirty(False)
        self._fill_list(templates)
        report = self.last_report
        if report is not None and not report.ok:
            self._show_status(
                self.tr(
                    "Saved. The checker still finds errors: this template cannot be sent until they are fixed."
                ),
                error=True,
            )
        else:
            self._show_status(self.tr("Saved."))
        self.ctx.notify("templates")
        return True

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    def _show_status(self, text: str, *, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet("color: #d32f2f;" if error else "")

    def _show_error(self, exc: SMSDeskError) -> None:
        field = exc.params.get("field")
        if field == "name" and "exists" in str(exc):
            text = self.tr("Another template already has this name.")
        elif field == "name":
            text = self.tr("Give the template a name (up to 80 characters).")
        else:
            text = self.tr("Could not save: %1").replace("%1", str(exc))
        self._show_status(text, error=True)


def _shift(finding: Finding, offset: int) -> Finding:
    """``finding`` with its span moved by ``offset`` (text as sent → body in the editor)."""
    return replace(finding, start=finding.start + offset, end=finding.end + offset)
