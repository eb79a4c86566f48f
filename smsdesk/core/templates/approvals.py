"""A template's review state per provider account: the provider's template code, the status
(draft, submitted, approved, rejected with a reason) and the exact body that was approved.

Editing an approved template does not silently keep it sendable: the approved body is kept,
and while the current body differs the approval is reported as needing re-approval. Verdicts
come from the provider (``provider_review``) or, for providers without a review API, by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from smsdesk.core import audit
from smsdesk.core.db.models import ProviderAccount, Template, TemplateApproval
from smsdesk.core.enums import ApprovalStatus
from smsdesk.core.errors import NotFoundError


@dataclass(frozen=True)
class TemplateApprovalInfo:
    provider_account_id: int
    account_name: str
    account_kind: str
    provider_code: str
    status: ApprovalStatus
    reason: str
    approved_text: str
    needs_reapproval: bool

    @property
    def sendable(self) -> bool:
        """Approved, and for the text as it is now."""
        return self.status is ApprovalStatus.APPROVED and not self.needs_reapproval


def set_template_approval(
    session: Session,
    *,
    template_id: int,
    provider_account_id: int,
    status: ApprovalStatus,
    provider_code: str | None = None,
    reason: str = "",
    reviewed_text: str | None = None,
    submitted_text: str | None = None,
) -> TemplateApprovalInfo:
    """Record the provider's verdict for one account. ``approved`` stores the text that was
    reviewed (``reviewed_text``; by default the current body) as the approved text; other
    states keep the last approved text for reference. ``submitted_text``: the text just sent
    for review (the verdict that comes back covers it)."""
    template = session.get(Template, template_id)
    if template is None:
        raise NotFoundError("no such template", template_id=template_id)
    account = session.get(ProviderAccount, provider_account_id)
    if account is None:
        raise NotFoundError("no such provider account", provider_account_id=provider_account_id)
    approval = _row(session, template_id, provider_account_id)
    if approval is None:
        approval = TemplateApproval(
            template_id=template_id, provider_account_id=provider_account_id
        )
        session.add(approval)
    status = ApprovalStatus(status)
    approval.status = status.value
    approval.reason = reason.strip() if status is ApprovalStatus.REJECTED else ""
    if provider_code is not None:
        approval.provider_code = provider_code.strip()
    if submitted_text is not None:
        approval.submitted_text = submitted_text
    if status is ApprovalStatus.APPROVED:
        approval.approved_text = template.body if reviewed_text is None else reviewed_text
    elif approval.approved_text is None:
        approval.approved_text = ""
    session.flush()
    audit.record(
        session,
        "template.approval",
        template_id=template_id,
        provider_account_id=provider_account_id,
        status=status.value,
        provider_code=approval.provider_code,
    )
    return _info(approval, account, template.body)


def template_approvals(session: Session, template_id: int) -> list[TemplateApprovalInfo]:
    """One entry per provider account (draft where nothing was recorded), by account name."""
    template = session.get(Template, template_id)
    if template is None:
        raise NotFoundError("no such template", template_id=template_id)
    rows = {a.provider_account_id: a for a in template.approvals}
    result = []
    for account in session.scalars(select(ProviderAccount).order_by(ProviderAccount.name)):
        row = rows.get(account.id)
        if row is None:
            result.append(
                TemplateApprovalInfo(
                    account.id, account.name, account.kind, "", ApprovalStatus.DRAFT, "", "", False
                )
            )
        else:
            result.append(_info(row, account, template.body))
    return result


def approval_for(
    session: Session, template_id: int, provider_account_id: int
) -> TemplateApprovalInfo | None:
    """The recorded approval of one template on one account, if any."""
    row = _row(session, template_id, provider_account_id)
    if row is None:
        return None
    account = session.get(ProviderAccount, provider_account_id)
    template = session.get(Template, template_id)
    assert account is not None
    assert template is not None
    return _info(row, account, template.body)


def is_sendable(session: Session, template_id: int, provider_account_id: int) -> bool:
    """Approved on that account for exactly the current body (the sender's last check)."""
    info = approval_for(session, template_id, provider_account_id)
    return info is not None and info.sendable


def _row(session: Session, template_id: int, provider_account_id: int) -> TemplateApproval | None:
    return session.scalar(
        select(TemplateApproval).where(
            TemplateApproval.template_id == template_id,
            TemplateApproval.provider_account_id == provider_account_id,
        )
    )


def _info(row: TemplateApproval, account: ProviderAccount, body: str) -> TemplateApprovalInfo:
    status = ApprovalStatus(row.status)
    approved_text = row.approved_text or ""
    needs = status is ApprovalStatus.APPROVED and approved_text != body
    return TemplateApprovalInfo(
        provider_account_id=account.id,
        account_name=account.name,
        account_kind=account.kind,
        provider_code=row.provider_code,
        status=status,
        reason=row.reason,
        approved_text=approved_text,
        needs_reapproval=needs,
    )
