"""The pre-flight report as the user sees it: who gets the campaign, who does not and why,
what it costs, when the last message goes and which windows it uses."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smsdesk.core.campaigns.preflight import PreflightReport
from smsdesk.core.campaigns.windows import zone
from smsdesk.ui.campaigns.background import local_text
from smsdesk.ui.campaigns.labels import blocker_label, exclusion_hint, exclusion_label


class PreflightView(QWidget):
    """Read-only; ``show_report`` fills it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)

        self.blockers = QLabel()
        self.blockers.setWordWrap(True)
        self.blockers.setStyleSheet(
            "background: #fdecea; color: #8a1c1c; border-radius: 6px; padding: 8px;"
        )
        self.blockers.hide()
        layout.addWidget(self.blockers)

        top = QHBoxLayout()
        top.setSpacing(16)
        figures = QGroupBox(self.tr("Summary"))
        form = QFormLayout(figures)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.audience = QLabel()
        self.eligible = QLabel()
        self.deferred = QLabel()
        self.parts = QLabel()
        self.cost = QLabel()
        self.first_send = QLabel()
        self.last_send = QLabel()
        self.variants = QLabel()
        self.variants.setWordWrap(True)
        font = self.eligible.font()
        font.setBold(True)
        self.eligible.setFont(font)
        form.addRow(self.tr("Audience:"), self.audience)
        form.addRow(self.tr("Will receive it:"), self.eligible)
        form.addRow(self.tr("Wait for a later window:"), self.deferred)
        form.addRow(self.tr("Parts per message:"), self.parts)
        form.addRow(self.tr("Estimated cost:"), self.cost)
        form.addRow(self.tr("First message:"), self.first_send)
        form.addRow(self.tr("Last message expected:"), self.last_send)
        form.addRow(self.tr("A/B variants:"), self.variants)
        top.addWidget(figures, 1)

        excluded = QGroupBox(self.tr("Held back, and why"))
        excluded_layout = QVBoxLayout(excluded)
        self.exclusions = QTableWidget(0, 2)
        self.exclusions.setHorizontalHeaderLabels([self.tr("Reason"), self.tr("Contacts")])
        self.exclusions.verticalHeader().hide()
        self.exclusions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.exclusions.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.exclusions.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        excluded_layout.addWidget(self.exclusions)
        top.addWidget(excluded, 1)
        layout.addLayout(top)

        slots = QGroupBox(self.tr("Send windows used (recipient local time)"))
        slots_layout = QVBoxLayout(slots)
        self.slots = QTableWidget(0, 3)
        self.slots.setHorizontalHeaderLabels(
            [self.tr("Day"), self.tr("Time zone"), self.tr("Messages")]
        )
        self.slots.verticalHeader().hide()
        self.slots.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.slots.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.slots.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.slots.setMaximumHeight(150)
        slots_layout.addWidget(self.slots)
        layout.addWidget(slots)

        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a5a00;")
        self.warnings.hide()
        layout.addWidget(self.warnings)
        layout.addStretch(1)

    def show_report(self, report: PreflightReport) -> None:
        locale = QLocale()
        number = locale.toString
        language = locale.name()
        if report.blockers:
            lines = []
            for blocker in report.blockers:
                text = blocker.message(language) or blocker_label(blocker.code, blocker.detail)
                lines.append(
                    self.tr("Variant %1: %2").replace("%1", blocker.label).replace("%2", text)
                )
            self.blockers.setText(
                self.tr("This campaign cannot be sent yet:") + "\n• " + "\n• ".join(lines)
            )
            self.blockers.show()
        else:
            self.blockers.hide()
        self.audience.setText(number(report.audience))
        self.eligible.setText(number(report.eligible))
        self.deferred.setText(number(report.deferred))
        self.parts.setText(number(report.parts))
        self.cost.setText(locale.toCurrencyString(report.cost, "¥"))
        self.first_send.setText(local_text(report.first_send_estimate))
        self.last_send.setText(local_text(report.last_send_estimate))
        rest_label = self.tr("rest (gets the winner)")
        self.variants.setText(
            ", ".join(
                f"{rest_label if label == 'rest' else label}: {number(n)}"
                for label, n in report.variants.items()
            )
            if len(report.variants) > 1
            else "—"
        )
        shown = [(reason, n) for reason, n in report.excluded.items() if n]
        self.exclusions.setRowCount(max(len(shown), 1))
        if not shown:
            self.exclusions.setItem(0, 0, QTableWidgetItem(self.tr("Nobody is held back")))
            self.exclusions.setItem(0, 1, QTableWidgetItem(""))
        for row, (reason, count) in enumerate(shown):
            item = QTableWidgetItem(exclusion_label(reason))
            hint = exclusion_hint(reason)
            if hint:
                item.setToolTip(hint)
            self.exclusions.setItem(row, 0, item)
            amount = QTableWidgetItem(number(count))
            amount.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.exclusions.setItem(row, 1, amount)
        self.slots.setRowCount(len(report.slots))
        for row, slot in enumerate(report.slots):
            tz = zone(slot.tz)
            hours = f"{slot.opens.astimezone(tz):%H:%M}–{slot.closes.astimezone(tz):%H:%M}"
            self.slots.setItem(row, 0, QTableWidgetItem(f"{slot.day.isoformat()}  {hours}"))
            self.slots.setItem(row, 1, QTableWidgetItem(slot.tz))
            amount = QTableWidgetItem(number(slot.count))
            amount.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.slots.setItem(row, 2, amount)
        if report.warnings:
            self.warnings.setText(
                self.tr(
                    "The checker has warnings about the text (%1); read them in the template editor."
                ).replace("%1", ", ".join(report.warnings))
            )
            self.warnings.show()
        else:
            self.warnings.hide()
