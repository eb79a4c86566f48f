"""A plain-text editor that underlines the checker's findings (wavy, coloured by severity) and
explains each one in a tooltip.

Findings arrive with spans in code points of the editor's text; Qt counts UTF-16 units, so the
spans are converted (an emoji before a finding would otherwise shift it).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QColor, QHelpEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from smsdesk.core.compliance.findings import Finding, Severity

SEVERITY_COLORS = {
    Severity.ERROR: QColor("#d32f2f"),
    Severity.WARNING: QColor("#e68a00"),
    Severity.HINT: QColor("#1e88e5"),
}


def utf16_offsets(text: str) -> list[int] | None:
    """For each code point index, its UTF-16 index (``None`` when they are the same)."""
    if all(ord(ch) <= 0xFFFF for ch in text):
        return None
    offsets, position = [], 0
    for ch in text:
        offsets.append(position)
        position += 2 if ord(ch) > 0xFFFF else 1
    offsets.append(position)
    return offsets


def severity_label(severity: Severity) -> str:
    labels = {
        Severity.ERROR: QCoreApplication.translate("Findings", "Error"),
        Severity.WARNING: QCoreApplication.translate("Findings", "Warning"),
        Severity.HINT: QCoreApplication.translate("Findings", "Hint"),
    }
    return labels[severity]


class CheckedTextEdit(QPlainTextEdit):
    """The template body editor: ``set_findings`` underlines them, hovering explains them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = "en"
        self._findings: list[Finding] = []
        self._spans: list[tuple[int, int, Finding]] = []  # UTF-16 spans as underlined
        self.setTabChangesFocus(True)
        self.setMouseTracking(True)

    # -- findings ---------------------------------------------------------------------

    def set_findings(self, findings: Sequence[Finding]) -> None:
        """Underline ``findings`` (spans in code points of ``toPlainText()``)."""
        text = self.toPlainText()
        offsets = utf16_offsets(text)
        length = len(text)
        selections: list[QTextEdit.ExtraSelection] = []
        self._findings = list(findings)
        self._spans = []
        # Hints first, errors last: where spans overlap, the most serious colour shows.
        for finding in sorted(findings, key=lambda f: -f.severity.rank):
            start, end = max(0, min(finding.start, length)), max(0, min(finding.end, length))
            if start == end:  # a place rather than a span: mark the character beside it
                if length == 0:
                    continue
                start, end = (start - 1, start) if start > 0 else (0, 1)
            if offsets is not None:
                start, end = offsets[start], offsets[end]
            self._spans.append((start, end, finding))
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor  # type: ignore[attr-defined]
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(SEVERITY_COLORS[finding.severity])
            selection.format = fmt  # type: ignore[attr-defined]
            selections.append(selection)
        self.setExtraSelections(selections)

    def findings(self) -> list[Finding]:
        return list(self._findings)

    def findings_at(self, position: int) -> list[Finding]:
        """Findings underlined at UTF-16 ``position`` (a cursor position), worst first."""
        hits = [f for start, end, f in self._spans if start <= position < end]
        return sorted(hits, key=lambda f: f.severity.rank)

    def tooltip_at(self, position: int) -> str:
        """The rich-text tooltip for what is underlined at ``position`` ("" if nothing)."""
        parts = []
        fix_label = html.escape(self.tr("Fix:"))
        for finding in self.findings_at(position):
            color = SEVERITY_COLORS[finding.severity].name()
            part = (
                f"<b style='color:{color}'>{html.escape(severity_label(finding.severity))}"
                f"</b> {html.escape(finding.message(self.language))}"
            )
            if finding.fix is not None:
                part += f"<br><i>{fix_label}</i> {html.escape(finding.fix.label(self.language))}"
            parts.append(part)
        return "<hr>".join(parts)

    def select_span(self, start: int, end: int) -> None:
        """Select code-point span ``[start, end)`` and show it."""
        text = self.toPlainText()
        offsets = utf16_offsets(text)
        start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
        if offsets is not None:
            start, end = offsets[start], offsets[end]
        cursor = self.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def replace_all(self, text: str) -> None:
        """Replace the whole text as one undoable edit (a fix can be undone with Ctrl+Z)."""
        cursor = self.textCursor()
        position = cursor.position()
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()
        cursor.setPosition(min(position, len(self.toPlainText())))
        self.setTextCursor(cursor)

    # -- tooltips ---------------------------------------------------------------------

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            position = self.cursorForPosition(event.pos()).position()
            tip = self.tooltip_at(position)
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)
