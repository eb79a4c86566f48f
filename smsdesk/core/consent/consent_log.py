"""The consent log: grants and withdrawals with their evidence, and each number's current consent.

Current consent is derived from the records, never stored as the truth: records are taken in
order of the time of consent (as the person recording it states it), the latest decides, and
at the same moment a withdrawal beats a grant. A grant sets the scope it names (a ``service``
grant after a ``marketing`` one narrows consent, as the re-permission reply "A" does); a
withdrawal withdraws everything, whatever scope it names. ``Contact.consent_scope`` caches
the result for eligibility queries and is refreshed by every change made here.

Re-subscribing after an opt-out needs a new marketing grant *with evidence* that is not older
than the opt-out; such a grant lifts the opt-out (audited).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from os import PathLike
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from smsdesk.core import audit, settings
from smsdesk.core.clock import ensure_utc, utc_now
from smsdesk.core.consent import chain_witness, evidence_chain, evidence_files, opt_outs
from smsdesk.core.consent.evidence_chain import ChainProblem, ConsentEntry, VerifyResult
from smsdesk.core.contacts.numbers import mask
from smsdesk.core.db.models import ConsentRecord, Contact
from smsdesk.core.enums import ConsentAction, ConsentMethod, ConsentScope
from smsdesk.core.errors import ValidationError
from smsdesk.core.progress import Progress

__all__ = [
    "ConsentChange",
    "VerifyResult",
    "current_scope",
    "current_scopes",
    "derive_scope",
    "grant",
    "history",
    "sync_contacts",
    "verify",
    "withdraw",
]

_CHUNK = 500
_SCOPES = frozenset(scope.value for scope in ConsentScope)
_CLOCK_SKEW = timedelta(minutes=10)


@dataclass(frozen=True)
class ConsentChange:
    """What one grant or withdrawal changed."""

    record_id: int
    e164: str
    action: ConsentAction
    previous: ConsentScope
    current: ConsentScope
    opt_out_lifted: bool = False


def derive_scope(records: Iterable[tuple[str, str, datetime, int]]) -> ConsentScope:
    """Current scope from ``(action, scope, consented_at, id)`` tuples, in any order."""

    def order(record: tuple[str, str, datetime, int]) -> tuple[datetime, int, int]:
        action, _scope, at, record_id = record
        return ensure_utc(at), 1 if action == ConsentAction.WITHDRAW else 0, record_id

    current = ConsentScope.NONE
    for action, scope, _at, _id in sorted(records, key=order):
        if action == ConsentAction.WITHDRAW:
            current = ConsentScope.NONE
        elif action == ConsentAction.GRANT and scope in _SCOPES:
            current = ConsentScope(scope)
    return current


def current_scope(session: Session, e164: str) -> ConsentScope:
    number = opt_outs.to_e164(session, e164)
    return current_scopes(session, [number]).get(number, ConsentScope.NONE)


def current_scopes(session: Session, e164s: Iterable[str]) -> dict[str, ConsentScope]:
    """Current scope of every number in ``e164s`` (numbers without records: ``none``)."""
    numbers = list(dict.fromkeys(e164s))
    grouped: dict[str, list[tuple[str, str, datetime, int]]] = {n: [] for n in numbers}
    for start in range(0, len(numbers), _CHUNK):
        chunk = numbers[start : start + _CHUNK]
        query = select(
            ConsentRecord.e164,
            ConsentRecord.action,
            ConsentRecord.scope,
            ConsentRecord.consented_at,
            ConsentRecord.id,
        ).where(ConsentRecord.e164.in_(chunk))
        for e164, action, scope, at, record_id in session.execute(query):
            grouped[e164].append((action, scope, at, record_id))
    return {number: derive_scope(records) for number, records in grouped.items()}


def history(session: Session, e164: str) -> list[ConsentRecord]:
    """Every consent record of ``e164`` in log order."""
    number = opt_outs.to_e164(session, e164)
    query = select(ConsentRecord).where(ConsentRecord.e164 == number).order_by(ConsentRecord.id)
    return list(session.scalars(query))


def grant(
    session: Session,
    e164: str,
    *,
    scope: ConsentScope | str,
    method: ConsentMethod | str,
    source: str = "",
    evidence_text: str = "",
    evidence_file: str | PathLike[str] | None = None,
    consented_at: datetime | None = None,
    recorded_by: str = "",
) -> ConsentChange:
    """Record consent to ``scope`` (marketing or service); the evidence file is copied."""
    scope_value = _scope(scope)
    if scope_value == ConsentScope.NONE:
        raise ValidationError("A grant needs the scope marketing or service", reason="bad_scope")
    number = opt_outs.to_e164(session, e164)
    at = _consent_time(consented_at)
    suppressed = opt_outs.active_opt_out(session, number)
    lifts = suppressed is not None and scope_value == ConsentScope.MARKETING
    if lifts and not evidence_text.strip() and not evidence_file:
        raise ValidationError(
            "This number opted out: a new consent needs evidence", reason="evidence_required"
        )
    change = _append(
        session,
        number,
        action=ConsentAction.GRANT,
        scope=scope_value,
        method=method,
        source=source,
        evidence_text=evidence_text,
        evidence_file=evidence_file,
        consented_at=at,
        recorded_by=recorded_by,
    )
    lifted = False
    if lifts and suppressed is not None and at >= suppressed.created_at:
        lifted = opt_outs.lift_opt_out(
            session, number, removed_reason=f"consent #{change.record_id}"
        )
    if lifted:
        change = ConsentChange(**{**change.__dict__, "opt_out_lifted": True})
    return change


def withdraw(
    session: Session,
    e164: str,
    *,
    method: ConsentMethod | str = ConsentMethod.PAPER,
    source: str = "",
    evidence_text: str = "",
    evidence_file: str | PathLike[str] | None = None,
    consented_at: datetime | None = None,
    recorded_by: str = "",
) -> ConsentChange:
    """Record that the number withdrew consent (all of it; the record names what it had)."""
    number = opt_outs.to_e164(session, e164)
    before = current_scope(session, number)
    return _append(
        session,
        number,
        action=ConsentAction.WITHDRAW,
        scope=before if before != ConsentScope.NONE else ConsentScope.MARKETING,
        method=method,
        source=source,
        evidence_text=evidence_text,
        evidence_file=evidence_file,
        consented_at=_consent_time(consented_at),
        recorded_by=recorded_by,
    )


def _append(
    session: Session,
    number: str,
    *,
    action: ConsentAction,
    scope: ConsentScope,
    method: ConsentMethod | str,
    source: str,
    evidence_text: str,
    evidence_file: str | PathLike[str] | None,
    consented_at: datetime,
    recorded_by: str,
) -> ConsentChange:
    method_value = _method(method)
    previous = current_scope(session, number)
    stored = evidence_files.store_evidence_file(evidence_file) if evidence_file else None
    entry = ConsentEntry(
        e164=number,
        action=action.value,
        scope=scope.value,
        method=method_value.value,
        consented_at=consented_at,
        source=source[:200],
        evidence_text=evidence_text,
        evidence_file=stored.relative if stored else "",
        evidence_sha256=stored.sha256 if stored else "",
        recorded_by=(recorded_by or default_recorder(session))[:80],
    )
    (record_id,) = evidence_chain.append(session, [entry])
    current = current_scope(session, number)
    _set_contact_scopes(session, {number: current})
    audit.record(
        session,
        f"consent.{action.value}",
        number=mask(number),
        scope=scope.value,
        method=method_value.value,
        record_id=record_id,
    )
    return ConsentChange(record_id, number, action, previous, current)


def sync_contacts(
    session: Session, e164s: Iterable[str] | None = None, *, progress: Progress | None = None
) -> int:
    """Recompute ``consent_scope`` and ``opted_out`` of contacts (all when ``e164s`` is None).

    For repairs and for callers that wrote records or contacts in bulk; returns rows checked.
    """
    if e164s is None:
        numbers: Sequence[str] = list(session.scalars(select(Contact.e164)))
    else:
        numbers = list(dict.fromkeys(e164s))
    for start in range(0, len(numbers), _CHUNK):
        chunk = numbers[start : start + _CHUNK]
        _set_contact_scopes(session, current_scopes(session, chunk))
        suppressed = opt_outs.opted_out_numbers(session, chunk)
        opt_outs.set_contact_flags(session, suppressed, opted_out=True)
        opt_outs.set_contact_flags(session, set(chunk) - suppressed, opted_out=False)
        if progress is not None:
            progress.update(start + len(chunk), len(numbers))
            progress.check()
    return len(numbers)


def _set_contact_scopes(session: Session, scopes: dict[str, ConsentScope]) -> None:
    by_scope: dict[ConsentScope, list[str]] = {}
    for number, scope in scopes.items():
        by_scope.setdefault(scope, []).append(number)
    for scope, numbers in by_scope.items():
        session.execute(
            update(Contact).where(Contact.e164.in_(numbers)).values(consent_scope=scope.value)
        )


def verify(
    session: Session,
    *,
    check_files: bool = True,
    remember: bool = True,
    progress: Progress | None = None,
) -> VerifyResult:
    """Verify the whole log: chain links and hashes, the anchor, the evidence files, and the
    witness kept outside the database. A success advances the witness (``remember``)."""
    result = evidence_chain.verify_chain(session, progress=progress)
    if not result.ok:
        return result
    if check_files:
        file_problem = _check_files(session, result)
        if file_problem is not None:
            return file_problem
    key = chain_witness.database_key(session)
    witness = chain_witness.read_witness(key)
    if witness is not None:
        seen = int(witness.get("count", 0))
        detail: dict[str, Any] = {
            "witness_records": seen,
            "witness_verified_at": witness.get("verified_at", ""),
        }
        if seen > result.records or (
            evidence_chain.hash_at_position(session, seen) != witness.get("head")
        ):
            return VerifyResult(
                False, result.records, None, ChainProblem.WITNESS_MISMATCH, result.head, detail
            )
    if remember:
        chain_witness.write_witness(key, count=result.records, head=result.head)
    return result


def _check_files(session: Session, result: VerifyResult) -> VerifyResult | None:
    query = (
        select(ConsentRecord.id, ConsentRecord.evidence_file, ConsentRecord.evidence_sha256)
        .where(ConsentRecord.evidence_file != "")
        .order_by(ConsentRecord.id)
    )
    for record_id, relative, sha256 in session.execute(query):
        state = evidence_files.check_evidence_file(relative, sha256)
        if state != evidence_files.FileState.OK:
            problem = (
                ChainProblem.EVIDENCE_FILE_MISSING
                if state == evidence_files.FileState.MISSING
                else ChainProblem.EVIDENCE_FILE_ALTERED
            )
            return VerifyResult(
                False, result.records, record_id, problem, result.head, {"file": relative}
            )
    return None


def _scope(value: ConsentScope | str) -> ConsentScope:
    try:
        return ConsentScope(value)
    except ValueError:
        raise ValidationError(f"Unknown consent scope {value!r}", reason="bad_scope") from None


def _method(value: ConsentMethod | str) -> ConsentMethod:
    try:
        return ConsentMethod(value)
    except ValueError:
        raise ValidationError(f"Unknown consent method {value!r}", reason="bad_method") from None


def _consent_time(value: datetime | None) -> datetime:
    now = utc_now()
    at = ensure_utc(value) if value is not None else now
    if at > now + _CLOCK_SKEW:
        raise ValidationError("The time of consent is in the future", reason="consent_in_future")
    return at


def default_recorder(session: Session) -> str:
    return str(settings.get(session, "user.name") or "") or audit.current_actor()
