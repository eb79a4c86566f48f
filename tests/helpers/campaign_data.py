"""A small shop for campaign tests: a signature, a sandbox account, approved templates, and
contacts written straight into the table (so a test controls every field, including ones the
importer would never let through, such as an invalid number)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from smsdesk.core.db.models import Contact, Message, Tag
from smsdesk.core.enums import ApprovalStatus, MessageKind
from smsdesk.core.providers import accounts
from smsdesk.core.templates import approvals, signature_store, template_store

SIGNATURE = "鲜果坊"
BODY = "{name}您好，本周末全场8折，凭兑换码{code}到店使用。拒收请回复R"
LINK_BODY = "{name}您好，新品上市，详情见 www.xianguofang.com 拒收请回复R"
PLAIN_BODY = "您好，本周末全场8折，欢迎到店选购。拒收请回复R"

_numbers = itertools.count(1)


@dataclass(frozen=True)
class Shop:
    account_id: int
    signature_id: int
    template_id: int  # BODY (uses {name} and {code})
    plain_template_id: int  # PLAIN_BODY (no variables)
    link_template_id: int  # LINK_BODY (a link: China Telecom and Unicom refuse it)


def make_template(
    session: Session,
    shop_account: int,
    signature_id: int,
    name: str,
    body: str,
    kind: MessageKind = MessageKind.MARKETING,
    *,
    approve: bool = True,
) -> int:
    template_id = template_store.create_template(
        session, name=name, body=body, kind=kind, signature_id=signature_id
    )
    if approve:
        approvals.set_template_approval(
            session,
            template_id=template_id,
            provider_account_id=shop_account,
            status=ApprovalStatus.APPROVED,
            provider_code=f"SMS_{template_id:06d}",
        )
    return template_id


def setup_shop(session: Session) -> Shop:
    account = accounts.ensure_sandbox(session)
    account.rate_per_second = 10.0
    account.price_per_part = 0.05
    signature_id = signature_store.create_signature(session, name=SIGNATURE, company="鲜果坊")
    signature_store.set_signature_approval(
        session,
        signature_id=signature_id,
        provider_account_id=account.id,
        status=ApprovalStatus.APPROVED,
    )
    session.flush()
    return Shop(
        account_id=account.id,
        signature_id=signature_id,
        template_id=make_template(session, account.id, signature_id, "周末八折", BODY),
        plain_template_id=make_template(session, account.id, signature_id, "周末通知", PLAIN_BODY),
        link_template_id=make_template(session, account.id, signature_id, "新品链接", LINK_BODY),
    )


def cn_mobile(n: int | None = None) -> str:
    return f"+86138{(n if n is not None else next(_numbers)):08d}"


def add_contact(
    session: Session,
    e164: str | None = None,
    *,
    name: str = "王先生",
    consent: str = "marketing",
    tier: str = "active",
    carrier: str = "mobile",
    timezone: str = "Asia/Shanghai",
    opted_out: bool = False,
    suspect: bool = False,
    tags: tuple[str, ...] = ("会员",),
    birthday: date | None = None,
    last_purchase_at: datetime | None = None,
    fields: dict[str, Any] | None = None,
    region: str = "CN",
) -> Contact:
    contact = Contact(
        e164=e164 or cn_mobile(),
        name=name,
        region=region,
        carrier=carrier,
        timezone=timezone,
        tier=tier,
        consent_scope=consent,
        opted_out=opted_out,
        suspect=suspect,
        birthday=birthday,
        birthday_md=birthday.strftime("%m-%d") if birthday else None,
        last_purchase_at=last_purchase_at,
        fields=dict(fields or {}),
    )
    found = [tag(session, tag_name) for tag_name in tags]
    session.add(contact)
    contact.tags.extend(found)
    session.flush()
    return contact


def tag(session: Session, name: str) -> Tag:
    from sqlalchemy import select

    found = session.scalar(select(Tag).where(Tag.name == name))
    if found is None:
        found = Tag(name=name)
        session.add(found)
        session.flush()
    return found


def past_message(
    session: Session,
    contact: Contact,
    at: datetime,
    *,
    state: str = "delivered",
    campaign_id: int | None = None,
    kind: str = "marketing",
) -> Message:
    """A marketing message the contact already got (or has queued for ``at``)."""
    message = Message(
        our_ref=f"past{next(_numbers)}",
        campaign_id=campaign_id,
        contact_id=contact.id,
        e164=contact.e164,
        kind=kind,
        body="【鲜果坊】以前的消息",
        state=state,
        created_at=at,
        not_before=at if state == "queued" else None,
        submitting_at=at if state != "queued" else None,
        submitted_at=at if state != "queued" else None,
    )
    session.add(message)
    session.flush()
    return message
