"""Start background work through the app's task runner with the result slots connected first.

``TaskRunner.run`` starts the function at once and returns the Task; a quick function can
finish and emit ``succeeded`` before the caller has connected to it, and the result is lost.
``start`` holds the function back until the slots are connected.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

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
) -> Task:
    gate = threading.Event()

    def gated(*call_args: Any) -> Any:
        gate.wait(GATE_TIMEOUT_SECONDS)
        return fn(*call_args)

    task = ctx.tasks.run(name, gated, *args)
    if succeeded is not None:
        task.succeeded.connect(succeeded)
    if failed is not None:
        task.failed.connect(failed)
    gate.set()
    return task
