"""Templates and signatures go to the provider for review, and its verdicts come back.

Alibaba Cloud and Tencent Cloud send only reviewed templates under approved signatures; the
app submits what the user drafted (after the compliance check passes) and pulls the
verdicts. The exact text that was submitted is kept, so an approval covers that text and
nothing typed since. Sandbox accounts review at once; Twilio and the generic HTTP provider
have no review API and keep the approvals the user records by hand.

Network calls run outside any database transaction: what to submit is read in one session,
the provider is asked, and the answer is written in another, so a slow vendor never holds a
write lock on the book.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from smsdesk.core import audit
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import (
    ProviderAccount,
    Signature,
    SignatureApproval,
    Template,
    TemplateApproval,
)
from smsdesk.core.enums import ApprovalStatus
from smsdesk.core.errors import ComplianceError, NotFoundError, SMSDeskError
from smsdesk.core.providers.accounts import provider_config
from smsdesk.core.providers.base import Provider, ProviderConfig, ReviewStatus
from smsdesk.core.providers.registry import create_provider, provider_class
from smsdesk.core.templates.approvals import set_template_approval
from smsdesk.core.templates.signature_store import set_signature_approval
from smsdesk.core.templates.template_check import check_template

ProviderFactory = Callable[[ProviderConfig], Provider]


def has_review_api(kind: str) -> bool:
    """Whether accounts of this kind can submit templates for review from the app."""
    return provider_class(kind).submit_template is not Provider.submit_template


def signature_needs_proof(kind: str) -> bool:
    """Whether submitting a signature to accounts of this kind needs a proof image."""
    return provider_class(kind).signature_needs_proof


@dataclass(frozen=True)
class ReviewChange:
    """A verdict that changed: ``kind`` is "template" or "signature"."""

    kind: str
    item_id: int
    name: str
    account_id: int
    account_name: str
    status: ApprovalStatus
    reason: str


@dataclass
class ReviewPull:
    changes: list[ReviewChange] = field(default_factory=list)
    checked: int = 0
    # (account name, error code, message) for accounts whose provider could not be asked
    errors: list[tuple[str, str, str]] = field(default_factory=list)


def _account(session_account: ProviderAccount | None, account_id: int) -> ProviderAccount:
    if session_account is None:
        raise NotFoundError("no such provider account", provider_account_id=account_id)
    return session_account


def _ask(
    config: ProviderConfig, factory: ProviderFactory, call: Callable[[Provider], ReviewStatus]
) -> ReviewStatus:
    provider = factory(config)
    try:
        return call(provider)
    finally:
        provider.close()


def submit_template(
    db: Database,
    template_id: int,
    account_id: int,
    *,
    remark: str = "",
    factory: ProviderFactory = create_provider,
) -> ReviewStatus:
    """Submit the template's current text for review on one account.

    Refused (``ComplianceError``, nothing sent) while the compliance check finds errors: the
    vendors reject such templates, and a rejection stays in the account's review history.
    """
    with db.session() as session:
        template = session.get(Template, template_id)
        if template is None:
            raise NotFoundError("no such template", template_id=template_id)
        account = _account(session.get(ProviderAccount, account_id), account_id)
        # Checked against the signatures recorded here: a signature may be under review at
        # the vendor while its templates are (the vendor ties them together).
        report = check_template(session, template_id)
        if report.errors:
            raise ComplianceError(
                "Fix the template's errors before submitting it for review",
                blockers=sorted({finding.rule for finding in report.errors}),
            )
        sign = template.signature.name if template.signature is not None else ""
        name, text, kind = template.name, template.body, template.kind
        config = provider_config(account)
    review = _ask(
        config,
        factory,
        lambda p: p.submit_template(name=name, text=text, kind=kind, sign_name=sign, remark=remark),
    )
    with db.session() as session:
        set_template_approval(
            session,
            template_id=template_id,
            provider_account_id=account_id,
            status=ApprovalStatus(review.status),
            provider_code=review.code,
            reason=review.reason,
            reviewed_text=text,
            submitted_text=text,
        )
        audit.record(
            session,
            "template.submit",
            template_id=template_id,
            provider_account_id=account_id,
            provider_code=review.code,
            status=review.status,
        )
    return review


def submit_signature(
    db: Database,
    signature_id: int,
    account_id: int,
    *,
    proof_image: bytes = b"",
    remark: str = "",
    factory: ProviderFactory = create_provider,
) -> ReviewStatus:
    """Submit a signature for review (Tencent needs a business-licence image as proof)."""
    with db.session() as session:
        signature = session.get(Signature, signature_id)
        if signature is None:
            raise NotFoundError("no such signature", signature_id=signature_id)
        account = _account(session.get(ProviderAccount, account_id), account_id)
        name, company = signature.name, signature.company
        config = provider_config(account)
    review = _ask(
        config,
        factory,
        lambda p: p.submit_signature(
            name=name, company=company, proof_image=proof_image, remark=remark
        ),
    )
    with db.session() as session:
        set_signature_approval(
            session,
            signature_id=signature_id,
            provider_account_id=account_id,
            status=ApprovalStatus(review.status),
            reason=review.reason,
        )
        audit.record(
            session,
            "signature.submit",
            signature_id=signature_id,
            provider_account_id=account_id,
            status=review.status,
        )
    return review


@dataclass(frozen=True)
class _Pending:
    kind: str
    item_id: int
    name: str
    code: str  # what the provider is asked about: template code or signature name


def _pending(
    db: Database, account_id: int | None, pull: ReviewPull
) -> dict[int, tuple[ProviderConfig, str, list[_Pending]]]:
    """Submitted templates and signatures, by account (with the account's config; an account
    whose config cannot be made, e.g. its secret is gone from the keychain, goes to
    ``pull.errors``)."""
    by_account: dict[int, list[_Pending]] = defaultdict(list)
    with db.session() as session:
        templates = (
            select(
                TemplateApproval.provider_account_id,
                Template.id,
                Template.name,
                TemplateApproval.provider_code,
            )
            .join(Template, Template.id == TemplateApproval.template_id)
            .where(
                TemplateApproval.status == ApprovalStatus.SUBMITTED.value,
                TemplateApproval.provider_code != "",
            )
        )
        signatures = (
            select(SignatureApproval.provider_account_id, Signature.id, Signature.name)
            .join(Signature, Signature.id == SignatureApproval.signature_id)
            .where(SignatureApproval.status == ApprovalStatus.SUBMITTED.value)
        )
        if account_id is not None:
            templates = templates.where(TemplateApproval.provider_account_id == account_id)
            signatures = signatures.where(SignatureApproval.provider_account_id == account_id)
        for account, item_id, name, code in session.execute(templates):
            by_account[account].append(_Pending("template", item_id, name, code))
        for account, item_id, name in session.execute(signatures):
            by_account[account].append(_Pending("signature", item_id, name, name))
        result = {}
        for account_key, items in by_account.items():
            account = session.get(ProviderAccount, account_key)
            # Providers without a review API keep the verdicts recorded by hand.
            if account is None or not has_review_api(account.kind):
                continue
            try:
                result[account_key] = (provider_config(account), account.name, items)
            except SMSDeskError as exc:
                pull.errors.append((account.name, exc.code, str(exc)))
        return result


def pull_reviews(
    db: Database,
    *,
    account_id: int | None = None,
    factory: ProviderFactory = create_provider,
) -> ReviewPull:
    """Ask each account's provider about everything still under review; record the verdicts.

    A provider that cannot be asked (bad credentials, offline) is reported in ``errors`` and
    the other accounts go on; accounts of providers without a review API are not asked."""
    pull = ReviewPull()
    for account_key, (config, account_name, items) in _pending(db, account_id, pull).items():
        answers: list[tuple[_Pending, ReviewStatus]] = []
        try:
            provider = factory(config)
        except SMSDeskError as exc:  # e.g. settings missing since it was submitted
            pull.errors.append((account_name, exc.code, str(exc)))
            continue
        try:
            for item in items:
                if item.kind == "template":
                    answers.append((item, provider.query_template(item.code)))
                else:
                    answers.append((item, provider.query_signature(item.code)))
                pull.checked += 1
        except SMSDeskError as exc:  # no review API, credentials, offline: the rest go on
            pull.errors.append((account_name, exc.code, str(exc)))
        finally:
            provider.close()
        with db.session() as session:
            for item, review in answers:
                status = ApprovalStatus(review.status)
                if status is ApprovalStatus.SUBMITTED:
                    continue
                if item.kind == "template":
                    _record_template_verdict(session, item.item_id, account_key, review)
                else:
                    set_signature_approval(
                        session,
                        signature_id=item.item_id,
                        provider_account_id=account_key,
                        status=status,
                        reason=review.reason,
                    )
                pull.changes.append(
                    ReviewChange(
                        item.kind,
                        item.item_id,
                        item.name,
                        account_key,
                        account_name,
                        status,
                        review.reason,
                    )
                )
    return pull


def _record_template_verdict(
    session: Session, template_id: int, account_id: int, review: ReviewStatus
) -> None:
    """The verdict covers the text that was submitted, not what the template says now."""
    row = session.scalar(
        select(TemplateApproval).where(
            TemplateApproval.template_id == template_id,
            TemplateApproval.provider_account_id == account_id,
        )
    )
    set_template_approval(
        session,
        template_id=template_id,
        provider_account_id=account_id,
        status=ApprovalStatus(review.status),
        reason=review.reason,
        reviewed_text=row.submitted_text if row is not None and row.submitted_text else None,
    )
