"""A campaign as a plan: the value the pre-flight, the queue and the wizard work from.

``CampaignPlan`` holds the user's choices without touching the database, so the wizard can ask
for a pre-flight before anything is saved; ``plan_of`` reads one from a stored ``Campaign``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from smsdesk.core.campaigns.audience import Audience
from smsdesk.core.campaigns.windows import SendWindow
from smsdesk.core.clock import ensure_utc
from smsdesk.core.db.models import Campaign
from smsdesk.core.errors import ValidationError

MAX_VARIANTS = 5
LABELS = "ABCDE"


@dataclass(frozen=True)
class VariantPlan:
    """One A/B arm: a template and its share of the audience in percent."""

    template_id: int
    split_percent: int = 100
    label: str = "A"
    variant_id: int | None = None


@dataclass(frozen=True)
class Schedule:
    """``type``: now | at | daily | weekly | birthday | since_purchase.

    Recurring types fire at ``time`` (HH:MM) in ``timezone`` (the business's clock); ``weekdays``
    (0 = Monday) for weekly; ``days`` since the last purchase for since_purchase.
    """

    type: str = "now"
    time: str = "10:00"
    timezone: str = "Asia/Shanghai"
    weekdays: tuple[int, ...] = ()
    days: int = 0

    RECURRING = ("daily", "weekly", "birthday", "since_purchase")
    TYPES = ("now", "at", *RECURRING)

    @property
    def recurring(self) -> bool:
        return self.type in self.RECURRING

    @classmethod
    def from_json(cls, value: dict[str, Any] | None) -> Schedule:
        value = dict(value or {})
        schedule = cls(
            type=str(value.get("type") or "now"),
            time=str(value.get("time") or "10:00"),
            timezone=str(value.get("timezone") or "Asia/Shanghai"),
            weekdays=tuple(int(d) for d in value.get("weekdays") or ()),
            days=int(value.get("days") or 0),
        )
        schedule.validate()
        return schedule

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type}
        if self.recurring:
            out.update(time=self.time, timezone=self.timezone)
        if self.type == "weekly":
            out["weekdays"] = list(self.weekdays)
        if self.type == "since_purchase":
            out["days"] = self.days
        return out

    def validate(self) -> None:
        from smsdesk.core.campaigns.windows import parse_time

        if self.type not in self.TYPES:
            raise ValidationError(f"Unknown schedule {self.type!r}", field="schedule")
        if self.recurring:
            parse_time(self.time)
        if self.type == "weekly" and (
            not self.weekdays or any(d < 0 or d > 6 for d in self.weekdays)
        ):
            raise ValidationError("A weekly schedule needs weekdays 0-6", field="weekdays")
        if self.type == "since_purchase" and self.days < 1:
            raise ValidationError("Days since purchase must be at least 1", field="days")


@dataclass(frozen=True)
class CampaignPlan:
    name: str
    variants: tuple[VariantPlan, ...]
    audience: Audience
    provider_account_id: int | None = None
    window: SendWindow = field(default_factory=SendWindow)
    schedule: Schedule = field(default_factory=Schedule)
    throttle_per_minute: int | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    ab_winner_at: datetime | None = None
    seed: int = 0
    variables: dict[str, str] = field(default_factory=dict)
    campaign_id: int | None = None

    def __post_init__(self) -> None:
        if not self.variants:
            raise ValidationError("A campaign needs a template", field="template")
        if len(self.variants) > MAX_VARIANTS:
            raise ValidationError(
                f"At most {MAX_VARIANTS} variants", field="variants", max=MAX_VARIANTS
            )
        total = sum(v.split_percent for v in self.variants)
        if any(v.split_percent <= 0 for v in self.variants) or total > 100:
            raise ValidationError(
                "Variant shares must be positive and add up to at most 100%",
                field="variants",
                total=total,
            )
        if total < 100 and self.ab_winner_at is None:
            raise ValidationError(
                "Shares under 100% need a time to send the winner to the rest",
                field="ab_winner_at",
                total=total,
            )
        if total < 100 and self.schedule.recurring:
            raise ValidationError(
                "Sending the winner to the rest needs a one-off campaign", field="ab_winner_at"
            )
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError("The end time must be after the start", field="ends_at")

    @property
    def test_share(self) -> int:
        return sum(v.split_percent for v in self.variants)

    @property
    def has_rest(self) -> bool:
        """Part of the audience waits for the A/B winner."""
        return self.test_share < 100

    def with_changes(self, **changes: Any) -> CampaignPlan:
        return replace(self, **changes)


def _aware(value: datetime | None) -> datetime | None:
    return ensure_utc(value) if value is not None else None


def plan_of(campaign: Campaign) -> CampaignPlan:
    variants = tuple(
        VariantPlan(
            template_id=v.template_id or 0,
            split_percent=v.split_percent,
            label=v.label,
            variant_id=v.id,
        )
        for v in sorted(campaign.variants, key=lambda v: v.label)
    )
    if not variants and campaign.template_id is not None:
        variants = (VariantPlan(template_id=campaign.template_id),)
    return CampaignPlan(
        name=campaign.name,
        variants=variants,
        audience=Audience.from_json(campaign.audience),
        provider_account_id=campaign.provider_account_id,
        window=SendWindow.from_strings(campaign.window_start, campaign.window_end),
        schedule=Schedule.from_json(campaign.schedule),
        throttle_per_minute=campaign.throttle_per_minute,
        starts_at=_aware(campaign.starts_at),
        ends_at=_aware(campaign.ends_at),
        ab_winner_at=_aware(campaign.ab_winner_at),
        seed=campaign.seed,
        variables={str(k): str(v) for k, v in (campaign.variables or {}).items()},
        campaign_id=campaign.id,
    )
