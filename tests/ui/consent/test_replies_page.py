"""The replies page: manual entry acts at once; filter by action and by "needs review"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from smsdesk.core.consent import consent_log, opt_outs
from smsdesk.core.consent.replies import record_reply
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.consent.replies_page import RepliesPage

NOW = datetime.now(UTC)


def make_page(ctx: AppContext, qtbot: QtBot) -> RepliesPage:
    page = RepliesPage(ctx)
    qtbot.addWidget(page)
    page.ensure_loaded()
    return page


def texts(page: RepliesPage) -> list[str]:
    return [str(page.model.index(row, 2).data()) for row in range(page.model.rowCount())]


@pytest.fixture
def some_replies(ctx: AppContext) -> None:
    with ctx.session() as session:
        for minutes, (number, text) in enumerate(
            [("13800000001", "退订谢谢"), ("13800000002", "TD是什么"), ("13800000003", "好的"),
             ("13800000004", "START"), ("13800000005", "我不退订")]
        ):  # fmt: skip
            record_reply(
                session, e164=number, text=text, received_at=NOW + timedelta(minutes=minutes)
            )


def test_empty_page(ctx: AppContext, qtbot: QtBot) -> None:
    page = make_page(ctx, qtbot)
    assert page.stack.currentWidget() is page.empty


def test_lists_newest_first_with_the_action(
    ctx: AppContext, qtbot: QtBot, some_replies: None
) -> None:
    page = make_page(ctx, qtbot)
    assert texts(page) == ["我不退订", "START", "好的", "TD是什么", "退订谢谢"]
    assert page.model.index(4, 3).data() == "Opted out"
    assert page.model.index(1, 3).data() == "Consented to marketing"
    assert page.model.index(2, 3).data() == "No action"
    assert page.model.index(3, 3).data() == "No action · needs review"
    assert page.model.index(0, 1).data() == "138****0005"


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("opt_out", ["退订谢谢"]),
        ("consent_marketing", ["START"]),
        ("none", ["我不退订", "好的", "TD是什么"]),
        ("review", ["我不退订", "TD是什么"]),
    ],
)
def test_filter_by_action(
    ctx: AppContext, qtbot: QtBot, some_replies: None, mode: str, expected: list[str]
) -> None:
    page = make_page(ctx, qtbot)
    page.set_filter(mode)
    assert texts(page) == expected
    assert page.count_label.text() == f"{len(expected)} reply(ies)"


def test_search_reply_text(ctx: AppContext, qtbot: QtBot, some_replies: None) -> None:
    page = make_page(ctx, qtbot)
    page.search.setText("退订")
    qtbot.waitUntil(lambda: texts(page) == ["我不退订", "退订谢谢"], timeout=3000)


def test_manual_opt_out_reply_acts_at_once(ctx: AppContext, qtbot: QtBot) -> None:
    page = make_page(ctx, qtbot)
    changes: list[str] = []
    ctx.data_changed.connect(changes.append)
    dialog = page.open_record_dialog()
    dialog.number.setText("138 1234 5678")
    dialog.text.setPlainText("不要再发了")
    with qtbot.waitSignal(dialog.recorded, timeout=5000) as blocker:
        dialog.save()
    assert blocker.args[1] == "opt_out"
    assert {"replies", "consent", "optouts"} <= set(changes)
    assert texts(page) == ["不要再发了"]
    assert page.message.text() == "Reply recorded: the number is now on the opt-out list."
    with ctx.session() as session:
        assert opt_outs.is_opted_out(session, "+8613812345678")


def test_manual_repermission_answer(ctx: AppContext, qtbot: QtBot) -> None:
    page = make_page(ctx, qtbot)
    dialog = page.open_record_dialog()
    dialog.number.setText("13812345678")
    dialog.text.setPlainText("A")
    dialog.context.setCurrentIndex(dialog.context.findData(True))
    with qtbot.waitSignal(dialog.recorded, timeout=5000):
        dialog.save()
    with ctx.session() as session:
        assert consent_log.current_scope(session, "+8613812345678") == "service"


def test_manual_entry_refuses_empty_text_and_bad_numbers(ctx: AppContext, qtbot: QtBot) -> None:
    page = make_page(ctx, qtbot)
    dialog = page.open_record_dialog()
    dialog.number.setText("12")
    dialog.text.setPlainText("T")
    dialog.save()
    assert dialog.error.isVisibleTo(dialog)
    dialog.number.setText("13812345678")
    dialog.text.setPlainText("  ")
    dialog.save()
    assert dialog.error.text() == "Enter the text of the reply."
    assert page.model.rowCount() == 0
