"""The base of every page in the main window's navigation."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QWidget

from smsdesk.ui.app_context import AppContext


class Page(QWidget):
    """A page: built once, loaded lazily the first time it is shown.

    Subclasses set ``page_id`` and implement ``page_title`` (translated) and ``page_icon``;
    ``load`` fills the page (first show) and ``refresh`` reloads it after data changes.
    """

    page_id = "page"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._loaded = False

    def page_title(self) -> str:
        """The translated title; concrete pages override it (the id is a last resort)."""
        return self.page_id

    def page_icon(self) -> QIcon:
        return QIcon()

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self._loaded = True
            self.load()

    def load(self) -> None:
        """Fill the page; the default just refreshes."""
        self.refresh()

    def refresh(self) -> None:
        """Reload what the page shows from the database."""
