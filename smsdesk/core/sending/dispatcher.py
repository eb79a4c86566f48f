"""The dispatcher: due messages → checks → submitting (committed) → the vendor → the outcome.

At most once: a message is marked ``submitting`` in a committed transaction before the HTTP
call (its ``our_ref`` was written when it was queued and travels to the vendor where the API
takes one), and ``submitted`` with the vendor's id after. If the process dies in between, the
row stays ``submitting`` and the next sender makes it ``unknown`` (``reconcile.py``); it is
never sent again on its own. The transaction that marks a batch ``submitting`` also renews the
sender lease and re-checks, in SQL, the opt-out list and the campaign's state, so an opt-out
or a pause that lands a millisecond earlier still stops the message.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, exists, or_, select, update
from sqlalchemy.engine import CursorResult, Result
from sqlalchemy.orm import Session

from smsdesk.core.clock import utc_now
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import Campaign, Contact, Message, OptOut, ProviderAccount
from smsdesk.core.enums import CampaignState, MessageState
from smsdesk.core.errors import ProviderError, SMSDeskError
from smsdesk.core.providers.base import (
    ErrorCategory,
    OutgoingMessage,
    Provider,
    SubmitResult,
    UnknownOutcomeError,
)
from smsdesk.core.sending import lease, retry_policy, vendor_limits
from smsdesk.core.sending.account_pause import PauseReason, pause_account
from smsdesk.core.sending.checks import AccountInfo, Candidate, RecipientChecks, chunks
from smsdesk.core.sending.outcomes import OutcomeWriter
from smsdesk.core.sending.provider_pool import ProviderPool, active_account
from smsdesk.core.sending.rate_limit import TokenBucket
from smsdesk.core.sending.reconcile import recover_interrupted
from smsdesk.core.sending.retry_policy import Action

log = logging.getLogger(__name__)

# Campaign states whose queued messages wait (paused, not yet started) or are dropped.
HELD_CAMPAIGN_STATES = (
    CampaignState.PAUSED.value,
    CampaignState.CANCELLED.value,
    CampaignState.DRAFT.value,
)
DUE_LIMIT = 2000
# Marking expired and cancelled rows (they are already never sent: the due query skips them).
HOUSEKEEPING_SECONDS = 10.0


_MESSAGES = cast(Table, Message.__table__)
_OPT_OUTS = cast(Table, OptOut.__table__)
_CONTACTS = cast(Table, Contact.__table__)
_CAMPAIGNS = cast(Table, Campaign.__table__)
# The at-most-once point, built once (it runs for every batch): queued → submitting, unless
# the number was suppressed or the campaign held since the checks ran.
_MARK_SUBMITTING = (
    update(_MESSAGES)
    .where(
        _MESSAGES.c.id.in_(bindparam("ids", expanding=True)),
        _MESSAGES.c.state == MessageState.QUEUED.value,
        ~exists().where(_OPT_OUTS.c.e164 == _MESSAGES.c.e164, _OPT_OUTS.c.removed_at.is_(None)),
        or_(
            _MESSAGES.c.contact_id.is_(None),
            ~exists().where(_CONTACTS.c.id == _MESSAGES.c.contact_id, _CONTACTS.c.opted_out),
        ),
        or_(
            _MESSAGES.c.campaign_id.is_(None),
            ~exists().where(
                _CAMPAIGNS.c.id == _MESSAGES.c.campaign_id,
                _CAMPAIGNS.c.state.in_(HELD_CAMPAIGN_STATES),
            ),
        ),
    )
    .values(
        state=MessageState.SUBMITTING.value,
        attempts=_MESSAGES.c.attempts + 1,
        submitting_at=bindparam("now"),
        provider_account_id=bindparam("account"),
        skip_reason="",
    )
)
_STATES = select(_MESSAGES.c.id, _MESSAGES.c.state).where(
    _MESSAGES.c.id.in_(bindparam("ids", expanding=True))
)


class LeaseLost(SMSDeskError):
    """Another sender took the lease: this one must stop submitting."""

    code = "sender_lease_lost"


@dataclass
class RoundResult:
    submitted: int = 0
    failed: int = 0
    skipped: int = 0
    waiting: int = 0
    unknown: int = 0
    retried: int = 0
    cancelled: int = 0
    expired: int = 0
    due: int = 0  # due messages on usable accounts (0: nothing this sender can do now)
    unassigned: int = 0  # due messages with no account to send them (none active)
    blocked_seconds: float | None = None  # rate limit: when the next batch may go
    paused: list[tuple[int, str, PauseReason]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    # Templates the vendor refused during this round: their other messages stay queued and
    # the next round's checks hold them back (the approval is now marked rejected).
    rejected_templates: set[int] = field(default_factory=set)

    @property
    def worked(self) -> bool:
        return bool(
            self.submitted + self.failed + self.skipped + self.unknown + self.retried + self.waiting
        )


@dataclass(frozen=True)
class _Ready:
    """A message that passed the checks, with what the vendor needs."""

    id: int
    attempts: int
    contact_id: int | None
    campaign_id: int | None
    template_id: int | None
    outgoing: OutgoingMessage
    batch_key: Hashable


class Dispatcher:
    def __init__(
        self,
        db: Database,
        *,
        holder: str,
        pool: ProviderPool,
        rng: random.Random | None = None,
        clock: Callable[[], datetime] = utc_now,
        max_attempts: int = retry_policy.DEFAULT_MAX_ATTEMPTS,
    ) -> None:
        self.db = db
        self.holder = holder
        self.pool = pool
        self.rng = rng or random.Random()
        self.clock = clock
        self.max_attempts = max_attempts
        self._buckets: dict[int, TokenBucket] = {}
        self._campaign_buckets: dict[int, TokenBucket] = {}
        self._last_housekeeping = 0.0

    # -- one round -----------------------------------------------------------------------

    def run_round(
        self, *, stop: threading.Event | None = None, budget_seconds: float = 1.0
    ) -> RoundResult:
        """Work on due messages for up to ``budget_seconds``; returns what happened."""
        stop = stop or threading.Event()
        result = RoundResult()
        deadline = time.monotonic() + budget_seconds
        self._housekeeping(result)
        now = self.clock()
        with self.db.session() as session:
            due = _due_rows(session, now)
            accounts = {a.id: a for a in session.scalars(select(ProviderAccount))}
            default = active_account(session) if any(r[1] is None for r in due) else None
            for account in accounts.values():
                session.expunge(account)
        groups: dict[int, list[int]] = {}
        campaign_of: dict[int, int | None] = {}
        for message_id, account_id, campaign_id in due:
            account_id = account_id if account_id is not None else (default.id if default else None)
            if account_id is None or account_id not in accounts:
                result.unassigned += 1
                continue
            groups.setdefault(account_id, []).append(message_id)
            campaign_of[message_id] = campaign_id
        for account_id, ids in groups.items():
            account = accounts[account_id]
            if account.paused_reason:
                continue
            result.due += len(ids)
            if stop.is_set() or time.monotonic() >= deadline:
                break
            self._work_account(account, ids, campaign_of, result, deadline, stop)
        return result

    def _housekeeping(self, result: RoundResult) -> None:
        """Expire queued messages past their deadline; drop those of cancelled campaigns;
        make ``unknown`` any row left ``submitting`` by a batch whose outcome could not be
        written (between rounds nothing of ours is in flight, and only we hold the lease)."""
        with self.db.session() as session:
            result.unknown += recover_interrupted(session)
        if time.monotonic() - self._last_housekeeping < HOUSEKEEPING_SECONDS:
            return
        self._last_housekeeping = time.monotonic()
        now = self.clock()
        with self.db.session() as session:
            result.expired += _affected(
                session.execute(
                    update(Message)
                    .where(
                        Message.state == MessageState.QUEUED.value,
                        Message.expires_at.is_not(None),
                        Message.expires_at <= now,
                    )
                    .values(state=MessageState.EXPIRED.value, done_at=now)
                    .execution_options(synchronize_session=False)
                )
            )
            result.cancelled += _affected(
                session.execute(
                    update(Message)
                    .where(
                        Message.state == MessageState.QUEUED.value,
                        Message.campaign_id.in_(
                            select(Campaign.id).where(
                                Campaign.state == CampaignState.CANCELLED.value
                            )
                        ),
                    )
                    .values(state=MessageState.CANCELLED.value, done_at=now)
                    .execution_options(synchronize_session=False)
                )
            )

    # -- one account ---------------------------------------------------------------------

    def _bucket(self, account: ProviderAccount) -> TokenBucket:
        bucket = self._buckets.get(account.id)
        if bucket is None:
            bucket = self._buckets[account.id] = TokenBucket(account.rate_per_second)
        elif bucket.rate != max(float(account.rate_per_second), 0.001):
            bucket.set_rate(account.rate_per_second)
        return bucket

    def _work_account(
        self,
        account: ProviderAccount,
        ids: list[int],
        campaign_of: dict[int, int | None],
        result: RoundResult,
        deadline: float,
        stop: threading.Event,
    ) -> None:
        try:
            with self.db.session() as session:
                provider = self.pool.get(session, session.merge(account, load=False))
        except SMSDeskError as exc:  # settings or keychain: nothing can go out until fixed
            code = str(exc.params.get("reason") or exc.code)
            self._pause(account, PauseReason(ErrorCategory.AUTH, code, str(exc)), result)
            return
        except Exception as exc:  # an adapter that cannot even start: report, try next round
            log.exception("cannot create the adapter for %s", account.name)
            result.errors.append(("provider_crashed", f"{type(exc).__name__}: {exc}"))
            return
        limits = vendor_limits.limits_for(account.kind, account.settings)
        bucket = self._bucket(account)
        batch_limit = max(
            1, min(provider.max_batch, limits.max_batch, account.batch_size or 1, bucket.max_take)
        )
        chunk_size = min(400, max(batch_limit, int(bucket.rate * 1.5) + batch_limit))
        throttles = self._campaign_throttles(sorted({c for c in campaign_of.values() if c}))
        for chunk in chunks(ids, chunk_size):
            if stop.is_set() or time.monotonic() >= deadline:
                return
            ready = self._prepare(account, provider, chunk, result)
            for batch in _batches(ready, batch_limit):
                batch = [i for i in batch if i.template_id not in result.rejected_templates]
                batch = self._fit_throttles(batch, throttles)
                if not batch:
                    continue
                wait = bucket.seconds_until(len(batch))
                if wait > 0:
                    if time.monotonic() + wait >= deadline:
                        result.blocked_seconds = wait
                        return
                    if stop.wait(wait):
                        return
                if stop.is_set():
                    return
                bucket.take(len(batch))
                marked = self._mark_submitting(account, batch, result)
                if not marked:
                    continue
                results = self._submit(provider, [item.outgoing for item in marked], result)
                self._record(account, marked, results, bucket, result)
                if self._is_paused(account.id, result):
                    return

    def _is_paused(self, account_id: int, result: RoundResult) -> bool:
        return any(paused[0] == account_id for paused in result.paused)

    def _campaign_throttles(self, campaign_ids: Sequence[int]) -> dict[int, TokenBucket]:
        if not campaign_ids:
            return {}
        with self.db.session() as session:
            rows = session.execute(
                select(Campaign.id, Campaign.throttle_per_minute).where(
                    Campaign.id.in_(campaign_ids), Campaign.throttle_per_minute.is_not(None)
                )
            ).all()
        throttles = {}
        for campaign_id, per_minute in rows:
            if not per_minute or per_minute <= 0:
                continue
            bucket = self._campaign_buckets.get(campaign_id)
            if bucket is None:
                bucket = self._campaign_buckets[campaign_id] = TokenBucket(per_minute / 60.0)
            else:
                bucket.set_rate(per_minute / 60.0)
            throttles[campaign_id] = bucket
        return throttles

    @staticmethod
    def _fit_throttles(batch: list[_Ready], throttles: dict[int, TokenBucket]) -> list[_Ready]:
        """Leave queued (for a later round) what a campaign's own throttle does not allow."""
        if not throttles:
            return batch
        kept = []
        for item in batch:
            bucket = throttles.get(item.campaign_id or 0)
            if bucket is not None:
                if bucket.available() < 1:
                    continue
                bucket.take(1)
            kept.append(item)
        return kept

    # -- checks --------------------------------------------------------------------------

    def _prepare(
        self, account: ProviderAccount, provider: Provider, ids: Sequence[int], result: RoundResult
    ) -> list[_Ready]:
        """Run the checks on ``ids``; record skips and waits; return what may go now."""
        now = self.clock()
        with self.db.session() as session:
            rows = session.execute(
                select(
                    Message.id,
                    Message.e164,
                    Message.contact_id,
                    Message.kind,
                    Message.template_id,
                    Message.body,
                    Message.campaign_id,
                    Message.variables,
                    Message.our_ref,
                    Message.attempts,
                )
                .where(Message.id.in_(ids), Message.state == MessageState.QUEUED.value)
                .order_by(Message.id)
            ).all()
            candidates = [
                Candidate(
                    e164=row.e164,
                    contact_id=row.contact_id,
                    kind=row.kind,
                    template_id=row.template_id,
                    body=row.body,
                    campaign_id=row.campaign_id,
                )
                for row in rows
            ]
            checks = RecipientChecks(
                session,
                candidates,
                account=AccountInfo(account.id, account.kind, dict(account.settings or {})),
                now=now,
            )
        ready: list[_Ready] = []
        skips: list[dict[str, Any]] = []
        waits: list[dict[str, Any]] = []
        failures: list[tuple[int, SubmitResult]] = []
        for row, candidate in zip(rows, candidates, strict=True):
            verdict = checks.evaluate(candidate)
            if verdict.skip:
                skips.append({"b_id": row.id, "b_reason": verdict.skip})
                continue
            if verdict.wait_until is not None:
                waits.append(
                    {"b_id": row.id, "b_until": verdict.wait_until, "b_reason": verdict.wait_reason}
                )
                continue
            template = checks.templates[row.template_id]
            try:
                variables = (
                    provider.template_variables(template.body, row.variables or {})
                    if provider.uses_templates
                    else dict(row.variables or {})
                )
                outgoing = OutgoingMessage(
                    our_ref=row.our_ref,
                    e164=row.e164,
                    text=row.body,
                    sign_name=template.sign_name,
                    template_code=template.provider_code,
                    variables=variables,
                )
                key = provider.batch_key(outgoing)
            except ProviderError as exc:
                failures.append(
                    (
                        row.id,
                        SubmitResult(
                            our_ref=row.our_ref,
                            accepted=False,
                            error_code=getattr(exc, "vendor_code", "") or exc.code,
                            error_message=str(exc),
                            category=ErrorCategory(exc.category)
                            if exc.category in ErrorCategory.__members__.values()
                            else ErrorCategory.PERMANENT,
                        ),
                    )
                )
                continue
            checks.note_sent(candidate)
            ready.append(
                _Ready(
                    id=row.id,
                    attempts=row.attempts,
                    contact_id=row.contact_id,
                    campaign_id=row.campaign_id,
                    template_id=row.template_id,
                    outgoing=outgoing,
                    batch_key=key,
                )
            )
        if skips or waits or failures:
            with self.db.session() as session:
                writer = OutcomeWriter(session, now=now)
                writer.skip(skips)
                writer.wait(waits)
                for message_id, failure in failures:
                    writer.fail(message_id, failure)
            result.skipped += len(skips)
            result.waiting += len(waits)
            result.failed += len(failures)
        return ready

    # -- submitting ----------------------------------------------------------------------

    def _mark_submitting(
        self, account: ProviderAccount, batch: list[_Ready], result: RoundResult
    ) -> list[_Ready]:
        """Commit ``submitting`` for the batch (the at-most-once point); returns the rows that
        were marked. Opt-outs and campaign pauses that arrived since the checks win here."""
        now = self.clock()
        ids = [item.id for item in batch]
        with self.db.session() as session:
            connection = session.connection()
            if not lease.renew(session, holder=self.holder, now=now):
                raise LeaseLost("Another sender took over the sending lease")
            connection.execute(_MARK_SUBMITTING, {"ids": ids, "now": now, "account": account.id})
            states = dict(connection.execute(_STATES, {"ids": ids}).all())
            left = [item for item in batch if states.get(item.id) == MessageState.QUEUED.value]
            if left:
                result.skipped += self._skip_opted_out(session, left, now)
        return [item for item in batch if states.get(item.id) == MessageState.SUBMITTING.value]

    @staticmethod
    def _skip_opted_out(session: Session, items: list[_Ready], now: datetime) -> int:
        numbers = [item.outgoing.e164 for item in items]
        opted = set(
            session.scalars(
                select(OptOut.e164).where(OptOut.e164.in_(numbers), OptOut.removed_at.is_(None))
            )
        )
        contact_ids = [item.contact_id for item in items if item.contact_id is not None]
        opted_contacts = set(
            session.scalars(
                select(Contact.id).where(Contact.id.in_(contact_ids), Contact.opted_out)
            )
        )
        skip = [
            {"b_id": item.id, "b_reason": "opted_out"}
            for item in items
            if item.outgoing.e164 in opted or item.contact_id in opted_contacts
        ]
        OutcomeWriter(session, now=now).skip(skip)
        return len(skip)

    def _submit(
        self, provider: Provider, messages: list[OutgoingMessage], result: RoundResult
    ) -> dict[str, SubmitResult]:
        """Call the vendor; every failure becomes per-message results (never an exception)."""
        try:
            answers = provider.submit(messages)
        except UnknownOutcomeError as exc:
            answers = _same_for_all(messages, exc, ErrorCategory.UNKNOWN_OUTCOME)
        except ProviderError as exc:
            answers = _same_for_all(messages, exc, exc.category)
        except Exception as exc:  # an adapter bug: the request may have left; never resend
            log.exception("provider %s raised an unexpected error", provider.config.name)
            result.errors.append(("provider_crashed", f"{type(exc).__name__}: {exc}"))
            answers = [
                SubmitResult(
                    our_ref=m.our_ref,
                    accepted=False,
                    error_code="adapter_error",
                    error_message=type(exc).__name__,
                    category=ErrorCategory.UNKNOWN_OUTCOME,
                )
                for m in messages
            ]
        by_ref = {answer.our_ref: answer for answer in answers}
        missing = [m.our_ref for m in messages if m.our_ref not in by_ref]
        for our_ref in missing:  # an answer that does not mention a message: may have been sent
            by_ref[our_ref] = SubmitResult(
                our_ref=our_ref,
                accepted=False,
                error_code="no_result",
                category=ErrorCategory.UNKNOWN_OUTCOME,
            )
        return by_ref

    def _record(
        self,
        account: ProviderAccount,
        marked: list[_Ready],
        answers: dict[str, SubmitResult],
        bucket: TokenBucket,
        result: RoundResult,
    ) -> None:
        now = self.clock()
        pause: PauseReason | None = None
        with self.db.session() as session:
            writer = OutcomeWriter(session, now=now)
            accepted = []
            for item in marked:
                answer = answers[item.outgoing.our_ref]
                if answer.accepted:
                    accepted.append((item.id, answer.provider_message_id))
                    continue
                action = retry_policy.action_for(answer.category)
                if answer.category == ErrorCategory.RATE_LIMITED:
                    bucket.block_for(
                        answer.retry_after_seconds
                        or retry_policy.backoff_seconds(item.attempts + 1, self.rng)
                    )
                if action is Action.RETRY and item.attempts + 1 >= self.max_attempts:
                    action = Action.FAIL
                if action is Action.RETRY:
                    delay = max(
                        retry_policy.backoff_seconds(item.attempts + 1, self.rng),
                        answer.retry_after_seconds or 0.0,
                    )
                    writer.retry(item.id, answer, now + timedelta(seconds=delay))
                    result.retried += 1
                elif action is Action.DEFER:
                    until = (
                        now + timedelta(seconds=answer.retry_after_seconds)
                        if answer.retry_after_seconds
                        else retry_policy.limit_deferral(answer.error_code, now)
                    )
                    writer.defer(item.id, answer, until)
                    result.waiting += 1
                elif action is Action.PAUSE_ACCOUNT:
                    writer.requeue(item.id, answer)
                    pause = PauseReason(
                        str(answer.category), answer.error_code, answer.error_message
                    )
                elif action is Action.UNKNOWN:
                    writer.unknown(item.id, answer)
                    result.unknown += 1
                else:
                    writer.fail(item.id, answer, contact_id=item.contact_id)
                    if action is Action.FAIL_AND_SUPPRESS:
                        writer.suppress(item.outgoing.e164, answer, account_name=account.name)
                    elif action is Action.FAIL_TEMPLATE and item.template_id is not None:
                        writer.reject_template(item.template_id, account.id, answer)
                        result.rejected_templates.add(item.template_id)
                    result.failed += 1
            writer.submitted(accepted)
            result.submitted += len(accepted)
            if pause is not None:
                pause_account(session, account.id, pause)
        if pause is not None:
            self.pool.drop(account.id)
            result.paused.append((account.id, account.name, pause))

    def _pause(self, account: ProviderAccount, reason: PauseReason, result: RoundResult) -> None:
        with self.db.session() as session:
            pause_account(session, account.id, reason)
        result.paused.append((account.id, account.name, reason))


def due_soon(session: Session, *, now: datetime, within: timedelta) -> bool:
    """Whether a queued message becomes due shortly (a retry after a backoff): a run
    ``--until-idle`` waits for it rather than leaving it for the next run."""
    return (
        session.execute(
            select(Message.id)
            .where(
                Message.state == MessageState.QUEUED.value,
                Message.not_before > now,
                Message.not_before <= now + within,
                or_(
                    Message.campaign_id.is_(None),
                    Message.campaign_id.not_in(
                        select(Campaign.id).where(Campaign.state.in_(HELD_CAMPAIGN_STATES))
                    ),
                ),
            )
            .limit(1)
        ).first()
        is not None
    )


def _due_rows(session: Session, now: datetime) -> list[Any]:
    """Due messages, oldest first: those without a time (in id order), then those whose time
    has come (in time order). Two range reads of ``ix_messages_state_due`` that stop at the
    limit, so a million messages queued for later cost nothing here."""
    held = select(Campaign.id).where(Campaign.state.in_(HELD_CAMPAIGN_STATES))
    columns = select(Message.id, Message.provider_account_id, Message.campaign_id).where(
        Message.state == MessageState.QUEUED.value,
        or_(Message.campaign_id.is_(None), Message.campaign_id.not_in(held)),
        or_(Message.expires_at.is_(None), Message.expires_at > now),
    )
    rows = list(
        session.execute(
            columns.where(Message.not_before.is_(None)).order_by(Message.id).limit(DUE_LIMIT)
        ).all()
    )
    if len(rows) < DUE_LIMIT:
        rows.extend(
            session.execute(
                columns.where(Message.not_before <= now)
                .order_by(Message.not_before, Message.id)
                .limit(DUE_LIMIT - len(rows))
            ).all()
        )
    return rows


def _batches(ready: list[_Ready], limit: int) -> list[list[_Ready]]:
    """Group by the adapter's batch key (first-come order), then cut to ``limit``."""
    groups: dict[Hashable, list[_Ready]] = {}
    for item in ready:
        groups.setdefault(item.batch_key, []).append(item)
    batches: list[list[_Ready]] = []
    for items in groups.values():
        batches.extend(items[start : start + limit] for start in range(0, len(items), limit))
    return batches


def _same_for_all(
    messages: Sequence[OutgoingMessage], exc: ProviderError, category: str
) -> list[SubmitResult]:
    known = category if category in ErrorCategory.__members__.values() else None
    return [
        SubmitResult(
            our_ref=m.our_ref,
            accepted=False,
            error_code=getattr(exc, "vendor_code", "") or exc.code,
            error_message=str(exc),
            category=ErrorCategory(known) if known else None,
            retry_after_seconds=getattr(exc, "retry_after_seconds", None),
        )
        for m in messages
    ]


def _affected(result: Result[Any]) -> int:
    """Rows an UPDATE or DELETE changed."""
    return int(cast("CursorResult[Any]", result).rowcount)
