"""Words for the provider domain: kinds, setting fields, secrets and errors, in both languages.

The core gives keys and codes; this module turns them into translated text.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from smsdesk.core.errors import ConfigurationError, ProviderError, SMSDeskError, ValidationError
from smsdesk.core.providers.base import ErrorCategory


def kind_label(kind: str) -> str:
    return {
        "sandbox": QCoreApplication.translate("ProviderLabels", "Sandbox (sends nothing)"),
        "aliyun": QCoreApplication.translate("ProviderLabels", "Alibaba Cloud SMS"),
        "tencent": QCoreApplication.translate("ProviderLabels", "Tencent Cloud SMS"),
        "twilio": QCoreApplication.translate("ProviderLabels", "Twilio"),
        "http": QCoreApplication.translate("ProviderLabels", "Generic HTTP"),
    }.get(kind, kind)


def kind_description(kind: str) -> str:
    return {
        "sandbox": QCoreApplication.translate(
            "ProviderLabels",
            "A pretend gateway for trying SMSDesk out: it sends nothing, and produces realistic "
            "receipts, failures and replies (including opt-outs).",
        ),
        "aliyun": QCoreApplication.translate(
            "ProviderLabels",
            "Dysmsapi with an AccessKey. Replies and bulk receipts need the SmsUp / SmsReport "
            "message queues enabled in the SMS console.",
        ),
        "tencent": QCoreApplication.translate(
            "ProviderLabels",
            "SMS API 3.0 with a SecretId/SecretKey and the SmsSdkAppId of your SMS application. "
            "Pulling receipts and replies must be enabled by Tencent support.",
        ),
        "twilio": QCoreApplication.translate(
            "ProviderLabels", "Programmable Messaging with your Account SID and Auth Token."
        ),
        "http": QCoreApplication.translate(
            "ProviderLabels",
            "Any reseller with an HTTP API: describe the request and where the answer keeps "
            "the message id. The API key is inserted where you write {secret}.",
        ),
    }.get(kind, "")


def secret_label(kind: str) -> str:
    return {
        "aliyun": QCoreApplication.translate("ProviderLabels", "AccessKey Secret"),
        "tencent": QCoreApplication.translate("ProviderLabels", "SecretKey"),
        "twilio": QCoreApplication.translate("ProviderLabels", "Auth Token"),
        "http": QCoreApplication.translate("ProviderLabels", "API key or password"),
    }.get(kind, QCoreApplication.translate("ProviderLabels", "Secret"))


def setting_label(kind: str, key: str) -> str:
    if key == "key_id":
        return {
            "aliyun": QCoreApplication.translate("ProviderLabels", "AccessKey ID"),
            "tencent": QCoreApplication.translate("ProviderLabels", "SecretId"),
            "twilio": QCoreApplication.translate("ProviderLabels", "Account SID or API key SID"),
        }.get(kind, QCoreApplication.translate("ProviderLabels", "Key ID"))
    labels = {
        "region": QCoreApplication.translate("ProviderLabels", "Region"),
        "international": QCoreApplication.translate("ProviderLabels", "International site"),
        "sign_name": QCoreApplication.translate("ProviderLabels", "Default signature"),
        "up_queue": QCoreApplication.translate("ProviderLabels", "Replies queue (SmsUp)"),
        "report_queue": QCoreApplication.translate("ProviderLabels", "Receipts queue (SmsReport)"),
        "mns_endpoint": QCoreApplication.translate("ProviderLabels", "Queue endpoint"),
        "qualification_id": QCoreApplication.translate("ProviderLabels", "Qualification ID"),
        "variable_rule": QCoreApplication.translate(
            "ProviderLabels", "Variable type for new templates"
        ),
        "app_id": QCoreApplication.translate("ProviderLabels", "SmsSdkAppId"),
        "pull_mode": QCoreApplication.translate("ProviderLabels", "Receipt pulling"),
        "sender_id": QCoreApplication.translate("ProviderLabels", "Sender ID (international)"),
        "account_sid": QCoreApplication.translate(
            "ProviderLabels", "Account SID (with an API key)"
        ),
        "from": QCoreApplication.translate(
            "ProviderLabels", "From number or Messaging Service SID"
        ),
        "reply_numbers": QCoreApplication.translate(
            "ProviderLabels", "Numbers that receive replies"
        ),
        "seed": QCoreApplication.translate("ProviderLabels", "Seed"),
        "failure_rate": QCoreApplication.translate("ProviderLabels", "Failure rate"),
        "dead_number_rate": QCoreApplication.translate(
            "ProviderLabels", "Share of dead numbers (空号/停机)"
        ),
        "reply_rate": QCoreApplication.translate("ProviderLabels", "Reply rate"),
        "opt_out_share": QCoreApplication.translate(
            "ProviderLabels", "Share of replies that opt out"
        ),
        "receipt_delay_min": QCoreApplication.translate("ProviderLabels", "Receipt delay from (s)"),
        "receipt_delay_max": QCoreApplication.translate("ProviderLabels", "Receipt delay to (s)"),
        "reply_delay_max": QCoreApplication.translate("ProviderLabels", "Replies within (s)"),
        "url": QCoreApplication.translate("ProviderLabels", "Send URL"),
        "method": QCoreApplication.translate("ProviderLabels", "Method"),
        "body_format": QCoreApplication.translate("ProviderLabels", "Body format"),
        "body_template": QCoreApplication.translate("ProviderLabels", "Body template (JSON)"),
        "headers": QCoreApplication.translate("ProviderLabels", "Headers (JSON)"),
        "id_path": QCoreApplication.translate("ProviderLabels", "Message id path"),
        "success_path": QCoreApplication.translate("ProviderLabels", "Success field path"),
        "success_values": QCoreApplication.translate("ProviderLabels", "Success values"),
        "error_code_path": QCoreApplication.translate("ProviderLabels", "Error code path"),
        "error_message_path": QCoreApplication.translate("ProviderLabels", "Error message path"),
        "error_categories": QCoreApplication.translate(
            "ProviderLabels", "Error code meanings (JSON)"
        ),
        "status_url": QCoreApplication.translate("ProviderLabels", "Status URL"),
        "status_method": QCoreApplication.translate("ProviderLabels", "Status method"),
        "status_path": QCoreApplication.translate("ProviderLabels", "Status field path"),
        "delivered_values": QCoreApplication.translate("ProviderLabels", "Delivered values"),
        "failed_values": QCoreApplication.translate("ProviderLabels", "Failed values"),
        "status_error_path": QCoreApplication.translate("ProviderLabels", "Status error path"),
        "replies_url": QCoreApplication.translate("ProviderLabels", "Replies URL"),
        "replies_list_path": QCoreApplication.translate("ProviderLabels", "Replies list path"),
        "reply_id_path": QCoreApplication.translate("ProviderLabels", "Reply id path"),
        "reply_number_path": QCoreApplication.translate("ProviderLabels", "Reply number path"),
        "reply_text_path": QCoreApplication.translate("ProviderLabels", "Reply text path"),
        "reply_time_path": QCoreApplication.translate("ProviderLabels", "Reply time path"),
        "test_url": QCoreApplication.translate("ProviderLabels", "Connection test URL"),
    }
    return labels.get(key, key)


def choice_label(value: str) -> str:
    return {
        "queue": QCoreApplication.translate("ProviderLabels", "Queue (needs activation)"),
        "by_number": QCoreApplication.translate("ProviderLabels", "Per number"),
        "form": QCoreApplication.translate("ProviderLabels", "Form"),
        "json": QCoreApplication.translate("ProviderLabels", "JSON"),
        "none": QCoreApplication.translate("ProviderLabels", "No body"),
    }.get(value, value)


_CATEGORY_TEXT = {
    ErrorCategory.AUTH: QT_TRANSLATE_NOOP(
        "ProviderLabels",
        "The provider refused the credentials or the configuration. Check the keys, the app id and the other settings.",
    ),
    ErrorCategory.BALANCE: QT_TRANSLATE_NOOP(
        "ProviderLabels", "The provider account is out of balance or has reached its quota."
    ),
    ErrorCategory.RATE_LIMITED: QT_TRANSLATE_NOOP(
        "ProviderLabels", "The provider asks to slow down. Try again in a minute."
    ),
    ErrorCategory.RETRY: QT_TRANSLATE_NOOP(
        "ProviderLabels",
        "The provider could not be reached. Check the network connection and try again.",
    ),
    ErrorCategory.UNKNOWN_OUTCOME: QT_TRANSLATE_NOOP(
        "ProviderLabels", "The provider did not answer in time."
    ),
    ErrorCategory.TEMPLATE: QT_TRANSLATE_NOOP(
        "ProviderLabels", "The provider rejected the template or the signature."
    ),
    ErrorCategory.INVALID_NUMBER: QT_TRANSLATE_NOOP(
        "ProviderLabels", "The provider says the number is not valid."
    ),
    ErrorCategory.OPTED_OUT: QT_TRANSLATE_NOOP("ProviderLabels", "The recipient has unsubscribed."),
    ErrorCategory.LIMIT: QT_TRANSLATE_NOOP(
        "ProviderLabels", "A sending limit of the provider was reached."
    ),
    ErrorCategory.PERMANENT: QT_TRANSLATE_NOOP(
        "ProviderLabels", "The provider refused the request."
    ),
}

_REASON_TEXT = {
    "endpoint_invalid": QT_TRANSLATE_NOOP(
        "ProviderLabels", "The endpoint must be an http or https address."
    ),
    "endpoint_credentials": QT_TRANSLATE_NOOP(
        "ProviderLabels", "The endpoint must not contain a user name or password."
    ),
    "endpoint_http_not_loopback": QT_TRANSLATE_NOOP(
        "ProviderLabels", "Plain http is only allowed to this computer. Use https."
    ),
    "keyring_unavailable": QT_TRANSLATE_NOOP(
        "ProviderLabels",
        "The system keychain is not available, so the secret cannot be stored or read.",
    ),
    "settings_missing": QT_TRANSLATE_NOOP("ProviderLabels", "Some required settings are empty."),
    "secret_in_settings": QT_TRANSLATE_NOOP(
        "ProviderLabels", "Secrets belong in the secret field, not in the settings."
    ),
    "duplicate": QT_TRANSLATE_NOOP("ProviderLabels", "That name is already taken."),
    "json": QT_TRANSLATE_NOOP("ProviderLabels", "A JSON field is not valid JSON."),
    "url_missing": QT_TRANSLATE_NOOP("ProviderLabels", "The send URL is missing."),
}


def error_text(error: BaseException) -> str:
    """One translated sentence (plus the vendor's code) for an error from the core."""
    if isinstance(error, ProviderError):
        text = _CATEGORY_TEXT.get(
            ErrorCategory(error.category), "The provider refused the request."
        )
        sentence = QCoreApplication.translate("ProviderLabels", text)
        vendor = error.params.get("vendor_code") or ""
        if vendor == "secret_missing":
            return QCoreApplication.translate(
                "ProviderLabels",
                "No secret is stored for this account. Edit the account and enter it.",
            )
        return f"{sentence} ({vendor})" if vendor else sentence
    if isinstance(error, ConfigurationError | ValidationError):
        reason = str(error.params.get("reason", ""))
        if reason in _REASON_TEXT:
            return QCoreApplication.translate("ProviderLabels", _REASON_TEXT[reason])
        field = error.params.get("field")
        if field:
            return QCoreApplication.translate(
                "ProviderLabels", "Please check this field: %1"
            ).replace("%1", str(field))
        return QCoreApplication.translate("ProviderLabels", "The settings are not valid.")
    if isinstance(error, SMSDeskError):
        return QCoreApplication.translate("ProviderLabels", "The action could not be completed.")
    return QCoreApplication.translate("ProviderLabels", "Unexpected error: %1").replace(
        "%1", type(error).__name__
    )
