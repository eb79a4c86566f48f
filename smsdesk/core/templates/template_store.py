"""Message templates: create, edit, delete, and the text as sent (``【signature】 + body``).

The body keeps our ``{variable}`` syntax; the signature is stored apart (``signature_id``) and
prefixed when the message is composed. Per-account approvals are in ``approvals``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smsdesk.core import audit
from smsdesk.core.db.models import Signature, Template
from smsdesk.core.enums import MessageKind
from smsdesk.core.errors import NotFoundError, ValidationError

NAME_MAX = 80
_UNSET: Any = object()


@dataclass(frozen=True)
class TemplateInfo:
    id: int
    name: str
    kind: MessageKind
    signature_id: int | None
    signature_name: str
    body: str
    ai_assisted: bool
    notes: str
    registered_links: tuple[str, ...]
    registered_contacts: tuple[str, ...]
    updated_at: datetime

    @property
    def text(self) -> str:
        """The message as sent: the signature in front of the body."""
        return compose(self.signature_name, self.body)


def compose(signature_name: str, body: str) -> str:
    """``【signature】 + body``; without a signature the body alone."""
    return f"【{signature_name}】{body}" if signature_name else body


def _clean_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise ValidationError("a template needs a name", field="name")
    if len(cleaned) > NAME_MAX:
        raise ValidationError("template name too long", field="name", max=NAME_MAX)
    return cleaned


def _unique(session: Session, name: str, exclude_id: int | None = None) -> None:
    query = select(Template.id).where(func.lower(Template.name) == name.lower())
    if exclude_id is not None:
        query = query.where(Template.id != exclude_id)
    if session.scalar(query) is not None:
        raise ValidationError(f"template {name!r} exists already", field="name", name=name)


def _check_signature(session: Session, signature_id: int | None) -> None:
    if signature_id is not None and session.get(Signature, signature_id) is None:
        raise NotFoundError("no such signature", signature_id=signature_id)


def _registered(links: Sequence[str], contacts: Sequence[str]) -> dict[str, list[str]]:
    return {
        "links": [s.strip() for s in links if s.strip()],
        "contacts": [s.strip() for s in contacts if s.strip()],
    }


def create_template(
    session: Session,
    *,
    name: str,
    body: str = "",
    kind: MessageKind = MessageKind.MARKETING,
    signature_id: int | None = None,
    ai_assisted: bool = False,
    notes: str = "",
    registered_links: Sequence[str] = (),
    registered_contacts: Sequence[str] = (),
) -> int:
    cleaned = _clean_name(name)
    _unique(session, cleaned)
    _check_signature(session, signature_id)
    template = Template(
        name=cleaned,
        kind=MessageKind(kind).value,
        signature_id=signature_id,
        body=body,
        ai_assisted=ai_assisted,
        notes=notes,
        registered_items=_registered(registered_links, registered_contacts),
    )
    session.add(template)
    session.flush()
    audit.record(session, "template.create", template_id=template.id, name=cleaned)
    return template.id


def update_template(
    session: Session,
    template_id: int,
    *,
    name: str | None = None,
    body: str | None = None,
    kind: MessageKind | None = None,
    signature_id: int | None = _UNSET,
    ai_assisted: bool | None = None,
    notes: str | None = None,
    registered_links: Sequence[str] | None = None,
    registered_contacts: Sequence[str] | None = None,
) -> bool:
    """Change what is given (``signature_id=None`` removes the signature). Returns whether the
    body changed; approvals keep the text they approved, so an edited body shows as needing
    re-approval (see ``approvals``)."""
    template = _get(session, template_id)
    body_changed = body is not None and body != template.body
    if name is not None:
        cleaned = _clean_name(name)
        _unique(session, cleaned, exclude_id=template_id)
        template.name = cleaned
    if body is not None:
        template.body = body
    if kind is not None:
        template.kind = MessageKind(kind).value
    if signature_id is not _UNSET:
        _check_signature(session, signature_id)
        template.signature_id = signature_id
    if ai_assisted is not None:
        template.ai_assisted = ai_assisted
    if notes is not None:
        template.notes = notes
    if registered_links is not None or registered_contacts is not None:
        current = template.registered_items or {}
        template.registered_items = _registered(
            registered_links if registered_links is not None else current.get("links", []),
            registered_contacts if registered_contacts is not None else current.get("contacts", []),
        )
    session.flush()
    audit.record(session, "template.update", template_id=template_id, body_changed=body_changed)
    return body_changed


def delete_template(session: Session, template_id: int) -> None:
    template = _get(session, template_id)
    session.delete(template)
    audit.record(session, "template.delete", template_id=template_id, name=template.name)


def list_templates(session: Session) -> list[TemplateInfo]:
    return [_info(t) for t in session.scalars(select(Template).order_by(Template.name))]


def get_template(session: Session, template_id: int) -> TemplateInfo:
    return _info(_get(session, template_id))


def template_by_name(session: Session, name: str) -> TemplateInfo | None:
    template = session.scalar(select(Template).where(Template.name == name.strip()))
    return _info(template) if template else None


def _get(session: Session, template_id: int) -> Template:
    template = session.get(Template, template_id)
    if template is None:
        raise NotFoundError("no such template", template_id=template_id)
    return template


def _info(template: Template) -> TemplateInfo:
    registered = template.registered_items or {}
    return TemplateInfo(
        id=template.id,
        name=template.name,
        kind=MessageKind(template.kind),
        signature_id=template.signature_id,
        signature_name=template.signature.name if template.signature else "",
        body=template.body,
        ai_assisted=template.ai_assisted,
        notes=template.notes,
        registered_links=tuple(registered.get("links", [])),
        registered_contacts=tuple(registered.get("contacts", [])),
        updated_at=template.updated_at,
    )
