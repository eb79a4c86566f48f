"""Rule 5 (AI-assisted marketing must be labelled 广告) and rule 8, the quality hints from the
sources: no 免费 in the first 20 characters, a personal greeting, a concrete deadline, 您
rather than 大家."""

from __future__ import annotations

import re

from smsdesk.core.compliance.context import CheckContext
from smsdesk.core.compliance.findings import Finding, Severity
from smsdesk.core.compliance.rules import finding, fix, is_latin
from smsdesk.core.compliance.text_view import TextView
from smsdesk.core.compliance.variables import variables_in

FREE_WINDOW = 20
_AD_LABEL = re.compile(r"广告|(?<![a-z])(?:ad|ads|advert|advertisement)(?![a-z])")
_FREE = re.compile(r"免费|(?<![a-z])free(?![a-z])")
_DAJIA = re.compile(r"大家")
_DEADLINE = re.compile(
    r"\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\d{1,2}\s*[:：]\s*\d{2}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|"
    r"\d{1,2}/\d{1,2}|\d{1,2}\s*点|今[天日晚]|明[天日晚]|本周|周[一二三四五六日末]|星期|"
    r"截[止至]|之前|以前|前有效|有效期|限时|仅剩|倒计时|\d{1,4}\s*(?:小时|天|日)内|即将结束|"
    r"(?<![a-z])(?:until|before|ends?|expires?|tonight|today|tomorrow|deadline|last day)(?![a-z])"
)


def check(view: TextView, context: CheckContext) -> list[Finding]:
    if not context.marketing:
        return []
    found: list[Finding] = []
    folded = view.folded
    start, end = view.body_start, view.body_end
    latin = is_latin(view.body)
    if context.ai_assisted and not _AD_LABEL.search(folded, start, end):
        label = "(Ad) " if latin else "（广告）"
        found.append(
            finding(
                "ai.ad_label",
                Severity.ERROR,
                start,
                start,
                fix=fix(start, start, label, "fix.insert", text=label.strip()),
            )
        )
    free = _FREE.search(folded, start, min(end, start + FREE_WINDOW))
    if free:
        found.append(finding("quality.free_early", Severity.HINT, free.start(), free.end()))
    if "name" not in variables_in(view.body):
        greeting = "{name}, " if latin else "{name}，"
        repair = (
            fix(start, start, greeting, "fix.insert", text=greeting.strip(", ，"))
            if "name" in context.variables
            else None
        )
        found.append(finding("quality.no_name", Severity.HINT, start, start, fix=repair))
    if not _DEADLINE.search(folded, start, end):
        found.append(finding("quality.no_deadline", Severity.HINT, end, end))
    for match in _DAJIA.finditer(view.text, start, end):
        found.append(
            finding(
                "quality.dajia",
                Severity.HINT,
                match.start(),
                match.end(),
                fix=fix(match.start(), match.end(), "您", "fix.replace", text="您"),
            )
        )
    return found
