"""Cell values as lists hold them: tags, dates, amounts, yes/no, consent words, and the
formula guard."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smsdesk.core.contacts import import_values as values
from smsdesk.core.contacts.cell_guard import guard, unguard
from smsdesk.core.contacts.exporter import VALUE_WORDS
from smsdesk.core.enums import ConsentMethod, ConsentScope, Tier


def test_tags_split_on_every_separator() -> None:
    assert values.split_tags("VIP,老客户，会员;团购；生日会员、储值卡 新客\t线上") == (
        "VIP",
        "老客户",
        "会员",
        "团购",
        "生日会员",
        "储值卡",
        "新客",
        "线上",
    )
    assert values.split_tags("VIP, VIP ,,vip") == ("VIP", "vip")
    assert values.split_tags(None) == ()
    assert values.split_tags("  ") == ()
    assert values.split_tags("x" * 100) == ("x" * values.TAG_MAX_LENGTH,)


@pytest.mark.parametrize(
    "raw",
    [
        date(1990, 5, 12),
        datetime(1990, 5, 12, 8, 30),
        "1990-05-12",
        "1990/5/12",
        "1990.05.12",
        "1990年5月12日",
        "19900512",
        "１９９０－０５－１２",
        33005.0,
    ],
)
def test_dates(raw: object) -> None:
    assert values.parse_date(raw) == date(1990, 5, 12)


def test_bad_dates_raise() -> None:
    for raw in ("soon", "1990-13-01", "12/05"):
        with pytest.raises(ValueError):  # noqa: PT011
            values.parse_date(raw)
    assert values.parse_date("") is None


def test_month_day() -> None:
    assert values.parse_month_day("5月12日") == "05-12"
    assert values.parse_month_day("02-29") == "02-29"
    with pytest.raises(ValueError):  # noqa: PT011
        values.parse_month_day("02-30")


def test_datetimes_with_and_without_zone() -> None:
    assert values.parse_datetime("2026-01-02T03:04:05Z") == datetime(
        2026, 1, 2, 3, 4, 5, tzinfo=UTC
    )
    assert values.parse_datetime("2026-01-02 11:04:05+08:00") == datetime(
        2026, 1, 2, 3, 4, 5, tzinfo=UTC
    )
    local = datetime(2026, 1, 2, 3, 4, 5).astimezone().astimezone(UTC)
    assert values.parse_datetime("2026-01-02 03:04:05") == local
    assert values.parse_datetime(datetime(2026, 1, 2, 3, 4, 5)) == local
    assert values.parse_datetime("2026-01-02 03:04:05.25") == local.replace(microsecond=250000)


@pytest.mark.parametrize(
    ("raw", "cents"),
    [
        (1234.5, 123450),
        (1246.62, 124662),
        (0.125, 13),
        (12, 1200),
        ("¥1,234.50", 123450),
        ("1234.5元", 123450),
        ("RMB 12", 1200),
        ("￥ 8", 800),
    ],
)
def test_amounts(raw: object, cents: int) -> None:
    assert values.parse_amount_cents(raw) == cents


def test_counts_and_booleans() -> None:
    assert values.parse_count("3次") == 3
    assert values.parse_count(3.0) == 3
    with pytest.raises(ValueError):  # noqa: PT011
        values.parse_count(2.5)
    assert values.parse_bool("是") is True
    assert values.parse_bool("√") is True
    assert values.parse_bool("已退订") is True
    assert values.parse_bool("否") is False
    assert values.parse_bool("N") is False
    assert values.parse_bool(0) is False
    with pytest.raises(ValueError):  # noqa: PT011
        values.parse_bool("maybe")


def test_consent_words() -> None:
    assert values.parse_scope("营销") is ConsentScope.MARKETING
    assert values.parse_scope("Y") is ConsentScope.MARKETING
    assert values.parse_scope("仅通知") is ConsentScope.SERVICE
    assert values.parse_scope("A") is ConsentScope.SERVICE
    assert values.parse_scope("未授权") is ConsentScope.NONE
    assert values.parse_method("纸质") is ConsentMethod.PAPER
    assert values.parse_method("短信回复") is ConsentMethod.SMS_REPLY
    assert values.parse_method("web_form") is ConsentMethod.WEB_FORM
    with pytest.raises(ValueError):  # noqa: PT011
        values.parse_method("telepathy")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_exported_words_read_back(language: str) -> None:
    words = VALUE_WORDS[language]
    for code, word in words["scope"].items():
        assert values.parse_scope(word) == ConsentScope(code)
    for code, word in words["method"].items():
        assert values.parse_method(word) == ConsentMethod(code)
    for code, word in words["tier"].items():
        assert values.parse_tier(word) == Tier(code)
    assert values.parse_bool(words["bool"]["1"]) is True
    assert values.parse_bool(words["bool"]["0"]) is False


def test_text() -> None:
    assert values.text(13812345678.0) == "13812345678"
    assert values.text(" a ") == "a"
    assert values.text("") is None
    assert values.text(date(2020, 1, 2)) == "2020-01-02"
    assert values.text("abcdef", limit=3) == "abc"


@pytest.mark.parametrize(
    ("value", "guarded"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+86", "'+86"),
        ("-5", "'-5"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("'=x", "''=x"),
        ("'13812345678", "'13812345678"),
        ("plain", "plain"),
        ("", ""),
    ],
)
def test_formula_guard(value: str, guarded: str) -> None:
    assert guard(value) == guarded
    assert unguard(guarded) == value


@given(st.text())
def test_unguard_inverts_guard(value: str) -> None:
    assert unguard(guard(value)) == value
    assert not guard(value).startswith(("=", "+", "-", "@", "\t", "\r"))
