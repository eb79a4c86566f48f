"""All ORM models, importable from one place (alembic reads ``Base.metadata`` from here)."""

from smsdesk.core.db.models.base import Base, UTCDateTime
from smsdesk.core.db.models.campaigns import Campaign, CampaignRun, CampaignVariant, Redemption
from smsdesk.core.db.models.consent import Complaint, ConsentRecord, OptOut, Reply
from smsdesk.core.db.models.contacts import (
    Contact,
    CustomField,
    Purchase,
    Segment,
    Tag,
    contact_tags,
)
from smsdesk.core.db.models.content import (
    Signature,
    SignatureApproval,
    Template,
    TemplateApproval,
)
from smsdesk.core.db.models.messages import Message
from smsdesk.core.db.models.providers import ProviderAccount
from smsdesk.core.db.models.system import AuditEntry, ImportMapping, Lease, Setting

__all__ = [
    "AuditEntry",
    "Base",
    "Campaign",
    "CampaignRun",
    "CampaignVariant",
    "Complaint",
    "ConsentRecord",
    "Contact",
    "CustomField",
    "ImportMapping",
    "Lease",
    "Message",
    "OptOut",
    "ProviderAccount",
    "Purchase",
    "Redemption",
    "Reply",
    "Segment",
    "Setting",
    "Signature",
    "SignatureApproval",
    "Tag",
    "Template",
    "TemplateApproval",
    "UTCDateTime",
    "contact_tags",
]
