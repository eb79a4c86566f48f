"""Rule 1 and the first provider review rule: one registered 【signature】 of 2–12 characters,
at the start (or the end), and no second 【】 inside the body."""

from __future__ import annotations

import re

from smsdesk.core.compliance.context import CheckContext
from smsdesk.core.compliance.findings import Finding, Severity
from smsdesk.core.compliance.rules import finding, fix
from smsdesk.core.compliance.text_view import TextView

MIN_LENGTH, MAX_LENGTH = 2, 12

# A signature written in the wrong brackets at the start: [XX], ［XX］, 〖XX〗, 〔XX〕, 「XX」.
# Parentheses are left alone: "(限时)全场5折" is wording, not a signature.
_LOOKALIKE = re.compile(r"\A\s*([\[［〖〔「『])([^\]］〗〕」』\n]{2,12})([\]］〗〕」』])")
_BRACKETED = re.compile(r"【([^【】\n]*)】|[【】]")


def check(view: TextView, context: CheckContext) -> list[Finding]:
    found: list[Finding] = []
    known = sorted(context.signatures) if context.signatures is not None else []
    signature = view.signature
    if signature is None:
        if context.domestic:
            found.append(_missing(view, known))
    else:
        name = signature.name.strip()
        if not MIN_LENGTH <= len(name) <= MAX_LENGTH:
            found.append(
                finding(
                    "signature.length",
                    Severity.ERROR,
                    signature.start,
                    signature.end,
                    name=name,
                    count=len(name),
                )
            )
        elif context.signatures is not None and name not in context.signatures:
            fixes = tuple(
                fix(signature.start + 1, signature.end - 1, other, "fix.use_signature", name=other)
                for other in known[:4]
            )
            found.append(
                finding(
                    "signature.unregistered",
                    Severity.ERROR,
                    signature.start,
                    signature.end,
                    fix=fixes[0] if fixes else None,
                    alternatives=fixes[1:],
                    name=name,
                    known="、".join(known) or "—",
                )
            )
    for match in _BRACKETED.finditer(view.text, view.body_start, view.body_end):
        inner = match.group(1)
        found.append(
            finding(
                "template.extra_brackets",
                Severity.ERROR,
                match.start(),
                match.end(),
                fix=fix(match.start(), match.end(), inner or "", "fix.unbracket"),
            )
        )
    return found


def _missing(view: TextView, known: list[str]) -> Finding:
    lookalike = _LOOKALIKE.match(view.text)
    if lookalike:
        name = lookalike.group(2).strip()
        return finding(
            "signature.brackets",
            Severity.ERROR,
            lookalike.start(1),
            lookalike.end(3),
            fix=fix(lookalike.start(1), lookalike.end(3), f"【{name}】", "fix.brackets"),
            found=lookalike.group(1) + lookalike.group(3),
        )
    fixes = tuple(fix(0, 0, f"【{name}】", "fix.use_signature", name=name) for name in known[:4])
    return finding(
        "signature.missing",
        Severity.ERROR,
        0,
        0,
        fix=fixes[0] if fixes else None,
        alternatives=fixes[1:],
    )
