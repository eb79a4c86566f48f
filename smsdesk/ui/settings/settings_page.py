"""Settings: who you are, language, send window, frequency caps, tiers, health thresholds,
the evidence log check, and where the data lives."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTime, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from smsdesk.core import paths
from smsdesk.core import settings as app_settings
from smsdesk.core.db import migrate
from smsdesk.ui import icons
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.consent.evidence_panel import EvidencePanel
from smsdesk.ui.pages.base import Page

LANGUAGE_KEY = "ui/language"
TIERS = ("new", "active", "dormant", "loyal")
HARD_EARLIEST = QTime(8, 0)
HARD_LATEST = QTime(21, 0)


class SettingsPage(Page):
    page_id = "settings"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        body.setMaximumWidth(880)
        holder = QWidget()
        holder_layout = QHBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(body, 1)  # grows up to its maximum width, then the
        holder_layout.addStretch(0)  # rest of the space stays empty on the right
        scroll.setWidget(holder)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(14)

        general = QGroupBox(self.tr("General"))
        form = QFormLayout(general)
        self.user_name = QLineEdit()
        self.user_name.setPlaceholderText(self.tr("Recorded with consent and sends (audit)"))
        self.language = QComboBox()
        self.language.addItem(self.tr("System language"), "")
        self.language.addItem("简体中文", "zh_CN")
        self.language.addItem("English", "en")
        self.region = QComboBox()
        self.region.addItem(self.tr("China (+86)"), "CN")
        self.region.addItem(self.tr("Hong Kong (+852)"), "HK")
        self.region.addItem(self.tr("United States (+1)"), "US")
        form.addRow(self.tr("Your name:"), self.user_name)
        form.addRow(self.tr("Language (after restart):"), self.language)
        form.addRow(self.tr("Default region for numbers:"), self.region)
        layout.addWidget(general)

        window = QGroupBox(self.tr("Send window (recipient's local time)"))
        window_layout = QVBoxLayout(window)
        row = QHBoxLayout()
        self.window_start = QTimeEdit()
        self.window_end = QTimeEdit()
        for edit in (self.window_start, self.window_end):
            edit.setDisplayFormat("HH:mm")
            edit.setTimeRange(HARD_EARLIEST, HARD_LATEST)
        row.addWidget(QLabel(self.tr("From")))
        row.addWidget(self.window_start)
        row.addWidget(QLabel(self.tr("to")))
        row.addWidget(self.window_end)
        row.addStretch(1)
        window_layout.addLayout(row)
        note = QLabel(
            self.tr(
                "No marketing message is ever sent between 21:00 and 08:00 in the "
                "recipient's time zone: the law forbids it, so the window cannot "
                "be widened past those hours."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        window_layout.addWidget(note)
        layout.addWidget(window)

        caps = QGroupBox(self.tr("Frequency caps per lifecycle tier"))
        grid = QGridLayout(caps)
        grid.addWidget(QLabel(self.tr("Tier")), 0, 0)
        grid.addWidget(QLabel(self.tr("Messages")), 0, 1)
        grid.addWidget(QLabel(self.tr("per days")), 0, 2)
        tier_names = {
            "new": self.tr("New"),
            "active": self.tr("Active"),
            "dormant": self.tr("Dormant"),
            "loyal": self.tr("Loyal"),
        }
        self.cap_count: dict[str, QSpinBox] = {}
        self.cap_days: dict[str, QSpinBox] = {}
        for row_index, tier in enumerate(TIERS, start=1):
            grid.addWidget(QLabel(tier_names[tier]), row_index, 0)
            count = QSpinBox()
            count.setRange(0, 10)
            days = QSpinBox()
            days.setRange(1, 365)
            self.cap_count[tier] = count
            self.cap_days[tier] = days
            grid.addWidget(count, row_index, 1)
            grid.addWidget(days, row_index, 2)
        grid.setColumnStretch(3, 1)
        layout.addWidget(caps)

        tiers = QGroupBox(self.tr("Lifecycle tiers"))
        tiers_form = QFormLayout(tiers)
        tiers_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.new_days = self._spin(1, 365, self.tr(" days"))
        self.active_days = self._spin(1, 365, self.tr(" days"))
        self.dormant_days = self._spin(1, 3650, self.tr(" days"))
        self.loyal_purchases = self._spin(1, 1000, "")
        tiers_form.addRow(self.tr("New: first consent or purchase within"), self.new_days)
        tiers_form.addRow(self.tr("Active: a purchase within"), self.active_days)
        tiers_form.addRow(self.tr("Dormant: no purchase for"), self.dormant_days)
        tiers_form.addRow(self.tr("Loyal: at least this many purchases"), self.loyal_purchases)
        layout.addWidget(tiers)

        health = QGroupBox(self.tr("Campaign health"))
        health_form = QFormLayout(health)
        health_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.optout_warn = self._percent()
        self.complaint_pause = self._percent()
        self.pull_interval = self._spin(10, 3600, self.tr(" s"))
        health_form.addRow(self.tr("Warn when the opt-out rate exceeds"), self.optout_warn)
        health_form.addRow(self.tr("Pause when the complaint rate exceeds"), self.complaint_pause)
        health_form.addRow(self.tr("Pull receipts and replies every"), self.pull_interval)
        layout.addWidget(health)

        evidence = QGroupBox(self.tr("Consent evidence"))
        evidence_layout = QVBoxLayout(evidence)
        evidence_layout.addWidget(EvidencePanel(ctx))
        layout.addWidget(evidence)

        storage = QGroupBox(self.tr("Storage"))
        storage_form = QFormLayout(storage)
        self.database_value = QLabel()
        self.database_value.setWordWrap(True)
        self.folder_value = QLabel(str(paths.data_dir()))
        self.folder_value.setWordWrap(True)
        self.schema_value = QLabel()
        storage_form.addRow(self.tr("Database:"), self.database_value)
        storage_form.addRow(self.tr("Data folder:"), self.folder_value)
        storage_form.addRow(self.tr("Schema version:"), self.schema_value)
        layout.addWidget(storage)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Reset
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self.save)
        self.buttons.button(QDialogButtonBox.StandardButton.Reset).clicked.connect(self.refresh)
        self.message = QLabel()
        self.message.setWordWrap(True)
        footer = QHBoxLayout()
        footer.addWidget(self.message, 1)
        footer.addWidget(self.buttons)
        layout.addLayout(footer)
        layout.addStretch(1)

    @staticmethod
    def _spin(low: int, high: int, suffix: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setSuffix(suffix)
        spin.setMinimumWidth(110)
        return spin

    @staticmethod
    def _percent() -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(0.0, 100.0)
        spin.setDecimals(2)
        spin.setSingleStep(0.05)
        spin.setSuffix(" %")
        spin.setMinimumWidth(110)
        return spin

    def page_title(self) -> str:
        return self.tr("Settings")

    def page_icon(self) -> QIcon:
        return icons.icon("settings")

    def refresh(self) -> None:
        with self.ctx.session() as session:
            values = app_settings.all_values(session)
        self.user_name.setText(values["user.name"])
        language = str(self.ctx.qsettings.value(LANGUAGE_KEY, ""))
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        self.region.setCurrentIndex(max(0, self.region.findData(values["numbers.default_region"])))
        self.window_start.setTime(QTime.fromString(values["window.start"], "HH:mm"))
        self.window_end.setTime(QTime.fromString(values["window.end"], "HH:mm"))
        for tier in TIERS:
            count, days = values["frequency.caps"].get(tier, [1, 30])
            self.cap_count[tier].setValue(int(count))
            self.cap_days[tier].setValue(int(days))
        self.new_days.setValue(int(values["tiers.new_days"]))
        self.active_days.setValue(int(values["tiers.active_days"]))
        self.dormant_days.setValue(int(values["tiers.dormant_days"]))
        self.loyal_purchases.setValue(int(values["tiers.loyal_min_purchases"]))
        self.optout_warn.setValue(float(values["health.optout_warn_rate"]) * 100)
        self.complaint_pause.setValue(float(values["health.complaint_pause_rate"]) * 100)
        self.pull_interval.setValue(int(values["sending.pull_interval_seconds"]))
        self.database_value.setText(self.ctx.db.description)
        self.schema_value.setText(str(migrate.current_revision(self.ctx.db.engine)))
        self.message.clear()

    def values(self) -> dict[str, Any]:
        return {
            "user.name": self.user_name.text().strip(),
            "numbers.default_region": self.region.currentData(),
            "window.start": self.window_start.time().toString("HH:mm"),
            "window.end": self.window_end.time().toString("HH:mm"),
            "frequency.caps": {
                tier: [self.cap_count[tier].value(), self.cap_days[tier].value()] for tier in TIERS
            },
            "tiers.new_days": self.new_days.value(),
            "tiers.active_days": self.active_days.value(),
            "tiers.dormant_days": self.dormant_days.value(),
            "tiers.loyal_min_purchases": self.loyal_purchases.value(),
            "health.optout_warn_rate": round(self.optout_warn.value() / 100, 6),
            "health.complaint_pause_rate": round(self.complaint_pause.value() / 100, 6),
            "sending.pull_interval_seconds": self.pull_interval.value(),
        }

    @Slot()
    def save(self) -> bool:
        if self.window_start.time() >= self.window_end.time():
            self.message.setText(self.tr("The send window must start before it ends."))
            self.message.setStyleSheet("color: #c62828;")
            return False
        with self.ctx.session() as session:
            for key, value in self.values().items():
                app_settings.set_value(session, key, value)
        self.ctx.qsettings.setValue(LANGUAGE_KEY, self.language.currentData())
        self.message.setStyleSheet("color: #2e7d32;")
        self.message.setText(self.tr("Settings saved."))
        self.ctx.notify("settings")
        return True
