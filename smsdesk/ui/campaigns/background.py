"""Background work for the campaign pages: core calls on the task runner, with the result
slots connected before the work starts (a quick task could otherwise finish unheard), and the
small database reads and writes those pages ask for."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from smsdesk.core import settings
from smsdesk.core.campaigns import lifecycle, overview, preflight, redemptions
from smsdesk.core.campaigns.plan import CampaignPlan, plan_of
from smsdesk.core.clock import utc_now
from smsdesk.core.contacts import segments
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import ProviderAccount, Tag, Template
from smsdesk.core.progress import Progress
from smsdesk.core.providers import accounts
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.task_runner import Task

GATE_TIMEOUT_SECONDS = 30.0


def start(
    ctx: AppContext,
    name: str,
    fn: Callable[..., Any],
    *args: Any,
    succeeded: Callable[[Any], None] | None = None,
    failed: Callable[[BaseException, str], None] | None = None,
    with_progress: bool = False,
) -> Task:
    gate = threading.Event()

    def gated(*call_args: Any, **call_kwargs: Any) -> Any:
        gate.wait(GATE_TIMEOUT_SECONDS)
        return fn(*call_args, **call_kwargs)

    task = ctx.tasks.run(name, gated, *args, with_progress=with_progress)
    if succeeded is not None:
        task.succeeded.connect(succeeded)
    if failed is not None:
        task.failed.connect(failed)
    gate.set()
    return task


@dataclass(frozen=True)
class Choices:
    """What the wizard offers: templates (id, name, kind), segments, tags, accounts."""

    templates: list[tuple[int, str, str]]
    segments: list[str]
    tags: list[str]
    accounts: list[tuple[int, str, bool]]  # id, name, in use
    window: tuple[str, str]


def load_choices(db: Database) -> Choices:
    with db.session() as session:
        active = accounts.active_account(session)
        return Choices(
            templates=[
                (t.id, t.name, t.kind)
                for t in session.scalars(select(Template).order_by(Template.name))
            ],
            segments=[s.name for s in segments.list_segments(session)],
            tags=list(session.scalars(select(Tag.name).order_by(Tag.name))),
            accounts=[
                (a.id, a.name, a.id == active.id)
                for a in session.scalars(select(ProviderAccount).order_by(ProviderAccount.name))
            ],
            window=(
                str(settings.get(session, "window.start")),
                str(settings.get(session, "window.end")),
            ),
        )


def run_preflight(
    db: Database, plan: CampaignPlan, progress: Progress | None = None
) -> preflight.PreflightReport:
    with db.session() as session:
        report = preflight.preflight(session, plan, now=utc_now(), progress=progress)
        session.rollback()
        return report


def campaign_preflight(
    db: Database, campaign_id: int, progress: Progress | None = None
) -> preflight.PreflightReport:
    with db.session() as session:
        plan = plan_of(lifecycle.get_campaign(session, campaign_id))
    return run_preflight(db, plan, progress)


def create_and_start(db: Database, plan: CampaignPlan) -> int:
    """Save the plan and start it; a run that is due is queued at once."""
    with db.session() as session:
        campaign = lifecycle.create_campaign(session, plan)
        campaign_id = campaign.id
    with db.session() as session:
        lifecycle.start(session, campaign_id, now=utc_now())
    return campaign_id


def change_state(db: Database, campaign_id: int, action: str) -> str:
    with db.session() as session:
        now = utc_now()
        if action == "start":
            campaign = lifecycle.start(session, campaign_id, now=now)
        elif action == "pause":
            campaign = lifecycle.pause(session, campaign_id)
        elif action == "resume":
            campaign = lifecycle.resume(session, campaign_id, now=now)
        else:
            campaign = lifecycle.cancel(session, campaign_id, now=now)
        return campaign.state


def load_summaries(db: Database) -> list[overview.CampaignSummary]:
    with db.session() as session:
        return overview.summaries(session)


def redeem_code(db: Database, code: str) -> redemptions.RedeemResult:
    with db.session() as session:
        return redemptions.redeem(session, code)


def import_codes(
    db: Database, path: str, progress: Progress | None = None
) -> redemptions.ImportResult:
    with db.session() as session:
        return redemptions.import_file(session, Path(path), progress=progress)


def local_text(value: datetime | None) -> str:
    """A UTC instant in the computer's time zone, for display."""
    if value is None:
        return "—"
    return value.astimezone().strftime("%Y-%m-%d %H:%M")
