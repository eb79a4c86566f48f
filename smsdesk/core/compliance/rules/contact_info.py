"""Rule 3: links, domains, IP addresses, phone numbers and contact handles.

An error for recipients whose carrier refuses them on the day of the check (carrier_rules.json),
a warning otherwise. Items the template registered (报备) with the carrier are allowed: at most
one link and two contacts, compared exactly after normalising.
"""

from __future__ import annotations

import re
from datetime import date

from smsdesk.core.compliance import carrier_rules, messages
from smsdesk.core.compliance.contact_detection import (
    IP,
    LINK,
    PHONE,
    Detected,
    detect,
    detect_text,
    link_key,
)
from smsdesk.core.compliance.context import CheckContext
from smsdesk.core.compliance.findings import Finding, Fix, Severity
from smsdesk.core.compliance.rules import finding, fix, is_latin
from smsdesk.core.compliance.text_view import TextView, fold
from smsdesk.core.enums import Carrier

# Link-free ways to get the same action (DOMAIN.md rule 3, and the seeds' 替代链接的创新表达方式).
_ALTERNATIVES_ZH = {
    "link": ("打开APP查看「我的优惠券」", "凭兑换码{code}到店使用", "在APP内搜索「{brand}」"),
    "ip": ("打开APP查看「我的优惠券」", "凭兑换码{code}到店使用"),
    "phone": ("回复1，客服将尽快联系您", "到店咨询"),
    "handle": ("回复1，客服将尽快联系您", "打开APP联系在线客服"),
}
_ALTERNATIVES_EN = {
    "link": (
        "open our app > My coupons",
        "show code {code} in store",
        "search “{brand}” in our app",
    ),
    "ip": ("open our app > My coupons", "show code {code} in store"),
    "phone": ("reply 1 and we will call you", "ask in store"),
    "handle": ("reply 1 and we will call you", "chat with us in our app"),
}
_DIGITS = re.compile(r"\d")
_PHONE_LABEL = re.compile(r"(?:联系|咨询|客服)?(?:电话|热线|手机|致电|拨打|tel|phone)\s*[:：]?\s*$")


def registered_key(value: str) -> str:
    """A registered item (link, number or handle) in the form detection reports it."""
    items = detect_text(value)
    if items:
        return items[0].key
    digits = "".join(_DIGITS.findall(fold(value)))
    return digits or re.sub(r"\s+", "", fold(value))


def _registered(item: Detected, context: CheckContext, rules: carrier_rules.CarrierRules) -> bool:
    if item.kind in (LINK, IP):
        allowed = {link_key(link) for link in context.registered_links[: rules.max_links]}
        allowed.update(registered_key(link) for link in context.registered_links[: rules.max_links])
        return item.key in allowed
    allowed = {registered_key(c) for c in context.registered_contacts[: rules.max_contacts]}
    return item.key in allowed


def unregistered_items(view: TextView, context: CheckContext) -> list[Detected]:
    rules = carrier_rules.load()
    return [item for item in detect(view) if not _registered(item, context, rules)]


def blocking_carriers(
    item_kind: str, context: CheckContext, today: date
) -> dict[Carrier, date | None]:
    rules = carrier_rules.load()
    result: dict[Carrier, date | None] = {}
    for carrier in rules.enforcing(context.carriers, item_kind, today):
        rule = rules.rule(carrier)
        result[carrier] = rule.enforced_since if rule else None
    return result


def _expected(context: CheckContext) -> bool:
    """Whether one of the recipients' carriers is expected to start refusing these items."""
    rules = carrier_rules.load()
    return (
        any(
            (rule := rules.rule(carrier)) is not None and rule.expected
            for carrier in context.carriers
        )
        or Carrier.UNKNOWN in context.carriers
    )


def check(view: TextView, context: CheckContext) -> list[Finding]:
    today = context.today or carrier_rules.china_today()
    found: list[Finding] = []
    for item in unregistered_items(view, context):
        blocked = blocking_carriers(item.kind, context, today)
        note_zh, note_en = messages.enforcement_note(
            blocked, context.carriers, expected=_expected(context)
        )
        params = {"note_zh": note_zh, "note_en": note_en}
        if item.kind == LINK:
            host = item.key.split("/", 1)[0]
            params["short_zh"] = f"（短链接 {host} 也一样）" if item.short else ""
            params["short_en"] = f" (short links such as {host} too)" if item.short else ""
        fixes = _fixes(view, item)
        found.append(
            finding(
                f"contact.{item.kind}",
                Severity.ERROR if blocked else Severity.WARNING,
                item.start,
                item.end,
                fix=fixes[0],
                alternatives=fixes[1:],
                carriers=frozenset(blocked),
                **params,
            )
        )
    return found


def _fixes(view: TextView, item: Detected) -> tuple[Fix, ...]:
    start, end = item.start, item.end
    if item.kind == PHONE:
        # "电话：138…" loses its cue together with the number.
        cue = _PHONE_LABEL.search(view.folded, view.body_start, start)
        if cue:
            start = view.body_start + cue.start()
    removal = fix(start, end, "", "fix.remove", text=view.text[start:end])
    brand = view.signature.name if view.signature else "优惠"
    table = _ALTERNATIVES_EN if is_latin(view.body) else _ALTERNATIVES_ZH
    alternatives = tuple(
        fix(item.start, item.end, text, "fix.replace", text=text)
        for text in (t.format(code="{code}", brand=brand) for t in table[item.kind])
    )
    return (removal, *alternatives)
