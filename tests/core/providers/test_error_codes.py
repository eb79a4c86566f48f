"""Vendor codes land in the category that makes the sender do the right thing."""

from __future__ import annotations

import pytest

from smsdesk.core.providers import error_codes
from smsdesk.core.providers.base import ErrorCategory as C


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("isv.AMOUNT_NOT_ENOUGH", C.BALANCE),
        ("isv.DAY_LIMIT_CONTROL", C.BALANCE),
        ("isv.MOBILE_NUMBER_ILLEGAL", C.INVALID_NUMBER),
        ("isv.SMS_TEMPLATE_ILLEGAL", C.TEMPLATE),
        ("isv.SMS_SIGNATURE_ILLEGAL", C.TEMPLATE),
        ("isp.RAM_PERMISSION_DENY", C.AUTH),
        ("SignatureDoesNotMatch", C.AUTH),
        ("InvalidAccessKeyId.NotFound", C.AUTH),
        ("Throttling.User", C.RATE_LIMITED),
        ("SignatureNonceUsed", C.RETRY),
        ("isv.SOMETHING_NEW", C.PERMANENT),
    ],
)
def test_aliyun(code: str, category: C) -> None:
    assert error_codes.aliyun(code, sending=True).category is category


def test_aliyun_flow_control_windows() -> None:
    minute = error_codes.aliyun(
        "isv.BUSINESS_LIMIT_CONTROL", "触发分钟级流控Permits:1", sending=True
    )
    hour = error_codes.aliyun("isv.BUSINESS_LIMIT_CONTROL", "触发小时级流控Permits:5", sending=True)
    day = error_codes.aliyun("isv.BUSINESS_LIMIT_CONTROL", "触发天级流控Permits:10", sending=True)
    assert (minute.category, minute.retry_after_seconds) == (C.LIMIT, 60)
    assert hour.retry_after_seconds == 3600
    assert day.retry_after_seconds == 86400


def test_server_errors_on_sends_are_unknown_outcomes() -> None:
    assert error_codes.aliyun("isp.SYSTEM_ERROR", sending=True).category is C.UNKNOWN_OUTCOME
    assert error_codes.aliyun("isp.SYSTEM_ERROR", sending=False).category is C.RETRY
    assert error_codes.tencent("InternalError.Timeout", sending=True).category is C.UNKNOWN_OUTCOME
    assert error_codes.tencent("InternalError.Timeout", sending=False).category is C.RETRY


@pytest.mark.parametrize(
    ("code", "category", "window"),
    [
        ("FailedOperation.PhoneNumberInBlacklist", C.OPTED_OUT, None),
        ("InvalidParameterValue.IncorrectPhoneNumber", C.INVALID_NUMBER, None),
        ("LimitExceeded.PhoneNumberThirtySecondLimit", C.LIMIT, 30),
        ("LimitExceeded.PhoneNumberDailyLimit", C.LIMIT, 86400),
        ("LimitExceeded.AppDailyLimit", C.BALANCE, None),
        ("FailedOperation.InsufficientBalanceInSmsPackage", C.BALANCE, None),
        ("AuthFailure.SignatureFailure", C.AUTH, None),
        ("RequestLimitExceeded", C.RATE_LIMITED, None),
        ("FailedOperation.TemplateIncorrectOrUnapproved", C.TEMPLATE, None),
        ("FailedOperation.MarketingSendTimeConstraint", C.LIMIT, None),
        ("UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber", C.PERMANENT, None),
    ],
)
def test_tencent(code: str, category: C, window: float | None) -> None:
    verdict = error_codes.tencent(code, sending=True)
    assert verdict.category is category
    assert verdict.retry_after_seconds == window


@pytest.mark.parametrize(
    ("code", "status", "category"),
    [
        (21610, 400, C.OPTED_OUT),
        (21211, 400, C.INVALID_NUMBER),
        (21614, 400, C.INVALID_NUMBER),
        (20003, 401, C.AUTH),
        (20429, 429, C.RATE_LIMITED),
        (21611, 400, C.RATE_LIMITED),
        (20500, 500, C.RETRY),
        (21999, 400, C.PERMANENT),
    ],
)
def test_twilio(code: int, status: int, category: C) -> None:
    assert error_codes.twilio(code, status).category is category


def test_blacklist_receipts_mean_opt_out() -> None:
    assert error_codes.receipt_means_opt_out("MBBLACK")
    assert error_codes.receipt_means_opt_out("blacklist")
    assert not error_codes.receipt_means_opt_out("UNDELIV")
    assert 30004 in error_codes.TWILIO_OPT_OUT_DELIVERY_CODES
