"""`smsdesk-cli campaign ...` and `smsdesk-cli redeem ...`, with a fixed clock."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine

from smsdesk.cli.main import main
from smsdesk.core.db.engine import open_database, sqlite_url
from tests.helpers.campaign_data import Shop, add_contact, setup_shop

NOW = datetime(2026, 5, 20, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


@pytest.fixture
def shop_db(db_path: Path) -> Iterator[tuple[Path, Shop]]:
    with time_machine.travel(NOW, tick=False):
        db = open_database(sqlite_url(db_path))
        with db.session() as session:
            shop = setup_shop(session)
            for _ in range(5):
                add_contact(session)
            add_contact(session, opted_out=True)
            add_contact(session, consent="none")
            add_contact(session, tags=("VIP",))
        db.close()
        yield db_path, shop


def cli(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, Any]:
    code = main(["--db", str(db), *args])
    out = capsys.readouterr().out
    try:
        return code, json.loads(out)
    except ValueError:
        return code, out


def test_create_preflight_start_status(
    capsys: pytest.CaptureFixture[str], shop_db: tuple[Path, Shop]
) -> None:
    db, _ = shop_db
    code, created = cli(
        capsys,
        db,
        "campaign",
        "create",
        "周末八折",
        "--template",
        "周末八折",
        "--tag",
        "会员",
        "--window",
        "09:00-20:00",
        "--expires",
        "2026-05-23T20:00:00+08:00",
        "--json",
    )
    assert code == 0
    assert created["state"] == "draft"
    campaign = str(created["id"])

    code, report = cli(capsys, db, "campaign", "preflight", campaign, "--json")
    assert code == 0
    assert report["audience"] == 7
    assert report["eligible"] == 5
    assert set(report["excluded"]) >= {
        "no_consent",
        "opted_out",
        "frequency_cap",
        "invalid",
        "suspect",
        "carrier_rule",
    }
    assert report["excluded"]["opted_out"] == 1
    assert report["excluded"]["no_consent"] == 1
    assert report["deferred"] == 0
    assert report["parts"] == 1
    assert report["cost"] == 0.25
    assert report["last_send_estimate"] == "2026-05-20T02:00:00.500000+00:00"
    assert report["window_slots"][0]["messages"] == 5

    code, started = cli(capsys, db, "campaign", "start", campaign, "--json")
    assert (code, started["state"], started["queued"]) == (0, "running", 5)

    code, status = cli(capsys, db, "campaign", "status", campaign, "--json")
    assert code == 0
    for key in (
        "state",
        "queued",
        "submitted",
        "delivered",
        "failed",
        "unknown",
        "replies",
        "opt_outs",
        "redemptions",
    ):
        assert key in status
    assert (status["state"], status["queued"], status["delivered"]) == ("running", 5, 0)

    assert cli(capsys, db, "campaign", "pause", campaign, "--json")[1]["state"] == "paused"
    assert cli(capsys, db, "campaign", "resume", campaign, "--json")[1]["state"] == "running"
    code, cancelled = cli(capsys, db, "campaign", "cancel", campaign, "--json")
    assert (cancelled["state"], cancelled["queued"]) == ("cancelled", 0)


def test_ab_variants_and_text_output(
    capsys: pytest.CaptureFixture[str], shop_db: tuple[Path, Shop]
) -> None:
    db, _ = shop_db
    code, created = cli(
        capsys,
        db,
        "campaign",
        "create",
        "AB",
        "--template",
        "周末八折",
        "--variant",
        "周末通知",
        "--tag",
        "会员",
        "--seed",
        "3",
        "--json",
    )
    assert code == 0
    code, report = cli(capsys, db, "campaign", "preflight", str(created["id"]), "--json")
    assert sum(report["variants"].values()) == report["eligible"] == 5
    code, text = cli(capsys, db, "campaign", "preflight", str(created["id"]))
    assert "eligible: 5" in text
    code, listing = cli(capsys, db, "campaign", "list", "--json")
    assert [c["name"] for c in listing] == ["AB"]


def test_blocked_campaign_refuses_to_start(
    capsys: pytest.CaptureFixture[str], shop_db: tuple[Path, Shop]
) -> None:
    db, shop = shop_db
    database = open_database(sqlite_url(db))
    with time_machine.travel(NOW, tick=False), database.session() as session:
        from tests.helpers.campaign_data import make_template

        make_template(
            session,
            shop.account_id,
            shop.signature_id,
            "未审核",
            "本周末全场8折。拒收请回复R",
            approve=False,
        )
    database.close()
    code, created = cli(
        capsys, db, "campaign", "create", "x", "--template", "未审核", "--all", "--json"
    )
    code, report = cli(capsys, db, "campaign", "preflight", str(created["id"]), "--json")
    assert code == 1
    assert [b["code"] for b in report["blockers"]] == ["template_not_approved"]
    assert main(["--db", str(db), "campaign", "start", str(created["id"])]) == 1
    assert "template_not_approved" in capsys.readouterr().err


def test_window_inside_quiet_hours_is_refused(
    capsys: pytest.CaptureFixture[str], shop_db: tuple[Path, Shop]
) -> None:
    db, _ = shop_db
    code = main(
        [
            "--db",
            str(db),
            "campaign",
            "create",
            "x",
            "--template",
            "周末八折",
            "--all",
            "--window",
            "07:00-22:00",
        ]
    )
    assert code == 1
    assert "quiet hours" in capsys.readouterr().err


def test_redeem(
    capsys: pytest.CaptureFixture[str], shop_db: tuple[Path, Shop], tmp_path: Path
) -> None:
    db, _ = shop_db
    _, created = cli(
        capsys, db, "campaign", "create", "c", "--template", "周末八折", "--tag", "会员", "--json"
    )
    cli(capsys, db, "campaign", "start", str(created["id"]))
    database = open_database(sqlite_url(db))
    with database.session() as session:
        from sqlalchemy import select

        from smsdesk.core.db.models import Message

        codes = list(
            session.scalars(select(Message.code).where(Message.campaign_id == created["id"]))
        )
    database.close()
    code, result = cli(capsys, db, "redeem", codes[0], "--json")
    assert (code, result["status"], result["campaign_id"]) == (0, "redeemed", created["id"])
    code, result = cli(capsys, db, "redeem", codes[0], "--json")
    assert (code, result["status"]) == (1, "already_redeemed")

    csv_file = tmp_path / "redeemed.csv"
    csv_file.write_text("code,time\n" + "\n".join(codes[1:3]) + "\nNOTACODE9\n", encoding="utf-8")
    code, imported = cli(capsys, db, "redeem", "import", str(csv_file), "--json")
    assert code == 0
    assert (imported["redeemed"], imported["malformed"]) == (2, 1)
    code, status = cli(capsys, db, "campaign", "status", str(created["id"]), "--json")
    assert status["redemptions"] == 3
