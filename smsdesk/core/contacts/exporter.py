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
import json
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Text, bindparam, func, select, type_coerce

from smsdesk.core import audit
from smsdesk.core.contacts import segments
from smsdesk.core.contacts.bulk_sql import BulkSQL
from smsdesk.core.contacts.cell_guard import guard
from smsdesk.core.contacts.columns import EXPORT_HEADERS, ExportColumn
from smsdesk.core.contacts.numbers import display, mask
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import Contact, CustomField, OptOut
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
            import xlsxwriter  # type: ignore[import-untyped]

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


def _local(value: datetime | str | None) -> datetime | None:
    """A stored UTC time (a datetime, or SQLite's text) as naive local time, what the
    user's spreadsheet shows."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
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


def _contact_query(flt: segments.ContactFilter) -> Any:
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
            Contact.suspect,
            Contact.tier_override,
            Contact.tier,
            Contact.carrier,
            Contact.province,
            Contact.city,
            # The JSON text as stored: rows share a few distinct values, parsed once each.
            type_coerce(Contact.fields, Text),
        )
        .where(*segments.conditions(flt), Contact.id > bindparam("after", 0))
        .order_by(Contact.id)
        .limit(PAGE)
    )


class _PageQuery:
    """The page query compiled once and run through the driver: SQLAlchemy's per-row type
    processing would cost as much as the rest of the export; ``_local`` and ``_date``
    convert per distinct value instead."""

    def __init__(self, connection: Connection, query: Any) -> None:
        self.connection = connection
        compiled = query.compile(connection, compile_kwargs={"render_postcompile": True})
        self.sql = compiled.string
        self.params = compiled.construct_params()
        self.order = compiled.positiontup

    def run(self, **values: Any) -> Sequence[Any]:
        params = {**self.params, **values}
        if self.order is not None:
            return self.connection.exec_driver_sql(
                self.sql, tuple(params[name] for name in self.order)
            ).all()
        return self.connection.exec_driver_sql(self.sql, params).all()


class _PageExtras:
    """Per page: tags by contact id, the numbers on the opt-out list (the truth; the
    contact's flag is a cache), and each consenting number's latest grant of its scope.
    Plain SQL by id range and number lists: one query each per page of 2,000."""

    def __init__(self, connection: Connection) -> None:
        self.sql = BulkSQL(connection)
        self.tag_names = dict(self.sql.run("SELECT id, name FROM tags").all())

    def load(
        self, page: Sequence[Any]
    ) -> tuple[dict[int, list[str]], set[str], dict[str, tuple[Any, Any, Any]]]:
        sql, m = self.sql, self.sql.marker
        tags: dict[int, list[str]] = {}
        names = self.tag_names
        found = sql.run(
            f"SELECT contact_id, tag_id FROM contact_tags WHERE contact_id BETWEEN {m} AND {m}",
            (page[0][0], page[-1][0]),
        )
        for contact_id, tag_id in found:
            tags.setdefault(contact_id, []).append(names.get(tag_id) or "")
        for listed in tags.values():
            listed.sort()
        numbers = [row[1] for row in page]
        suppressed = set(
            sql.run(
                f"SELECT e164 FROM opt_outs WHERE removed_at IS NULL"
                f" AND e164 IN ({sql.placeholders(len(numbers))})",
                tuple(numbers),
            ).scalars()
        )
        scopes = {row[1]: row[10] for row in page if row[10] != "none"}
        grants: dict[str, tuple[Any, Any, Any]] = {}
        if scopes:
            consenting = tuple(scopes)
            rows = sql.run(
                "SELECT e164, scope, method, consented_at, source FROM consent_records"
                " WHERE id IN (SELECT MAX(id) FROM consent_records WHERE action = 'grant'"
                f" AND e164 IN ({sql.placeholders(len(consenting))}) GROUP BY e164, scope)"
                " ORDER BY id",
                consenting,
            )
            for e164, scope, method, consented_at, source in rows:
                if scopes.get(e164) == scope:
                    grants[e164] = (method, consented_at, source)
        return tags, suppressed, grants


def _contact_rows(
    connection: Connection,
    flt: segments.ContactFilter,
    keys: list[str],
    words: dict[str, dict[str, str]],
    *,
    unmasked: bool,
) -> Iterator[list[object]]:
    """Export rows in id order, a page at a time (keyset paging: no OFFSET scans)."""
    pages = _PageQuery(connection, _contact_query(flt))
    number: Callable[[str], str] = display if unmasked else mask
    scope_words, method_words = words["scope"], words["method"]
    tier_words, carrier_words, yes_no = words["tier"], words["carrier"], words["bool"]
    yes, no = yes_no["1"], yes_no["0"]
    after = 0
    extras = _PageExtras(connection)
    fields_of = _Memo(_fields)
    local = _Memo(_local)
    born = _Memo(_date)
    no_grant = (None, None, None)
    while page := pages.run(after=after):
        tags_by_id, suppressed, grants = extras.load(page)
        for row in page:
            (
                contact_id, e164, name, birthday, birthday_md, notes, first, last, count,
                total_cents, scope, suspect, override, tier, carrier, province, city,
                fields,
            ) = row  # fmt: skip
            tags = tags_by_id.get(contact_id)
            method, consented_at, source = grants.get(e164, no_grant)
            consent = scope if method else None
            yield [
                number(e164),
                name or None,
                ",".join(tags) if tags else None,
                born(birthday) or birthday_md or None,
                notes or None,
                local(first),
                local(last),
                count or None,
                total_cents / 100 if total_cents else None,
                scope_words.get(consent) if consent else None,
                method_words.get(method, method) if consent else None,
                local(consented_at) if consent else None,
                (source or None) if consent else None,
                yes if e164 in suppressed else no,
                yes if suspect else no,
                tier_words.get(override) if override else None,
                tier_words.get(tier, tier),
                carrier_words.get(carrier, carrier),
                province or None,
                city or None,
                *(_text(fields_of(fields).get(key)) for key in keys),
            ]
        after = page[-1][0]


def _date(value: date | str | None) -> date | None:
    if isinstance(value, str):
        return date.fromisoformat(value)
    return value


class _Memo:
    """``convert`` remembered per value (bounded): dates and field sets repeat a lot."""

    def __init__(self, convert: Callable[[Any], Any]) -> None:
        self.convert = convert
        self.cache: dict[Any, Any] = {None: convert(None)}

    def __call__(self, value: Any) -> Any:
        try:
            return self.cache[value]
        except KeyError:
            result = self.convert(value)
            if len(self.cache) < 100_000:
                self.cache[value] = result
            return result
        except TypeError:
            return self.convert(value)


def _fields(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    loaded = json.loads(value) if value else {}
    return loaded if isinstance(loaded, dict) else {}


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
