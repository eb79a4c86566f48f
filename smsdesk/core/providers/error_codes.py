"""Vendor error codes mapped to what the sender does about them (``ErrorCategory``).

Sources: shared/PROVIDERS.md 1.5 (Alibaba), 2.6 (Tencent), 3.6 (Twilio). A code that means the
recipient blocked or unsubscribed maps to OPTED_OUT: the sender puts the number on the
suppression list. Account-wide caps map to BALANCE (pause the account until the period ends
or the cap is raised); per-number windows map to LIMIT with the window in seconds.

Server errors on a send call are UNKNOWN_OUTCOME when the vendor says a send may have gone
out anyway (Alibaba ``isp.SYSTEM_ERROR``, Tencent ``InternalError.*``: "reconcile first").
"""

from __future__ import annotations

from dataclasses import dataclass

from smsdesk.core.providers.base import ErrorCategory

C = ErrorCategory


@dataclass(frozen=True)
class Verdict:
    category: ErrorCategory
    retry_after_seconds: float | None = None


# -- Alibaba Cloud (Dysmsapi) -------------------------------------------------------------

_ALIYUN: dict[str, ErrorCategory] = {
    "isv.DAY_LIMIT_CONTROL": C.BALANCE,
    "isv.MONTH_LIMIT_CONTROL": C.BALANCE,
    "isv.AMOUNT_NOT_ENOUGH": C.BALANCE,
    "isv.OUT_OF_SERVICE": C.BALANCE,
    "isv.MOBILE_NUMBER_ILLEGAL": C.INVALID_NUMBER,
    "isv.MOBILE_COUNT_OVER_LIMIT": C.PERMANENT,
    "isv.SMS_SIGNATURE_ILLEGAL": C.TEMPLATE,
    "isv.SIGN_STATE_ILLEGAL": C.TEMPLATE,
    "isv.SMS_SIGN_ILLEGAL": C.TEMPLATE,
    "isv.SMS_SIGNATURE_SCENE_ILLEGAL": C.TEMPLATE,
    "isv.SMS_TEMPLATE_ILLEGAL": C.TEMPLATE,
    "isv.TEMPLATE_MISSING_PARAMETERS": C.TEMPLATE,
    "isv.SMS_CONTENT_ILLEGAL": C.TEMPLATE,
    "isv.BLACK_KEY_CONTROL_LIMIT": C.TEMPLATE,  # a blacklisted keyword in the variables
    "isv.INVALID_JSON_PARAM": C.PERMANENT,
    "isv.INVALID_PARAMETERS": C.PERMANENT,
    "isv.PARAM_LENGTH_LIMIT": C.PERMANENT,
    "isv.PARAM_NOT_SUPPORT_URL": C.PERMANENT,
    "isv.EXTEND_CODE_ERROR": C.PERMANENT,
    "isv.DOMESTIC_NUMBER_NOT_SUPPORTED": C.PERMANENT,
    "isv.DENY_IP_RANGE": C.AUTH,
    "isp.RAM_PERMISSION_DENY": C.AUTH,
    "isv.PRODUCT_UN_SUBSCRIPT": C.AUTH,
    "isv.PRODUCT_UNSUBSCRIBE": C.AUTH,
    "isv.ACCOUNT_NOT_EXISTS": C.AUTH,
    "isv.ACCOUNT_ABNORMAL": C.AUTH,
    # Gateway (HTTP 4xx) answers about the request itself.
    "SignatureDoesNotMatch": C.AUTH,
    "IncompleteSignature": C.AUTH,
    "InvalidAccessKeyId.NotFound": C.AUTH,
    "InvalidAccessKeyId.Inactive": C.AUTH,
    "InvalidTimeStamp.Expired": C.AUTH,  # the computer's clock is off by more than 15 min
    "MissingParameter": C.AUTH,
    "SignatureNonceUsed": C.RETRY,  # a new nonce is made on every attempt
    "Throttling": C.RATE_LIMITED,
    "Throttling.User": C.RATE_LIMITED,
    "Throttling.Api": C.RATE_LIMITED,
    "ServiceUnavailable": C.RETRY,
    "InternalError": C.RETRY,
}

_ALIYUN_LIMIT_WINDOWS = (("分钟级", 60.0), ("小时级", 3600.0), ("天级", 86400.0))


def aliyun(code: str, message: str = "", *, sending: bool) -> Verdict:
    if code == "isv.BUSINESS_LIMIT_CONTROL":
        # The message names the window: 触发分钟级流控 / 小时级 / 天级 (rolling).
        for marker, seconds in _ALIYUN_LIMIT_WINDOWS:
            if marker in message:
                return Verdict(C.LIMIT, seconds)
        return Verdict(C.LIMIT, 60.0)
    if code == "isp.SYSTEM_ERROR":
        return Verdict(C.UNKNOWN_OUTCOME if sending else C.RETRY)
    if code.startswith("Throttling"):
        return Verdict(C.RATE_LIMITED)
    return Verdict(_ALIYUN.get(code, C.PERMANENT))


# -- Tencent Cloud SMS (2021-01-11) -------------------------------------------------------

_TENCENT: dict[str, ErrorCategory] = {
    "InternalError.RequestTimeException": C.AUTH,  # clock skew > 10 min
    "InvalidParameterValue.IncorrectPhoneNumber": C.INVALID_NUMBER,
    "FailedOperation.PhoneNumberParseFail": C.INVALID_NUMBER,
    "InvalidParameterValue.SdkAppIdNotExist": C.AUTH,
    "FailedOperation.SignatureIncorrectOrUnapproved": C.TEMPLATE,
    "FailedOperation.TemplateIncorrectOrUnapproved": C.TEMPLATE,
    "FailedOperation.TemplateParamSetNotMatchApprovedTemplate": C.TEMPLATE,
    "FailedOperation.ContainSensitiveWord": C.TEMPLATE,
    "InvalidParameterValue.MarketingTemplateWithoutUnsubscribe": C.TEMPLATE,
    "FailedOperation.InsufficientBalanceInSmsPackage": C.BALANCE,
    "UnauthorizedOperation.ServiceSuspendDueToArrears": C.BALANCE,
    "UnauthorizedOperation.SmsSdkAppIdVerifyFail": C.AUTH,
    "UnauthorizedOperation.IndividualUserMarketingSmsPermissionDeny": C.AUTH,
    "UnauthorizedOperation.RequestIpNotInWhitelist": C.AUTH,
    "FailedOperation.PhoneNumberInBlacklist": C.OPTED_OUT,
    "LimitExceeded.AppDailyLimit": C.BALANCE,
    "LimitExceeded.AppMainlandChinaDailyLimit": C.BALANCE,
    "LimitExceeded.AppGlobalDailyLimit": C.BALANCE,
    "LimitExceeded.AppCountryOrRegionDailyLimit": C.BALANCE,
    "LimitExceeded.DailyLimit": C.BALANCE,
    "LimitExceeded.PhoneNumberCountLimit": C.PERMANENT,
}

_TENCENT_WINDOWS: dict[str, float] = {
    "LimitExceeded.PhoneNumberThirtySecondLimit": 30.0,
    "LimitExceeded.PhoneNumberOneHourLimit": 3600.0,
    "LimitExceeded.PhoneNumberDailyLimit": 86400.0,
    "LimitExceeded.PhoneNumberSameContentDailyLimit": 86400.0,
    "LimitExceeded.DeliveryFrequencyLimit": 60.0,
}


def tencent(code: str, *, sending: bool) -> Verdict:
    if code in _TENCENT_WINDOWS:
        return Verdict(C.LIMIT, _TENCENT_WINDOWS[code])
    if code == "FailedOperation.MarketingSendTimeConstraint":
        return Verdict(C.LIMIT)  # marketing only 08:00-22:00: the sender's window decides
    if code in _TENCENT:
        return Verdict(_TENCENT[code])
    if code.startswith("AuthFailure"):
        return Verdict(C.AUTH)
    if code.startswith("RequestLimitExceeded"):
        return Verdict(C.RATE_LIMITED)
    if code.startswith("InternalError"):
        return Verdict(C.UNKNOWN_OUTCOME if sending else C.RETRY)
    return Verdict(C.PERMANENT)


# -- Twilio ------------------------------------------------------------------------------

_TWILIO: dict[int, ErrorCategory] = {
    20003: C.AUTH,
    20429: C.RATE_LIMITED,
    21211: C.INVALID_NUMBER,
    21612: C.INVALID_NUMBER,
    21614: C.INVALID_NUMBER,
    21635: C.INVALID_NUMBER,
    21408: C.PERMANENT,  # geo permission for that country not enabled
    21606: C.AUTH,  # the From number cannot send SMS
    21608: C.PERMANENT,  # trial account, recipient not verified
    21610: C.OPTED_OUT,  # recipient replied STOP
    21611: C.RATE_LIMITED,  # more than 10 h of backlog on the From number
    30001: C.RATE_LIMITED,
}

# Delivery failures that mean the recipient blocks us: suppress the number.
TWILIO_OPT_OUT_DELIVERY_CODES = frozenset({21610, 30004})


def twilio(code: int, http_status: int) -> Verdict:
    if code in _TWILIO:
        return Verdict(_TWILIO[code])
    if http_status == 429:
        return Verdict(C.RATE_LIMITED)
    if http_status in (401, 403):
        return Verdict(C.AUTH)
    if http_status >= 500:
        return Verdict(C.RETRY)
    return Verdict(C.PERMANENT)


# -- delivery receipts -------------------------------------------------------------------


def receipt_means_opt_out(error_code: str) -> bool:
    """Carrier receipt codes are not standardised; the blacklist ones say so in their name
    (``BLACK``, ``BLACKLIST``, ``MBBLACK``...)."""
    return "BLACK" in error_code.upper()
