"""When a marketing message may go out, in the recipient's local time.

Quiet hours are **hard**: no marketing between 21:00 and 08:00 recipient time (DOMAIN.md,
"Frequency and timing"; the US TCPA uses the same 8 am–9 pm bounds). A campaign's window, or
the default window from settings, narrows that further; it can never widen it. A message
outside its window waits for the next opening rather than being dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

HARD_EARLIEST = time(8, 0)
HARD_LATEST = time(21, 0)
DEFAULT_TIMEZONE = "Asia/Shanghai"


@dataclass(frozen=True)
class SendWindow:
    """A daily local-time window ``[start, end)``, already clamped to the hard limits."""

    start: time
    end: time

    def contains(self, local: time) -> bool:
        return self.start <= local < self.end


HARD_WINDOW = SendWindow(HARD_EARLIEST, HARD_LATEST)


def parse_hhmm(text: str) -> time:
    hours, _, minutes = text.strip().partition(":")
    return time(int(hours), int(minutes or 0))


def effective_window(start: str | None, end: str | None) -> SendWindow:
    """The user's window clamped into 08:00–21:00; an empty or unreadable one means the
    hard window itself (still legal, never wider)."""
    try:
        wanted_start = parse_hhmm(start) if start else HARD_EARLIEST
        wanted_end = parse_hhmm(end) if end else HARD_LATEST
    except ValueError:
        return HARD_WINDOW
    clamped = SendWindow(max(wanted_start, HARD_EARLIEST), min(wanted_end, HARD_LATEST))
    return clamped if clamped.start < clamped.end else HARD_WINDOW


@lru_cache(maxsize=256)
def zone(name: str | None) -> ZoneInfo:
    """The recipient's zone; an empty or unknown name falls back to Beijing time."""
    try:
        return ZoneInfo(name or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


def next_opening(now: datetime, timezone: str | None, window: SendWindow) -> datetime | None:
    """None when ``now`` is inside the window; otherwise the UTC instant it next opens."""
    tz = zone(timezone)
    local = now.astimezone(tz)
    if window.contains(local.time()):
        return None
    day = local.date() if local.time() < window.start else local.date() + timedelta(days=1)
    opening = datetime.combine(day, window.start, tzinfo=tz)
    return opening.astimezone(UTC)


def in_hard_quiet_hours(now: datetime, timezone: str | None) -> bool:
    return next_opening(now, timezone, HARD_WINDOW) is not None


def next_local_midnight(now: datetime, timezone: str | None) -> datetime:
    """Start of the next calendar day in ``timezone`` (vendors count "per natural day")."""
    tz = zone(timezone)
    local = now.astimezone(tz)
    return datetime.combine(local.date() + timedelta(days=1), time(0, 0), tzinfo=tz).astimezone(UTC)


def local_day_start(now: datetime, timezone: str | None) -> datetime:
    tz = zone(timezone)
    local = now.astimezone(tz)
    return datetime.combine(local.date(), time(0, 0), tzinfo=tz).astimezone(UTC)
