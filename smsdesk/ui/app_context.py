"""What every page and dialog gets: the database, the task runner, the error presenter, and
one signal that says which part of the data changed (pages refresh themselves on it)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal
from sqlalchemy.orm import Session

from smsdesk.core import paths
from smsdesk.core import settings as app_settings
from smsdesk.core.db.engine import Database
from smsdesk.ui.task_runner import TaskRunner


class AppContext(QObject):
    """Signals:
    data_changed(domain: str) -- "contacts", "consent", "optouts", "templates", "signatures",
        "providers", "campaigns", "messages", "replies", "settings"
    status_message(text: str) -- a transient note for the status bar
    """

    data_changed = Signal(str)
    status_message = Signal(str)

    def __init__(self, db: Database, *, demo: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.demo = demo
        self.tasks = TaskRunner(self)
        # Window state in an INI file beside the data (not the registry / ~/.config): one
        # place per data folder, and tests never touch the user's real settings.
        self.qsettings = QSettings(
            str(paths.data_dir() / "window.ini"), QSettings.Format.IniFormat, self
        )

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.db.session() as session:
            yield session

    def setting(self, key: str) -> Any:
        with self.db.session() as session:
            return app_settings.get(session, key)

    def set_setting(self, key: str, value: Any) -> None:
        with self.db.session() as session:
            app_settings.set_value(session, key, value)
        self.data_changed.emit("settings")

    def notify(self, domain: str) -> None:
        self.data_changed.emit(domain)
