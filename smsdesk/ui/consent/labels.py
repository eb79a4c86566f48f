"""Words for the consent domain's codes (scopes, methods, actions, verification problems and
refusal reasons), in the user's language. The core returns codes; these turn them into text."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from smsdesk.core.consent.evidence_chain import VerifyResult
from smsdesk.core.contacts.numbers import REJECT_MESSAGES_EN, RejectReason
from smsdesk.core.errors import SMSDeskError

translate = QCoreApplication.translate


def scope_label(code: str) -> str:
    return {
        "marketing": translate("ConsentLabels", "Marketing (offers and notices)"),
        "service": translate("ConsentLabels", "Service notices only"),
        "none": translate("ConsentLabels", "No consent"),
    }.get(code, code)


def method_label(code: str) -> str:
    return {
        "sms_reply": translate("ConsentLabels", "SMS reply"),
        "otp": translate("ConsentLabels", "Verification code (OTP)"),
        "signature": translate("ConsentLabels", "Signed confirmation"),
        "web_form": translate("ConsentLabels", "Web or app form (ticked box)"),
        "paper": translate("ConsentLabels", "Paper form in store"),
        "import": translate("ConsentLabels", "Imported list"),
    }.get(code, code)


def consent_action_label(code: str) -> str:
    return {
        "grant": translate("ConsentLabels", "Consent given"),
        "withdraw": translate("ConsentLabels", "Consent withdrawn"),
    }.get(code, code)


def reply_action_label(code: str) -> str:
    return {
        "opt_out": translate("ConsentLabels", "Opted out"),
        "consent_marketing": translate("ConsentLabels", "Consented to marketing"),
        "consent_service": translate("ConsentLabels", "Narrowed to service notices"),
        "none": translate("ConsentLabels", "No action"),
    }.get(code, code)


def verify_problem_text(result: VerifyResult) -> str:
    """What went wrong with the evidence log, in one or two sentences."""
    record = result.first_bad
    problem = result.problem or ""
    if problem == "deleted" and record is None:
        return (
            translate(
                "ConsentLabels",
                "The newest records were deleted: the log should hold %1 records but holds %2.",
            )
            .replace("%1", str(result.detail.get("expected_records", "?")))
            .replace("%2", str(result.records))
        )
    texts = {
        "altered": translate("ConsentLabels", "Record #%1 was changed after it was written."),
        "inserted": translate("ConsentLabels", "Record #%1 was added to the log outside SMSDesk."),
        "deleted": translate(
            "ConsentLabels", "One or more records were deleted just before record #%1."
        ),
        "reordered": translate(
            "ConsentLabels", "Records were moved: the order breaks at record #%1."
        ),
        "anchor_missing": translate(
            "ConsentLabels",
            "The log's own record count and last hash were deleted or reset, so removed records can no longer be ruled out.",
        ),
        "anchor_mismatch": translate(
            "ConsentLabels", "The newest records were changed, replaced or removed."
        ),
        "witness_mismatch": translate(
            "ConsentLabels",
            "The log differs from the copy this computer verified before: records were rewritten or removed since then (or an older backup was restored).",
        ),
        "evidence_file_missing": translate(
            "ConsentLabels", "The evidence file of record #%1 is missing."
        ),
        "evidence_file_altered": translate(
            "ConsentLabels", "The evidence file of record #%1 was changed."
        ),
    }
    return texts.get(problem, problem).replace("%1", str(record))


def error_text(error: BaseException) -> str:
    """A refusal from the core as a sentence that says what to do."""
    if not isinstance(error, SMSDeskError):
        return str(error)
    reason = str(error.params.get("reason", ""))
    texts = {
        "evidence_required": translate(
            "ConsentLabels",
            "This number opted out. Describe the new consent in Evidence (or attach a file) to take it off the opt-out list.",
        ),
        "consent_older_than_opt_out": translate(
            "ConsentLabels",
            "The consent you entered is older than the opt-out. Only a consent given after the opt-out can lift it.",
        ),
        "consent_in_future": translate(
            "ConsentLabels", "The time of consent is in the future. Check the date and time."
        ),
        "not_opted_out": translate("ConsentLabels", "This number is not on the opt-out list."),
        "evidence_file_not_found": translate(
            "ConsentLabels", "The evidence file cannot be found. Attach it again."
        ),
        "bad_scope": translate("ConsentLabels", "Choose what the person agreed to receive."),
        "bad_method": translate("ConsentLabels", "Choose how the consent was given."),
        "bad_extension": translate("ConsentLabels", "Export to a file ending in .xlsx or .pdf."),
        "encrypted": translate(
            "ConsentLabels",
            "The file is password-protected. Save an unprotected copy and import that.",
        ),
        "unreadable": translate(
            "ConsentLabels", "The file cannot be read. Save it again as .xlsx or .csv and retry."
        ),
        "not_found": translate("ConsentLabels", "The file cannot be found."),
        "encoding": translate(
            "ConsentLabels", "The text file's encoding is unknown. Save it as UTF-8 and retry."
        ),
        "binary": translate(
            "ConsentLabels", "This is not a text file. Use .csv, .txt or an Excel file."
        ),
    }
    if reason in texts:
        return texts[reason]
    if reason in {r.value for r in RejectReason}:
        return number_reject_text(reason)
    return str(error)


def number_reject_text(reason: str) -> str:
    texts = {
        "empty": translate("ConsentLabels", "Enter a mobile number."),
        "not_a_number": translate("ConsentLabels", "This is not a phone number."),
        "invalid": translate(
            "ConsentLabels", "This is not a valid mobile number (wrong length or an unused range)."
        ),
        "fixed_line": translate("ConsentLabels", "This is a landline: SMS needs a mobile number."),
        "region_not_allowed": translate(
            "ConsentLabels", "Numbers from this region are not allowed in Settings."
        ),
        "duplicate_in_file": translate(
            "ConsentLabels", "The same number appears earlier in this file."
        ),
    }
    try:
        fallback = REJECT_MESSAGES_EN[RejectReason(reason)]
    except ValueError:
        fallback = reason
    return texts.get(reason, fallback)
