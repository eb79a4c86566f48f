"""A witness of the consent log kept outside the database: count and head hash at the last
successful verification, one entry per database, in the evidence folder.

The chain's own anchor lives in the database, so a tool that rewrites the tail of the chain
*and* the anchor would pass ``verify_chain``; it would not also know to rewrite this file.
The witness is a prefix claim ("the log once had N records ending in H"), so it stays true
while the log grows and while other computers append to a shared PostgreSQL database.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from smsdesk.core.clock import utc_now
from smsdesk.core.paths import evidence_dir

WITNESS_FILENAME = "chain_witness.json"


def database_key(session: Session) -> str | None:
    """A stable name for the database behind ``session`` (None for in-memory databases)."""
    url = session.get_bind().engine.url
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            return None
        identity = "sqlite:" + str(Path(url.database).resolve())
    else:
        identity = url.render_as_string(hide_password=True)
    return hashlib.sha256(identity.encode()).hexdigest()[:32]


def _witness_path() -> Path:
    return evidence_dir() / WITNESS_FILENAME


def _load_all() -> dict[str, Any]:
    try:
        data = json.loads(_witness_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def read_witness(key: str | None) -> dict[str, Any] | None:
    if key is None:
        return None
    entry = _load_all().get(key)
    return entry if isinstance(entry, dict) else None


def write_witness(key: str | None, *, count: int, head: str, at: datetime | None = None) -> None:
    """Remember ``count``/``head`` for ``key``; never moves the witness backwards."""
    if key is None:
        return
    data = _load_all()
    current = data.get(key)
    if isinstance(current, dict) and int(current.get("count", 0)) > count:
        return
    data[key] = {"count": count, "head": head, "verified_at": (at or utc_now()).isoformat()}
    path = _witness_path()
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".witness-")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1, sort_keys=True)
    os.replace(tmp_name, path)
