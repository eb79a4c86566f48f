"""What the user reads about a provider review: submission results, refusals and the verdicts
pulled back (shared by the templates and signatures pages)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from smsdesk.core.enums import ApprovalStatus
from smsdesk.core.errors import ComplianceError, SMSDeskError
from smsdesk.core.providers.base import ReviewStatus
from smsdesk.core.templates.provider_review import ReviewPull
from smsdesk.ui.templates.approval_table import status_label


def submitted_text(review: ReviewStatus) -> str:
    status = status_label(ApprovalStatus(review.status))
    if review.code:
        return (
            QCoreApplication.translate("Review", "Sent for review: %1 (code %2).")
            .replace("%1", status)
            .replace("%2", review.code)
        )
    return QCoreApplication.translate("Review", "Sent for review: %1.").replace("%1", status)


def failure_text(exc: BaseException) -> str:
    if isinstance(exc, ComplianceError):
        return QCoreApplication.translate(
            "Review",
            "Not sent: the provider would reject this text. Fix the errors on the Problems tab first.",
        )
    if isinstance(exc, SMSDeskError) and exc.params.get("field") == "proof_image":
        return QCoreApplication.translate(
            "Review", "Tencent Cloud needs an image of the business licence for a signature."
        )
    if isinstance(exc, SMSDeskError) and exc.params.get("field") == "proof_file":
        return QCoreApplication.translate("Review", "Could not read the file: %1").replace(
            "%1", str(exc.params.get("reason", ""))
        )
    if isinstance(exc, SMSDeskError):
        return QCoreApplication.translate("Review", "The provider did not take it: %1").replace(
            "%1", str(exc)
        )
    return QCoreApplication.translate("Review", "Could not reach the provider: %1").replace(
        "%1", type(exc).__name__
    )


def pull_text(pull: ReviewPull) -> str:
    if not pull.checked and not pull.errors:
        return QCoreApplication.translate("Review", "Nothing is under review.")
    parts = [
        QCoreApplication.translate("Review", "%1 under review, %2 decided.")
        .replace("%1", str(pull.checked))
        .replace("%2", str(len(pull.changes)))
    ]
    for change in pull.changes:
        line = f"{change.name} @ {change.account_name}: {status_label(change.status)}"
        parts.append(line + (f" ({change.reason})" if change.reason else ""))
    for name, _code, message in pull.errors:
        parts.append(
            QCoreApplication.translate("Review", "%1 could not be asked: %2")
            .replace("%1", name)
            .replace("%2", message)
        )
    return "\n".join(parts)
