"""The suppression list: add, check, remove with evidence, import from files, export."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from smsdesk.core.consent import opt_outs
from smsdesk.core.consent.opt_out_files import export_opt_outs, import_opt_outs
from smsdesk.core.consent.opt_outs import (
    add_opt_out,
    count_opt_outs,
    is_opted_out,
    list_opt_outs,
    opted_out_numbers,
    remove_opt_out,
)
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import AuditEntry, ConsentRecord, Contact, OptOut
from smsdesk.core.errors import ImportFileError, NotFoundError, ValidationError
from smsdesk.core.progress import Progress

NUMBER = "+8613812345678"


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_add_check_and_add_again(db: Database) -> None:
    with db.session() as session:
        assert add_opt_out(session, "138-1234-5678", reason="T", source="manual")
        assert not add_opt_out(session, NUMBER, reason="again", source="manual")
        assert is_opted_out(session, NUMBER)
        assert not is_opted_out(session, "+8613912345678")
        row = session.scalars(select(OptOut)).one()
        assert (row.e164, row.reason, row.source, row.removed_at) == (NUMBER, "T", "manual", None)
        audit = session.scalars(select(AuditEntry)).one()
        assert (audit.action, audit.detail["number"]) == ("optout.add", "138****5678")


def test_opted_out_numbers_over_many_chunks(db: Database) -> None:
    numbers = [f"+86139{index:08d}" for index in range(1200)]
    with db.session() as session:
        for number in numbers[::3]:
            add_opt_out(session, number, reason="T", source="test")
        found = opted_out_numbers(session, numbers)
    assert found == set(numbers[::3])


def test_opt_out_survives_deleting_the_contact_and_sets_its_flag(db: Database) -> None:
    with db.session() as session:
        session.add(Contact(e164=NUMBER))
    with db.session() as session:
        add_opt_out(session, NUMBER, reason="退订", source="reply")
        assert session.scalar(select(Contact.opted_out)) is True
    with db.session() as session:
        session.execute(delete(Contact))
    with db.session() as session:
        assert is_opted_out(session, NUMBER)
    with db.session() as session:  # the contact comes back in a later import: still suppressed
        session.add(Contact(e164=NUMBER))
        from smsdesk.core.consent import consent_log

        session.flush()
        consent_log.sync_contacts(session, [NUMBER])
        assert session.scalar(select(Contact.opted_out)) is True


def test_remove_needs_evidence(db: Database) -> None:
    with db.session() as session:
        add_opt_out(session, NUMBER, reason="T", source="reply")
    with pytest.raises(ValidationError) as caught, db.session() as session:
        remove_opt_out(session, NUMBER, evidence="  ")
    assert caught.value.params["reason"] == "evidence_required"
    with db.session() as session:
        assert is_opted_out(session, NUMBER)


def test_remove_of_a_number_not_on_the_list(db: Database) -> None:
    with pytest.raises(NotFoundError), db.session() as session:
        remove_opt_out(session, NUMBER, evidence="signed")


def test_remove_with_consent_older_than_the_opt_out_changes_nothing(db: Database) -> None:
    with db.session() as session:
        add_opt_out(session, NUMBER, reason="T", source="reply")
    with pytest.raises(ValidationError) as caught, db.session() as session:
        remove_opt_out(
            session, NUMBER, evidence="old form", consented_at=datetime(2020, 1, 1, tzinfo=UTC)
        )
    assert caught.value.params["reason"] == "consent_older_than_opt_out"
    with db.session() as session:
        assert is_opted_out(session, NUMBER)
        assert session.scalars(select(ConsentRecord)).all() == []


def test_remove_records_a_grant_keeps_the_row_and_is_audited(db: Database) -> None:
    with db.session() as session:
        session.add(Contact(e164=NUMBER))
        add_opt_out(session, NUMBER, reason="T", source="reply")
    with db.session() as session:
        change = remove_opt_out(
            session, NUMBER, evidence="顾客到店重新签字同意接收", method="signature"
        )
    with db.session() as session:
        assert not is_opted_out(session, NUMBER)
        record = session.get(ConsentRecord, change.record_id)
        assert record is not None
        assert (record.action, record.scope, record.method) == ("grant", "marketing", "signature")
        assert record.evidence_text == "顾客到店重新签字同意接收"
        row = session.scalars(select(OptOut)).one()
        assert row.removed_at is not None
        assert row.removed_reason == f"consent #{change.record_id}"
        contact = session.scalars(select(Contact)).one()
        assert (contact.opted_out, contact.consent_scope) == (False, "marketing")
        actions = [a.action for a in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
        assert actions == ["optout.add", "consent.grant", "optout.remove"]
    with db.session() as session:  # and it can be suppressed again later
        assert add_opt_out(session, NUMBER, reason="STOP", source="reply")
        assert len(opt_outs.opt_out_history(session, NUMBER)) == 2


def test_list_search_and_count(db: Database) -> None:
    with db.session() as session:
        add_opt_out(session, "+8613812345678", reason="回复T", source="reply")
        add_opt_out(session, "+8613912340000", reason="complaint", source="manual")
        add_opt_out(session, "+8615000005678", reason="STOP", source="import: old.csv")
        remove_opt_out(session, "+8615000005678", evidence="signed again")
        assert count_opt_outs(session) == 2
        assert count_opt_outs(session, include_removed=True) == 3
        assert [o.e164 for o in list_opt_outs(session, search="5678")] == ["+8613812345678"]
        found = list_opt_outs(session, search="5678", include_removed=True)
        assert {o.e164 for o in found} == {"+8613812345678", "+8615000005678"}
        assert [o.e164 for o in list_opt_outs(session, search="complaint")] == ["+8613912340000"]
        assert len(list_opt_outs(session, limit=1)) == 1


# --- import --------------------------------------------------------------------------------

MESSY = [
    ("手机号码", "姓名", "退订时间"),
    ("138 1234 5678", "张三", "2026-01-02"),
    ("+86 139-1234-5678", "李四", "2026-01-03"),
    ("008615012345678", "王五", ""),
    ("8618612345678", "", ""),
    ("１３７１２３４５６７８", "全角", ""),
    ("13812345678", "重复", ""),
    ("not a number", "x", ""),
    ("", "空", ""),
    ("12345", "短", ""),
    ("010-12345678", "座机", ""),
]


def _expected_numbers() -> set[str]:
    return {"+8613812345678", "+8613912345678", "+8615012345678", "+8618612345678",
            "+8613712345678"}  # fmt: skip


def test_import_csv_with_header_and_messy_numbers(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "blacklist.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(MESSY)
    with db.session() as session:
        add_opt_out(session, "+8618612345678", reason="T", source="reply")
        result = import_opt_outs(session, path)
        numbers = set(opted_out_numbers(session, _expected_numbers()))
        row = session.scalar(select(OptOut).where(OptOut.e164 == "+8613912345678"))
        assert row is not None
        assert row.source == "import: blacklist.csv"
    assert numbers == _expected_numbers()
    assert (result.rows, result.added, result.already) == (9, 4, 2)
    assert [(r.row, r.reason) for r in result.rejected] == [
        (8, "not_a_number"), (10, "invalid"), (11, "fixed_line"),
    ]  # fmt: skip


def test_import_xlsx_with_excel_floats_in_the_second_column(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "console_export.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["添加时间", "号码", "来源"])
    sheet.append(["2026-01-01", 13812345678.0, "控制台"])
    sheet.append(["2026-01-02", 13912345678, "控制台"])
    sheet.append(["2026-01-03", "1.5012345678E10", "控制台"])
    workbook.save(path)
    with db.session() as session:
        result = import_opt_outs(session, path, source="aliyun console")
        rows = session.scalars(select(OptOut).order_by(OptOut.e164)).all()
    assert result.added == 3
    assert [r.e164 for r in rows] == ["+8613812345678", "+8613912345678", "+8615012345678"]
    assert {r.source for r in rows} == {"aliyun console"}


def test_import_gb18030_text_one_number_per_line(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "退订.txt"
    path.write_bytes("号码\n13812345678\n13912345678 \n".encode("gb18030"))
    with db.session() as session:
        assert import_opt_outs(session, path).added == 2


def test_import_reports_progress_and_can_be_cancelled(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("\n".join(f"139{index:08d}" for index in range(5000)))
    seen: list[tuple[int, int]] = []
    progress = Progress(on_update=lambda done, total, _note: seen.append((done, total)),
                        min_interval=0)  # fmt: skip
    with db.session() as session:
        assert import_opt_outs(session, path, progress=progress).added == 5000
    assert seen[-1] == (5000, 5000)
    progress.cancel()
    from smsdesk.core.errors import Cancelled

    with pytest.raises(Cancelled), db.session() as session:
        import_opt_outs(session, path, progress=progress)


def test_import_refuses_a_missing_or_broken_file(db: Database, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError), db.session() as session:
        import_opt_outs(session, tmp_path / "nope.csv")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"this is not a zip")
    with pytest.raises(ImportFileError), db.session() as session:
        import_opt_outs(session, broken)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    suffixes=st.lists(st.integers(min_value=0, max_value=99999999), min_size=1, max_size=40),
    style=st.sampled_from(["plain", "spaced", "plus", "0086", "wide"]),
)
def test_every_imported_number_is_suppressed(
    db: Database, tmp_path: Path, suffixes: list[int], style: str
) -> None:
    def write(national: str) -> str:
        return {
            "plain": national,
            "spaced": f"{national[:3]} {national[3:7]} {national[7:]}",
            "plus": f"+86{national}",
            "0086": f"0086{national}",
            "wide": national.translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"}),
        }[style]

    nationals = [f"139{suffix:08d}" for suffix in suffixes]
    path = tmp_path / f"list-{style}.csv"
    path.write_text("\n".join(write(n) for n in nationals), encoding="utf-8")
    with db.session() as session:
        import_opt_outs(session, path)
        assert opted_out_numbers(session, [f"+86{n}" for n in nationals]) == {
            f"+86{n}" for n in nationals
        }


# --- export --------------------------------------------------------------------------------


def test_export_csv_masks_by_default_and_reveals_on_request(db: Database, tmp_path: Path) -> None:
    with db.session() as session:
        add_opt_out(session, NUMBER, reason="回复TD", source="reply")
        masked = tmp_path / "masked.csv"
        full = tmp_path / "full.csv"
        assert export_opt_outs(session, masked) == 1
        assert export_opt_outs(session, full, reveal=True) == 1
    masked_rows = read_csv(masked)
    full_rows = read_csv(full)
    assert masked_rows[1][:3] == ["138****5678", "回复TD", "reply"]
    assert full_rows[1][0] == NUMBER
    assert "13812345678" not in masked.read_text(encoding="utf-8-sig")
    with db.session() as session:
        audits = session.scalars(select(AuditEntry).where(AuditEntry.action == "optout.export"))
        assert [a.detail["reveal"] for a in audits] == [False, True]


def test_export_xlsx_round_trips_through_import(db: Database, tmp_path: Path) -> None:
    numbers = [f"+86139{index:08d}" for index in range(25)]
    with db.session() as session:
        for number in numbers:
            add_opt_out(session, number, reason="T", source="reply")
        path = tmp_path / "optouts.xlsx"
        export_opt_outs(session, path, reveal=True)
    sheet = openpyxl.load_workbook(path).active
    assert sheet.max_row == 26
    assert sheet.cell(1, 1).value == "号码 Number"
    # a fresh database imports the export back
    from smsdesk.core.db.engine import open_database, sqlite_url

    other = open_database(sqlite_url(tmp_path / "other.sqlite3"))
    try:
        with other.session() as session:
            assert import_opt_outs(session, path).added == 25
            assert opted_out_numbers(session, numbers) == set(numbers)
    finally:
        other.close()


def test_removed_rows_are_exported_only_on_request(db: Database, tmp_path: Path) -> None:
    with db.session() as session:
        add_opt_out(session, NUMBER, reason="T", source="reply",
                    at=datetime.now(UTC) - timedelta(days=1))  # fmt: skip
        remove_opt_out(session, NUMBER, evidence="signed")
        assert export_opt_outs(session, tmp_path / "a.csv") == 0
        assert export_opt_outs(session, tmp_path / "b.csv", include_removed=True) == 1
    assert read_csv(tmp_path / "b.csv")[1][4] == "removed"
