"""The sending GUI: the sender thread, the Send dialog and the Outbox page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from smsdesk.core.clock import utc_now
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import Message, ProviderAccount
from smsdesk.core.enums import MessageState
from smsdesk.core.sending.account_pause import PauseReason, pause_account
from smsdesk.core.sending.outbox import OutboxItem, enqueue
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.sending.outbox_page import OutboxPage
from smsdesk.ui.sending.send_dialog import SendDialog
from smsdesk.ui.sending.sender_thread import SenderController, controller_for
from tests.helpers.sending_ui_world import Shop, open_shop
from tests.helpers.sending_world import DAYTIME_UTC, RecordingProvider, number

WAIT_MS = 15000


@pytest.fixture(autouse=True)
def daytime() -> Iterator[None]:
    with time_machine.travel(DAYTIME_UTC, tick=True):
        yield


@pytest.fixture
def shop(db: Database, tmp_path: Path) -> Shop:
    return open_shop(db, tmp_path / "sandbox")


def queue(db: Database, shop: Shop, count: int = 3) -> None:
    with db.session() as session:
        enqueue(
            session,
            [
                OutboxItem(
                    e164=number(i),
                    template_id=shop.template_id,
                    variables={"name": f"客户{i}", "coupon": "A1"},
                    contact_id=i + 1,
                    provider_account_id=shop.account_id,
                )
                for i in range(count)
            ],
        )


def states(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(Message.state).order_by(Message.id)))


@pytest.fixture
def controller(ctx: AppContext) -> Iterator[SenderController]:
    sender = SenderController(ctx)
    yield sender
    assert sender.stop(wait_ms=WAIT_MS)


def test_sender_thread_sends_and_reports_by_signals(
    ctx: AppContext, db: Database, shop: Shop, controller: SenderController, qtbot: QtBot
) -> None:
    queue(db, shop)
    assert controller_for(ctx) is controller
    progress: list[dict[str, int]] = []
    controller.progress.connect(progress.append)
    with qtbot.waitSignal(controller.running_changed, timeout=WAIT_MS):
        controller.start()
    qtbot.waitUntil(lambda: bool(progress) and progress[-1]["receipts"] >= 3, timeout=WAIT_MS)
    assert progress[-1]["submitted"] == 3
    assert states(db) == ["delivered"] * 3
    with qtbot.waitSignal(controller.running_changed, timeout=WAIT_MS) as stopped:
        controller.stop()
    assert stopped.args == [False]
    assert controller.status == "stopped"


def test_account_pause_reaches_the_gui_as_a_signal(
    ctx: AppContext, db: Database, shop: Shop, qtbot: QtBot
) -> None:
    from smsdesk.core.providers.base import ErrorCategory, ProviderRefusedError

    def refuse(messages):  # type: ignore[no-untyped-def]
        raise ProviderRefusedError(
            "no money", category=ErrorCategory.BALANCE, vendor_code="isv.AMOUNT_NOT_ENOUGH"
        )

    queue(db, shop, count=2)
    provider = RecordingProvider(script=refuse)
    sender = SenderController(ctx, provider_factory=lambda s, a: provider)
    with qtbot.waitSignal(sender.account_paused, timeout=WAIT_MS) as paused:
        sender.start()
    assert paused.args[1:4] == ["Sandbox", "balance", "isv.AMOUNT_NOT_ENOUGH"]
    assert sender.stop(wait_ms=WAIT_MS)
    assert states(db) == ["queued", "queued"]


def test_send_dialog_reviews_then_queues(
    ctx: AppContext, db: Database, shop: Shop, qtbot: QtBot
) -> None:
    dialog = SendDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(lambda: dialog.account_combo.count() == 1, timeout=WAIT_MS)
    assert dialog.tag_radio.isChecked()
    assert dialog.template_combo.currentText() == "会员日"
    assert list(dialog.variable_edits) == ["coupon"]
    dialog.variable_edits["coupon"].setText("K9")
    qtbot.mouseClick(dialog.review_button, qtbot_left())
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=WAIT_MS)
    assert dialog.plan is not None
    assert dialog.plan.count == 3
    assert dialog.plan.skipped == {"no_consent": 1}
    assert "Messages: 3" in dialog.summary.text()
    assert dialog.send_button.isVisible()
    with qtbot.waitSignal(dialog.queued, timeout=WAIT_MS) as queued:
        qtbot.mouseClick(dialog.send_button, qtbot_left())
    assert queued.args == [3]
    with db.session() as session:
        bodies = list(session.scalars(select(Message.body)))
    assert bodies[0] == "【小店】客户0您好，本周会员日全场八折，凭券K9到店使用，拒收请回复R"


def test_send_dialog_change_after_review_needs_a_new_review(
    ctx: AppContext, db: Database, shop: Shop, qtbot: QtBot
) -> None:
    dialog = SendDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(lambda: dialog.account_combo.count() == 1, timeout=WAIT_MS)
    dialog.variable_edits["coupon"].setText("K9")
    qtbot.mouseClick(dialog.review_button, qtbot_left())
    qtbot.waitUntil(lambda: dialog.send_button.isVisible(), timeout=WAIT_MS)
    dialog.number_radio.setChecked(True)
    assert dialog.plan is None
    assert not dialog.send_button.isVisible()
    assert dialog.review_button.isVisible()


def test_outbox_page_counts_filters_and_settles_unknown_messages(
    ctx: AppContext, db: Database, shop: Shop, qtbot: QtBot
) -> None:
    queue(db, shop, count=3)
    with db.session() as session:
        rows = session.scalars(select(Message).order_by(Message.id)).all()
        rows[0].state = MessageState.UNKNOWN.value
        rows[0].submitting_at = utc_now()
        rows[1].state = MessageState.DELIVERED.value
    page = OutboxPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.ensure_loaded()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=WAIT_MS)
    assert page.filter_buttons[""].text() == "All (3)"
    assert page.filter_buttons["unknown"].text() == "Unknown (1)"
    assert not page.filter_buttons["failed"].isVisible()
    assert page.unknown_banner.isVisible()
    assert page.model.data(page.model.index(2, 0)) == "138****0000"  # newest first, masked

    qtbot.mouseClick(page.filter_buttons["unknown"], qtbot_left())
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT_MS)
    page.table.selectRow(0)
    assert page.sent_button.isEnabled()
    assert not page.cancel_button.isEnabled()
    with qtbot.waitSignal(ctx.data_changed, timeout=WAIT_MS):
        qtbot.mouseClick(page.drop_button, qtbot_left())
    assert states(db) == ["cancelled", "delivered", "queued"]
    qtbot.waitUntil(lambda: not page.unknown_banner.isVisible(), timeout=WAIT_MS)


def test_outbox_page_shows_a_paused_account_and_resumes_it(
    ctx: AppContext, db: Database, shop: Shop, qtbot: QtBot
) -> None:
    with db.session() as session:
        pause_account(
            session, shop.account_id, PauseReason("auth", "InvalidAccessKeyId", "bad key")
        )
    page = OutboxPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.ensure_loaded()
    qtbot.waitUntil(lambda: page.paused_box.count() == 1, timeout=WAIT_MS)
    banner = page.paused_box.itemAt(0).widget()
    assert "Sandbox" in banner.label.text()
    assert "InvalidAccessKeyId" in banner.label.text()
    resume = banner.findChildren(type(page.send_button))[0]
    qtbot.waitUntil(resume.isVisible, timeout=WAIT_MS)
    qtbot.mouseClick(resume, qtbot_left())
    qtbot.waitUntil(lambda: page.paused_box.count() == 0, timeout=WAIT_MS)
    with db.session() as session:
        assert session.get(ProviderAccount, shop.account_id).paused_reason == ""


def qtbot_left():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_start_sender_from_the_outbox_page_delivers_with_the_sandbox(
    ctx: AppContext, db: Database, shop: Shop, qtbot: QtBot
) -> None:
    queue(db, shop, count=2)
    page = OutboxPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.ensure_loaded()
    assert page.sender_button.text() == "Start sender"
    qtbot.mouseClick(page.sender_button, qtbot_left())
    controller = controller_for(ctx)
    assert controller is not None
    try:
        qtbot.waitUntil(lambda: states(db) == ["delivered", "delivered"], timeout=WAIT_MS)
        qtbot.waitUntil(
            lambda: page.filter_buttons["delivered"].text() == "Delivered (2)", timeout=WAIT_MS
        )
        assert page.sender_button.text() == "Stop sender"
    finally:
        assert controller.stop(wait_ms=WAIT_MS)
