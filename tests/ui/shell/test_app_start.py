"""Starting the real program in a subprocess: self-test, demo, bad database, languages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from smsdesk.core.db.engine import open_database


def run_app(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SMSDESK_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "smsdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )


def test_self_test_opens_every_page(tmp_path: Path) -> None:
    result = run_app("--self-test", "--db", str(tmp_path / "a.sqlite3"), home=tmp_path / "h")
    assert result.returncode == 0, result.stderr
    assert "self-test passed: 10 pages opened" in result.stdout


def test_self_test_in_chinese_with_demo_data(tmp_path: Path) -> None:
    home = tmp_path / "h"
    result = run_app("--self-test", "--demo", "--lang", "zh_CN", home=home)
    assert result.returncode == 0, result.stderr
    assert (home / "smsdesk-demo.sqlite3").exists()
    assert not (home / "smsdesk.sqlite3").exists()  # the real book is untouched


def test_self_test_fails_with_the_reason(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_bytes(b"not a database" * 200)
    result = run_app("--self-test", "--db", str(bogus), home=tmp_path / "h")
    assert result.returncode != 0
    assert "Cannot open the database" in result.stderr


def test_database_from_environment(tmp_path: Path) -> None:
    target = tmp_path / "from-env.sqlite3"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "SMSDESK_HOME": str(tmp_path / "h"),
        "SMSDESK_DB": str(target),
    }
    result = subprocess.run(
        [sys.executable, "-m", "smsdesk", "--self-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert target.exists()


def test_an_older_database_shows_the_upgrade_notice(qtbot: QtBot, tmp_path: Path) -> None:
    from smsdesk.core.db import migrate
    from smsdesk.core.db.engine import create_db_engine, sqlite_url
    from smsdesk.ui.app import _upgrade_notice

    url = sqlite_url(tmp_path / "old.sqlite3")
    engine = create_db_engine(url)
    migrate.upgrade_to(engine, "0002")
    engine.dispose()
    notice = _upgrade_notice(url)
    assert notice is not None
    qtbot.addWidget(notice)
    assert notice.isVisible()
    assert "升级数据库" in notice.text()  # type: ignore[attr-defined]
    open_database(url).close()
    assert _upgrade_notice(url) is None
