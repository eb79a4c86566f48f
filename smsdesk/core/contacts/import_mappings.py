"""Column mappings the user saved, found again by the file's header set.

Shops export the same report every month; the second import should need no mapping at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from smsdesk.core.contacts.columns import parse_field
from smsdesk.core.contacts.header_detection import header_key
from smsdesk.core.db.models import ImportMapping
from smsdesk.core.errors import ValidationError


def load_mapping(session: Session, headers: Sequence[object]) -> dict[int, str] | None:
    """The saved mapping for exactly this header set, or None."""
    row = session.scalar(
        select(ImportMapping).where(ImportMapping.header_key == header_key(headers))
    )
    if row is None:
        return None
    try:
        return {int(index): parse_field(str(field)) for index, field in row.mapping.items()}
    except (ValueError, ValidationError):
        return None  # saved by another version with fields this one does not know


def save_mapping(session: Session, headers: Sequence[object], mapping: Mapping[int, str]) -> None:
    key = header_key(headers)
    row = session.scalar(select(ImportMapping).where(ImportMapping.header_key == key))
    stored = {str(index): field for index, field in sorted(mapping.items())}
    titles = ["" if h is None else str(h) for h in headers]
    if row is None:
        session.add(ImportMapping(header_key=key, headers=titles, mapping=stored))
    else:
        row.headers = titles
        row.mapping = stored
