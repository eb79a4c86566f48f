"""The reject report: every row an import refused, as it was in the file, plus the reason.

Written while the import reads (``SheetWriter``: rows go to disk as they come), as an .xlsx the user can fix and import again: the original columns come first under
their original headers, then the row number and the reason, whose headers the importer
ignores. Every text cell is a string cell, never a formula.

The report holds full numbers, so it lives in the private data folder unless the caller
names another path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from smsdesk.core import paths
from smsdesk.core.clock import utc_now
from smsdesk.core.contacts.numbers import REJECT_MESSAGES_EN, RejectReason
from smsdesk.core.contacts.sheet_writer import SheetWriter

# Column titles after the original columns; the importer maps these words to "ignore".
DEFAULT_LABELS: dict[str, str] = {
    "row": "Row",
    "reason": "Reason",
    "reason_code": "Reason code",
    **{reason.value: message for reason, message in REJECT_MESSAGES_EN.items()},
}


def default_report_path(source: Path) -> Path:
    folder = paths.data_dir() / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = utc_now().strftime("%Y%m%d-%H%M%S-%f")
    return folder / f"{source.stem}-rejects-{stamp}.xlsx"


class RejectReport:
    """Collects rejected rows into an .xlsx; ``close`` returns the path, or None (and leaves
    no file) when nothing was rejected."""

    def __init__(
        self,
        path: Path,
        headers: Sequence[object],
        *,
        width: int | None = None,
        labels: Mapping[str, str] | None = None,
    ) -> None:
        """``width`` columns of each row are kept (the file's width; cells beyond it in a
        ragged row are dropped)."""
        self.path = path
        self.count = 0
        self._labels = {**DEFAULT_LABELS, **(labels or {})}
        self._width = max(width or 0, len(headers))
        titles = ["" if h is None else str(h) for h in headers]
        titles += [""] * (self._width - len(titles))
        titles += [self._labels["row"], self._labels["reason"], self._labels["reason_code"]]
        self._writer = SheetWriter(
            path, sheet_name="rejects", headers=titles, widths={self._width + 1: 40}
        )
        self._reasons = {
            reason: self._labels.get(reason.value, reason.value) for reason in RejectReason
        }

    def add(self, row_number: int, row: Sequence[object], reason: RejectReason) -> None:
        self.count += 1
        width = self._width
        cells = list(row[:width])
        if len(cells) < width:
            cells += [None] * (width - len(cells))
        cells += (row_number, self._reasons[reason], reason.value)
        self._writer.write_row(cells)

    def close(self) -> Path | None:
        if self.count == 0:
            self._writer.abort()
            return None
        self._writer.close()
        return self.path

    def discard(self) -> None:
        """Drop the report (the import was cancelled or failed)."""
        self._writer.abort()
