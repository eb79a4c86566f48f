"""The sender inside the app: the core engine on a long-lived QThread, reporting by signals.

The main window creates one ``SenderController(ctx)`` and calls ``start()``; pages find it with
``controller_for(ctx)``. The engine never touches a widget: its callbacks run on the sender
thread and only emit signals, which Qt delivers on the GUI thread.
"""

from __future__ import annotations

import logging
import weakref

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal, Slot

from smsdesk.core.sending.account_pause import PauseReason
from smsdesk.core.sending.engine import EngineStatus, SenderEngine, SenderListener, SenderTotals
from smsdesk.core.sending.provider_pool import ProviderFactory
from smsdesk.ui.app_context import AppContext

log = logging.getLogger(__name__)

NOTIFY_INTERVAL_MS = 500
QUIT_WAIT_MS = 20000  # the vendor timeout (15 s) and the commit after it
_controllers: weakref.WeakKeyDictionary[AppContext, SenderController] = weakref.WeakKeyDictionary()


def controller_for(ctx: AppContext) -> SenderController | None:
    """The sender of this app context, if the main window started one."""
    return _controllers.get(ctx)


class _Bridge(SenderListener):
    """Engine callbacks (sender thread) → worker signals (queued to the GUI thread)."""

    def __init__(self, worker: _SenderWorker) -> None:
        self.worker = worker

    def status_changed(self, status: EngineStatus, detail: str) -> None:
        self.worker.status_changed.emit(status.value, detail)

    def progressed(self, totals: SenderTotals) -> None:
        self.worker.progressed.emit(totals.as_dict())

    def account_paused(self, account_id: int, name: str, reason: PauseReason) -> None:
        self.worker.account_paused.emit(
            account_id, name, reason.category, reason.vendor_code, reason.message
        )

    def error(self, code: str, message: str) -> None:
        self.worker.error.emit(code, message)

    def reviews_changed(self) -> None:
        self.worker.reviews_changed.emit()


class _SenderWorker(QObject):
    status_changed = Signal(str, str)
    progressed = Signal(dict)
    account_paused = Signal(int, str, str, str, str)
    error = Signal(str, str)
    reviews_changed = Signal()
    finished = Signal()

    def __init__(self, engine: SenderEngine) -> None:
        super().__init__()
        self.engine = engine
        engine.listener = _Bridge(self)

    @Slot()
    def run(self) -> None:
        try:
            self.engine.run()
        except Exception as exc:  # report, never kill the thread silently
            log.exception("the sender stopped on an error")
            self.error.emit("sender_crashed", f"{type(exc).__name__}: {exc}")
        finally:
            self.finished.emit()


class SenderController(QObject):
    """Starts, stops and talks to the sender thread.

    Signals:
        status_changed(status: str, detail: str) -- an ``EngineStatus`` value; ``detail``
            names the other sender while waiting for it
        progress(totals: dict) -- counts since start (``SenderTotals.as_dict()``)
        account_paused(account_id: int, name: str, category: str, vendor_code: str,
            message: str) -- credentials or balance refused; nothing more goes out on it
        error(code: str, message: str) -- a problem the user should hear about
        running_changed(running: bool)
    """

    status_changed = Signal(str, str)
    progress = Signal(dict)
    account_paused = Signal(int, str, str, str, str)
    error = Signal(str, str)
    running_changed = Signal(bool)

    def __init__(
        self,
        ctx: AppContext,
        *,
        provider_factory: ProviderFactory | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent or ctx)
        self.ctx = ctx
        self._factory = provider_factory
        self._thread: QThread | None = None
        self._worker: _SenderWorker | None = None
        self.status = EngineStatus.STOPPED.value
        self.totals: dict[str, int] = {}
        self._notify_timer = QTimer(self)
        self._notify_timer.setSingleShot(True)
        self._notify_timer.setInterval(NOTIFY_INTERVAL_MS)
        self._notify_timer.timeout.connect(self._on_notify_timer_timeout)
        _controllers[ctx] = self
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._on_app_about_to_quit)

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        if self._thread is not None:
            return
        engine = SenderEngine(self.ctx.db, provider_factory=self._factory, wait_for_lease=True)
        worker = _SenderWorker(engine)
        thread = QThread(self)
        thread.setObjectName("smsdesk-sender")
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.status_changed.connect(self._on_worker_status_changed)
        worker.progressed.connect(self._on_worker_progressed)
        worker.account_paused.connect(self._on_worker_account_paused)
        worker.error.connect(self.error)
        worker.reviews_changed.connect(self._on_worker_reviews_changed)
        # Direct: QThread.quit is thread-safe, and stop(wait_ms=...) blocks the GUI thread.
        worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        thread.finished.connect(self._on_thread_finished)
        self._thread, self._worker = thread, worker
        thread.start()
        self.running_changed.emit(True)

    def stop(self, *, wait_ms: int = 0) -> bool:
        """Ask the sender to stop (it finishes the request in flight, within a second or the
        vendor's timeout). With ``wait_ms`` block up to that long; True when it has stopped."""
        if self._worker is None or self._thread is None:
            return True
        self._worker.engine.stop()
        if wait_ms:
            return self._thread.wait(wait_ms)
        return False

    def pull_now(self) -> None:
        if self._worker is not None:
            self._worker.engine.request_pull()

    def wake(self) -> None:
        """New messages were queued: send now rather than at the next poll."""
        if self._worker is not None:
            self._worker.engine.wake()

    @Slot(str, str)
    def _on_worker_status_changed(self, status: str, detail: str) -> None:
        self.status = status
        self.status_changed.emit(status, detail)

    @Slot(dict)
    def _on_worker_progressed(self, totals: dict) -> None:  # type: ignore[type-arg]
        self.totals = dict(totals)
        self.progress.emit(self.totals)
        if not self._notify_timer.isActive():
            self._notify_timer.start()

    @Slot(int, str, str, str, str)
    def _on_worker_account_paused(
        self, account_id: int, name: str, category: str, vendor_code: str, message: str
    ) -> None:
        self.account_paused.emit(account_id, name, category, vendor_code, message)
        self.ctx.notify("providers")

    @Slot()
    def _on_worker_reviews_changed(self) -> None:
        self.ctx.notify("reviews")

    @Slot()
    def _on_app_about_to_quit(self) -> None:
        """Let the request in flight finish and its outcome be committed before Qt goes."""
        if not self.stop(wait_ms=QUIT_WAIT_MS):
            log.warning("the sender did not stop in time; its message stays 'submitting'")

    @Slot()
    def _on_notify_timer_timeout(self) -> None:
        self.ctx.notify("messages")

    @Slot()
    def _on_thread_finished(self) -> None:
        thread, worker = self._thread, self._worker
        self._thread = self._worker = None
        if worker is not None:
            worker.deleteLater()
        if thread is not None:
            thread.deleteLater()
        self.status = EngineStatus.STOPPED.value
        self.running_changed.emit(False)
        self.ctx.notify("messages")
