"""The release planner: nothing outside the window, never faster than the rate, every message
either planned once or reported as not fitting before the end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from smsdesk.core.campaigns.release_plan import Group, plan_release
from smsdesk.core.campaigns.windows import SendWindow

START = datetime(2026, 5, 20, 0, 0, tzinfo=UTC)
ZONES = ("Asia/Shanghai", "America/New_York", "Europe/London", "Asia/Tokyo")


@settings(max_examples=60, deadline=None)
@given(
    counts=st.lists(st.integers(0, 3000), min_size=1, max_size=4),
    delays=st.lists(st.integers(0, 72), min_size=4, max_size=4),
    rate=st.sampled_from([0.05, 0.5, 2.0, 10.0]),
    hours=st.integers(1, 200),
    window=st.sampled_from(["09:00-20:00", "11:30-13:00", "08:00-21:00", "17:00-18:30"]),
)
def test_plan_invariants(
    counts: list[int], delays: list[int], rate: float, hours: int, window: str
) -> None:
    send_window = SendWindow.parse(window)
    groups = [
        Group(f"g{i}", ZONES[i], START + timedelta(hours=delays[i]), count, held=delays[i] > 0)
        for i, count in enumerate(counts)
    ]
    end = START + timedelta(hours=hours)
    plan = plan_release(groups, window=send_window, rate_per_second=rate, start=START, horizon=end)
    for group in groups:
        planned = sum(a.count for a in plan.for_group(group.key))
        assert planned + plan.unsent.get(group.key, 0) == group.count
        for allocation in plan.for_group(group.key):
            assert send_window.is_open(group.tz, allocation.not_before)
            assert group.earliest <= allocation.not_before < end
    assert sum(s.count for s in plan.slots) == plan.planned
    # Never faster than the rate: no window releases more than it can send.
    assert plan.planned <= rate * (end - START).total_seconds() + len(groups)
    for slot in plan.slots:
        assert slot.count <= rate * (slot.closes - slot.opens).total_seconds() + len(groups)
    if plan.planned:
        assert plan.last_send is not None
        assert plan.last_send <= end + timedelta(seconds=1)
    assert plan.deferred <= plan.planned


def test_capacity_is_shared_and_follows_the_rate() -> None:
    groups = [Group("cn", "Asia/Shanghai", START, 100_000)]
    plan = plan_release(
        groups,
        window=SendWindow(),
        rate_per_second=1.0,
        start=START,
        horizon=START + timedelta(days=4),
    )
    # 11 hours a day at one message a second: 39,600 a day.
    assert [a.count for a in plan.allocations] == [39_600, 39_600, 20_800]
    assert plan.deferred == 100_000  # 08:00 in Shanghai: every message waits for 09:00
    assert plan.last_send == datetime(2026, 5, 22, 1, 0, tzinfo=UTC) + timedelta(seconds=20_800)
