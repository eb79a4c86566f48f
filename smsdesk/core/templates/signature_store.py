"""Registered 【signatures】 and their approval status per provider account (recorded by hand,
or by ``provider_review`` from the provider's verdict)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smsdesk.core import audit
from smsdesk.core.db.models import ProviderAccount, Signature, SignatureApproval
from smsdesk.core.enums import ApprovalStatus
from smsdesk.core.errors import NotFoundError, ValidationError

MIN_LENGTH, MAX_LENGTH = 2, 12
_FORBIDDEN = set("【】[]〖〗")


@dataclass(frozen=True)
class SignatureApprovalInfo:
    provider_account_id: int
    account_name: str
    status: ApprovalStatus
    reason: str


@dataclass(frozen=True)
class SignatureInfo:
    id: int
    name: str
    company: str
    notes: str
    approvals: tuple[SignatureApprovalInfo, ...]

    @property
    def approved_anywhere(self) -> bool:
        return any(a.status is ApprovalStatus.APPROVED for a in self.approvals)


def validate_name(name: str) -> str:
    """The signature name without brackets and spaces around it; 2–12 characters."""
    cleaned = name.strip().removeprefix("【").removesuffix("】").strip()
    if _FORBIDDEN & set(cleaned):
        raise ValidationError("a signature name cannot contain brackets", field="name")
    if not MIN_LENGTH <= len(cleaned) <= MAX_LENGTH:
        raise ValidationError(
            "a signature has 2 to 12 characters", field="name", length=len(cleaned)
        )
    return cleaned


def _unique(session: Session, name: str, exclude_id: int | None = None) -> None:
    query = select(Signature.id).where(func.lower(Signature.name) == name.lower())
    if exclude_id is not None:
        query = query.where(Signature.id != exclude_id)
    if session.scalar(query) is not None:
        raise ValidationError(f"signature 【{name}】 exists already", field="name", name=name)


def create_signature(session: Session, *, name: str, company: str = "", notes: str = "") -> int:
    cleaned = validate_name(name)
    _unique(session, cleaned)
    signature = Signature(name=cleaned, company=company.strip(), notes=notes)
    session.add(signature)
    session.flush()
    audit.record(session, "signature.create", signature_id=signature.id, name=cleaned)
    return signature.id


def update_signature(
    session: Session,
    signature_id: int,
    *,
    name: str | None = None,
    company: str | None = None,
    notes: str | None = None,
) -> None:
    """Change a signature. A new name is a new signature for the providers: its approvals go
    back to draft."""
    signature = _get(session, signature_id)
    if name is not None:
        cleaned = validate_name(name)
        if cleaned != signature.name:
            _unique(session, cleaned, exclude_id=signature_id)
            signature.name = cleaned
            for approval in signature.approvals:
                approval.status = ApprovalStatus.DRAFT.value
                approval.reason = ""
    if company is not None:
        signature.company = company.strip()
    if notes is not None:
        signature.notes = notes
    audit.record(session, "signature.update", signature_id=signature_id)


def delete_signature(session: Session, signature_id: int) -> None:
    signature = _get(session, signature_id)
    session.delete(signature)
    audit.record(session, "signature.delete", signature_id=signature_id, name=signature.name)


def set_signature_approval(
    session: Session,
    *,
    signature_id: int,
    provider_account_id: int,
    status: ApprovalStatus,
    reason: str = "",
) -> None:
    """Record the provider's verdict on a signature for one account (by hand, or from a
    verdict ``provider_review`` pulled)."""
    _get(session, signature_id)
    if session.get(ProviderAccount, provider_account_id) is None:
        raise NotFoundError("no such provider account", provider_account_id=provider_account_id)
    approval = session.scalar(
        select(SignatureApproval).where(
            SignatureApproval.signature_id == signature_id,
            SignatureApproval.provider_account_id == provider_account_id,
        )
    )
    if approval is None:
        approval = SignatureApproval(
            signature_id=signature_id, provider_account_id=provider_account_id
        )
        session.add(approval)
    approval.status = ApprovalStatus(status).value
    approval.reason = reason if status is ApprovalStatus.REJECTED else ""
    session.flush()
    audit.record(
        session,
        "signature.approval",
        signature_id=signature_id,
        provider_account_id=provider_account_id,
        status=approval.status,
    )


def list_signatures(session: Session) -> list[SignatureInfo]:
    accounts = {
        row[0]: row[1] for row in session.execute(select(ProviderAccount.id, ProviderAccount.name))
    }
    result = []
    for signature in session.scalars(select(Signature).order_by(Signature.name)):
        result.append(_info(signature, accounts))
    return result


def get_signature(session: Session, signature_id: int) -> SignatureInfo:
    accounts = {
        row[0]: row[1] for row in session.execute(select(ProviderAccount.id, ProviderAccount.name))
    }
    return _info(_get(session, signature_id), accounts)


def signature_by_name(session: Session, name: str) -> SignatureInfo | None:
    signature = session.scalar(select(Signature).where(Signature.name == name.strip()))
    if signature is None:
        return None
    return get_signature(session, signature.id)


def registered_names(
    session: Session, *, provider_account_id: int | None = None, approved_only: bool = False
) -> frozenset[str]:
    """Signature names the checker accepts: all recorded ones, or those approved (on one
    account, or on any)."""
    query = select(Signature.name)
    if approved_only or provider_account_id is not None:
        query = query.join(SignatureApproval).where(
            SignatureApproval.status == ApprovalStatus.APPROVED.value
        )
        if provider_account_id is not None:
            query = query.where(SignatureApproval.provider_account_id == provider_account_id)
    return frozenset(session.scalars(query))


def _get(session: Session, signature_id: int) -> Signature:
    signature = session.get(Signature, signature_id)
    if signature is None:
        raise NotFoundError("no such signature", signature_id=signature_id)
    return signature


def _info(signature: Signature, accounts: dict[int, str]) -> SignatureInfo:
    approvals = tuple(
        SignatureApprovalInfo(
            provider_account_id=a.provider_account_id,
            account_name=accounts.get(a.provider_account_id, ""),
            status=ApprovalStatus(a.status),
            reason=a.reason,
        )
        for a in sorted(signature.approvals, key=lambda a: a.provider_account_id)
    )
    return SignatureInfo(
        signature.id, signature.name, signature.company, signature.notes, approvals
    )
