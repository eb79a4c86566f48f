"""Finding the header row and suggesting what each column means.

Exported lists often start with a title ("2024年会员名单") or blank rows, so the header is the
first of the top rows whose cells name known fields, and the number column is the one a
synonym names (手机号码, 电话, mobile ...) or, failing that, the one whose cells are mostly
valid mobiles. A file without a header row gets "Column A", "Column B" ... and the same
content test.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from smsdesk.core.contacts.columns import (
    SINGLE_FIELDS,
    ImportField,
    custom_field,
    field_for_header,
    header_word,
)
from smsdesk.core.contacts.numbers import NumberParser, RejectReason

SCAN_ROWS = 20
_MIN_NUMBER_SHARE = 0.5


@dataclass
class HeaderGuess:
    """Where the header is (index into the rows given, None for none), the column titles to
    show, and the suggested field per column index."""

    header_row: int | None
    headers: list[str]
    mapping: dict[int, str]

    @property
    def width(self) -> int:
        return len(self.headers)

    def number_column(self) -> int | None:
        return next(
            (i for i, f in sorted(self.mapping.items()) if f == ImportField.NUMBER.value), None
        )


def column_letter(index: int) -> str:
    """0 → "A", 25 → "Z", 26 → "AA" (as spreadsheets name columns)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def header_key(headers: Sequence[object]) -> str:
    """A stable key for a header set (saved mappings are found by it)."""
    joined = "\x1f".join(header_word(h) for h in headers)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def number_share(rows: Sequence[Sequence[object]], column: int, parser: NumberParser) -> float:
    """The share of non-empty cells in ``column`` that are valid mobiles."""
    seen = valid = 0
    for row in rows:
        if column >= len(row) or _is_blank(row[column]):
            continue
        seen += 1
        if not isinstance(parser.classify(row[column]), RejectReason):
            valid += 1
    return valid / seen if seen else 0.0


def detect(rows: Sequence[Sequence[object]], *, parser: NumberParser | None = None) -> HeaderGuess:
    """Guess the header row and a mapping from the first rows of a file."""
    parser = parser or NumberParser()
    top = [list(row) for row in rows[:SCAN_ROWS]]
    width = max((len(row) for row in top), default=0)
    header_row = _find_header_row(top)
    if header_row is None:
        header_row = _unnamed_header_row(top, width, parser)
    if header_row is None:
        headers = [column_letter(i) for i in range(width)]
        mapping = dict.fromkeys(range(width), ImportField.IGNORE.value)
        named: list[int] = []
        data = top
    else:
        raw = top[header_row] + [None] * (width - len(top[header_row]))
        headers = [
            str(value).strip() if not _is_blank(value) else column_letter(i)
            for i, value in enumerate(raw)
        ]
        mapping, named = _mapping_from_headers(raw)
        data = top[header_row + 1 :]
    _settle_number_column(mapping, named, data, width, parser)
    return HeaderGuess(header_row=header_row, headers=headers, mapping=mapping)


def _find_header_row(rows: list[list[object]]) -> int | None:
    best, best_score = None, 0
    for index, row in enumerate(rows):
        fields = [field_for_header(cell) for cell in row if isinstance(cell, str)]
        if ImportField.NUMBER in fields:
            return index
        score = sum(1 for f in fields if f is not None and f is not ImportField.IGNORE)
        if score >= 2 and score > best_score:
            best, best_score = index, score
    return best


def _unnamed_header_row(rows: list[list[object]], width: int, parser: NumberParser) -> int | None:
    """Row 0 is a header with unknown words if a column holds numbers below a text cell."""
    if len(rows) < 2:
        return None
    for column in range(width):
        if number_share(rows[1:], column, parser) >= _MIN_NUMBER_SHARE:
            first = rows[0][column] if column < len(rows[0]) else None
            is_number = not _is_blank(first) and not isinstance(
                parser.classify(first), RejectReason
            )
            return 0 if isinstance(first, str) and not is_number else None
    return None


def _mapping_from_headers(headers: list[object]) -> tuple[dict[int, str], list[int]]:
    """The mapping the header words suggest, and every column a number synonym names."""
    mapping: dict[int, str] = {}
    number_columns: list[int] = []
    taken: set[ImportField] = set()
    for index, header in enumerate(headers):
        found = field_for_header(header)
        if found is ImportField.NUMBER:
            number_columns.append(index)
        if found is None:
            mapping[index] = custom_field(header) if not _is_blank(header) else "ignore"
        elif found in SINGLE_FIELDS and found in taken:
            mapping[index] = (
                ImportField.IGNORE.value if found is ImportField.NUMBER else custom_field(header)
            )
        else:
            taken.add(found)
            mapping[index] = found.value
    return mapping, number_columns


def _settle_number_column(
    mapping: dict[int, str],
    named: list[int],
    data: list[list[object]],
    width: int,
    parser: NumberParser,
) -> None:
    """Make the column that really holds the mobiles the number column: of the columns a
    synonym names, the one with most valid mobiles; if none of them holds mobiles, the
    column that does."""
    if not data:
        return
    shares = {i: number_share(data, i, parser) for i in range(width)}
    best = max(named, key=lambda i: shares[i], default=None)
    if best is None or shares[best] < _MIN_NUMBER_SHARE:
        by_content = max(range(width), key=lambda i: shares[i], default=None)
        if by_content is not None and shares[by_content] >= _MIN_NUMBER_SHARE:
            best = by_content
    if best is None:
        return
    for index in named:
        if index != best:
            mapping[index] = ImportField.IGNORE.value
    mapping[best] = ImportField.NUMBER.value
