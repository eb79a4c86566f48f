"""A friendly empty state: an icon, a headline, what to do first, and an optional button."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    """Signals:
    action_clicked() -- the user pressed the call-to-action button
    """

    action_clicked = Signal()

    def __init__(
        self,
        icon: QIcon,
        headline: str,
        body: str,
        action_text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(120, 48, 120, 48)
        layout.setSpacing(12)
        layout.addStretch(1)
        icon_label = QLabel()
        icon_label.setPixmap(icon.pixmap(64, 64))
        icon_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(icon_label)
        self.headline = QLabel(headline)
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.headline.setFont(font)
        self.headline.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        self.body = QLabel(body)
        self.body.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.body.setWordWrap(True)
        self.body.setStyleSheet("color: palette(placeholder-text);")
        # Full width with centred text: an alignment flag in the layout would size a wrapped
        # label to one line and cut the rest off.
        layout.addWidget(self.body)
        self.button: QPushButton | None = None
        if action_text:
            self.button = QPushButton(action_text)
            self.button.clicked.connect(self.action_clicked)
            layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
