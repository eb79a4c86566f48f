"""Characters, encoding and parts at the 70/67 and 160/153 boundaries, with emoji, GSM-7
extension characters and the signature counted."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smsdesk.core.compliance.checker import CheckContext, check
from smsdesk.core.compliance.findings import Encoding
from smsdesk.core.compliance.length import measure
from smsdesk.core.enums import MessageKind

HAN = "好"
EMOJI = "😀"  # outside the BMP: two UTF-16 units
SERVICE = MessageKind.SERVICE  # no opt-out text needed: only the length matters here


@pytest.mark.parametrize(
    ("length", "parts"),
    [(1, 1), (69, 1), (70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4)],
)
def test_ucs2_boundaries(length: int, parts: int) -> None:
    assert measure(HAN * length) == (Encoding.UCS2, length, parts)


@pytest.mark.parametrize(
    ("length", "parts"),
    [(1, 1), (159, 1), (160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4)],
)
def test_gsm7_boundaries(length: int, parts: int) -> None:
    assert measure("a" * length) == (Encoding.GSM7, length, parts)


def test_empty_text_has_no_parts() -> None:
    assert measure("") == (Encoding.GSM7, 0, 0)


def test_one_non_gsm_character_switches_to_ucs2() -> None:
    assert measure("a" * 100) == (Encoding.GSM7, 100, 1)
    assert measure("a" * 99 + "é") == (Encoding.GSM7, 100, 1)  # é is in the GSM-7 table
    assert measure("a" * 99 + "ê") == (Encoding.UCS2, 100, 2)  # ê is not


def test_gsm7_extension_characters_count_two() -> None:
    assert measure("€" * 80) == (Encoding.GSM7, 160, 1)
    assert measure("€" * 81) == (Encoding.GSM7, 162, 2)
    assert measure("{}[]~^|\\") == (Encoding.GSM7, 16, 1)


def test_gsm7_escape_is_never_split_across_parts() -> None:
    # 152 septets, then "€" (escape + code) that would straddle the 153-septet boundary.
    text = "a" * 152 + "€" + "a" * 152
    encoding, chars, parts = measure(text)
    assert (encoding, chars) == (Encoding.GSM7, 306)
    assert parts == 3  # 152 | 2 + 151 | 1, where plain division would say 2


def test_emoji_counts_two_units() -> None:
    assert measure(HAN * 68 + EMOJI) == (Encoding.UCS2, 70, 1)
    assert measure(HAN * 69 + EMOJI) == (Encoding.UCS2, 71, 2)


def test_emoji_is_never_split_across_parts() -> None:
    # 66 units, then an emoji (2) that would straddle the 67-unit part boundary.
    text = HAN * 66 + EMOJI + HAN * 66
    encoding, chars, parts = measure(text)
    assert (encoding, chars) == (Encoding.UCS2, 134)
    assert parts == 3  # 66 | 2 + 65 | 1, where plain division would say 2


def test_signature_counts_towards_length() -> None:
    signature = "【XX生鲜】"  # 6 characters
    fits = check(signature + HAN * 64, CheckContext(kind=SERVICE))
    spills = check(signature + HAN * 65, CheckContext(kind=SERVICE))
    assert (fits.chars, fits.parts) == (70, 1)
    assert (spills.chars, spills.parts) == (71, 2)


def test_latin_text_with_a_signature_is_ucs2() -> None:
    report = check("【Shop】" + "a" * 60, CheckContext(kind=SERVICE))
    assert report.encoding is Encoding.UCS2
    assert (report.chars, report.parts) == (66, 1)


def test_length_is_for_the_longest_recipient_value() -> None:
    text = "【XX生鲜】{name}，" + HAN * 58  # 6 + 1 + 58 = 65 without the name
    sample_only = check(text, CheckContext(kind=SERVICE, variables={"name": "张三"}))
    assert (sample_only.chars, sample_only.parts) == (67, 1)
    longest = check(
        text,
        CheckContext(
            kind=SERVICE,
            variables={"name": "张三"},
            recipient_values={"name": ["李四", "欧阳娜娜娜"]},
        ),
    )
    assert (longest.chars, longest.parts) == (70, 1)
    spill = check(
        text,
        CheckContext(
            kind=SERVICE, variables={"name": "张三"}, recipient_values={"name": ["欧阳娜娜娜娜"]}
        ),
    )
    assert (spill.chars, spill.parts) == (71, 2)


def test_a_value_that_forces_ucs2_is_the_worst_case() -> None:
    text = "Hi {name}, " + "a" * 140  # GSM-7 with short Latin names
    report = check(
        text,
        CheckContext(
            kind=SERVICE,
            carriers=frozenset(),
            variables={"name": "Jonathan"},
            recipient_values={"name": ["Li", "王"]},
        ),
    )
    assert report.encoding is Encoding.UCS2
    assert report.parts == 3  # 147 UTF-16 units: "Hi 王, " and 140 letters


@given(st.text(max_size=400))
def test_parts_match_a_reference_split(text: str) -> None:
    encoding, chars, parts = measure(text)
    single, multi = (160, 153) if encoding is Encoding.GSM7 else (70, 67)
    assert chars >= len(text)
    if chars == 0:
        assert parts == 0
    elif chars <= single:
        assert parts == 1
    else:
        assert parts >= -(-chars // multi)
        assert parts <= -(-chars // (multi - 1))
