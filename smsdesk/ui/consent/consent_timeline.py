"""A number's consent story for the contact detail: current consent and opt-out state, then
every consent record, opt-out and reply, newest first; record consent, re-subscribe, export.

Usage (contact detail)::

    timeline = ConsentTimeline(ctx, parent)
    timeline.show_number("+8613812345678")
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from smsdesk.core.consent import consent_log, opt_outs
from smsdesk.core.consent.evidence_files import evidence_path
from smsdesk.core.contacts.numbers import display, mask
from smsdesk.core.db.models import Reply
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.consent.evidence_export_action import EvidenceExporter
from smsdesk.ui.consent.labels import (
    consent_action_label,
    method_label,
    reply_action_label,
    scope_label,
)
from smsdesk.ui.consent.record_consent_dialog import RecordConsentDialog

FILE_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime
    kind: str  # "consent" | "opt_out" | "opt_out_removed" | "reply"
    title: str
    details: str
    evidence: str = ""
    evidence_file: str = ""
    warning: bool = False


class ConsentTimeline(QWidget):
    """Signals:
    changed() -- consent or the opt-out state of the shown number changed here
    """

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.e164 = ""
        self.events: list[TimelineEvent] = []
        self.dialog: RecordConsentDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.exporter = EvidenceExporter(ctx, self)
        self.exporter.finished.connect(self._on_export_finished)

        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.state)

        buttons = QHBoxLayout()
        self.record_button = QPushButton(
            self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogNewFolder),
            self.tr("Record consent…"),
        )
        self.record_button.clicked.connect(lambda: self.open_record_dialog(resubscribe=False))
        self.resubscribe_button = QPushButton(self.tr("Take off opt-out list…"))
        self.resubscribe_button.clicked.connect(lambda: self.open_record_dialog(resubscribe=True))
        self.export_button = QPushButton(
            self.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton),
            self.tr("Export evidence…"),
        )
        self.export_button.clicked.connect(lambda: self.exporter.choose_and_export(self.e164))
        for button in (self.record_button, self.resubscribe_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(
            [self.tr("When"), self.tr("Event"), self.tr("Details"), self.tr("Evidence")]
        )
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.tree.setColumnWidth(2, 240)
        self.tree.itemDoubleClicked.connect(self._on_tree_item_double_clicked)
        layout.addWidget(self.tree, 1)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)

        ctx.data_changed.connect(self._on_data_changed)
        self._set_enabled(False)

    # --- showing ----------------------------------------------------------------------------

    def show_number(self, e164: str) -> None:
        """Show everything known about ``e164`` (E.164)."""
        self.e164 = e164
        self.reload()

    def clear(self) -> None:
        self.e164 = ""
        self.events = []
        self.tree.clear()
        self.state.clear()
        self._set_enabled(False)

    def reload(self) -> None:
        if not self.e164:
            self.clear()
            return
        with self.ctx.session() as session:
            scope = consent_log.current_scope(session, self.e164)
            active = opt_outs.active_opt_out(session, self.e164)
            self.events = self._events(session)
        number = display(self.e164) if self.ctx.setting("privacy.show_full_numbers") else mask(
            self.e164)  # fmt: skip
        parts = [f"<b>{number}</b>", self.tr("Consent: %1").replace("%1", scope_label(scope))]
        if active is not None:
            since = active.created_at.astimezone().strftime("%Y-%m-%d")
            parts.append(
                "<span style='color:#b00020'><b>"
                + self.tr("Opted out since %1 — no marketing").replace("%1", since)
                + "</b></span>"
            )
        else:
            parts.append(self.tr("Not opted out"))
        self.state.setText(" &nbsp;·&nbsp; ".join(parts))
        self.resubscribe_button.setVisible(active is not None)
        self._set_enabled(True)
        self._fill_tree()

    def _events(self, session) -> list[TimelineEvent]:  # type: ignore[no-untyped-def]
        events: list[TimelineEvent] = []
        for record in consent_log.history(session, self.e164):
            what = consent_action_label(record.action)
            details = (scope_label(record.scope) if record.action == "grant" else "") or self.tr(
                "All consent"
            )
            details += " · " + method_label(record.method)
            if record.source:
                details += " · " + record.source
            if record.recorded_by:
                details += " · " + self.tr("recorded by %1").replace("%1", record.recorded_by)
            events.append(
                TimelineEvent(
                    record.consented_at, "consent", what, details, record.evidence_text,
                    record.evidence_file, warning=record.action == "withdraw",
                )
            )  # fmt: skip
        for row in opt_outs.opt_out_history(session, self.e164):
            events.append(TimelineEvent(row.created_at, "opt_out", self.tr("Put on opt-out list"),
                                        row.source, row.reason, warning=True))  # fmt: skip
            if row.removed_at is not None:
                events.append(TimelineEvent(row.removed_at, "opt_out_removed",
                                            self.tr("Taken off opt-out list"), row.removed_reason))  # fmt: skip
        replies = session.scalars(select(Reply).where(Reply.e164 == self.e164))
        for reply in replies:
            events.append(TimelineEvent(reply.received_at, "reply", self.tr("Replied"),
                                        reply_action_label(reply.action), reply.text))  # fmt: skip
        events.sort(key=lambda event: event.at, reverse=True)
        return events

    def _fill_tree(self) -> None:
        self.tree.clear()
        for event in self.events:
            evidence = event.evidence
            if event.evidence_file:
                name = event.evidence_file.split("/", 1)[-1]
                evidence += (" · " if evidence else "") + self.tr("File: %1").replace("%1", name)
            item = QTreeWidgetItem([
                event.at.astimezone().strftime("%Y-%m-%d %H:%M"), event.title, event.details,
                evidence,
            ])  # fmt: skip
            item.setToolTip(3, evidence)
            item.setToolTip(2, event.details)
            if event.warning:
                item.setForeground(1, QBrush(QColor("#b00020")))
            if event.evidence_file:
                item.setData(3, FILE_ROLE, event.evidence_file)
                item.setToolTip(3, evidence + "\n" + self.tr("Double-click to open the file"))
            self.tree.addTopLevelItem(item)
        if not self.events:
            item = QTreeWidgetItem(["", self.tr("No consent recorded yet"), "", ""])
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.tree.addTopLevelItem(item)

    def _set_enabled(self, enabled: bool) -> None:
        for button in (self.record_button, self.resubscribe_button, self.export_button):
            button.setEnabled(enabled)

    # --- actions ----------------------------------------------------------------------------

    def open_record_dialog(self, *, resubscribe: bool) -> RecordConsentDialog:
        self.dialog = RecordConsentDialog(self.ctx, self, e164=self.e164, resubscribe=resubscribe)
        self.dialog.saved.connect(self._on_dialog_saved)
        self.dialog.open()
        return self.dialog

    @Slot(object)
    def _on_dialog_saved(self, _change: object) -> None:
        self.reload()
        self.changed.emit()

    @Slot(QTreeWidgetItem, int)
    def _on_tree_item_double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        relative = item.data(3, FILE_ROLE)
        if relative:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(evidence_path(str(relative)))))

    @Slot(bool, str)
    def _on_export_finished(self, ok: bool, message: str) -> None:
        self.message.setStyleSheet("" if ok else "color: #b00020;")
        self.message.setText(message)
        self.message.show()

    @Slot(str)
    def _on_data_changed(self, domain: str) -> None:
        if self.e164 and domain in ("consent", "optouts", "replies"):
            self.reload()
