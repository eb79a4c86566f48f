"""Start background work with its signals connected in one call.

The task runner starts the function on the next turn of the event loop, so connecting right
after ``run`` is always in time; this helper keeps the call sites short.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from smsdesk.ui.app_context import AppContext
from smsdesk.ui.task_runner import Task


def run_connected(
    ctx: AppContext,
    name: str,
    fn: Callable[..., Any],
    *args: Any,
    connect: Callable[[Task], None],
    with_progress: bool = False,
) -> Task:
    """Run ``fn(*args)`` in the background after ``connect(task)`` has made its connections."""
    task = ctx.tasks.run(name, fn, *args, with_progress=with_progress)
    connect(task)
    return task
