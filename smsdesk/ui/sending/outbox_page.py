"""outbox page (placeholder until its issue lands: tells the user what comes here)."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QStyle, QVBoxLayout, QWidget

from smsdesk.ui.app_context import AppContext
from smsdesk.ui.pages.base import Page
from smsdesk.ui.widgets.empty_state import EmptyState


class OutboxPage(Page):
    page_id = "outbox"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(
            EmptyState(
                self.page_icon(),
                self.tr("Nothing sent yet"),
                self.tr("Messages you send appear here with their delivery state."),
            )
        )

    def page_title(self) -> str:
        return self.tr("Outbox")

    def page_icon(self) -> QIcon:
        return self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowRight)
