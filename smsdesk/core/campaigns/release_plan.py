"""When each eligible message goes: per recipient time zone, inside the window, at the rate.

The pre-flight and the queue share this planner, so the report's figures are the queue's.
Messages come in groups (same time zone, same earliest time); the planner walks time forward
through the windows of every zone, gives each open stretch its capacity (rate × duration,
shared by all zones open then, first come first served), and records for each group which
window it is released in. A group not served when its window closes waits for its next
window: that is the "window closes with messages left" pause, planned ahead. What cannot be
sent before the campaign's end is reported, never queued.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from smsdesk.core.campaigns.windows import SendWindow, local_date

DEFAULT_HORIZON = timedelta(days=62)


@dataclass(frozen=True)
class Group:
    key: str
    tz: str
    earliest: datetime
    count: int
    held: bool = False  # waits for something other than the window (cap, A/B winner)


@dataclass(frozen=True)
class Allocation:
    key: str
    not_before: datetime
    count: int


@dataclass(frozen=True)
class WindowSlot:
    """One day's window in one zone, and how many messages it releases."""

    tz: str
    day: date
    opens: datetime
    closes: datetime
    count: int

    def to_json(self) -> dict[str, object]:
        return {
            "timezone": self.tz,
            "date": self.day.isoformat(),
            "opens": self.opens.isoformat(),
            "closes": self.closes.isoformat(),
            "messages": self.count,
        }


@dataclass
class ReleasePlan:
    allocations: list[Allocation] = field(default_factory=list)
    slots: list[WindowSlot] = field(default_factory=list)
    last_send: datetime | None = None
    deferred: int = 0
    unsent: dict[str, int] = field(default_factory=dict)

    @property
    def planned(self) -> int:
        return sum(a.count for a in self.allocations)

    def for_group(self, key: str) -> list[Allocation]:
        return [a for a in self.allocations if a.key == key]


@dataclass
class _Open:
    """A group waiting in one of its windows."""

    group: Group
    remaining: int
    interval: tuple[datetime, datetime]
    first_served: datetime | None = None
    served: int = 0


def plan_release(
    groups: list[Group],
    *,
    window: SendWindow,
    rate_per_second: float,
    start: datetime,
    horizon: datetime | None,
) -> ReleasePlan:
    """Allocate ``groups`` to windows from ``start`` until ``horizon`` (exclusive)."""
    plan = ReleasePlan()
    end = horizon or start + DEFAULT_HORIZON
    rate = max(rate_per_second, 0.001)
    remaining = {g.key: g.count for g in groups if g.count > 0}
    by_key = {g.key: g for g in groups}
    # Each group's next window interval, ordered by opening (then earliest, then key).
    pending: list[tuple[datetime, datetime, str, datetime, datetime]] = []

    def schedule(group: Group, after: datetime) -> bool:
        for opens, closes in window.intervals(group.tz, max(after, group.earliest, start), end):
            heapq.heappush(pending, (opens, group.earliest, group.key, opens, closes))
            return True
        return False

    for group in groups:
        if group.count > 0 and not schedule(group, start):
            plan.unsent[group.key] = group.count

    slot_counts: dict[tuple[str, date], int] = defaultdict(int)
    active: list[_Open] = []
    now = start
    carry = 0.0
    while pending or active:
        if not active:
            opens = pending[0][0]
            now = max(now, opens)
            carry = 0.0
        # Admit every group whose interval has opened by now.
        while pending and pending[0][0] <= now:
            _, _, key, opens, closes = heapq.heappop(pending)
            active.append(_Open(by_key[key], remaining[key], (opens, closes)))
        active.sort(key=lambda o: (o.interval[0], o.group.earliest, o.group.key))
        # The stretch until the next event: a window closing, another opening.
        next_events = [o.interval[1] for o in active]
        if pending:
            next_events.append(pending[0][0])
        until = min(next_events)
        capacity = (until - now).total_seconds() * rate + carry
        cursor = now
        for item in active:
            if capacity < 1:
                break
            take = min(item.remaining, int(capacity))
            if take <= 0:
                continue
            if item.first_served is None:
                item.first_served = cursor
            item.remaining -= take
            item.served += take
            capacity -= take
            cursor = cursor + timedelta(seconds=take / rate)
            plan.last_send = cursor
        carry = capacity if capacity < 1 else 0.0
        now = until
        still: list[_Open] = []
        for item in active:
            closing = item.interval[1] <= now or item.remaining == 0
            if not closing:
                still.append(item)
                continue
            key = item.group.key
            if item.served:
                assert item.first_served is not None
                plan.allocations.append(Allocation(key, item.first_served, item.served))
                day = local_date(item.group.tz, item.interval[0])
                slot_counts[(item.group.tz, day)] += item.served
                first_window = item.interval[0] <= start < item.interval[1]
                if item.group.held or not first_window:
                    plan.deferred += item.served
            remaining[key] = item.remaining
            if item.remaining and not schedule(item.group, item.interval[1]):
                plan.unsent[key] = item.remaining
        active = still
    for (tz, day), count in sorted(slot_counts.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        opens, closes = window.day_interval(tz, day)
        plan.slots.append(WindowSlot(tz, day, opens, closes, count))
    return plan
