"""The formula-injection guard for CSV cells, and its exact inverse for the importer.

A spreadsheet program opening a CSV runs any cell that begins with ``=``, ``+``, ``-`` or
``@`` (and, in some, tab or carriage return) as a formula (OWASP "CSV injection"). The usual
guard puts an apostrophe in front, which spreadsheets show as text. To keep the export
lossless, a value that already begins with apostrophes followed by one of those characters
gets one more apostrophe, so ``unguard(guard(v)) == v`` for every string.

In .xlsx the exporter writes every user-supplied value as a string cell, so no guard is needed
there and none is added.
"""

from __future__ import annotations

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _needs_guard(value: str) -> bool:
    return value.lstrip("'").startswith(TRIGGERS)


def guard(value: str) -> str:
    """The CSV form of a text value."""
    return "'" + value if _needs_guard(value) else value


def unguard(value: str) -> str:
    """The value ``guard`` was given (cells not guarded come back unchanged)."""
    if value.startswith("'") and _needs_guard(value[1:]):
        return value[1:]
    return value
