"""Eligibility is decided in SQL for the whole audience: every exclusion reason is counted,
and the counts add up to the audience."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from smsdesk.core.campaigns.audience import Audience
from smsdesk.core.campaigns.plan import VariantPlan
from smsdesk.core.campaigns.preflight import PreflightReport, preflight
from smsdesk.core.enums import MessageKind
from tests.core.campaigns.conftest import NOW, make_plan
from tests.helpers.campaign_data import SIGNATURE, Shop, add_contact, make_template, past_message


def _total(report: PreflightReport) -> int:
    return report.eligible + sum(report.excluded.values())


def test_every_exclusion_reason(session: Session, shop: Shop) -> None:
    for _ in range(3):
        add_contact(session)  # eligible
    add_contact(session, "+86101234", name="座机")  # not a mobile number
    add_contact(session, opted_out=True)
    add_contact(session, consent="service")
    add_contact(session, consent="none")
    add_contact(session, suspect=True)
    add_contact(session, name=" ")  # {name} would be empty
    add_contact(session, carrier="telecom")  # the link: China Telecom refuses it
    add_contact(session, carrier="unicom")  # so does China Unicom since 2025-07-01
    capped = add_contact(session, tier="new")
    past_message(session, capped, NOW - timedelta(days=1))
    add_contact(session, tags=("路人",))  # not in the audience at all

    plan = make_plan(shop, template_id=shop.link_template_id, days=1)
    report = preflight(session, plan, now=NOW)

    assert report.audience == 12
    assert report.eligible == 3
    assert report.excluded == {
        "no_consent": 2,
        "opted_out": 1,
        "frequency_cap": 1,
        "invalid": 1,
        "suspect": 1,
        "carrier_rule": 2,
        "missing_variable": 1,
        "no_time": 0,
    }
    assert _total(report) == report.audience
    assert report.ok


def test_reasons_are_checked_in_order(session: Session, shop: Shop) -> None:
    """An opted-out contact without consent counts once, as opted out."""
    add_contact(session, opted_out=True, consent="none", suspect=True)
    report = preflight(session, make_plan(shop), now=NOW)
    assert report.excluded["opted_out"] == 1
    assert _total(report) == 1


def test_service_messages_need_service_consent_or_a_purchase(session: Session, shop: Shop) -> None:
    service = make_template(
        session,
        shop.account_id,
        shop.signature_id,
        "取件通知",
        "您的订单已到店，请凭取件码取件。",
        MessageKind.SERVICE,
    )
    add_contact(session, consent="service")
    add_contact(session, consent="marketing")
    add_contact(session, consent="none")
    customer = add_contact(session, consent="none")
    customer.purchase_count = 2
    session.flush()
    report = preflight(session, make_plan(shop, template_id=service), now=NOW)
    assert report.kind == "service"
    assert report.eligible == 3
    assert report.excluded["no_consent"] == 1


def test_suspect_numbers_only_miss_marketing(session: Session, shop: Shop) -> None:
    add_contact(session, suspect=True)
    assert preflight(session, make_plan(shop), now=NOW).excluded["suspect"] == 1


def test_campaign_values_and_custom_fields(session: Session, shop: Shop) -> None:
    from smsdesk.core.db.models import CustomField

    session.add(CustomField(key="store", label="门店"))
    template = make_template(
        session,
        shop.account_id,
        shop.signature_id,
        "门店活动",
        "{name}您好，{store}本周{coupon}，拒收请回复R",
    )
    add_contact(session, fields={"store": "南山店"})
    add_contact(session, fields={})
    plan = make_plan(shop, template_id=template, variables={"coupon": "满100减20"})
    report = preflight(session, plan, now=NOW)
    assert report.eligible == 1
    assert report.excluded["missing_variable"] == 1


def test_unknown_variable_blocks(session: Session, shop: Shop) -> None:
    template = make_template(
        session,
        shop.account_id,
        shop.signature_id,
        "未知变量",
        "{name}您好，{gift}等您来拿，拒收请回复R",
    )
    add_contact(session)
    report = preflight(session, make_plan(shop, template_id=template), now=NOW)
    assert not report.ok
    assert ("unknown_variable", "gift") in {(b.code, b.detail) for b in report.blockers}


def test_unapproved_template_and_missing_opt_out_block(session: Session, shop: Shop) -> None:
    unapproved = make_template(
        session,
        shop.account_id,
        shop.signature_id,
        "未审核",
        "本周末全场8折。拒收请回复R",
        approve=False,
    )
    no_opt_out = make_template(
        session, shop.account_id, shop.signature_id, "无退订", "本周末全场8折"
    )
    add_contact(session)
    codes = {
        b.code
        for b in preflight(session, make_plan(shop, template_id=unapproved), now=NOW).blockers
    }
    assert codes == {"template_not_approved"}
    codes = {
        b.code
        for b in preflight(session, make_plan(shop, template_id=no_opt_out), now=NOW).blockers
    }
    assert codes
    assert "template_not_approved" not in codes
    assert SIGNATURE  # the shop's signature is registered, so only the opt-out rule fires


def test_audience_from_tags_with_exclusions(session: Session, shop: Shop) -> None:
    add_contact(session, tags=("会员",))
    add_contact(session, tags=("会员", "员工"))
    add_contact(session, tags=("VIP",))
    add_contact(session, tags=())
    plan = make_plan(shop).with_changes(
        audience=Audience(tags=("会员", "VIP"), exclude_tags=("员工",))
    )
    assert preflight(session, plan, now=NOW).audience == 2
    everyone = make_plan(shop).with_changes(audience=Audience(everyone=True))
    assert preflight(session, everyone, now=NOW).audience == 4


def test_not_enough_time_before_the_end(session: Session, shop: Shop) -> None:
    for _ in range(30):
        add_contact(session)
    # One message a minute for the twelve minutes before the end.
    plan = make_plan(shop, days=12 / (24 * 60), throttle_per_minute=1)
    report = preflight(session, plan, now=NOW)
    assert report.eligible == 12
    assert report.excluded["no_time"] == 18
    assert _total(report) == 30


def test_variant_templates_each_keep_their_carrier_rule(session: Session, shop: Shop) -> None:
    for carrier in ("mobile", "telecom", "unicom") * 20:
        add_contact(session, carrier=carrier)
    plan = make_plan(shop).with_changes(
        variants=(
            VariantPlan(shop.template_id, 50, "A"),
            VariantPlan(shop.link_template_id, 50, "B"),
        ),
        seed=7,
    )
    report = preflight(session, plan, now=NOW)
    # Variant B (the link) loses its telecom and unicom recipients, variant A none.
    assert report.excluded["carrier_rule"] > 0
    assert report.variants["A"] + report.variants["B"] == report.eligible
    assert report.eligible + report.excluded["carrier_rule"] == 60


def test_audience_from_saved_segments(session: Session, shop: Shop) -> None:
    from smsdesk.core.contacts.segments import ContactFilter, save_segment

    add_contact(session, tier="loyal", tags=())
    add_contact(session, tier="loyal", tags=("员工",))
    add_contact(session, tier="new", tags=())
    save_segment(session, "忠实客户", ContactFilter(tiers=("loyal",)))
    plan = make_plan(shop).with_changes(
        audience=Audience(segments=("忠实客户",), exclude_tags=("员工",))
    )
    assert preflight(session, plan, now=NOW).audience == 1


def test_parallel_classification_matches_the_single_pass(
    db: Any, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Big books are classified in id ranges on several connections; the sums must agree."""
    from smsdesk.core.campaigns import preflight as preflight_module
    from tests.helpers.campaign_data import setup_shop

    with db.session() as session:
        shop = setup_shop(session)
        for index in range(60):
            contact = add_contact(
                session,
                tier=("new", "active", "dormant", "loyal")[index % 4],
                consent="marketing" if index % 7 else "none",
                carrier=("mobile", "telecom", "unicom")[index % 3],
                timezone="America/New_York" if index % 10 == 0 else "Asia/Shanghai",
            )
            if index % 3 == 0:
                past_message(session, contact, NOW - timedelta(days=index % 20))
    plan = make_plan(shop, template_id=shop.link_template_id)
    with db.session() as session:
        single = preflight(session, plan, now=NOW)
    monkeypatch.setattr(preflight_module, "PARALLEL_MIN_CONTACTS", 0)
    monkeypatch.setattr(preflight_module.os, "cpu_count", lambda: 3)
    with db.session() as session:
        assert len(preflight_module._parallel_ranges(session)) == 3
        split = preflight(session, plan, now=NOW)
    assert split == single
    assert single.eligible > 0
    assert single.excluded["carrier_rule"] > 0
    assert single.excluded["frequency_cap"] + single.deferred > 0
