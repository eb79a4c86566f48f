"""Limits the vendors enforce, built in so that predictable refusals never happen.

Facts from /work/shared/PROVIDERS.md (sections 1.2, 1.3, 1.6, 2.2, 2.7):

- Alibaba Cloud: SendBatchSms takes at most 100 numbers (SendSms 1000, but only with the same
  variables for all); the same signature + template reaches one number at most 50 times in a
  rolling 24 hours (notification and promotional SMS).
- Tencent Cloud: SendSms takes at most 200 numbers; the same content reaches one number at
  most once per 30 seconds; one number gets at most 10 messages per natural day (Beijing time;
  the international page says 2, the mainland page 10 — both configurable in the console).
- Twilio: one recipient per request; no per-number daily limit.

An account may override the numbers in its settings (``daily_limit_per_number``,
``template_daily_limit``, ``same_content_interval_seconds``), since enterprise accounts can
change them in the vendor console.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from smsdesk.core.enums import ProviderKind
from smsdesk.core.sending.send_window import local_day_start, next_local_midnight

VENDOR_TIMEZONE = "Asia/Shanghai"


class LimitReason(StrEnum):
    SAME_CONTENT_INTERVAL = "vendor_same_content"
    DAILY_PER_NUMBER = "vendor_daily_per_number"
    TEMPLATE_DAILY = "vendor_template_daily"


@dataclass(frozen=True)
class VendorLimits:
    max_batch: int
    daily_per_number: int | None = None  # any content, per natural day (vendor time)
    template_daily: int | None = None  # same signature + template, rolling 24 hours
    same_content_interval: timedelta | None = None

    @property
    def any_per_number(self) -> bool:
        return bool(self.daily_per_number or self.template_daily or self.same_content_interval)


LIMITS: dict[ProviderKind, VendorLimits] = {
    ProviderKind.ALIYUN: VendorLimits(max_batch=100, template_daily=50),
    ProviderKind.TENCENT: VendorLimits(
        max_batch=200, daily_per_number=10, same_content_interval=timedelta(seconds=30)
    ),
    ProviderKind.TWILIO: VendorLimits(max_batch=1),
    ProviderKind.HTTP: VendorLimits(max_batch=1000),
    ProviderKind.SANDBOX: VendorLimits(max_batch=1000),
}


def limits_for(kind: str, account_settings: Mapping[str, Any] | None = None) -> VendorLimits:
    """The built-in limits for ``kind``, with the account's own overrides applied."""
    try:
        limits = LIMITS[ProviderKind(kind)]
    except ValueError:
        limits = VendorLimits(max_batch=1)
    overrides = account_settings or {}
    if "daily_limit_per_number" in overrides:
        limits = replace(limits, daily_per_number=_positive(overrides["daily_limit_per_number"]))
    if "template_daily_limit" in overrides:
        limits = replace(limits, template_daily=_positive(overrides["template_daily_limit"]))
    if "same_content_interval_seconds" in overrides:
        seconds = _positive(overrides["same_content_interval_seconds"])
        limits = replace(
            limits, same_content_interval=timedelta(seconds=seconds) if seconds else None
        )
    return limits


def _positive(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


@dataclass(frozen=True)
class SentRecord:
    """One earlier message to the same number on the same account (for the limits)."""

    at: datetime
    template_id: int | None
    body: str


def history_horizon(now: datetime) -> datetime:
    """How far back the history must reach to answer every limit."""
    return min(now - timedelta(hours=24), local_day_start(now, VENDOR_TIMEZONE))


def check(
    limits: VendorLimits,
    *,
    history: Iterable[SentRecord],
    template_id: int | None,
    body: str,
    now: datetime,
) -> tuple[LimitReason, datetime] | None:
    """None when the vendor would accept this message now; else why and when it would."""
    records = list(history)
    if limits.same_content_interval:
        same = [r.at for r in records if r.body == body]
        if same and now - max(same) < limits.same_content_interval:
            return LimitReason.SAME_CONTENT_INTERVAL, max(same) + limits.same_content_interval
    if limits.daily_per_number:
        day_start = local_day_start(now, VENDOR_TIMEZONE)
        today = sum(1 for r in records if r.at >= day_start)
        if today >= limits.daily_per_number:
            return LimitReason.DAILY_PER_NUMBER, next_local_midnight(now, VENDOR_TIMEZONE)
    if limits.template_daily and template_id is not None:
        cutoff = now - timedelta(hours=24)
        recent = sorted(r.at for r in records if r.template_id == template_id and r.at > cutoff)
        if len(recent) >= limits.template_daily:
            # The window frees up when the oldest send that keeps it full turns 24 hours old.
            return LimitReason.TEMPLATE_DAILY, recent[-limits.template_daily] + timedelta(hours=24)
    return None
