"""Rule 6: every variable is declared, no value is empty, and no value brings a link, number or
handle into the message (a recipient's name field holding "加V abc123" would)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from smsdesk.core.compliance.contact_detection import detect_text
from smsdesk.core.compliance.context import CheckContext
from smsdesk.core.compliance.findings import Finding, Severity
from smsdesk.core.compliance.rules import finding, fix
from smsdesk.core.compliance.text_view import TextView
from smsdesk.core.compliance.variables import PLACEHOLDER

_WHAT = {
    "link": ("链接", "a link"),
    "ip": ("IP地址", "an IP address"),
    "phone": ("电话号码", "a phone number"),
    "handle": ("联系方式", "a contact handle"),
}
_VALUE_PREVIEW = 24
# Without one of these characters a value can hold no link, number or handle.
_SUSPECT = re.compile(
    r"[0-9０-９.。．点@:/：微薇威信扣企vVwWqQ一二三四五六七八九零〇壹贰叁肆伍陆柒捌玖幺①-⑼]"
)


def injected_kind(value: str) -> str | None:
    """The kind of the first link, IP, phone number or handle in ``value``, if any."""
    if not _SUSPECT.search(value):
        return None  # the common case, a name or a coupon text: no need to look closer
    items = detect_text(value)
    return items[0].kind if items else None


def check(view: TextView, context: CheckContext) -> list[Finding]:
    found: list[Finding] = []
    first_use: dict[str, tuple[int, int]] = {}
    known = sorted(context.variables)
    for match in PLACEHOLDER.finditer(view.text, view.body_start, view.body_end):
        name = match.group(1)
        if name in context.variables:
            first_use.setdefault(name, match.span())
            continue
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        repair = (
            fix(
                match.start(), match.end(), f"{{{close[0]}}}", "fix.replace", text=f"{{{close[0]}}}"
            )
            if close
            else None
        )
        found.append(
            finding(
                "variable.unknown",
                Severity.ERROR,
                match.start(),
                match.end(),
                fix=repair,
                name=name,
                known=" ".join(f"{{{k}}}" for k in known) or "—",
            )
        )
    for name, (start, end) in first_use.items():
        found += _value_findings(name, start, end, context)
    return found


def _value_findings(name: str, start: int, end: int, context: CheckContext) -> list[Finding]:
    found: list[Finding] = []
    sample = context.variables[name]
    others = list(dict.fromkeys(context.recipient_values.get(name, ())))
    empty_recipients = sum(1 for value in others if not str(value).strip())
    if not str(sample).strip() or empty_recipients:
        found.append(
            finding(
                "variable.empty",
                Severity.ERROR,
                start,
                end,
                name=name,
                who_zh=f"（{empty_recipients}个收件人）" if empty_recipients else "",
                who_en=f" for {empty_recipients} recipient(s)" if empty_recipients else "",
            )
        )
    for value in _values(sample, others):
        kind = injected_kind(value)
        if kind:
            shown = value if len(value) <= _VALUE_PREVIEW else value[:_VALUE_PREVIEW] + "…"
            zh, en = _WHAT[kind]
            found.append(
                finding(
                    "variable.injection",
                    Severity.ERROR,
                    start,
                    end,
                    name=name,
                    value=shown,
                    what_zh=zh,
                    what_en=en,
                )
            )
            break
    return found


def _values(sample: str, others: Iterable[str]) -> Iterable[str]:
    yield str(sample)
    for value in others:
        if value and value != sample:
            yield str(value)
