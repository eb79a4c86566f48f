"""Carrier enforcement comes from a data file with dates: Telecom since 2025-05-20, Unicom
since 2025-07-01, Mobile expected; the user's copy in the data folder wins."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from smsdesk.core.compliance import carrier_rules, rule_data
from smsdesk.core.compliance.checker import CheckContext, carrier_blocks, check
from smsdesk.core.compliance.findings import Severity
from smsdesk.core.enums import Carrier

LINK_TEXT = "【XX生鲜】领券戳 t.cn/abc，拒收请回复R"
PHONE_TEXT = "【XX生鲜】订购热线400-800-1234，拒收请回复R"
ALL = frozenset(Carrier)


def severity(
    text: str, carriers: set[Carrier], today: date, rule: str = "contact.link"
) -> Severity:
    report = check(text, CheckContext(carriers=frozenset(carriers), today=today))
    (finding,) = [f for f in report.findings if f.rule == rule]
    return finding.severity


@pytest.mark.parametrize(
    ("carrier", "today", "expected"),
    [
        (Carrier.TELECOM, date(2025, 5, 19), Severity.WARNING),
        (Carrier.TELECOM, date(2025, 5, 20), Severity.ERROR),
        (Carrier.UNICOM, date(2025, 6, 30), Severity.WARNING),
        (Carrier.UNICOM, date(2025, 7, 1), Severity.ERROR),
        (Carrier.MOBILE, date(2026, 1, 1), Severity.WARNING),
        (Carrier.BROADNET, date(2026, 1, 1), Severity.WARNING),
        (Carrier.INTERNATIONAL, date(2026, 1, 1), Severity.WARNING),
        (Carrier.UNKNOWN, date(2025, 6, 1), Severity.ERROR),
        (Carrier.UNKNOWN, date(2025, 5, 1), Severity.WARNING),
    ],
)
def test_enforcement_by_carrier_and_date(carrier: Carrier, today: date, expected: Severity) -> None:
    assert severity(LINK_TEXT, {carrier}, today) is expected
    assert severity(PHONE_TEXT, {carrier}, today, "contact.phone") is expected


def test_one_enforcing_carrier_among_the_recipients_makes_it_an_error() -> None:
    assert (
        severity(LINK_TEXT, {Carrier.MOBILE, Carrier.TELECOM}, date(2025, 6, 1)) is Severity.ERROR
    )


def test_error_names_the_carriers_and_dates() -> None:
    report = check(LINK_TEXT, CheckContext(today=date(2025, 8, 1)))
    (finding,) = [f for f in report.findings if f.rule == "contact.link"]
    assert finding.carriers == {Carrier.TELECOM, Carrier.UNICOM}
    assert "中国电信（2025-05-20起）" in finding.message_zh
    assert "China Unicom (since 2025-07-01)" in finding.message_en


def test_carrier_blocks() -> None:
    today = date(2025, 8, 1)
    assert carrier_blocks(LINK_TEXT, CheckContext(carriers=ALL, today=today)) == {
        Carrier.TELECOM,
        Carrier.UNICOM,
        Carrier.UNKNOWN,
    }
    assert carrier_blocks(LINK_TEXT, CheckContext(carriers=ALL, today=date(2025, 6, 1))) == {
        Carrier.TELECOM,
        Carrier.UNKNOWN,
    }
    assert (
        carrier_blocks(LINK_TEXT, CheckContext(carriers=frozenset({Carrier.MOBILE}), today=today))
        == set()
    )
    clean = "【XX生鲜】今晚8折，打开APP查看「我的优惠券」，拒收请回复R"
    assert carrier_blocks(clean, CheckContext(carriers=ALL, today=today)) == set()
    registered = CheckContext(carriers=ALL, today=today, registered_links=("t.cn/abc",))
    assert carrier_blocks(LINK_TEXT, registered) == set()


def test_carrier_blocks_ignores_other_errors() -> None:
    # Missing opt-out and an absolute claim are errors for everybody, not carrier rules.
    text = "【XX生鲜】全场最佳"
    assert not check(text, CheckContext(carriers=ALL)).ok
    assert carrier_blocks(text, CheckContext(carriers=ALL)) == set()


def test_users_copy_of_the_data_file_wins(smsdesk_home: Path) -> None:
    shipped = json.loads(
        (rule_data.shipped_folder("compliance") / "carrier_rules.json").read_text("utf-8")
    )
    shipped["carriers"]["mobile"]["enforced_since"] = "2025-09-01"
    folder = smsdesk_home / "compliance"
    folder.mkdir(parents=True)
    (folder / "carrier_rules.json").write_text(json.dumps(shipped), encoding="utf-8")
    rule_data.forget()
    try:
        assert severity(LINK_TEXT, {Carrier.MOBILE}, date(2025, 8, 31)) is Severity.WARNING
        assert severity(LINK_TEXT, {Carrier.MOBILE}, date(2025, 9, 1)) is Severity.ERROR
    finally:
        rule_data.forget()


def test_shipped_dates() -> None:
    rules = carrier_rules.load()
    telecom, unicom, mobile = (
        rules.rule(c) for c in (Carrier.TELECOM, Carrier.UNICOM, Carrier.MOBILE)
    )
    assert telecom is not None
    assert telecom.enforced_since == date(2025, 5, 20)
    assert unicom is not None
    assert unicom.enforced_since == date(2025, 7, 1)
    assert mobile is not None
    assert mobile.enforced_since is None
    assert mobile.expected
    assert (rules.max_links, rules.max_contacts) == (1, 2)
