"""Templates: the list on the left, the checking editor (``TemplateForm``) on the right.

The page loads and saves; the form checks as the user types. Only the longest-name query, which
scans the address book, runs in the background.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from smsdesk.core.db.engine import Database
from smsdesk.core.enums import ApprovalStatus, MessageKind
from smsdesk.core.errors import SMSDeskError
from smsdesk.core.templates import (
    approvals,
    provider_review,
    signature_store,
    template_check,
    template_store,
)
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.pages.base import Page
from smsdesk.ui.templates import review_tasks, review_text
from smsdesk.ui.templates.template_form import TemplateForm
from smsdesk.ui.widgets.empty_state import EmptyState


def _longest_values(db: Database) -> dict[str, list[str]]:
    with db.session() as session:
        return template_check.longest_values(session)


class TemplatesPage(Page):
    page_id = "templates"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.template_id: int | None = None
        self.dirty = False
        self._signatures: dict[int, str] = {}
        self._build()
        ctx.data_changed.connect(self._on_data_changed)

    def page_title(self) -> str:
        return self.tr("Templates")

    def page_icon(self) -> QIcon:
        return self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)

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
        self.form = TemplateForm(self.ctx.qsettings)
        self.form.edited.connect(self._on_form_edited)
        self.form.approval_edited.connect(self._on_approval_edited)
        self.form.review_requested.connect(self.submit_for_review)
        self.form.review_pull_requested.connect(self.pull_reviews)
        self.form.save_requested.connect(self.save)
        self.form.revert_requested.connect(self._on_revert_requested)
        self.stack.addWidget(self.form)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([220, 900])
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        shortcut.activated.connect(self.save)

    # -- loading ----------------------------------------------------------------------

    def refresh(self) -> None:
        with self.ctx.session() as session:
            templates = template_store.list_templates(session)
            self._signatures = {s.id: s.name for s in signature_store.list_signatures(session)}
            declared = template_check.declared_variables(session)
            samples = template_check.sample_contacts(session)
        self.form.set_reference_data(
            signatures=self._signatures, declared=declared, samples=samples
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
            marketing = info.kind is MessageKind.MARKETING
            kind = self.tr("Marketing") if marketing else self.tr("Service")
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

    def _select(self, template_id: int) -> None:
        for row in range(self.template_list.count()):
            item = self.template_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == template_id:
                self.template_list.blockSignals(True)
                self.template_list.setCurrentRow(row)
                self.template_list.blockSignals(False)
                if self.template_id != template_id:
                    self.load_template(template_id)
                return

    def load_template(self, template_id: int) -> None:
        with self.ctx.session() as session:
            info = template_store.get_template(session, template_id)
            states = approvals.template_approvals(session, template_id)
        self.template_id = template_id
        self.form.load(info, states)
        self._set_dirty(False)

    # -- actions ----------------------------------------------------------------------

    @Slot()
    def new_template(self) -> None:
        if self.dirty and not self.save():
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
        self.template_id = template_id
        self.refresh()
        self.load_template(template_id)
        self.form.name_edit.setFocus()
        self.form.name_edit.selectAll()
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
        """Save the form's template; ``False`` (with the reason shown) if it cannot be."""
        if self.template_id is None:
            return True
        try:
            with self.ctx.session() as session:
                template_store.update_template(session, self.template_id, **self.form.values())
                templates = template_store.list_templates(session)
        except SMSDeskError as exc:
            self.form.show_status(self._error_text(exc), error=True)
            return False
        self._set_dirty(False)
        self._fill_list(templates)
        report = self.form.last_report
        if report is not None and not report.ok:
            self.form.show_status(
                self.tr(
                    "Saved. The checker still finds errors: this template cannot be sent until they are fixed."
                ),
                error=True,
            )
        else:
            self.form.show_status(self.tr("Saved."))
        self.ctx.notify("templates")
        return True

    def _set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        self.form.set_dirty(dirty)

    def _error_text(self, exc: SMSDeskError) -> str:
        field = exc.params.get("field")
        if field == "name" and "exists" in str(exc):
            return self.tr("Another template already has this name.")
        if field == "name":
            return self.tr("Give the template a name (up to 80 characters).")
        return self.tr("Could not save: %1").replace("%1", str(exc))

    # -- slots ------------------------------------------------------------------------

    @Slot()
    def _on_form_edited(self) -> None:
        self._set_dirty(True)

    @Slot()
    def _on_revert_requested(self) -> None:
        if self.template_id is not None:
            self.load_template(self.template_id)

    @Slot(object)
    def _on_longest_values(self, values: object) -> None:
        self.form.set_recipient_values(dict(values) if isinstance(values, dict) else {})

    @Slot(str)
    def _on_data_changed(self, domain: str) -> None:
        if domain == "reviews" and self._loaded:
            self._reload_approvals()
        elif domain in ("signatures", "providers", "contacts") and self._loaded and not self.dirty:
            QTimer.singleShot(0, self.refresh)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_list_current_changed(
        self, current: QListWidgetItem | None, previous: QListWidgetItem | None
    ) -> None:
        if current is None:
            return
        template_id = current.data(Qt.ItemDataRole.UserRole)
        if template_id == self.template_id:
            return
        if self.dirty and not self.save():
            if previous is not None:
                self.template_list.blockSignals(True)
                self.template_list.setCurrentItem(previous)
                self.template_list.blockSignals(False)
            return
        self.load_template(template_id)

    @Slot(int, str, str, str)
    def _on_approval_edited(self, account_id: int, status: str, code: str, reason: str) -> None:
        # Approving records the body as saved: save pending edits first.
        if self.template_id is None or (self.dirty and not self.save()):
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
            self.form.show_status(self._error_text(exc), error=True)
            return
        # The edited widget is part of the table being rebuilt: rebuild after its signal.
        QTimer.singleShot(0, lambda: self.form.show_approvals(states))
        self.ctx.notify("templates")

    # -- provider review ----------------------------------------------------------------

    @Slot(int)
    def submit_for_review(self, account_id: int) -> None:
        """Send the saved text to the account's provider for review (in the background)."""
        if self.template_id is None or (self.dirty and not self.save()):
            return
        self.form.show_status(self.tr("Sending for review…"))
        review_tasks.start(
            self.ctx,
            "submit template",
            partial(provider_review.submit_template, self.ctx.db, self.template_id, account_id),
            review_text.submitted_text,
            self._on_reviewed,
        )

    @Slot()
    def pull_reviews(self) -> None:
        self.form.show_status(self.tr("Asking the providers…"))
        review_tasks.pull(self.ctx, self._on_reviewed)

    def _on_reviewed(self, text: str, error: bool = False) -> None:
        self.form.show_status(text, error=error)
        self._reload_approvals()
        self.ctx.notify("templates")

    def _reload_approvals(self) -> None:
        """The approvals of the template shown, as recorded now (the text being edited is
        kept; the table compares against it)."""
        if self.template_id is None:
            return
        with self.ctx.session() as session:
            states = approvals.template_approvals(session, self.template_id)
        self.form.show_approvals(states)

    @Slot()
    def _on_delete_clicked(self) -> None:
        if self.template_id is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Delete template"),
            self.tr("Delete the template “%1” and its approval records?").replace(
                "%1", self.form.name_edit.text()
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.accepted.connect(self.delete_current)
        box.open()
