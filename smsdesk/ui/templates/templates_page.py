"""templates page (placeholder until its issue lands: tells the user what comes here)."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QStyle, QVBoxLayout, QWidget

from smsdesk.ui.app_context import AppContext
from smsdesk.ui.pages.base import Page
from smsdesk.ui.widgets.empty_state import EmptyState


class TemplatesPage(Page):
    page_id = "templates"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(
            EmptyState(
                self.page_icon(),
                self.tr("No templates yet"),
                self.tr(
                    "Write a message; the checker shows as you type what a carrier or the law would reject."
                ),
            )
        )

    def page_title(self) -> str:
        return self.tr("Templates")

    def page_icon(self) -> QIcon:
        return self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)
