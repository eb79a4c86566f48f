"""Provider reviews started from the templates and signatures pages: the work runs in the
background and ends in one line the page shows (worded by ``review_text``)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from smsdesk.core.templates import provider_review
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.templates import review_text

Done = Callable[[str, bool], None]  # (text for the page, whether it is an error)


def start(
    ctx: AppContext, name: str, work: Callable[[], Any], to_text: Callable[[Any], str], done: Done
) -> None:
    task = ctx.tasks.run(name, work)
    task.succeeded.connect(lambda result: done(to_text(result), False))
    task.failed.connect(lambda exc, _tb: done(review_text.failure_text(exc), True))


def pull(ctx: AppContext, done: Done) -> None:
    """Ask the providers for their verdicts on everything under review."""
    start(
        ctx,
        "pull reviews",
        partial(provider_review.pull_reviews, ctx.db),
        review_text.pull_text,
        done,
    )
