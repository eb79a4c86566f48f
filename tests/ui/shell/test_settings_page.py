"""The Settings page saves typed values and keeps the send window inside the hard limits."""

from __future__ import annotations

from PySide6.QtCore import QTime

from smsdesk.core import settings as app_settings
from smsdesk.ui.main_window import MainWindow


def test_settings_round_trip(main_window: MainWindow, ctx) -> None:  # type: ignore[no-untyped-def]
    page = main_window.show_page("settings")
    page.cap_count["loyal"].setValue(3)
    page.cap_days["loyal"].setValue(20)
    page.optout_warn.setValue(0.8)
    page.user_name.setText("店长小王")
    assert page.save() is True
    with ctx.session() as session:
        assert app_settings.get(session, "frequency.caps")["loyal"] == [3, 20]
        assert app_settings.get(session, "health.optout_warn_rate") == 0.008
        assert app_settings.get(session, "user.name") == "店长小王"


def test_window_cannot_reach_into_quiet_hours(main_window: MainWindow) -> None:
    page = main_window.show_page("settings")
    page.window_start.setTime(QTime(6, 0))
    page.window_end.setTime(QTime(23, 30))
    assert page.window_start.time() == QTime(8, 0)
    assert page.window_end.time() == QTime(21, 0)


def test_window_must_start_before_it_ends(main_window: MainWindow, ctx) -> None:  # type: ignore[no-untyped-def]
    page = main_window.show_page("settings")
    page.window_start.setTime(QTime(18, 0))
    page.window_end.setTime(QTime(10, 0))
    assert page.save() is False
    assert "before it ends" in page.message.text()
    with ctx.session() as session:
        assert app_settings.get(session, "window.start") == "09:00"
