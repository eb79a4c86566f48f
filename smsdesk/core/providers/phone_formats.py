"""Numbers as the vendors write them, to and from our E.164."""

from __future__ import annotations

import re

from smsdesk.core.contacts import numbers


def e164_from_vendor(raw: str) -> str:
    """E.164 for a number a vendor sent us ("13800138000", "8613800138000", "+1415...")."""
    try:
        return numbers.normalize(raw)
    except numbers.NumberRejected:
        digits = re.sub(r"\D", "", raw)
        return f"+{digits}" if digits else raw


def cn_national_or_digits(e164: str) -> str:
    """Mainland numbers as 11 digits, others as country code + number without "+"
    (what Alibaba's PhoneNumbers and QuerySendDetails take)."""
    digits = e164.lstrip("+")
    if e164.startswith("+86") and len(digits) == 13:
        return digits[2:]
    return digits
