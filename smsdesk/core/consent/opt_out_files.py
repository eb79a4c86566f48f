"""Import the suppression list from a file (a provider console export, an old blacklist) and
export it.

Files: .csv/.txt/.tsv (UTF-8 or GB18030, any delimiter) and spreadsheets (.xlsx, .xlsm, .xls,
.ods). The number column is found by content: the column where most of the first rows hold
a valid mobile number; a header row is recognised by not holding one. Numbers may be written
in any form the contact importer accepts (full width, 0086, Excel floats, spaces...).
Exports mask numbers unless ``reveal`` is set (audited either way).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from smsdesk.core import audit, settings
from smsdesk.core.clock import utc_now
from smsdesk.core.consent import opt_outs
from smsdesk.core.contacts.numbers import NumberRejected, mask, normalize
from smsdesk.core.db.models import OptOut
from smsdesk.core.errors import ImportFileError
from smsdesk.core.progress import Progress

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
_SAMPLE_ROWS = 200
_BATCH = 2000


@dataclass(frozen=True)
class RejectedRow:
    row: int  # 1-based, as a spreadsheet shows it
    value: str
    reason: str  # RejectReason value


@dataclass
class OptOutImportResult:
    rows: int = 0
    added: int = 0
    already: int = 0  # on the list before, or twice in the file
    rejected: list[RejectedRow] = field(default_factory=list)


def read_rows(path: Path) -> list[list[Any]]:
    """All rows of the first non-empty sheet (or of the text file), as lists of cell values."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ImportFileError(f"File not found: {path}", reason="not_found")
    if suffix in SPREADSHEET_SUFFIXES:
        return _read_spreadsheet(path)
    return _read_text(path)


def _read_spreadsheet(path: Path) -> list[list[Any]]:
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError as exc:
        raise ImportFileError(str(exc), reason="encrypted") from exc
    except Exception as exc:  # calamine raises several unrelated types for damaged files
        raise ImportFileError(f"Cannot read {path.name}: {exc}", reason="unreadable") from exc
    try:
        for name in workbook.sheet_names:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            if any(any(cell not in ("", None) for cell in row) for row in rows):
                return [list(row) for row in rows]
    finally:
        workbook.close()
    return []


def _read_text(path: Path) -> list[list[Any]]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(f"Unknown text encoding: {path.name}", reason="encoding")
    if "\x00" in text:
        raise ImportFileError(f"Not a text file: {path.name}", reason="binary")
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _number_column(rows: list[list[Any]], region: str) -> int:
    scores: dict[int, int] = {}
    for row in rows[:_SAMPLE_ROWS]:
        for index, cell in enumerate(row):
            try:
                normalize(cell, default_region=region)
            except NumberRejected:
                continue
            scores[index] = scores.get(index, 0) + 1
    if not scores:
        return 0
    return max(scores, key=lambda index: (scores[index], -index))


def iter_numbers(path: Path, region: str) -> Iterator[tuple[int, Any]]:
    """(row number, raw cell) of the number column, header and empty cells skipped."""
    rows = read_rows(path)
    column = _number_column(rows, region)
    for index, row in enumerate(rows, start=1):
        cell = row[column] if column < len(row) else None
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue
        if index == 1 and isinstance(cell, str) and not any(ch.isdigit() for ch in cell):
            continue  # a header such as "手机号码" / "Phone"
        yield index, cell


def import_opt_outs(
    session: Session,
    path: str | os.PathLike[str],
    *,
    source: str = "",
    reason: str = "imported",
    progress: Progress | None = None,
) -> OptOutImportResult:
    """Add every number in the file to the suppression list; report rows that are not numbers."""
    file_path = Path(path)
    region = str(settings.get(session, "numbers.default_region"))
    source = source or f"import: {file_path.name}"
    result = OptOutImportResult()
    cells = list(iter_numbers(file_path, region))
    pending: dict[str, None] = {}
    now = utc_now()
    for done, (row_number, cell) in enumerate(cells, start=1):
        result.rows += 1
        try:
            number = normalize(cell, default_region=region)
        except NumberRejected as exc:
            result.rejected.append(RejectedRow(row_number, str(cell), exc.reason.value))
            continue
        if number in pending:
            result.already += 1
        else:
            pending[number] = None
        if len(pending) >= _BATCH or done == len(cells):
            _flush(session, list(pending), result, source=source, reason=reason, now=now)
            pending.clear()
            if progress is not None:
                progress.update(done, len(cells))
                progress.check()
    if pending:
        _flush(session, list(pending), result, source=source, reason=reason, now=now)
    audit.record(
        session,
        "optout.import",
        file=file_path.name,
        added=result.added,
        already=result.already,
        rejected=len(result.rejected),
    )
    return result


def _flush(
    session: Session,
    numbers: list[str],
    result: OptOutImportResult,
    *,
    source: str,
    reason: str,
    now: Any,
) -> None:
    known = opt_outs.opted_out_numbers(session, numbers)
    new = [number for number in numbers if number not in known]
    result.already += len(known)
    if new:
        rows = [
            {"e164": n, "reason": reason[:200], "source": source[:200], "created_at": now}
            for n in new
        ]
        session.execute(insert(OptOut), rows)
        opt_outs.set_contact_flags(session, new, opted_out=True)
    result.added += len(new)


EXPORT_HEADER = ("号码 Number", "原因 Reason", "来源 Source", "加入时间 Added (UTC)", "状态 Status")


def export_opt_outs(
    session: Session,
    path: str | os.PathLike[str],
    *,
    reveal: bool = False,
    include_removed: bool = False,
    progress: Progress | None = None,
) -> int:
    """Write the list to .csv (UTF-8 with BOM, for Excel) or .xlsx; returns rows written."""
    file_path = Path(path)
    query = select(OptOut).order_by(OptOut.created_at, OptOut.id)
    if not include_removed:
        query = query.where(OptOut.removed_at.is_(None))
    total = opt_outs.count_opt_outs(session, include_removed=include_removed)

    def rows() -> Iterator[tuple[str, ...]]:
        for done, row in enumerate(session.scalars(query.execution_options(yield_per=2000)), 1):
            if progress is not None and done % 2000 == 0:
                progress.update(done, total)
                progress.check()
            yield (
                row.e164 if reveal else mask(row.e164),
                row.reason,
                row.source,
                row.created_at.strftime("%Y-%m-%d %H:%M:%S"),
                "removed" if row.removed_at else "active",
            )

    if file_path.suffix.lower() == ".xlsx":
        written = _write_xlsx(file_path, rows())
    else:
        with file_path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(EXPORT_HEADER)
            written = 0
            for values in rows():
                writer.writerow(values)
                written += 1
    audit.record(session, "optout.export", file=file_path.name, rows=written, reveal=reveal)
    return written


def _write_xlsx(path: Path, rows: Iterator[tuple[str, ...]]) -> int:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    try:
        sheet = workbook.add_worksheet("Opt-outs")
        bold = workbook.add_format({"bold": True})
        sheet.write_row(0, 0, EXPORT_HEADER, bold)
        sheet.set_column(0, 0, 18)
        sheet.set_column(1, 2, 30)
        sheet.set_column(3, 4, 20)
        written = 0
        for written, values in enumerate(rows, start=1):
            sheet.write_row(written, 0, values)
    finally:
        workbook.close()
    return written
