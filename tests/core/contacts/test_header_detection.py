"""Header rows and column meanings: synonyms in Chinese and English, title rows, no header,
two phone columns, custom fields, and the exporter's own headers reading back."""

from __future__ import annotations

import pytest

from smsdesk.core.contacts.columns import (
    EXPORT_HEADERS,
    EXPORT_READS_AS,
    ImportField,
    field_for_header,
    parse_field,
)
from smsdesk.core.contacts.header_detection import column_letter, detect, header_key
from smsdesk.core.errors import ValidationError


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("姓名", ImportField.NAME),
        ("名字", ImportField.NAME),
        ("客户名称", ImportField.NAME),
        ("Name", ImportField.NAME),
        ("手机", ImportField.NUMBER),
        ("手机号", ImportField.NUMBER),
        ("手机号码", ImportField.NUMBER),
        ("电话", ImportField.NUMBER),
        ("联系电话", ImportField.NUMBER),
        ("Mobile", ImportField.NUMBER),
        ("Phone Number", ImportField.NUMBER),
        ("phone_number", ImportField.NUMBER),
        ("手机号码（必填）", ImportField.NUMBER),
        ("*会员手机号", ImportField.NUMBER),
        ("标签", ImportField.TAGS),
        ("分组", ImportField.TAGS),
        ("Tags", ImportField.TAGS),
        ("生日", ImportField.BIRTHDAY),
        ("Birthday", ImportField.BIRTHDAY),
        ("出生日期", ImportField.BIRTHDAY),
        ("备注", ImportField.NOTES),
        ("最近消费时间", ImportField.PURCHASE_DATE),
        ("消费次数", ImportField.PURCHASE_COUNT),
        ("累计消费", ImportField.PURCHASE_AMOUNT),
        ("授权范围", ImportField.CONSENT_SCOPE),
        ("授权方式", ImportField.CONSENT_METHOD),
        ("授权时间", ImportField.CONSENT_TIME),
        ("授权来源", ImportField.CONSENT_SOURCE),
        ("是否退订", ImportField.OPTED_OUT),
        ("运营商", ImportField.IGNORE),
        ("ＮＡＭＥ", ImportField.NAME),
    ],
)
def test_synonyms(header: str, field: ImportField) -> None:
    assert field_for_header(header) is field


def test_unknown_headers_are_none() -> None:
    assert field_for_header("门店") is None
    assert field_for_header("") is None
    assert field_for_header(None) is None


@pytest.mark.parametrize("language", ["zh", "en"])
def test_export_headers_read_back_as_their_fields(language: str) -> None:
    for column, title in EXPORT_HEADERS[language].items():
        assert field_for_header(title) is EXPORT_READS_AS[column], title


def test_detect_a_plain_header() -> None:
    guess = detect(
        [
            ["客户名称", "手机号码", "标签", "门店"],
            ["张三", "13812345678", "VIP", "南山店"],
            ["李四", 13912345678.0, "", "福田店"],
        ]
    )
    assert guess.header_row == 0
    assert guess.headers == ["客户名称", "手机号码", "标签", "门店"]
    assert guess.mapping == {0: "name", 1: "number", 2: "tags", 3: "custom:门店"}
    assert guess.number_column() == 1


def test_title_rows_above_the_header_are_skipped() -> None:
    guess = detect(
        [
            ["2024年会员名单", None, None],
            [None, None, None],
            ["序号", "姓名", "联系电话"],
            [1, "张三", "13812345678"],
        ]
    )
    assert guess.header_row == 2
    assert guess.mapping == {0: "ignore", 1: "name", 2: "number"}


def test_a_file_without_a_header_finds_numbers_by_content() -> None:
    guess = detect([["张三", "13812345678"], ["李四", "13912345678"], ["王五", "x"]])
    assert guess.header_row is None
    assert guess.headers == ["A", "B"]
    assert guess.mapping == {0: "ignore", 1: "number"}


def test_unknown_header_words_over_a_number_column() -> None:
    guess = detect([["Kunde", "Handy"], ["Anna", "13812345678"], ["Ben", "13912345678"]])
    assert guess.header_row == 0
    assert guess.mapping[1] == "number"
    assert guess.mapping[0] == "custom:Kunde"


def test_two_phone_columns_the_one_with_mobiles_wins() -> None:
    guess = detect(
        [
            ["姓名", "电话", "手机"],
            ["张三", "0755-86001234", "13812345678"],
            ["李四", "010-62345678", "13912345678"],
        ]
    )
    assert guess.mapping == {0: "name", 1: "ignore", 2: "number"}


def test_a_named_number_column_with_bad_numbers_stays_the_number_column() -> None:
    guess = detect([["手机", "备注"], ["123", "x"], ["abc", "y"]])
    assert guess.mapping[0] == "number"


def test_repeated_fields_become_custom_fields() -> None:
    guess = detect([["姓名", "名字", "手机"], ["张三", "小张", "13812345678"]])
    assert guess.mapping == {0: "name", 1: "custom:名字", 2: "number"}


def test_header_key_ignores_spacing_and_width() -> None:
    assert header_key(["手机号码", "Name"]) == header_key([" 手机号码 ", "ＮＡＭＥ"])
    assert header_key(["手机号码", "Name"]) != header_key(["Name", "手机号码"])


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_parse_field() -> None:
    assert parse_field("number") == "number"
    assert parse_field("NAME") == "name"
    assert parse_field("custom:门店") == "custom:门店"
    assert parse_field("手机号码") == "number"
    with pytest.raises(ValidationError):
        parse_field("custom:")
    with pytest.raises(ValidationError):
        parse_field("whatever")
