"""Template variables: listing, rendering, and mapping to Alibaba ``${name}`` and Tencent
``{1}`` syntax."""

from __future__ import annotations

import pytest

from smsdesk.core.compliance.variables import (
    provider_values,
    render,
    to_provider_syntax,
    variables_in,
    worst_case_values,
)
from smsdesk.core.enums import ProviderKind
from smsdesk.core.errors import ValidationError

BODY = "{name}您好，{coupon}已到账，凭{code}到店使用；{name}，今晚20:00前有效"


def test_variables_in_order_of_first_appearance_each_once() -> None:
    assert variables_in(BODY) == ["name", "coupon", "code"]
    assert variables_in("没有变量") == []
    assert variables_in("{姓名} ${x} {1} {a b}") == []


def test_render_replaces_every_occurrence() -> None:
    values = {"name": "张先生", "coupon": "满100减20券", "code": "K7Q2M9"}
    assert render(BODY, values) == (
        "张先生您好，满100减20券已到账，凭K7Q2M9到店使用；张先生，今晚20:00前有效"
    )


def test_render_strict_refuses_unknown_variables() -> None:
    with pytest.raises(ValidationError) as caught:
        render("{name}，{coupon}", {"name": "张先生"})
    assert caught.value.params == {"variable": "coupon"}


def test_render_lenient_keeps_unknown_placeholders() -> None:
    assert render("{name}，{coupon}", {"name": "张先生"}, strict=False) == "张先生，{coupon}"


def test_aliyun_syntax() -> None:
    text, names = to_provider_syntax(BODY, ProviderKind.ALIYUN)
    assert text == "${name}您好，${coupon}已到账，凭${code}到店使用；${name}，今晚20:00前有效"
    assert names == ["name", "coupon", "code"]


def test_tencent_syntax_numbers_by_first_appearance() -> None:
    text, names = to_provider_syntax(BODY, ProviderKind.TENCENT)
    assert text == "{1}您好，{2}已到账，凭{3}到店使用；{1}，今晚20:00前有效"
    assert names == ["name", "coupon", "code"]
    values = {"code": "K7Q2M9", "name": "张先生", "coupon": "券"}
    assert provider_values(names, values) == ["张先生", "券", "K7Q2M9"]


@pytest.mark.parametrize("kind", [ProviderKind.TWILIO, ProviderKind.HTTP, ProviderKind.SANDBOX])
def test_free_text_providers_keep_our_syntax(kind: ProviderKind) -> None:
    assert to_provider_syntax(BODY, kind) == (BODY, ["name", "coupon", "code"])


def test_mapping_leaves_non_placeholders_alone() -> None:
    text, names = to_provider_syntax("{name}：满{100}元", ProviderKind.TENCENT)
    assert (text, names) == ("{1}：满{100}元", ["name"])


def test_provider_values_refuse_a_missing_value() -> None:
    with pytest.raises(ValidationError):
        provider_values(["name", "code"], {"name": "张先生"})


def test_tencent_mapping_round_trips_through_render() -> None:
    values = {"name": "张先生", "coupon": "券", "code": "K7Q2M9"}
    text, names = to_provider_syntax(BODY, ProviderKind.TENCENT)
    numbered = {str(i): v for i, v in enumerate(provider_values(names, values), start=1)}
    rendered = text
    for number, value in numbered.items():
        rendered = rendered.replace("{" + number + "}", value)
    assert rendered == render(BODY, values)


def test_worst_case_prefers_longest_and_ucs2_values() -> None:
    assert worst_case_values({"name": "Li"}, {"name": ["Jonathan", "Al"]}) == {"name": "Jonathan"}
    assert worst_case_values({"name": "Jonathan"}, {"name": ["王"]}) == {"name": "王"}
    assert worst_case_values({"name": "张三"}, {"code": ["ABC123"]}) == {
        "name": "张三",
        "code": "ABC123",
    }
