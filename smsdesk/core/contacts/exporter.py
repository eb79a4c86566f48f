"""Exporting contacts (all, a filter, a segment) and the opt-out list to .xlsx or .csv.

Streamed: rows come from the database in pages and go straight to the writer (xlsxwriter in
constant-memory mode, or the csv module), so memory stays flat at a million contacts.
Numbers are masked unless the caller asks for full numbers (audited), and always written as
text. User text in .xlsx is written as string cells (never formulas); in .csv it gets the
formula guard (``cell_guard``), which the importer undoes. An unmasked export imports into an
empty book with nothing lost or changed: every column reads back as the field it came from.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Select, and_, func, select
from sqlalchemy.orm import Session

from smsdesk.core import audit
from smsdesk.core.contacts import book, segments
from smsdesk.core.contacts.cell_guard import guard
from smsdesk.core.contacts.columns import EXPORT_HEADERS, ExportColumn
from smsdesk.core.contacts.numbers import display, mask
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import ConsentRecord, Contact, CustomField, OptOut
from smsdesk.core.enums import ConsentAction
from smsdesk.core.errors import ValidationError
from smsdesk.core.progress import Progress

PAGE = 2000

# Words written for coded values; each reads back through ``import_values`` (tested).
VALUE_WORDS: dict[str, dict[str, dict[str, str]]] = {
    "zh": {
        "scope": {"marketing": "营销", "service": "服务"},
        "method": {
            "sms_reply": "短信回复",
            "otp": "验证码",
            "signature": "签字",
            "web_form": "网页勾选",
            "paper": "纸质",
            "import": "导入",
        },
        "tier": {"new": "新客", "active": "活跃", "dormant": "沉睡", "loyal": "忠诚"},
        "carrier": {
            "mobile": "中国移动",
            "unicom": "中国联通",
            "telecom": "中国电信",
            "broadnet": "中国广电",
            "intl": "国际",
            "unknown": "未知",
        },
        "bool": {"1": "是", "0": "否"},
    },
    "en": {
        "scope": {"marketing": "marketing", "service": "service"},
        "method": {
            "sms_reply": "sms_reply",
            "otp": "otp",
            "signature": "signature",
            "web_form": "web_form",
            "paper": "paper",
            "import": "import",
        },
        "tier": {"new": "new", "active": "active", "dormant": "dormant", "loyal": "loyal"},
        "carrier": {
            "mobile": "China Mobile",
            "unicom": "China Unicom",
            "telecom": "China Telecom",
            "broadnet": "China Broadnet",
            "intl": "International",
            "unknown": "Unknown",
        },
        "bool": {"1": "yes", "0": "no"},
    },
}


@dataclass
class ExportResult:
    path: Path
    rows: int
    seconds: float
    unmasked: bool
    writer_seconds: float = 0.0


class _Sink:
    """Rows to a file: .xlsx through xlsxwriter (constant memory), .csv through csv."""

    def __init__(self, path: Path, headers: Sequence[str], *, csv_encoding: str) -> None:
        self.path = path
        self.seconds = 0.0
        self.is_xlsx = path.suffix.lower() == ".xlsx"
        started = time.perf_counter()
        if self.is_xlsx:
            import xlsxwriter

            self._book: Any = xlsxwriter.Workbook(
                str(path),
                {
                    "constant_memory": True,
                    "strings_to_numbers": False,
                    "strings_to_formulas": False,
                    "strings_to_urls": False,
                },
            )
            self._sheet = self._book.add_worksheet()
            self._date = self._book.add_format({"num_format": "yyyy-mm-dd"})
            self._moment = self._book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
            bold = self._book.add_format({"bold": True})
            for column, title in enumerate(headers):
                self._sheet.write_string(0, column, title, bold)
            self._sheet.freeze_panes(1, 0)
            self._sheet.set_column(0, 0, 16)
            self._row = 0
        else:
            self._handle = path.open("w", encoding=csv_encoding, newline="")
            self._csv = csv.writer(self._handle)
            self._csv.writerow([guard(h) for h in headers])
        self.seconds += time.perf_counter() - started

    def write(self, values: Sequence[object]) -> None:
        started = time.perf_counter()
        if self.is_xlsx:
            self._row += 1
            row = self._row
            sheet = self._sheet
            for column, value in enumerate(values):
                if value is None or value == "":
                    continue
                kind = type(value)
                if kind is str:
                    sheet.write_string(row, column, value)
                elif kind is int or kind is float:
                    sheet.write_number(row, column, value)
                elif kind is datetime:
                    sheet.write_datetime(row, column, value, self._moment)
                elif kind is date:
                    sheet.write_datetime(row, column, value, self._date)
                else:
                    sheet.write_string(row, column, str(value))
        else:
            self._csv.writerow([_csv_cell(v) for v in values])
        self.seconds += time.perf_counter() - started

    def close(self) -> None:
        started = time.perf_counter()
        if self.is_xlsx:
            self._book.close()
        else:
            self._handle.close()
        self.seconds += time.perf_counter() - started

    def abort(self) -> None:
        try:
            if self.is_xlsx:
                self._book.close()
            else:
                self._handle.close()
        finally:
            self.path.unlink(missing_ok=True)


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return guard(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f" if value.microsecond else "%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value)


def _check_path(path: Path) -> None:
    if path.suffix.lower() not in (".xlsx", ".csv"):
        raise ValidationError("Export to a .xlsx or .csv file", reason="export_type")


def _local(value: datetime | None) -> datetime | None:
    """A stored UTC time as naive local time (what the user's spreadsheet shows)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone().replace(tzinfo=None)


def export_contacts(
    db: Database,
    path: str | Path,
    *,
    flt: segments.ContactFilter | None = None,
    unmasked: bool = False,
    language: str = "zh",
    headers: Mapping[ExportColumn, str] | None = None,
    csv_encoding: str = "utf-8-sig",
    actor: str | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the contacts ``flt`` matches (everyone by default); returns what was written.
    ``headers`` overrides column titles (they must still read back as their fields)."""
    path = Path(path)
    _check_path(path)
    started = time.perf_counter()
    flt = flt or segments.ContactFilter()
    words = VALUE_WORDS.get(language, VALUE_WORDS["en"])
    titles = {**EXPORT_HEADERS.get(language, EXPORT_HEADERS["en"]), **(headers or {})}
    with db.session() as session:
        keys = list(session.scalars(select(CustomField.key).order_by(CustomField.id)))
        total = segments.count(session, flt)
    columns = list(ExportColumn)
    sink = _Sink(path, [titles[c] for c in columns] + keys, csv_encoding=csv_encoding)
    written = 0
    try:
        with db.engine.connect() as connection:
            for values in _contact_rows(connection, flt, keys, words, unmasked=unmasked):
                sink.write(values)
                written += 1
                if progress is not None and written % PAGE == 0:
                    progress.check()
                    progress.update(written, total, "export")
        sink.close()
    except BaseException:
        sink.abort()
        raise
    with db.session() as session:
        audit.record(
            session,
            "contacts.export",
            actor=actor,
            file=path.name,
            rows=written,
            unmasked=unmasked,
            filter=flt.to_dict(),
        )
    return ExportResult(path, written, time.perf_counter() - started, unmasked, sink.seconds)


def _contact_query(flt: segments.ContactFilter) -> Select[Any]:
    record = ConsentRecord
    latest = (
        select(func.max(record.id))
        .where(
            record.e164 == Contact.e164,
            record.action == ConsentAction.GRANT.value,
            record.scope == Contact.consent_scope,
        )
        .correlate(Contact)
        .scalar_subquery()
    )
    return (
        select(
            Contact.id,
            Contact.e164,
            Contact.name,
            Contact.birthday,
            Contact.birthday_md,
            Contact.notes,
            Contact.first_purchase_at,
            Contact.last_purchase_at,
            Contact.purchase_count,
            Contact.purchase_total_cents,
            Contact.consent_scope,
            # The opt-out list is the truth (the contact's flag is a cache).
            select(OptOut.id)
            .where(OptOut.e164 == Contact.e164, OptOut.removed_at.is_(None))
            .correlate(Contact)
            .exists(),
            Contact.suspect,
            Contact.tier_override,
            Contact.tier,
            Contact.carrier,
            Contact.province,
            Contact.city,
            Contact.fields,
            record.method,
            record.consented_at,
            record.source,
        )
        .select_from(Contact)
        .outerjoin(record, and_(Contact.consent_scope != "none", record.id == latest))
        .where(*segments.conditions(flt))
        .order_by(Contact.id)
        .limit(PAGE)
    )


def _contact_rows(
    connection: Connection,
    flt: segments.ContactFilter,
    keys: list[str],
    words: dict[str, dict[str, str]],
    *,
    unmasked: bool,
) -> Iterator[list[object]]:
    """Export rows in id order, a page at a time (keyset paging: no OFFSET scans)."""
    query = _contact_query(flt)
    number: Callable[[str], str] = display if unmasked else mask
    scope_words, method_words = words["scope"], words["method"]
    tier_words, carrier_words, yes_no = words["tier"], words["carrier"], words["bool"]
    after = 0
    session = Session(bind=connection)
    try:
        while True:
            page = connection.execute(query.where(Contact.id > after)).all()
            if not page:
                return
            tags_by_id = book.tag_names(session, [row[0] for row in page])
            for row in page:
                (
                    contact_id, e164, name, birthday, birthday_md, notes, first, last, count,
                    total_cents, scope, opted_out, suspect, override, tier, carrier, province,
                    city, fields, method, consented_at, source,
                ) = row  # fmt: skip
                custom = fields or {}
                tags = tags_by_id.get(contact_id)
                consent = scope if scope != "none" and method else None
                yield [
                    number(e164),
                    name or None,
                    ",".join(tags) if tags else None,
                    birthday or birthday_md or None,
                    notes or None,
                    _local(first),
                    _local(last),
                    count or None,
                    total_cents / 100 if total_cents else None,
                    scope_words.get(consent) if consent else None,
                    method_words.get(method, method) if consent else None,
                    _local(consented_at) if consent else None,
                    (source or None) if consent else None,
                    yes_no["1" if opted_out else "0"],
                    yes_no["1" if suspect else "0"],
                    tier_words.get(override) if override else None,
                    tier_words.get(tier, tier),
                    carrier_words.get(carrier, carrier),
                    province or None,
                    city or None,
                    *(_text(custom.get(key)) for key in keys),
                ]
            after = page[-1][0]
    finally:
        session.close()


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def export_optouts(
    db: Database,
    path: str | Path,
    *,
    unmasked: bool = False,
    language: str = "zh",
    csv_encoding: str = "utf-8-sig",
    actor: str | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """The suppression list (active opt-outs): number, since when, reason, source."""
    path = Path(path)
    _check_path(path)
    started = time.perf_counter()
    titles = (
        ["手机号码", "退订时间", "原因", "来源"]
        if language == "zh"
        else ["Mobile", "Opted out at", "Reason", "Source"]
    )
    number: Callable[[str], str] = display if unmasked else mask
    sink = _Sink(path, titles, csv_encoding=csv_encoding)
    written = 0
    query = (
        select(OptOut.e164, OptOut.created_at, OptOut.reason, OptOut.source)
        .where(OptOut.removed_at.is_(None))
        .order_by(OptOut.id)
    )
    try:
        with db.engine.connect() as connection:
            total = int(
                connection.scalar(select(func.count(OptOut.id)).where(OptOut.removed_at.is_(None)))
                or 0
            )
            for e164, created_at, reason, source in connection.execute(
                query.execution_options(yield_per=PAGE)
            ):
                sink.write([number(e164), _local(created_at), reason or None, source or None])
                written += 1
                if progress is not None and written % PAGE == 0:
                    progress.check()
                    progress.update(written, total, "export")
        sink.close()
    except BaseException:
        sink.abort()
        raise
    with db.session() as session:
        audit.record(
            session, "optouts.export", actor=actor, file=path.name, rows=written, unmasked=unmasked
        )
    return ExportResult(path, written, time.perf_counter() - started, unmasked, sink.seconds)
