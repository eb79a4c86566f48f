"""The Tencent Cloud adapter against a local server that checks requests as SMS API 3.0 does."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime

import pytest

from smsdesk.core.enums import ApprovalStatus
from smsdesk.core.errors import ValidationError
from smsdesk.core.providers.base import (
    DeliveryStatus,
    ErrorCategory,
    OutgoingMessage,
    PendingMessage,
    ProviderRefusedError,
    UnknownOutcomeError,
)
from smsdesk.core.providers.registry import create_provider
from smsdesk.core.providers.tencent import TencentProvider, positional_template
from tests.helpers.fake_providers import FakeTencent


def message(
    i: int, *, params: tuple[str, ...] = ("8折",), template: str = "1001"
) -> OutgoingMessage:
    return OutgoingMessage(
        our_ref=f"ref-{i}",
        e164=f"+86139{i:08d}",
        text="",
        sign_name="测试商店",
        template_code=template,
        variables={str(n): v for n, v in enumerate(params, 1)},
    )


def adapter(fake: FakeTencent, **settings: object) -> TencentProvider:
    provider = create_provider(fake.config(**settings))
    assert isinstance(provider, TencentProvider)
    return provider


def last_body(fake: FakeTencent, action: str) -> dict[str, object]:
    request = [r for r in fake.requests if r.headers.get("x-tc-action") == action][-1]
    return json.loads(request.body)


def test_batch_of_200_is_one_call_with_one_serial_per_number(fake_tencent: FakeTencent) -> None:
    provider = adapter(fake_tencent)
    results = provider.submit([message(i) for i in range(200)])
    assert all(r.accepted for r in results)
    assert len({r.provider_message_id for r in results}) == 200
    assert fake_tencent.request_count == 1
    body = last_body(fake_tencent, "SendSms")
    assert body["SessionContext"] == "batch:ref-0:200"
    assert body["TemplateParamSet"] == ["8折"]
    assert body["SmsSdkAppId"] == fake_tencent.app_id
    request = fake_tencent.requests[-1]
    assert request.headers["x-tc-region"] == "ap-guangzhou"
    assert request.headers["content-type"] == "application/json"
    assert fake_tencent.auth_failures == 0


def test_single_message_carries_our_ref_in_session_context(fake_tencent: FakeTencent) -> None:
    [result] = adapter(fake_tencent).submit([message(1)])
    assert result.accepted
    assert fake_tencent.count_by_ref() == {"ref-1": 1}


def test_batch_maximum_is_enforced_before_sending(fake_tencent: FakeTencent) -> None:
    with pytest.raises(ValueError, match="at most 200"):
        adapter(fake_tencent).submit([message(i) for i in range(201)])
    assert fake_tencent.request_count == 0


def test_different_parameters_go_in_separate_calls(fake_tencent: FakeTencent) -> None:
    provider = adapter(fake_tencent)
    batch = [message(1, params=("8折",)), message(2, params=("9折",)), message(3, params=("8折",))]
    assert provider.batch_key(batch[0]) == provider.batch_key(batch[2])
    assert provider.batch_key(batch[0]) != provider.batch_key(batch[1])
    results = provider.submit(batch)
    assert [r.our_ref for r in results] == ["ref-1", "ref-2", "ref-3"]
    assert all(r.accepted for r in results)
    assert fake_tencent.request_count == 2


def test_later_group_failure_comes_back_per_message(fake_tencent: FakeTencent) -> None:
    provider = adapter(fake_tencent)
    batch = [message(1, params=("a",)), message(2, params=("b",)), message(3, params=("a",))]
    fake_tencent.inject_drop("SendSms", after_accept=True)  # the first call: nothing returned
    with pytest.raises(UnknownOutcomeError):
        provider.submit(batch)
    fake_tencent.inject("SendSms", None)  # the first call goes through...
    fake_tencent.inject_drop("SendSms", after_accept=True)  # ...the second is cut off
    results = provider.submit([message(4, params=("c",)), message(5, params=("d",))])
    assert results[0].accepted
    assert (results[1].accepted, results[1].category) == (False, ErrorCategory.UNKNOWN_OUTCOME)
    assert fake_tencent.count_by_number()["+8613900000005"] == 1  # it did arrive


def test_per_number_codes(fake_tencent: FakeTencent) -> None:
    fake_tencent.blacklist.add("+8613900000002")
    results = adapter(fake_tencent).submit(
        [
            message(1),
            message(2),
            OutgoingMessage("ref-bad", "+861234", "", "测试商店", "1001", {"1": "8折"}),
        ]
    )
    assert results[0].accepted
    assert (results[1].accepted, results[1].category) == (False, ErrorCategory.OPTED_OUT)
    assert results[1].error_code == "FailedOperation.PhoneNumberInBlacklist"
    assert results[2].category is ErrorCategory.INVALID_NUMBER


def test_same_content_interval_is_a_limit_with_its_window(fake_tencent: FakeTencent) -> None:
    provider = adapter(fake_tencent)
    assert provider.submit([message(1)])[0].accepted
    [again] = provider.submit([message(1)])
    assert (again.category, again.retry_after_seconds) == (ErrorCategory.LIMIT, 30)
    assert again.error_code == "LimitExceeded.PhoneNumberThirtySecondLimit"


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("AuthFailure.SignatureExpire", ErrorCategory.AUTH),
        ("FailedOperation.InsufficientBalanceInSmsPackage", ErrorCategory.BALANCE),
        ("RequestLimitExceeded", ErrorCategory.RATE_LIMITED),
        ("InternalError.Timeout", ErrorCategory.UNKNOWN_OUTCOME),
        ("FailedOperation.TemplateIncorrectOrUnapproved", ErrorCategory.TEMPLATE),
    ],
)
def test_whole_call_errors(fake_tencent: FakeTencent, code: str, category: ErrorCategory) -> None:
    fake_tencent.error("SendSms", code)
    with pytest.raises(ProviderRefusedError) as caught:
        adapter(fake_tencent).submit([message(1), message(2)])
    assert caught.value.category is category
    assert fake_tencent.accepted == []


def test_whole_call_number_error_is_retried_one_by_one(fake_tencent: FakeTencent) -> None:
    fake_tencent.error("SendSms", "InvalidParameterValue.IncorrectPhoneNumber")
    results = adapter(fake_tencent).submit([message(1), message(2)])
    assert all(r.accepted for r in results)
    assert fake_tencent.request_count == 3


def test_wrong_key_is_auth_and_secret_stays_out(fake_tencent: FakeTencent) -> None:
    config = dataclasses.replace(fake_tencent.config(), secret="tencent-wrong-key-987")
    with pytest.raises(ProviderRefusedError) as caught:
        create_provider(config).test_connection()
    assert caught.value.category is ErrorCategory.AUTH
    assert "tencent-wrong-key-987" not in str(caught.value)


def test_status_queue_hands_each_receipt_out_once(fake_tencent: FakeTencent) -> None:
    fake_tencent.fail_numbers["+8613900000002"] = "MBBLACK"
    provider = adapter(fake_tencent)
    results = provider.submit([message(1), message(2)]) + provider.submit(
        [message(3, params=("x",))]
    )
    receipts = {r.e164: r for r in provider.pull_receipts([])}
    assert receipts["+8613900000001"].status is DeliveryStatus.DELIVERED
    assert receipts["+8613900000001"].provider_message_id == results[0].provider_message_id
    assert receipts["+8613900000001"].our_ref == ""  # batch: match by serial number
    assert receipts["+8613900000003"].our_ref == "ref-3"
    failed = receipts["+8613900000002"]
    assert (failed.status, failed.error_code, failed.opted_out) == (
        DeliveryStatus.FAILED,
        "MBBLACK",
        True,
    )
    assert provider.pull_receipts([]) == []


def test_by_number_lookup_reconciles_an_unknown_batch(fake_tencent: FakeTencent) -> None:
    provider = adapter(fake_tencent)
    batch = [message(1), message(2)]
    fake_tencent.inject_drop("SendSms", after_accept=True)
    with pytest.raises(UnknownOutcomeError):
        provider.submit(batch)
    now = datetime.now(UTC)
    items = [PendingMessage(m.our_ref, m.e164, "", now) for m in batch]
    found = {r.our_ref: r for r in provider.lookup_receipts(items)}
    assert set(found) == {"ref-1", "ref-2"}
    assert all(r.provider_message_id.startswith("5000:") for r in found.values())
    assert provider.lookup_receipts([PendingMessage("ref-9", "+8613900000009", "", now)]) == []
    body = last_body(fake_tencent, "PullSmsSendStatusByPhoneNumber")
    assert body["Offset"] == 0
    assert body["Limit"] == 100
    # by_number mode uses the same non-consuming call for the regular pull.
    by_number = adapter(fake_tencent, pull_mode="by_number")
    assert len(by_number.pull_receipts(items)) == 2
    assert len(provider.pull_receipts([])) == 2  # the queue was not consumed by lookups


def test_reply_queue(fake_tencent: FakeTencent) -> None:
    fake_tencent.add_reply("+8613900000001", "R", sign_name="测试商店")
    fake_tencent.add_reply("+8613900000002", "好的")
    provider = adapter(fake_tencent)
    replies = provider.pull_replies(None)
    assert [(r.e164, r.text) for r in replies] == [
        ("+8613900000001", "R"),
        ("+8613900000002", "好的"),
    ]
    assert replies[0].provider_reply_id != replies[1].provider_reply_id
    assert provider.pull_replies(None) == []


def test_connection_check_uses_statistics(fake_tencent: FakeTencent) -> None:
    adapter(fake_tencent).test_connection()
    body = last_body(fake_tencent, "SendStatusStatistics")
    assert body["Limit"] == 0
    assert len(str(body["BeginTime"])) == 10
    assert fake_tencent.accepted == []
    wrong_app = adapter(fake_tencent, app_id="1400000000")
    with pytest.raises(ProviderRefusedError) as caught:
        wrong_app.test_connection()
    assert caught.value.category is ErrorCategory.AUTH


def test_templates_are_positional(fake_tencent: FakeTencent) -> None:
    assert positional_template("{name}您好，{shop}的{name}") == (
        "{1}您好，{2}的{1}",
        ["name", "shop"],
    )
    provider = adapter(fake_tencent)
    assert provider.template_variables("{name}您好，{shop}", {"shop": "店", "name": "李"}) == {
        "1": "李",
        "2": "店",
    }
    with pytest.raises(ProviderRefusedError) as caught:
        provider.submit_template(name="促销", text="{name}您好，全场8折", kind="marketing")
    assert caught.value.category is ErrorCategory.TEMPLATE  # no 拒收请回复R
    status = provider.submit_template(
        name="促销", text="{name}您好，全场8折，拒收请回复R", kind="marketing"
    )
    assert fake_tencent.templates[int(status.code)]["content"] == "{1}您好，全场8折，拒收请回复R"
    assert provider.query_template(status.code).status is ApprovalStatus.SUBMITTED
    fake_tencent.templates[int(status.code)]["status"] = 0
    assert provider.query_template(status.code).status is ApprovalStatus.APPROVED
    fake_tencent.templates[int(status.code)].update(status=-1, reply="缺少退订")
    rejected = provider.query_template(status.code)
    assert (rejected.status, rejected.reason) == (ApprovalStatus.REJECTED, "缺少退订")


def test_signatures(fake_tencent: FakeTencent) -> None:
    provider = adapter(fake_tencent)
    with pytest.raises(ValidationError):
        provider.submit_signature(name="小店", company="小店公司")
    status = provider.submit_signature(name="小店", company="小店公司", proof_image=b"\x89PNG...")
    assert status.status is ApprovalStatus.SUBMITTED
    assert provider.query_signature(status.code).status is ApprovalStatus.SUBMITTED
    fake_tencent.signs[int(status.code)]["status"] = 0
    assert provider.query_signature("小店").status is ApprovalStatus.APPROVED
