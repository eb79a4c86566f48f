"""The checker's rules, one module per family of DOMAIN.md's content rules.

Each module has ``check(view, context) -> list[Finding]``; ``finding`` and ``fix`` build the
values with their sentences from ``messages``.
"""

from __future__ import annotations

from typing import Any

from smsdesk.core.compliance import messages
from smsdesk.core.compliance.findings import Finding, Fix, Severity
from smsdesk.core.enums import Carrier


def finding(
    rule: str,
    severity: Severity,
    start: int,
    end: int,
    *,
    message: str | None = None,
    fix: Fix | None = None,
    alternatives: tuple[Fix, ...] = (),
    carriers: frozenset[Carrier] = frozenset(),
    **params: Any,
) -> Finding:
    """A finding for ``rule`` whose sentence is catalogue entry ``message`` (default: the
    rule id) filled with ``params``."""
    zh, en = messages.text(message or rule, **params)
    return Finding(rule, severity, start, end, zh, en, fix, alternatives, carriers)


def fix(start: int, end: int, replacement: str, label: str, **params: Any) -> Fix:
    """Replace ``[start, end)`` with ``replacement``; ``label`` is a ``fix.*`` catalogue id."""
    zh, en = messages.text(label, **params)
    return Fix(start, end, replacement, zh, en)


def is_latin(text: str) -> bool:
    """Text without any CJK character: fixes are offered in English then."""
    return not any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


CLOSING_PUNCTUATION = "。.!！?？~～…、,，;；:：)）\"”'’ \n\t"
