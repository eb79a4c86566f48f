"""Reading customer lists: .xlsx/.xlsm/.xls/.ods through python-calamine, .csv in UTF-8
(with or without BOM), UTF-16 or GBK/GB18030, detected from the bytes.

The file's kind comes from its first bytes, not its name: a list saved as "客户.xls" is often
really an .xlsx, a .csv or an HTML page. Anything that cannot be read raises
``ImportFileError`` with a ``reason`` code (``not_found``, ``empty``, ``encrypted``,
``corrupt``, ``wrong_type``, ``encoding``, ``no_sheet``), so the UI can say what to do.

``iter_numbers(path)`` gives (row number, raw value) from the number column of any readable
list; the opt-out import uses it.
"""

from __future__ import annotations

import codecs
import csv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from smsdesk.core.contacts.cell_guard import unguard
from smsdesk.core.errors import ImportFileError

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_MARKER = "EncryptedPackage".encode("utf-16-le")
# PDF, PNG, JPEG, GIF, RTF, WPS/Office binary: a list saved in the wrong format.
_OTHER_DOCUMENTS = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"{\\rtf")
_CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
_SNIFF_BYTES = 65536

Cell = object
Row = list[Cell]


@dataclass
class TableFile:
    """An opened list: which sheet, how text was decoded, and the rows, streamed."""

    path: Path
    kind: str  # "xlsx", "xls", "ods" or "csv"
    sheet_names: list[str]
    sheet: str | None
    encoding: str | None = None
    delimiter: str | None = None
    total_rows: int | None = None
    first_row: int = 1  # the spreadsheet row number of rows()[0] (1-based)
    first_column: int = 0  # columns left of the data that the reader skipped
    preview: list[Row] = field(default_factory=list)
    _rows: Iterator[Row] | None = field(default=None, repr=False)
    _closers: list[Any] = field(default_factory=list, repr=False)

    def rows(self) -> Iterator[Row]:
        """Every row from the top (title rows and the header included); once."""
        if self._rows is None:
            raise ImportFileError("rows() can be read once", reason="internal")
        rows, self._rows = self._rows, None
        return rows

    def close(self) -> None:
        for closer in self._closers:
            closer()
        self._closers.clear()
        self._rows = None

    def __enter__(self) -> TableFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def sniff_kind(path: Path) -> str:
    """ "xlsx", "xls", "ods" or "csv" from the file's bytes; ``ImportFileError`` otherwise."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except FileNotFoundError:
        raise ImportFileError(f"No such file: {path}", reason="not_found", path=str(path)) from None
    except IsADirectoryError:
        raise ImportFileError(f"Not a file: {path}", reason="wrong_type", path=str(path)) from None
    except OSError as exc:
        raise ImportFileError(
            f"Cannot read {path}: {exc}", reason="unreadable", path=str(path)
        ) from exc
    if not head.strip():
        raise ImportFileError(f"The file is empty: {path.name}", reason="empty", path=str(path))
    if head.startswith(_OTHER_DOCUMENTS):
        raise ImportFileError(
            f"{path.name} is not a spreadsheet or CSV file", reason="wrong_type", path=str(path)
        )
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(path)
    if head.startswith(CFB_MAGIC):
        if _ENCRYPTED_MARKER in head or _has_encrypted_stream(path):
            raise ImportFileError(
                f"{path.name} is password-protected", reason="encrypted", path=str(path)
            )
        return "xls"
    if _looks_like_text(head) and (path.suffix.lower() in _CSV_SUFFIXES or b"\n" in head):
        lowered = head[:512].lstrip().lower()
        if lowered.startswith((b"<html", b"<!doctype", b"<?xml", b"<table")):
            raise ImportFileError(
                f"{path.name} is a web page saved as a spreadsheet",
                reason="wrong_type",
                path=str(path),
            )
        return "csv"
    raise ImportFileError(
        f"{path.name} is not a spreadsheet or CSV file", reason="wrong_type", path=str(path)
    )


def _has_encrypted_stream(path: Path) -> bool:
    # The directory of a compound file may sit anywhere; a full scan is cheap for the
    # small files an encrypted export is.
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            if _ENCRYPTED_MARKER in chunk:
                return True
    return False


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
                return "xlsx"
            if "mimetype" in names and b"spreadsheet" in archive.read("mimetype")[:100]:
                return "ods"
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as exc:
        raise ImportFileError(
            f"{path.name} is damaged and cannot be opened", reason="corrupt", path=str(path)
        ) from exc
    raise ImportFileError(
        f"{path.name} is not a spreadsheet (another kind of document)",
        reason="wrong_type",
        path=str(path),
    )


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    sample = head[:4096]
    return b"\x00" not in sample


def open_table(path: str | Path, *, sheet: str | None = None) -> TableFile:
    """Open a list for reading; the sheet defaults to the first visible one with data."""
    path = Path(path)
    kind = sniff_kind(path)
    if kind == "csv":
        return _open_csv(path)
    return _open_workbook(path, kind, sheet)


def _open_workbook(path: Path, kind: str, sheet: str | None) -> TableFile:
    import python_calamine as calamine

    try:
        workbook = calamine.CalamineWorkbook.from_path(str(path))
    except calamine.PasswordError as exc:
        raise ImportFileError(
            f"{path.name} is password-protected", reason="encrypted", path=str(path)
        ) from exc
    except (calamine.CalamineError, ValueError, OSError) as exc:
        raise ImportFileError(
            f"{path.name} is damaged and cannot be opened: {exc}", reason="corrupt", path=str(path)
        ) from exc
    try:
        names = list(workbook.sheet_names)
        visible = [
            meta.name
            for meta in workbook.sheets_metadata
            if meta.visible == calamine.SheetVisibleEnum.Visible
            and meta.typ == calamine.SheetTypeEnum.WorkSheet
        ] or names
        if sheet is not None and sheet not in names:
            raise ImportFileError(
                f"{path.name} has no sheet named {sheet!r}",
                reason="no_sheet",
                path=str(path),
                sheet=sheet,
            )
        try:
            if sheet is None:
                sheet, data = _first_sheet_with_data(workbook, visible)
            else:
                data = workbook.get_sheet_by_name(sheet)
        except calamine.PasswordError as exc:
            raise ImportFileError(
                f"{path.name} is password-protected", reason="encrypted", path=str(path)
            ) from exc
        except (calamine.CalamineError, ValueError) as exc:
            raise ImportFileError(
                f"{path.name} is damaged and cannot be read: {exc}",
                reason="corrupt",
                path=str(path),
            ) from exc
    except BaseException:
        workbook.close()
        raise
    # iter_rows() starts at the sheet's first row (blank rows above the data included) but
    # at the data's first column.
    start = data.start or (0, 0)
    end = data.end
    table = TableFile(
        path=path,
        kind=kind,
        sheet_names=names,
        sheet=sheet,
        total_rows=end[0] + 1 if end else 0,
        first_row=1,
        first_column=start[1],
        _rows=iter(data.iter_rows()),
    )
    table._closers.append(workbook.close)
    return table


def _first_sheet_with_data(workbook: Any, names: list[str]) -> tuple[str, Any]:
    first: tuple[str, Any] | None = None
    for name in names:
        data = workbook.get_sheet_by_name(name)
        if first is None:
            first = (name, data)
        if data.end is not None:
            return name, data
    if first is None:
        raise ImportFileError("The workbook has no sheets", reason="empty")
    return first


def detect_encoding(path: Path) -> str:
    """The text encoding of a CSV: a BOM says it; else strict UTF-8 if the whole file
    decodes; else GB18030 (a superset of GBK and GB2312, what Chinese Excel writes)."""
    with path.open("rb") as handle:
        head = handle.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        handle.seek(0)
        for candidate in ("utf-8", "gb18030"):
            decoder = codecs.getincrementaldecoder(candidate)()
            try:
                while chunk := handle.read(1 << 20):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                handle.seek(0)
                continue
            return candidate
    raise ImportFileError(
        f"{path.name}: unknown text encoding (save it as UTF-8 or as .xlsx)",
        reason="encoding",
        path=str(path),
    )


def _open_csv(path: Path) -> TableFile:
    encoding = detect_encoding(path)
    with path.open("r", encoding=encoding, newline="") as handle:
        sample = handle.read(_SNIFF_BYTES)
    delimiter = _sniff_delimiter(sample)
    # Rows are not counted before reading: estimate from the sample's bytes per line.
    sample_bytes = max(1, len(sample.encode(encoding, "replace")))
    estimate = max(1, round(path.stat().st_size * max(1, sample.count("\n")) / sample_bytes))
    text = path.open("r", encoding=encoding, newline="")

    def rows() -> Iterator[Row]:
        reader = csv.reader(text, delimiter=delimiter)
        try:
            for record in reader:
                yield [unguard(cell) for cell in record]
        except (csv.Error, UnicodeDecodeError) as exc:
            raise ImportFileError(
                f"{path.name} cannot be read as CSV: {exc}", reason="corrupt", path=str(path)
            ) from exc

    table = TableFile(
        path=path,
        kind="csv",
        sheet_names=[],
        sheet=None,
        encoding=encoding,
        delimiter=delimiter,
        total_rows=estimate,
        _rows=rows(),
    )
    table._closers.append(text.close)
    return table


def _sniff_delimiter(sample: str) -> str:
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", 0
    for candidate in (",", "\t", ";", "|"):
        counts = [line.count(candidate) for line in lines]
        # A real delimiter appears the same number of times on most lines.
        common = max(set(counts), key=counts.count)
        score = common * counts.count(common) if common else 0
        if score > best_score:
            best, best_score = candidate, score
    return best


def read_preview(path: str | Path, *, sheet: str | None = None, rows: int = 30) -> TableFile:
    """The file's description (sheets, encoding, row count) with its first ``rows`` rows in
    ``preview``; the file is closed again."""
    with open_table(path, sheet=sheet) as table:
        for row in table.rows():
            table.preview.append(list(row))
            if len(table.preview) >= rows:
                break
    return table


def iter_numbers(path: str | Path, *, sheet: str | None = None) -> Iterator[tuple[int, object]]:
    """(spreadsheet row number, raw cell) for every data row of the list's number column.

    The number column is found as the importer finds it: by header synonyms (手机号码, 电话,
    mobile ...), else by content. Raw values still need ``numbers.NumberParser.classify``.
    """
    from smsdesk.core.contacts.columns import ImportField
    from smsdesk.core.contacts.header_detection import detect

    with open_table(path, sheet=sheet) as table:
        iterator = table.rows()
        head: list[Row] = []
        for row in iterator:
            head.append(row)
            if len(head) >= 20:
                break
        guess = detect(head)
        column = next((i for i, f in guess.mapping.items() if f == ImportField.NUMBER.value), None)
        if column is None:
            raise ImportFileError(
                f"{Path(path).name}: no column of phone numbers found",
                reason="no_number_column",
                path=str(path),
            )
        start = 0 if guess.header_row is None else guess.header_row + 1

        def rest() -> Iterator[Row]:
            yield from head[start:]
            yield from iterator

        for offset, row in enumerate(rest()):
            if column < len(row) and row[column] not in ("", None):
                yield table.first_row + start + offset, row[column]
