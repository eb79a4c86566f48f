"""The opt-out page: empty state, add, search, import with progress, export, take off the list."""

from __future__ import annotations

import csv
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from smsdesk.core.consent import opt_outs
from smsdesk.core.db.models import ConsentRecord
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.consent.add_optout_dialog import AddOptOutDialog
from smsdesk.ui.consent.optouts_page import OptOutsPage
from smsdesk.ui.consent.record_consent_dialog import RecordConsentDialog


def make_page(ctx: AppContext, qtbot: QtBot) -> OptOutsPage:
    page = OptOutsPage(ctx)
    qtbot.addWidget(page)
    page.ensure_loaded()
    return page


def cell(page: OptOutsPage, row: int, column: int) -> str:
    return str(page.model.index(row, column).data())


def test_empty_list_shows_the_empty_state(ctx: AppContext, qtbot: QtBot) -> None:
    page = make_page(ctx, qtbot)
    assert page.stack.currentWidget() is page.empty
    assert page.page_title() == "Opt-outs"
    assert not page.remove_button.isEnabled()


def test_add_by_hand_shows_the_masked_number(ctx: AppContext, qtbot: QtBot) -> None:
    page = make_page(ctx, qtbot)
    dialog = page.open_add_dialog()
    assert isinstance(dialog, AddOptOutDialog)
    dialog.number.setText("138 1234 5678")
    dialog.reason.setCurrentText("电话要求")
    with qtbot.waitSignal(dialog.added, timeout=5000) as blocker:
        dialog.save()
    assert blocker.args == ["+8613812345678", True]
    assert page.stack.currentWidget() is page.table
    assert page.model.rowCount() == 1
    assert (cell(page, 0, 0), cell(page, 0, 1), cell(page, 0, 4)) == (
        "138****5678", "电话要求", "Suppressed",
    )  # fmt: skip
    assert page.count_label.text() == "1 number(s) on the opt-out list"


def test_add_refuses_a_bad_number_and_stays_open(ctx: AppContext, qtbot: QtBot) -> None:
    page = make_page(ctx, qtbot)
    dialog = page.open_add_dialog()
    dialog.number.setText("010-1234567")
    dialog.save()
    assert dialog.isVisible()
    assert "landline" in dialog.error.text() or "not a valid" in dialog.error.text()
    with ctx.session() as session:
        assert opt_outs.count_opt_outs(session) == 0


def test_search_and_lazy_loading(ctx: AppContext, qtbot: QtBot) -> None:
    with ctx.session() as session:
        for index in range(450):
            opt_outs.add_opt_out(session, f"+86139{index:08d}", reason="T", source="test")
        opt_outs.add_opt_out(session, "+8613812345678", reason="complaint", source="manual")
    page = make_page(ctx, qtbot)
    assert page.model.total == 451
    assert page.model.rowCount() == 200  # the rest arrives as the view scrolls
    page.model.fetchMore(page.model.index(-1, -1))
    assert page.model.rowCount() == 400
    page.search.setText("complaint")
    qtbot.waitUntil(lambda: page.model.total == 1, timeout=3000)
    assert cell(page, 0, 0) == "138****5678"
    assert page.count_label.text() == "1 matching number(s)"


def test_import_runs_in_the_background_and_reports(
    ctx: AppContext, qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "provider.csv"
    path.write_text("号码\n13812345678\n139 1234 5678\nabc\n", encoding="utf-8")
    page = make_page(ctx, qtbot)
    page.start_import(path)
    qtbot.waitUntil(lambda: page.task is None, timeout=10000)
    assert page.model.total == 2
    assert page.message.text().startswith(
        "Imported provider.csv: 2 added, 0 already on the list, 1 rows skipped."
    )
    assert "row 4: This is not a phone number." in page.message.text()
    assert page.import_button.isEnabled()


def test_import_of_a_broken_file_shows_what_to_do(
    ctx: AppContext, qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a workbook")
    page = make_page(ctx, qtbot)
    page.start_import(path)
    qtbot.waitUntil(lambda: page.task is None, timeout=10000)
    assert "cannot be read" in page.message.text()


def test_export_masked_and_full(ctx: AppContext, qtbot: QtBot, tmp_path: Path) -> None:
    with ctx.session() as session:
        opt_outs.add_opt_out(session, "+8613812345678", reason="T", source="reply")
    page = make_page(ctx, qtbot)
    for reveal, name in ((False, "masked.csv"), (True, "full.csv")):
        page.start_export(tmp_path / name, reveal=reveal)
        qtbot.waitUntil(lambda: page.task is None, timeout=10000)
    with (tmp_path / "masked.csv").open(encoding="utf-8-sig") as handle:
        assert list(csv.reader(handle))[1][0] == "138****5678"
    with (tmp_path / "full.csv").open(encoding="utf-8-sig") as handle:
        assert list(csv.reader(handle))[1][0] == "+8613812345678"
    assert page.message.text() == f"1 number(s) exported to {tmp_path / 'full.csv'}"


def test_take_off_the_list_needs_evidence(ctx: AppContext, qtbot: QtBot) -> None:
    with ctx.session() as session:
        opt_outs.add_opt_out(session, "+8613812345678", reason="T", source="reply")
    page = make_page(ctx, qtbot)
    page.table.selectRow(0)
    assert page.remove_button.isEnabled()
    dialog = page.open_remove_dialog()
    assert isinstance(dialog, RecordConsentDialog)
    dialog.save()
    assert "Evidence" in dialog.error.text()
    assert dialog.isVisible()
    dialog.evidence.setPlainText("顾客到店重新签字 No. 77")
    dialog.method.setCurrentIndex(dialog.method.findData("signature"))
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save()
    qtbot.waitUntil(lambda: page.model.total == 0, timeout=5000)
    with ctx.session() as session:
        assert not opt_outs.is_opted_out(session, "+8613812345678")
        record = session.scalars(select(ConsentRecord)).one()
        assert (record.method, record.evidence_text) == ("signature", "顾客到店重新签字 No. 77")
    page.show_removed.setChecked(True)
    assert cell(page, 0, 4).startswith("Removed ")
    page.table.selectRow(0)
    assert not page.remove_button.isEnabled()


def test_full_numbers_when_the_setting_says_so(ctx: AppContext, qtbot: QtBot) -> None:
    with ctx.session() as session:
        opt_outs.add_opt_out(session, "+8613812345678", reason="T", source="reply")
    ctx.set_setting("privacy.show_full_numbers", True)
    page = make_page(ctx, qtbot)
    assert cell(page, 0, 0) == "13812345678"
