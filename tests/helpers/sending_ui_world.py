"""A shop for the sending GUI tests: a quick Sandbox, an approved template, tagged contacts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from smsdesk.core import settings
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import Contact, Tag
from smsdesk.core.enums import ApprovalStatus, MessageKind
from smsdesk.core.providers import accounts
from smsdesk.core.templates import approvals, signature_store, template_store
from tests.helpers.sending_world import number

TEXT = "{name}您好，本周会员日全场八折，凭券{coupon}到店使用，拒收请回复R"


@dataclass(frozen=True)
class Shop:
    account_id: int
    template_id: int


def open_shop(db: Database, state_dir: Path, *, contacts: int = 4) -> Shop:
    """Contacts 0..n-1 tagged "vip" with marketing consent, except the last (no consent)."""
    with db.session() as session:
        account = accounts.create_account(
            session,
            name="Sandbox",
            kind="sandbox",
            settings={
                "receipt_delay_min": 0.0,
                "receipt_delay_max": 0.1,
                "failure_rate": 0.0,
                "dead_number_rate": 0.0,
                "reply_rate": 0.0,
                "state_dir": str(state_dir),
            },
        )
        accounts.set_active(session, account.name)
        settings.set_value(session, "sending.pull_interval_seconds", 0.2)
        signature_id = signature_store.create_signature(session, name="小店")
        signature_store.set_signature_approval(
            session,
            signature_id=signature_id,
            provider_account_id=account.id,
            status=ApprovalStatus.APPROVED,
        )
        template_id = template_store.create_template(
            session,
            name="会员日",
            body=TEXT,
            kind=MessageKind.MARKETING,
            signature_id=signature_id,
        )
        approvals.set_template_approval(
            session,
            template_id=template_id,
            provider_account_id=account.id,
            status=ApprovalStatus.APPROVED,
        )
        tag = Tag(name="vip")
        for i in range(contacts):
            scope = "marketing" if i < contacts - 1 else "none"
            session.add(Contact(e164=number(i), name=f"客户{i}", consent_scope=scope, tags=[tag]))
        return Shop(account_id=account.id, template_id=template_id)
