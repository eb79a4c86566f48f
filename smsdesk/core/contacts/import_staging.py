"""Reading rows into the staging table: the hot loop of an import.

Each data row becomes one tuple in the temporary table ``import_rows`` (only the columns the
mapping uses exist there, so a million rows bind no more values than they carry), or one line
in the reject report. Nothing touches the contact book here: the merge does that in one
transaction afterwards, so cancelling while reading leaves the book as it was.

Speed: about a million rows in the time calamine needs to read them, through the numbers fast
path, caches for values that repeat (tags, dates, store names) and ``executemany`` batches.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from smsdesk.core.contacts import import_values as values
from smsdesk.core.contacts.bulk_sql import BulkSQL
from smsdesk.core.contacts.columns import ImportField, custom_key, is_custom
from smsdesk.core.contacts.numbers import NumberParser, RejectReason
from smsdesk.core.contacts.tiers import TierCutoffs, tier_for
from smsdesk.core.enums import ConsentScope
from smsdesk.core.progress import Progress

BATCH_ROWS = 5000
_CACHE_LIMIT = 50_000
_encode = json.encoder.encode_basestring  # type: ignore[attr-defined]
NAME_MAX = 100


@dataclass(frozen=True)
class ConsentDefaults:
    """The scope and method the user stated for the whole file (or nothing)."""

    scope: str | None = None
    method: str | None = None
    source: str = ""
    consented_at: datetime | None = None


@dataclass
class StageStats:
    rows: int = 0
    staged: int = 0
    rejected: int = 0
    rejects_by_reason: dict[str, int] = field(default_factory=dict)
    max_dup: int = 0
    bad_values: dict[str, int] = field(default_factory=dict)
    late_opt_outs: list[tuple[str, int]] = field(default_factory=list)


# (stage column, SQL type key) in table order; optional columns appear when mapped.
BASE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("seq", "pk"),
    ("e164", "text"),
    ("dup", "int"),
    ("row_number", "int"),
    ("region", "text"),
    ("carrier", "text"),
    ("province", "text"),
    ("city", "text"),
    ("timezone", "text"),
    ("tier", "text"),
)
OPTIONAL_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "name": (("name", "text"),),
    "tags": (("tags", "text"),),
    "birthday": (("birthday", "date"), ("birthday_md", "text")),
    "notes": (("notes", "text"),),
    "first_purchase": (("first_purchase_at", "ts"),),
    "purchase_date": (("last_purchase_at", "ts"),),
    "purchase_count": (("purchase_count", "int"),),
    "purchase_amount": (("purchase_total_cents", "int"),),
    "purchase_reference": (("reference", "text"),),
    "fields": (("fields", "text"),),
    "tier_override": (("tier_override", "text"),),
    "suspect": (("suspect", "bool"),),
    "opted_out": (("opted_out", "bool"),),
    "consent": (
        ("consent_scope", "text"),
        ("consent_method", "text"),
        ("consent_at", "text"),
        ("consent_source", "text"),
    ),
}


class RowStager:
    """Turns file rows into staged tuples for one mapping and one set of options."""

    def __init__(
        self,
        sql: BulkSQL,
        *,
        mapping: dict[int, str],
        parser: NumberParser,
        skip_duplicates: bool,
        purchases: bool,
        tags_for_all: tuple[str, ...],
        consent: ConsentDefaults,
        cutoffs: TierCutoffs,
        now: datetime,
    ) -> None:
        self.sql = sql
        self.parser = parser
        self.skip_duplicates = skip_duplicates
        self.purchases = purchases
        self.tags_for_all = tags_for_all
        self.consent = consent
        self.cutoffs = cutoffs
        self.now = now
        self.columns_by_field: dict[str, int] = {}
        self.custom_columns: list[tuple[int, str]] = []
        for index, name in sorted(mapping.items()):
            if is_custom(name):
                self.custom_columns.append((index, _encode(custom_key(name))))
            elif name != ImportField.IGNORE.value:
                self.columns_by_field.setdefault(name, index)
        self.number_column = self.columns_by_field.get(ImportField.NUMBER.value, -1)
        self.groups = self._groups()
        self.columns: list[str] = [c for c, _ in BASE_COLUMNS]
        for group in self.groups:
            self.columns += [c for c, _ in OPTIONAL_COLUMNS[group]]
        self.stats = StageStats()
        self._seen: set[int] = set()
        self._dups: dict[int, int] = {}
        self._caches: dict[str, dict[Any, Any]] = {}
        # Values of the row being staged that the tier needs.
        self._first: datetime | None = None
        self._last: datetime | None = None
        self._consent_at: datetime | None = None
        self._count: int | None = None
        self._total: int | None = None
        self._override: str | None = None

    def _groups(self) -> list[str]:
        has = self.columns_by_field.__contains__
        groups = []
        for group, fields in (
            ("name", ("name",)),
            ("tags", ("tags",)),
            ("birthday", ("birthday",)),
            ("notes", ("notes",)),
            ("first_purchase", ("first_purchase",)),
            ("purchase_date", ("purchase_date",)),
            ("purchase_count", ("purchase_count",)),
            ("purchase_amount", ("purchase_amount",)),
            ("purchase_reference", ("purchase_reference",)),
            ("tier_override", ("tier_override",)),
            ("suspect", ("suspect",)),
            ("opted_out", ("opted_out",)),
        ):
            if any(has(f) for f in fields):
                groups.append(group)
        if self.tags_for_all and "tags" not in groups:
            groups.insert(1, "tags")
        if self.custom_columns and not self.purchases:
            groups.append("fields")
        consent_fields = ("consent_scope", "consent_method", "consent_time", "consent_source")
        if not self.purchases and (
            self.consent.scope is not None or any(has(f) for f in consent_fields)
        ):
            groups.append("consent")
        return groups

    def create_table(self) -> None:
        types = self.sql.temp_types()
        definitions = [f"{name} {types[kind]}" for name, kind in BASE_COLUMNS]
        for group in self.groups:
            definitions += [f"{name} {types[kind]}" for name, kind in OPTIONAL_COLUMNS[group]]
        self.sql.run("DROP TABLE IF EXISTS import_rows")
        self.sql.run(f"CREATE TEMPORARY TABLE import_rows ({', '.join(definitions)})")

    def _cached(self, kind: str, raw: Any, convert: Callable[[Any], Any]) -> Any:
        """``convert(raw)``, remembered for values that repeat (tags, dates, store names)."""
        cache = self._caches.setdefault(kind, {})
        try:
            return cache[raw]
        except KeyError:
            pass
        except TypeError:
            return convert(raw)
        result = convert(raw)
        if len(cache) < _CACHE_LIMIT:
            cache[raw] = result
        return result

    def _bad(self, name: str) -> None:
        self.stats.bad_values[name] = self.stats.bad_values.get(name, 0) + 1

    def _cell(self, name: str, row: list[Any]) -> Any:
        index = self.columns_by_field.get(name, -1)
        if index < 0:
            return None
        try:
            raw = row[index]
        except IndexError:
            return None
        return None if raw == "" else raw

    def _value(self, name: str, row: list[Any], convert: Callable[[Any], Any]) -> Any:
        raw = self._cell(name, row)
        if raw is None:
            return None
        try:
            return self._cached(name, raw, convert)
        except (ValueError, OverflowError):
            self._bad(name)
            return None

    def stage(
        self,
        rows: Iterator[tuple[int, list[Any]]],
        *,
        reject: Callable[[int, list[Any], RejectReason], None],
        progress: Progress | None,
        total: int,
    ) -> StageStats:
        """Read every (row number, row) into ``import_rows``; rejects go to ``reject``."""
        insert = (
            f"INSERT INTO import_rows ({', '.join(self.columns)}) "
            f"VALUES ({self.sql.placeholders(len(self.columns))})"
        )
        classify = self.parser.classify
        number_column = self.number_column
        stats = self.stats
        seen = self._seen
        dups = self._dups
        skip_duplicates = self.skip_duplicates and not self.purchases
        extractors = [getattr(self, f"_put_{group}") for group in self.groups]
        compute_tier = not self.purchases
        batch: list[list[Any]] = []
        seq = 0
        for row_number, row in rows:
            try:
                raw = row[number_column]
            except IndexError:
                raw = None
            if raw is None or raw == "":
                if all(v is None or v == "" for v in row):
                    continue  # a blank line is not a row
                stats.rows += 1
                self._reject(reject, row_number, row, RejectReason.EMPTY)
                continue
            stats.rows += 1
            found = classify(raw)
            if found.__class__ is RejectReason:
                self._reject(reject, row_number, row, found)  # type: ignore[arg-type]
                continue
            e164 = found[0]  # type: ignore[index]
            key = int(e164[1:])
            dup = 0
            if key in seen:
                if skip_duplicates:
                    self._reject(reject, row_number, row, RejectReason.DUPLICATE_IN_FILE)
                    if self._value("opted_out", row, values.parse_bool):
                        stats.late_opt_outs.append((e164, row_number))
                    continue
                dup = dups[key] = dups.get(key, 0) + 1
                if dup > stats.max_dup:
                    stats.max_dup = dup
            else:
                seen.add(key)
            seq += 1
            out: list[Any] = [seq, e164, dup, row_number, *found[1:], None]  # type: ignore[misc]
            self._first = self._last = self._consent_at = None
            self._count = self._total = None
            self._override = None
            try:
                for put in extractors:
                    put(row, out)
            except _MissingDate:
                seq -= 1
                if dup == 0:
                    seen.discard(key)
                self._reject(reject, row_number, row, RejectReason.MISSING_DATE)
                continue
            if compute_tier and dup == 0:
                last = self._last
                count = self._count
                if count is None:
                    count = 1 if last is not None else 0
                out[9] = tier_for(
                    self.cutoffs,
                    created_at=self.now,
                    first_consent_at=self._consent_at,
                    first_purchase_at=self._first or last,
                    last_purchase_at=last,
                    purchase_count=count,
                    purchase_total_cents=self._total or 0,
                    tier_override=self._override,
                )
            batch.append(out)
            if len(batch) >= BATCH_ROWS:
                self._flush(insert, batch)
                if progress is not None:
                    progress.check()
                    progress.update(stats.rows, max(total, stats.rows), "read")
        self._flush(insert, batch)
        return stats

    def _reject(
        self,
        reject: Callable[[int, list[Any], RejectReason], None],
        row_number: int,
        row: list[Any],
        reason: RejectReason,
    ) -> None:
        stats = self.stats
        stats.rejected += 1
        stats.rejects_by_reason[reason.value] = stats.rejects_by_reason.get(reason.value, 0) + 1
        reject(row_number, row, reason)

    def _flush(self, insert: str, batch: list[list[Any]]) -> None:
        if batch:
            self.sql.executemany(insert, batch)
            self.stats.staged += len(batch)
            batch.clear()

    # One ``_put_<group>`` per optional column group: appends that group's staged values.

    def _put_name(self, row: list[Any], out: list[Any]) -> None:
        raw = self._cell("name", row)
        if raw.__class__ is str:
            out.append(raw.strip()[:NAME_MAX] or None)
        else:
            out.append(values.text(raw, limit=NAME_MAX))

    def _put_tags(self, row: list[Any], out: list[Any]) -> None:
        out.append(self._cached("tags", self._cell("tags", row), self._tags_json))

    def _tags_json(self, raw: Any) -> str | None:
        tags = dict.fromkeys(values.split_tags(raw) + self.tags_for_all)
        return json.dumps(list(tags), ensure_ascii=False) if tags else None

    def _put_birthday(self, row: list[Any], out: list[Any]) -> None:
        born = self._value("birthday", row, self._birthday)
        out += born if born is not None else (None, None)

    def _birthday(self, raw: Any) -> tuple[Any, str | None] | None:
        """(stored date, "MM-DD"); a birthday without a year keeps only "MM-DD"."""
        if isinstance(raw, str) and not any(ch.isdigit() for ch in raw):
            raise ValueError(f"not a birthday: {raw!r}")
        try:
            born = values.parse_date(raw)
        except ValueError:
            month_day = values.parse_month_day(raw)
            return (None, month_day) if month_day else None
        if born is None:
            return None
        return self.sql.date(born), born.strftime("%m-%d")

    def _put_notes(self, row: list[Any], out: list[Any]) -> None:
        raw = self._cell("notes", row)
        out.append(raw.strip() or None if raw.__class__ is str else values.text(raw))

    def _moment(self, name: str, row: list[Any]) -> tuple[Any, datetime | None]:
        """(stored value, aware datetime) of a date/time column."""
        found = self._value(name, row, self._stored_moment)
        return found if found is not None else (None, None)

    def _stored_moment(self, raw: Any) -> tuple[Any, datetime | None] | None:
        moment = values.parse_datetime(raw)
        return None if moment is None else (self.sql.datetime(moment), moment)

    def _put_first_purchase(self, row: list[Any], out: list[Any]) -> None:
        stored, self._first = self._moment("first_purchase", row)
        out.append(stored)

    def _put_purchase_date(self, row: list[Any], out: list[Any]) -> None:
        stored, self._last = self._moment("purchase_date", row)
        if stored is None and self.purchases:
            raise _MissingDate
        out.append(stored)

    def _put_purchase_count(self, row: list[Any], out: list[Any]) -> None:
        self._count = self._value("purchase_count", row, values.parse_count)
        out.append(self._count)

    def _put_purchase_amount(self, row: list[Any], out: list[Any]) -> None:
        raw = self._cell("purchase_amount", row)
        cents: int | None
        if raw.__class__ is float:
            scaled = raw * 100
            cents = round(scaled)
            if abs(scaled - cents) > 1e-6:
                cents = values.parse_amount_cents(raw)
        else:
            cents = self._value("purchase_amount", row, values.parse_amount_cents)
        self._total = cents
        out.append(cents)

    def _put_purchase_reference(self, row: list[Any], out: list[Any]) -> None:
        out.append(values.text(self._cell("purchase_reference", row), limit=80))

    def _put_fields(self, row: list[Any], out: list[Any]) -> None:
        parts = []
        for index, key in self.custom_columns:
            try:
                raw = row[index]
            except IndexError:
                continue
            if raw is not None and raw != "":
                text = self._cached("custom", raw, _encoded_text)
                if text is not None:
                    parts.append(f"{key}:{text}")
        out.append("{" + ",".join(parts) + "}" if parts else None)

    def _put_tier_override(self, row: list[Any], out: list[Any]) -> None:
        tier = self._value("tier_override", row, values.parse_tier)
        self._override = tier.value if tier is not None else None
        out.append(self._override)

    def _put_suspect(self, row: list[Any], out: list[Any]) -> None:
        out.append(self.sql.boolean(self._value("suspect", row, values.parse_bool)))

    def _put_opted_out(self, row: list[Any], out: list[Any]) -> None:
        out.append(self.sql.boolean(self._value("opted_out", row, values.parse_bool)))

    def _put_consent(self, row: list[Any], out: list[Any]) -> None:
        """(scope, method, time, source) of the consent this row records, or Nones."""
        defaults = self.consent
        scope = self._value("consent_scope", row, values.parse_scope)
        scope_value = scope.value if scope is not None else defaults.scope
        if scope_value is None or scope_value == ConsentScope.NONE.value:
            out += (None, None, None, None)
            return
        method = self._value("consent_method", row, values.parse_method)
        method_value = method.value if method is not None else defaults.method
        if method_value is None:
            self._bad("consent_method")
            out += (None, None, None, None)
            return
        when = self._value("consent_time", row, values.parse_datetime)
        when = when or defaults.consented_at or self.now
        self._consent_at = when
        source = self._value("consent_source", row, lambda v: values.text(v, limit=200))
        out += (scope_value, method_value, when.isoformat(), source or defaults.source)


class _MissingDate(Exception):
    """A purchase-history row without a readable date."""


def _encoded_text(raw: Any) -> str | None:
    text = values.text(raw, limit=500)
    return None if text is None else _encode(text)


def stage_rows(
    table_rows: Iterator[list[Any]], *, first_row: int, skip: int
) -> Iterator[tuple[int, list[Any]]]:
    """(spreadsheet row number, row) for the rows below the header."""
    return zip(itertools.count(first_row + skip), itertools.islice(table_rows, skip, None))
