"""How the mapped columns of a batch of rows become staged values, a column at a time.

An import converts a million rows; calling a function per cell costs more than the
conversion itself. So each field is converted for a whole batch with one list
comprehension, and values that repeat (tags, dates, store names, yes/no) go through a cache:
a dictionary lookup per cell, the real conversion once per distinct value.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from smsdesk.core.contacts import import_values as values
from smsdesk.core.contacts.bulk_sql import BulkSQL
from smsdesk.core.enums import ConsentScope

NAME_MAX = 100
CACHE_LIMIT = 50_000
_MISSING = object()
_BAD = object()
_encode = json.encoder.encode_basestring

Rows = Sequence[list[Any]]
Column = list[Any]


def column(rows: Rows, index: int) -> Column:
    """The cells at ``index`` (None where a ragged CSV row is short)."""
    if index < 0:
        return [None] * len(rows)
    try:
        return [row[index] for row in rows]
    except IndexError:
        return [row[index] if index < len(row) else None for row in rows]


class CachedConverter:
    """``convert`` applied to a column, once per distinct value. Empty cells give None;
    unreadable values give None and are counted under ``name``."""

    def __init__(self, name: str, convert: Callable[[Any], Any], bad: dict[str, int]) -> None:
        self.name = name
        self.convert = convert
        self.bad = bad
        self.cache: dict[Any, Any] = {None: None, "": None}

    def _slow(self, raw: Any) -> Any:
        try:
            result = self.convert(raw)
        except (ValueError, OverflowError, ArithmeticError):
            result = _BAD
        try:
            if len(self.cache) < CACHE_LIMIT:
                self.cache[raw] = result
        except TypeError:  # unhashable: never cached
            pass
        return result

    def __call__(self, cells: Column) -> Column:
        get = self.cache.get
        try:
            found = [get(raw, _MISSING) for raw in cells]
        except TypeError:
            found = [_MISSING] * len(cells)
        for i, value in enumerate(found):
            if value is _MISSING:
                found[i] = value = self._slow(cells[i])
            if value is _BAD:
                self.bad[self.name] = self.bad.get(self.name, 0) + 1
                found[i] = None
        return found


def names(cells: Column) -> Column:
    return [
        (raw.strip()[:NAME_MAX] or None)
        if raw.__class__ is str
        else (None if raw is None else values.text(raw, limit=NAME_MAX))
        for raw in cells
    ]


def texts(cells: Column, limit: int | None = None) -> Column:
    return [
        (raw.strip()[:limit] or None)
        if raw.__class__ is str
        else (None if raw is None else values.text(raw, limit=limit))
        for raw in cells
    ]


def amounts(cells: Column, fallback: CachedConverter) -> Column:
    """Cents: floats (what calamine gives) by arithmetic, anything else parsed."""
    result: Column = []
    add = result.append
    for raw in cells:
        if raw.__class__ is float:
            scaled = raw * 100
            cents = round(scaled)
            add(cents if abs(scaled - cents) <= 1e-6 else values.parse_amount_cents(raw))
        elif raw is None or raw == "":
            add(None)
        else:
            add(fallback([raw])[0])
    return result


class FieldConverters:
    """The converters of one import (their caches live as long as the import)."""

    def __init__(self, sql: BulkSQL, *, tags_for_all: tuple[str, ...]) -> None:
        self.sql = sql
        self.bad_values: dict[str, int] = {}
        self.tags_for_all = tags_for_all
        bad = self.bad_values
        self.tags = CachedConverter("tags", self._tags_json, bad)
        self.tags.cache[None] = self.tags.cache[""] = self._tags_json(None)
        self.birthday = CachedConverter("birthday", self._birthday, bad)
        self.first_purchase = CachedConverter("first_purchase", self._moment, bad)
        self.purchase_date = CachedConverter("purchase_date", self._moment, bad)
        self.purchase_count = CachedConverter("purchase_count", values.parse_count, bad)
        self.purchase_amount = CachedConverter("purchase_amount", values.parse_amount_cents, bad)
        self.custom = CachedConverter("custom", self._encoded, bad)
        self.tier_override = CachedConverter("tier_override", _tier_value, bad)
        self.suspect = CachedConverter("suspect", self._flag, bad)
        self.opted_out = CachedConverter("opted_out", self._flag, bad)
        self.consent_scope = CachedConverter("consent_scope", _scope_value, bad)
        self.consent_method = CachedConverter("consent_method", _method_value, bad)
        self.consent_time = CachedConverter("consent_time", values.parse_datetime, bad)
        self.consent_source = CachedConverter(
            "consent_source", lambda raw: values.text(raw, limit=200), bad
        )

    def _tags_json(self, raw: Any) -> str | None:
        found = dict.fromkeys(values.split_tags(raw) + self.tags_for_all)
        return json.dumps(list(found), ensure_ascii=False) if found else None

    def _moment(self, raw: Any) -> tuple[Any, datetime] | None:
        found = values.parse_datetime(raw)
        return None if found is None else (self.sql.datetime(found), found)

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

    def _flag(self, raw: Any) -> Any:
        return self.sql.boolean(values.parse_bool(raw))

    @staticmethod
    def _encoded(raw: Any) -> str | None:
        text = values.text(raw, limit=500)
        return None if text is None else _encode(text)

    def fields(self, rows: Rows, custom_columns: list[tuple[int, str]]) -> Column:
        """Custom fields as JSON objects (None where the row has none)."""
        keyed = [(_encode(key), self.custom(column(rows, index))) for index, key in custom_columns]
        result: Column = []
        for i in range(len(rows)):
            parts = [f"{key}:{cells[i]}" for key, cells in keyed if cells[i] is not None]
            result.append("{" + ",".join(parts) + "}" if parts else None)
        return result

    def consent(
        self,
        rows: Rows,
        indexes: dict[str, int],
        *,
        scope: str | None,
        method: str | None,
        source: str,
        consented_at: datetime | None,
        now: datetime,
    ) -> tuple[Column, Column, Column, Column, list[datetime | None]]:
        """(scope, method, ISO time, source) columns, plus each row's consent time."""
        count = len(rows)
        scopes = self.consent_scope(column(rows, indexes.get("consent_scope", -1)))
        methods = self.consent_method(column(rows, indexes.get("consent_method", -1)))
        times = self.consent_time(column(rows, indexes.get("consent_time", -1)))
        sources = self.consent_source(column(rows, indexes.get("consent_source", -1)))
        out: tuple[Column, Column, Column, Column] = ([], [], [], [])
        moments: list[datetime | None] = []
        none = ConsentScope.NONE.value
        for i in range(count):
            row_scope = scopes[i] or scope
            row_method = methods[i] or method
            row: tuple[Any, Any, Any, Any]
            if row_scope is None or row_scope == none:
                row = (None, None, None, None)
                moment = None
            elif row_method is None:
                self.bad_values["consent_method"] = self.bad_values.get("consent_method", 0) + 1
                row = (None, None, None, None)
                moment = None
            else:
                moment = times[i] or consented_at or now
                row = (row_scope, row_method, moment.isoformat(), sources[i] or source)
            for target, value in zip(out, row, strict=True):
                target.append(value)
            moments.append(moment)
        return (*out, moments)


def _tier_value(raw: Any) -> str | None:
    found = values.parse_tier(raw)
    return None if found is None else found.value


def _scope_value(raw: Any) -> str | None:
    found = values.parse_scope(raw)
    return None if found is None else found.value


def _method_value(raw: Any) -> str | None:
    found = values.parse_method(raw)
    return None if found is None else found.value
