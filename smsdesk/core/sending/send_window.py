"""When a message may go out, as the sender sees it right before a submission.

The rules live in one place, ``smsdesk.core.campaigns.windows`` (hard quiet hours 21:00–08:00
recipient time, windows only narrower). The planner refuses a window that reaches into the
quiet hours; the sender, handed whatever is stored, clamps it instead: a stored window can
never make it send at night, and a message outside its window waits rather than being dropped.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from smsdesk.core.campaigns.windows import (
    FALLBACK_ZONE,
    HARD_EARLIEST,
    HARD_LATEST,
    SendWindow,
    WindowError,
    in_quiet_hours,
    parse_time,
    zone,
)

DEFAULT_TIMEZONE = FALLBACK_ZONE
HARD_WINDOW = SendWindow(HARD_EARLIEST, HARD_LATEST)

__all__ = [
    "DEFAULT_TIMEZONE",
    "HARD_WINDOW",
    "SendWindow",
    "effective_window",
    "in_hard_quiet_hours",
    "local_day_start",
    "next_local_midnight",
    "next_opening",
]


def effective_window(start: str | None, end: str | None) -> SendWindow:
    """The stored window clamped into 08:00–21:00; an empty or unreadable one means the hard
    window itself (still legal, never wider)."""
    try:
        wanted_start = parse_time(start) if start else HARD_EARLIEST
        wanted_end = parse_time(end) if end else HARD_LATEST
        return SendWindow(max(wanted_start, HARD_EARLIEST), min(wanted_end, HARD_LATEST))
    except WindowError:
        return HARD_WINDOW


def next_opening(now: datetime, timezone: str | None, window: SendWindow) -> datetime | None:
    """None when ``now`` is inside the window; otherwise the UTC instant it next opens."""
    opening = window.next_open(timezone or DEFAULT_TIMEZONE, now)
    return None if opening == now.astimezone(UTC) else opening


def in_hard_quiet_hours(now: datetime, timezone: str | None) -> bool:
    return in_quiet_hours(timezone or DEFAULT_TIMEZONE, now)


def next_local_midnight(now: datetime, timezone: str | None) -> datetime:
    """Start of the next calendar day in ``timezone`` (vendors count "per natural day")."""
    tz = zone(timezone or DEFAULT_TIMEZONE)
    local = now.astimezone(tz)
    return datetime.combine(local.date() + timedelta(days=1), time(0, 0), tzinfo=tz).astimezone(UTC)


def local_day_start(now: datetime, timezone: str | None) -> datetime:
    tz = zone(timezone or DEFAULT_TIMEZONE)
    local = now.astimezone(tz)
    return datetime.combine(local.date(), time(0, 0), tzinfo=tz).astimezone(UTC)
