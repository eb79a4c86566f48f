"""Rule 7, what the providers' template review refuses: adjacent variables, a template of
variables only, refused symbols and emoji (``refused_symbols.txt``), and placeholders written in
a provider's own syntax or with an invalid name. (The second 【】 is in ``signature``.)"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from smsdesk.core.compliance import rule_data
from smsdesk.core.compliance.context import CheckContext
from smsdesk.core.compliance.findings import Finding, Severity
from smsdesk.core.compliance.rules import finding, fix, is_latin
from smsdesk.core.compliance.text_view import TextView
from smsdesk.core.compliance.variables import BRACED, PLACEHOLDER

_EMOJI_CHAR = "[\U0001f000-\U0001faff\u2600-\u27bf\u2b50\u2b55\u231a\u231b\u23e9-\u23fa]"
_EMOJI = re.compile(rf"{_EMOJI_CHAR}(?:\ufe0f|\u200d{_EMOJI_CHAR}|[\U0001f3fb-\U0001f3ff])*")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}")
_BRACE = re.compile(r"[{}]")
_FILLER = re.compile(r"[\s\W_]+")


def _symbols(path: Path) -> re.Pattern[str] | None:
    symbols = sorted(set(rule_data.read_lines(path)), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, symbols))) if symbols else None


def refused_symbols() -> re.Pattern[str] | None:
    return rule_data.cached(rule_data.COMPLIANCE, "refused_symbols.txt", _symbols)


def check(view: TextView, context: CheckContext) -> list[Finding]:
    found: list[Finding] = []
    start, end = view.body_start, view.body_end
    if not view.body.strip():
        return [finding("template.empty", Severity.ERROR, start, end)]
    found += _symbols_and_emoji(view)
    found += _placeholders(view)
    placeholders = list(PLACEHOLDER.finditer(view.text, start, end))
    for first, second in itertools.pairwise(placeholders):
        if not view.text[first.end() : second.start()].strip():
            separator = " " if is_latin(view.body) else "，"
            found.append(
                finding(
                    "variable.adjacent",
                    Severity.ERROR,
                    first.start(),
                    second.end(),
                    fix=fix(first.end(), second.start(), separator, "fix.insert", text=separator),
                    first=first.group(0),
                    second=second.group(0),
                )
            )
    if placeholders and not _FILLER.sub("", PLACEHOLDER.sub("", view.body)):
        found.append(finding("template.only_variables", Severity.ERROR, start, end))
    return found


def _symbols_and_emoji(view: TextView) -> list[Finding]:
    found: list[Finding] = []
    covered: list[tuple[int, int]] = []
    pattern = refused_symbols()
    if pattern is not None:
        for match in pattern.finditer(view.text, view.body_start, view.body_end):
            covered.append(match.span())
            found.append(
                finding(
                    "template.refused_symbol",
                    Severity.ERROR,
                    match.start(),
                    match.end(),
                    fix=fix(match.start(), match.end(), "", "fix.remove", text=match.group(0)),
                    symbol=match.group(0),
                )
            )
    for match in _EMOJI.finditer(view.text, view.body_start, view.body_end):
        if any(a <= match.start() < b for a, b in covered):
            continue
        found.append(
            finding(
                "template.emoji",
                Severity.WARNING,
                match.start(),
                match.end(),
                fix=fix(match.start(), match.end(), "", "fix.remove", text=match.group(0)),
                symbol=match.group(0),
            )
        )
    return found


def _placeholders(view: TextView) -> list[Finding]:
    found: list[Finding] = []
    braced_spans: list[tuple[int, int]] = []
    for match in BRACED.finditer(view.text, view.body_start, view.body_end):
        braced_spans.append(match.span())
        dollar, inner = match.group(1), match.group(2)
        written = match.group(0)
        stripped = inner.strip()
        if dollar or stripped.isdigit():
            repair = None
            if _IDENTIFIER.fullmatch(stripped):
                repair = fix(
                    match.start(),
                    match.end(),
                    f"{{{stripped}}}",
                    "fix.replace",
                    text=f"{{{stripped}}}",
                )
            found.append(
                finding(
                    "variable.provider_syntax",
                    Severity.ERROR,
                    match.start(),
                    match.end(),
                    fix=repair,
                    written=written,
                )
            )
        elif not _IDENTIFIER.fullmatch(inner):
            repair = None
            if _IDENTIFIER.fullmatch(stripped):
                repair = fix(
                    match.start(),
                    match.end(),
                    f"{{{stripped}}}",
                    "fix.replace",
                    text=f"{{{stripped}}}",
                )
            found.append(
                finding(
                    "variable.invalid_name",
                    Severity.ERROR,
                    match.start(),
                    match.end(),
                    fix=repair,
                    written=written,
                )
            )
    for brace in _BRACE.finditer(view.text, view.body_start, view.body_end):
        index, char = brace.start(), brace.group(0)
        if not any(a <= index < b for a, b in braced_spans):
            found.append(
                finding(
                    "template.stray_brace",
                    Severity.WARNING,
                    index,
                    index + 1,
                    fix=fix(index, index + 1, "", "fix.remove", text=char),
                    brace=char,
                )
            )
    return found
