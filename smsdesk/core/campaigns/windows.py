"""Send windows in the recipient's local time, inside the hard quiet hours.

DOMAIN.md (Frequency and timing): no marketing between 21:00 and 08:00 recipient time; this is
**hard** (China's rules; the US TCPA says the same: not before 8 am or after 9 pm local). A
campaign window defaults to 09:00-20:00 and may only be narrowed inside 08:00-21:00.
Everything is computed per IANA time zone, so midnight and daylight-saving changes fall out of
``zoneinfo`` rather than fixed offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from smsdesk.core.clock import ensure_utc
from smsdesk.core.errors import ValidationError

HARD_EARLIEST = time(8, 0)
HARD_LATEST = time(21, 0)
DEFAULT_START = time(9, 0)
DEFAULT_END = time(20, 0)
FALLBACK_ZONE = "Asia/Shanghai"

_TIME_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


class WindowError(ValidationError):
    """A send window that is malformed or reaches into the hard quiet hours.

    ``params["reason"]`` is ``format``, ``order`` or ``quiet_hours``.
    """

    code = "send_window"


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    """The zone for ``name``; an unknown or empty name falls back to China Standard Time."""
    try:
        return ZoneInfo(name or FALLBACK_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(FALLBACK_ZONE)


def parse_time(text: str) -> time:
    match = _TIME_RE.match(text or "")
    if not match:
        raise WindowError(f"Not a time of day: {text!r}", reason="format", value=text)
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour == 24 and minute == 0:
        return time(23, 59, 59)
    if hour > 23 or minute > 59:
        raise WindowError(f"Not a time of day: {text!r}", reason="format", value=text)
    return time(hour, minute)


def format_time(value: time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def local_instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of wall-clock ``at`` on ``day`` in ``tz``.

    Windows start at 08:00 or later, so they never fall into the hour skipped or repeated
    when clocks change (which happens at night); ``zoneinfo`` picks the offset in force.
    """
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


@dataclass(frozen=True)
class SendWindow:
    """A daily window [start, end) in recipient local time, always inside 08:00-21:00."""

    start: time = DEFAULT_START
    end: time = DEFAULT_END

    def __post_init__(self) -> None:
        if self.start >= self.end:
            raise WindowError(
                f"The window must open before it closes: {self.label}",
                reason="order",
                window=self.label,
            )
        if self.start < HARD_EARLIEST or self.end > HARD_LATEST:
            raise WindowError(
                f"{self.label} reaches into the quiet hours 21:00-08:00",
                reason="quiet_hours",
                window=self.label,
            )

    @classmethod
    def from_strings(cls, start: str, end: str) -> SendWindow:
        return cls(parse_time(start), parse_time(end))

    @classmethod
    def parse(cls, text: str) -> SendWindow:
        """``"09:00-20:00"`` (also with an en dash or ``~``)."""
        parts = re.split(r"\s*[-–~]\s*", (text or "").strip())
        if len(parts) != 2:
            raise WindowError(f"Not a window: {text!r}", reason="format", value=text)
        return cls.from_strings(parts[0], parts[1])

    @property
    def label(self) -> str:
        return f"{format_time(self.start)}-{format_time(self.end)}"

    def is_open(self, tz_name: str, at: datetime) -> bool:
        local = ensure_utc(at).astimezone(zone(tz_name)).time()
        return self.start <= local < self.end

    def day_interval(self, tz_name: str, day: date) -> tuple[datetime, datetime]:
        tz = zone(tz_name)
        return local_instant(day, self.start, tz), local_instant(day, self.end, tz)

    def next_open(self, tz_name: str, at: datetime) -> datetime:
        """``at`` itself if the window is open then, else the next opening (UTC)."""
        at = ensure_utc(at)
        day = at.astimezone(zone(tz_name)).date()
        for offset in range(4):
            opens, closes = self.day_interval(tz_name, day + timedelta(days=offset))
            if at < opens:
                return opens
            if at < closes:
                return at
        raise AssertionError("a daily window opens within four days")  # pragma: no cover

    def close_after(self, tz_name: str, at: datetime) -> datetime:
        """When the window that is open at (or next opens after) ``at`` closes."""
        opens = self.next_open(tz_name, at)
        day = opens.astimezone(zone(tz_name)).date()
        return self.day_interval(tz_name, day)[1]

    def intervals(
        self, tz_name: str, start: datetime, end: datetime
    ) -> Iterator[tuple[datetime, datetime]]:
        """Open intervals (UTC) overlapping [start, end), clipped to it."""
        start, end = ensure_utc(start), ensure_utc(end)
        day = start.astimezone(zone(tz_name)).date() - timedelta(days=1)
        while True:
            opens, closes = self.day_interval(tz_name, day)
            if opens >= end:
                return
            lower, upper = max(opens, start), min(closes, end)
            if lower < upper:
                yield lower, upper
            day += timedelta(days=1)


def in_quiet_hours(tz_name: str, at: datetime) -> bool:
    """True between 21:00 and 08:00 recipient time: no marketing message may go then."""
    local = ensure_utc(at).astimezone(zone(tz_name)).time()
    return local < HARD_EARLIEST or local >= HARD_LATEST


def local_date(tz_name: str, at: datetime) -> date:
    return ensure_utc(at).astimezone(zone(tz_name)).date()
