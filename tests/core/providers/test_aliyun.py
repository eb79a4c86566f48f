"""The Alibaba Cloud adapter against a local server that checks requests as Dysmsapi does."""

from __future__ import annotations

import dataclasses
import json
import time
from datetime import UTC, datetime

import pytest

from smsdesk.core.enums import ApprovalStatus
from smsdesk.core.errors import ValidationError
from smsdesk.core.providers.aliyun import AliyunProvider
from smsdesk.core.providers.base import (
    DeliveryStatus,
    ErrorCategory,
    OutgoingMessage,
    PendingMessage,
    ProviderRefusedError,
    UnknownOutcomeError,
)
from smsdesk.core.providers.registry import create_provider
from tests.helpers.fake_providers import FakeAliyun, Response
from tests.helpers.fake_providers.aliyun_fake import REPORT_QUEUE, UP_QUEUE


def message(i: int, *, template: str = "SMS_100", name: str = "张三") -> OutgoingMessage:
    return OutgoingMessage(
        our_ref=f"ref-{i}",
        e164=f"+86138{i:08d}",
        text="",
        sign_name="测试商店",
        template_code=template,
        variables={"name": name},
    )


def pending(m: OutgoingMessage, provider_id: str = "") -> PendingMessage:
    return PendingMessage(m.our_ref, m.e164, provider_id, datetime.now(UTC))


def adapter(fake: FakeAliyun, **settings: object) -> AliyunProvider:
    provider = create_provider(fake.config(**settings))
    assert isinstance(provider, AliyunProvider)
    return provider


def test_single_send_carries_our_ref_as_out_id(fake_aliyun: FakeAliyun) -> None:
    provider = adapter(fake_aliyun)
    [result] = provider.submit([message(1)])
    assert result.accepted
    assert result.provider_message_id.endswith("^0")
    params = fake_aliyun.last_params["SendSms"]
    assert params["OutId"] == "ref-1"
    assert params["PhoneNumbers"] == "13800000001"  # mainland: 11 digits
    assert json.loads(params["TemplateParam"]) == {"name": "张三"}
    assert params["SignName"] == "测试商店"
    assert fake_aliyun.count_by_ref() == {"ref-1": 1}
    assert fake_aliyun.auth_failures == 0


def test_batch_uses_send_batch_sms_with_one_biz_id(fake_aliyun: FakeAliyun) -> None:
    provider = adapter(fake_aliyun)
    batch = [message(i, name=f"客户{i}") for i in range(100)]
    results = provider.submit(batch)
    assert all(r.accepted for r in results)
    assert len({r.provider_message_id for r in results}) == 1
    params = fake_aliyun.last_params["SendBatchSms"]
    assert params["OutId"] == "batch:ref-0:100"
    assert json.loads(params["TemplateParamJson"])[7] == {"name": "客户7"}
    assert fake_aliyun.count_by_number()["+8613800000099"] == 1


def test_more_than_the_batch_maximum_is_refused_before_sending(fake_aliyun: FakeAliyun) -> None:
    with pytest.raises(ValueError, match="at most 100"):
        adapter(fake_aliyun).submit([message(i) for i in range(101)])
    assert fake_aliyun.request_count == 0


def test_number_specific_refusal_of_a_batch_falls_back_to_single_sends(
    fake_aliyun: FakeAliyun,
) -> None:
    fake_aliyun.error("SendBatchSms", "isv.MOBILE_NUMBER_ILLEGAL", "非法手机号")
    fake_aliyun.error("SendSms", "isv.MOBILE_NUMBER_ILLEGAL", "非法手机号")  # the first single
    results = adapter(fake_aliyun).submit([message(i) for i in range(3)])
    assert [r.accepted for r in results] == [False, True, True]
    assert results[0].category is ErrorCategory.INVALID_NUMBER
    assert fake_aliyun.count_by_ref() == {"ref-1": 1, "ref-2": 1}


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("isv.AMOUNT_NOT_ENOUGH", ErrorCategory.BALANCE),
        ("isv.SMS_TEMPLATE_ILLEGAL", ErrorCategory.TEMPLATE),
        ("isp.RAM_PERMISSION_DENY", ErrorCategory.AUTH),
        ("isp.SYSTEM_ERROR", ErrorCategory.UNKNOWN_OUTCOME),
    ],
)
def test_call_level_refusals_raise(
    fake_aliyun: FakeAliyun, code: str, category: ErrorCategory
) -> None:
    fake_aliyun.error("SendSms", code)
    with pytest.raises(ProviderRefusedError) as caught:
        adapter(fake_aliyun).submit([message(1)])
    assert caught.value.category is category
    assert caught.value.vendor_code == code
    assert fake_aliyun.accepted == []


def test_flow_control_is_a_per_message_limit_with_its_window(fake_aliyun: FakeAliyun) -> None:
    fake_aliyun.error("SendSms", "isv.BUSINESS_LIMIT_CONTROL", "触发小时级流控Permits:5")
    [result] = adapter(fake_aliyun).submit([message(1)])
    assert not result.accepted
    assert result.category is ErrorCategory.LIMIT
    assert result.retry_after_seconds == 3600


def test_gateway_throttling_and_outage(fake_aliyun: FakeAliyun) -> None:
    provider = adapter(fake_aliyun)
    fake_aliyun.error(
        "SendSms", "Throttling.User", "Request was denied due to user flow control.", status=400
    )
    with pytest.raises(ProviderRefusedError) as caught:
        provider.submit([message(1)])
    assert caught.value.category is ErrorCategory.RATE_LIMITED
    fake_aliyun.error("SendSms", "ServiceUnavailable", "busy", status=503)
    with pytest.raises(ProviderRefusedError) as caught:
        provider.submit([message(1)])
    assert caught.value.category is ErrorCategory.RETRY  # a 5xx with the vendor's own body
    fake_aliyun.inject("SendSms", Response(502, b"<html>Bad Gateway</html>", "text/html"))
    with pytest.raises(UnknownOutcomeError):
        provider.submit([message(1)])  # a proxy page: the request may have gone through


def test_wrong_secret_is_an_auth_error_without_the_secret(fake_aliyun: FakeAliyun) -> None:
    config = dataclasses.replace(fake_aliyun.config(), secret="wrong-secret-123456")
    with pytest.raises(ProviderRefusedError) as caught:
        create_provider(config).test_connection()
    assert caught.value.category is ErrorCategory.AUTH
    assert caught.value.vendor_code == "SignatureDoesNotMatch"
    assert "wrong-secret-123456" not in str(caught.value) + repr(caught.value.params)
    assert "string to sign" not in str(caught.value)  # it would echo numbers and variables
    assert fake_aliyun.auth_failures == 1


def test_each_request_has_a_fresh_nonce(fake_aliyun: FakeAliyun) -> None:
    provider = adapter(fake_aliyun)
    for i in range(5):
        provider.submit([message(i)])
    assert fake_aliyun.auth_failures == 0
    assert len(fake_aliyun.nonces) == 5


def test_receipts_from_query_send_details(fake_aliyun: FakeAliyun) -> None:
    provider = adapter(fake_aliyun)
    fake_aliyun.fail_numbers["+8613800000002"] = "MBBLACK"
    sent = [message(i) for i in range(1, 4)]
    results = [provider.submit([m])[0] for m in sent]
    receipts = {
        r.our_ref: r
        for r in provider.pull_receipts(
            [pending(m, r.provider_message_id) for m, r in zip(sent, results, strict=True)]
        )
    }
    assert receipts["ref-1"].status is DeliveryStatus.DELIVERED
    assert receipts["ref-2"].status is DeliveryStatus.FAILED
    assert receipts["ref-2"].error_code == "MBBLACK"
    assert receipts["ref-2"].opted_out
    assert receipts["ref-3"].e164 == "+8613800000003"
    params = fake_aliyun.last_params["QuerySendDetails"]
    assert params["BizId"] == results[2].provider_message_id
    assert len(params["SendDate"]) == 8


def test_receipt_not_yet_final_is_pending_only_in_lookup(fake_aliyun: FakeAliyun) -> None:
    fake_aliyun.dlr_delay = 3600
    provider = adapter(fake_aliyun)
    [result] = provider.submit([message(1)])
    item = pending(message(1), result.provider_message_id)
    assert provider.pull_receipts([item]) == []
    [receipt] = provider.lookup_receipts([item])
    assert receipt.status is DeliveryStatus.PENDING


def test_unknown_batch_is_reconciled_by_out_id(fake_aliyun: FakeAliyun) -> None:
    provider = adapter(fake_aliyun)
    batch = [message(i) for i in range(3)]
    fake_aliyun.inject_drop("SendBatchSms", after_accept=True)
    with pytest.raises(UnknownOutcomeError):
        provider.submit(batch)
    found = provider.lookup_receipts([pending(m) for m in batch])
    assert sorted(r.our_ref for r in found) == ["ref-0", "ref-1", "ref-2"]
    # A message that never reached Alibaba is simply not found.
    assert provider.lookup_receipts([pending(message(9))]) == []


def test_report_queue_receipts_are_deleted_only_on_the_next_pull(fake_aliyun: FakeAliyun) -> None:
    fake_aliyun.queues[REPORT_QUEUE].visibility = 0.3
    provider = adapter(fake_aliyun, report_queue=REPORT_QUEUE)
    provider.submit([message(1)])
    provider.submit([message(2), message(3)])
    first = provider.pull_receipts([])
    assert sorted(r.e164 for r in first) == ["+8613800000001", "+8613800000002", "+8613800000003"]
    assert {r.our_ref for r in first} == {"ref-1", ""}  # a batch is matched by id + number
    # A crash before the caller committed: a new adapter sees the receipts again later.
    time.sleep(0.4)
    again = adapter(fake_aliyun, report_queue=REPORT_QUEUE).pull_receipts([])
    assert len(again) == 3
    # The normal path: the next pull deletes what the previous one returned.
    provider2 = adapter(fake_aliyun, report_queue=REPORT_QUEUE)
    time.sleep(0.4)
    assert len(provider2.pull_receipts([])) == 3
    assert provider2.pull_receipts([]) == []
    assert fake_aliyun.queues[REPORT_QUEUE].messages == []
    assert fake_aliyun.auth_failures == 0


def test_replies_from_the_sms_up_queue(fake_aliyun: FakeAliyun) -> None:
    provider = adapter(fake_aliyun, up_queue=UP_QUEUE)
    assert adapter(fake_aliyun).pull_replies(None) == []  # no queue configured
    fake_aliyun.add_reply("+8613800000001", "退订")
    fake_aliyun.add_reply("+8613800000002", "好的")
    replies = provider.pull_replies(None)
    assert [(r.e164, r.text) for r in replies] == [
        ("+8613800000001", "退订"),
        ("+8613800000002", "好的"),
    ]
    assert len({r.provider_reply_id for r in replies}) == 2
    assert provider.pull_replies(None) == []
    provider.close()
    assert fake_aliyun.queues[UP_QUEUE].messages == []
    tokens = [
        r for r in fake_aliyun.requests if r.headers.get("x-acs-action") == "QueryTokenForMnsQueue"
    ]
    assert len(tokens) == 1  # the temporary token is reused until it nears expiry


def test_connection_check_sends_nothing(fake_aliyun: FakeAliyun) -> None:
    adapter(fake_aliyun, up_queue=UP_QUEUE).test_connection()
    actions = {r.headers.get("x-acs-action") for r in fake_aliyun.requests}
    assert actions == {"QuerySmsSignList", "QueryTokenForMnsQueue"}
    assert fake_aliyun.accepted == []
    with pytest.raises(ProviderRefusedError):
        adapter(fake_aliyun, up_queue="Alicom-Queue-wrong-SmsUp").test_connection()


def test_template_submission_and_status_use_the_current_api(fake_aliyun: FakeAliyun) -> None:
    provider = adapter(fake_aliyun)
    status = provider.submit_template(
        name="双十一", text="{name}您好，全场8折，拒收请回复R", kind="marketing"
    )
    assert status.status is ApprovalStatus.SUBMITTED
    stored = fake_aliyun.templates[status.code]
    assert stored["content"] == "${name}您好，全场8折，拒收请回复R"
    assert stored["type"] == "2"
    assert json.loads(fake_aliyun.last_params["CreateSmsTemplate"]["TemplateRule"]) == {
        "name": "others"
    }
    assert provider.query_template(status.code).status is ApprovalStatus.SUBMITTED
    fake_aliyun.set_template_status(status.code, "2", "含营销敏感词")
    rejected = provider.query_template(status.code)
    assert (rejected.status, rejected.reason) == (ApprovalStatus.REJECTED, "含营销敏感词")
    fake_aliyun.set_template_status(status.code, "1")
    assert provider.query_template(status.code).status is ApprovalStatus.APPROVED


def test_signature_submission(fake_aliyun: FakeAliyun) -> None:
    with pytest.raises(ValidationError):
        adapter(fake_aliyun).submit_signature(name="小店", company="小店有限公司")
    provider = adapter(fake_aliyun, qualification_id="1000123")
    assert (
        provider.submit_signature(name="小店", company="小店有限公司").status
        is ApprovalStatus.SUBMITTED
    )
    assert provider.query_signature("小店").status is ApprovalStatus.SUBMITTED
    fake_aliyun.signs["小店"]["status"] = 1
    assert provider.query_signature("小店").status is ApprovalStatus.APPROVED


def test_variables_follow_the_template(fake_aliyun: FakeAliyun) -> None:
    provider = adapter(fake_aliyun)
    assert provider.template_variables(
        "{name}您好，{shop}见", {"name": "李", "shop": "店", "x": "1"}
    ) == {
        "name": "李",
        "shop": "店",
    }
    assert provider.batch_key(message(1)) != provider.batch_key(message(2, template="SMS_200"))
