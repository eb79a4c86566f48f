"""Where SMSDesk keeps its files: per-user data, cache and log folders (platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from smsdesk import APP_NAME, APP_ORG

DB_FILENAME = "smsdesk.sqlite3"
DEMO_DB_FILENAME = "smsdesk-demo.sqlite3"


def _private_dir(path: Path) -> Path:
    """Create ``path`` if needed, readable by the owner only (no-op on Windows ACLs)."""
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        path.chmod(0o700)
    return path


def data_dir() -> Path:
    """The per-user data folder; ``SMSDESK_HOME`` overrides it (tests, portable installs)."""
    override = os.environ.get("SMSDESK_HOME")
    base = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, APP_ORG))
    return _private_dir(base)


def cache_dir() -> Path:
    override = os.environ.get("SMSDESK_HOME")
    if override:
        return _private_dir(Path(override) / "cache")
    return _private_dir(Path(platformdirs.user_cache_dir(APP_NAME, APP_ORG)))


def log_dir() -> Path:
    override = os.environ.get("SMSDESK_HOME")
    if override:
        return _private_dir(Path(override) / "logs")
    return _private_dir(Path(platformdirs.user_log_dir(APP_NAME, APP_ORG)))


def evidence_dir() -> Path:
    """Copies of consent evidence files (their SHA-256 is kept in the consent log)."""
    return _private_dir(data_dir() / "evidence")


def default_db_path(*, demo: bool = False) -> Path:
    return data_dir() / (DEMO_DB_FILENAME if demo else DB_FILENAME)


def resources_dir() -> Path:
    """The shipped resources: inside the package when installed, beside it in a checkout."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "resources", package.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("SMSDesk resources folder not found")
