"""providers page (placeholder until its issue lands: tells the user what comes here)."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QStyle, QVBoxLayout, QWidget

from smsdesk.ui.app_context import AppContext
from smsdesk.ui.pages.base import Page
from smsdesk.ui.widgets.empty_state import EmptyState


class ProvidersPage(Page):
    page_id = "providers"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(
            EmptyState(
                self.page_icon(),
                self.tr("Sandbox only"),
                self.tr(
                    "Add your Alibaba Cloud, Tencent Cloud, Twilio or HTTP provider account to send for real."
                ),
            )
        )

    def page_title(self) -> str:
        return self.tr("Providers")

    def page_icon(self) -> QIcon:
        return self.style().standardIcon(QStyle.StandardPixmap.SP_DriveNetIcon)
