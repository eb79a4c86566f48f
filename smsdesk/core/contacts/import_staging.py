"""Reading rows into the staging table: the hot loop of an import.

Each data row becomes one tuple in the temporary table ``import_rows`` (only the columns the
mapping uses exist there, so a million rows bind no more values than they carry), or one line
in the reject report. Nothing touches the contact book here: the merge does that (batch by
batch on another thread, or once afterwards), all in one transaction, so cancelling while
reading leaves the book as it was.

Speed: about a million rows in the time calamine needs to read them, through the numbers fast
path, caches for values that repeat (tags, dates, store names) and ``executemany`` batches.
"""

from __future__ import annotations

import gc
import itertools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from smsdesk.core.contacts.bulk_sql import BulkSQL
from smsdesk.core.contacts.columns import ImportField, custom_key, is_custom
from smsdesk.core.contacts.numbers import NumberParser, RejectReason
from smsdesk.core.contacts.staged_values import (
    Column,
    FieldConverters,
    amounts,
    column,
    names,
    texts,
)
from smsdesk.core.contacts.tiers import TierCutoffs, tier_for
from smsdesk.core.progress import Progress

BATCH_ROWS = 5000
_REASON_CODES = {reason: reason.value for reason in RejectReason}


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
                self.custom_columns.append((index, custom_key(name)))
            elif name != ImportField.IGNORE.value:
                self.columns_by_field.setdefault(name, index)
        self.number_column = self.columns_by_field.get(ImportField.NUMBER.value, -1)
        self.groups = self._groups()
        self.columns: list[str] = [c for c, _ in BASE_COLUMNS]
        for group in self.groups:
            self.columns += [c for c, _ in OPTIONAL_COLUMNS[group]]
        self.stats = StageStats()
        self.converters = FieldConverters(sql, tags_for_all=tags_for_all)
        self._seen: set[int] = set()
        self._dups: dict[int, int] = {}
        self._seq = 0
        self._tier_memo: dict[tuple[Any, ...], str] = {}

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

    def stage(
        self,
        rows: Iterator[tuple[int, list[Any]]],
        *,
        reject: Callable[[int, list[Any], RejectReason], None],
        progress: Progress | None,
        total: int,
        write: Callable[[list[tuple[Any, ...]]], None] | None = None,
    ) -> StageStats:
        """Read every (row number, row) into ``import_rows``; rejects go to ``reject``.
        ``write``, if given, takes each batch of staged tuples instead (``write_batch``
        on another thread)."""
        write = write or self.write_batch
        stats = self.stats
        with gc_paused():
            while batch := list(itertools.islice(rows, BATCH_ROWS)):
                staged = self._stage_batch(batch, reject)
                if staged:
                    write(staged)
                    stats.staged += len(staged)
                if progress is not None:
                    progress.check()
                    progress.update(stats.rows, max(total, stats.rows), "read")
        stats.bad_values = dict(self.converters.bad_values)
        self._seen = set()
        self._dups = {}
        return stats

    def write_batch(self, staged: list[tuple[Any, ...]]) -> None:
        """Insert staged tuples (``seq`` first, ``dup`` third) into ``import_rows``."""
        self.sql.insert_rows("import_rows", self.columns, staged)

    def _stage_batch(
        self,
        batch: list[tuple[int, list[Any]]],
        reject: Callable[[int, list[Any], RejectReason], None],
    ) -> list[tuple[Any, ...]]:
        """Classify the numbers of a batch, drop rejects and repeats, convert the mapped
        columns a column at a time, and return the staged tuples."""
        stats = self.stats
        seen, dups = self._seen, self._dups
        skip_duplicates = self.skip_duplicates and not self.purchases
        numbers = column([row for _, row in batch], self.number_column)
        found = list(map(self.parser.classify, numbers))
        kept_rows: list[list[Any]] = []
        kept_found: list[tuple[str, ...]] = []
        row_numbers: list[int] = []
        repeats: list[int] = []
        empty = RejectReason.EMPTY
        for (row_number, row), info in zip(batch, found, strict=True):
            if info.__class__ is RejectReason:
                if info is empty and all(v is None or v == "" for v in row):
                    continue  # a blank line is not a row
                stats.rows += 1
                self._reject(reject, row_number, row, info)
                continue
            stats.rows += 1
            key = int(info[0][1:])
            dup = 0
            if key in seen:
                if skip_duplicates:
                    self._reject(reject, row_number, row, RejectReason.DUPLICATE_IN_FILE)
                    self._late_opt_out(info[0], row_number, row)
                    continue
                dup = dups[key] = dups.get(key, 0) + 1
                if dup > stats.max_dup:
                    stats.max_dup = dup
            else:
                seen.add(key)
            kept_rows.append(row)
            kept_found.append(info)  # type: ignore[arg-type]
            row_numbers.append(row_number)
            repeats.append(dup)
        if self.purchases:
            self._drop_rows_without_date(kept_rows, kept_found, row_numbers, repeats, reject)
        if not kept_rows:
            return []
        e164s, regions, carriers, provinces, cities, zones = zip(*kept_found, strict=True)
        extra, moments = self._columns(kept_rows)
        if self.purchases:
            tiers: list[str | None] = [None] * len(kept_rows)
        else:
            tiers = self._tiers(repeats, moments)
        start = self._seq
        self._seq += len(kept_rows)
        return list(
            zip(
                range(start + 1, self._seq + 1),
                e164s,
                repeats,
                row_numbers,
                regions,
                carriers,
                provinces,
                cities,
                zones,
                tiers,
                *extra,
                strict=True,
            )
        )

    def _late_opt_out(self, e164: str, row_number: int, row: list[Any]) -> None:
        """A repeated row that is rejected may still say "opted out": keep that."""
        index = self.columns_by_field.get("opted_out", -1)
        if index >= 0 and self.converters.opted_out(column([row], index))[0]:
            self.stats.late_opt_outs.append((e164, row_number))

    def _drop_rows_without_date(
        self,
        kept_rows: list[list[Any]],
        kept_found: list[tuple[str, ...]],
        row_numbers: list[int],
        repeats: list[int],
        reject: Callable[[int, list[Any], RejectReason], None],
    ) -> None:
        dates = self.converters.purchase_date(
            column(kept_rows, self.columns_by_field.get("purchase_date", -1))
        )
        for i in reversed(range(len(kept_rows))):
            if dates[i] is None:
                if repeats[i] == 0:
                    self._seen.discard(int(kept_found[i][0][1:]))
                self._reject(reject, row_numbers[i], kept_rows[i], RejectReason.MISSING_DATE)
                del kept_rows[i], kept_found[i], row_numbers[i], repeats[i]

    def _columns(self, rows: list[list[Any]]) -> tuple[list[Column], dict[str, Column]]:
        """The optional staged columns, in table order, and the moments the tier needs."""
        conv = self.converters
        index = self.columns_by_field.get
        extra: list[Column] = []
        moments: dict[str, Column] = {}
        for group in self.groups:
            cells = column(rows, index(group, -1))
            if group == "name":
                extra.append(names(cells))
            elif group == "tags":
                extra.append(conv.tags(cells))
            elif group == "birthday":
                born = conv.birthday(cells)
                extra.append([b[0] if b else None for b in born])
                extra.append([b[1] if b else None for b in born])
            elif group == "notes":
                extra.append(texts(cells))
            elif group in ("first_purchase", "purchase_date"):
                found = getattr(conv, group)(cells)
                extra.append([f[0] if f else None for f in found])
                moments[group] = [f[1] if f else None for f in found]
            elif group == "purchase_count":
                moments[group] = counts = conv.purchase_count(cells)
                extra.append(counts)
            elif group == "purchase_amount":
                moments[group] = cents = amounts(cells, conv.purchase_amount)
                extra.append(cents)
            elif group == "purchase_reference":
                extra.append(texts(cells, 80))
            elif group == "fields":
                extra.append(conv.fields(rows, self.custom_columns))
            elif group == "tier_override":
                moments[group] = overrides = conv.tier_override(cells)
                extra.append(overrides)
            elif group in ("suspect", "opted_out"):
                extra.append(getattr(conv, group)(cells))
            elif group == "consent":
                consent = self.consent
                *four, consent_times = conv.consent(
                    rows,
                    self.columns_by_field,
                    scope=consent.scope,
                    method=consent.method,
                    source=consent.source,
                    consented_at=consent.consented_at,
                    now=self.now,
                )
                extra.extend(four)
                moments["consent"] = consent_times
        return extra, moments

    def _tiers(self, repeats: list[int], moments: dict[str, Column]) -> list[str | None]:
        """The tier of each first occurrence (repeats keep the first's), memoised on its
        inputs: most rows share a handful of purchase dates."""
        count = len(repeats)
        none: Column = [None] * count
        firsts = moments.get("first_purchase", none)
        lasts = moments.get("purchase_date", none)
        purchases = moments.get("purchase_count", none)
        totals = moments.get("purchase_amount", none)
        overrides = moments.get("tier_override", none)
        consents = moments.get("consent", none)
        memo = self._tier_memo
        cutoffs, now = self.cutoffs, self.now
        result: list[str | None] = []
        for i in range(count):
            if repeats[i]:
                result.append(None)
                continue
            last = lasts[i]
            key = (consents[i], firsts[i], last, purchases[i], totals[i], overrides[i])
            tier = memo.get(key)
            if tier is None:
                made = purchases[i]
                if made is None:
                    made = 1 if last is not None else 0
                tier = tier_for(
                    cutoffs,
                    created_at=now,
                    first_consent_at=consents[i],
                    first_purchase_at=firsts[i] or last,
                    last_purchase_at=last,
                    purchase_count=made,
                    purchase_total_cents=totals[i] or 0,
                    tier_override=overrides[i],
                )
                if len(memo) < 200_000:
                    memo[key] = tier
            result.append(tier)
        return result

    def _reject(
        self,
        reject: Callable[[int, list[Any], RejectReason], None],
        row_number: int,
        row: list[Any],
        reason: RejectReason,
    ) -> None:
        stats = self.stats
        stats.rejected += 1
        code = _REASON_CODES[reason]
        stats.rejects_by_reason[code] = stats.rejects_by_reason.get(code, 0) + 1
        reject(row_number, row, reason)


_gc_lock = threading.Lock()
_gc_pauses = 0


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while staging: a million rows allocate tens of
    millions of short-lived lists and tuples, none in cycles, and the collector's passes
    over them cost a quarter of the loop. Nested and concurrent pauses are counted."""
    global _gc_pauses
    with _gc_lock:
        _gc_pauses += 1
        if _gc_pauses == 1:
            gc.disable()
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0:
                gc.enable()


def stage_rows(
    table_rows: Iterator[list[Any]], *, first_row: int, skip: int
) -> Iterator[tuple[int, list[Any]]]:
    """(spreadsheet row number, row) for the rows below the header."""
    return zip(itertools.count(first_row + skip), itertools.islice(table_rows, skip, None))
