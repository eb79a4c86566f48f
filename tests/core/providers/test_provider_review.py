"""Templates and signatures submitted for review through real accounts (secrets in the test
keyring) against the fake vendors, and their verdicts pulled back."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import AuditEntry, Signature, Template, TemplateApproval
from smsdesk.core.enums import ApprovalStatus
from smsdesk.core.errors import ComplianceError, ValidationError
from smsdesk.core.providers import accounts
from smsdesk.core.templates import approvals, provider_review, signature_store
from smsdesk.core.templates.signature_store import get_signature
from tests.helpers.fake_providers.aliyun_fake import FakeAliyun
from tests.helpers.fake_providers.server import FakeServer
from tests.helpers.fake_providers.tencent_fake import FakeTencent

TEXT = "{name}您好，会员日全场8折，拒收请回复R"


def account_for(db: Database, fake: FakeServer, **settings: object) -> int:
    with db.session() as session:
        account = accounts.create_account(
            session,
            name=f"{fake.kind} 账号",
            kind=fake.kind,
            settings=fake.provider_settings(**settings),
            secret=fake.provider_secret,
            endpoint=fake.url,
        )
        return account.id


def template(db: Database, text: str = TEXT, *, signature: str = "测试商店") -> int:
    with db.session() as session:
        sign_id = signature_store.create_signature(
            session, name=signature, company="测试商店有限公司"
        )
        row = Template(name="会员日", kind="marketing", body=text, signature_id=sign_id)
        session.add(row)
        session.flush()
        return row.id


def approval(db: Database, template_id: int, account_id: int) -> approvals.TemplateApprovalInfo:
    with db.session() as session:
        info = approvals.approval_for(session, template_id, account_id)
        assert info is not None
        return info


def test_aliyun_template_review_round_trip(db: Database, fake_aliyun: FakeAliyun) -> None:
    account_id = account_for(db, fake_aliyun)
    template_id = template(db)
    review = provider_review.submit_template(db, template_id, account_id)
    assert review.status == ApprovalStatus.SUBMITTED
    stored = fake_aliyun.templates[review.code]
    assert stored["content"] == "${name}您好，会员日全场8折，拒收请回复R"
    assert fake_aliyun.last_params["CreateSmsTemplate"]["RelatedSignName"] == "测试商店"
    info = approval(db, template_id, account_id)
    assert (info.status, info.provider_code, info.sendable) == (
        ApprovalStatus.SUBMITTED,
        review.code,
        False,
    )

    # Still under review: nothing changes.
    assert provider_review.pull_reviews(db).changes == []

    # The user edits the text while the vendor reviews the submitted one; the approval that
    # comes back covers the submitted text, so the edited template needs a new review.
    with db.session() as session:
        session.get(Template, template_id).body = TEXT + "！"
    fake_aliyun.set_template_status(review.code, "1")
    pulled = provider_review.pull_reviews(db)
    assert [(c.kind, c.status) for c in pulled.changes] == [("template", ApprovalStatus.APPROVED)]
    info = approval(db, template_id, account_id)
    assert info.approved_text == TEXT
    assert info.needs_reapproval
    assert not info.sendable
    with db.session() as session:
        session.get(Template, template_id).body = TEXT
    assert approval(db, template_id, account_id).sendable


def test_a_rejection_comes_back_with_the_vendors_reason(
    db: Database, fake_aliyun: FakeAliyun
) -> None:
    account_id = account_for(db, fake_aliyun)
    template_id = template(db)
    review = provider_review.submit_template(db, template_id, account_id)
    fake_aliyun.set_template_status(review.code, "2", "含营销敏感词")
    [change] = provider_review.pull_reviews(db, account_id=account_id).changes
    assert (change.status, change.reason, change.name) == (
        ApprovalStatus.REJECTED,
        "含营销敏感词",
        "会员日",
    )
    info = approval(db, template_id, account_id)
    assert (info.status, info.reason) == (ApprovalStatus.REJECTED, "含营销敏感词")
    with db.session() as session:
        actions = set(session.scalars(select(AuditEntry.action)))
    assert {"template.submit", "template.approval"} <= actions


def test_a_template_with_errors_is_not_submitted(db: Database, fake_aliyun: FakeAliyun) -> None:
    account_id = account_for(db, fake_aliyun)
    template_id = template(db, "全场8折 详情 http://t.cn/abc 回T退订")
    with pytest.raises(ComplianceError) as raised:
        provider_review.submit_template(db, template_id, account_id)
    assert raised.value.params["blockers"]
    assert fake_aliyun.templates == {}
    with db.session() as session:
        assert session.scalars(select(TemplateApproval)).all() == []


def test_tencent_template_and_signature_reviews(db: Database, fake_tencent: FakeTencent) -> None:
    account_id = account_for(db, fake_tencent)
    template_id = template(db)
    review = provider_review.submit_template(db, template_id, account_id)
    assert review.status == ApprovalStatus.SUBMITTED
    with db.session() as session:
        signature_id = session.scalar(select(Signature.id))
    with pytest.raises(ValidationError):  # Tencent needs the business licence
        provider_review.submit_signature(db, signature_id, account_id)
    provider_review.submit_signature(db, signature_id, account_id, proof_image=b"\x89PNG licence")
    with db.session() as session:
        [sign] = get_signature(session, signature_id).approvals
    assert sign.status == ApprovalStatus.SUBMITTED

    fake_tencent.templates[int(review.code)]["status"] = 0  # approved
    for item in fake_tencent.signs.values():
        item["status"] = 0
    pulled = provider_review.pull_reviews(db)
    assert sorted((c.kind, c.status) for c in pulled.changes) == [
        ("signature", ApprovalStatus.APPROVED),
        ("template", ApprovalStatus.APPROVED),
    ]
    assert approval(db, template_id, account_id).sendable


def test_an_account_that_cannot_be_asked_is_reported_and_others_go_on(
    db: Database, fake_aliyun: FakeAliyun
) -> None:
    good = account_for(db, fake_aliyun)
    template_id = template(db)
    review = provider_review.submit_template(db, template_id, good)
    with db.session() as session:
        broken = fake_aliyun.create_account(session, "阿里云 旧密钥", secret="an old secret").id
        twilio = accounts.create_account(
            session,
            name="twilio",
            kind="twilio",
            settings={"key_id": "AC" + "0" * 32, "from": "+15005550006"},
            secret="token",
        ).id
        for account_id in (broken, twilio):  # recorded by hand as under review
            approvals.set_template_approval(
                session,
                template_id=template_id,
                provider_account_id=account_id,
                status=ApprovalStatus.SUBMITTED,
                provider_code=review.code,
            )
        no_secret = accounts.create_account(
            session,
            name="阿里云 无密钥",
            kind="aliyun",
            settings=fake_aliyun.provider_settings(),
            endpoint=fake_aliyun.url,
        ).id
        approvals.set_template_approval(
            session,
            template_id=template_id,
            provider_account_id=no_secret,
            status=ApprovalStatus.SUBMITTED,
            provider_code=review.code,
        )
    fake_aliyun.set_template_status(review.code, "1")
    pulled = provider_review.pull_reviews(db)
    assert [c.account_id for c in pulled.changes] == [good]
    assert sorted(name for name, _code, _message in pulled.errors) == [
        "阿里云 无密钥",
        "阿里云 旧密钥",
    ]
    assert "an old secret" not in repr(pulled.errors)
    assert pulled.checked == 1  # twilio has no review API: not asked
    with db.session() as session:
        assert (
            approvals.approval_for(session, template_id, twilio).status == ApprovalStatus.SUBMITTED
        )


def test_the_sender_pulls_verdicts_as_it_runs(db: Database, fake_aliyun: FakeAliyun) -> None:
    from smsdesk.core.sending.engine import SenderEngine, SenderListener

    account_id = account_for(db, fake_aliyun)
    template_id = template(db)
    review = provider_review.submit_template(db, template_id, account_id)
    fake_aliyun.set_template_status(review.code, "1")

    class Listener(SenderListener):
        reviews = 0

        def reviews_changed(self) -> None:
            self.reviews += 1

    listener = Listener()
    SenderEngine(db, listener=listener).run(until_idle=True, max_seconds=10)
    assert approval(db, template_id, account_id).sendable
    assert listener.reviews == 1  # the GUI refreshes the templates pages on this
