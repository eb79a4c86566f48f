"""The hash chain under the consent log: canonical content, record hashes, appending, verifying.

Each record's ``hash`` is SHA-256 over ``prev_hash`` and the record's canonical JSON; the first
record's ``prev_hash`` is ``GENESIS``. ``prev_hash`` is unique in the table, so two writers that
raced for the same predecessor cannot both commit: the loser retries on the new head.

Besides the links, ``append`` keeps an *anchor* (record count and head hash) in the settings
table, in the same transaction. The links alone cannot show that the newest records were
deleted (the shorter chain is still a valid chain), nor that a correctly hashed record was
added by a tool at the end; the anchor can.

What ``verify_chain`` detects, and what it cannot (the hash is not keyed: anyone who can write
the database can compute it):

- detected: an edited field (``altered``); a deleted record anywhere, the first and the last
  included (``deleted``); a record slipped in between others or added at the end without the
  app (``inserted``); records swapped or moved (``reordered``); a deleted or re-created anchor
  (``anchor_missing``); an anchor that disagrees with the chain (``anchor_mismatch``).
- not detected by the database alone: someone who rewrites every record from the edit point to
  the end, recomputing each hash, *and* rewrites the anchor. Against that, the app keeps a
  witness outside the database (``chain_witness``: the count and head at the last successful
  verification) and every evidence export prints the head hash and count; a copy held by
  someone else is the only proof against a writer who controls every copy.
- the ``first_bad`` id is exact for edits, reorders and insertions; for a deletion it names the
  first surviving record after the gap (``None`` when the newest records were removed).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from smsdesk.core import settings
from smsdesk.core.clock import ensure_utc, utc_now
from smsdesk.core.db.models import ConsentRecord
from smsdesk.core.progress import Progress

GENESIS = "0" * 64
ANCHOR_KEY = "consent.chain_anchor"

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


class ChainProblem(StrEnum):
    ALTERED = "altered"
    INSERTED = "inserted"
    DELETED = "deleted"
    REORDERED = "reordered"
    ANCHOR_MISSING = "anchor_missing"
    ANCHOR_MISMATCH = "anchor_mismatch"
    WITNESS_MISMATCH = "witness_mismatch"
    EVIDENCE_FILE_MISSING = "evidence_file_missing"
    EVIDENCE_FILE_ALTERED = "evidence_file_altered"


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of walking the log. ``first_bad`` is a record id or ``None``."""

    ok: bool
    records: int
    first_bad: int | None = None
    problem: str | None = None
    head: str = GENESIS
    detail: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "records": self.records,
            "first_bad": self.first_bad,
            "problem": self.problem,
            "head": self.head,
            "detail": self.detail,
        }


_SORTED_FIELDS = tuple(sorted(HASHED_FIELDS))
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _canonical_value(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is not None and value.utcoffset():
            value = value.astimezone(UTC)
        return value.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"
    return value


def canonical_bytes(values: Mapping[Any, Any]) -> bytes:
    """Sorted keys, no spaces, UTF-8, times as UTC ``YYYY-MM-DDTHH:MM:SS.ffffffZ``."""
    return _ENCODE({name: _canonical_value(values[name]) for name in _SORTED_FIELDS}).encode()


def record_hash(values: Mapping[Any, Any], prev_hash: str) -> str:
    digest = hashlib.sha256()
    digest.update(prev_hash.encode("ascii", "replace"))
    digest.update(canonical_bytes(values))
    return digest.hexdigest()


def chain_head(session: Session) -> str:
    last = session.scalar(select(ConsentRecord.hash).order_by(ConsentRecord.id.desc()).limit(1))
    return last or GENESIS


def read_anchor(session: Session) -> dict[str, Any] | None:
    value = settings.get(session, ANCHOR_KEY)
    return value if isinstance(value, dict) else None


def append(session: Session, entries: Iterable[ConsentEntry]) -> list[int]:
    """Append ``entries`` in order after the current head; returns the new record ids.

    Runs inside the caller's transaction; bulk insert (an import appends thousands at once).
    The anchor advances from its own count, never from a fresh count of the table: a record
    deleted behind the app's back therefore stays visible as a count that does not add up.
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
    anchor = read_anchor(session)
    restored = False
    if anchor is None:
        base = session.scalar(select(func.count()).select_from(ConsentRecord)) or 0
        restored = base > 0  # records exist but nobody kept count: say so forever
    else:
        base = int(anchor.get("count", 0))
        restored = bool(anchor.get("restored", False))
    session.execute(insert(ConsentRecord), rows)
    new_anchor: dict[str, Any] = {"count": base + len(rows), "head": prev}
    if restored:
        new_anchor["restored"] = True
    settings.set_value(session, ANCHOR_KEY, new_anchor)
    hashes = [row["hash"] for row in rows]
    ids_by_hash: dict[str, int] = {}
    for start in range(0, len(hashes), 500):
        chunk = hashes[start : start + 500]
        query = select(ConsentRecord.hash, ConsentRecord.id).where(ConsentRecord.hash.in_(chunk))
        ids_by_hash.update(dict(session.execute(query).all()))
    return [ids_by_hash[h] for h in hashes]


_COLUMNS = [
    ConsentRecord.id,
    ConsentRecord.prev_hash,
    ConsentRecord.hash,
    *(getattr(ConsentRecord, name) for name in HASHED_FIELDS),
]


def verify_chain(session: Session, *, progress: Progress | None = None) -> VerifyResult:
    """Walk every record in id order: links, content hashes, then the anchor."""
    total = session.scalar(select(func.count()).select_from(ConsentRecord)) or 0
    anchor = read_anchor(session)
    expected_prev = GENESIS
    previous: Row[Any] | None = None
    count = 0
    broken: tuple[Row[Any] | None, Row[Any], bool] | None = None
    result = session.execute(
        select(*_COLUMNS).order_by(ConsentRecord.id).execution_options(yield_per=2000)
    )
    unreadable = False
    try:
        for row in _rows(result):
            if row is None:  # a value no longer parses (e.g. a date a tool wrote): altered
                unreadable = True
                break
            if row.prev_hash != expected_prev:
                broken = (previous, row, True)
                break
            if record_hash(row._mapping, row.prev_hash) != row.hash:
                broken = (previous, row, False)
                break
            count += 1
            expected_prev = row.hash
            previous = row
            if progress is not None and count % 2000 == 0:
                progress.update(count, total)
                progress.check()
    finally:
        result.close()
    if unreadable:
        after = previous.id if previous is not None else None
        query = select(func.min(ConsentRecord.id))
        if after is not None:
            query = query.where(ConsentRecord.id > after)
        bad_id = session.scalar(query)
        return VerifyResult(False, total, bad_id, ChainProblem.ALTERED, expected_prev)
    if broken is not None:
        before, row, link = broken
        if not link:
            return VerifyResult(False, total, row.id, ChainProblem.ALTERED, expected_prev)
        problem, first_bad, detail = _classify_link_break(session, before, row, anchor)
        return VerifyResult(False, total, first_bad, problem, expected_prev, detail)
    if progress is not None:
        progress.update(count, total, force=True)
    return _check_anchor(session, anchor, count, expected_prev)


def _rows(result: Any) -> Iterator[Row[Any] | None]:
    """The result's rows; ``None`` (and stop) when a stored value cannot be read back."""
    iterator = iter(result)
    while True:
        try:
            row = next(iterator)
        except StopIteration:
            return
        except (ValueError, TypeError):
            yield None
            return
        yield row


def _classify_link_break(
    session: Session, before: Row[Any] | None, row: Row[Any], anchor: dict[str, Any] | None
) -> tuple[ChainProblem, int | None, dict[str, Any]]:
    """Name what happened where ``row`` does not link to the record before it."""
    expected = before.hash if before is not None else GENESIS
    linked_id = None
    if row.prev_hash != GENESIS:
        linked_id = session.scalar(
            select(ConsentRecord.id).where(ConsentRecord.hash == row.prev_hash)
        )
    if linked_id is not None:
        if linked_id > row.id:
            return ChainProblem.REORDERED, row.id, {"links_to": linked_id}
        # ``row`` links to an older record: everything between that one and ``row`` is foreign.
        first_foreign = session.scalar(
            select(func.min(ConsentRecord.id)).where(ConsentRecord.id > linked_id)
        )
        return ChainProblem.INSERTED, first_foreign, {"links_to": linked_id}
    successor = session.scalar(select(ConsentRecord.id).where(ConsentRecord.prev_hash == expected))
    if successor is not None and successor > row.id:
        # The true successor of ``before`` comes later: ``row`` (and any up to it) was slipped in.
        return ChainProblem.INSERTED, row.id, {"true_successor": successor}
    if successor is not None or row.prev_hash == GENESIS:
        return (
            ChainProblem.REORDERED if successor is not None else ChainProblem.INSERTED,
            row.id,
            {},
        )
    if before is None:
        return ChainProblem.DELETED, row.id, {"missing_before": row.id}
    if anchor is not None and anchor.get("head") == before.hash:
        # The log legitimately ended at ``before``: ``row`` was added afterwards by a tool.
        return ChainProblem.INSERTED, row.id, {}
    if row.id - before.id > 1:
        return ChainProblem.DELETED, row.id, {"missing_after": before.id}
    # Consecutive ids, and the hash ``row`` points to is gone: ``before`` was rewritten with a
    # recomputed hash (or deleted and replaced under the same id).
    return ChainProblem.ALTERED, before.id, {"rehashed": True}


def _check_anchor(
    session: Session, anchor: dict[str, Any] | None, count: int, head: str
) -> VerifyResult:
    if anchor is None:
        if count == 0:
            return VerifyResult(True, 0, head=head)
        return VerifyResult(False, count, None, ChainProblem.ANCHOR_MISSING, head)
    if anchor.get("restored"):
        return VerifyResult(
            False, count, None, ChainProblem.ANCHOR_MISSING, head, {"restored": True}
        )
    expected = int(anchor.get("count", -1))
    anchor_head = str(anchor.get("head", ""))
    detail = {"expected_records": expected, "found_records": count}
    if expected == count and anchor_head == head:
        return VerifyResult(True, count, head=head)
    if count < expected:
        return VerifyResult(False, count, None, ChainProblem.DELETED, head, detail)
    if count > expected >= 0 and hash_at_position(session, expected) == anchor_head:
        first_extra = id_at_position(session, expected + 1)
        return VerifyResult(False, count, first_extra, ChainProblem.INSERTED, head, detail)
    return VerifyResult(False, count, None, ChainProblem.ANCHOR_MISMATCH, head, detail)


def hash_at_position(session: Session, position: int) -> str | None:
    """The hash of the ``position``-th record (1-based) in id order; GENESIS for 0."""
    if position <= 0:
        return GENESIS
    query = select(ConsentRecord.hash).order_by(ConsentRecord.id).offset(position - 1).limit(1)
    return session.scalar(query)


def id_at_position(session: Session, position: int) -> int | None:
    query = select(ConsentRecord.id).order_by(ConsentRecord.id).offset(position - 1).limit(1)
    return session.scalar(query)
