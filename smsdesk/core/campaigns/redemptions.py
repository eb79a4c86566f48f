"""Redemptions: a customer shows a ``{code}`` at the counter; it counts as a conversion for
the campaign (and the A/B variant) that sent it.

Codes are entered by hand (``redeem``) or imported from the shop's Excel/CSV export
(``import_file``): the code column is found by its content (the most cells that are valid
codes, check character included), and a date/time column, if any, gives the redemption time.
A code redeems once; a second time is reported, not counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from smsdesk.core import audit
from smsdesk.core.campaigns import codes
from smsdesk.core.clock import ensure_utc, utc_now
from smsdesk.core.contacts.numbers import mask
from smsdesk.core.contacts.table_files import open_table
from smsdesk.core.db.models import CampaignVariant, Message, Redemption
from smsdesk.core.progress import Progress

SCAN_ROWS = 50
_TIME_HEADERS = ("时间", "日期", "核销", "兑换", "time", "date", "redeemed")
CHINA_TZ = "Asia/Shanghai"


class RedeemStatus(StrEnum):
    REDEEMED = "redeemed"
    ALREADY_REDEEMED = "already_redeemed"
    UNKNOWN = "unknown"  # well-formed, but no message carried it
    MALFORMED = "malformed"  # wrong length, characters or check character (a typo)


@dataclass(frozen=True)
class RedeemResult:
    status: RedeemStatus
    code: str
    campaign_id: int | None = None
    variant: str = ""
    number: str = ""  # masked
    redeemed_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            "code": self.code,
            "campaign_id": self.campaign_id,
            "variant": self.variant,
            "number": self.number,
            "redeemed_at": self.redeemed_at.isoformat() if self.redeemed_at else None,
        }


def redeem(
    session: Session, raw: str, *, at: datetime | None = None, source: str = "manual"
) -> RedeemResult:
    """Mark one code redeemed (the caller commits)."""
    code = codes.normalize(raw)
    at = ensure_utc(at or utc_now())
    if not codes.is_well_formed(code):
        return RedeemResult(RedeemStatus.MALFORMED, code)
    message = session.scalar(select(Message).where(Message.code == code))
    if message is None:
        return RedeemResult(RedeemStatus.UNKNOWN, code)
    variant = ""
    if message.variant_id is not None:
        found = session.get(CampaignVariant, message.variant_id)
        variant = found.label if found is not None else ""
    number = mask(message.e164)
    existing = session.scalar(select(Redemption).where(Redemption.code == code))
    if existing is not None:
        return RedeemResult(
            RedeemStatus.ALREADY_REDEEMED,
            code,
            message.campaign_id,
            variant,
            number,
            ensure_utc(existing.redeemed_at),
        )
    try:
        with session.begin_nested():
            session.add(
                Redemption(
                    code=code,
                    message_id=message.id,
                    campaign_id=message.campaign_id,
                    redeemed_at=at,
                    source=source[:200],
                )
            )
            session.flush()
    except IntegrityError:  # redeemed at another till a moment ago
        return RedeemResult(
            RedeemStatus.ALREADY_REDEEMED, code, message.campaign_id, variant, number
        )
    audit.record(session, "campaign.redeem", campaign=message.campaign_id, number=number)
    return RedeemResult(RedeemStatus.REDEEMED, code, message.campaign_id, variant, number, at)


@dataclass
class ImportResult:
    rows: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in RedeemStatus})
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (row, code, status)

    @property
    def redeemed(self) -> int:
        return self.counts[RedeemStatus.REDEEMED.value]

    def to_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            **self.counts,
            "problems": [{"row": r, "code": c, "status": s} for r, c, s in self.problems[:100]],
        }


def _code_column(rows: Sequence[Sequence[Any]]) -> int | None:
    scores: dict[int, int] = {}
    for row in rows[:SCAN_ROWS]:
        for index, cell in enumerate(row):
            if isinstance(cell, str) and codes.is_well_formed(codes.normalize(cell)):
                scores[index] = scores.get(index, 0) + 1
    if not scores:
        return None
    return max(scores, key=lambda i: (scores[i], -i))


def _time_column(rows: Sequence[Sequence[Any]], code_column: int) -> int | None:
    for row in rows[:SCAN_ROWS]:
        for index, cell in enumerate(row):
            if index == code_column or not isinstance(cell, str):
                continue
            label = cell.strip().lower()
            if label and any(word in label for word in _TIME_HEADERS):
                return index
    return None


def _as_time(cell: Any) -> datetime | None:
    from smsdesk.core.campaigns.windows import zone

    if isinstance(cell, datetime):
        return ensure_utc(cell.replace(tzinfo=zone(CHINA_TZ)) if cell.tzinfo is None else cell)
    if isinstance(cell, date):
        return ensure_utc(datetime.combine(cell, time(12, 0), tzinfo=zone(CHINA_TZ)))
    if isinstance(cell, str) and cell.strip():
        try:
            parsed = datetime.fromisoformat(cell.strip().replace("/", "-"))
        except ValueError:
            return None
        return _as_time(parsed)
    return None


def import_file(
    session: Session,
    path: str | Path,
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Redeem every code in a spreadsheet or CSV (the caller commits)."""
    now = ensure_utc(now or utc_now())
    table = open_table(path)
    try:
        all_rows = [list(row) for row in table.rows()]
    finally:
        table.close()
    result = ImportResult()
    column = _code_column(all_rows)
    if column is None:
        return result
    when_column = _time_column(all_rows, column)
    source = f"import: {Path(path).name}"
    total = len(all_rows)
    for number, row in enumerate(all_rows, start=table.first_row):
        if progress is not None and number % 200 == 0:
            progress.update(number - table.first_row, total)
            progress.check()
        cell = row[column] if column < len(row) else None
        if not isinstance(cell, str) or not cell.strip():
            continue
        raw = codes.normalize(cell)
        if len(raw) < codes.CODE_LENGTH - 2 and not codes.is_well_formed(raw):
            continue  # a header or a note, not an attempt at a code
        result.rows += 1
        at = None
        if when_column is not None and when_column < len(row):
            at = _as_time(row[when_column])
        outcome = redeem(session, raw, at=at or now, source=source)
        result.counts[outcome.status.value] += 1
        if outcome.status is not RedeemStatus.REDEEMED:
            result.problems.append((number, outcome.code, outcome.status.value))
    audit.record(session, "campaign.redeem_import", file=Path(path).name, **result.counts)
    return result
