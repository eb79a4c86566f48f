"""Start background work only after its signals are connected.

``TaskRunner.run`` starts the function at once; a fast function (a one-row export) can finish
and emit ``finished`` before the caller has connected to it, and the signal is lost. The
function here waits on an event until the caller has made its connections.
"""

from __future__ import annotations

import threading
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
    """Run ``fn(*args)`` in the background; ``connect(task)`` runs before ``fn`` starts."""
    ready = threading.Event()

    def gated(*call_args: Any, **call_kwargs: Any) -> Any:
        ready.wait()
        return fn(*call_args, **call_kwargs)

    task = ctx.tasks.run(name, gated, *args, with_progress=with_progress)
    try:
        connect(task)
    finally:
        ready.set()
    return task
