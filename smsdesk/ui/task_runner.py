"""One path for background work: a core function runs on a worker thread, its progress
and result come back as signals on the GUI thread. Background code never touches a widget.

Usage::

    task = ctx.tasks.run(import_file, path, progress=True)   # the function gets a Progress
    task.progress_changed.connect(bar.setValue)
    task.succeeded.connect(self._on_import_succeeded)
    task.failed.connect(ctx.errors.show)
    cancel_button.clicked.connect(task.cancel)
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

from smsdesk.core.errors import Cancelled
from smsdesk.core.progress import Progress

log = logging.getLogger(__name__)


class Task(QObject):
    """Signals:
    progress_changed(done: int, total: int, note: str)
    succeeded(result: object)
    failed(error: BaseException, details: str)
    cancelled()
    finished()  -- after any of the three above
    """

    progress_changed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object, str)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.user_work = False
        self._cancel = threading.Event()
        self.progress = Progress(
            cancel_event=self._cancel,
            on_update=lambda done, total, note: self.progress_changed.emit(done, total, note),
        )

    @Slot()
    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()


class _Runnable(QRunnable):
    def __init__(
        self, task: Task, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> None:
        super().__init__()
        self.task = task
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.setAutoDelete(True)

    def run(self) -> None:
        task = self.task
        try:
            result = self.fn(*self.args, **self.kwargs)
        except Cancelled:
            self._emit(task.cancelled)
        except Exception as exc:
            log.exception("background task %s failed", task.name)
            self._emit(task.failed, exc, traceback.format_exc())
        else:
            self._emit(task.succeeded, result)
        self._emit(task.finished)

    @staticmethod
    def _emit(signal: Any, *args: Any) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the receiver went away (window closed, app quitting)
            log.debug("task signal dropped: receiver deleted")


class TaskRunner(QObject):
    """Runs core functions on a thread pool and keeps each task alive until it finishes."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(4)
        self._running: set[Task] = set()

    def run(
        self,
        name: str,
        fn: Callable[..., Any],
        *args: Any,
        with_progress: bool = False,
        **kwargs: Any,
    ) -> Task:
        """Start ``fn(*args, **kwargs)``; with ``with_progress`` it also gets ``progress=``."""
        task = Task(name)
        if with_progress:
            kwargs["progress"] = task.progress
        self._running.add(task)
        task.finished.connect(lambda: self._running.discard(task))
        runnable = _Runnable(task, fn, args, kwargs)
        # Start on the next turn of the event loop, after the caller has connected to the
        # task's signals: a fast task must not finish before anyone listens.
        QTimer.singleShot(0, self, lambda: self.pool.start(runnable))
        return task

    def wait_all(self, msecs: int = 30000) -> bool:
        """Wait for running tasks (those not yet started get their turn first)."""
        QCoreApplication.processEvents()
        return self.pool.waitForDone(msecs)

    @property
    def active_count(self) -> int:
        return len(self._running)

    @property
    def user_work_count(self) -> int:
        return sum(1 for task in self._running if task.user_work)

    def cancel_all(self) -> None:
        for task in list(self._running):
            task.cancel()
