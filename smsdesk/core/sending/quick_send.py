"""Send an approved template now, to a segment, a tag or one (test) number.

The minimal way to send until a full campaign is planned: ``plan_send`` works out who gets the
message and who is held back and why (the same checks the sender repeats before each
submission), with parts and cost for the confirmation; ``queue_plan`` puts the messages in the
outbox, where the sender picks them up.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from smsdesk.core import audit
from smsdesk.core.clock import utc_now
from smsdesk.core.compliance.findings import Severity
from smsdesk.core.compliance.variables import variables_in
from smsdesk.core.contacts import numbers
from smsdesk.core.db.models import Contact, ProviderAccount, Tag, Template, contact_tags
from smsdesk.core.errors import NotFoundError, ValidationError
from smsdesk.core.sending.checks import AccountInfo, Candidate, chunks, evaluate_all
from smsdesk.core.sending.outbox import (
    OutboxItem,
    count_parts,
    enqueue,
    render_body,
    signed_text,
)

MISSING_VARIABLE = "missing_variable"
CARRIER_RULE = "carrier_rule"


@dataclass(frozen=True)
class SendTarget:
    """Exactly one of: a saved segment (name), a tag (name), a number."""

    segment: str | None = None
    tag: str | None = None
    number: str | None = None

    def __post_init__(self) -> None:
        if sum(value is not None for value in (self.segment, self.tag, self.number)) != 1:
            raise ValidationError("Choose one: a segment, a tag or a number", code="target")


@dataclass
class SendPlan:
    template_id: int
    template_name: str
    kind: str
    account_id: int
    account_name: str
    price_per_part: float
    items: list[OutboxItem] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    parts: int = 0  # billed parts over every message that will be queued
    sample_text: str = ""
    blocking_rules: list[str] = field(default_factory=list)  # compliance errors: cannot send

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def cost(self) -> float:
        return round(self.parts * self.price_per_part, 2)

    @property
    def sendable(self) -> bool:
        return not self.blocking_rules and bool(self.items)

    def summary(self) -> dict[str, object]:
        return {
            "template": self.template_name,
            "provider": self.account_name,
            "count": self.count,
            "parts": self.parts,
            "cost": self.cost,
            "skipped": dict(self.skipped),
            "blocking_rules": list(self.blocking_rules),
        }


def _template(session: Session, template: str | int) -> Template:
    """By id (an int) or by name (a name made of digits still works)."""
    if isinstance(template, int):
        found = session.get(Template, template)
    else:
        found = session.scalar(select(Template).where(Template.name == template))
        if found is None and template.isdigit():
            found = session.get(Template, int(template))
    if found is None:
        raise NotFoundError(f"No template {template!r}", template=str(template))
    return found


def _account(session: Session, name: str | None) -> ProviderAccount:
    from smsdesk.core.providers import accounts

    return accounts.get_account(session, name) if name else accounts.active_account(session)


def _recipients(session: Session, target: SendTarget) -> list[tuple[str, Contact | None]]:
    if target.number is not None:
        e164 = numbers.normalize(target.number)
        return [(e164, session.scalar(select(Contact).where(Contact.e164 == e164)))]
    if target.tag is not None:
        tag_id = session.scalar(select(Tag.id).where(Tag.name == target.tag))
        if tag_id is None:
            raise NotFoundError(f"No tag {target.tag!r}", tag=target.tag)
        ids = list(
            session.scalars(
                select(contact_tags.c.contact_id).where(contact_tags.c.tag_id == tag_id)
            )
        )
    else:
        from smsdesk.core.campaigns.audience import Audience, audience_ids

        segment = target.segment or ""
        ids = list(session.scalars(audience_ids(session, Audience(segments=(segment,)))))
    contacts: list[tuple[str, Contact | None]] = []
    for part in chunks(sorted(ids), 900):
        contacts.extend(
            (contact.e164, contact)
            for contact in session.scalars(
                select(Contact).where(Contact.id.in_(part)).order_by(Contact.id)
            )
        )
    return contacts


def _compliance(
    session: Session, template: Template, account_id: int
) -> tuple[list[str], set[str]]:
    """(rules that block the whole send, carriers whose recipients are held back)."""
    from smsdesk.core.templates.template_check import check_template, template_carrier_blocks

    report = check_template(session, template.id, provider_account_id=account_id)
    blocking = sorted(
        {f.rule for f in report.findings if f.severity is Severity.ERROR and not f.carriers}
    )
    carriers = {carrier.value for carrier in template_carrier_blocks(session, template.id)}
    return blocking, carriers


def plan_send(
    session: Session,
    *,
    template: str | int,
    target: SendTarget,
    provider: str | None = None,
    variables: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> SendPlan:
    """Who would get ``template`` and who is held back (reason → count); nothing is written
    except, the first time, the built-in Sandbox account."""
    found = _template(session, template)
    account = _account(session, provider)
    plan = SendPlan(
        template_id=found.id,
        template_name=found.name,
        kind=found.kind,
        account_id=account.id,
        account_name=account.name,
        price_per_part=account.price_per_part,
    )
    plan.blocking_rules, blocked_carriers = _compliance(session, found, account.id)
    used = variables_in(found.body)
    sign_name = found.signature.name if found.signature else ""
    skipped: Counter[str] = Counter()
    candidates: list[tuple[OutboxItem, Candidate]] = []
    for e164, contact in _recipients(session, target):
        values: dict[str, str] = {}
        if contact is not None:
            values.update({k: str(v) for k, v in (contact.fields or {}).items() if v is not None})
            values["name"] = contact.name
        values.update(variables or {})
        if any(not str(values.get(name, "")).strip() for name in used):
            skipped[MISSING_VARIABLE] += 1
            continue
        if contact is not None and contact.carrier in blocked_carriers:
            skipped[CARRIER_RULE] += 1
            continue
        text = signed_text(sign_name, render_body(found.body, values))
        item = OutboxItem(
            e164=e164,
            template_id=found.id,
            variables={name: values[name] for name in used},
            contact_id=contact.id if contact is not None else None,
            provider_account_id=account.id,
        )
        candidates.append(
            (
                item,
                Candidate(
                    e164=e164,
                    contact_id=item.contact_id,
                    kind=found.kind,
                    template_id=found.id,
                    body=text,
                ),
            )
        )
    verdicts = evaluate_all(
        session,
        [candidate for _, candidate in candidates],
        account=AccountInfo(account.id, account.kind, dict(account.settings or {})),
        now=now or utc_now(),
        check_timing=False,
    )
    for (item, candidate), verdict in zip(candidates, verdicts, strict=True):
        if verdict.skip:
            skipped[verdict.skip] += 1
            continue
        plan.items.append(item)
        plan.parts += count_parts(candidate.body)
        plan.sample_text = plan.sample_text or candidate.body
    plan.skipped = dict(skipped)
    return plan


def queue_plan(session: Session, plan: SendPlan) -> int:
    """Queue the planned messages; refuses a plan with blocking compliance errors."""
    if plan.blocking_rules:
        raise ValidationError(
            "The template breaks rules that block sending: " + ", ".join(plan.blocking_rules),
            rules=plan.blocking_rules,
        )
    queued = enqueue(session, plan.items)
    audit.record(
        session,
        "sending.send",
        template=plan.template_name,
        provider=plan.account_name,
        queued=queued,
        skipped=plan.skipped,
    )
    return queued
