"""Words for the sender's codes: message states, why a message was held back or waits, why an
account was paused. The core returns codes; these turn them into the user's language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("SendingLabels", text)


def state_label(state: str) -> str:
    labels = {
        "queued": _tr("Queued"),
        "submitting": _tr("Sending"),
        "submitted": _tr("Sent"),
        "delivered": _tr("Delivered"),
        "failed": _tr("Failed"),
        "expired": _tr("Expired"),
        "cancelled": _tr("Cancelled"),
        "unknown": _tr("Unknown"),
        "skipped": _tr("Held back"),
    }
    return labels.get(state, state)


def reason_label(reason: str) -> str:
    """Why a message was held back (skipped) or is waiting (still queued)."""
    labels = {
        "opted_out": _tr("Opted out"),
        "no_consent": _tr("No consent for this kind of message"),
        "suspect": _tr("Suspect number (3 failed deliveries)"),
        "frequency_cap": _tr("Frequency limit reached"),
        "template_not_approved": _tr("Template not approved for this provider"),
        "no_provider": _tr("No provider account"),
        "missing_variable": _tr("A template variable has no value"),
        "carrier_rule": _tr("The carrier would block this text"),
        "quiet_hours": _tr("Waiting: quiet hours (21:00–08:00)"),
        "outside_window": _tr("Waiting for the send window"),
        "vendor_same_content": _tr("Waiting: provider limit on repeated content"),
        "vendor_daily_per_number": _tr("Waiting: provider daily limit per number"),
        "vendor_template_daily": _tr("Waiting: provider daily limit per template"),
        "vendor_limit": _tr("Waiting: provider limit"),
        "interrupted": _tr("Interrupted while sending"),
        "expired": _tr("Expired before it could be sent"),
    }
    return labels.get(reason, reason)


def pause_label(category: str) -> str:
    """What to tell the user about a paused account, by the refusal's category."""
    labels = {
        "auth": _tr(
            "The provider refused the credentials or the account settings. Check the key and "
            "secret on the Providers page, then resume."
        ),
        "balance": _tr("The provider account is out of balance or quota. Top it up, then resume."),
        "user": _tr("Paused by you."),
    }
    return labels.get(
        category, _tr("The provider refused to send. Check the account, then resume.")
    )


def status_label(status: str) -> str:
    labels = {
        "starting": _tr("Sender starting…"),
        "waiting_for_lease": _tr("Another SMSDesk is sending; waiting for it to finish"),
        "sending": _tr("Sending"),
        "idle": _tr("Sender ready"),
        "stopped": _tr("Sender stopped"),
    }
    return labels.get(status, status)


def error_label(code: str) -> str:
    labels = {
        "no_active_account": _tr("Some messages have no provider account to go out on."),
        "provider_crashed": _tr(
            "The provider adapter failed unexpectedly; the message is marked unknown, not resent."
        ),
        "sender_crashed": _tr("The sender stopped on an unexpected error."),
        "sender_lease_lost": _tr("Another SMSDesk took over sending."),
        "pull_failed": _tr("Pulling receipts and replies failed; the next pull tries again."),
    }
    return labels.get(code, code)
