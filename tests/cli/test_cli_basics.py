"""`smsdesk-cli` as a user runs it: help, database selection, demo data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smsdesk.cli.main", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env=env or dict(os.environ),
    )


def test_help_lists_commands() -> None:
    result = cli("--help")
    assert result.returncode == 0
    assert "smsdesk-cli" in result.stdout
    for command in ("db", "demo"):
        assert command in result.stdout


def test_db_info_and_demo(tmp_path: Path) -> None:
    target = tmp_path / "book.sqlite3"
    result = cli("--db", str(target), "demo", "--contacts", "25", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["contacts"] == 25
    info = json.loads(cli("--db", str(target), "db", "info", "--json").stdout)
    assert info["revision"] == info["head"]
    assert info["database"] == str(target.resolve())


def test_db_url_and_environment(tmp_path: Path) -> None:
    target = tmp_path / "url.sqlite3"
    result = cli("--db-url", f"sqlite:///{target}", "db", "info", "--json")
    assert result.returncode == 0, result.stderr
    assert target.exists()
    env = {**os.environ, "SMSDESK_DB": str(tmp_path / "env.sqlite3")}
    assert cli("db", "info", env=env).returncode == 0
    assert (tmp_path / "env.sqlite3").exists()


def test_bad_database_url_is_a_clear_error() -> None:
    result = cli("--db-url", "nonsense://", "db", "info")
    assert result.returncode == 2
    assert "smsdesk-cli:" in result.stderr
    assert "Traceback" not in result.stderr
