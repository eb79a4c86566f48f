"""Signatures: the registered 【names】 and their approval status on each provider account.

The table shows every signature against every account; the form below edits the selected one
submits it for review where the provider has a review API (Tencent asks for the business
licence image), or records the provider's decision by hand.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer, Slot
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from smsdesk.core.db.models import ProviderAccount
from smsdesk.core.enums import ApprovalStatus
from smsdesk.core.errors import SMSDeskError, ValidationError
from smsdesk.core.providers.base import ReviewStatus
from smsdesk.core.templates import provider_review, signature_store
from smsdesk.core.templates.signature_store import SignatureInfo
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.pages.base import Page
from smsdesk.ui.templates import review_tasks, review_text
from smsdesk.ui.templates.approval_table import ApprovalRow, ApprovalTable, status_label

_STATUS_COLORS = {
    ApprovalStatus.DRAFT: QColor("#757575"),
    ApprovalStatus.SUBMITTED: QColor("#e68a00"),
    ApprovalStatus.APPROVED: QColor("#2e7d32"),
    ApprovalStatus.REJECTED: QColor("#d32f2f"),
}


class SignaturesPage(Page):
    page_id = "signatures"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.signature_id: int | None = None
        self._accounts: list[tuple[int, str]] = []
        self._kinds: dict[int, str] = {}
        self._signatures: list[SignatureInfo] = []
        self._build()
        ctx.data_changed.connect(self._on_data_changed)

    def page_title(self) -> str:
        return self.tr("Signatures")

    def page_icon(self) -> QIcon:
        return self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogInfoView)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Every message starts with a 【signature】 your provider approved: 2–12 characters, matching your company name or trademark."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        splitter = QSplitter(Qt.Orientation.Vertical)
        layout.addWidget(splitter, 1)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.currentItemChanged.connect(self._on_table_current_changed)
        top_layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New signature"))
        self.new_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon))
        self.new_button.clicked.connect(self.start_new)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_TrashIcon))
        self.delete_button.clicked.connect(self._on_delete_clicked)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        top_layout.addLayout(buttons)
        splitter.addWidget(top)

        bottom = QWidget()
        bottom_layout = QHBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        details = QGroupBox(self.tr("Signature"))
        form = QFormLayout(details)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(14)
        self.name_edit.setPlaceholderText(self.tr("e.g. XX生鲜"))
        self.name_edit.textEdited.connect(self._on_name_edited)
        self.company_edit = QLineEdit()
        self.company_edit.setPlaceholderText(self.tr("The company or trademark it stands for"))
        self.notes_edit = QLineEdit()
        form.addRow(self.tr("Name:"), self.name_edit)
        form.addRow(self.tr("Company:"), self.company_edit)
        form.addRow(self.tr("Notes:"), self.notes_edit)
        self.name_hint = QLabel()
        self.name_hint.setWordWrap(True)
        form.addRow(self.name_hint)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton)
        )
        self.save_button.clicked.connect(self.save)
        save_row.addWidget(self.save_button)
        form.addRow(save_row)
        bottom_layout.addWidget(details, 2)
        approvals_box = QGroupBox(self.tr("Approval per provider account"))
        approvals_layout = QVBoxLayout(approvals_box)
        self.no_accounts = QLabel(
            self.tr("No provider accounts yet: add one on the Providers page.")
        )
        approvals_layout.addWidget(self.no_accounts)
        self.approval_table = ApprovalTable(with_code=False)
        self.approval_table.approval_edited.connect(self._on_approval_edited)
        self.approval_table.review_requested.connect(self._on_review_requested)
        approvals_layout.addWidget(self.approval_table)
        pull_row = QHBoxLayout()
        self.review_hint = QLabel()
        self.review_hint.setWordWrap(True)
        pull_row.addWidget(self.review_hint, 1)
        self.pull_reviews_button = QPushButton(self.tr("Check review status"))
        self.pull_reviews_button.clicked.connect(self.pull_reviews)
        pull_row.addWidget(self.pull_reviews_button, 0, Qt.AlignmentFlag.AlignTop)
        approvals_layout.addLayout(pull_row)
        bottom_layout.addWidget(approvals_box, 3)
        splitter.addWidget(bottom)
        splitter.setSizes([320, 260])

    # -- loading ----------------------------------------------------------------------

    def refresh(self) -> None:
        with self.ctx.session() as session:
            rows = session.execute(
                select(ProviderAccount.id, ProviderAccount.name, ProviderAccount.kind).order_by(
                    ProviderAccount.name
                )
            ).all()
            self._accounts = [(row[0], row[1]) for row in rows]
            self._kinds = {row[0]: row[2] for row in rows}
            self._signatures = signature_store.list_signatures(session)
        self.table.clear()
        self.table.setColumnCount(2 + len(self._accounts))
        self.table.setHeaderLabels(
            [self.tr("Signature"), self.tr("Company")] + [name for _, name in self._accounts]
        )
        self.table.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for info in self._signatures:
            by_account = {a.provider_account_id: a for a in info.approvals}
            item = QTreeWidgetItem([f"【{info.name}】", info.company])
            item.setData(0, Qt.ItemDataRole.UserRole, info.id)
            for column, (account_id, _) in enumerate(self._accounts, start=2):
                approval = by_account.get(account_id)
                status = approval.status if approval else ApprovalStatus.DRAFT
                item.setText(column, status_label(status))
                item.setForeground(column, _STATUS_COLORS[status])
                if approval and approval.reason:
                    item.setToolTip(column, approval.reason)
            self.table.addTopLevelItem(item)
        ids = [s.id for s in self._signatures]
        self.delete_button.setEnabled(bool(ids))
        if self.signature_id in ids:
            self._select(self.signature_id)
        elif ids:
            self._select(ids[0])
        else:
            self.start_new()

    def _select(self, signature_id: int | None) -> None:
        for row in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(row)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == signature_id:
                self.table.blockSignals(True)
                self.table.setCurrentItem(item)
                self.table.blockSignals(False)
                self._show(signature_id)
                return

    def _show(self, signature_id: int | None) -> None:
        info = next((s for s in self._signatures if s.id == signature_id), None)
        self.signature_id = info.id if info else None
        self.name_edit.setText(info.name if info else "")
        self.company_edit.setText(info.company if info else "")
        self.notes_edit.setText(info.notes if info else "")
        by_account = {a.provider_account_id: a for a in info.approvals} if info else {}
        rows = []
        for account_id, name in self._accounts:
            approval = by_account.get(account_id)
            rows.append(
                ApprovalRow(
                    account_id,
                    name,
                    approval.status if approval else ApprovalStatus.DRAFT,
                    approval.reason if approval else "",
                    can_submit=provider_review.has_review_api(self._kinds[account_id]),
                )
            )
        self.approval_table.set_rows(rows if info else [])
        self.approval_table.setEnabled(info is not None)
        self.no_accounts.setVisible(not self._accounts)
        self._on_name_edited()

    # -- actions ----------------------------------------------------------------------

    @Slot()
    def start_new(self) -> None:
        """Empty the form: Save creates a new signature."""
        self.table.clearSelection()
        self.table.setCurrentIndex(QModelIndex())
        self._show(None)
        self.name_edit.setFocus()

    @Slot()
    def save(self) -> bool:
        name, company, notes = (
            self.name_edit.text(),
            self.company_edit.text(),
            self.notes_edit.text(),
        )
        try:
            with self.ctx.session() as session:
                if self.signature_id is None:
                    self.signature_id = signature_store.create_signature(
                        session, name=name, company=company, notes=notes
                    )
                else:
                    signature_store.update_signature(
                        session, self.signature_id, name=name, company=company, notes=notes
                    )
        except SMSDeskError as exc:
            self._hint(self._error_text(exc), error=True)
            return False
        self.refresh()
        self._hint(self.tr("Saved."))
        self.ctx.notify("signatures")
        return True

    def _error_text(self, exc: SMSDeskError) -> str:
        if "exists" in str(exc):
            return self.tr("This signature exists already.")
        if "bracket" in str(exc):
            return self.tr("Write the name without 【】; they are added when the message is sent.")
        return self.tr("A signature has 2 to 12 characters.")

    @Slot()
    def delete_current(self) -> None:
        if self.signature_id is None:
            return
        with self.ctx.session() as session:
            signature_store.delete_signature(session, self.signature_id)
        self.signature_id = None
        self.refresh()
        self.ctx.notify("signatures")

    # -- slots ------------------------------------------------------------------------

    @Slot()
    def _on_name_edited(self) -> None:
        name = self.name_edit.text().strip().removeprefix("【").removesuffix("】")
        if not name:
            self._hint(self.tr("2–12 characters, as registered with your provider."))
        elif not 2 <= len(name) <= 12:
            self._hint(
                self.tr("%1 characters: a signature has 2–12.").replace("%1", str(len(name))),
                error=True,
            )
        else:
            self._hint(self.tr("Messages will start with 【%1】.").replace("%1", name))

    # -- provider review ----------------------------------------------------------------

    @Slot(int)
    def _on_review_requested(self, account_id: int) -> None:
        if self.signature_id is None:
            return
        if not provider_review.signature_needs_proof(self._kinds[account_id]):
            self.submit_for_review(account_id)
            return
        # Tencent Cloud reviews a signature against the business licence: ask for the image.
        dialog = QFileDialog(
            self, self.tr("Business licence image"), "", self.tr("Images (*.png *.jpg *.jpeg)")
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: self.submit_for_review(account_id, Path(path)))
        dialog.open()

    def submit_for_review(self, account_id: int, proof: Path | None = None) -> None:
        """Send the selected signature to the account's provider for review (background)."""
        if self.signature_id is None:
            return
        db, signature_id = self.ctx.db, self.signature_id

        def submit() -> ReviewStatus:  # the image is read off the GUI thread too
            try:
                image = proof.read_bytes() if proof is not None else b""
            except OSError as exc:
                raise ValidationError(
                    "Cannot read the proof image", field="proof_file", reason=exc.strerror or ""
                ) from exc
            return provider_review.submit_signature(db, signature_id, account_id, proof_image=image)

        self._review_hint(self.tr("Sending for review…"))
        review_tasks.start(
            self.ctx, "submit signature", submit, review_text.submitted_text, self._on_reviewed
        )

    @Slot()
    def pull_reviews(self) -> None:
        self._review_hint(self.tr("Asking the providers…"))
        review_tasks.pull(self.ctx, self._on_reviewed)

    def _on_reviewed(self, text: str, error: bool = False) -> None:
        self.refresh()
        self._review_hint(text, error=error)
        self.ctx.notify("templates")

    def _review_hint(self, text: str, *, error: bool = False) -> None:
        self.review_hint.setText(text)
        self.review_hint.setStyleSheet("color: #d32f2f;" if error else "")

    def _hint(self, text: str, *, error: bool = False) -> None:
        self.name_hint.setText(text)
        self.name_hint.setStyleSheet("color: #d32f2f;" if error else "")

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _on_table_current_changed(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None
    ) -> None:
        if current is not None:
            self._show(current.data(0, Qt.ItemDataRole.UserRole))

    @Slot(int, str, str, str)
    def _on_approval_edited(self, account_id: int, status: str, _code: str, reason: str) -> None:
        if self.signature_id is None:
            return
        with self.ctx.session() as session:
            signature_store.set_signature_approval(
                session,
                signature_id=self.signature_id,
                provider_account_id=account_id,
                status=ApprovalStatus(status),
                reason=reason,
            )
        # The edited combo box is part of the table being rebuilt: rebuild after its signal.
        QTimer.singleShot(0, self.refresh)
        self.ctx.notify("signatures")

    @Slot()
    def _on_delete_clicked(self) -> None:
        if self.signature_id is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Delete signature"),
            self.tr("Delete 【%1】? Templates that use it will have no signature.").replace(
                "%1", self.name_edit.text()
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.accepted.connect(self.delete_current)
        box.open()

    @Slot(str)
    def _on_data_changed(self, domain: str) -> None:
        if domain in ("signatures", "providers", "reviews") and self._loaded:
            QTimer.singleShot(0, self.refresh)
