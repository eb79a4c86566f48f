"""Importing lists: counts, values, duplicate policies, consent, opt-outs, rollback, reports."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select, text

from smsdesk.core.consent import consent_log, evidence_chain, evidence_files
from smsdesk.core.contacts import book
from smsdesk.core.contacts.importer import (
    DuplicatePolicy,
    FileConsent,
    ImportKind,
    ImportOptions,
    import_file,
    plan_import,
)
from smsdesk.core.contacts.numbers import NumberParser, RejectReason
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import AuditEntry, ConsentRecord, Contact, OptOut, Purchase
from smsdesk.core.errors import Cancelled, ImportFileError, ValidationError
from smsdesk.core.progress import Progress
from tests.helpers.contacts_data import realistic_rows, write_csv, write_xlsx
from tests.helpers.contacts_snapshot import snapshot


def _contact(db: Database, number: str) -> dict[str, Any]:
    with db.session() as session:
        found = book.find_contact(session, number)
        assert found is not None, number
        return book.describe(session, found)


def _count(db: Database, model: Any) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _xlsx(tmp_path: Path, rows: list[list[object]], headers: list[str], name: str = "list") -> Path:
    return write_xlsx(tmp_path / f"{name}.xlsx", iter(rows), headers)


def test_a_realistic_list(db: Database, tmp_path: Path) -> None:
    rows = list(realistic_rows(400, seed=21))
    path = write_xlsx(tmp_path / "会员.xlsx", iter(rows))
    parser = NumberParser()
    expected_rejects: dict[str, int] = {}
    unique: dict[str, list[object]] = {}
    for row in rows:
        found = parser.classify(row[1])
        reason = (
            found
            if isinstance(found, RejectReason)
            else RejectReason.DUPLICATE_IN_FILE
            if found[0] in unique
            else None
        )
        if reason is not None:
            expected_rejects[reason.value] = expected_rejects.get(reason.value, 0) + 1
        else:
            unique[found[0]] = row  # type: ignore[index]
    result = import_file(db, path)
    assert result.rows == 400
    assert result.imported == len(unique) == _count(db, Contact)
    assert result.rejected == sum(expected_rejects.values())
    assert result.rejects_by_reason == expected_rejects
    assert result.sheet == "客户"
    for e164, row in list(unique.items())[:40]:
        contact = _contact(db, e164)
        assert contact["name"] == row[0]
        expected_tags = re.split(r"[,，;；、\s]+", str(row[2]))
        assert sorted(contact["tags"]) == sorted({t for t in expected_tags if t})
        assert contact["fields"] == ({"门店": row[6]} if row[6] else {})
        if row[4] is not None:
            assert contact["purchase_total_cents"] == round(float(row[4]) * 100)  # type: ignore[arg-type]
            assert contact["purchase_count"] == 1
        if isinstance(row[3], datetime):
            assert contact["birthday"] == row[3].date().isoformat()
    with db.session() as session:
        notes = set(session.scalars(select(Contact.notes)))
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "contacts.import"))
    assert "=1+1" in notes
    assert entry is not None
    assert entry.detail["imported"] == result.imported


def test_gbk_and_bom_csv_import_like_the_workbook(db: Database, tmp_path: Path) -> None:
    rows = list(realistic_rows(120, seed=5))
    xlsx = import_file(db, write_xlsx(tmp_path / "a.xlsx", iter(rows)))
    for encoding in ("gbk", "utf-8-sig"):
        csv_path = write_csv(tmp_path / f"{encoding}.csv", iter(rows), encoding=encoding)
        again = import_file(db, csv_path)
        assert again.encoding in ("gb18030", "utf-8-sig")
        assert again.imported == 0
        assert again.skipped + again.rejected == xlsx.imported + xlsx.rejected


def test_reject_report_lists_each_row_with_its_reason(db: Database, tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path,
        [
            ["张三", "13812345678", "=HYPERLINK(1)"],
            ["李四", "12345", "x"],
            ["王五", "010-62345678", ""],
            ["赵六", "", "no number"],
            ["张三", "138 1234 5678", "again"],
        ],
        ["姓名", "手机", "备注"],
    )
    result = import_file(db, path, ImportOptions(reject_labels={"reason": "原因"}))
    assert result.rejected == 4
    assert result.reject_report is not None
    assert result.reject_report.parent.name == "reports"
    sheet = openpyxl.load_workbook(result.reject_report).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("姓名", "手机", "备注", "Row", "原因", "Reason code")
    assert rows[1:] == [
        ("李四", "12345", "x", 3, "Not a valid number (wrong length or an unused range)", "invalid"),
        ("王五", "010-62345678", None, 4, "A landline: SMS needs a mobile number", "fixed_line"),
        ("赵六", None, "no number", 5, "No number in this row", "empty"),
        ("张三", "138 1234 5678", "again", 6, "The same number appears earlier in this file", "duplicate_in_file"),
    ]  # fmt: skip
    assert all(cell.data_type == "s" for cell in sheet[2][:3])


def test_no_rejects_leave_no_report(db: Database, tmp_path: Path, smsdesk_home: Path) -> None:
    result = import_file(db, _xlsx(tmp_path, [["13812345678"]], ["手机"]))
    assert result.reject_report is None
    assert not any((smsdesk_home / "reports").glob("*"))


BOOK = [["张三", "13812345678", "VIP", "", ""], ["李四", "13912345678", "", "老朋友", "1980-02-03"]]
HEAD = ["姓名", "手机", "标签", "备注", "生日"]


@pytest.fixture
def booked(db: Database, tmp_path: Path) -> Database:
    import_file(db, _xlsx(tmp_path, BOOK, HEAD, "book"))
    return db


def test_duplicates_against_the_book_skip(booked: Database, tmp_path: Path) -> None:
    path = _xlsx(tmp_path, [["张三丰", "+86 138 1234 5678", "会员", "新备注", ""]], HEAD)
    result = import_file(booked, path)
    assert (result.imported, result.updated, result.skipped) == (0, 0, 1)
    contact = _contact(booked, "13812345678")
    assert contact["name"] == "张三"
    assert contact["tags"] == ["VIP"]


def test_duplicates_against_the_book_update(booked: Database, tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path,
        [
            ["张三丰", "13812345678", "会员", "新备注", "1990-01-01"],
            ["", "13912345678", "", "", ""],
        ],
        HEAD,
    )
    result = import_file(booked, path, ImportOptions(on_duplicate=DuplicatePolicy.UPDATE))
    assert (result.imported, result.updated, result.skipped) == (0, 1, 1)
    zhang = _contact(booked, "13812345678")
    assert zhang["name"] == "张三丰"
    assert sorted(zhang["tags"]) == ["VIP", "会员"]
    assert zhang["birthday"] == "1990-01-01"
    li = _contact(booked, "13912345678")
    assert (li["name"], li["birthday"]) == ("李四", "1980-02-03")  # empty cells erase nothing


def test_duplicates_against_the_book_fill(booked: Database, tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path,
        [
            ["张三丰", "13812345678", "会员", "新备注", "1990-01-01"],
            ["李小四", "13912345678", "新客", "x", ""],
        ],
        HEAD,
    )
    result = import_file(booked, path, ImportOptions(on_duplicate=DuplicatePolicy.FILL))
    assert result.updated == 2
    zhang = _contact(booked, "13812345678")
    assert zhang["name"] == "张三"
    assert zhang["tags"] == ["VIP"]  # had tags: not filled
    assert zhang["birthday"] == "1990-01-01"
    with booked.session() as session:
        notes = dict(session.execute(select(Contact.e164, Contact.notes)).all())
    assert notes == {"+8613812345678": "新备注", "+8613912345678": "老朋友"}
    li = _contact(booked, "13912345678")
    assert li["tags"] == ["新客"]  # had none: filled


@pytest.mark.parametrize(
    ("policy", "name", "tags", "notes"),
    [
        (DuplicatePolicy.UPDATE, "后来", ["A", "B"], "n1"),
        (DuplicatePolicy.FILL, "先来", ["A", "B"], "n1"),
    ],
)
def test_repeats_in_the_file_merge_by_policy(
    db: Database, tmp_path: Path, policy: DuplicatePolicy, name: str, tags: list[str], notes: str
) -> None:
    path = _xlsx(
        tmp_path,
        [["先来", "13812345678", "A", ""], ["后来", "13812345678", "B", "n1"]],
        ["姓名", "手机", "标签", "备注"],
    )
    result = import_file(db, path, ImportOptions(on_duplicate=policy))
    assert (result.imported, result.merged, result.rejected) == (1, 1, 0)
    contact = _contact(db, "13812345678")
    assert (contact["name"], sorted(contact["tags"])) == (name, tags)
    with db.session() as session:
        assert session.scalar(select(Contact.notes)) == notes


def test_consent_is_never_invented(db: Database, tmp_path: Path) -> None:
    import_file(db, write_xlsx(tmp_path / "a.xlsx", realistic_rows(50, seed=2)))
    assert _count(db, ConsentRecord) == 0
    with db.session() as session:
        assert set(session.scalars(select(Contact.consent_scope))) == {"none"}


def test_file_wide_consent_writes_one_record_per_row(db: Database, tmp_path: Path) -> None:
    with db.session() as session:
        session.add(OptOut(e164="+8613912345678", reason="T", source="reply"))
    path = _xlsx(
        tmp_path,
        [["张三", "13812345678"], ["李四", "13912345678"], ["王五", "13712345678"]],
        ["姓名", "手机"],
        "门店登记",
    )
    when = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    consent = FileConsent(
        scope="marketing", method="paper", source="南山店登记表", consented_at=when
    )
    result = import_file(db, path, ImportOptions(consent=consent, recorded_by="店长"))
    assert result.consent_records == 2  # not the opted-out number
    with db.session() as session:
        records = list(session.scalars(select(ConsentRecord).order_by(ConsentRecord.id)))
        scopes = dict(session.execute(select(Contact.e164, Contact.consent_scope)).all())
        opted = dict(session.execute(select(Contact.e164, Contact.opted_out)).all())
        assert evidence_chain.verify_chain(session).ok
    assert [r.e164 for r in records] == ["+8613812345678", "+8613712345678"]
    first = records[0]
    assert (first.scope, first.method, first.source, first.recorded_by) == (
        "marketing",
        "paper",
        "南山店登记表",
        "店长",
    )
    assert first.consented_at == when
    assert first.evidence_text == "门店登记.xlsx, 客户, row 2"
    assert records[1].evidence_text.endswith("row 4")
    assert first.evidence_sha256 == evidence_files.file_sha256(path)
    assert evidence_files.check_evidence_file(first.evidence_file, first.evidence_sha256) == "ok"
    assert scopes == {
        "+8613812345678": "marketing",
        "+8613912345678": "none",
        "+8613712345678": "marketing",
    }
    assert opted["+8613912345678"] is True
    with db.session() as session:
        assert consent_log.current_scope(session, "+8613712345678") == "marketing"


def test_consent_columns_per_row(db: Database, tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path,
        [
            ["13812345678", "营销", "短信回复", "2026-01-02 10:00:00", "回复Y"],
            ["13912345678", "仅通知", "纸质", "", "登记表"],
            ["13712345678", "未授权", "纸质", "", ""],
            ["13612345678", "营销", "", "", ""],
        ],
        ["手机", "授权范围", "授权方式", "授权时间", "授权来源"],
    )
    result = import_file(db, path)
    assert result.consent_records == 2
    assert result.bad_values == {"consent_method": 1}
    with db.session() as session:
        scopes = dict(session.execute(select(Contact.e164, Contact.consent_scope)).all())
        record = session.scalar(select(ConsentRecord).where(ConsentRecord.e164 == "+8613812345678"))
    assert scopes["+8613812345678"] == "marketing"
    assert scopes["+8613912345678"] == "service"
    assert scopes["+8613712345678"] == "none"
    assert scopes["+8613612345678"] == "none"
    assert record is not None
    assert (record.method, record.source) == ("sms_reply", "回复Y")
    assert record.consented_at == datetime(2026, 1, 2, 10, 0).astimezone().astimezone(UTC)


def test_skipped_contacts_get_no_consent(booked: Database, tmp_path: Path) -> None:
    path = _xlsx(tmp_path, [["13812345678"], ["13612345678"]], ["手机"])
    consent = FileConsent(scope="service", method="web_form")
    result = import_file(booked, path, ImportOptions(consent=consent))
    assert (result.imported, result.skipped, result.consent_records) == (1, 1, 1)


def test_opted_out_numbers_are_flagged_and_stay_suppressed(db: Database, tmp_path: Path) -> None:
    with db.session() as session:
        session.add(OptOut(e164="+8613812345678", reason="T", source="reply"))
        session.add(
            OptOut(e164="+8613912345678", reason="T", source="reply", removed_at=datetime.now(UTC))
        )
    path = _xlsx(
        tmp_path,
        [["13812345678", ""], ["13912345678", ""], ["13712345678", "是"], ["13712345678", "是"]],
        ["手机", "已退订"],
    )
    result = import_file(db, path)
    assert result.opt_outs_added == 1
    with db.session() as session:
        opted = dict(session.execute(select(Contact.e164, Contact.opted_out)).all())
        active = set(session.scalars(select(OptOut.e164).where(OptOut.removed_at.is_(None))))
    assert opted == {"+8613812345678": True, "+8613912345678": False, "+8613712345678": True}
    assert active == {"+8613812345678", "+8613712345678"}


def _cancel_when(note: str) -> Progress:
    event = threading.Event()

    def update(done: int, total: int, current: str) -> None:
        if current == note:
            event.set()

    return Progress(cancel_event=event, on_update=update, min_interval=0)


@pytest.mark.parametrize("note", ["read", "save"])
def test_cancel_leaves_the_book_as_it_was(
    booked: Database, tmp_path: Path, smsdesk_home: Path, note: str
) -> None:
    before = snapshot(booked)
    rows = list(realistic_rows(12_000, seed=9))
    path = write_xlsx(tmp_path / "big.xlsx", iter(rows))
    consent = FileConsent(scope="marketing", method="paper")
    options = ImportOptions(on_duplicate=DuplicatePolicy.UPDATE, consent=consent)
    with pytest.raises(Cancelled):
        import_file(booked, path, options, progress=_cancel_when(note))
    assert snapshot(booked) == before
    assert not any((smsdesk_home / "reports").glob("*"))


def test_a_failure_while_merging_leaves_the_book_as_it_was(
    booked: Database, tmp_path: Path, smsdesk_home: Path
) -> None:
    """A real database error after contacts were inserted (a trigger refuses the tags)."""
    with booked.engine.begin() as connection:
        connection.execute(
            text(
                "CREATE TRIGGER refuse_tags BEFORE INSERT ON contact_tags"
                " BEGIN SELECT RAISE(ABORT, 'disk full'); END"
            )
        )
    before = snapshot(booked)
    path = write_xlsx(tmp_path / "new.xlsx", realistic_rows(300, seed=4))
    consent = FileConsent(scope="service", method="otp")
    with pytest.raises(Exception, match="disk full"):
        import_file(booked, path, ImportOptions(consent=consent))
    assert snapshot(booked) == before
    assert not any(p.is_file() for p in (smsdesk_home / "evidence").rglob("*"))


def test_unreadable_files_change_nothing(db: Database, tmp_path: Path) -> None:
    bad = tmp_path / "list.xlsx"
    bad.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(ImportFileError):
        import_file(db, bad)
    words = _xlsx(tmp_path, [["a", "b"]], ["x", "y"])
    with pytest.raises(ValidationError) as caught:
        import_file(db, words)
    assert caught.value.params["reason"] == "no_number_column"
    assert _count(db, Contact) == 0


def test_mapping_overrides_and_saved_mappings(db: Database, tmp_path: Path) -> None:
    path = _xlsx(tmp_path, [["13812345678", "南山", "x"]], ["手机", "分店", "备注"])
    overrides = {"分店": "custom:store", "备注": "ignore"}
    import_file(db, path, ImportOptions(overrides=overrides))
    assert _contact(db, "13812345678")["fields"] == {"store": "南山"}
    plan = plan_import(db, path)
    assert plan.saved_mapping
    assert plan.mapping == {0: "number", 1: "custom:store", 2: "ignore"}
    with pytest.raises(ValidationError):
        plan_import(db, path, overrides={"没有这列": "name"})


def test_explicit_mapping_and_header_row(db: Database, tmp_path: Path) -> None:
    path = _xlsx(tmp_path, [["13812345678", "张三"], ["13912345678", "李四"]], ["甲", "乙"])
    options = ImportOptions(mapping={0: "number", 1: "name"}, header_row=0, tags=("展会",))
    result = import_file(db, path, options)
    assert result.imported == 2
    assert _contact(db, "13912345678")["name"] == "李四"
    assert _contact(db, "13912345678")["tags"] == ["展会"]


def test_region_setting_rejects_foreign_numbers(db: Database, tmp_path: Path) -> None:
    path = _xlsx(tmp_path, [["+447911123456"], ["13812345678"]], ["mobile"])
    result = import_file(db, path)
    assert result.rejects_by_reason == {"region_not_allowed": 1}


def test_purchase_history_updates_rfm_and_tiers(db: Database, tmp_path: Path) -> None:
    today = datetime.now(UTC).date()
    rows = [["13812345678", today - timedelta(days=d), 300.0, f"A{d}"] for d in (3, 10, 20, 40, 50)]
    rows.append(["13912345678", today - timedelta(days=200), 20.0, "B1"])
    rows.append(["13712345678", "", 5.0, "C1"])
    path = _xlsx(
        tmp_path,
        [
            [r[0], datetime.combine(r[1], datetime.min.time()) if r[1] else "", r[2], r[3]]
            for r in rows
        ],
        ["手机", "订单日期", "实付金额", "订单号"],
    )
    options = ImportOptions(kind=ImportKind.PURCHASES)
    result = import_file(db, path, options)
    assert (result.imported, result.purchases_added, result.rejected) == (2, 6, 1)
    assert result.rejects_by_reason == {"missing_date": 1}
    loyal = _contact(db, "13812345678")
    assert (loyal["purchase_count"], loyal["purchase_total_cents"]) == (5, 150000)
    assert loyal["tier"] == "loyal"
    assert _contact(db, "13912345678")["tier"] == "dormant"
    again = import_file(db, path, options)
    assert (again.purchases_added, again.skipped) == (0, 6)
    assert _contact(db, "13812345678")["purchase_count"] == 5
    assert _count(db, Purchase) == 6


def test_purchase_history_needs_a_date_column(db: Database, tmp_path: Path) -> None:
    path = _xlsx(tmp_path, [["13812345678", 5.0]], ["手机", "金额"])
    with pytest.raises(ValidationError):
        import_file(db, path, ImportOptions(kind=ImportKind.PURCHASES))


def test_tiers_of_imported_contacts(db: Database, tmp_path: Path) -> None:
    now = datetime.now()
    path = _xlsx(
        tmp_path,
        [
            ["13812345678", None, None],
            ["13912345678", now - timedelta(days=200), 50.0],
            ["13712345678", now - timedelta(days=45), 50.0],
            ["13612345678", now - timedelta(days=5), 5000.0],
        ],
        ["手机", "最近消费", "累计消费"],
    )
    import_file(db, path)
    tiers = {
        n: _contact(db, n)["tier"]
        for n in ("13812345678", "13912345678", "13712345678", "13612345678")
    }
    assert tiers == {
        "13812345678": "new",
        "13912345678": "dormant",
        "13712345678": "active",
        "13612345678": "loyal",
    }


def test_birthdays_without_a_year_and_bad_values(db: Database, tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path,
        [["13812345678", "5月12日", "lots"], ["13912345678", "someday", "3"]],
        ["手机", "生日", "消费次数"],
    )
    result = import_file(db, path)
    assert result.bad_values == {"birthday": 1, "purchase_count": 1}
    with db.session() as session:
        rows = dict(session.execute(select(Contact.e164, Contact.birthday_md)).all())
    assert rows == {"+8613812345678": "05-12", "+8613912345678": None}
    assert _contact(db, "13912345678")["purchase_count"] == 3
