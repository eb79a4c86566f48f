"""Approval status per provider account: one row per account with the provider's code
(templates only), the status, the rejection reason, whether the approved text still matches,
and (for providers with a review API) a button that submits the text for review. For other
providers the user records the decision by hand."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from smsdesk.core.enums import ApprovalStatus


def status_label(status: ApprovalStatus) -> str:
    labels = {
        ApprovalStatus.DRAFT: QCoreApplication.translate("Approvals", "Draft"),
        ApprovalStatus.SUBMITTED: QCoreApplication.translate("Approvals", "Submitted"),
        ApprovalStatus.APPROVED: QCoreApplication.translate("Approvals", "Approved"),
        ApprovalStatus.REJECTED: QCoreApplication.translate("Approvals", "Rejected"),
    }
    return labels[status]


@dataclass(frozen=True)
class ApprovalRow:
    provider_account_id: int
    account_name: str
    status: ApprovalStatus
    reason: str = ""
    provider_code: str = ""
    approved_text: str = ""
    can_submit: bool = False


class ApprovalTable(QTableWidget):
    """Signals:
    approval_edited(provider_account_id: int, status: str, code: str, reason: str)
    review_requested(provider_account_id: int): the user asked to submit for review
    """

    approval_edited = Signal(int, str, str, str)
    review_requested = Signal(int)

    def __init__(self, *, with_code: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.with_code = with_code
        self._rows: list[ApprovalRow] = []
        self._needs: list[bool] = []
        self._current_text = ""
        self._loading = False
        headers = [self.tr("Provider account")]
        if with_code:
            headers.append(self.tr("Template code"))
        headers += [
            self.tr("Status"),
            self.tr("Reason"),
            self.tr("Approved text"),
            self.tr("Review"),
        ]
        self.setColumnCount(len(headers))
        self.setHorizontalHeaderLabels(headers)
        self.verticalHeader().setVisible(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setSectionResizeMode(
            len(headers) - 3, QHeaderView.ResizeMode.Stretch
        )
        self.horizontalHeader().setStretchLastSection(False)
        # Signatures have no text to compare: their table has no "approved text" column.
        self.setColumnHidden(len(headers) - 2, not with_code)
        if with_code:  # codes are short (SMS_154950909, 1234567): room for the reason
            self.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(1, 120)

    @property
    def _text_column(self) -> int:
        return self.columnCount() - 2

    @property
    def _status_column(self) -> int:
        return 2 if self.with_code else 1

    def set_rows(self, rows: list[ApprovalRow], current_text: str = "") -> None:
        self._loading = True
        self._rows = list(rows)
        self._current_text = current_text
        self.setRowCount(0)  # drops the previous rows' editors at once
        self.setRowCount(len(rows))
        for row, approval in enumerate(rows):
            name = QTableWidgetItem(approval.account_name)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.setItem(row, 0, name)
            column = 1
            if self.with_code:
                code = QLineEdit(approval.provider_code)
                code.setPlaceholderText(self.tr("e.g. SMS_154950909"))
                code.editingFinished.connect(lambda r=row: self._emit(r))
                self.setCellWidget(row, column, code)
                column += 1
            combo = QComboBox()
            for status in ApprovalStatus:
                combo.addItem(status_label(status), status.value)
            combo.setCurrentIndex(combo.findData(approval.status.value))
            combo.currentIndexChanged.connect(lambda _i, r=row: self._emit(r))
            self.setCellWidget(row, column, combo)
            reason = QLineEdit(approval.reason)
            reason.setPlaceholderText(self.tr("What the provider said"))
            reason.setEnabled(approval.status is ApprovalStatus.REJECTED)
            reason.editingFinished.connect(lambda r=row: self._emit(r))
            self.setCellWidget(row, column + 1, reason)
            self.setItem(row, column + 2, QTableWidgetItem())
            submit = QPushButton(self.tr("Submit"))
            submit.setEnabled(approval.can_submit)
            submit.setToolTip(
                self.tr("Send the text as saved to this provider for review")
                if approval.can_submit
                else self.tr("This provider has no review API: record its decision by hand")
            )
            submit.clicked.connect(lambda _c=False, r=row: self._request_review(r))
            self.setCellWidget(row, column + 3, submit)
        self._loading = False
        self.update_current_text(current_text)
        self.resizeRowsToContents()

    def update_current_text(self, text: str) -> None:
        """Compare every approval with the text as edited now: an approved row whose text
        differs needs re-approval."""
        self._current_text = text
        self._needs = [False] * len(self._rows)
        for row, approval in enumerate(self._rows):
            item = self.item(row, self._text_column)
            if item is None:
                continue
            if approval.status is not ApprovalStatus.APPROVED:
                item.setText("—")
                item.setForeground(self.palette().text())
                item.setToolTip("")
            elif self.with_code and approval.approved_text != text:
                self._needs[row] = True
                item.setText(self.tr("Needs re-approval"))
                item.setForeground(Qt.GlobalColor.red)
                item.setToolTip(
                    self.tr("The text changed since it was approved. Approved text:")
                    + "\n"
                    + approval.approved_text
                )
            else:
                item.setText(self.tr("Up to date") if self.with_code else "✓")
                item.setForeground(Qt.GlobalColor.darkGreen)
                item.setToolTip(approval.approved_text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)

    def needs_reapproval(self, row: int) -> bool:
        return self._needs[row]

    def status_combo(self, row: int) -> QComboBox:
        widget = self.cellWidget(row, self._status_column)
        assert isinstance(widget, QComboBox)
        return widget

    def code_edit(self, row: int) -> QLineEdit:
        widget = self.cellWidget(row, 1)
        assert isinstance(widget, QLineEdit)
        return widget

    def reason_edit(self, row: int) -> QLineEdit:
        widget = self.cellWidget(row, self._status_column + 1)
        assert isinstance(widget, QLineEdit)
        return widget

    def review_button(self, row: int) -> QPushButton:
        widget = self.cellWidget(row, self.columnCount() - 1)
        assert isinstance(widget, QPushButton)
        return widget

    def _request_review(self, row: int) -> None:
        self.review_requested.emit(self._rows[row].provider_account_id)

    def _emit(self, row: int) -> None:
        if self._loading:
            return
        status = str(self.status_combo(row).currentData())
        self.reason_edit(row).setEnabled(status == ApprovalStatus.REJECTED.value)
        code = self.code_edit(row).text() if self.with_code else ""
        reason = self.reason_edit(row).text()
        self.approval_edited.emit(self._rows[row].provider_account_id, status, code, reason)
