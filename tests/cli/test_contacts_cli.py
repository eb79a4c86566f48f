"""`smsdesk-cli import`, `export` and `contacts count|show`, as the issue specifies them."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from smsdesk.cli.main import main
from tests.helpers.contacts_data import realistic_rows, write_csv, write_xlsx


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def book_path(tmp_path: Path) -> Path:
    return tmp_path / "book.sqlite3"


@pytest.fixture
def members(tmp_path: Path) -> Path:
    return write_xlsx(
        tmp_path / "会员.xlsx",
        iter(
            [
                ["张三", "138 1234 5678", "VIP，老客户", None, 120.5, None, "南山店", ""],
                ["李四", 13912345678.0, "", None, None, None, "", ""],
                ["王五", "12345", "", None, None, None, "", ""],
                ["张三", "+8613812345678", "", None, None, None, "", ""],
            ]
        ),
    )


def test_import_json(capsys: pytest.CaptureFixture[str], book_path: Path, members: Path) -> None:
    code, out, _ = run(capsys, "--db", str(book_path), "import", str(members), "--json")
    assert code == 0
    data = json.loads(out)
    assert {
        "rows",
        "imported",
        "updated",
        "skipped",
        "rejected",
        "reject_report",
        "seconds",
    } <= set(data)
    assert (data["rows"], data["imported"], data["updated"], data["skipped"], data["rejected"]) == (
        4,
        2,
        0,
        0,
        2,
    )
    assert Path(data["reject_report"]).exists()
    assert data["seconds"] >= 0


def test_import_again_with_update_and_consent(
    capsys: pytest.CaptureFixture[str], book_path: Path, members: Path, tmp_path: Path
) -> None:
    run(capsys, "--db", str(book_path), "import", str(members))
    report = tmp_path / "rejects.xlsx"
    code, out, _ = run(
        capsys,
        "--db",
        str(book_path),
        "import",
        str(members),
        "--on-duplicate",
        "update",
        "--consent-scope",
        "marketing",
        "--consent-method",
        "paper",
        "--consent-source",
        "门店登记表",
        "--reject-report",
        str(report),
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert (data["imported"], data["rejected"], data["merged"]) == (0, 1, 1)
    assert data["consent_records"] == 3
    assert data["reject_report"] == str(report)
    code, out, _ = run(capsys, "--db", str(book_path), "contacts", "show", "13812345678", "--json")
    assert json.loads(out)["consent"] == "marketing"


def test_import_text_summary_and_map(
    capsys: pytest.CaptureFixture[str], book_path: Path, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "gbk.csv", iter([["13812345678", "x1"]]), ["号码", "会员卡号"], encoding="gbk"
    )
    code, out, _ = run(
        capsys, "--db", str(book_path), "import", str(path), "--map", "会员卡号=custom:card"
    )
    assert code == 0
    assert "imported 1" in out
    code, out, _ = run(
        capsys, "--db", str(book_path), "contacts", "show", "138-1234-5678", "--json"
    )
    assert json.loads(out)["fields"] == {"card": "x1"}


def test_import_errors_are_clear(
    capsys: pytest.CaptureFixture[str], book_path: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, "--db", str(book_path), "import", str(tmp_path / "missing.xlsx"))
    assert code == 1
    assert "No such file" in err
    code, _, err = run(
        capsys,
        "--db",
        str(book_path),
        "import",
        str(tmp_path / "x.csv"),
        "--consent-scope",
        "marketing",
    )
    assert code == 1
    assert "--consent-method" in err
    path = write_csv(tmp_path / "x.csv", iter([["a"]]), ["b"])
    code, _, err = run(capsys, "--db", str(book_path), "import", str(path), "--map", "nope")
    assert code == 1
    assert "HEADER=FIELD" in err


def test_count_and_show(capsys: pytest.CaptureFixture[str], book_path: Path, members: Path) -> None:
    run(capsys, "--db", str(book_path), "import", str(members))
    code, out, _ = run(capsys, "--db", str(book_path), "contacts", "count", "--json")
    assert (code, json.loads(out)) == (0, {"count": 2})
    code, out, _ = run(capsys, "--db", str(book_path), "contacts", "count", "--tag", "VIP")
    assert (code, out.strip()) == (0, "1")
    code, out, _ = run(
        capsys, "--db", str(book_path), "contacts", "show", "+86 138-1234-5678", "--json"
    )
    assert code == 0
    shown = json.loads(out)
    for key in (
        "e164",
        "name",
        "carrier",
        "province",
        "city",
        "timezone",
        "tags",
        "tier",
        "consent",
        "opted_out",
        "suspect",
    ):
        assert key in shown
    assert shown["e164"] == "+8613812345678"
    assert (shown["name"], shown["carrier"], shown["province"], shown["city"]) == (
        "张三",
        "mobile",
        "江苏",
        "连云港",
    )
    assert shown["timezone"] == "Asia/Shanghai"
    assert sorted(shown["tags"]) == ["VIP", "老客户"]
    assert (shown["consent"], shown["opted_out"], shown["suspect"]) == ("none", False, False)
    code, out, _ = run(capsys, "--db", str(book_path), "contacts", "show", "13812345678")
    assert "name: 张三" in out


def test_show_unknown_or_invalid_number(
    capsys: pytest.CaptureFixture[str], book_path: Path
) -> None:
    code, _, err = run(capsys, "--db", str(book_path), "contacts", "show", "13700000000")
    assert code == 1
    assert "no contact" in err
    code, _, err = run(capsys, "--db", str(book_path), "contacts", "show", "12345")
    assert code == 1
    assert "Not a valid number" in err


def test_export_masked_and_unmasked(
    capsys: pytest.CaptureFixture[str], book_path: Path, members: Path, tmp_path: Path
) -> None:
    run(capsys, "--db", str(book_path), "import", str(members))
    masked = tmp_path / "masked.csv"
    code, out, _ = run(capsys, "--db", str(book_path), "export", "contacts", str(masked))
    assert code == 0
    assert "masked numbers" in out
    with masked.open(encoding="utf-8-sig") as handle:
        numbers = [row[0] for row in csv.reader(handle)][1:]
    assert numbers == ["138****5678", "139****5678"]
    full = tmp_path / "full.csv"
    code, out, _ = run(
        capsys,
        "--db",
        str(book_path),
        "export",
        "contacts",
        str(full),
        "--unmasked",
        "--tag",
        "VIP",
        "--json",
    )
    assert json.loads(out)["rows"] == 1
    with full.open(encoding="utf-8-sig") as handle:
        assert [row[0] for row in csv.reader(handle)][1:] == ["13812345678"]
    optouts = tmp_path / "optouts.xlsx"
    code, out, _ = run(
        capsys, "--db", str(book_path), "export", "optouts", str(optouts), "--lang", "en"
    )
    assert (code, optouts.exists()) == (0, True)


def test_recompute_tiers(
    capsys: pytest.CaptureFixture[str], book_path: Path, members: Path
) -> None:
    run(capsys, "--db", str(book_path), "import", str(members))
    code, out, _ = run(capsys, "--db", str(book_path), "contacts", "recompute-tiers", "--json")
    assert (code, json.loads(out)) == (0, {"changed": 0})


def test_the_installed_command_end_to_end(tmp_path: Path) -> None:
    """One real process: import a realistic list, then count."""
    path = write_xlsx(tmp_path / "list.xlsx", realistic_rows(200, seed=8))
    env = {**os.environ, "SMSDESK_HOME": str(tmp_path / "home")}
    base = [sys.executable, "-m", "smsdesk.cli.main", "--db", str(tmp_path / "b.sqlite3")]
    done = subprocess.run(
        [*base, "import", str(path), "--json"], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    imported = json.loads(done.stdout)["imported"]
    counted = subprocess.run(
        [*base, "contacts", "count"], capture_output=True, text=True, env=env, check=False
    )
    assert int(counted.stdout) == imported > 150
