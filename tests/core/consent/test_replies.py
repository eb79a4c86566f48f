"""Recording replies: stored once, acted on at once, with the reply as evidence; the
re-permission context is found from the messages sent to the number."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from smsdesk.core.consent import consent_log, opt_outs, repermission
from smsdesk.core.consent.replies import count_replies, list_replies, record_reply
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import ConsentRecord, Contact, Message, ProviderAccount, Reply
from smsdesk.core.enums import ConsentScope

NUMBER = "+8613812345678"
NOW = datetime.now(UTC).replace(microsecond=0)


def sent(db: Database, body: str, *, days_ago: float, e164: str = NUMBER) -> int:
    with db.session() as session:
        count = session.scalar(select(func.count()).select_from(Message)) or 0
        message = Message(
            our_ref=f"ref-{count}",
            e164=e164,
            body=body,
            state="delivered",
            submitting_at=NOW - timedelta(days=days_ago),
            submitted_at=NOW - timedelta(days=days_ago),
            created_at=NOW - timedelta(days=days_ago),
        )
        session.add(message)
        session.flush()
        return message.id


def reply(db: Database, text: str, **kwargs: object) -> Reply:
    kwargs.setdefault("received_at", NOW)
    with db.session() as session:
        return record_reply(session, e164=NUMBER, text=text, **kwargs)  # type: ignore[arg-type]


def scope(db: Database) -> ConsentScope:
    with db.session() as session:
        return consent_log.current_scope(session, NUMBER)


def suppressed(db: Database) -> bool:
    with db.session() as session:
        return opt_outs.is_opted_out(session, NUMBER)


def test_opt_out_reply_suppresses_and_withdraws_with_the_reply_as_evidence(db: Database) -> None:
    with db.session() as session:
        session.add(Contact(e164=NUMBER))
        consent_log.grant(session, NUMBER, scope="marketing", method="paper",
                          consented_at=NOW - timedelta(days=30))  # fmt: skip
    stored = reply(db, "退订谢谢")
    assert stored.action == "opt_out"
    assert suppressed(db)
    assert scope(db) == ConsentScope.NONE
    with db.session() as session:
        record = session.get(ConsentRecord, stored.consent_record_id)
        assert record is not None
        assert (record.action, record.method) == ("withdraw", "sms_reply")
        assert "退订谢谢" in record.evidence_text
        assert record.consented_at == NOW
        assert record.source == f"reply #{stored.id}"
        contact = session.scalars(select(Contact)).one()
        assert (contact.opted_out, contact.consent_scope) == (True, "none")
        opt_out = opt_outs.active_opt_out(session, NUMBER)
        assert opt_out is not None
        assert opt_out.reason == "reply: 退订谢谢"


def test_ordinary_reply_is_stored_and_changes_nothing(db: Database) -> None:
    stored = reply(db, "TD是什么")
    assert (stored.action, stored.consent_record_id) == ("none", None)
    assert not suppressed(db)
    with db.session() as session:
        assert session.scalars(select(ConsentRecord)).all() == []


def test_the_same_provider_reply_is_stored_and_acted_on_once(db: Database) -> None:
    with db.session() as session:
        account = ProviderAccount(name="sandbox", kind="sandbox")
        session.add(account)
        session.flush()
        account_id = account.id
    first = reply(db, "T", provider_account_id=account_id, provider_reply_id="mo-1")
    again = reply(db, "T", provider_account_id=account_id, provider_reply_id="mo-1")
    assert first.id == again.id
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Reply)) == 1
        assert session.scalar(select(func.count()).select_from(ConsentRecord)) == 1
    other = reply(db, "T", provider_account_id=account_id, provider_reply_id="mo-2")
    assert other.id != first.id


def test_y_grants_marketing_only_after_a_repermission_message(db: Database) -> None:
    assert reply(db, "Y").action == "none"
    assert scope(db) == ConsentScope.NONE
    sent(db, "【小店】" + repermission.repermission_template("zh").format(name="张三"), days_ago=2)
    stored = reply(db, "Y")
    assert stored.action == "consent_marketing"
    assert scope(db) == ConsentScope.MARKETING
    with db.session() as session:
        record = session.get(ConsentRecord, stored.consent_record_id)
        assert record is not None
        assert record.source.endswith("(re-permission)")
        assert "Y" in record.evidence_text


def test_a_narrows_to_service_and_t_withdraws_in_the_repermission_flow(db: Database) -> None:
    sent(db, repermission.repermission_template("en").format(name="Ann"), days_ago=1)
    with db.session() as session:
        consent_log.grant(session, NUMBER, scope="marketing", method="import",
                          consented_at=NOW - timedelta(days=400))  # fmt: skip
    assert reply(db, "A", received_at=NOW - timedelta(hours=2)).action == "consent_service"
    assert scope(db) == ConsentScope.SERVICE
    assert reply(db, "T", received_at=NOW - timedelta(hours=1)).action == "opt_out"
    assert scope(db) == ConsentScope.NONE
    assert suppressed(db)


def test_the_last_message_decides_and_old_ones_do_not_count(db: Database) -> None:
    sent(db, repermission.repermission_template("zh"), days_ago=3)
    sent(db, "【小店】周末新品到店，拒收请回复R", days_ago=1)
    assert reply(db, "Y").action == "none"
    sent(db, repermission.repermission_template("zh"), days_ago=45, e164="+8613900000000")
    with db.session() as session:
        late = record_reply(session, e164="+8613900000000", text="Y", received_at=NOW)
    assert late.action == "none"


def test_message_id_and_explicit_context_override_the_guess(db: Database) -> None:
    asking = sent(db, repermission.repermission_template("zh"), days_ago=10)
    sent(db, "普通通知", days_ago=1)
    assert reply(db, "Y", message_id=asking).action == "consent_marketing"
    assert reply(db, "A", repermission=False).action == "none"
    assert reply(db, "A", repermission=True).action == "consent_service"


def test_start_resubscribes_an_opted_out_number(db: Database) -> None:
    assert reply(db, "STOP", received_at=NOW - timedelta(days=3)).action == "opt_out"
    assert reply(db, "START", received_at=NOW - timedelta(days=1)).action == "consent_marketing"
    assert not suppressed(db)
    assert scope(db) == ConsentScope.MARKETING


def test_a_start_pulled_late_does_not_undo_a_newer_stop(db: Database) -> None:
    reply(db, "STOP", received_at=NOW - timedelta(days=1))
    reply(db, "START", received_at=NOW - timedelta(days=2))  # older, arrived later
    assert suppressed(db)
    assert scope(db) == ConsentScope.NONE


def test_a_sender_the_normaliser_rejects_is_still_honoured(db: Database) -> None:
    with db.session() as session:
        stored = record_reply(session, e164="+1 555 0100", text="STOP", received_at=NOW)
        assert stored.e164 == "+15550100"
        assert opt_outs.is_opted_out(session, "+15550100")


def test_list_and_count_filter_by_action_number_and_text(db: Database) -> None:
    for text in ("退订", "好的", "TD是什么", "STOP"):
        reply(db, text)
    with db.session() as session:
        assert count_replies(session) == 4
        assert count_replies(session, actions=["opt_out"]) == 2
        assert [r.text for r in list_replies(session, actions=["none"])] == ["TD是什么", "好的"]
        assert [r.text for r in list_replies(session, search="TD")] == ["TD是什么"]
        assert count_replies(session, e164="+8613900000000") == 0


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("回复Y继续接收新品及优惠，回复A仅接收账单通知，回复T退订所有", True),
        ("【小店】确认请回 Y ，退订回T", True),
        ("Reply YES to keep getting offers, STOP to opt out", True),
        ("Reply Y for news", True),
        ("【小店】周末新品到店，拒收请回复R", False),
        ("Reply STOP to opt out", False),
        ("Your order is ready. Reply with any questions", False),
    ],
)
def test_repermission_messages_are_recognised(body: str, expected: bool) -> None:
    assert repermission.is_repermission_message(body) is expected


def test_repermission_template_is_created_once_as_a_service_template(db: Database) -> None:
    with db.session() as session:
        first = repermission.ensure_repermission_template(session)
        second = repermission.ensure_repermission_template(session, language="en")
        assert first.id == second.id
        assert first.kind == "service"
        assert repermission.is_repermission_message(first.body)
        assert "{name}" in first.body
