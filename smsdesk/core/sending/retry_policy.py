"""What the sender does with each kind of provider failure, and how long it waits to retry.

Only failures that prove the vendor refused the request may be retried (connect failure,
HTTP 429/5xx with the vendor's error body, throttling codes): the vendor never took the
message. Anything that may have reached the vendor (read timeout, reset after the body was
sent, an unexpected error) makes the message "unknown", reconciled from the status pull or
by the user, and never resent on its own.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from enum import StrEnum

from smsdesk.core.providers.base import ErrorCategory
from smsdesk.core.sending.send_window import next_local_midnight

BASE_DELAY_SECONDS = 2.0
MAX_DELAY_SECONDS = 15 * 60.0
DEFAULT_MAX_ATTEMPTS = 6
VENDOR_TIMEZONE = "Asia/Shanghai"


class Action(StrEnum):
    SUBMITTED = "submitted"
    RETRY = "retry"  # back to queued after a backoff
    DEFER = "defer"  # back to queued until a vendor limit frees up (not an attempt)
    FAIL = "fail"
    FAIL_AND_SUPPRESS = "fail_and_suppress"  # fail and put the number on the opt-out list
    FAIL_TEMPLATE = "fail_template"  # fail and mark the template approval rejected
    PAUSE_ACCOUNT = "pause_account"  # back to queued, account paused until the user resumes
    UNKNOWN = "unknown"


ACTIONS: dict[str, Action] = {
    ErrorCategory.RETRY: Action.RETRY,
    ErrorCategory.RATE_LIMITED: Action.RETRY,
    ErrorCategory.INVALID_NUMBER: Action.FAIL,
    ErrorCategory.OPTED_OUT: Action.FAIL_AND_SUPPRESS,
    ErrorCategory.BALANCE: Action.PAUSE_ACCOUNT,
    ErrorCategory.AUTH: Action.PAUSE_ACCOUNT,
    ErrorCategory.TEMPLATE: Action.FAIL_TEMPLATE,
    ErrorCategory.LIMIT: Action.DEFER,
    ErrorCategory.UNKNOWN_OUTCOME: Action.UNKNOWN,
    ErrorCategory.PERMANENT: Action.FAIL,
}


def action_for(category: str | None) -> Action:
    """Unrecognised categories count as "may have been sent": the safe side."""
    if category is None:
        return Action.UNKNOWN
    return ACTIONS.get(category, Action.UNKNOWN)


def backoff_seconds(attempts: int, rng: random.Random) -> float:
    """Exponential backoff with jitter: 2 s, 4 s, 8 s … capped at 15 minutes, each drawn
    from its upper half so that many messages refused together do not return together."""
    ceiling = min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * 2 ** max(0, attempts - 1))
    return rng.uniform(ceiling / 2, ceiling)


def limit_deferral(error_code: str, now: datetime) -> datetime:
    """When to try again after the vendor's own per-number limit refused a message."""
    code = error_code.lower()
    if "day" in code or "daily" in code:
        return next_local_midnight(now, VENDOR_TIMEZONE)
    if "hour" in code:
        return now + timedelta(hours=1)
    return now + timedelta(seconds=60)
