"""Help → About: version, what the app does, where its data lives, the libraries it uses."""

from __future__ import annotations

import platform

import PySide6
import sqlalchemy
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from smsdesk import APP_NAME, __version__
from smsdesk.core import paths
from smsdesk.ui import icons
from smsdesk.ui.app_context import AppContext


class AboutDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About SMSDesk"))
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        header = QHBoxLayout()
        logo = QLabel()
        logo.setPixmap(icons.app_icon().pixmap(56, 56))
        header.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        title = QLabel(
            f"<h2 style='margin:0'>{APP_NAME}</h2>"
            + self.tr("Version %1").replace("%1", __version__)
        )
        header.addWidget(title, 1)
        layout.addLayout(header)
        blurb = QLabel(
            self.tr(
                "SMS campaigns that are effective and legal: a contact book with consent "
                "evidence and an opt-out list, a template checker for carrier and advertising "
                "rules, and sending through your own provider account."
            )
        )
        blurb.setWordWrap(True)
        layout.addWidget(blurb)
        details = QLabel(
            self.tr("Database: %1").replace("%1", ctx.db.description)
            + "<br>"
            + self.tr("Data folder: %1").replace("%1", str(paths.data_dir()))
            + "<br>"
            + f"Python {platform.python_version()} · Qt/PySide6 {PySide6.__version__} · "
            f"SQLAlchemy {sqlalchemy.__version__}"
        )
        details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        details.setWordWrap(True)
        details.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
