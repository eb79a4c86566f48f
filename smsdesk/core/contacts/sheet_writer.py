"""A small streaming .xlsx writer for one flat sheet (the import's reject report).

Why not xlsxwriter here: a reject report is written while an import reads, and a list of a
million rows can have 150,000 rejects. xlsxwriter spends about 9 µs per cell on them (about
13 s for such a report, longer than the rest of the import); this writer emits the sheet XML
directly, about 1 µs per cell. It knows only what a report needs: inline strings (never
formulas), numbers, booleans, dates, a bold frozen header row and column widths. Exports use
xlsxwriter (see ``exporter``).
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import IO, cast

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_EPOCH = datetime(1899, 12, 30)
_DAY = timedelta(days=1)
_MAX_TEXT = 32767
# Characters XML 1.0 cannot carry at all (a POS export sometimes has them).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Anything that needs more than the plain form: markup, illegal characters, edge spaces.
_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|^\\s|\\s$")
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})

_CONTENT_TYPES = (
    _HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    _HEAD + f'<Relationships xmlns="{_PKG}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    _HEAD + f'<Relationships xmlns="{_PKG}">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_STYLES = (
    _HEAD + f'<styleSheet xmlns="{_NS}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_DATE_STYLE, _DATETIME_STYLE, _BOLD_STYLE = 1, 2, 3


def _text_cell(value: str, style: str = "") -> str:
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    if len(value) > _MAX_TEXT:
        value = value[:_MAX_TEXT]
    if "&" in value or "<" in value or ">" in value:
        value = value.translate(_ESCAPE)
    space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
    return f'<c t="inlineStr"{style}><is><t{space}>{value}</t></is></c>'


# Distinct text and date cells remembered per sheet (a few MB at most).
_CACHED_CELLS = 50_000


def _cell(value: object, style: str) -> str:
    """One cell's XML."""
    kind = type(value)
    if kind is str:
        text = cast(str, value)
        if not text:
            return "<c/>"
        if len(text) <= _MAX_TEXT and _SPECIAL.search(text) is None:
            return f'<c t="inlineStr"{style}><is><t>{text}</t></is></c>'
        return _text_cell(text, style)
    if value is None:
        return "<c/>"
    if kind is float or kind is int:
        return f"<c><v>{value!r}</v></c>" if math.isfinite(value) else "<c/>"  # type: ignore[arg-type]
    if kind is bool:
        return f'<c t="b"><v>{int(value)}</v></c>'  # type: ignore[call-overload]
    if kind is datetime:
        serial = (value.replace(tzinfo=None) - _EPOCH) / _DAY  # type: ignore[attr-defined]
        return f'<c s="{_DATETIME_STYLE}"><v>{serial!r}</v></c>'
    if kind is date:
        serial = (datetime.combine(value, time()) - _EPOCH) / _DAY  # type: ignore[arg-type]
        return f'<c s="{_DATE_STYLE}"><v>{serial!r}</v></c>'
    return _text_cell(str(value), style)


class SheetWriter:
    """Rows in, an .xlsx out; memory stays flat (rows go to the zip stream in batches)."""

    def __init__(
        self,
        path: Path,
        *,
        sheet_name: str = "Sheet1",
        headers: Sequence[str] = (),
        widths: dict[int, float] | None = None,
    ) -> None:
        self.path = path
        self._zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self._sheet_name = (sheet_name[:31] or "Sheet1").translate(_ESCAPE).replace('"', "&quot;")
        self._stream: IO[bytes] = self._zip.open("xl/worksheets/sheet1.xml", "w", force_zip64=True)
        self._pending: list[str] = []
        self._texts: dict[str, str] = {}
        self._moments: dict[object, str] = {}
        self.rows = 0
        frozen = bool(headers)
        view = (
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2"'
            ' activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
            if frozen
            else ""
        )
        cols = ""
        if widths:
            cols = (
                "<cols>"
                + "".join(
                    f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>'
                    for i, w in sorted(widths.items())
                )
                + "</cols>"
            )
        self._stream.write(
            (_HEAD + f'<worksheet xmlns="{_NS}" xmlns:r="{_REL}">{view}{cols}<sheetData>').encode()
        )
        if headers:
            self._write(list(headers), bold=True)

    def write_row(self, values: Sequence[object]) -> None:
        self._write(values, bold=False)

    def _write(self, values: Sequence[object], *, bold: bool) -> None:
        # Cells carry no "r" reference: positions follow the order, and an empty cell is
        # written as <c/> (both allowed by ECMA-376), which keeps a row to one join.
        self.rows += 1
        if bold:
            cells = [_cell(value, f' s="{_BOLD_STYLE}"') for value in values]
        else:
            # Text and dates repeat down a column (tags, stores, notes, dates): each distinct
            # value is turned into XML once (up to a bound), then looked up.
            texts, moments = self._texts, self._moments
            cells = []
            add = cells.append
            for value in values:
                kind = type(value)
                if kind is str:
                    cell = texts.get(value)  # type: ignore[call-overload]
                    if cell is None:
                        cell = _cell(value, "")
                        if len(texts) < _CACHED_CELLS:
                            texts[value] = cell  # type: ignore[index]
                    add(cell)
                elif value is None:
                    add("<c/>")
                elif kind is float or kind is int:
                    add(f"<c><v>{value!r}</v></c>" if math.isfinite(value) else "<c/>")  # type: ignore[arg-type]
                elif kind is datetime or kind is date:
                    cell = moments.get(value)  # type: ignore[call-overload]
                    if cell is None:
                        cell = _cell(value, "")
                        if len(moments) < _CACHED_CELLS:
                            moments[value] = cell  # type: ignore[index]
                    add(cell)
                else:
                    add(_cell(value, ""))
        self._pending.append(f'<row r="{self.rows}">{"".join(cells)}</row>')
        if len(self._pending) >= 2000:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._stream.write("".join(self._pending).encode("utf-8"))
            self._pending.clear()

    def close(self) -> None:
        self._flush()
        self._stream.write(b"</sheetData></worksheet>")
        self._stream.close()
        self._zip.writestr("[Content_Types].xml", _CONTENT_TYPES)
        self._zip.writestr("_rels/.rels", _ROOT_RELS)
        self._zip.writestr(
            "xl/workbook.xml",
            _HEAD + f'<workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>'
            f'<sheet name="{self._sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        self._zip.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        self._zip.writestr("xl/styles.xml", _STYLES)
        self._zip.close()

    def abort(self) -> None:
        """Stop and delete the file."""
        try:
            self._stream.close()
            self._zip.close()
        finally:
            self.path.unlink(missing_ok=True)
