"""The vocabulary shared by the database, the core and both faces.

Values are stored as these strings; the UI translates them for display.
"""

from __future__ import annotations

from enum import StrEnum


class Carrier(StrEnum):
    MOBILE = "mobile"  # 中国移动
    UNICOM = "unicom"  # 中国联通
    TELECOM = "telecom"  # 中国电信
    BROADNET = "broadnet"  # 中国广电 (192), rides on China Mobile's network
    INTERNATIONAL = "intl"
    UNKNOWN = "unknown"


class Tier(StrEnum):
    NEW = "new"
    ACTIVE = "active"
    DORMANT = "dormant"
    LOYAL = "loyal"


class ConsentScope(StrEnum):
    MARKETING = "marketing"
    SERVICE = "service"
    NONE = "none"


class ConsentAction(StrEnum):
    GRANT = "grant"
    WITHDRAW = "withdraw"


class ConsentMethod(StrEnum):
    SMS_REPLY = "sms_reply"
    OTP = "otp"
    SIGNATURE = "signature"
    WEB_FORM = "web_form"
    PAPER = "paper"
    IMPORT = "import"


class MessageKind(StrEnum):
    MARKETING = "marketing"
    SERVICE = "service"


class ApprovalStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"


class ProviderKind(StrEnum):
    SANDBOX = "sandbox"
    ALIYUN = "aliyun"
    TENCENT = "tencent"
    TWILIO = "twilio"
    HTTP = "http"


class MessageState(StrEnum):
    QUEUED = "queued"
    SUBMITTING = "submitting"
    SUBMITTED = "submitted"
    DELIVERED = "delivered"
    FAILED = "failed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"
    SKIPPED = "skipped"


class CampaignState(StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    RUNNING = "running"
    PAUSED = "paused"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class ReplyAction(StrEnum):
    OPT_OUT = "opt_out"
    CONSENT_MARKETING = "consent_marketing"
    CONSENT_SERVICE = "consent_service"
    NONE = "none"
