"""`smsdesk-cli send | run | receipts pull | messages` end to end with the Sandbox."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select

from smsdesk.cli.main import main
from smsdesk.core import settings
from smsdesk.core.consent import opt_outs
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import Contact, Message, Tag
from smsdesk.core.enums import ApprovalStatus, MessageKind
from smsdesk.core.providers import accounts
from smsdesk.core.templates import approvals, signature_store, template_store
from tests.helpers.sending_world import DAYTIME_UTC, number

TEXT = "{name}您好，本周会员日全场八折，拒收请回复R"


@pytest.fixture(autouse=True)
def daytime() -> Iterator[None]:
    with time_machine.travel(DAYTIME_UTC, tick=True):
        yield


@pytest.fixture
def shop(db: Database, tmp_path: Path) -> Database:
    """A Sandbox that answers at once and never fails, an approved template, and five
    contacts tagged "vip": three with marketing consent, one opted out, one without consent."""
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
                "state_dir": str(tmp_path / "sandbox"),
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
            name="member-day",
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
        scopes = ["marketing", "marketing", "marketing", "marketing", "none"]
        for i, scope in enumerate(scopes):
            session.add(Contact(e164=number(i), name=f"客户{i}", consent_scope=scope, tags=[tag]))
        session.flush()
        opt_outs.add_opt_out(session, number(3), reason="test", source="test")
    return db


def cli(db_path: Path, *args: str) -> int:
    return main(["--db", str(db_path), *args])


def test_send_to_a_tag_then_run_until_idle_delivers(
    shop: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(db_path, "send", "member-day", "--tag", "vip", "--yes", "--json") == 0
    sent = json.loads(capsys.readouterr().out)
    assert sent["queued"] == 3
    assert sent["skipped"] == {"opted_out": 1, "no_consent": 1}
    assert sent["parts"] == 3
    assert sent["cost"] == pytest.approx(3 * 0.045, abs=0.01)

    assert cli(db_path, "run", "--until-idle", "--max-seconds", "30") == 0
    assert "submitted 3" in capsys.readouterr().out

    assert cli(db_path, "messages", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["state"] for row in rows] == ["delivered"] * 3
    assert rows[0]["number"] == "138****0000"  # masked by default
    assert rows[0]["provider"] == "Sandbox"
    assert rows[0]["provider_message_id"].startswith("SBX")

    assert cli(db_path, "messages", "--state", "queued") == 0
    assert capsys.readouterr().out.strip() == "No messages."

    assert cli(db_path, "receipts", "pull") == 0
    assert capsys.readouterr().out.startswith("receipts 0")  # nothing new: all final


def test_send_asks_before_queueing(
    shop: Database,
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    assert cli(db_path, "send", "member-day", "--tag", "vip") == 0
    captured = capsys.readouterr()
    assert "Messages:  3" in captured.out
    assert "Held back: 1 (opted_out)" in captured.out
    assert "Queue 3 message(s)? [y/N]" in captured.err
    assert "Nothing queued." in captured.out
    with shop.session() as session:
        assert session.scalars(select(Message)).all() == []

    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert cli(db_path, "send", "member-day", "--tag", "vip") == 0
    assert "Queued 3 message(s)" in capsys.readouterr().out


def test_send_to_a_number_that_is_not_a_contact_is_held_back(
    shop: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        cli(
            db_path,
            "send",
            "member-day",
            "--to",
            "139 0000 1111",
            "--var",
            "name=测试",
            "--yes",
            "--json",
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out) == {
        "queued": 0,
        "skipped": {"no_consent": 1},
        "parts": 0,
        "cost": 0.0,
    }


def test_send_to_a_test_number_with_consent(
    shop: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(db_path, "send", "member-day", "--to", "138-0000-0001", "--yes", "--json") == 0
    assert json.loads(capsys.readouterr().out)["queued"] == 1
    with shop.session() as session:
        message = session.scalars(select(Message)).one()
        assert message.body == "【小店】客户1您好，本周会员日全场八折，拒收请回复R"
        assert message.e164 == number(1)


def test_unapproved_template_is_held_back_and_bad_var_is_refused(
    shop: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with shop.session() as session:
        template = template_store.template_by_name(session, "member-day")
        assert template is not None
        template_store.update_template(session, template.id, body=TEXT + "！")  # needs re-approval
    assert cli(db_path, "send", "member-day", "--tag", "vip", "--yes", "--json") == 0
    result = json.loads(capsys.readouterr().out)
    assert result["queued"] == 0
    assert result["skipped"]["template_not_approved"] == 3

    assert cli(db_path, "send", "member-day", "--tag", "vip", "--var", "oops", "--yes") == 2
    assert "NAME=VALUE" in capsys.readouterr().err


def test_run_stops_at_max_seconds(
    shop: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(db_path, "run", "--max-seconds", "0.5") == 0
    assert capsys.readouterr().out.strip() == "nothing to do"


def test_send_to_a_saved_segment(
    shop: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from smsdesk.core.contacts.segments import ContactFilter, save_segment

    with shop.session() as session:
        save_segment(
            session, "consenting vips", ContactFilter(tags=("vip",), consent_scopes=("marketing",))
        )
    assert (
        cli(db_path, "send", "member-day", "--segment", "consenting vips", "--yes", "--json") == 0
    )
    result = json.loads(capsys.readouterr().out)
    assert result["queued"] == 3
    assert result["skipped"] == {"opted_out": 1}
