"""Rule 4 (banned and risky words by industry, from editable lists) and the two provider lists
that work the same way: carrier names in marketing text (rule 7) and promotional words in a
service message. All lists are matched in one pass (``wordlists.WordIndex``)."""

from __future__ import annotations

from smsdesk.core.compliance import wordlists
from smsdesk.core.compliance.context import CheckContext
from smsdesk.core.compliance.findings import Finding
from smsdesk.core.compliance.rules import finding, fix
from smsdesk.core.compliance.text_view import TextView

_RULE_IDS = {
    "carrier_names": "template.carrier_name",
    "promotional_cues": "kind.promotional_service",
}


def rule_id(list_id: str) -> str:
    return _RULE_IDS.get(list_id, f"words.{list_id}")


def check(view: TextView, context: CheckContext) -> list[Finding]:
    index = wordlists.index_for(context.wordlists)
    found: list[Finding] = []
    for hit in index.find(view, context.kind):
        word_list, entry = hit.word_list, hit.entry
        phrase = view.text[hit.start : hit.end]
        if entry.replacement:
            repair = fix(
                hit.start, hit.end, entry.replacement, "fix.replace", text=entry.replacement
            )
        else:
            repair = fix(hit.start, hit.end, "", "fix.remove", text=phrase)
        rule = rule_id(word_list.id)
        message = "kind.promotional_service" if word_list.id == "promotional_cues" else "words"
        found.append(
            finding(
                rule,
                entry.severity,
                hit.start,
                hit.end,
                message=message,
                fix=repair,
                phrase=phrase,
                reason_zh=word_list.reason_zh or f"在“{word_list.title_zh}”词表中",
                reason_en=word_list.reason_en or f"it is on the “{word_list.title_en}” list",
            )
        )
    return found
