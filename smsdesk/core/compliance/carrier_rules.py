"""Which carrier refuses links and contact details, and since when (``carrier_rules.json``).

China Telecom has refused every link, IP address and phone number in SMS since 2025-05-20 and
China Unicom followed on 2025-07-01; China Mobile was expected to follow. The dates live in a
data file the user can update (see ``rule_data``); the code only reads them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from smsdesk.core.compliance import rule_data
from smsdesk.core.enums import Carrier

FILE_NAME = "carrier_rules.json"
CHINA_TIME = timezone(timedelta(hours=8))
DOMESTIC = frozenset({Carrier.MOBILE, Carrier.UNICOM, Carrier.TELECOM})
ITEM_KINDS = ("link", "ip", "phone", "handle")


@dataclass(frozen=True)
class CarrierRule:
    carrier: Carrier
    enforced_since: date | None
    expected: bool
    blocks: frozenset[str]

    def enforces(self, item_kind: str, today: date) -> bool:
        return (
            item_kind in self.blocks
            and self.enforced_since is not None
            and self.enforced_since <= today
        )


@dataclass(frozen=True)
class CarrierRules:
    rules: dict[Carrier, CarrierRule]
    max_links: int
    max_contacts: int

    def rule(self, carrier: Carrier) -> CarrierRule | None:
        return self.rules.get(carrier)

    def enforcing(self, carriers: Iterable[Carrier], item_kind: str, today: date) -> set[Carrier]:
        """The carriers among ``carriers`` that refuse ``item_kind`` on ``today``.

        An unknown carrier may be any domestic one, so it counts as refusing when any does.
        """
        result: set[Carrier] = set()
        for carrier in carriers:
            if carrier is Carrier.UNKNOWN:
                if any(self._enforces(c, item_kind, today) for c in DOMESTIC):
                    result.add(carrier)
            elif self._enforces(carrier, item_kind, today):
                result.add(carrier)
        return result

    def _enforces(self, carrier: Carrier, item_kind: str, today: date) -> bool:
        rule = self.rules.get(carrier)
        return rule is not None and rule.enforces(item_kind, today)


def china_today() -> date:
    return datetime.now(UTC).astimezone(CHINA_TIME).date()


def _parse(path: Path) -> CarrierRules:
    data: dict[str, Any] = rule_data.read_json(path)
    rules: dict[Carrier, CarrierRule] = {}
    for name, spec in (data.get("carriers") or {}).items():
        try:
            carrier = Carrier(name)
        except ValueError:
            continue
        since = spec.get("enforced_since")
        rules[carrier] = CarrierRule(
            carrier=carrier,
            enforced_since=date.fromisoformat(since) if since else None,
            expected=bool(spec.get("expected", False)),
            blocks=frozenset(spec.get("blocks", ITEM_KINDS)),
        )
    exception = data.get("registered_exception") or {}
    return CarrierRules(
        rules=rules,
        max_links=int(exception.get("max_links", 1)),
        max_contacts=int(exception.get("max_contacts", 2)),
    )


def load() -> CarrierRules:
    return rule_data.cached(rule_data.COMPLIANCE, FILE_NAME, _parse)
