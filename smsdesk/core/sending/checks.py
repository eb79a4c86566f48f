"""The checks made right before each submission (and in the pre-flight of a send).

A failed check either skips the message for good (opt-out, consent, suspect number, template
not approved, frequency cap), with the reason recorded, or makes it wait (quiet hours, the
campaign window, a vendor per-number limit) until a time when it may go. Facts are loaded for
a whole batch in a few queries; ``evaluate`` then runs in memory, in submission order, and
``note_sent`` keeps the frequency and vendor histories current inside the batch.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from smsdesk.core import settings
from smsdesk.core.contacts import numbers
from smsdesk.core.db.models import (
    Campaign,
    Contact,
    Message,
    OptOut,
    Signature,
    Template,
    TemplateApproval,
)
from smsdesk.core.db.models.messages import marketing_counted_at
from smsdesk.core.enums import ApprovalStatus, ConsentScope, MessageKind, MessageState
from smsdesk.core.sending import send_window, vendor_limits
from smsdesk.core.sending.vendor_limits import SentRecord, VendorLimits

# States that count as "sent" for the frequency cap and the vendor limits: a message that
# may have reached the vendor counts (unknown), one that certainly did not does not.
COUNTED_STATES = (
    MessageState.SUBMITTING.value,
    MessageState.SUBMITTED.value,
    MessageState.DELIVERED.value,
    MessageState.UNKNOWN.value,
)
CHUNK = 500
T = TypeVar("T")


class SkipReason(StrEnum):
    OPTED_OUT = "opted_out"
    NO_CONSENT = "no_consent"
    SUSPECT = "suspect"
    FREQUENCY_CAP = "frequency_cap"
    TEMPLATE_NOT_APPROVED = "template_not_approved"
    NO_PROVIDER = "no_provider"


class WaitReason(StrEnum):
    QUIET_HOURS = "quiet_hours"
    OUTSIDE_WINDOW = "outside_window"
    VENDOR_SAME_CONTENT = vendor_limits.LimitReason.SAME_CONTENT_INTERVAL.value
    VENDOR_DAILY_PER_NUMBER = vendor_limits.LimitReason.DAILY_PER_NUMBER.value
    VENDOR_TEMPLATE_DAILY = vendor_limits.LimitReason.TEMPLATE_DAILY.value


@dataclass(frozen=True)
class Candidate:
    """A message about to be submitted (or, in a pre-flight, about to be queued)."""

    e164: str
    contact_id: int | None
    kind: str
    template_id: int | None
    body: str
    campaign_id: int | None = None


@dataclass(frozen=True)
class Verdict:
    skip: str = ""
    wait_until: datetime | None = None
    wait_reason: str = ""

    @property
    def ok(self) -> bool:
        return not self.skip and self.wait_until is None


OK = Verdict()


@dataclass(frozen=True)
class AccountInfo:
    id: int
    kind: str
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _ContactFacts:
    consent_scope: str
    opted_out: bool
    suspect: bool
    tier: str
    timezone: str
    has_purchases: bool


@dataclass(frozen=True)
class TemplateFacts:
    """What a submission needs from the template on this account."""

    approved: bool
    provider_code: str
    sign_name: str
    body: str


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class RecipientChecks:
    """Facts about a batch of candidates on one account, and the verdict for each."""

    def __init__(
        self,
        session: Session,
        candidates: Sequence[Candidate],
        *,
        account: AccountInfo | None,
        now: datetime,
        check_timing: bool = True,
    ) -> None:
        self.now = now
        self.account = account
        self.check_timing = check_timing
        self.limits: VendorLimits | None = (
            vendor_limits.limits_for(account.kind, account.settings) if account else None
        )
        caps = settings.get(session, "frequency.caps") or {}
        self._caps = {tier: (int(value[0]), int(value[1])) for tier, value in caps.items()}
        self._default_window = send_window.effective_window(
            settings.get(session, "window.start"), settings.get(session, "window.end")
        )
        e164s = sorted({c.e164 for c in candidates})
        contact_ids = sorted({c.contact_id for c in candidates if c.contact_id is not None})
        self._opted_out = self._load_opt_outs(session, e164s)
        self._contacts = self._load_contacts(session, contact_ids)
        marketing_contacts = [
            c.contact_id
            for c in candidates
            if c.contact_id is not None and c.kind == MessageKind.MARKETING
        ]
        self._marketing_history = self._load_marketing_history(session, marketing_contacts)
        self.templates = self._load_templates(
            session, sorted({c.template_id for c in candidates if c.template_id is not None})
        )
        self._windows = self._load_campaign_windows(
            session, sorted({c.campaign_id for c in candidates if c.campaign_id is not None})
        )
        self._vendor_history: dict[str, list[SentRecord]] = defaultdict(list)
        if self.limits is not None and self.limits.any_per_number and check_timing:
            self._vendor_history = self._load_vendor_history(session, e164s)
        self._number_zones: dict[str, str] = {}

    # -- loading -------------------------------------------------------------------------

    @staticmethod
    def _load_opt_outs(session: Session, e164s: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for part in chunks(e164s):
            found.update(
                session.scalars(
                    select(OptOut.e164).where(OptOut.e164.in_(part), OptOut.removed_at.is_(None))
                )
            )
        return found

    @staticmethod
    def _load_contacts(session: Session, ids: Sequence[int]) -> dict[int, _ContactFacts]:
        facts: dict[int, _ContactFacts] = {}
        for part in chunks(ids):
            rows = session.execute(
                select(
                    Contact.id,
                    Contact.consent_scope,
                    Contact.opted_out,
                    Contact.suspect,
                    Contact.tier,
                    Contact.tier_override,
                    Contact.timezone,
                    Contact.purchase_count,
                ).where(Contact.id.in_(part))
            )
            for row in rows:
                facts[row.id] = _ContactFacts(
                    consent_scope=row.consent_scope,
                    opted_out=bool(row.opted_out),
                    suspect=bool(row.suspect),
                    tier=row.tier_override or row.tier,
                    timezone=row.timezone,
                    has_purchases=(row.purchase_count or 0) > 0,
                )
        return facts

    def _load_marketing_history(
        self, session: Session, contact_ids: Sequence[int]
    ) -> dict[int, list[datetime]]:
        history: dict[int, list[datetime]] = defaultdict(list)
        longest = max((days for _, days in self._caps.values()), default=0)
        if not longest:
            return history
        since = self.now - timedelta(days=longest)
        for part in chunks(sorted(set(contact_ids))):
            rows = session.execute(
                select(Message.contact_id, Message.submitting_at).where(
                    Message.contact_id.in_(part),
                    # implied by the terms below; it makes this a range of the cap's index
                    marketing_counted_at() >= since,
                    Message.kind == MessageKind.MARKETING.value,
                    Message.state.in_(COUNTED_STATES),
                    Message.submitting_at >= since,
                )
            )
            for contact_id, at in rows:
                if contact_id is not None and at is not None:
                    history[contact_id].append(at)
        return history

    def _load_templates(self, session: Session, ids: Sequence[int]) -> dict[int, TemplateFacts]:
        if not ids:
            return {}
        approvals: dict[int, TemplateApproval] = {}
        if self.account is not None:
            approvals = {
                a.template_id: a
                for a in session.scalars(
                    select(TemplateApproval).where(
                        TemplateApproval.template_id.in_(ids),
                        TemplateApproval.provider_account_id == self.account.id,
                    )
                )
            }
        facts: dict[int, TemplateFacts] = {}
        rows = session.execute(
            select(Template.id, Template.body, Signature.name)
            .outerjoin(Signature, Signature.id == Template.signature_id)
            .where(Template.id.in_(ids))
        )
        for template_id, body, sign_name in rows:
            approval = approvals.get(template_id)
            approved = (
                approval is not None
                and approval.status == ApprovalStatus.APPROVED
                and approval.approved_text == body
            )
            facts[template_id] = TemplateFacts(
                approved=approved,
                provider_code=approval.provider_code if approval else "",
                sign_name=sign_name or "",
                body=body,
            )
        return facts

    def _load_campaign_windows(
        self, session: Session, ids: Sequence[int]
    ) -> dict[int, send_window.SendWindow]:
        windows = {}
        if ids:
            rows = session.execute(
                select(Campaign.id, Campaign.window_start, Campaign.window_end).where(
                    Campaign.id.in_(ids)
                )
            )
            for campaign_id, start, end in rows:
                windows[campaign_id] = send_window.effective_window(start, end)
        return windows

    def _load_vendor_history(
        self, session: Session, e164s: Sequence[str]
    ) -> dict[str, list[SentRecord]]:
        assert self.account is not None
        history: dict[str, list[SentRecord]] = defaultdict(list)
        since = vendor_limits.history_horizon(self.now)
        for part in chunks(e164s):
            rows = session.execute(
                select(
                    Message.e164, Message.submitting_at, Message.template_id, Message.body
                ).where(
                    Message.e164.in_(part),
                    Message.provider_account_id == self.account.id,
                    Message.state.in_(COUNTED_STATES),
                    Message.submitting_at >= since,
                )
            )
            for e164, at, template_id, body in rows:
                if at is not None:
                    history[e164].append(SentRecord(at=at, template_id=template_id, body=body))
        return history

    # -- verdicts ------------------------------------------------------------------------

    def evaluate(self, candidate: Candidate) -> Verdict:
        skip = self._skip_reason(candidate)
        if skip:
            return Verdict(skip=skip)
        if not self.check_timing:
            return OK
        if candidate.kind == MessageKind.MARKETING:
            wait = self._window_wait(candidate)
            if wait is not None:
                return wait
        if self.limits is not None and self.limits.any_per_number:
            hit = vendor_limits.check(
                self.limits,
                history=self._vendor_history.get(candidate.e164, ()),
                template_id=candidate.template_id,
                body=candidate.body,
                now=self.now,
            )
            if hit is not None:
                return Verdict(wait_until=hit[1], wait_reason=hit[0].value)
        return OK

    def _skip_reason(self, candidate: Candidate) -> str:
        if self.account is None:
            return SkipReason.NO_PROVIDER
        contact = self._contacts.get(candidate.contact_id) if candidate.contact_id else None
        if candidate.e164 in self._opted_out or (contact is not None and contact.opted_out):
            return SkipReason.OPTED_OUT
        if not _consent_allows(contact, candidate.kind):
            return SkipReason.NO_CONSENT
        assert contact is not None
        template = self.templates.get(candidate.template_id) if candidate.template_id else None
        if template is None or not template.approved:
            return SkipReason.TEMPLATE_NOT_APPROVED
        if candidate.kind == MessageKind.MARKETING:
            if contact.suspect:
                return SkipReason.SUSPECT
            if self._over_cap(candidate.contact_id, contact.tier):
                return SkipReason.FREQUENCY_CAP
        return ""

    def _over_cap(self, contact_id: int | None, tier: str) -> bool:
        cap = self._caps.get(tier)
        if cap is None or contact_id is None:
            return False
        count, days = cap
        since = self.now - timedelta(days=days)
        recent = sum(1 for at in self._marketing_history.get(contact_id, ()) if at >= since)
        return recent >= count

    def _window_wait(self, candidate: Candidate) -> Verdict | None:
        timezone = self._timezone(candidate)
        window = self._windows.get(candidate.campaign_id or 0, self._default_window)
        opening = send_window.next_opening(self.now, timezone, window)
        if opening is None:
            return None
        reason = (
            WaitReason.QUIET_HOURS
            if send_window.in_hard_quiet_hours(self.now, timezone)
            else WaitReason.OUTSIDE_WINDOW
        )
        return Verdict(wait_until=opening, wait_reason=reason.value)

    def _timezone(self, candidate: Candidate) -> str:
        contact = self._contacts.get(candidate.contact_id) if candidate.contact_id else None
        if contact is not None and contact.timezone:
            return contact.timezone
        zone_name = self._number_zones.get(candidate.e164)
        if zone_name is None:
            try:
                zone_name = numbers.parse(candidate.e164).timezone
            except numbers.NumberRejected:
                zone_name = send_window.DEFAULT_TIMEZONE
            self._number_zones[candidate.e164] = zone_name
        return zone_name

    def note_sent(self, candidate: Candidate) -> None:
        """Count a message that passed and is being submitted, for the rest of the batch."""
        if candidate.kind == MessageKind.MARKETING and candidate.contact_id is not None:
            self._marketing_history.setdefault(candidate.contact_id, []).append(self.now)
        self._vendor_history.setdefault(candidate.e164, []).append(
            SentRecord(at=self.now, template_id=candidate.template_id, body=candidate.body)
        )


def _consent_allows(contact: _ContactFacts | None, kind: str) -> bool:
    """Marketing needs explicit marketing consent. Service messages need service consent, or
    a customer relationship (a purchase): DOMAIN.md lets existing customers receive messages
    about their own transactions."""
    if contact is None:
        return False
    if kind == MessageKind.MARKETING:
        return contact.consent_scope == ConsentScope.MARKETING
    return contact.consent_scope in (ConsentScope.MARKETING, ConsentScope.SERVICE) or (
        contact.has_purchases
    )


def evaluate_all(
    session: Session,
    candidates: Iterable[Candidate],
    *,
    account: AccountInfo | None,
    now: datetime,
    check_timing: bool = True,
) -> list[Verdict]:
    """Verdicts for many candidates (pre-flight), in chunks, counting earlier ones as sent."""
    verdicts: list[Verdict] = []
    items = list(candidates)
    for part in chunks(items):
        checks = RecipientChecks(session, part, account=account, now=now, check_timing=check_timing)
        for candidate in part:
            verdict = checks.evaluate(candidate)
            if verdict.ok:
                checks.note_sent(candidate)
            verdicts.append(verdict)
    return verdicts
