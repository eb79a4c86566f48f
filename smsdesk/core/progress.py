"""Progress and cancellation for long core work (import, export, sending), without Qt.

The core calls ``progress.update(done, total)`` now and then and ``progress.check()`` at safe
points; ``check`` raises ``Cancelled`` once the user asked to stop. The UI's task runner and
the CLI each supply their own ``on_update``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from smsdesk.core.errors import Cancelled

UpdateCallback = Callable[[int, int, str], None]


class Progress:
    def __init__(
        self,
        *,
        cancel_event: threading.Event | None = None,
        on_update: UpdateCallback | None = None,
        min_interval: float = 0.1,
    ) -> None:
        self._cancel = cancel_event or threading.Event()
        self._on_update = on_update
        self._min_interval = min_interval
        self._last = 0.0

    def update(self, done: int, total: int = 0, note: str = "", *, force: bool = False) -> None:
        """Report progress; calls are throttled to one per ``min_interval`` unless forced."""
        now = time.monotonic()
        if self._on_update is not None and (force or now - self._last >= self._min_interval):
            self._last = now
            self._on_update(done, total, note)

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled("Cancelled by the user")

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()
