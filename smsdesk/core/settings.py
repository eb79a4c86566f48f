"""Typed application settings, stored in the ``settings`` table with declared defaults.

Every setting is declared once here with its default (DOMAIN.md's numbers), so the CLI, the
UI and the rules read the same value. Unknown keys are refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from smsdesk.core.db.models import Setting
from smsdesk.core.errors import ValidationError


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: Any
    doc: str


SPECS: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec("numbers.default_region", "CN", "Region for numbers written without +code"),
        SettingSpec("numbers.allowed_regions", ["CN"], "Regions a contact's number may belong to"),
        SettingSpec("tiers.new_days", 30, "First consent or purchase within N days: new"),
        SettingSpec("tiers.active_days", 30, "Purchase within N days: active"),
        SettingSpec("tiers.dormant_days", 90, "No purchase for N days: dormant"),
        SettingSpec("tiers.loyal_min_purchases", 5, "At least N purchases: loyal"),
        SettingSpec("tiers.loyal_min_total_cents", 100000, "Or at least this total spend"),
        SettingSpec(
            "frequency.caps",
            {"new": [1, 7], "active": [1, 14], "dormant": [1, 30], "loyal": [2, 30]},
            "Marketing messages per rolling window of days, per tier",
        ),
        SettingSpec("window.start", "09:00", "Default send window start (recipient time)"),
        SettingSpec("window.end", "20:00", "Default send window end (recipient time)"),
        SettingSpec("health.optout_warn_rate", 0.005, "Opt-out rate that raises a warning"),
        SettingSpec("health.complaint_pause_rate", 0.001, "Complaint rate that pauses"),
        SettingSpec("sending.pull_interval_seconds", 60, "Receipt and reply pull interval"),
        SettingSpec("sending.suspect_after_failures", 3, "Failed deliveries in a row: suspect"),
        SettingSpec("sending.receipt_wait_hours", 72, "How long a sent message awaits its receipt"),
        SettingSpec("sending.max_attempts", 6, "Tries for a refused (retryable) message"),
        SettingSpec("privacy.show_full_numbers", False, "Show unmasked numbers in the UI"),
        SettingSpec("provider.active_account", None, "Name of the provider account in use"),
        SettingSpec("user.name", "", "Who records consent and runs campaigns (audit)"),
        SettingSpec(
            "consent.chain_anchor",
            None,
            "Record count and head hash of the consent log (kept by the log)",
        ),
    )
}


def get(session: Session, key: str) -> Any:
    spec = _spec(key)
    row = session.get(Setting, key)
    return spec.default if row is None else row.value


def set_value(session: Session, key: str, value: Any) -> None:
    _spec(key)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def all_values(session: Session) -> dict[str, Any]:
    stored = {row.key: row.value for row in session.scalars(select(Setting))}
    return {key: stored.get(key, spec.default) for key, spec in SPECS.items()}


def _spec(key: str) -> SettingSpec:
    try:
        return SPECS[key]
    except KeyError:
        raise ValidationError(f"Unknown setting {key!r}", key=key) from None
