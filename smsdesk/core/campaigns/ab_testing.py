"""A/B tests: up to five variants on a random but reproducible split of the audience.

The split is ``eligibility.bucket(seed, contact)``: the campaign's stored seed fixes it, so a
pre-flight, a restart or a re-run puts every contact in the same arm. Shares under 100 %
leave "the rest", which gets the best variant at ``ab_winner_at``. Best means the highest
redemption rate, then reply rate, then delivery rate, then the lowest opt-out rate.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from smsdesk.core.campaigns.health import Figures, figures
from smsdesk.core.db.models import Campaign


@dataclass(frozen=True)
class VariantResult:
    label: str
    variant_id: int
    template_id: int | None
    split_percent: int
    figures: Figures

    def score(self) -> tuple[float, float, float, float]:
        f = self.figures
        return (f.redemption_rate, f.reply_rate, f.delivery_rate, -f.opt_out_rate)


def results(session: Session, campaign: Campaign) -> list[VariantResult]:
    return [
        VariantResult(
            label=v.label,
            variant_id=v.id,
            template_id=v.template_id,
            split_percent=v.split_percent,
            figures=figures(session, campaign.id, v.id),
        )
        for v in sorted(campaign.variants, key=lambda v: v.label)
    ]


def winner(variants: list[VariantResult]) -> VariantResult | None:
    """The best variant; on a full tie the first (A)."""
    if not variants:
        return None
    best = variants[0]
    for candidate in variants[1:]:
        if candidate.score() > best.score():
            best = candidate
    return best
