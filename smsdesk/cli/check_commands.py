"""`smsdesk-cli check`: run the compliance checker on a text, offline, no database needed.

    smsdesk-cli check [--kind marketing|service] [--carrier mobile|unicom|telecom|intl]
                      [--signature NAME ...] [--var NAME=VALUE ...] [--ai] TEXT|- [--json]

Exit status 0 when nothing blocks sending (warnings and hints allowed), 1 when any finding is an
error, 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import locale
import os
import sys
from typing import Any

from smsdesk.cli.context import CommandContext
from smsdesk.core.compliance.checker import CheckContext, Finding, Fix, Report, check
from smsdesk.core.enums import Carrier, MessageKind
from smsdesk.core.errors import ConfigurationError

_CARRIERS = {
    "mobile": Carrier.MOBILE,
    "unicom": Carrier.UNICOM,
    "telecom": Carrier.TELECOM,
    "broadnet": Carrier.BROADNET,
    "intl": Carrier.INTERNATIONAL,
}


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "check",
        help="check a message text against carrier, provider and legal rules",
        description=(
            "Check a message as sent (【signature】 + text) for what a carrier, a provider or "
            "the law would reject. Exit 0 when nothing is an error, 1 otherwise."
        ),
    )
    parser.add_argument(
        "--kind",
        choices=[k.value for k in MessageKind],
        default=MessageKind.MARKETING.value,
        help="message kind (default: marketing)",
    )
    parser.add_argument(
        "--carrier",
        action="append",
        choices=sorted(_CARRIERS),
        help="recipients' carrier; repeat for several (default: mobile, unicom and telecom)",
    )
    parser.add_argument(
        "--signature",
        action="append",
        metavar="NAME",
        help="a registered signature name; repeat for several (default: any 【name】 of 2–12 characters)",
    )
    parser.add_argument(
        "--var",
        action="append",
        metavar="NAME=VALUE",
        default=[],
        help="a declared template variable and its sample value; repeat for several",
    )
    parser.add_argument("--ai", action="store_true", help="the text was written with AI help")
    parser.add_argument(
        "text", metavar="TEXT", help="the message text, or - to read standard input"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(handler=_check)


def _variables(items: list[str]) -> dict[str, str]:
    variables: dict[str, str] = {}
    for item in items:
        name, separator, value = item.partition("=")
        if not separator or not name.strip():
            raise ConfigurationError(f"--var expects NAME=VALUE, got {item!r}")
        variables[name.strip()] = value
    return variables


def _language() -> str:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    current = locale.getlocale()[0] or ""
    return "zh" if current.lower().startswith("zh") else "en"


def _fix_dict(fix: Fix | None, language: str) -> dict[str, Any] | None:
    if fix is None:
        return None
    return {
        "start": fix.start,
        "end": fix.end,
        "replacement": fix.replacement,
        "label": fix.label(language),
    }


def _finding_dict(finding: Finding, language: str) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "start": finding.start,
        "end": finding.end,
        "message": finding.message(language),
        "message_zh": finding.message_zh,
        "message_en": finding.message_en,
        "fix": _fix_dict(finding.fix, language),
        "alternatives": [_fix_dict(f, language) for f in finding.alternatives],
        "carriers": sorted(c.value for c in finding.carriers),
    }


def report_dict(report: Report, language: str = "en") -> dict[str, Any]:
    return {
        "ok": report.ok,
        "encoding": report.encoding.value,
        "chars": report.chars,
        "parts": report.parts,
        "findings": [_finding_dict(f, language) for f in report.findings],
    }


def _check(ctx: CommandContext) -> int:
    args = ctx.args
    text = sys.stdin.read().rstrip("\r\n") if args.text == "-" else args.text
    context = CheckContext(
        kind=MessageKind(args.kind),
        carriers=(
            frozenset(_CARRIERS[c] for c in args.carrier)
            if args.carrier
            else CheckContext().carriers
        ),
        signatures=frozenset(s.strip().strip("【】") for s in args.signature)
        if args.signature
        else None,
        variables=_variables(args.var),
        ai_assisted=args.ai,
    )
    report = check(text, context)
    language = _language()
    if args.json:
        ctx.print_json(report_dict(report, language))
    else:
        _print_text(ctx, text, report, language)
    return 0 if report.ok else 1


def _print_text(ctx: CommandContext, text: str, report: Report, language: str) -> None:
    zh = language == "zh"
    for finding in report.findings:
        excerpt = text[finding.start : finding.end]
        where = f"{finding.start}-{finding.end}" + (f" “{excerpt}”" if excerpt else "")
        ctx.out(f"{finding.severity.value:<7} {finding.rule:<26} {where}")
        ctx.out(f"        {finding.message(language)}")
        for fix in finding.fixes:
            ctx.out(f"        {'修改' if zh else 'fix'}: {fix.label(language)}")
    errors, warnings = len(report.errors), len(report.warnings)
    if zh:
        verdict = "可以发送" if report.ok else f"{errors}个错误，不能发送"
        ctx.out(
            f"{report.encoding.value}，{report.chars}字，{report.parts}条计费；"
            f"{verdict}（{warnings}个警告，{len(report.hints)}条建议）"
        )
    else:
        verdict = "OK to send" if report.ok else f"{errors} error(s), cannot send"
        ctx.out(
            f"{report.encoding.value}, {report.chars} characters, {report.parts} part(s); "
            f"{verdict} ({warnings} warning(s), {len(report.hints)} hint(s))"
        )
