"""`smsdesk-cli provider|signature|template` as a user runs them."""

from __future__ import annotations

import base64
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from smsdesk.cli.main import main
from smsdesk.core.db.engine import open_database, sqlite_url
from smsdesk.core.db.models import Signature, SignatureApproval, Template, TemplateApproval
from tests.conftest import MemoryKeyring
from tests.helpers.fake_providers import FakeAliyun, FakeTencent


def run(
    db_path: Path, *args: str, stdin: str = "", monkeypatch: pytest.MonkeyPatch | None = None
) -> int:
    if monkeypatch is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(["--db", str(db_path), *args])


def test_add_list_use_test(
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    with FakeTencent().running() as fake:
        code = run(
            db_path,
            "provider",
            "add",
            "腾讯云",
            "--kind",
            "tencent",
            "--endpoint",
            fake.url,
            "--key-id",
            fake.secret_id,
            "--app-id",
            fake.app_id,
            "--sign",
            "测试商店",
            "--secret-stdin",
            "--rate",
            "30",
            "--price",
            "0.04",
            stdin=fake.secret_key + "\n",
            monkeypatch=monkeypatch,
        )
        assert code == 0
        assert list(memory_keyring.secrets.values()) == [fake.secret_key]
        assert run(db_path, "provider", "test", "腾讯云") == 0
        assert "nothing was sent" in capsys.readouterr().out
        assert fake.accepted == []
        assert run(db_path, "provider", "use", "腾讯云") == 0
        capsys.readouterr()
        assert run(db_path, "provider", "list", "--json") == 0
        rows = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert set(rows) == {"腾讯云", "Sandbox"}
    tencent = rows["腾讯云"]
    assert tencent["active"]
    assert tencent["has_secret"]
    assert tencent["rate_per_second"] == 30
    assert tencent["batch_size"] == 200
    assert tencent["settings"]["app_id"] == fake.app_id
    assert rows["Sandbox"]["sends_nothing"]
    assert not rows["Sandbox"]["active"]
    assert fake.secret_key not in json.dumps(rows)
    assert fake.secret_key.encode() not in db_path.read_bytes()
    assert run(db_path, "provider", "list") == 0
    text = capsys.readouterr().out
    assert "* 腾讯云" in text
    assert "sends nothing" in text


def test_test_failure_and_bad_input(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeAliyun().running() as fake:
        run(
            db_path,
            "provider",
            "add",
            "ali",
            "--kind",
            "aliyun",
            "--endpoint",
            fake.url,
            "--key-id",
            fake.key_id,
            "--secret-stdin",
            stdin="not-the-secret\n",
            monkeypatch=monkeypatch,
        )
        assert run(db_path, "provider", "test", "ali") == 1
    err = capsys.readouterr().err
    assert "not-the-secret" not in err
    assert (
        run(db_path, "provider", "add", "x", "--kind", "aliyun", "--endpoint", "http://example.com")
        == 2
    )
    assert run(db_path, "provider", "add", "y", "--kind", "http", "--setting", "password=abc") == 1
    assert run(db_path, "provider", "use", "nobody") == 1
    assert (
        run(
            db_path,
            "provider",
            "add",
            "z",
            "--kind",
            "twilio",
            "--secret-stdin",
            stdin="",
            monkeypatch=monkeypatch,
        )
        == 2
    )


def test_settings_option_and_missing_notes(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(
            db_path,
            "provider",
            "add",
            "reseller",
            "--kind",
            "http",
            "--setting",
            "url=https://sms.example.cn/send",
            "--setting",
            'body_template={"mobile": "{number}", "content": "{text}"}',
            "--setting",
            "id_path=data.msgid",
        )
        == 0
    )
    assert "no secret stored" in capsys.readouterr().err
    database = open_database(sqlite_url(db_path))
    with database.session() as session:
        from smsdesk.core.providers import accounts

        account = accounts.get_account(session, "reseller")
        assert account.settings["body_template"] == {"mobile": "{number}", "content": "{text}"}
    database.close()


def test_signature_and_template(db_path: Path) -> None:
    assert run(db_path, "provider", "list") == 0  # creates the Sandbox
    assert run(db_path, "signature", "add", "【小店】", "--provider", "Sandbox", "--approved") == 0
    assert (
        run(
            db_path,
            "template",
            "add",
            "周末",
            "--text",
            "{name}您好，周末8折，拒收请回复R",
            "--signature",
            "小店",
            "--provider",
            "Sandbox",
            "--code",
            "SBX_1",
            "--approved",
        )
        == 0
    )
    assert run(db_path, "template", "add", "草稿", "--text", "你好", "--kind", "service") == 0
    assert run(db_path, "template", "add", "x", "--text", "t", "--approved") == 1
    assert run(db_path, "template", "add", "周末", "--text", "again") == 1
    database = open_database(sqlite_url(db_path))
    with database.session() as session:
        signature = session.scalar(select(Signature))
        assert signature is not None
        assert signature.name == "小店"
        assert session.scalar(select(SignatureApproval.status)) == "approved"
        template = session.scalar(select(Template).where(Template.name == "周末"))
        assert template is not None
        assert template.signature_id == signature.id
        approval = session.scalar(select(TemplateApproval))
        assert approval is not None
        assert (approval.status, approval.provider_code, approval.approved_text) == (
            "approved",
            "SBX_1",
            template.body,
        )
        draft = session.scalar(select(Template).where(Template.name == "草稿"))
        assert draft is not None
        assert draft.kind == "service"
        assert draft.approvals == []
    database.close()


def test_real_process_with_a_file_keyring(tmp_path: Path) -> None:
    """The installed command, a keyring file in a private data folder, the secret on stdin."""
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
        "SMSDESK_HOME": str(tmp_path / "home"),
    }
    db = tmp_path / "cli.sqlite3"
    secret = "cli-process-secret-4411"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "smsdesk.cli.main",
            "--db",
            str(db),
            "provider",
            "add",
            "tw",
            "--kind",
            "twilio",
            "--key-id",
            "AC" + "0" * 32,
            "--from",
            "+14155550100",
            "--secret-stdin",
        ],
        input=secret + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    stored = list((tmp_path / "xdg").rglob("keyring_pass.cfg"))
    assert stored  # PlaintextKeyring keeps base64 of the password
    assert base64.b64encode(secret.encode()).decode() in stored[0].read_text()
    assert secret.encode() not in db.read_bytes()
    listing = subprocess.run(
        [sys.executable, "-m", "smsdesk.cli.main", "--db", str(db), "provider", "list", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    [tw] = [row for row in json.loads(listing.stdout) if row["name"] == "tw"]
    assert tw["has_secret"]
    assert secret not in listing.stdout


def test_review_submit_and_pull(
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with FakeTencent().running() as fake:
        assert (
            run(
                db_path,
                "provider",
                "add",
                "腾讯云",
                "--kind",
                "tencent",
                "--endpoint",
                fake.url,
                "--key-id",
                fake.secret_id,
                "--app-id",
                fake.app_id,
                "--secret-stdin",
                stdin=fake.secret_key + "\n",
                monkeypatch=monkeypatch,
            )
            == 0
        )
        assert run(db_path, "signature", "add", "测试商店", "--company", "测试商店有限公司") == 0
        text = "{name}您好，本周会员日全场8折，拒收请回复R"
        assert (
            run(db_path, "template", "add", "会员日", "--text", text, "--signature", "测试商店")
            == 0
        )
        assert run(db_path, "review", "template", "会员日", "--provider", "腾讯云") == 0
        assert run(db_path, "review", "signature", "测试商店", "--provider", "腾讯云") == 1
        assert "proof image" in capsys.readouterr().err
        proof = tmp_path / "licence.png"
        proof.write_bytes(b"\x89PNG\r\n\x1a\n licence")
        assert (
            run(
                db_path,
                "review",
                "signature",
                "测试商店",
                "--provider",
                "腾讯云",
                "--proof",
                str(proof),
            )
            == 0
        )
        [sign] = fake.signs.values()
        assert sign["proof"] == proof.read_bytes()
        [tpl] = fake.templates.values()
        tpl["status"] = -1  # rejected
        tpl["reply"] = "签名与内容不符"
        sign["status"] = 0  # approved
        capsys.readouterr()
        assert run(db_path, "review", "pull", "--json") == 0
    result = json.loads(capsys.readouterr().out)
    assert result["checked"] == 2
    assert sorted((c["kind"], c["status"]) for c in result["changes"]) == [
        ("signature", "approved"),
        ("template", "rejected"),
    ]
    db = open_database(sqlite_url(db_path))
    with db.session() as session:
        assert session.scalars(select(TemplateApproval.reason)).one() == "签名与内容不符"
        assert session.scalars(select(SignatureApproval.status)).one() == "approved"
    db.close()
