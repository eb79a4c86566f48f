"""The reject report's writer: a valid workbook that openpyxl and calamine read back."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

from smsdesk.core.contacts.sheet_writer import SheetWriter


def test_values_read_back_with_their_types(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    writer = SheetWriter(
        path, sheet_name='rej"ects', headers=["文本", "数", "日期"], widths={0: 30}
    )
    writer.write_row(["=SUM(A1)", 13812345678.0, date(2026, 1, 2)])
    writer.write_row([" padded ", 7, datetime(2026, 1, 2, 3, 4, 5)])
    writer.write_row(["a<b>&c\x00\x07", True, None])
    writer.write_row([None, "", "x" * 40000])
    writer.close()
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet.title == 'rej"ects'
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("文本", "数", "日期")
    assert rows[1] == ("=SUM(A1)", 13812345678, datetime(2026, 1, 2))
    assert sheet["A2"].data_type == "s"
    assert rows[2] == (" padded ", 7, datetime(2026, 1, 2, 3, 4, 5))
    assert rows[3] == ("a<b>&c", True, None)
    assert rows[4][2] == "x" * 32767
    assert sheet.freeze_panes == "A2"
    calamine = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert calamine[1][0] == "=SUM(A1)"
    assert calamine[2][0] == " padded "


def test_abort_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "gone.xlsx"
    writer = SheetWriter(path, headers=["a"])
    writer.write_row(["b"])
    writer.abort()
    assert not path.exists()
