"""Words for the sender's codes: message states, why a message was held back or waits, why an
account was paused. The core returns codes; these turn them into the user's language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def state_label(state: str) -> str:
    labels = {
        "queued": QCoreApplication.translate("SendingLabels", "Queued"),
        "submitting": QCoreApplication.translate("SendingLabels", "Sending"),
        "submitted": QCoreApplication.translate("SendingLabels", "Sent"),
        "delivered": QCoreApplication.translate("SendingLabels", "Delivered"),
        "failed": QCoreApplication.translate("SendingLabels", "Failed"),
        "expired": QCoreApplication.translate("SendingLabels", "Expired"),
        "cancelled": QCoreApplication.translate("SendingLabels", "Cancelled"),
        "unknown": QCoreApplication.translate("SendingLabels", "Unknown"),
        "skipped": QCoreApplication.translate("SendingLabels", "Held back"),
    }
    return labels.get(state, state)


def reason_label(reason: str) -> str:
    """Why a message was held back (skipped) or is waiting (still queued)."""
    labels = {
        "opted_out": QCoreApplication.translate("SendingLabels", "Opted out"),
        "no_consent": QCoreApplication.translate(
            "SendingLabels", "No consent for this kind of message"
        ),
        "suspect": QCoreApplication.translate(
            "SendingLabels", "Suspect number (3 failed deliveries)"
        ),
        "frequency_cap": QCoreApplication.translate("SendingLabels", "Frequency limit reached"),
        "template_not_approved": QCoreApplication.translate(
            "SendingLabels", "Template not approved for this provider"
        ),
        "no_provider": QCoreApplication.translate("SendingLabels", "No provider account"),
        "missing_variable": QCoreApplication.translate(
            "SendingLabels", "A template variable has no value"
        ),
        "carrier_rule": QCoreApplication.translate(
            "SendingLabels", "The carrier would block this text"
        ),
        "quiet_hours": QCoreApplication.translate(
            "SendingLabels", "Waiting: quiet hours (21:00–08:00)"
        ),
        "outside_window": QCoreApplication.translate(
            "SendingLabels", "Waiting for the send window"
        ),
        "vendor_same_content": QCoreApplication.translate(
            "SendingLabels", "Waiting: provider limit on repeated content"
        ),
        "vendor_daily_per_number": QCoreApplication.translate(
            "SendingLabels", "Waiting: provider daily limit per number"
        ),
        "vendor_template_daily": QCoreApplication.translate(
            "SendingLabels", "Waiting: provider daily limit per template"
        ),
        "vendor_limit": QCoreApplication.translate("SendingLabels", "Waiting: provider limit"),
        "interrupted": QCoreApplication.translate("SendingLabels", "Interrupted while sending"),
        "expired": QCoreApplication.translate("SendingLabels", "Expired before it could be sent"),
    }
    return labels.get(reason, reason)


def pause_label(category: str) -> str:
    """What to tell the user about a paused account, by the refusal's category."""
    labels = {
        "auth": QCoreApplication.translate(
            "SendingLabels",
            "The provider refused the credentials or the account settings. Check the key and "
            "secret on the Providers page, then resume.",
        ),
        "balance": QCoreApplication.translate(
            "SendingLabels",
            "The provider account is out of balance or quota. Top it up, then resume.",
        ),
        "user": QCoreApplication.translate("SendingLabels", "Paused by you."),
    }
    return labels.get(
        category,
        QCoreApplication.translate(
            "SendingLabels", "The provider refused to send. Check the account, then resume."
        ),
    )


def status_label(status: str) -> str:
    labels = {
        "starting": QCoreApplication.translate("SendingLabels", "Sender starting…"),
        "waiting_for_lease": QCoreApplication.translate(
            "SendingLabels", "Another SMSDesk is sending; waiting for it to finish"
        ),
        "sending": QCoreApplication.translate("SendingLabels", "Sending"),
        "idle": QCoreApplication.translate("SendingLabels", "Sender ready"),
        "stopped": QCoreApplication.translate("SendingLabels", "Sender stopped"),
    }
    return labels.get(status, status)


def error_label(code: str) -> str:
    labels = {
        "no_active_account": QCoreApplication.translate(
            "SendingLabels", "Some messages have no provider account to go out on."
        ),
        "provider_crashed": QCoreApplication.translate(
            "SendingLabels",
            "The provider adapter failed unexpectedly; the message is marked unknown, not resent.",
        ),
        "sender_crashed": QCoreApplication.translate(
            "SendingLabels", "The sender stopped on an unexpected error."
        ),
        "sender_lease_lost": QCoreApplication.translate(
            "SendingLabels", "Another SMSDesk took over sending."
        ),
        "database_busy": QCoreApplication.translate(
            "SendingLabels", "The database is busy; the sender tries again in a moment."
        ),
        "pull_failed": QCoreApplication.translate(
            "SendingLabels", "Pulling receipts and replies failed; the next pull tries again."
        ),
        "schedule_failed": QCoreApplication.translate(
            "SendingLabels", "Planning due campaign runs failed; the next step tries again."
        ),
        "campaign_error": QCoreApplication.translate(
            "SendingLabels", "A campaign could not be advanced; see the Campaigns page."
        ),
        "campaign_paused": QCoreApplication.translate(
            "SendingLabels", "A campaign was paused automatically; see the Campaigns page for why."
        ),
    }
    return labels.get(code, code)
