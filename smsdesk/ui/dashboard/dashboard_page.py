"""Dashboard: the state of the book and of sending at a glance, and what to do first."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from smsdesk.core.reports.overview import Overview, overview
from smsdesk.ui import icons
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.pages.base import Page

REFRESH_ON = {
    "contacts",
    "consent",
    "optouts",
    "templates",
    "signatures",
    "providers",
    "campaigns",
    "messages",
    "replies",
}


class StatCard(QFrame):
    """A number with a caption."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("statCard")
        self.setStyleSheet(
            "#statCard { background: palette(base); border: 1px solid palette(mid);"
            " border-radius: 8px; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.value = QLabel("–")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel()
        self.caption.setStyleSheet("color: palette(placeholder-text);")
        self.caption.setWordWrap(True)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def set(self, value: int | str, caption: str) -> None:
        self.value.setText(f"{value:,}" if isinstance(value, int) else value)
        self.caption.setText(caption)


class DashboardPage(Page):
    page_id = "dashboard"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._task = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(16)
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.cards = {
            key: StatCard()
            for key in (
                "contacts",
                "marketing",
                "service",
                "opted_out",
                "messages",
                "delivered",
                "replies",
                "campaigns",
            )
        }
        for index, card in enumerate(self.cards.values()):
            grid.addWidget(card, index // 4, index % 4)
        layout.addLayout(grid)
        self.start_box = QGroupBox()
        start_layout = QVBoxLayout(self.start_box)
        self.steps = QLabel()
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.steps.setWordWrap(True)
        start_layout.addWidget(self.steps)
        layout.addWidget(self.start_box)
        self.breakdown_box = QGroupBox()
        breakdown_layout = QVBoxLayout(self.breakdown_box)
        self.breakdown = QLabel()
        self.breakdown.setWordWrap(True)
        breakdown_layout.addWidget(self.breakdown)
        layout.addWidget(self.breakdown_box)
        layout.addStretch(1)
        self.heading.setText(self.tr("Overview"))
        self.start_box.setTitle(self.tr("Getting started"))
        self.breakdown_box.setTitle(self.tr("Your audience"))
        ctx.data_changed.connect(self._on_ctx_data_changed)

    def page_title(self) -> str:
        return self.tr("Dashboard")

    def page_icon(self) -> QIcon:
        return icons.icon("dashboard")

    def refresh(self) -> None:
        """Counting runs off the GUI thread (a million contacts take a moment)."""
        task = self.ctx.tasks.run("overview", self._load)
        task.succeeded.connect(self._show)
        self._task = task

    def _load(self) -> Overview:
        with self.ctx.db.session() as session:
            return overview(session)

    @Slot(str)
    def _on_ctx_data_changed(self, domain: str) -> None:
        if self._loaded and domain in REFRESH_ON:
            self.refresh()

    @Slot(object)
    def _show(self, data: Overview) -> None:
        self.cards["contacts"].set(data.contacts, self.tr("contacts"))
        self.cards["marketing"].set(data.marketing_consent, self.tr("with marketing consent"))
        self.cards["service"].set(data.service_consent, self.tr("service messages only"))
        self.cards["opted_out"].set(data.opted_out, self.tr("numbers opted out"))
        self.cards["messages"].set(data.messages_7d, self.tr("messages in the last 7 days"))
        self.cards["delivered"].set(data.delivered_7d, self.tr("delivered in the last 7 days"))
        self.cards["replies"].set(data.replies_7d, self.tr("replies in the last 7 days"))
        self.cards["campaigns"].set(data.campaigns_active, self.tr("active campaigns"))
        done = "✔"
        todo = "○"
        steps = [
            (data.contacts > 0, self.tr("Import your customer list (File → Import Contacts)")),
            (
                data.marketing_consent > 0,
                self.tr("Record consent: only contacts who agreed may receive marketing"),
            ),
            (data.signatures > 0, self.tr("Add the 【signature】 your provider approved")),
            (
                data.templates > 0,
                self.tr("Write a template; the checker shows what would be rejected"),
            ),
            (
                data.provider_accounts > 0,
                self.tr("Add your provider account (until then the Sandbox sends nothing)"),
            ),
            (
                data.campaigns_active > 0 or data.messages_7d > 0,
                self.tr("Plan your first campaign"),
            ),
        ]
        self.steps.setText(
            "<br>".join(
                f"<span style='font-size:120%'>{done if ok else todo}</span>&nbsp;&nbsp;{text}"
                for ok, text in steps
            )
        )
        tier_names = {
            "new": self.tr("new"),
            "active": self.tr("active"),
            "dormant": self.tr("dormant"),
            "loyal": self.tr("loyal"),
        }
        carrier_names = {
            "mobile": self.tr("China Mobile"),
            "unicom": self.tr("China Unicom"),
            "telecom": self.tr("China Telecom"),
            "broadnet": self.tr("China Broadnet"),
            "intl": self.tr("international"),
            "unknown": self.tr("unknown"),
        }
        tiers = ", ".join(f"{tier_names.get(k, k)} {v:,}" for k, v in sorted(data.tiers.items()))
        carriers = ", ".join(
            f"{carrier_names.get(k, k)} {v:,}" for k, v in sorted(data.carriers.items())
        )
        self.breakdown.setText(
            self.tr("Tiers: %1").replace("%1", tiers or "–")
            + "\n"
            + self.tr("Carriers (best guess from the number): %1").replace("%1", carriers or "–")
        )
