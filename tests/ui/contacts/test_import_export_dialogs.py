"""The import dialog (preview, mapping, options, background import, cancel, errors, the
reject report) and the export dialog."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import AuditEntry, ConsentRecord, Contact
from smsdesk.ui.contacts.export_dialog import ExportDialog
from smsdesk.ui.contacts.import_dialog import ImportDialog
from tests.helpers.contacts_data import fill_book, realistic_rows, write_xlsx
from tests.helpers.contacts_snapshot import snapshot


def loaded_dialog(qtbot: QtBot, ctx, path: Path) -> ImportDialog:  # type: ignore[no-untyped-def]
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load_file(path)
    qtbot.waitUntil(
        lambda: dialog.plan is not None or dialog.message.text() != "Reading the file…",
        timeout=10000,
    )
    return dialog


def contacts(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Contact)) or 0)


def test_preview_shows_the_detected_mapping(qtbot: QtBot, ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(tmp_path / "会员.xlsx", realistic_rows(40, seed=3))
    dialog = loaded_dialog(qtbot, ctx, path)
    assert dialog.plan is not None
    assert dialog.mapping() == {
        0: "name",
        1: "number",
        2: "tags",
        3: "birthday",
        4: "purchase_amount",
        5: "purchase_date",
        6: "custom:门店",
        7: "notes",
    }
    assert dialog.combos[1].currentText() == "Mobile number"
    assert dialog.preview.rowCount() == 21
    assert dialog.import_button.isEnabled()
    assert "row 1" in dialog.header_info.text()
    bad = [
        dialog.preview.item(r, 1).text()
        for r in range(1, dialog.preview.rowCount())
        if dialog.preview.item(r, 1).toolTip()
    ]
    assert all(text == "" or not text.startswith("1") or len(text) != 11 for text in bad)


def test_mapping_without_a_number_column_cannot_import(qtbot: QtBot, ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(tmp_path / "a.xlsx", iter([["13812345678", "张三"]]), ["手机", "姓名"])
    dialog = loaded_dialog(qtbot, ctx, path)
    dialog.set_field(1, "number")  # moving "number" to column 1 clears column 0
    assert dialog.mapping() == {0: "ignore", 1: "number"}
    dialog.set_field(1, "ignore")
    assert not dialog.import_button.isEnabled()
    assert "Mobile number" in dialog.mapping_hint.text()


def test_import_in_the_background(qtbot: QtBot, ctx, db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(tmp_path / "会员.xlsx", realistic_rows(300, seed=4))
    dialog = loaded_dialog(qtbot, ctx, path)
    dialog.tags.setText("2024展会")
    with qtbot.waitSignal(dialog.imported, timeout=20000) as blocker:
        task = dialog.start_import()
        assert task is not None
        assert dialog.progress_holder.isVisible()
        assert not dialog.import_button.isEnabled()
    result = blocker.args[0]
    qtbot.waitUntil(lambda: dialog.task is None, timeout=5000)
    assert result.imported == contacts(db) > 200
    assert f"Imported {result.imported:,}" in dialog.message.text()
    assert "not imported" in dialog.message.text()
    assert dialog.report_holder.isVisible()
    sheet = openpyxl.load_workbook(result.reject_report).active
    header = [c.value for c in sheet[1]]
    assert header[-3:] == ["Row", "Reason", "Reason code"]
    copy = tmp_path / "rejects-copy.xlsx"
    dialog.save_report_to(copy)
    assert copy.read_bytes() == result.reject_report.read_bytes()


def test_consent_statement_for_the_file(qtbot: QtBot, ctx, db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(
        tmp_path / "登记.xlsx", iter([["13812345678"], ["13912345678"]]), ["手机号码"]
    )
    dialog = loaded_dialog(qtbot, ctx, path)
    dialog.consent.setChecked(True)
    dialog.scope.setCurrentIndex(dialog.scope.findData("service"))
    dialog.method.setCurrentIndex(dialog.method.findData("paper"))
    dialog.source.setText("门店登记表")
    with qtbot.waitSignal(dialog.imported, timeout=20000):
        dialog.start_import()
    with db.session() as session:
        records = list(session.scalars(select(ConsentRecord)))
    assert [(r.scope, r.method, r.source) for r in records] == [
        ("service", "paper", "门店登记表")
    ] * 2


def test_cancel_changes_nothing(qtbot: QtBot, ctx, db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fill_book(db, 50, seed=1)
    before = snapshot(db)
    path = write_xlsx(tmp_path / "big.xlsx", realistic_rows(15_000, seed=5))
    dialog = loaded_dialog(qtbot, ctx, path)
    task = dialog.start_import()
    assert task is not None
    dialog.cancel()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=30000)
    assert dialog.message.text() == "Import cancelled. Nothing was changed."
    assert snapshot(db) == before


def test_an_unreadable_file_says_what_to_do(qtbot: QtBot, ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "客户.xlsx"
    path.write_bytes(b"%PDF-1.4 not a spreadsheet\n" * 20)
    dialog = loaded_dialog(qtbot, ctx, path)
    qtbot.waitUntil(lambda: "not a spreadsheet" in dialog.message.text(), timeout=5000)
    assert dialog.plan is None
    assert not dialog.import_button.isEnabled()


def test_export_the_current_filter(qtbot: QtBot, ctx, db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from smsdesk.core.contacts.segments import ContactFilter

    fill_book(db, 60, seed=2)
    flt = ContactFilter(tiers=("loyal",))
    dialog = ExportDialog(ctx, current=flt, current_count=15)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.filter_button.isChecked()
    assert "(15)" in dialog.filter_button.text()
    dialog.format.setCurrentIndex(dialog.format.findData(".csv"))
    target = tmp_path / "loyal.csv"
    dialog.path.setText(str(target))
    dialog.unmasked.setChecked(True)
    with qtbot.waitSignal(dialog.exported, timeout=10000) as blocker:
        dialog.start_export()
    assert blocker.args[0].rows == 15
    with target.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 16
    assert all(len(r[0]) == 11 for r in rows[1:])
    assert "15 rows written" in dialog.message.text()
    with db.session() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "contacts.export"))
    assert entry is not None
    assert entry.detail["unmasked"] is True


def test_export_masked_opt_out_list(qtbot: QtBot, ctx, db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fill_book(db, 200, seed=2)
    dialog = ExportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.optouts_button.setChecked(True)
    target = tmp_path / "optouts.xlsx"
    dialog.path.setText(str(target))
    with qtbot.waitSignal(dialog.exported, timeout=10000):
        dialog.start_export()
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert len(rows) > 1
    assert all("****" in r[0] for r in rows[1:])
