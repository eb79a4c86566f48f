"""The contact page: the lazy table over 100,000 contacts, search, filters, sorting, masked
numbers, add/edit, bulk tags, delete and segments."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from smsdesk.core.contacts import book, segments
from smsdesk.core.contacts.book import ContactDraft
from smsdesk.core.contacts.numbers import mask
from smsdesk.core.contacts.segments import ContactFilter
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import AuditEntry, Contact, OptOut
from smsdesk.ui.contacts.contact_table_model import CACHED_PAGES, PAGE, ContactTableModel
from smsdesk.ui.contacts.contacts_page import ContactsPage
from tests.helpers.contacts_data import fill_book

MASKED = re.compile(r"^1\d\d\*{4}\d{4}$")


def open_page(qtbot: QtBot, ctx) -> ContactsPage:  # type: ignore[no-untyped-def]
    page = ContactsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.ensure_loaded()
    qtbot.waitUntil(lambda: page.model.total is not None, timeout=10000)
    return page


def wait_for_filter(qtbot: QtBot, page: ContactsPage) -> None:
    qtbot.waitUntil(lambda: page.model.total is not None, timeout=10000)


def test_lazy_table_over_a_big_book(qtbot: QtBot, big_ctx, big_db: Database) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, big_ctx)
    model = page.model
    assert model.total == 100_000
    assert model.rowCount() == 100_000
    assert page.count_label.text() == "100,000 contacts"
    with big_db.session() as session:
        first = session.execute(select(Contact.id, Contact.e164).order_by(Contact.id)).first()
        last = session.execute(select(Contact.id, Contact.e164).order_by(Contact.id.desc())).first()
        middle = session.execute(
            select(Contact.id).order_by(Contact.id).offset(54_321).limit(1)
        ).scalar_one()
    assert first is not None
    assert last is not None
    assert model.data(model.index(0, 0)) == mask(first[1])
    assert MASKED.match(model.data(model.index(5, 0)))
    page.table.scrollToBottom()
    qtbot.wait(50)
    assert model.data(model.index(99_999, 0), ContactTableModel.ID_ROLE) == last[0]
    assert model.data(model.index(54_321, 0), ContactTableModel.ID_ROLE) == middle
    # Only windows were read, never the table.
    assert model.cached_rows <= CACHED_PAGES * PAGE
    assert model.pages_fetched < 40
    for row in range(0, 100_000, 997):
        model.data(model.index(row, 1))
    assert model.cached_rows <= CACHED_PAGES * PAGE


def test_sequential_pages_match_the_database(qtbot: QtBot, big_ctx, big_db: Database) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, big_ctx)
    model = page.model
    ids = [model.data(model.index(r, 0), ContactTableModel.ID_ROLE) for r in range(1000)]
    with big_db.session() as session:
        expected = list(session.scalars(select(Contact.id).order_by(Contact.id).limit(1000)))
    assert ids == expected


def test_search_and_filters(qtbot: QtBot, big_ctx, big_db: Database) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, big_ctx)
    with big_db.session() as session:
        name, e164 = session.execute(select(Contact.name, Contact.e164).limit(1)).one()
        by_name = segments.count(session, ContactFilter(search=name))
        loyal = segments.count(session, ContactFilter(tiers=("loyal",)))
        opted = session.scalar(select(func.count()).where(Contact.opted_out.is_(True)))
    page.search.setText(name)
    qtbot.waitUntil(lambda: page.model.filter.search == name, timeout=3000)
    wait_for_filter(qtbot, page)
    assert page.model.total == by_name
    assert all(name in page.model.data(page.model.index(r, 1)) for r in range(min(by_name, 50)))
    page.search.setText(e164[3:])
    qtbot.waitUntil(lambda: page.model.filter.search == e164[3:], timeout=3000)
    wait_for_filter(qtbot, page)
    assert page.model.total == 1
    assert page.count_label.text() == "1 matching contacts"
    page.search.clear()
    page.tier_filter.setCurrentIndex(page.tier_filter.findData("loyal"))
    page.apply_filters()
    wait_for_filter(qtbot, page)
    assert page.model.total == loyal
    assert {page.model.data(page.model.index(r, 3)) for r in range(50)} == {"Loyal"}
    page.clear_filters()
    page.opted_out_filter.setCurrentIndex(page.opted_out_filter.findData(True))
    page.apply_filters()
    wait_for_filter(qtbot, page)
    assert page.model.total == opted
    assert page.model.data(page.model.index(0, 7)) == "Opted out"


def test_sort_by_name_and_unsortable_columns(qtbot: QtBot, big_ctx, big_db: Database) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, big_ctx)
    with big_db.session() as session:
        names = list(
            session.scalars(select(Contact.name).order_by(Contact.name, Contact.id).limit(300))
        )
        top = list(
            session.scalars(
                select(Contact.name).order_by(Contact.name.desc(), Contact.id.desc()).limit(3)
            )
        )
    page._on_header_section_clicked(1)
    wait_for_filter(qtbot, page)
    assert [page.model.data(page.model.index(r, 1)) for r in range(300)] == names
    page._on_header_section_clicked(1)
    wait_for_filter(qtbot, page)
    assert [page.model.data(page.model.index(r, 1)) for r in range(3)] == top
    page._on_header_section_clicked(2)  # tags: not sortable, order unchanged
    assert page.model.sort_column == 1
    assert page.table.horizontalHeader().sortIndicatorSection() == 1


def test_model_is_consistent(qtbot: QtBot, qtmodeltester, ctx, db: Database) -> None:  # type: ignore[no-untyped-def]
    fill_book(db, 450, seed=4)
    model = ContactTableModel(ctx)
    model.reload()
    qtbot.waitUntil(lambda: model.total == 450, timeout=5000)
    qtmodeltester.check(model)


def test_reveal_full_numbers_is_audited(qtbot: QtBot, ctx, db: Database) -> None:  # type: ignore[no-untyped-def]
    fill_book(db, 30, seed=2)
    page = open_page(qtbot, ctx)
    assert MASKED.match(page.model.data(page.model.index(0, 0)))
    page.reveal.setChecked(True)
    assert re.fullmatch(r"1\d{10}", page.model.data(page.model.index(0, 0)))
    with db.session() as session:
        actions = list(session.scalars(select(AuditEntry.action)))
    assert "contacts.reveal_numbers" in actions
    page.reveal.setChecked(False)
    assert MASKED.match(page.model.data(page.model.index(0, 0)))


def test_add_contact_with_live_validation(qtbot: QtBot, ctx, db: Database) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    assert page.stack.currentWidget() is page.empty
    dialog = page.open_add_dialog()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()
    qtbot.keyClicks(dialog.number, "010-6234 5678")
    assert not save.isEnabled()
    assert "landline" in dialog.number_status.text()
    dialog.number.clear()
    qtbot.keyClicks(dialog.number, "138 1234 5678")
    assert save.isEnabled()
    assert "China Mobile" in dialog.number_status.text()
    assert "+8613812345678" in dialog.number_status.text()
    dialog.name.setText("张三")
    dialog.tags.setText("VIP, 老客户")
    with qtbot.waitSignal(dialog.saved, timeout=3000):
        save.click()
    wait_for_filter(qtbot, page)
    assert page.model.total == 1
    assert page.stack.currentWidget() is page.table
    assert page.model.data(page.model.index(0, 2)) == "VIP, 老客户"
    again = page.open_add_dialog()
    again.number.setText("+86 138-1234-5678")
    again.save()
    assert again.error.isVisible()
    assert "already" in again.error.text()


def test_edit_a_contact(qtbot: QtBot, ctx, db: Database) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        book.add_contact(session, "13812345678", ContactDraft(name="旧名", tags=("A",)))
    page = open_page(qtbot, ctx)
    page.select_rows([0])
    dialog = page.open_edit_dialog()
    assert dialog is not None
    assert dialog.number.isReadOnly()
    assert dialog.name.text() == "旧名"
    dialog.name.setText("新名")
    dialog.tags.setText("B")
    dialog.save()
    wait_for_filter(qtbot, page)
    assert page.model.data(page.model.index(0, 1)) == "新名"
    assert page.model.data(page.model.index(0, 2)) == "B"


def test_bulk_tags_and_delete_keep_opt_outs(qtbot: QtBot, ctx, db: Database) -> None:  # type: ignore[no-untyped-def]
    fill_book(db, 20, seed=5)
    page = open_page(qtbot, ctx)
    page.select_rows([0, 1, 2])
    ids = page.selected_ids()
    assert ids is not None
    assert len(ids) == 3
    dialog = page.open_tag_dialog()
    dialog.tags.setText("回访，2024")
    with qtbot.waitSignal(ctx.data_changed, timeout=5000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    with db.session() as session:
        tagged = segments.count(session, ContactFilter(tags=("回访",)))
    assert tagged == 3
    assert "3" in page.message.text()
    with db.session() as session:
        e164 = session.get(Contact, ids[0]).e164  # type: ignore[union-attr]
        if not book.is_opted_out(session, e164):
            session.add(OptOut(e164=e164, reason="T", source="reply"))
    wait_for_filter(qtbot, page)
    page.select_rows([0, 1])
    box = page.confirm_delete()
    assert box is not None
    assert "opt-out list stay" in box.text()
    with qtbot.waitSignal(ctx.data_changed, timeout=5000):
        page.delete_contacts(page.selected_ids(), page.current_filter())
    wait_for_filter(qtbot, page)
    assert page.model.total == 18
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(OptOut)) >= 1
        assert session.scalar(select(OptOut.id).where(OptOut.e164 == e164)) is not None


def test_tag_everyone_shown_when_all_are_selected(qtbot: QtBot, ctx, db: Database) -> None:  # type: ignore[no-untyped-def]
    fill_book(db, 12, seed=6)
    page = open_page(qtbot, ctx)
    page.table.selectAll()
    assert page.selected_ids() is None
    with qtbot.waitSignal(ctx.data_changed, timeout=5000):
        page.apply_tags(["全部"], True, ids=None, flt=page.current_filter())
    with db.session() as session:
        assert segments.count(session, ContactFilter(tags=("全部",))) == 12


def test_segments_save_and_apply(qtbot: QtBot, ctx, db: Database) -> None:  # type: ignore[no-untyped-def]
    fill_book(db, 200, seed=7)
    page = open_page(qtbot, ctx)
    page.tier_filter.setCurrentIndex(page.tier_filter.findData("dormant"))
    page.apply_filters()
    wait_for_filter(qtbot, page)
    dormant = page.model.total
    dialog = page.open_save_segment()
    dialog.setTextValue("沉睡客户")
    dialog.accept()
    with db.session() as session:
        saved = segments.get_segment(session, "沉睡客户")
        assert segments.segment_filter(saved) == ContactFilter(tiers=("dormant",))
    page.clear_filters()
    wait_for_filter(qtbot, page)
    assert page.model.total == 200
    index = page.segment.findText("沉睡客户")
    page.segment.setCurrentIndex(index)
    page._on_segment_activated(index)
    wait_for_filter(qtbot, page)
    assert page.model.total == dormant
    assert page.tier_filter.currentData() == "dormant"
    assert page.segment.currentText() == "沉睡客户"


def test_main_window_menu_entry_points(qtbot: QtBot, ctx, db: Database) -> None:  # type: ignore[no-untyped-def]
    """File → Export and Edit → Find land on the page's own actions."""
    fill_book(db, 30, seed=8)
    page = open_page(qtbot, ctx)
    page.tier_filter.setCurrentIndex(page.tier_filter.findData("new"))
    page.apply_filters()
    wait_for_filter(qtbot, page)
    export = page.start_export()
    assert export.isVisible()
    assert export.filter_button.isChecked()
    assert export.chosen_filter() == ContactFilter(tiers=("new",))
    export.close()
    page.search.setText("abc")
    page.focus_search()
    assert page.search.selectedText() == "abc"
