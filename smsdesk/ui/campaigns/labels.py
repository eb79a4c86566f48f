"""Words for the campaign codes: states, exclusion reasons, blockers, pause reasons, warnings
and schedules. The core returns codes; these turn them into the user's language."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication


def state_label(state: str) -> str:
    labels = {
        "draft": QCoreApplication.translate("CampaignLabels", "Draft"),
        "scheduled": QCoreApplication.translate("CampaignLabels", "Scheduled"),
        "running": QCoreApplication.translate("CampaignLabels", "Running"),
        "paused": QCoreApplication.translate("CampaignLabels", "Paused"),
        "completed": QCoreApplication.translate("CampaignLabels", "Completed"),
        "cancelled": QCoreApplication.translate("CampaignLabels", "Cancelled"),
    }
    return labels.get(state, state)


def exclusion_label(reason: str) -> str:
    labels = {
        "no_consent": QCoreApplication.translate(
            "CampaignLabels", "No consent for this kind of message"
        ),
        "opted_out": QCoreApplication.translate("CampaignLabels", "Opted out"),
        "frequency_cap": QCoreApplication.translate(
            "CampaignLabels", "Frequency limit for their tier reached"
        ),
        "invalid": QCoreApplication.translate("CampaignLabels", "Not a valid mobile number"),
        "suspect": QCoreApplication.translate(
            "CampaignLabels", "Suspect number (3 failed deliveries in a row)"
        ),
        "carrier_rule": QCoreApplication.translate(
            "CampaignLabels", "Their carrier refuses this text (link or contact details)"
        ),
        "missing_variable": QCoreApplication.translate(
            "CampaignLabels", "A template variable has no value for them"
        ),
        "no_time": QCoreApplication.translate(
            "CampaignLabels", "The campaign ends before the rate limit reaches them"
        ),
    }
    return labels.get(reason, reason)


def exclusion_hint(reason: str) -> str:
    """What the user can do about it."""
    hints = {
        "no_consent": QCoreApplication.translate(
            "CampaignLabels", "Ask for consent first, e.g. with a re-permission message."
        ),
        "frequency_cap": QCoreApplication.translate(
            "CampaignLabels", "Give the campaign a later end time to defer instead of dropping."
        ),
        "carrier_rule": QCoreApplication.translate(
            "CampaignLabels", "Remove the link or phone number; use a redemption code instead."
        ),
        "missing_variable": QCoreApplication.translate(
            "CampaignLabels", "Fill in the missing field or remove the variable."
        ),
        "no_time": QCoreApplication.translate(
            "CampaignLabels", "Allow a later end time, a wider window or a higher rate."
        ),
    }
    return hints.get(reason, "")


def blocker_label(code: str, detail: str = "") -> str:
    labels = {
        "template_not_approved": QCoreApplication.translate(
            "CampaignLabels", "The template is not approved for this provider account"
        ),
        "unknown_variable": QCoreApplication.translate(
            "CampaignLabels", "The template uses an unknown variable {%1}"
        ).replace("%1", detail),
        "signature_missing": QCoreApplication.translate(
            "CampaignLabels", "The message has no 【signature】"
        ),
        "signature_unregistered": QCoreApplication.translate(
            "CampaignLabels", "The signature is not registered with this provider"
        ),
        "opt_out_missing": QCoreApplication.translate(
            "CampaignLabels", "The marketing message does not say how to opt out"
        ),
    }
    return labels.get(
        code,
        QCoreApplication.translate("CampaignLabels", "Content rule %1 forbids sending").replace(
            "%1", code
        ),
    )


def pause_label(code: str, params: dict[str, Any]) -> str:
    if code == "complaint_rate":
        return (
            QCoreApplication.translate(
                "CampaignLabels", "Paused automatically: complaint rate %1 is above %2"
            )
            .replace("%1", percent(float(params.get("rate", 0))))
            .replace("%2", percent(float(params.get("threshold", 0))))
        )
    if code == "blocked":
        return QCoreApplication.translate(
            "CampaignLabels", "Paused: the content or its approval no longer allows sending"
        )
    if code == "run_failed":
        return QCoreApplication.translate(
            "CampaignLabels", "Paused: a run could not be queued (%1)"
        ).replace("%1", str(params.get("error", "")))
    return QCoreApplication.translate("CampaignLabels", "Paused by you")


def warning_label(code: str, params: dict[str, Any]) -> str:
    if code == "opt_out_rate":
        return (
            QCoreApplication.translate("CampaignLabels", "Warning: opt-out rate %1 is above %2")
            .replace("%1", percent(float(params.get("rate", 0))))
            .replace("%2", percent(float(params.get("threshold", 0))))
        )
    return str(params.get("note", code))


def schedule_label(schedule: dict[str, Any]) -> str:
    kind = schedule.get("type", "now")
    at = str(schedule.get("time", ""))
    if kind == "daily":
        return QCoreApplication.translate("CampaignLabels", "Every day at %1").replace("%1", at)
    if kind == "weekly":
        return QCoreApplication.translate("CampaignLabels", "Weekly at %1").replace("%1", at)
    if kind == "birthday":
        return QCoreApplication.translate("CampaignLabels", "On birthdays at %1").replace("%1", at)
    if kind == "since_purchase":
        return (
            QCoreApplication.translate("CampaignLabels", "%1 days after the last purchase, at %2")
            .replace("%1", str(schedule.get("days", "")))
            .replace("%2", at)
        )
    if kind == "at":
        return QCoreApplication.translate("CampaignLabels", "Once, at the start time")
    return QCoreApplication.translate("CampaignLabels", "Once, right away")


def percent(value: float) -> str:
    return f"{value * 100:.2f}%"
