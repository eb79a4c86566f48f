"""Rule 2: a marketing message states how to opt out, free of charge, with a keyword the reply
interpreter recognises (拒收请回复R, 退订回T, 回T退订, 回复TD退订, Reply STOP to opt out)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from smsdesk.core.compliance.context import CheckContext
from smsdesk.core.compliance.findings import Finding, Severity
from smsdesk.core.compliance.rules import CLOSING_PUNCTUATION, finding, fix, is_latin
from smsdesk.core.compliance.text_view import TextView

DEFAULT_TEXT_ZH = "拒收请回复R"
DEFAULT_TEXT_EN = "Reply STOP to opt out"
# DOMAIN.md, Opt-out: the keywords replies are recognised by (compared folded).
KEYWORDS = frozenset(
    [
        "t",
        "td",
        "r",
        "n",
        "0000",
        "退订",
        "取消",
        "拒收",
        "stop",
        "stopall",
        "unsubscribe",
        "cancel",
        "end",
        "quit",
        "optout",
        "revoke",
    ]
)

_Q = r"[\"'“”‘’「」『』]?"
_KEY = r"([a-z0-9]{1,11}|退订|拒收|取消)"
_PATTERNS = (
    # 回T退订, 回复TD退订, 回复'T'退订, 发送R拒收
    re.compile(
        rf"(?:回复|回|发送|发)\s*{_Q}\s*{_KEY}\s*{_Q}\s*(?:即可|可|就可)?\s*"
        r"(?:退订|拒收|退(?![款货])|取消订阅)"
    ),
    # 拒收请回复R, 退订回T, 如需退订请回复TD
    re.compile(
        r"(?:退订|拒收|取消订阅|不想再?收到|不再接收)[^，。,.!！;；\n]{0,4}?\s*(?:请|可|即可)?\s*"
        rf"(?:回复|回|发送|发)\s*{_Q}\s*{_KEY}(?![a-z0-9])\s*{_Q}"
    ),
    # 回复退订
    re.compile(rf"(?:回复|回|发送)\s*{_Q}\s*(退订|拒收)\s*{_Q}"),
    # Reply STOP to opt out, Text STOP to unsubscribe, STOP to end
    re.compile(
        r"(?:(?:reply|text|txt|send|respond)\s+(?:with\s+)?)?[\"'“”]?(?<![a-z])([a-z0-9]{1,11})"
        r"[\"'”]?\s+to\s+(?:opt[\s-]?out|unsubscribe|stop|cancel|end|quit)(?![a-z])"
    ),
)


@dataclass(frozen=True)
class OptOutText:
    start: int
    end: int
    keyword: str
    keyword_start: int
    keyword_end: int


def find(view: TextView) -> OptOutText | None:
    """The last opt-out statement in the body, if any."""
    best: OptOutText | None = None
    for pattern in _PATTERNS:
        for match in pattern.finditer(view.folded, view.body_start, view.body_end):
            candidate = OptOutText(
                match.start(), match.end(), match.group(1), match.start(1), match.end(1)
            )
            if pattern is _PATTERNS[3] and candidate.keyword not in KEYWORDS:
                continue  # "Up to 50 to end" is not an opt-out
            if best is None or candidate.end > best.end:
                best = candidate
    return best


def check(view: TextView, context: CheckContext) -> list[Finding]:
    if not context.marketing:
        return []
    statement = find(view)
    if statement is None:
        return [_missing(view)]
    found: list[Finding] = []
    if statement.keyword not in KEYWORDS:
        found.append(
            finding(
                "optout.keyword",
                Severity.WARNING,
                statement.keyword_start,
                statement.keyword_end,
                fix=fix(
                    statement.keyword_start, statement.keyword_end, "R", "fix.replace", text="R"
                ),
                keyword=view.text[statement.keyword_start : statement.keyword_end],
            )
        )
    rest = view.text[statement.end : view.body_end]
    if rest.strip(CLOSING_PUNCTUATION):
        found.append(_not_at_end(view, statement, rest))
    return found


def _missing(view: TextView) -> Finding:
    body = view.body
    latin = is_latin(body)
    statement = DEFAULT_TEXT_EN if latin else DEFAULT_TEXT_ZH
    trimmed_end = view.body_start + len(body.rstrip())
    tail = view.text[view.body_start : trimmed_end]
    if latin:
        insert = (" " if tail else "") + statement
    else:
        insert = statement if not tail or tail[-1] in CLOSING_PUNCTUATION else "，" + statement
    return finding(
        "optout.missing",
        Severity.ERROR,
        view.body_end,
        view.body_end,
        fix=fix(trimmed_end, view.body_end, insert, "fix.append", text=statement),
    )


def _not_at_end(view: TextView, statement: OptOutText, rest: str) -> Finding:
    moved = view.text[statement.start : statement.end]
    body_rest = rest.lstrip("，,、;； ").rstrip()
    separator = "" if body_rest[-1:] in tuple(CLOSING_PUNCTUATION) else "，"
    return finding(
        "optout.not_at_end",
        Severity.HINT,
        statement.start,
        statement.end,
        fix=fix(statement.start, view.body_end, body_rest + separator + moved, "fix.move_optout"),
    )
