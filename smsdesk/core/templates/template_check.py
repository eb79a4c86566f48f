"""Check a stored template: the checker's context built from the database (registered
signatures, declared variables, the template's registered items)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smsdesk.core.compliance.carrier_rules import DOMESTIC
from smsdesk.core.compliance.checker import CheckContext, Report, carrier_blocks, check
from smsdesk.core.compliance.variables import BUILTIN_SAMPLES
from smsdesk.core.contacts.numbers import mask
from smsdesk.core.db.models import Contact, CustomField
from smsdesk.core.enums import Carrier
from smsdesk.core.templates import signature_store, template_store
from smsdesk.core.templates.template_store import TemplateInfo


def declared_variables(session: Session) -> dict[str, str]:
    """Every variable a template may use, with a sample value: the built-ins (name, code,
    coupon) and the contacts' custom fields (sample: the field's label)."""
    declared = dict(BUILTIN_SAMPLES)
    for key, label in session.execute(select(CustomField.key, CustomField.label)):
        declared.setdefault(key, label or key)
    return declared


def context_for(
    session: Session,
    template: TemplateInfo,
    *,
    carriers: Iterable[Carrier] | None = None,
    provider_account_id: int | None = None,
    sample_values: Mapping[str, str] | None = None,
    recipient_values: Mapping[str, Sequence[str]] | None = None,
    wordlists: Iterable[str] | None = None,
) -> CheckContext:
    """The context the template is checked in. Signatures are those recorded in SMSDesk, or
    those approved on ``provider_account_id`` when given."""
    variables = declared_variables(session)
    variables.update(sample_values or {})
    return CheckContext(
        kind=template.kind,
        carriers=frozenset(carriers) if carriers is not None else DOMESTIC,
        signatures=signature_store.registered_names(
            session, provider_account_id=provider_account_id
        ),
        variables=variables,
        recipient_values=dict(recipient_values or {}),
        wordlists=frozenset(wordlists) if wordlists is not None else None,
        ai_assisted=template.ai_assisted,
        registered_links=template.registered_links,
        registered_contacts=template.registered_contacts,
    )


def check_template(
    session: Session,
    template_id: int,
    *,
    carriers: Iterable[Carrier] | None = None,
    provider_account_id: int | None = None,
) -> Report:
    """``check`` of the template's text as sent."""
    template = template_store.get_template(session, template_id)
    context = context_for(
        session, template, carriers=carriers, provider_account_id=provider_account_id
    )
    return check(template.text, context)


def template_carrier_blocks(
    session: Session, template_id: int, carriers: Iterable[Carrier] = tuple(Carrier)
) -> set[Carrier]:
    """The carriers whose recipients the template cannot reach (carrier rules only)."""
    template = template_store.get_template(session, template_id)
    return carrier_blocks(template.text, context_for(session, template, carriers=carriers))


def sample_contacts(session: Session, limit: int = 50) -> list[tuple[str, dict[str, str]]]:
    """Up to ``limit`` contacts as ``(label, variable values)`` for previews; the label shows
    the masked number, never the full one."""
    declared = declared_variables(session)
    result = []
    query = select(Contact.name, Contact.e164, Contact.fields).order_by(Contact.id).limit(limit)
    for name, e164, fields in session.execute(query):
        values = dict(declared)
        values.update({k: str(v) for k, v in (fields or {}).items() if k in declared})
        if name:
            values["name"] = name
        result.append((f"{name or '—'}  {mask(e164)}", values))
    return result


def longest_values(session: Session) -> dict[str, list[str]]:
    """The longest contact name, so length is counted for the worst case (one indexed-free
    scan; run it off the GUI thread on big address books)."""
    name = session.scalar(
        select(Contact.name).order_by(func.length(Contact.name).desc(), Contact.id).limit(1)
    )
    return {"name": [name]} if name else {}
