"""A small world for sending tests: an account, a signed and approved template, consenting
contacts, and an in-process provider that records what it was asked to send."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import (
    Contact,
    ProviderAccount,
    Signature,
    Template,
    TemplateApproval,
)
from smsdesk.core.enums import ProviderKind
from smsdesk.core.providers.base import (
    DeliveryStatus,
    InboundReply,
    OutgoingMessage,
    PendingMessage,
    Provider,
    ProviderConfig,
    Receipt,
    SubmitResult,
)
from smsdesk.core.sending.outbox import OutboxItem, enqueue

# 10:00 in Beijing on a Monday: inside every send window.
DAYTIME_UTC = datetime.fromisoformat("2026-06-01T02:00:00+00:00")
NIGHT_UTC = datetime.fromisoformat("2026-06-01T14:30:00+00:00")  # 22:30 Beijing

Script = Callable[[Sequence[OutgoingMessage]], list[SubmitResult]]


class RecordingProvider(Provider):
    """A real Provider that keeps everything in memory: what was submitted, receipts and
    replies to hand out. ``script`` decides each answer (default: accept all)."""

    kind = ProviderKind.HTTP
    max_batch = 1
    echoes_our_ref = True
    needs_secret = False

    def __init__(
        self,
        config: ProviderConfig | None = None,
        *,
        max_batch: int = 1,
        script: Script | None = None,
        auto_deliver: bool = True,
    ) -> None:
        super().__init__(config or ProviderConfig(name="recording", kind=ProviderKind.HTTP))
        self.max_batch = max_batch  # type: ignore[misc]
        self.script = script
        self.auto_deliver = auto_deliver
        self.calls: list[list[OutgoingMessage]] = []
        self.receipts: list[Receipt] = []
        self.replies: list[InboundReply] = []
        self.lookups: list[list[PendingMessage]] = []
        self.lookup_answers: dict[str, Receipt] = {}
        self._ids = itertools.count(1)

    @property
    def sent_refs(self) -> list[str]:
        return [m.our_ref for call in self.calls for m in call]

    def submit(self, messages: Sequence[OutgoingMessage]) -> list[SubmitResult]:
        assert len(messages) <= self.max_batch
        self.calls.append(list(messages))
        if self.script is not None:
            return self.script(messages)
        return [
            SubmitResult(
                our_ref=m.our_ref, accepted=True, provider_message_id=f"P{next(self._ids)}"
            )
            for m in messages
        ]

    def pull_receipts(self, pending: Sequence[PendingMessage]) -> list[Receipt]:
        """Queued receipts; with ``auto_deliver`` also "delivered" for everything pending."""
        handed, self.receipts = self.receipts, []
        if self.auto_deliver:
            handed += [
                Receipt(
                    provider_message_id=p.provider_message_id,
                    status=DeliveryStatus.DELIVERED,
                    e164=p.e164,
                    our_ref=p.our_ref,
                )
                for p in pending
            ]
        return handed

    def lookup_receipts(self, pending: Sequence[PendingMessage]) -> list[Receipt]:
        self.lookups.append(list(pending))
        return [self.lookup_answers[p.our_ref] for p in pending if p.our_ref in self.lookup_answers]

    def pull_replies(self, since: datetime | None) -> list[InboundReply]:
        handed, self.replies = self.replies, []
        return handed

    def test_connection(self) -> None:
        return None

    def deliver_all(self) -> None:
        """Queue a DELIVERED receipt for everything submitted so far."""
        for call in self.calls:
            for message in call:
                self.receipts.append(
                    Receipt(
                        provider_message_id="",
                        status=DeliveryStatus.DELIVERED,
                        e164=message.e164,
                        our_ref=message.our_ref,
                    )
                )


@dataclass
class World:
    account_id: int
    template_id: int
    signature_id: int
    contact_ids: list[int] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)


def number(i: int) -> str:
    return f"+86138{i:08d}"


def build_world(
    db: Database,
    *,
    contacts: int = 3,
    kind: str = "marketing",
    consent: str = "marketing",
    tier: str = "active",
    timezone: str = "Asia/Shanghai",
    rate: float = 1000.0,
    batch_size: int = 1,
    account_kind: str = ProviderKind.HTTP.value,
    text: str = "{name}您好，新品到店，拒收请回复R",
    approved: bool = True,
) -> World:
    with db.session() as session:
        account = ProviderAccount(
            name="acct",
            kind=account_kind,
            rate_per_second=rate,
            batch_size=batch_size,
            price_per_part=0.05,
        )
        signature = Signature(name="小店")
        session.add_all([account, signature])
        session.flush()
        template = Template(name="promo", kind=kind, signature_id=signature.id, body=text)
        session.add(template)
        session.flush()
        session.add(
            TemplateApproval(
                template_id=template.id,
                provider_account_id=account.id,
                provider_code="T100",
                status="approved" if approved else "submitted",
                approved_text=text if approved else "",
            )
        )
        world = World(account_id=account.id, template_id=template.id, signature_id=signature.id)
        for i in range(contacts):
            contact = Contact(
                e164=number(i),
                name=f"客户{i}",
                consent_scope=consent,
                tier=tier,
                timezone=timezone,
            )
            session.add(contact)
            session.flush()
            world.contact_ids.append(contact.id)
            world.numbers.append(contact.e164)
    return world


def queue_for_all(db: Database, world: World, **extra: object) -> int:
    with db.session() as session:
        return enqueue(
            session,
            [
                OutboxItem(
                    e164=e164,
                    template_id=world.template_id,
                    variables={"name": f"客户{i}"},
                    contact_id=contact_id,
                    provider_account_id=world.account_id,
                    **extra,  # type: ignore[arg-type]
                )
                for i, (contact_id, e164) in enumerate(
                    zip(world.contact_ids, world.numbers, strict=True)
                )
            ],
        )
