"""Reading lists: kinds from the bytes, encodings, delimiters, sheets, unreadable files."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

import openpyxl
import pytest

from smsdesk.core.contacts.table_files import (
    CFB_MAGIC,
    detect_encoding,
    iter_numbers,
    open_table,
    read_preview,
    sniff_kind,
)
from smsdesk.core.errors import ImportFileError
from tests.helpers.contacts_data import write_csv, write_xlsx

ROWS = [
    ["张三", "13812345678", "VIP，老客户"],
    ["李四", "139-1234-5678", "会员"],
    ["王五", "+86 137 1234 5678", ""],
]


def _reason(path: Path, **kwargs: object) -> str:
    with pytest.raises(ImportFileError) as caught:
        open_table(path, **kwargs)  # type: ignore[arg-type]
    return str(caught.value.params["reason"])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_csv_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    path = write_csv(
        tmp_path / "list.csv", iter(ROWS), ["姓名", "手机号码", "标签"], encoding=encoding
    )
    expected = {"utf-8-sig": "utf-8-sig", "utf-16": "utf-16", "utf-8": "utf-8"}.get(
        encoding, "gb18030"
    )
    assert detect_encoding(path) == expected
    with open_table(path) as table:
        rows = list(table.rows())
    assert rows[0] == ["姓名", "手机号码", "标签"]
    assert rows[1] == ["张三", "13812345678", "VIP，老客户"]
    assert table.kind == "csv"


def test_gbk_text_late_in_the_file_is_still_detected(tmp_path: Path) -> None:
    """Detection reads the whole file: ASCII for the first megabyte, then GBK."""
    path = tmp_path / "late.csv"
    with path.open("wb") as handle:
        handle.write(b"mobile,name\n")
        handle.write(b"13812345678,abc\n" * 70_000)
        handle.write("13912345678,张三\n".encode("gbk"))
    assert detect_encoding(path) == "gb18030"
    with open_table(path) as table:
        assert list(table.rows())[-1] == ["13912345678", "张三"]


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_csv_delimiters_are_sniffed(tmp_path: Path, delimiter: str) -> None:
    path = write_csv(
        tmp_path / "list.csv", iter(ROWS), ["姓名", "手机号码", "标签"], delimiter=delimiter
    )
    with open_table(path) as table:
        assert table.delimiter == delimiter
        assert list(table.rows())[2] == ["李四", "139-1234-5678", "会员"]


def test_csv_formula_guard_is_undone(tmp_path: Path) -> None:
    path = tmp_path / "guarded.csv"
    path.write_text("name,note\n'=SUM(A1),'+86 138\nplain,'13812345678\n", encoding="utf-8")
    with open_table(path) as table:
        rows = list(table.rows())
    assert rows[1] == ["=SUM(A1)", "+86 138"]
    assert rows[2] == ["plain", "'13812345678"]


def test_xlsx_rows_and_sheet_choice(tmp_path: Path) -> None:
    path = tmp_path / "two.xlsx"
    book = openpyxl.Workbook()
    first = book.active
    first.title = "说明"
    second = book.create_sheet("客户")
    second.append(["姓名", "手机"])
    second.append(["张三", 13812345678])
    book.save(path)
    with open_table(path) as table:
        assert table.sheet_names == ["说明", "客户"]
        assert table.sheet == "客户"  # the first sheet with data
        assert list(table.rows()) == [["姓名", "手机"], ["张三", 13812345678.0]]
    with open_table(path, sheet="说明") as table:
        assert list(table.rows()) == []
    assert _reason(path, sheet="没有") == "no_sheet"


def test_xlsx_data_below_blank_rows_reports_its_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "offset.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["B3"] = "手机"
    sheet["B4"] = "13812345678"
    sheet["B5"] = "13912345678"
    book.save(path)
    assert list(iter_numbers(path)) == [(4, "13812345678"), (5, "13912345678")]


def test_iter_numbers_finds_the_number_column(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "optouts.xlsx",
        iter([["x", "13812345678"], ["y", 13912345678.0], ["z", ""], ["w", "bad"]]),
        ["备注", "联系电话"],
    )
    assert list(iter_numbers(path)) == [(2, "13812345678"), (3, 13912345678.0), (5, "bad")]


def test_iter_numbers_without_a_header(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("13812345678\n13912345678\n+8613712345678\n", encoding="utf-8")
    assert [n for _, n in iter_numbers(path)] == ["13812345678", "13912345678", "+8613712345678"]


def test_iter_numbers_without_any_number_column(tmp_path: Path) -> None:
    path = tmp_path / "words.csv"
    path.write_text("a,b\nc,d\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        list(iter_numbers(path))
    assert caught.value.params["reason"] == "no_number_column"


def test_preview_reads_only_the_top(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "big.xlsx", iter([["n", str(13800000000 + i)] for i in range(100)])
    )
    table = read_preview(path, rows=5)
    assert len(table.preview) == 5
    assert table.total_rows == 101


def test_missing_empty_and_wrong_files(tmp_path: Path) -> None:
    assert _reason(tmp_path / "nope.xlsx") == "not_found"
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert _reason(empty) == "empty"
    blank = tmp_path / "blank.csv"
    blank.write_bytes(b"  \n\n")
    assert _reason(blank) == "empty"
    pdf = tmp_path / "list.xlsx"
    pdf.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 10)
    assert _reason(pdf) == "wrong_type"
    html = tmp_path / "export.xls"
    html.write_text("<html><table><tr><td>13812345678</td></tr></table></html>\n")
    assert _reason(html) == "wrong_type"
    assert _reason(tmp_path) == "wrong_type"


def test_a_word_document_is_not_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert _reason(path) == "wrong_type"


def test_corrupt_xlsx(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", iter(ROWS))
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert _reason(broken) == "corrupt"
    mangled = tmp_path / "mangled.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(mangled, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith("sheet1.xml"):
                data = data[: len(data) // 2]
            target.writestr(item, data)
    assert _reason(mangled) == "corrupt"


def test_password_protected_workbook(tmp_path: Path) -> None:
    """Excel saves an encrypted workbook as a compound file with an EncryptedPackage stream."""
    path = tmp_path / "secret.xlsx"
    directory = "EncryptionInfo".encode("utf-16-le") + b"\0" * 50
    directory += "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(CFB_MAGIC + b"\0" * 504 + directory + b"\0" * 4096)
    assert _reason(path) == "encrypted"


def test_a_damaged_xls_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(CFB_MAGIC + b"\x01" * 2048)
    assert sniff_kind(path) == "xls"
    assert _reason(path) == "corrupt"


def test_utf16_bom_is_text(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "手机\n13812345678\n".encode("utf-16-le"))
    assert sniff_kind(path) == "csv"
    assert [n for _, n in iter_numbers(path)] == ["13812345678"]


def test_an_old_excel_xls_file(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A real .xls (BIFF8, written by xlwt; kept as a 6 KB fixture) reads through calamine."""
    from smsdesk.core.contacts.importer import import_file

    path = Path(__file__).parent / "data" / "members.xls"
    assert sniff_kind(path) == "xls"
    with open_table(path) as table:
        rows = list(table.rows())
    assert table.sheet == "会员"
    assert rows[1][:3] == ["张三", 13812345678.0, "VIP，老客户"]
    result = import_file(db, path)
    assert (result.imported, result.rejected) == (2, 1)
    assert result.rejects_by_reason == {"fixed_line": 1}
