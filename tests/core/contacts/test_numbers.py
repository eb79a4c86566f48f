"""The number normaliser: every written form, every reject reason, what the number tells."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smsdesk.core import settings as app_settings
from smsdesk.core.contacts import cn_tables, numbers
from smsdesk.core.contacts.numbers import (
    NumberInfo,
    NumberParser,
    NumberRejected,
    RejectReason,
    display,
    mask,
    normalize,
    parse,
)
from smsdesk.core.enums import Carrier
from tests.helpers.contacts_data import number_forms

E164 = "+8613812345678"


@pytest.mark.parametrize(
    "raw",
    [
        *number_forms("13812345678"),
        13812345678,
        "138 1234 5678 ",
        "+86-138-1234-5678",
        "(+86) 138 1234 5678",
        "+86 (0)138 1234 5678",
        "86 138 1234 5678",
        "１３８－１２３４－５６７８",
        "＋８６１３８１２３４５６７８",
        "\ufeff13812345678",
        "\u202a13812345678\u202c",
        "手机：138 1234 5678",
        "Tel: 13812345678",
        '"13812345678"',
        "=13812345678",
        "138.1234.5678",
        "1.3812345678e+10",
        "13812345678.00",
    ],
)
def test_every_written_form_gives_the_same_e164(raw: object) -> None:
    assert normalize(raw) == E164


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", RejectReason.EMPTY),
        ("   ", RejectReason.EMPTY),
        (None, RejectReason.EMPTY),
        (float("nan"), RejectReason.EMPTY),
        ("张三", RejectReason.NOT_A_NUMBER),
        ("abc", RejectReason.NOT_A_NUMBER),
        ("13812345678 / 13912345678", RejectReason.NOT_A_NUMBER),
        ("138****5678", RejectReason.MASKED),
        ("1.38123E+10", RejectReason.TRUNCATED),
        ("1.38E10", RejectReason.TRUNCATED),
        ("12345", RejectReason.INVALID),
        ("1381234567", RejectReason.INVALID),
        ("138123456789", RejectReason.INVALID),
        ("23812345678", RejectReason.INVALID),
        ("11012345678", RejectReason.INVALID),
        ("010-62345678", RejectReason.FIXED_LINE),
        ("0755-86001234", RejectReason.FIXED_LINE),
        ("+86 10 6234 5678", RejectReason.FIXED_LINE),
    ],
)
def test_each_reject_reason(raw: object, reason: RejectReason) -> None:
    with pytest.raises(NumberRejected) as caught:
        normalize(raw)
    assert caught.value.reason is reason
    assert caught.value.params["reason"] == reason.value
    assert str(caught.value) == numbers.REJECT_MESSAGES_EN[reason]


def test_every_reason_has_an_english_message() -> None:
    assert set(numbers.REJECT_MESSAGES_EN) == set(RejectReason)


def test_region_not_allowed() -> None:
    parser = NumberParser(allowed_regions=("CN",))
    assert parser.classify("+44 7911 123456") is RejectReason.REGION_NOT_ALLOWED
    assert parser.classify("+85261234567") is RejectReason.REGION_NOT_ALLOWED
    only_hk = NumberParser(allowed_regions=("HK",))
    assert only_hk.classify("13812345678") is RejectReason.REGION_NOT_ALLOWED
    assert only_hk.parse("+852 6123 4567").e164 == "+85261234567"


def test_derives_carrier_place_and_zone() -> None:
    assert parse("13812345678") == NumberInfo(
        E164, "CN", Carrier.MOBILE, "江苏", "连云港", "Asia/Shanghai"
    )
    assert parse("13012345678").carrier is Carrier.UNICOM
    assert parse("13312345678").carrier is Carrier.TELECOM
    assert parse("19212345678").carrier is Carrier.BROADNET
    beijing = parse("14512345678")
    assert (beijing.province, beijing.city) == ("北京", "北京")


def test_international_numbers() -> None:
    info = parse("+44 7911 123456")
    assert info.e164 == "+447911123456"
    assert info.carrier is Carrier.INTERNATIONAL
    assert info.timezone.startswith("Europe/")
    assert parse("0014155552671").e164 == "+14155552671"
    assert parse("4479 1112 3456".replace(" ", "")).e164 == "+447911123456"
    assert parse("61234567", default_region="HK").e164 == "+85261234567"


def test_mask_and_display() -> None:
    assert mask(E164) == "138****5678"
    assert display(E164) == "13812345678"
    assert mask("+447911123456") == "+44******3456"
    assert display("+447911123456") == "+447911123456"
    assert mask("+123") == "****"


def test_parser_for_reads_settings(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        app_settings.set_value(session, "numbers.allowed_regions", ["CN", "HK"])
    with db.session() as session:
        parser = numbers.parser_for(session)
    assert parser.parse("+85261234567").region == "HK"
    assert parser.classify("+447911123456") is RejectReason.REGION_NOT_ALLOWED


def test_place_table_is_cached_in_the_cache_folder(smsdesk_home) -> None:  # type: ignore[no-untyped-def]
    places, by_prefix = cn_tables._load_places()
    cache = cn_tables._cache_file()
    assert cache.exists()
    assert cn_tables._load_places() == (places, by_prefix)
    assert places[by_prefix["1381234"]] == ("江苏", "连云港")


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=10**10, max_value=2 * 10**10 - 1))
def test_fast_path_agrees_with_phonenumbers(value: int) -> None:
    """The prefix tables give exactly what the full library gives, for any 11 digits."""
    national = str(value)
    number = phonenumbers.parse("+86" + national)
    valid = phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
    fast = cn_tables.lookup(national)
    assert (fast is not None) == valid
    if fast is not None:
        assert fast == numbers._describe(number)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="123456789", min_size=1, max_size=1),
    st.text(alphabet="0123456789", min_size=7, max_size=9),
)
def test_quick_invalid_agrees_with_phonenumbers(second: str, rest: str) -> None:
    """Numbers of 9–11 digits that start like a mobile (1 but not 10) and are none are
    INVALID without the full parse; phonenumbers agrees."""
    text = "1" + second + rest
    quick = NumberParser().classify(text)
    try:
        number = phonenumbers.parse(text, "CN")
        valid = phonenumbers.is_valid_number(number)
    except phonenumbers.NumberParseException:
        valid = False
    if isinstance(quick, RejectReason):
        assert quick is RejectReason.INVALID
        assert not valid
    else:
        assert valid


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["13", "15", "18", "19", "17"]), st.integers(0, 10**9 - 1))
def test_written_forms_round_trip(head: str, tail: int) -> None:
    national = f"{head}{tail:09d}"
    first = NumberParser().classify(national)
    if isinstance(first, RejectReason):
        return
    for form in number_forms(national):
        assert NumberParser().classify(form) == first
    assert normalize(display(first[0])) == first[0]


_AREA_CODES = [
    "10",
    "20",
    "21",
    "22",
    "23",
    "24",
    "25",
    "27",
    "28",
    "29",
    "311",
    "371",
    "431",
    "471",
    "591",
    "755",
    "769",
    "851",
    "871",
    "898",
    "931",
    "991",
]


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.tuples(st.sampled_from(_AREA_CODES), st.text("0123456789", min_size=6, max_size=9)),
        st.tuples(st.just(""), st.text("0123456789", min_size=9, max_size=12)),
    )
)
def test_landline_shortcut_agrees_with_phonenumbers(parts: tuple[str, str]) -> None:
    """A number with the trunk 0 that the CN fixed-line tables call a landline is
    FIXED_LINE without the full parse; the full parse says the same, and anything the
    tables do not settle still gets the full parse's answer."""
    text = "0" + parts[0] + parts[1]
    parser = NumberParser()
    assert parser.classify(text) == parser._full_parse(text)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=100, max_value=99_999))
def test_short_digits_are_invalid_like_phonenumbers_says(value: int) -> None:
    """3–5 digits (checked for all of them once, sampled here): INVALID, as the full
    parse says."""
    parser = NumberParser()
    assert parser.classify(str(value)) is RejectReason.INVALID
    assert parser._full_parse(str(value)) is RejectReason.INVALID


def test_landlines_and_spreadsheet_floats_take_the_fast_path() -> None:
    parser = NumberParser()
    assert parser.classify("010-62345678") is RejectReason.FIXED_LINE
    assert parser.classify("0755 8600 1234") is RejectReason.FIXED_LINE
    assert parser.classify(8613812345678.0) == parser.classify("13812345678")
    assert parser.classify("13812345678.0") == parser.classify("13812345678")
