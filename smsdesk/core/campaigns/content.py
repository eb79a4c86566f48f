"""What each variant sends: the signed text, its variables, the carriers that refuse it, the
findings that forbid it, its length, and whether the provider approved it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from smsdesk.core.campaigns.plan import CampaignPlan
from smsdesk.core.compliance.carrier_rules import DOMESTIC
from smsdesk.core.compliance.checker import carrier_blocks, check
from smsdesk.core.compliance.length import encoding_of
from smsdesk.core.compliance.variables import variables_in
from smsdesk.core.db.models import CustomField
from smsdesk.core.enums import Carrier, MessageKind
from smsdesk.core.errors import ValidationError
from smsdesk.core.templates import approvals, template_check, template_store

# Variables a campaign fills per recipient from the contact (or a fresh code); any other
# variable must be a contact custom field or a campaign-wide value (``Campaign.variables``).
CONTACT_VARIABLES = ("name",)
CODE_VARIABLE = "code"


@dataclass(frozen=True)
class Blocker:
    """Why a variant cannot be sent at all: ``code`` plus the template it concerns."""

    code: str  # a compliance rule id, "template_not_approved", "unknown_variable", ...
    template_id: int
    label: str
    detail: str = ""
    message_zh: str = ""  # the checker's own sentence, for compliance findings
    message_en: str = ""

    def message(self, language: str) -> str:
        return self.message_zh if language.startswith("zh") else self.message_en


@dataclass(frozen=True)
class VariantContent:
    index: int
    label: str
    variant_id: int | None
    template_id: int
    template_name: str
    kind: str
    text: str  # 【signature】 + body, with {variables}
    variables: tuple[str, ...]
    field_variables: tuple[str, ...]  # contact custom fields used
    blocked_carriers: frozenset[str]
    split_percent: int
    bucket_from: int
    bucket_to: int
    parts: int  # worst case
    ucs2: bool
    approved: bool
    warnings: tuple[str, ...]

    @property
    def uses_code(self) -> bool:
        return CODE_VARIABLE in self.variables


def load_variants(
    session: Session, plan: CampaignPlan, account_id: int | None
) -> tuple[list[VariantContent], list[Blocker]]:
    """Every variant's content, and everything that forbids sending the campaign on the
    provider account ``account_id``."""
    fields = set(session.scalars(select(CustomField.key)))
    contents: list[VariantContent] = []
    blockers: list[Blocker] = []
    kinds: set[str] = set()
    bucket = 0
    for index, variant in enumerate(plan.variants):
        template = template_store.get_template(session, variant.template_id)
        kinds.add(template.kind)
        text = template.text
        names = tuple(variables_in(text))
        known = set(CONTACT_VARIABLES) | {CODE_VARIABLE} | fields | set(plan.variables)
        for name in names:
            if name not in known:
                blockers.append(
                    Blocker("unknown_variable", template.id, variant.label, detail=name)
                )
        context = template_check.context_for(
            session,
            template,
            carriers=tuple(Carrier),
            provider_account_id=account_id,
            sample_values=plan.variables,
        )
        blocked = carrier_blocks(text, context)
        reaching = frozenset(c for c in Carrier if c not in blocked) or DOMESTIC
        report = check(text, _with_carriers(context, reaching))
        for finding in report.errors:
            if not finding.carriers:
                blockers.append(
                    Blocker(
                        finding.rule,
                        template.id,
                        variant.label,
                        message_zh=finding.message_zh,
                        message_en=finding.message_en,
                    )
                )
        approved = account_id is not None and approvals.is_sendable(
            session, template.id, account_id
        )
        if not approved:
            blockers.append(Blocker("template_not_approved", template.id, variant.label))
        rendered_worst = report.encoding.value != "gsm7"
        contents.append(
            VariantContent(
                index=index,
                label=variant.label,
                variant_id=variant.variant_id,
                template_id=template.id,
                template_name=template.name,
                kind=str(template.kind),
                text=text,
                variables=names,
                field_variables=tuple(
                    n
                    for n in names
                    if n in fields
                    and n not in CONTACT_VARIABLES
                    and n != CODE_VARIABLE
                    and n not in plan.variables
                ),
                blocked_carriers=frozenset(str(c) for c in blocked),
                split_percent=variant.split_percent,
                bucket_from=bucket,
                bucket_to=bucket + variant.split_percent,
                parts=max(report.parts, 1),
                ucs2=rendered_worst or encoding_of(_skeleton(text)).value != "gsm7",
                approved=approved,
                warnings=tuple(sorted({f.rule for f in report.warnings})),
            )
        )
        bucket += variant.split_percent
    if len(kinds) > 1:
        raise ValidationError(
            "All variants must be of the same kind (marketing or service)", field="variants"
        )
    return contents, blockers


def campaign_kind(contents: list[VariantContent]) -> str:
    return contents[0].kind if contents else MessageKind.MARKETING.value


def _skeleton(text: str) -> str:
    from smsdesk.core.compliance.variables import PLACEHOLDER

    return PLACEHOLDER.sub("", text)


def _with_carriers(context: Any, carriers: frozenset[Carrier]) -> Any:
    from dataclasses import replace

    return replace(context, carriers=carriers)
