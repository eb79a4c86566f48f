"""`smsdesk-cli consent|optout|reply|evidence` as a user runs them."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from smsdesk.cli.main import main


@pytest.fixture
def run(db_path: Path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run the CLI in-process on a test database; returns (exit code, stdout, stderr)."""

    def call(*args: str) -> tuple[int, str, str]:
        code = main(["--db", str(db_path), *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return call


def as_json(output: str) -> object:
    return json.loads(output)


def test_grant_show_withdraw(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    form = tmp_path / "form.jpg"
    form.write_bytes(b"signed")
    code, out, err = run(
        "consent", "grant", "138 1234 5678", "--scope", "marketing", "--method", "paper",
        "--source", "门店", "--evidence", "会员登记表签名", "--evidence-file", str(form),
        "--at", "2026-05-01T10:00:00+08:00", "--json",
    )  # fmt: skip
    assert code == 0, err
    granted = as_json(out)
    assert granted == {
        "record_id": 1, "number": "138****5678", "action": "grant", "previous": "none",
        "current": "marketing", "opt_out_lifted": False,
    }  # fmt: skip
    code, out, _ = run("consent", "show", "13812345678", "--json")
    shown = as_json(out)
    assert shown["scope"] == "marketing"  # type: ignore[index]
    assert shown["records"][0]["consented_at"] == "2026-05-01T02:00:00+00:00"  # type: ignore[index]
    assert shown["records"][0]["evidence_file"].endswith("/form.jpg")  # type: ignore[index]
    code, out, _ = run("consent", "withdraw", "+8613812345678", "--evidence", "电话要求停止")
    assert code == 0
    assert "grant" not in out
    assert "marketing -> none" in out


def test_grant_needs_scope_and_method(run) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as caught:
        run("consent", "grant", "13812345678", "--scope", "marketing")
    assert caught.value.code == 2


def test_bad_number_and_bad_time_are_refused(run) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("consent", "grant", "12345", "--scope", "service", "--method", "otp")
    assert code == 1
    assert "valid" in err
    code, _, err = run(
        "consent", "grant", "13812345678", "--scope", "service", "--method", "otp",
        "--at", "yesterday",
    )  # fmt: skip
    assert (code, "ISO 8601" in err) == (1, True)


def test_optout_add_list_remove(run) -> None:  # type: ignore[no-untyped-def]
    assert run("optout", "add", "13812345678", "--reason", "回复T")[0] == 0
    code, out, _ = run("optout", "add", "+8613812345678")
    assert "already" in out
    code, out, _ = run("optout", "list", "--json")
    assert [(i["number"], i["reason"]) for i in as_json(out)] == [("138****5678", "回复T")]  # type: ignore[union-attr]
    code, out, _ = run("optout", "list", "--json", "--reveal")
    assert as_json(out)[0]["number"] == "+8613812345678"  # type: ignore[index]
    with pytest.raises(SystemExit):
        run("optout", "remove", "13812345678")  # --evidence is required
    code, out, err = run("optout", "remove", "13812345678", "--evidence", "到店重新签字")
    assert code == 0, err
    assert "removed" in out
    assert as_json(run("optout", "list", "--json")[1]) == []
    assert len(as_json(run("optout", "list", "--json", "--all")[1])) == 1  # type: ignore[arg-type]


def test_optout_remove_of_unknown_number_fails(run) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("optout", "remove", "13812345678", "--evidence", "x")
    assert code == 1
    assert "not on the opt-out list" in err


def test_optout_import_and_export(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "blacklist.csv"
    source.write_text("手机号\n13812345678\n139 1234 5678\n+86 150 1234 5678\nabc\n13812345678\n")
    code, out, _ = run("optout", "import", str(source), "--json")
    assert code == 0
    result = as_json(out)
    assert {k: result[k] for k in ("rows", "added", "already")} == {  # type: ignore[index]
        "rows": 5, "added": 3, "already": 1,
    }  # fmt: skip
    assert result["rejected"] == [{"row": 5, "value": "abc", "reason": "not_a_number"}]  # type: ignore[index]
    target = tmp_path / "out.xlsx"
    code, out, _ = run("optout", "export", str(target), "--reveal")
    assert code == 0
    assert "3 number(s)" in out
    numbers = {
        row[0]
        for row in openpyxl.load_workbook(target).active.iter_rows(min_row=2, values_only=True)
    }  # type: ignore[union-attr]
    assert numbers == {"+8613812345678", "+8613912345678", "+8615012345678"}


@pytest.mark.parametrize(
    ("text", "extra", "action"),
    [
        ("退订谢谢", (), "opt_out"),
        ("TD是什么", (), "none"),
        ("Y", (), "none"),
        ("Y", ("--repermission",), "consent_marketing"),
        ("A", ("--repermission",), "consent_service"),
        ("START", (), "consent_marketing"),
    ],
)
def test_reply_prints_the_action(run, text: str, extra: tuple[str, ...], action: str) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("reply", "13812345678", text, *extra, "--json")
    assert code == 0, err
    assert as_json(out)["action"] == action  # type: ignore[index]


def test_reply_opt_out_reaches_the_list(run) -> None:  # type: ignore[no-untyped-def]
    run("reply", "13812345678", "STOP please")
    assert as_json(run("optout", "list", "--json")[1])[0]["number"] == "138****5678"  # type: ignore[index]


def test_evidence_verify_ok_then_tampered(run, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    for index in range(3):
        run(
            "consent", "grant", f"1381234567{index}", "--scope", "marketing", "--method", "web_form"
        )
    code, out, _ = run("evidence", "verify", "--json")
    assert code == 0
    result = as_json(out)
    assert {k: result[k] for k in ("ok", "records", "first_bad", "problem")} == {  # type: ignore[index]
        "ok": True, "records": 3, "first_bad": None, "problem": None,
    }  # fmt: skip
    connection = sqlite3.connect(db_path)
    connection.execute("DROP TRIGGER consent_records_no_update")
    connection.execute("UPDATE consent_records SET scope = 'service' WHERE id = 2")
    connection.commit()
    connection.close()
    code, out, _ = run("evidence", "verify", "--json")
    assert code == 1
    assert {k: as_json(out)[k] for k in ("ok", "first_bad", "problem")} == {  # type: ignore[index]
        "ok": False, "first_bad": 2, "problem": "altered",
    }  # fmt: skip
    code, out, _ = run("evidence", "verify")
    assert code == 1
    assert "record #2 was changed after it was written" in out


def test_evidence_verify_reports_a_deleted_last_record(run, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    for index in range(2):
        run("consent", "grant", f"1381234567{index}", "--scope", "service", "--method", "otp")
    connection = sqlite3.connect(db_path)
    connection.execute("DROP TRIGGER consent_records_no_delete")
    connection.execute("DELETE FROM consent_records WHERE id = 2")
    connection.commit()
    connection.close()
    code, out, _ = run("evidence", "verify")
    assert code == 1
    assert "the newest records were deleted (2 expected, 1 found)" in out


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx"])
def test_evidence_export(run, tmp_path: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    run("consent", "grant", "13812345678", "--scope", "marketing", "--method", "paper",
        "--evidence", "纸质表单")  # fmt: skip
    run("reply", "13812345678", "退订")
    target = tmp_path / f"evidence{suffix}"
    code, out, err = run("evidence", "export", "138 1234 5678", str(target))
    assert code == 0, err
    assert "2 consent records, 1 opt-outs, 1 replies; evidence log intact" in out
    assert target.stat().st_size > 1000


def test_evidence_export_refuses_other_formats(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("evidence", "export", "13812345678", str(tmp_path / "x.docx"))
    assert code == 1
    assert ".xlsx or .pdf" in err


def test_the_installed_entry_point(tmp_path: Path) -> None:
    database = tmp_path / "cli.sqlite3"
    result = subprocess.run(
        [sys.executable, "-m", "smsdesk.cli.main", "--db", str(database), "reply",
         "13812345678", "ＴＤ", "--json"],
        capture_output=True, text=True, timeout=180, check=False, env=dict(os.environ),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["action"] == "opt_out"
