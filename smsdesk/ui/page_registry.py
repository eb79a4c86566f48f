"""Which pages the main window shows, in navigation order, and where each one lives."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from smsdesk.ui.app_context import AppContext
from smsdesk.ui.pages.base import Page


@dataclass(frozen=True)
class PageEntry:
    page_id: str
    module: str
    class_name: str
    icon: str
    group: str  # "audience", "content", "sending", "system": separators between groups

    def create(self, ctx: AppContext) -> Page:
        page_class = getattr(importlib.import_module(self.module), self.class_name)
        page: Page = page_class(ctx)
        return page


PAGES: tuple[PageEntry, ...] = (
    PageEntry(
        "dashboard", "smsdesk.ui.dashboard.dashboard_page", "DashboardPage", "dashboard", "overview"
    ),
    PageEntry(
        "contacts", "smsdesk.ui.contacts.contacts_page", "ContactsPage", "contacts", "audience"
    ),
    PageEntry("optouts", "smsdesk.ui.consent.optouts_page", "OptOutsPage", "optouts", "audience"),
    PageEntry(
        "templates", "smsdesk.ui.templates.templates_page", "TemplatesPage", "templates", "content"
    ),
    PageEntry(
        "signatures",
        "smsdesk.ui.templates.signatures_page",
        "SignaturesPage",
        "signatures",
        "content",
    ),
    PageEntry(
        "campaigns", "smsdesk.ui.campaigns.campaigns_page", "CampaignsPage", "campaigns", "sending"
    ),
    PageEntry("outbox", "smsdesk.ui.sending.outbox_page", "OutboxPage", "outbox", "sending"),
    PageEntry("replies", "smsdesk.ui.consent.replies_page", "RepliesPage", "replies", "sending"),
    PageEntry(
        "providers", "smsdesk.ui.providers.providers_page", "ProvidersPage", "providers", "system"
    ),
    PageEntry(
        "settings", "smsdesk.ui.settings.settings_page", "SettingsPage", "settings", "system"
    ),
)
