"""Exports: masked by default, numbers as text, formulas never run, and a lossless round trip
through an empty book."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from smsdesk.core.contacts.exporter import export_contacts, export_optouts
from smsdesk.core.contacts.importer import FileConsent, ImportOptions, import_file
from smsdesk.core.contacts.segments import ContactFilter
from smsdesk.core.db.engine import Database, open_database, sqlite_url
from smsdesk.core.db.models import AuditEntry, OptOut
from tests.helpers.contacts_data import realistic_rows, write_xlsx


@pytest.fixture
def filled(db: Database, tmp_path: Path) -> Database:
    path = write_xlsx(tmp_path / "source.xlsx", realistic_rows(150, seed=12))
    consent = FileConsent(
        scope="marketing",
        method="paper",
        source="登记表",
        consented_at=datetime(2026, 2, 3, 4, 5, 6, tzinfo=UTC),
    )
    import_file(db, path, ImportOptions(consent=consent))
    tail = write_xlsx(
        tmp_path / "more.xlsx",
        iter(
            [
                ["+44 7400 123456", "Ann", "intl", "5月12日", "yes"],
                ["15912345678", '=HYPERLINK("x")', "@mention", "", ""],
            ]
        ),
        ["Mobile", "Name", "Notes", "Birthday", "Suspect"],
    )
    with db.session() as session:
        from smsdesk.core import settings

        settings.set_value(session, "numbers.allowed_regions", ["CN", "GB"])
    import_file(db, tail)
    with db.session() as session:
        session.add(OptOut(e164="+8615912345678", reason="T", source="reply"))
    return db


def _rows(path: Path) -> list[list[object]]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return [list(row) for row in csv.reader(handle)]
    sheet = openpyxl.load_workbook(path).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_masked_by_default_and_audited(filled: Database, tmp_path: Path) -> None:
    result = export_contacts(filled, tmp_path / "out.xlsx")
    rows = _rows(result.path)
    assert rows[0][0] == "手机号码"
    numbers = [row[0] for row in rows[1:]]
    assert len(numbers) == result.rows > 100
    assert all("****" in str(n) or "***" in str(n) for n in numbers)
    with filled.session() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "contacts.export"))
    assert entry is not None
    assert entry.detail["unmasked"] is False


def test_numbers_are_text_and_formulas_stay_text_in_xlsx(filled: Database, tmp_path: Path) -> None:
    path = export_contacts(filled, tmp_path / "out.xlsx", unmasked=True, language="en").path
    sheet = openpyxl.load_workbook(path).active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Mobile", "Name", "Tags"]
    for row in sheet.iter_rows(min_row=2):
        assert row[0].data_type == "s"
        assert isinstance(row[0].value, str)
    names = {row[1].value: row[1].data_type for row in sheet.iter_rows(min_row=2)}
    assert names['=HYPERLINK("x")'] == "s"
    intl = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == "Ann")
    assert intl[0] == "+447400123456"


def test_csv_guards_formulas(filled: Database, tmp_path: Path) -> None:
    path = export_contacts(filled, tmp_path / "out.csv", unmasked=True).path
    text = path.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "'@mention" in text
    assert "'+447400123456" in text
    for row in _rows(path):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@"))


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
@pytest.mark.parametrize("language", ["zh", "en"])
def test_unmasked_export_round_trips_through_an_empty_book(
    filled: Database, tmp_path: Path, suffix: str, language: str
) -> None:
    first = export_contacts(filled, tmp_path / f"first{suffix}", unmasked=True, language=language)
    fresh = open_database(sqlite_url(tmp_path / "fresh.sqlite3"))
    try:
        with fresh.session() as session:
            from smsdesk.core import settings

            settings.set_value(session, "numbers.allowed_regions", ["CN", "GB"])
            session.add(OptOut(e164="+8615912345678", reason="T", source="reply"))
        result = import_file(fresh, first.path)
        assert result.rejected == 0
        assert result.imported == first.rows
        second = export_contacts(
            fresh, tmp_path / f"second{suffix}", unmasked=True, language=language
        )
    finally:
        fresh.close()
    assert _rows(second.path) == _rows(first.path)


def test_export_a_filter(filled: Database, tmp_path: Path) -> None:
    path = export_contacts(filled, tmp_path / "vip.csv", flt=ContactFilter(tags=("VIP",))).path
    rows = _rows(path)
    assert len(rows) > 1
    assert all("VIP" in row[2].split(",") for row in rows[1:])


def test_export_the_opt_out_list(filled: Database, tmp_path: Path) -> None:
    masked = _rows(export_optouts(filled, tmp_path / "o.csv").path)
    assert masked[0] == ["手机号码", "退订时间", "原因", "来源"]
    assert [r[0] for r in masked[1:]] == ["159****5678"]
    full = _rows(export_optouts(filled, tmp_path / "o.xlsx", unmasked=True, language="en").path)
    assert full[0][0] == "Mobile"
    assert full[1][0] == "15912345678"


def test_only_xlsx_and_csv(filled: Database, tmp_path: Path) -> None:
    from smsdesk.core.errors import ValidationError

    with pytest.raises(ValidationError):
        export_contacts(filled, tmp_path / "out.pdf")
