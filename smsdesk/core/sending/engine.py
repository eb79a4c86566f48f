"""The sender: one loop that holds the lease, dispatches due messages and pulls receipts.

The same engine runs headless (``smsdesk-cli run``) and inside the GUI's sender thread; it
reports through a ``SenderListener`` (plain callbacks, called on the engine's thread) and
stops within a second of ``stop()``. Campaign pause, resume and cancel are read from the
database on every batch, so they too take effect within a second.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import dataclass, fields
from datetime import timedelta
from enum import StrEnum

from sqlalchemy.exc import OperationalError

from smsdesk.core import settings
from smsdesk.core.campaigns import scheduler
from smsdesk.core.clock import utc_now
from smsdesk.core.db.engine import Database
from smsdesk.core.errors import SMSDeskError
from smsdesk.core.sending import lease, receipts
from smsdesk.core.sending.account_pause import PauseReason
from smsdesk.core.sending.dispatcher import Dispatcher, LeaseLost, RoundResult, due_soon
from smsdesk.core.sending.provider_pool import ProviderFactory, ProviderPool
from smsdesk.core.sending.reconcile import recover_interrupted
from smsdesk.core.templates import provider_review

log = logging.getLogger(__name__)

LEASE_RETRY_SECONDS = 2.0
IDLE_POLL_SECONDS = 0.5
ROUND_BUDGET_SECONDS = 1.0
DATABASE_RETRY_SECONDS = 2.0
# Campaign scheduling (recurring runs, triggers, windows, expiry, health) is stepped by the
# one process that holds the sending lease, so a run fires once however many apps are open.
SCHEDULE_INTERVAL_SECONDS = 30.0
# Templates and signatures under the providers' review: their verdicts are asked for this often
# (vendors review in minutes to hours; the user can also ask at once on the templates page).
REVIEW_INTERVAL_SECONDS = 600.0
# ``until_idle`` waits for messages due within this (retries after a backoff), not for
# those waiting for quiet hours or tomorrow's vendor quota.
RETRY_HORIZON = timedelta(seconds=60)


class SenderBusy(SMSDeskError):
    """Another process holds the sending lease (``params["holder"]`` says which)."""

    code = "sender_busy"


class EngineStatus(StrEnum):
    STARTING = "starting"
    WAITING_FOR_LEASE = "waiting_for_lease"
    SENDING = "sending"
    IDLE = "idle"
    STOPPED = "stopped"


@dataclass
class SenderTotals:
    """Counts since the engine started (what the status bar and ``run`` report)."""

    submitted: int = 0
    failed: int = 0
    skipped: int = 0
    waiting: int = 0
    unknown: int = 0
    retried: int = 0
    cancelled: int = 0
    expired: int = 0
    recovered: int = 0  # submitting rows found at start (a previous sender died) → unknown
    receipts: int = 0
    reconciled: int = 0
    replies: int = 0

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


class SenderListener:
    """Override what you need; every method is called on the engine's thread."""

    def status_changed(self, status: EngineStatus, detail: str) -> None:
        """The engine started, waits for another sender, sends, idles or stopped."""

    def progressed(self, totals: SenderTotals) -> None:
        """Something changed (at most a few times a second)."""

    def account_paused(self, account_id: int, name: str, reason: PauseReason) -> None:
        """An account was paused (credentials, balance); nothing more goes out on it."""

    def error(self, code: str, message: str) -> None:
        """A problem the user should hear about; the engine carries on where it can."""

    def reviews_changed(self) -> None:
        """The providers' verdicts on templates or signatures were recorded."""


class SenderEngine:
    def __init__(
        self,
        db: Database,
        *,
        provider_factory: ProviderFactory | None = None,
        listener: SenderListener | None = None,
        rng: random.Random | None = None,
        wait_for_lease: bool = False,
    ) -> None:
        self.db = db
        self.listener = listener or SenderListener()
        self.pool = ProviderPool(provider_factory)
        self.rng = rng or random.Random()
        self.wait_for_lease = wait_for_lease
        self.totals = SenderTotals()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._pull_now = threading.Event()
        self._status: EngineStatus | None = None

    # -- control (any thread) ------------------------------------------------------------

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def request_pull(self) -> None:
        """Pull receipts and replies at the next opportunity (on demand)."""
        self._pull_now.set()
        self._wake.set()

    def wake(self) -> None:
        """New messages were queued: look now instead of at the next poll."""
        self._wake.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    # -- the loop ------------------------------------------------------------------------

    def run(self, *, until_idle: bool = False, max_seconds: float | None = None) -> SenderTotals:
        """Send until stopped, idle (``until_idle``) or out of time (``max_seconds``).

        Raises ``SenderBusy`` when another sender holds the lease and ``wait_for_lease`` is
        off.
        """
        started = time.monotonic()
        holder = lease.make_holder()
        self._set_status(EngineStatus.STARTING)
        try:
            if not self._acquire(holder, started, max_seconds):
                return self.totals
            while True:
                try:
                    with self.db.session() as session:
                        self.totals.recovered += recover_interrupted(session)
                        max_attempts = int(settings.get(session, "sending.max_attempts"))
                    break
                except OperationalError as exc:
                    self._database_busy(exc)
                    if self._stop.is_set():
                        return self.totals
            dispatcher = Dispatcher(
                self.db, holder=holder, pool=self.pool, rng=self.rng, max_attempts=max_attempts
            )
            self._loop(dispatcher, holder, started, until_idle, max_seconds)
        except LeaseLost as exc:
            self.listener.error(exc.code, str(exc))
        finally:
            self._release(holder)
            self.pool.close()
            self._set_status(EngineStatus.STOPPED)
        return self.totals

    def _loop(
        self,
        dispatcher: Dispatcher,
        holder: str,
        started: float,
        until_idle: bool,
        max_seconds: float | None,
    ) -> None:
        next_pull = 0.0
        next_schedule = 0.0
        next_review = 0.0
        next_renew = time.monotonic() + lease.DEFAULT_TTL.total_seconds() / 3
        warned_unassigned = False
        while not self._stop.is_set():
            if max_seconds is not None and time.monotonic() - started >= max_seconds:
                return
            if time.monotonic() >= next_renew:
                try:
                    with self.db.session() as session:
                        renewed = lease.renew(session, holder=holder, now=utc_now())
                except OperationalError as exc:
                    # Another writer (a big import) holds the book longer than the busy
                    # timeout: try again soon. Renewing checks the holder, so a sender that
                    # took over an expired lease meanwhile is noticed then.
                    self._database_busy(exc)
                    continue
                if not renewed:
                    raise LeaseLost("Another sender took over the sending lease")
                next_renew = time.monotonic() + lease.DEFAULT_TTL.total_seconds() / 3
            if time.monotonic() >= next_schedule:
                self._schedule()
                next_schedule = time.monotonic() + SCHEDULE_INTERVAL_SECONDS
            if time.monotonic() >= next_review:
                self._pull_reviews()
                next_review = time.monotonic() + REVIEW_INTERVAL_SECONDS
            if self._pull_now.is_set() or time.monotonic() >= next_pull:
                self._pull_now.clear()
                self._pull()
                with self.db.session() as session:
                    interval = float(settings.get(session, "sending.pull_interval_seconds"))
                next_pull = time.monotonic() + max(0.2, interval)
            round_started = utc_now()
            try:
                round_result = dispatcher.run_round(
                    stop=self._stop, budget_seconds=ROUND_BUDGET_SECONDS
                )
            except OperationalError as exc:  # locked or briefly unreachable: try again soon
                self._database_busy(exc)
                continue
            self._report_round(round_result)
            if round_result.unassigned and not warned_unassigned:
                warned_unassigned = True
                self.listener.error("no_active_account", "Messages wait for a provider account")
            if round_result.worked or round_result.due:
                self._set_status(EngineStatus.SENDING)
            else:
                self._set_status(EngineStatus.IDLE)
            if until_idle and not round_result.due and not round_result.worked:
                # Due-soon is counted from the round's start: a retry whose time came while
                # the round ran was not due for it, and must not be left behind.
                with self.db.session() as session:
                    if not receipts.awaiting_receipts(session, now=utc_now()) and not due_soon(
                        session, now=round_started, within=RETRY_HORIZON
                    ):
                        return
            if not round_result.worked:
                pause = round_result.blocked_seconds or IDLE_POLL_SECONDS
                pause = min(pause, IDLE_POLL_SECONDS, max(0.0, next_pull - time.monotonic()))
                if max_seconds is not None:
                    pause = min(pause, max(0.0, max_seconds - (time.monotonic() - started)))
                self._wake.wait(pause)
                self._wake.clear()

    def _schedule(self) -> None:
        """Fire due campaign runs, expire, complete and health-check campaigns."""
        try:
            with self.db.session() as session:
                result = scheduler.tick(session, utc_now())
        except Exception as exc:  # a broken campaign must not stop the sender
            log.exception("campaign scheduling failed")
            self.listener.error("schedule_failed", f"{type(exc).__name__}: {exc}")
            return
        for _campaign_id, message in result.errors:
            self.listener.error("campaign_error", message)
        for _campaign_id, code in result.paused:
            self.listener.error("campaign_paused", code)

    def _pull_reviews(self) -> None:
        """Verdicts on templates and signatures under review (nothing to do: two queries)."""
        try:
            pulled = provider_review.pull_reviews(self.db)
        except Exception:  # the review pull must not stop the sender
            log.exception("review pull failed")
            return
        for name, code, _message in pulled.errors:
            log.info("review status of %s not available (%s)", name, code)
        if pulled.changes:
            log.info("%d review verdicts recorded", len(pulled.changes))
            self.listener.reviews_changed()

    def _pull(self) -> None:
        try:
            pulled = receipts.pull_all(self.db, self.pool)
        except Exception as exc:  # the puller must not stop the sender
            log.exception("receipt pull failed")
            self.listener.error("pull_failed", f"{type(exc).__name__}: {exc}")
            return
        self.totals.receipts += pulled.changed
        self.totals.reconciled += pulled.reconciled
        self.totals.replies += pulled.replies
        for account_id, name, reason in pulled.paused:
            self.pool.drop(account_id)
            self.listener.account_paused(account_id, name, reason)
        for code, message in pulled.errors:
            self.listener.error(code, message)
        if pulled.changed or pulled.replies:
            self.listener.progressed(self.totals)

    def _report_round(self, result: RoundResult) -> None:
        for name in (
            "submitted",
            "failed",
            "skipped",
            "waiting",
            "unknown",
            "retried",
            "cancelled",
            "expired",
        ):
            setattr(self.totals, name, getattr(self.totals, name) + getattr(result, name))
        for account_id, name, reason in result.paused:
            self.listener.account_paused(account_id, name, reason)
        for code, message in result.errors:
            self.listener.error(code, message)
        if result.worked or result.cancelled or result.expired:
            self.listener.progressed(self.totals)

    # -- the lease -----------------------------------------------------------------------

    def _acquire(self, holder: str, started: float, max_seconds: float | None) -> bool:
        while not self._stop.is_set():
            try:
                with self.db.session() as session:
                    other = lease.acquire(session, holder=holder, now=utc_now())
            except OperationalError as exc:  # another writer holds the book: wait
                self._database_busy(exc)
                continue
            if other is None:
                return True
            if not self.wait_for_lease:
                raise SenderBusy(f"Another sender is running ({other})", holder=other)
            self._set_status(EngineStatus.WAITING_FOR_LEASE, other)
            if max_seconds is not None and time.monotonic() - started >= max_seconds:
                return False
            self._wake.wait(LEASE_RETRY_SECONDS)
            self._wake.clear()
        return False

    def _database_busy(self, exc: OperationalError) -> None:
        """The database refused a write (another writer holds it longer than the busy
        timeout, or a server is briefly unreachable): report it and wait a moment."""
        log.warning("the database refused the sender: %s", exc.orig)
        self.listener.error("database_busy", str(exc.orig))
        self._wake.wait(DATABASE_RETRY_SECONDS)

    def _release(self, holder: str) -> None:
        try:
            with self.db.session() as session:
                lease.release(session, holder=holder)
        except Exception:  # releasing is a courtesy: the lease expires anyway
            log.exception("releasing the sender lease failed")

    def _set_status(self, status: EngineStatus, detail: str = "") -> None:
        if status != self._status:
            self._status = status
            self.listener.status_changed(status, detail)
