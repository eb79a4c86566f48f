"""The compliance checker: what a carrier, a provider or the law would reject in a message, why,
and how to fix it (DOMAIN.md, Content rules; Length and cost).

``check`` takes the text as sent, ``【signature】 + body`` (or body + 【signature】), with
``{variables}`` still in it; spans in the report are indices into that text. Length and parts
are those of the longest message the recipients can get: each variable filled with the longest
of its sample and recipients' values.

Typical use::

    report = check("【XX生鲜】{name}，今晚20:00前下单享8折，拒收请回复R",
                   CheckContext(variables={"name": "张先生"}))
    report.ok, report.parts, [f.rule for f in report.findings]
"""

from __future__ import annotations

from collections.abc import Callable

from smsdesk.core.compliance import carrier_rules
from smsdesk.core.compliance.context import CheckContext
from smsdesk.core.compliance.findings import Encoding, Finding, Fix, Report, Severity
from smsdesk.core.compliance.length import measure
from smsdesk.core.compliance.rules import (
    contact_info,
    opt_out,
    provider_review,
    quality,
    signature,
    variable_values,
    words,
)
from smsdesk.core.compliance.text_view import TextView
from smsdesk.core.compliance.variables import render, worst_case_values
from smsdesk.core.enums import Carrier

__all__ = [
    "CheckContext",
    "Encoding",
    "Finding",
    "Fix",
    "Report",
    "Severity",
    "carrier_blocks",
    "check",
]

Rule = Callable[[TextView, CheckContext], list[Finding]]
RULES: tuple[Rule, ...] = (
    signature.check,
    opt_out.check,
    contact_info.check,
    words.check,
    provider_review.check,
    variable_values.check,
    quality.check,
)


def check(text: str, context: CheckContext | None = None) -> Report:
    """Every finding for ``text`` under ``context``, and its worst-case length."""
    context = context or CheckContext()
    view = TextView(text)
    found: list[Finding] = []
    for rule in RULES:
        found.extend(rule(view, context))
    found.sort(key=Finding.sort_key)
    values = worst_case_values(context.variables, context.recipient_values)
    encoding, chars, parts = measure(render(text, values, strict=False) if values else text)
    return Report(encoding=encoding, chars=chars, parts=parts, findings=tuple(found))


def carrier_blocks(text: str, context: CheckContext | None = None) -> set[Carrier]:
    """The carriers among ``context.carriers`` that would refuse ``text`` because of carrier
    rules alone (an unregistered link, IP address, phone number or handle), judged on
    ``context.today``. Cheap: runs only the link and contact detection.

    The campaign planner asks this once per template and holds those carriers' recipients
    back; the other rules are carrier-independent and decide whether the template may be sent
    at all.
    """
    context = context or CheckContext()
    today = context.today or carrier_rules.china_today()
    view = TextView(text)
    blocked: set[Carrier] = set()
    for item in contact_info.unregistered_items(view, context):
        blocked.update(contact_info.blocking_carriers(item.kind, context, today))
    return blocked
