"""Grants and withdrawals: validation, evidence files, current-consent derivation, caches."""

from __future__ import annotations

import os
import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from smsdesk.core.consent import consent_log, opt_outs
from smsdesk.core.consent.consent_log import current_scope, derive_scope, grant, withdraw
from smsdesk.core.consent.evidence_files import evidence_path
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import AuditEntry, ConsentRecord, Contact
from smsdesk.core.enums import ConsentScope
from smsdesk.core.errors import ValidationError
from smsdesk.core.paths import evidence_dir

NUMBER = "+8613812345678"
T0 = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(at(100), tick=False):
        yield


def add_contact(db: Database, e164: str = NUMBER) -> None:
    with db.session() as session:
        session.add(Contact(e164=e164, name="张三"))


def scope_of(db: Database, e164: str = NUMBER) -> ConsentScope:
    with db.session() as session:
        return current_scope(session, e164)


def contact(db: Database, e164: str = NUMBER) -> Contact:
    with db.session() as session:
        row = session.scalar(select(Contact).where(Contact.e164 == e164))
        assert row is not None
        return row


# --- recording ---------------------------------------------------------------------------


def test_grant_records_every_field_and_normalises_the_number(db: Database) -> None:
    with db.session() as session:
        change = grant(
            session,
            "138 1234 5678",
            scope="marketing",
            method="paper",
            source="门店 Store #3",
            evidence_text="会员登记表，顾客手写签名",
            consented_at=at(1),
            recorded_by="店长李四",
        )
    assert (change.e164, change.previous, change.current) == (NUMBER, "none", "marketing")
    with db.session() as session:
        record = session.get(ConsentRecord, change.record_id)
        assert record is not None
        assert (record.e164, record.action, record.scope, record.method) == (
            NUMBER, "grant", "marketing", "paper",
        )  # fmt: skip
        assert record.consented_at == at(1)
        assert record.recorded_at == at(100)
        assert (record.source, record.recorded_by) == ("门店 Store #3", "店长李四")
        assert record.evidence_text == "会员登记表，顾客手写签名"
        assert consent_log.verify(session).ok


def test_recorded_by_defaults_to_the_user_setting(db: Database) -> None:
    with db.session() as session:
        from smsdesk.core import settings as app_settings

        app_settings.set_value(session, "user.name", "王五")
        change = grant(session, NUMBER, scope="service", method="otp", evidence_text="OTP #991")
        assert session.get(ConsentRecord, change.record_id).recorded_by == "王五"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"scope": "none", "method": "paper"}, "bad_scope"),
        ({"scope": "everything", "method": "paper"}, "bad_scope"),
        ({"scope": "marketing", "method": "carrier_pigeon"}, "bad_method"),
        ({"scope": "marketing", "method": "paper", "consented_at": at(101)}, "consent_in_future"),
    ],
)
def test_grant_refuses_bad_input_and_writes_nothing(
    db: Database, kwargs: dict[str, object], reason: str
) -> None:
    with pytest.raises(ValidationError) as caught, db.session() as session:
        grant(session, NUMBER, **kwargs)  # type: ignore[arg-type]
    assert caught.value.params["reason"] == reason
    with db.session() as session:
        assert session.scalars(select(ConsentRecord)).all() == []


def test_invalid_number_is_refused(db: Database) -> None:
    with pytest.raises(ValidationError), db.session() as session:
        grant(session, "12345", scope="marketing", method="paper")


def test_evidence_file_is_copied_with_its_sha256(db: Database, tmp_path: Path) -> None:
    scan = tmp_path / "签字表单.pdf"
    scan.write_bytes(b"%PDF-1.4 signed form")
    with db.session() as session:
        change = grant(session, NUMBER, scope="marketing", method="signature", evidence_file=scan)
        record = session.get(ConsentRecord, change.record_id)
        assert record is not None
    import hashlib

    digest = hashlib.sha256(b"%PDF-1.4 signed form").hexdigest()
    assert record.evidence_sha256 == digest
    assert record.evidence_file == f"{digest}/签字表单.pdf"
    copy = evidence_path(record.evidence_file)
    assert copy.parent.parent == evidence_dir()
    assert copy.read_bytes() == scan.read_bytes()
    if os.name == "posix":
        assert copy.stat().st_mode & 0o777 == 0o400
    scan.unlink()  # the original may go; the copy is the evidence
    with db.session() as session:
        assert consent_log.verify(session).ok


def test_same_file_twice_is_stored_once(db: Database, tmp_path: Path) -> None:
    scan = tmp_path / "form.jpg"
    scan.write_bytes(b"jpeg bytes")
    with db.session() as session:
        first = grant(session, NUMBER, scope="marketing", method="paper", evidence_file=scan)
        second = grant(session, "+8613912345678", scope="marketing", method="paper",
                       evidence_file=scan)  # fmt: skip
        files = [
            session.get(ConsentRecord, change.record_id).evidence_file  # type: ignore[union-attr]
            for change in (first, second)
        ]
    assert files[0] == files[1]
    assert len(list(evidence_dir().glob("*/form.jpg"))) == 1


def test_missing_evidence_file_is_refused(db: Database, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as caught, db.session() as session:
        grant(session, NUMBER, scope="marketing", method="paper", evidence_file=tmp_path / "no")
    assert caught.value.params["reason"] == "evidence_file_not_found"


def test_altered_or_deleted_evidence_file_fails_verification(db: Database, tmp_path: Path) -> None:
    scan = tmp_path / "form.png"
    scan.write_bytes(b"original")
    with db.session() as session:
        change = grant(session, NUMBER, scope="marketing", method="paper", evidence_file=scan)
        copy = evidence_path(session.get(ConsentRecord, change.record_id).evidence_file)  # type: ignore[union-attr]
    copy.chmod(0o600)
    copy.write_bytes(b"doctored")
    with db.session() as session:
        result = consent_log.verify(session)
    assert (result.ok, result.problem, result.first_bad) == (
        False, "evidence_file_altered", change.record_id,
    )  # fmt: skip
    copy.unlink()
    with db.session() as session:
        assert consent_log.verify(session).problem == "evidence_file_missing"


def test_changes_are_audited_without_the_full_number(db: Database) -> None:
    with db.session() as session:
        grant(session, NUMBER, scope="marketing", method="paper", evidence_text="x")
        withdraw(session, NUMBER, evidence_text="phoned in")
    with db.session() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["consent.grant", "consent.withdraw"]
    assert entries[0].detail["number"] == "138****5678"
    assert all("13812345678" not in str(e.detail) for e in entries)


# --- derivation ----------------------------------------------------------------------------


def test_latest_consent_wins_by_time_of_consent_not_by_recording_order(db: Database) -> None:
    with db.session() as session:
        grant(session, NUMBER, scope="marketing", method="paper", consented_at=at(10))
        withdraw(session, NUMBER, consented_at=at(5))  # recorded later, happened earlier
    assert scope_of(db) == ConsentScope.MARKETING
    with db.session() as session:
        withdraw(session, NUMBER, consented_at=at(11))
    assert scope_of(db) == ConsentScope.NONE
    with db.session() as session:
        grant(session, NUMBER, scope="service", method="sms_reply", consented_at=at(12))
    assert scope_of(db) == ConsentScope.SERVICE


def test_withdraw_beats_a_grant_at_the_same_moment(db: Database) -> None:
    with db.session() as session:
        withdraw(session, NUMBER, consented_at=at(3))
        grant(session, NUMBER, scope="marketing", method="paper", consented_at=at(3))
    assert scope_of(db) == ConsentScope.NONE


def test_service_grant_narrows_marketing(db: Database) -> None:
    with db.session() as session:
        grant(session, NUMBER, scope="marketing", method="paper", consented_at=at(1))
        change = grant(session, NUMBER, scope="service", method="sms_reply", consented_at=at(2))
    assert (change.previous, change.current) == ("marketing", "service")


def test_withdraw_records_what_was_withdrawn(db: Database) -> None:
    with db.session() as session:
        grant(session, NUMBER, scope="service", method="paper", consented_at=at(1))
        change = withdraw(session, NUMBER, consented_at=at(2))
        record = session.get(ConsentRecord, change.record_id)
    assert record is not None
    assert (record.action, record.scope) == ("withdraw", "service")


def test_number_without_records_has_no_consent(db: Database) -> None:
    assert scope_of(db, "+8613700000000") == ConsentScope.NONE


records = st.lists(
    st.tuples(
        st.sampled_from(["grant", "withdraw"]),
        st.sampled_from(["marketing", "service"]),
        st.integers(min_value=0, max_value=20),
    ),
    max_size=12,
)


def _tuples(items: list[tuple[str, str, int]]) -> list[tuple[str, str, datetime, int]]:
    return [(action, scope, at(day), index) for index, (action, scope, day) in enumerate(items)]


@settings(max_examples=300, deadline=None)
@given(items=records, seed=st.integers())
def test_derivation_does_not_depend_on_storage_order(items: list, seed: int) -> None:  # type: ignore[type-arg]
    rows = _tuples(items)
    shuffled = rows[:]
    random.Random(seed).shuffle(shuffled)
    assert derive_scope(rows) == derive_scope(shuffled)


@settings(max_examples=300, deadline=None)
@given(items=records, day=st.integers(min_value=0, max_value=20))
def test_a_withdrawal_beats_everything_not_newer(items: list, day: int) -> None:  # type: ignore[type-arg]
    rows = _tuples(items)
    rows = [row for row in rows if row[2] <= at(day)]
    rows.append(("withdraw", "marketing", at(day), len(items)))
    assert derive_scope(rows) == ConsentScope.NONE


@settings(max_examples=300, deadline=None)
@given(items=records, scope=st.sampled_from(["marketing", "service"]))
def test_a_strictly_newest_grant_decides(items: list, scope: str) -> None:  # type: ignore[type-arg]
    rows = _tuples(items)
    rows.append(("grant", scope, at(21), len(items)))
    assert derive_scope(rows) == scope


# --- caches ---------------------------------------------------------------------------------


def test_contact_cache_follows_every_change(db: Database) -> None:
    add_contact(db)
    with db.session() as session:
        grant(session, NUMBER, scope="marketing", method="paper", consented_at=at(1))
    assert contact(db).consent_scope == "marketing"
    with db.session() as session:
        withdraw(session, NUMBER, consented_at=at(2))
    assert contact(db).consent_scope == "none"


def test_consent_for_a_number_without_contact_is_kept(db: Database) -> None:
    with db.session() as session:
        grant(session, NUMBER, scope="marketing", method="web_form", consented_at=at(1))
    add_contact(db)  # the contact arrives later; the log already knows
    with db.session() as session:
        consent_log.sync_contacts(session, [NUMBER])
    assert contact(db).consent_scope == "marketing"


def test_sync_contacts_repairs_stale_caches(db: Database, db_path: Path) -> None:
    add_contact(db)
    add_contact(db, "+8613912345678")
    with db.session() as session:
        grant(session, NUMBER, scope="service", method="paper", consented_at=at(1))
        opt_outs.add_opt_out(session, "+8613912345678", reason="T", source="test")
    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE contacts SET consent_scope = 'marketing', opted_out = 0")
    connection.commit()
    connection.close()
    with db.session() as session:
        assert consent_log.sync_contacts(session) == 2
    assert contact(db).consent_scope == "service"
    assert contact(db, "+8613912345678").opted_out is True
    assert contact(db, "+8613912345678").consent_scope == "none"


# --- re-subscribing after an opt-out -------------------------------------------------------


def test_marketing_grant_after_opt_out_needs_evidence(db: Database) -> None:
    with db.session() as session:
        opt_outs.add_opt_out(session, NUMBER, reason="T", source="reply", at=at(5))
    with pytest.raises(ValidationError) as caught, db.session() as session:
        grant(session, NUMBER, scope="marketing", method="paper", consented_at=at(6))
    assert caught.value.params["reason"] == "evidence_required"
    with db.session() as session:
        assert opt_outs.is_opted_out(session, NUMBER)


def test_grant_with_evidence_lifts_an_older_opt_out(db: Database) -> None:
    add_contact(db)
    with db.session() as session:
        opt_outs.add_opt_out(session, NUMBER, reason="T", source="reply", at=at(5))
        change = grant(session, NUMBER, scope="marketing", method="signature",
                       evidence_text="重新签字同意", consented_at=at(6))  # fmt: skip
    assert change.opt_out_lifted
    with db.session() as session:
        assert not opt_outs.is_opted_out(session, NUMBER)
    assert (contact(db).opted_out, contact(db).consent_scope) == (False, "marketing")


def test_consent_older_than_the_opt_out_does_not_lift_it(db: Database) -> None:
    with db.session() as session:
        opt_outs.add_opt_out(session, NUMBER, reason="T", source="reply", at=at(5))
        change = grant(session, NUMBER, scope="marketing", method="paper",
                       evidence_text="old paper form", consented_at=at(4))  # fmt: skip
        assert not change.opt_out_lifted
        assert opt_outs.is_opted_out(session, NUMBER)


def test_service_grant_does_not_lift_an_opt_out(db: Database) -> None:
    with db.session() as session:
        opt_outs.add_opt_out(session, NUMBER, reason="T", source="reply", at=at(5))
        change = grant(session, NUMBER, scope="service", method="sms_reply", consented_at=at(6))
        assert not change.opt_out_lifted
        assert opt_outs.is_opted_out(session, NUMBER)
