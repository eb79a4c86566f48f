"""The campaigns page and the wizard, driven with qtbot: plan a campaign, see the pre-flight,
confirm, and find it running on the page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from smsdesk.core.clock import utc_now
from smsdesk.core.db.models import Campaign, Message
from tests.helpers.campaign_data import add_contact, setup_shop


@pytest.fixture
def shop_ctx(ctx: Any) -> Any:
    with ctx.db.session() as session:
        setup_shop(session)
        for index in range(12):
            add_contact(session, consent="marketing" if index % 4 else "none")
        add_contact(session, opted_out=True)
    return ctx


def _check(widget: Any, text: str) -> None:
    for row in range(widget.count()):
        if widget.item(row).text() == text:
            widget.item(row).setCheckState(Qt.CheckState.Checked)
            return
    raise AssertionError(f"{text} not offered")


def test_wizard_runs_the_preflight_and_starts_the_campaign(shop_ctx: Any, qtbot: QtBot) -> None:
    from smsdesk.ui.campaigns import background
    from smsdesk.ui.campaigns.campaigns_page import CampaignsPage

    page = CampaignsPage(shop_ctx)
    qtbot.addWidget(page)
    page.ensure_loaded()
    page.show()
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.empty, timeout=10000)

    page._on_choices_loaded(background.load_choices(shop_ctx.db))
    wizard = page.wizard
    assert wizard is not None
    qtbot.addWidget(wizard)
    assert not wizard.audience_page.isComplete()
    wizard.audience_page.name.setText("周末八折")
    _check(wizard.audience_page.tags, "会员")
    assert wizard.audience_page.isComplete()
    wizard.next()
    combo = wizard.content_page._combo(0)
    combo.setCurrentIndex(combo.findText("周末八折"))
    wizard.content_page._on_add_clicked()
    assert [v.split_percent for v in wizard.content_page.variants()] == [50, 50]
    wizard.content_page._on_remove_clicked()
    wizard.next()
    wizard.delivery_page.throttle.setValue(600)
    wizard.next()
    assert wizard.schedule_page.window().label == "09:00-20:00"
    wizard.next()
    preflight_page = wizard.preflight_page
    qtbot.waitUntil(lambda: preflight_page.report is not None, timeout=20000)
    report = preflight_page.report
    assert report is not None
    assert (report.audience, report.eligible) == (13, 9)
    assert report.excluded["no_consent"] == 3
    assert report.excluded["opted_out"] == 1
    assert preflight_page.view.eligible.text() == "9"
    assert not preflight_page.isComplete()  # not confirmed yet
    preflight_page.confirm.setChecked(True)
    assert preflight_page.isComplete()
    with qtbot.waitSignal(wizard.confirmed, timeout=5000):
        wizard.accept()
    qtbot.waitUntil(lambda: any(s.name == "周末八折" for s in page.summaries), timeout=20000)
    summary = next(s for s in page.summaries if s.name == "周末八折")
    assert summary.state in ("running", "scheduled")
    with shop_ctx.db.session() as session:
        campaign = session.scalar(select(Campaign).where(Campaign.name == "周末八折"))
        assert campaign is not None
        assert campaign.throttle_per_minute == 600
        queued = session.scalar(
            select(func.count()).select_from(Message).where(Message.campaign_id == campaign.id)
        )
    assert queued == 9
    assert page.selected_id() == campaign.id
    assert page.pause_button.isVisible()


def test_the_window_cannot_reach_into_quiet_hours(shop_ctx: Any, qtbot: QtBot) -> None:
    from PySide6.QtCore import QTime

    from smsdesk.ui.campaigns import background
    from smsdesk.ui.campaigns.campaign_wizard import CampaignWizard

    wizard = CampaignWizard(shop_ctx, background.load_choices(shop_ctx.db))
    qtbot.addWidget(wizard)
    page = wizard.schedule_page
    page.window_start.setTime(QTime(6, 0))
    page.window_end.setTime(QTime(23, 0))
    assert page.window_start.time() == QTime(8, 0)
    assert page.window_end.time() == QTime(21, 0)
    page.window_start.setTime(QTime(20, 0))
    page.window_end.setTime(QTime(10, 0))
    assert not page.validatePage()
    assert "open before it closes" in page.error.text()


def test_blocked_template_cannot_be_confirmed(shop_ctx: Any, qtbot: QtBot) -> None:
    from smsdesk.ui.campaigns import background
    from smsdesk.ui.campaigns.campaign_wizard import CampaignWizard
    from tests.helpers.campaign_data import make_template

    with shop_ctx.db.session() as session:
        from smsdesk.core.providers import accounts

        account = accounts.active_account(session)
        make_template(session, account.id, 1, "未审核", "本周末全场8折。拒收请回复R", approve=False)
    wizard = CampaignWizard(shop_ctx, background.load_choices(shop_ctx.db))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.audience_page.name.setText("x")
    wizard.audience_page.everyone.setChecked(True)
    wizard.next()
    combo = wizard.content_page._combo(0)
    combo.setCurrentIndex(combo.findText("未审核"))
    wizard.next()
    wizard.next()
    wizard.next()
    page = wizard.preflight_page
    qtbot.waitUntil(lambda: page.report is not None, timeout=20000)
    assert page.report is not None
    assert not page.report.ok
    assert page.view.blockers.isVisible()
    assert "not approved" in page.view.blockers.text()
    assert not page.confirm.isEnabled()
    assert not page.isComplete()


def test_page_actions_and_redeem(shop_ctx: Any, qtbot: QtBot) -> None:
    from smsdesk.core.campaigns import lifecycle
    from smsdesk.core.campaigns.audience import Audience
    from smsdesk.core.campaigns.plan import CampaignPlan, VariantPlan
    from smsdesk.core.db.models import Template
    from smsdesk.ui.campaigns.campaigns_page import CampaignsPage
    from smsdesk.ui.campaigns.redeem_dialog import RedeemDialog

    with shop_ctx.db.session() as session:
        template_id = session.scalar(select(Template.id).where(Template.name == "周末八折"))
        campaign = lifecycle.create_campaign(
            session,
            CampaignPlan(
                name="老客回访",
                variants=(VariantPlan(int(template_id or 0)),),
                audience=Audience(tags=("会员",)),
                ends_at=utc_now() + timedelta(days=3),
            ),
        )
        campaign_id = campaign.id
    page = CampaignsPage(shop_ctx)
    qtbot.addWidget(page)
    page.show()
    page.ensure_loaded()
    qtbot.waitUntil(lambda: page.selected_id() == campaign_id, timeout=10000)
    assert page.start_button.isVisible()
    assert page.model.item(0, 1).text() == "Draft"
    page.start_button.click()
    qtbot.waitUntil(
        lambda: page.selected() is not None and page.selected().state != "draft", timeout=20000
    )  # type: ignore[union-attr]
    page.pause_button.click()
    qtbot.waitUntil(lambda: page.selected().state == "paused", timeout=20000)  # type: ignore[union-attr]
    assert "Paused by you" in page.banner.text()
    assert page.resume_button.isVisible()

    with shop_ctx.db.session() as session:
        code = session.scalar(select(Message.code).where(Message.campaign_id == campaign_id))
    dialog = RedeemDialog(shop_ctx, page)
    qtbot.addWidget(dialog)
    dialog.code.setText(code or "")
    dialog.redeem_button.click()
    qtbot.waitUntil(lambda: "redeemed" in dialog.result.text(), timeout=10000)
    dialog.code.setText(code or "")
    dialog.redeem_button.click()
    qtbot.waitUntil(lambda: "already used" in dialog.result.text(), timeout=10000)
    qtbot.waitUntil(lambda: page.selected().figures.redemptions == 1, timeout=10000)  # type: ignore[union-attr]
