"""Templates and signatures as stored: approvals per provider account set by hand, the approved
text kept, and an edit flagged as needing re-approval."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import AuditEntry, CustomField, ProviderAccount
from smsdesk.core.enums import ApprovalStatus, Carrier, MessageKind
from smsdesk.core.errors import NotFoundError, ValidationError
from smsdesk.core.templates import approvals, signature_store, template_check, template_store

BODY = "{name}，今晚20:00前下单享8折，拒收请回复R"


@pytest.fixture
def setup(db: Database) -> tuple[int, int, int]:
    with db.session() as session:
        aliyun = ProviderAccount(name="阿里云", kind="aliyun")
        tencent = ProviderAccount(name="腾讯云", kind="tencent")
        session.add_all([aliyun, tencent])
        session.flush()
        signature_id = signature_store.create_signature(session, name="【XX生鲜】", company="XX")
        return signature_id, aliyun.id, tencent.id


def test_signature_names_are_validated(db: Database, setup: tuple[int, int, int]) -> None:
    with db.session() as session:
        for bad in ("店", "一二三四五六七八九十一二三", "A【B】", "  "):
            with pytest.raises(ValidationError):
                signature_store.create_signature(session, name=bad)
        with pytest.raises(ValidationError):
            signature_store.create_signature(session, name="xx生鲜".upper())


def test_signature_approval_per_account(db: Database, setup: tuple[int, int, int]) -> None:
    signature_id, aliyun, tencent = setup
    with db.session() as session:
        signature_store.set_signature_approval(
            session,
            signature_id=signature_id,
            provider_account_id=aliyun,
            status=ApprovalStatus.APPROVED,
        )
        signature_store.set_signature_approval(
            session,
            signature_id=signature_id,
            provider_account_id=tencent,
            status=ApprovalStatus.REJECTED,
            reason="签名与企业名称不符",
        )
    with db.session() as session:
        info = signature_store.get_signature(session, signature_id)
        assert info.name == "XX生鲜"
        assert {a.account_name: (a.status, a.reason) for a in info.approvals} == {
            "阿里云": (ApprovalStatus.APPROVED, ""),
            "腾讯云": (ApprovalStatus.REJECTED, "签名与企业名称不符"),
        }
        assert signature_store.registered_names(session) == {"XX生鲜"}
        assert signature_store.registered_names(session, provider_account_id=aliyun) == {"XX生鲜"}
        assert signature_store.registered_names(session, provider_account_id=tencent) == frozenset()


def test_renaming_a_signature_resets_its_approvals(
    db: Database, setup: tuple[int, int, int]
) -> None:
    signature_id, aliyun, _ = setup
    with db.session() as session:
        signature_store.set_signature_approval(
            session,
            signature_id=signature_id,
            provider_account_id=aliyun,
            status=ApprovalStatus.APPROVED,
        )
        signature_store.update_signature(session, signature_id, name="XX鲜果")
    with db.session() as session:
        (approval,) = signature_store.get_signature(session, signature_id).approvals
        assert approval.status is ApprovalStatus.DRAFT


def test_template_round_trip(db: Database, setup: tuple[int, int, int]) -> None:
    signature_id, _, _ = setup
    with db.session() as session:
        template_id = template_store.create_template(
            session,
            name="周末8折",
            body=BODY,
            signature_id=signature_id,
            ai_assisted=True,
            registered_links=["https://shop.com/a", " "],
            registered_contacts=["400-800-1234"],
        )
    with db.session() as session:
        info = template_store.get_template(session, template_id)
        assert info.text == "【XX生鲜】" + BODY
        assert info.kind is MessageKind.MARKETING
        assert info.ai_assisted
        assert info.registered_links == ("https://shop.com/a",)
        assert info.registered_contacts == ("400-800-1234",)
        template_store.update_template(
            session, template_id, signature_id=None, kind=MessageKind.SERVICE
        )
        assert template_store.get_template(session, template_id).text == BODY
        with pytest.raises(ValidationError):
            template_store.create_template(session, name=" 周末8折 ")
        with pytest.raises(NotFoundError):
            template_store.update_template(session, template_id, signature_id=999)


def test_edit_after_approval_needs_reapproval(db: Database, setup: tuple[int, int, int]) -> None:
    signature_id, aliyun, tencent = setup
    with db.session() as session:
        template_id = template_store.create_template(
            session, name="t", body=BODY, signature_id=signature_id
        )
        approvals.set_template_approval(
            session,
            template_id=template_id,
            provider_account_id=aliyun,
            status=ApprovalStatus.APPROVED,
            provider_code="SMS_154950909",
        )
        approvals.set_template_approval(
            session,
            template_id=template_id,
            provider_account_id=tencent,
            status=ApprovalStatus.REJECTED,
            reason="营销模板缺少退订语",
        )
    with db.session() as session:
        states = {
            s.provider_account_id: s for s in approvals.template_approvals(session, template_id)
        }
        aliyun_state, tencent_state = states[aliyun], states[tencent]
        assert aliyun_state.sendable
        assert aliyun_state.approved_text == BODY
        assert aliyun_state.provider_code == "SMS_154950909"
        assert tencent_state.status is ApprovalStatus.REJECTED
        assert not tencent_state.sendable
        assert tencent_state.reason == "营销模板缺少退订语"
        assert approvals.is_sendable(session, template_id, aliyun)

        changed = template_store.update_template(
            session, template_id, body=BODY.replace("8折", "7折")
        )
        assert changed
        aliyun_state = approvals.approval_for(session, template_id, aliyun)
        assert aliyun_state is not None
        assert aliyun_state.status is ApprovalStatus.APPROVED
        assert aliyun_state.needs_reapproval
        assert not aliyun_state.sendable
        assert aliyun_state.approved_text == BODY
        assert not approvals.is_sendable(session, template_id, aliyun)

        template_store.update_template(session, template_id, body=BODY)  # back to the approved text
        assert approvals.is_sendable(session, template_id, aliyun)


def test_accounts_without_a_record_are_draft(db: Database, setup: tuple[int, int, int]) -> None:
    with db.session() as session:
        template_id = template_store.create_template(session, name="t", body=BODY)
        states = approvals.template_approvals(session, template_id)
        assert sorted((s.account_name, s.status) for s in states) == sorted(
            [("阿里云", ApprovalStatus.DRAFT), ("腾讯云", ApprovalStatus.DRAFT)]
        )
        assert approvals.approval_for(session, template_id, states[0].provider_account_id) is None


def test_changes_are_audited(db: Database, setup: tuple[int, int, int]) -> None:
    _, aliyun, _ = setup
    with db.session() as session:
        template_id = template_store.create_template(session, name="t", body=BODY)
        approvals.set_template_approval(
            session,
            template_id=template_id,
            provider_account_id=aliyun,
            status=ApprovalStatus.SUBMITTED,
        )
    with db.session() as session:
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions[-3:] == ["signature.create", "template.create", "template.approval"]


def test_check_of_a_stored_template(db: Database, setup: tuple[int, int, int]) -> None:
    signature_id, aliyun, _ = setup
    with db.session() as session:
        session.add(CustomField(key="store", label="门店"))
        template_id = template_store.create_template(
            session,
            name="t",
            body="{name}，{store}今晚8折，详见 shop.com/a，拒收请回复R",
            signature_id=signature_id,
            registered_links=["shop.com/a"],
        )
    with db.session() as session:
        report = template_check.check_template(session, template_id)
        assert report.ok, [f.rule for f in report.errors]
        # Approved signatures only, on an account where it is not approved yet:
        on_aliyun = template_check.check_template(session, template_id, provider_account_id=aliyun)
        assert "signature.unregistered" in on_aliyun.rules()
        template_store.update_template(session, template_id, registered_links=[])
        assert template_check.template_carrier_blocks(session, template_id) >= {
            Carrier.TELECOM,
            Carrier.UNICOM,
        }
