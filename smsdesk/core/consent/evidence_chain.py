"""The hash chain under the consent log: canonical content, record hashes, appending.

Each record's ``hash`` is SHA-256 over ``prev_hash`` and the record's canonical JSON; the first
record's ``prev_hash`` is ``GENESIS``. ``prev_hash`` is unique in the table, so two writers that
raced for the same predecessor cannot both commit: the loser retries on the new head.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from smsdesk.core.clock import ensure_utc, utc_now
from smsdesk.core.db.models import ConsentRecord

GENESIS = "0" * 64

# The fields that the hash covers, in a fixed order (id is not content: an inserted or
# reordered row is caught by the chain links instead).
HASHED_FIELDS: tuple[str, ...] = (
    "e164",
    "action",
    "scope",
    "method",
    "source",
    "consented_at",
    "recorded_at",
    "evidence_text",
    "evidence_file",
    "evidence_sha256",
    "recorded_by",
)


@dataclass(frozen=True)
class ConsentEntry:
    """A grant or withdrawal to append (the caller has normalised the number)."""

    e164: str
    action: str
    scope: str
    method: str
    consented_at: datetime
    source: str = ""
    evidence_text: str = ""
    evidence_file: str = ""
    evidence_sha256: str = ""
    recorded_by: str = ""
    recorded_at: datetime | None = field(default=None)


def _canonical_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return ensure_utc(value).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def canonical_bytes(values: dict[str, Any]) -> bytes:
    payload = {name: _canonical_value(values[name]) for name in HASHED_FIELDS}
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def record_hash(values: dict[str, Any], prev_hash: str) -> str:
    digest = hashlib.sha256()
    digest.update(prev_hash.encode("ascii"))
    digest.update(canonical_bytes(values))
    return digest.hexdigest()


def chain_head(session: Session) -> str:
    last = session.scalar(select(ConsentRecord.hash).order_by(ConsentRecord.id.desc()).limit(1))
    return last or GENESIS


def append(session: Session, entries: Iterable[ConsentEntry]) -> list[int]:
    """Append ``entries`` in order after the current head; returns the new record ids.

    Runs inside the caller's transaction; bulk insert (an import appends thousands at once).
    """
    now = utc_now()
    prev = chain_head(session)
    rows: list[dict[str, Any]] = []
    for entry in entries:
        values: dict[str, Any] = {
            "e164": entry.e164,
            "action": entry.action,
            "scope": entry.scope,
            "method": entry.method,
            "source": entry.source,
            "consented_at": ensure_utc(entry.consented_at),
            "recorded_at": ensure_utc(entry.recorded_at or now),
            "evidence_text": entry.evidence_text,
            "evidence_file": entry.evidence_file,
            "evidence_sha256": entry.evidence_sha256,
            "recorded_by": entry.recorded_by,
        }
        values["prev_hash"] = prev
        values["hash"] = prev = record_hash(values, values["prev_hash"])
        rows.append(values)
    if not rows:
        return []
    session.execute(insert(ConsentRecord), rows)
    hashes = [row["hash"] for row in rows]
    ids_by_hash: dict[str, int] = {}
    for start in range(0, len(hashes), 500):
        chunk = hashes[start : start + 500]
        query = select(ConsentRecord.hash, ConsentRecord.id).where(ConsentRecord.hash.in_(chunk))
        ids_by_hash.update(dict(session.execute(query).tuples()))
    return [ids_by_hash[h] for h in hashes]
