"""Send windows: the hard quiet hours 21:00-08:00 cannot be widened; openings are computed in
the recipient's zone, across midnight and daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from smsdesk.core.campaigns.windows import SendWindow, WindowError, in_quiet_hours


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_default_window_is_nine_to_eight() -> None:
    window = SendWindow()
    assert window.label == "09:00-20:00"


@pytest.mark.parametrize("text", ["07:59-20:00", "09:00-21:01", "06:00-23:00", "00:00-23:59"])
def test_quiet_hours_cannot_be_widened(text: str) -> None:
    with pytest.raises(WindowError) as caught:
        SendWindow.parse(text)
    assert caught.value.params["reason"] == "quiet_hours"


@pytest.mark.parametrize("text", ["08:00-21:00", "11:30-13:00", "17:00-18:30", "10:00 – 12:00"])
def test_windows_inside_the_hard_limits_are_accepted(text: str) -> None:
    assert SendWindow.parse(text).start >= time(8, 0)


@pytest.mark.parametrize(("text", "reason"), [("20:00-09:00", "order"), ("9-20", "format")])
def test_malformed_windows(text: str, reason: str) -> None:
    with pytest.raises(WindowError) as caught:
        SendWindow.parse(text)
    assert caught.value.params["reason"] == reason


def test_chinese_recipient_after_the_window_waits_past_midnight() -> None:
    window = SendWindow()
    # 20:30 in Shanghai (12:30 UTC): closed; next opening 09:00 the next day (01:00 UTC).
    assert not window.is_open("Asia/Shanghai", utc(2026, 5, 20, 12, 30))
    assert window.next_open("Asia/Shanghai", utc(2026, 5, 20, 12, 30)) == utc(2026, 5, 21, 1, 0)
    # 00:30 in Shanghai (16:30 UTC the day before): same calendar day's 09:00.
    assert window.next_open("Asia/Shanghai", utc(2026, 5, 20, 16, 30)) == utc(2026, 5, 21, 1, 0)
    # Open: the instant itself.
    assert window.next_open("Asia/Shanghai", utc(2026, 5, 21, 3, 0)) == utc(2026, 5, 21, 3, 0)


def test_us_recipient_across_midnight_and_dst_changes() -> None:
    window = SendWindow()
    ny = "America/New_York"
    # Saturday 7 March 2026, 22:00 EST (03:00 UTC Sunday). Clocks go forward that night,
    # so Sunday 09:00 is EDT (UTC-4): 13:00 UTC, not 14:00.
    assert window.next_open(ny, utc(2026, 3, 8, 3, 0)) == utc(2026, 3, 8, 13, 0)
    # Saturday 31 October 2026, 21:30 EDT; clocks go back that night: Sunday 09:00 EST = 14:00.
    assert window.next_open(ny, utc(2026, 11, 1, 1, 30)) == utc(2026, 11, 1, 14, 0)
    # TCPA: 8 am to 9 pm local. 20:59 EDT is allowed by law (outside the default window),
    # 21:00 is not; 07:59 is not.
    assert not in_quiet_hours(ny, utc(2026, 6, 1, 0, 59))
    assert in_quiet_hours(ny, utc(2026, 6, 1, 1, 0))
    assert in_quiet_hours(ny, utc(2026, 6, 1, 11, 59))
    assert not in_quiet_hours(ny, utc(2026, 6, 1, 12, 0))


def test_chinese_quiet_hours() -> None:
    assert in_quiet_hours("Asia/Shanghai", utc(2026, 5, 20, 13, 0))  # 21:00
    assert in_quiet_hours("Asia/Shanghai", utc(2026, 5, 19, 23, 59))  # 07:59
    assert not in_quiet_hours("Asia/Shanghai", utc(2026, 5, 20, 0, 0))  # 08:00


def test_intervals_clip_to_the_range() -> None:
    window = SendWindow.parse("09:00-20:00")
    spans = list(window.intervals("Asia/Shanghai", utc(2026, 5, 20, 6, 0), utc(2026, 5, 22, 2, 0)))
    assert spans == [
        (utc(2026, 5, 20, 6, 0), utc(2026, 5, 20, 12, 0)),
        (utc(2026, 5, 21, 1, 0), utc(2026, 5, 21, 12, 0)),
        (utc(2026, 5, 22, 1, 0), utc(2026, 5, 22, 2, 0)),
    ]


def test_unknown_zone_falls_back_to_china_time() -> None:
    assert SendWindow().next_open("Mars/Olympus", utc(2026, 5, 20, 12, 30)) == utc(
        2026, 5, 21, 1, 0
    )
