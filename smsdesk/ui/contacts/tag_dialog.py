"""Add or remove tags on many contacts at once.

Signals:
    chosen(tags: list, add: bool) -- the user confirmed
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from smsdesk.core.contacts.book import clean_tags


class TagDialog(QDialog):
    chosen = Signal(list, bool)

    def __init__(self, known_tags: list[str], target: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tags"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        info = QLabel(target)
        info.setWordWrap(True)
        layout.addWidget(info)
        self.add = QRadioButton(self.tr("Add these tags"))
        self.remove = QRadioButton(self.tr("Remove these tags"))
        self.add.setChecked(True)
        layout.addWidget(self.add)
        layout.addWidget(self.remove)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(self.tr("Separate tags with commas, e.g. VIP, 老客户"))
        completer = QCompleter(known_tags, self.tags)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tags.setCompleter(completer)
        layout.addWidget(self.tags)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_accepted)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.tags.textChanged.connect(self._on_text_changed)
        self._on_text_changed(self.tags.text())

    @Slot(str)
    def _on_text_changed(self, text: str) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(clean_tags([text])))

    @Slot()
    def _on_accepted(self) -> None:
        tags = list(clean_tags([self.tags.text()]))
        if tags:
            self.chosen.emit(tags, self.add.isChecked())
            self.accept()
