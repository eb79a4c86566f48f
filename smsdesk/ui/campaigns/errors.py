"""The user's words for errors from the campaign core."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from smsdesk.core.campaigns.lifecycle import TransitionError
from smsdesk.core.campaigns.windows import WindowError
from smsdesk.core.errors import ComplianceError, NotFoundError, SMSDeskError, ValidationError
from smsdesk.ui.campaigns.labels import blocker_label, state_label


def error_text(error: BaseException) -> str:
    if isinstance(error, WindowError):
        reason = error.params.get("reason")
        if reason == "quiet_hours":
            return QCoreApplication.translate(
                "CampaignErrors", "The send window must stay between 08:00 and 21:00 (quiet hours)."
            )
        if reason == "order":
            return QCoreApplication.translate(
                "CampaignErrors", "The send window must open before it closes."
            )
        return QCoreApplication.translate("CampaignErrors", "That is not a time of day.")
    if isinstance(error, TransitionError):
        return QCoreApplication.translate(
            "CampaignErrors", "The campaign is %1, so this is not possible now."
        ).replace("%1", state_label(str(error.params.get("state", ""))))
    if isinstance(error, ComplianceError):
        blockers = error.params.get("blockers") or []
        lines = []
        for blocker in blockers:
            if isinstance(blocker, dict):
                text = blocker_label(str(blocker.get("code", "")), str(blocker.get("detail", "")))
            else:
                text = blocker_label(str(blocker))
            lines.append(text)
        return (
            QCoreApplication.translate("CampaignErrors", "The campaign cannot be sent:")
            + " "
            + "; ".join(lines)
        )
    if isinstance(error, NotFoundError):
        return QCoreApplication.translate(
            "CampaignErrors", "Something it needs was deleted (%1)."
        ).replace("%1", str(error))
    if isinstance(error, ValidationError):
        field = str(error.params.get("field", ""))
        messages = {
            "ab_winner_at": QCoreApplication.translate(
                "CampaignErrors", "Shares under 100% need a time to send the winner to the rest."
            ),
            "ends_at": QCoreApplication.translate(
                "CampaignErrors", "The end time must be after the start."
            ),
            "variants": QCoreApplication.translate(
                "CampaignErrors", "Variant shares must be positive and add up to at most 100%."
            ),
            "audience": QCoreApplication.translate(
                "CampaignErrors", "Choose who gets the campaign."
            ),
            "name": QCoreApplication.translate("CampaignErrors", "Give the campaign a name."),
            "weekdays": QCoreApplication.translate("CampaignErrors", "Tick at least one weekday."),
        }
        return messages.get(field, str(error))
    if isinstance(error, SMSDeskError):
        return str(error)
    return QCoreApplication.translate("CampaignErrors", "Unexpected error: %1").replace(
        "%1", f"{type(error).__name__}: {error}"
    )
