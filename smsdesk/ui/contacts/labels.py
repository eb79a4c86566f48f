"""Words for the contact domain's codes (tiers, carriers, fields, reject reasons, file
problems), in the user's language. The core returns codes; these turn them into text."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from smsdesk.core.contacts.columns import ImportField, custom_key, is_custom
from smsdesk.core.contacts.numbers import REJECT_MESSAGES_EN, RejectReason
from smsdesk.core.errors import SMSDeskError

translate = QCoreApplication.translate


def tier_label(code: str) -> str:
    return {
        "new": translate("ContactLabels", "New"),
        "active": translate("ContactLabels", "Active"),
        "dormant": translate("ContactLabels", "Dormant"),
        "loyal": translate("ContactLabels", "Loyal"),
    }.get(code, code)


def carrier_label(code: str) -> str:
    return {
        "mobile": translate("ContactLabels", "China Mobile"),
        "unicom": translate("ContactLabels", "China Unicom"),
        "telecom": translate("ContactLabels", "China Telecom"),
        "broadnet": translate("ContactLabels", "China Broadnet"),
        "intl": translate("ContactLabels", "International"),
        "unknown": translate("ContactLabels", "Unknown"),
    }.get(code, code)


def consent_label(code: str) -> str:
    return {
        "marketing": translate("ContactLabels", "Marketing"),
        "service": translate("ContactLabels", "Service only"),
        "none": translate("ContactLabels", "No consent"),
    }.get(code, code)


def method_label(code: str) -> str:
    return {
        "sms_reply": translate("ContactLabels", "SMS reply"),
        "otp": translate("ContactLabels", "Verification code (OTP)"),
        "signature": translate("ContactLabels", "Signed confirmation"),
        "web_form": translate("ContactLabels", "Web or app form (ticked box)"),
        "paper": translate("ContactLabels", "Paper form in store"),
    }.get(code, code)


def policy_label(code: str) -> str:
    return {
        "skip": translate("ContactLabels", "Skip: keep what the book has"),
        "update": translate("ContactLabels", "Update: the file's values win"),
        "fill": translate("ContactLabels", "Fill: only fill empty fields"),
    }.get(code, code)


def field_label(field: str) -> str:
    """The mapping choice for an import column."""
    if is_custom(field):
        return translate("ContactLabels", "Custom field “%1”").replace("%1", custom_key(field))
    return {
        ImportField.NUMBER.value: translate("ContactLabels", "Mobile number"),
        ImportField.NAME.value: translate("ContactLabels", "Name"),
        ImportField.TAGS.value: translate("ContactLabels", "Tags"),
        ImportField.BIRTHDAY.value: translate("ContactLabels", "Birthday"),
        ImportField.NOTES.value: translate("ContactLabels", "Notes"),
        ImportField.FIRST_PURCHASE.value: translate("ContactLabels", "First purchase date"),
        ImportField.PURCHASE_DATE.value: translate("ContactLabels", "Purchase date (latest)"),
        ImportField.PURCHASE_COUNT.value: translate("ContactLabels", "Purchase count"),
        ImportField.PURCHASE_AMOUNT.value: translate("ContactLabels", "Amount spent"),
        ImportField.PURCHASE_REFERENCE.value: translate("ContactLabels", "Order number"),
        ImportField.CONSENT_SCOPE.value: translate("ContactLabels", "Consent scope"),
        ImportField.CONSENT_METHOD.value: translate("ContactLabels", "Consent method"),
        ImportField.CONSENT_TIME.value: translate("ContactLabels", "Consent time"),
        ImportField.CONSENT_SOURCE.value: translate("ContactLabels", "Consent source"),
        ImportField.OPTED_OUT.value: translate("ContactLabels", "Opted out (yes/no)"),
        ImportField.SUSPECT.value: translate("ContactLabels", "Suspect number (yes/no)"),
        ImportField.TIER_OVERRIDE.value: translate("ContactLabels", "Tier (manual)"),
        ImportField.IGNORE.value: translate("ContactLabels", "Do not import"),
    }.get(field, field)


def reject_label(code: str) -> str:
    texts = {
        RejectReason.EMPTY.value: translate("ContactLabels", "No number in this row"),
        RejectReason.NOT_A_NUMBER.value: translate("ContactLabels", "Not a phone number"),
        RejectReason.MASKED.value: translate(
            "ContactLabels",
            "A masked number (138****5678): export with full numbers to import it again",
        ),
        RejectReason.TRUNCATED.value: translate(
            "ContactLabels",
            "Excel shortened this number (1.38123E+10) and its last digits are lost: format the column as text and export the file again",
        ),
        RejectReason.INVALID.value: translate(
            "ContactLabels", "Not a valid number (wrong length or an unused range)"
        ),
        RejectReason.FIXED_LINE.value: translate(
            "ContactLabels", "A landline: SMS needs a mobile number"
        ),
        RejectReason.REGION_NOT_ALLOWED.value: translate(
            "ContactLabels", "The number belongs to a region not allowed in settings"
        ),
        RejectReason.DUPLICATE_IN_FILE.value: translate(
            "ContactLabels", "The same number appears earlier in this file"
        ),
        RejectReason.MISSING_DATE.value: translate("ContactLabels", "A purchase row needs a date"),
    }
    return texts.get(code) or REJECT_MESSAGES_EN.get(RejectReason(code), code)


def reject_labels() -> dict[str, str]:
    """Translated texts for the reject report (its titles and every reason)."""
    return {
        "row": translate("ContactLabels", "Row"),
        "reason": translate("ContactLabels", "Reason"),
        "reason_code": translate("ContactLabels", "Reason code"),
        **{reason.value: reject_label(reason.value) for reason in RejectReason},
    }


def error_text(error: BaseException) -> str:
    """What went wrong and what to do, for the errors the contact book raises."""
    if not isinstance(error, SMSDeskError):
        return translate("ContactLabels", "Something went wrong: %1").replace("%1", str(error))
    reason = str(error.params.get("reason", ""))
    texts = {
        "not_found": translate("ContactLabels", "The file was not found. Was it moved or renamed?"),
        "unreadable": translate(
            "ContactLabels", "The file cannot be read. Close it in Excel or WPS and try again."
        ),
        "empty": translate("ContactLabels", "The file is empty."),
        "encrypted": translate(
            "ContactLabels",
            "The workbook is password-protected. Open it in Excel or WPS, remove the password (File → Info → Protect Workbook) and save it again.",
        ),
        "corrupt": translate(
            "ContactLabels",
            "The file is damaged and cannot be read. Open it in Excel or WPS and save it again as .xlsx.",
        ),
        "wrong_type": translate(
            "ContactLabels",
            "This is not a spreadsheet. Choose an .xlsx, .xls or .csv file, or save the list in Excel or WPS as .xlsx.",
        ),
        "encoding": translate(
            "ContactLabels",
            "The text encoding of this CSV is unknown. Save it as UTF-8 CSV or as .xlsx.",
        ),
        "no_sheet": translate("ContactLabels", "The workbook has no sheet with that name."),
        "no_number_column": translate(
            "ContactLabels",
            "No column holds mobile numbers. Choose “Mobile number” for the column that has them.",
        ),
        "no_purchase_date": translate(
            "ContactLabels",
            "A purchase history needs a date column. Choose “Purchase date” for it.",
        ),
        "exists": translate("ContactLabels", "This number is already in the contact book."),
        "export_type": translate("ContactLabels", "Export to an .xlsx or .csv file."),
        "empty_name": translate("ContactLabels", "Give the segment a name."),
        "name_too_long": translate("ContactLabels", "The name is too long."),
        "number_rejected": "",
    }
    if error.code == "number_rejected":
        return reject_label(reason)
    if error.code == "cancelled":
        return translate("ContactLabels", "Cancelled. Nothing was changed.")
    text = texts.get(reason)
    if text:
        return text
    return translate("ContactLabels", "Something went wrong: %1").replace("%1", str(error))
