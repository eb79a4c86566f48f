"""campaigns page (placeholder until its issue lands: tells the user what comes here)."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QStyle, QVBoxLayout, QWidget

from smsdesk.ui.app_context import AppContext
from smsdesk.ui.pages.base import Page
from smsdesk.ui.widgets.empty_state import EmptyState


class CampaignsPage(Page):
    page_id = "campaigns"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(
            EmptyState(
                self.page_icon(),
                self.tr("No campaigns yet"),
                self.tr(
                    "Plan a campaign: audience, template, send window. The pre-flight report shows who gets it and what it costs."
                ),
            )
        )

    def page_title(self) -> str:
        return self.tr("Campaigns")

    def page_icon(self) -> QIcon:
        return self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay)
