"""The message as a chosen contact would receive it, and for which carriers it is checked.

The carrier selector shows the Telecom- and Unicom-only rules: a link is an error for them and a
warning for China Mobile.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from smsdesk.core.compliance.carrier_rules import DOMESTIC
from smsdesk.core.enums import Carrier


@dataclass(frozen=True)
class SampleContact:
    label: str
    values: dict[str, str]


class PreviewPanel(QWidget):
    """Signals:
    options_changed() -- another carrier or sample contact was chosen
    """

    options_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._samples: list[SampleContact] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.carrier_combo = QComboBox()
        self.carrier_combo.addItem(self.tr("All domestic carriers"), sorted(DOMESTIC))
        self.carrier_combo.addItem(self.tr("China Mobile"), [Carrier.MOBILE])
        self.carrier_combo.addItem(self.tr("China Unicom"), [Carrier.UNICOM])
        self.carrier_combo.addItem(self.tr("China Telecom"), [Carrier.TELECOM])
        self.carrier_combo.addItem(self.tr("International"), [Carrier.INTERNATIONAL])
        self.carrier_combo.setToolTip(
            self.tr(
                "China Telecom and China Unicom block links and phone numbers; check for the carriers your recipients use."
            )
        )
        self.carrier_combo.currentIndexChanged.connect(self._on_option_changed)
        form.addRow(self.tr("Recipients on:"), self.carrier_combo)
        self.sample_combo = QComboBox()
        self.sample_combo.currentIndexChanged.connect(self._on_option_changed)
        form.addRow(self.tr("Preview for:"), self.sample_combo)
        layout.addLayout(form)
        self.bubble = QLabel()
        self.bubble.setWordWrap(True)
        self.bubble.setTextFormat(Qt.TextFormat.PlainText)
        self.bubble.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bubble.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.bubble.setMinimumHeight(80)
        self.bubble.setFrameShape(QFrame.Shape.StyledPanel)
        self.bubble.setStyleSheet(
            "QLabel { background: #e9f3ea; color: #1b1b1b; border: 1px solid #c8dcc9;"
            " border-radius: 10px; padding: 10px; }"
        )
        layout.addWidget(self.bubble)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: palette(mid);")
        layout.addWidget(self.note)
        layout.addStretch(1)

    def carriers(self) -> frozenset[Carrier]:
        return frozenset(Carrier(c) for c in self.carrier_combo.currentData())

    def set_samples(self, samples: list[SampleContact]) -> None:
        current = self.sample_combo.currentIndex()
        self._samples = list(samples)
        self.sample_combo.blockSignals(True)
        self.sample_combo.clear()
        for sample in samples:
            self.sample_combo.addItem(sample.label)
        self.sample_combo.setCurrentIndex(max(0, min(current, len(samples) - 1)))
        self.sample_combo.blockSignals(False)

    def sample_values(self) -> dict[str, str]:
        index = self.sample_combo.currentIndex()
        return dict(self._samples[index].values) if 0 <= index < len(self._samples) else {}

    def set_preview(self, text: str, note: str = "") -> None:
        self.bubble.setText(text or self.tr("(empty)"))
        self.note.setText(note)
        self.note.setVisible(bool(note))

    @Slot()
    def _on_option_changed(self) -> None:
        self.options_changed.emit()
