"""Start background work with its result slots connected in one call.

The task runner starts the function on the next turn of the event loop, so connecting right
after ``run`` is always in time; this helper keeps the call sites short.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from smsdesk.ui.app_context import AppContext
from smsdesk.ui.task_runner import Task


def start(
    ctx: AppContext,
    name: str,
    fn: Callable[..., Any],
    *args: Any,
    succeeded: Callable[[Any], None] | None = None,
    failed: Callable[[BaseException, str], None] | None = None,
) -> Task:
    task = ctx.tasks.run(name, fn, *args)
    if succeeded is not None:
        task.succeeded.connect(succeeded)
    if failed is not None:
        task.failed.connect(failed)
    return task
