"""The list of findings under the editor: severity, message, and a one-click fix button (with
the alternatives in its menu). Selecting a row selects the span in the editor."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyle,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smsdesk.core.compliance.findings import Finding, Severity
from smsdesk.ui.templates.checked_text_edit import SEVERITY_COLORS, severity_label


def _signature(finding: Finding) -> tuple[object, ...]:
    """What a row shows: equal signatures need no new row."""
    return (
        finding.rule,
        finding.severity,
        finding.message_en,
        tuple(f.label_en for f in finding.fixes),
    )


class FindingsPanel(QWidget):
    """Signals:
    fix_requested(finding: object, fix: object) -- the user chose a fix
    finding_selected(finding: object) -- the user selected a row
    """

    fix_requested = Signal(object, object)
    finding_selected = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = "en"
        self._findings: list[Finding] = []
        style = self.style()
        self._icons: dict[Severity, QIcon] = {
            Severity.ERROR: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            Severity.WARNING: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
            Severity.HINT: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation),
        }
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("Severity"), self.tr("Problem"), self.tr("Fix")])
        self.tree.setRootIsDecorated(False)
        # Long messages are elided (the full text is in the tooltip and the details below):
        # uniform rows keep re-listing 50 findings on every keystroke cheap.
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemSelectionChanged.connect(self._on_tree_selection_changed)
        layout.addWidget(self.tree, 1)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumHeight(48)
        self.details.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.details)
        self.set_findings([])

    def set_findings(self, findings: Sequence[Finding]) -> None:
        """Show ``findings``. While typing only spans move: rows that say the same keep their
        widgets and just get the new finding (so the fix buttons apply the current span)."""
        previous = [_signature(f) for f in self._findings]
        self._findings = list(findings)
        if previous == [_signature(f) for f in findings]:
            return  # rows look up self._findings by row: nothing to redraw
        self.tree.setUpdatesEnabled(False)
        self.tree.clear()
        items = []
        for finding in findings:
            item = QTreeWidgetItem(
                [severity_label(finding.severity), finding.message(self.language), ""]
            )
            item.setIcon(0, self._icons[finding.severity])
            item.setForeground(0, SEVERITY_COLORS[finding.severity])
            item.setToolTip(1, finding.message(self.language))
            items.append(item)
        self.tree.addTopLevelItems(items)
        for row, finding in enumerate(findings):
            if finding.fixes:
                self.tree.setItemWidget(items[row], 2, self._fix_button(row, finding))
        self.tree.setUpdatesEnabled(True)
        self.details.setText(
            self.tr("Select a problem to see it in the text; hover over an underline for details.")
            if findings
            else ""
        )
        errors = sum(f.severity is Severity.ERROR for f in findings)
        warnings = sum(f.severity is Severity.WARNING for f in findings)
        hints = sum(f.severity is Severity.HINT for f in findings)
        if not findings:
            self.summary.setText(self.tr("No problems found."))
        elif errors:
            self.summary.setText(
                self.tr("%1 error(s) block sending; %2 warning(s), %3 hint(s).")
                .replace("%1", str(errors))
                .replace("%2", str(warnings))
                .replace("%3", str(hints))
            )
        else:
            self.summary.setText(
                self.tr("Nothing blocks sending; %1 warning(s), %2 hint(s).")
                .replace("%1", str(warnings))
                .replace("%2", str(hints))
            )

    def findings(self) -> list[Finding]:
        return list(self._findings)

    def fix_button(self, row: int) -> QToolButton | None:
        """The fix button of ``row`` (tests click it)."""
        item = self.tree.topLevelItem(row)
        widget = self.tree.itemWidget(item, 2) if item is not None else None
        return widget if isinstance(widget, QToolButton) else None

    def _fix_button(self, row: int, finding: Finding) -> QToolButton:
        button = QToolButton()
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        primary, *others = finding.fixes
        action = self._fix_action(button, row, 0, self.tr("Fix"))
        action.setToolTip(primary.label(self.language))
        button.setDefaultAction(action)
        if others:
            button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
            for index, fix in enumerate(finding.fixes):
                button.addAction(self._fix_action(button, row, index, fix.label(self.language)))
        return button

    def _fix_action(self, parent: QWidget, row: int, index: int, text: str) -> QAction:
        action = QAction(text, parent)
        action.setToolTip(text)
        action.triggered.connect(lambda: self._on_fix_triggered(row, index))
        return action

    def _on_fix_triggered(self, row: int, index: int) -> None:
        finding = self._findings[row]
        self.fix_requested.emit(finding, finding.fixes[index])

    @Slot()
    def _on_tree_selection_changed(self) -> None:
        items = self.tree.selectedItems()
        if items:
            finding = self._findings[self.tree.indexOfTopLevelItem(items[0])]
            lines = [finding.message(self.language)]
            lines += [f"→ {fix.label(self.language)}" for fix in finding.fixes]
            self.details.setText("\n".join(lines))
            self.finding_selected.emit(finding)
