"""Redeeming codes at the counter, or a whole export of redeemed codes from the till."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smsdesk.core.campaigns.codes import display
from smsdesk.core.campaigns.redemptions import ImportResult, RedeemResult, RedeemStatus
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.campaigns import background
from smsdesk.ui.campaigns.background import local_text
from smsdesk.ui.campaigns.errors import error_text


class RedeemDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Redeem codes"))
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        intro = QLabel(
            self.tr(
                "Type the code the customer shows. Spaces, dashes and small letters do not matter; a mistyped code is caught by its check character."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.code = QLineEdit()
        self.code.setPlaceholderText("K7PM X3QA 9")
        font = self.code.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.code.setFont(font)
        self.code.returnPressed.connect(self._on_redeem_clicked)
        self.redeem_button = QPushButton(self.tr("Redeem"))
        self.redeem_button.setDefault(True)
        self.redeem_button.clicked.connect(self._on_redeem_clicked)
        row.addWidget(self.code, 1)
        row.addWidget(self.redeem_button)
        layout.addLayout(row)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result)
        layout.addSpacing(8)
        import_row = QHBoxLayout()
        self.import_button = QPushButton(self.tr("Import from Excel or CSV…"))
        self.import_button.clicked.connect(self._on_import_clicked)
        self.progress = QProgressBar()
        self.progress.hide()
        import_row.addWidget(self.import_button)
        import_row.addWidget(self.progress, 1)
        layout.addLayout(import_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 260)

    @Slot()
    def _on_redeem_clicked(self) -> None:
        code = self.code.text().strip()
        if not code:
            return
        self.redeem_button.setEnabled(False)
        background.start(
            self.ctx,
            "campaign-redeem",
            background.redeem_code,
            self.ctx.db,
            code,
            succeeded=self._on_redeem_succeeded,
            failed=self._on_task_failed,
        )

    @Slot(object)
    def _on_redeem_succeeded(self, result: object) -> None:
        assert isinstance(result, RedeemResult)
        self.redeem_button.setEnabled(True)
        code = display(result.code)
        if result.status is RedeemStatus.REDEEMED:
            self._say(
                self.tr("%1 redeemed (campaign #%2, %3).")
                .replace("%1", code)
                .replace("%2", str(result.campaign_id))
                .replace("%3", result.number),
                ok=True,
            )
            self.code.clear()
            self.ctx.notify("campaigns")
        elif result.status is RedeemStatus.ALREADY_REDEEMED:
            self._say(
                self.tr("%1 was already used on %2.")
                .replace("%1", code)
                .replace("%2", local_text(result.redeemed_at)),
                ok=False,
            )
        elif result.status is RedeemStatus.MALFORMED:
            self._say(
                self.tr("%1 is not a valid code: check for a typo.").replace("%1", code), ok=False
            )
        else:
            self._say(self.tr("%1 was never sent by SMSDesk.").replace("%1", code), ok=False)

    @Slot()
    def _on_import_clicked(self) -> None:
        dialog = QFileDialog(self, self.tr("Redeemed codes"))
        dialog.setNameFilter(self.tr("Spreadsheets (*.xlsx *.xls *.csv)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.import_file)
        dialog.open()

    @Slot(str)
    def import_file(self, path: str) -> None:
        self.import_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        task = background.start(
            self.ctx,
            "campaign-redeem-import",
            background.import_codes,
            self.ctx.db,
            path,
            with_progress=True,
            succeeded=self._on_import_succeeded,
            failed=self._on_task_failed,
        )
        task.progress_changed.connect(self._on_task_progress_changed)

    @Slot(int, int, str)
    def _on_task_progress_changed(self, done: int, total: int, _note: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    @Slot(object)
    def _on_import_succeeded(self, result: object) -> None:
        assert isinstance(result, ImportResult)
        self.import_button.setEnabled(True)
        self.progress.hide()
        counts = result.counts
        self._say(
            self.tr("%1 codes read: %2 redeemed, %3 already used, %4 unknown, %5 mistyped.")
            .replace("%1", str(result.rows))
            .replace("%2", str(counts["redeemed"]))
            .replace("%3", str(counts["already_redeemed"]))
            .replace("%4", str(counts["unknown"]))
            .replace("%5", str(counts["malformed"])),
            ok=result.redeemed > 0 or result.rows == 0,
        )
        self.ctx.notify("campaigns")

    @Slot(object, str)
    def _on_task_failed(self, error: BaseException, _details: str) -> None:
        self.redeem_button.setEnabled(True)
        self.import_button.setEnabled(True)
        self.progress.hide()
        self._say(error_text(error), ok=False)

    def _say(self, text: str, *, ok: bool) -> None:
        self.result.setStyleSheet("color: #1b5e20;" if ok else "color: #c62828;")
        self.result.setText(text)
