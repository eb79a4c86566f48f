"""Phone number normalisation: one function used everywhere, E.164 out.

Speed matters (a million numbers per import), so Chinese mobiles take a fast path: clean the
text, strip the country prefix, check the national number against phonenumbers' own CN mobile
pattern, and look carrier and place up by prefix in tables built once from phonenumbers' data
(see ``cn_tables``). Only numbers the fast path cannot settle go through ``phonenumbers.parse``,
which also names the reason for a rejection.

``NumberParser`` is the reusable form (settings applied once, no exceptions on the hot path);
``normalize`` and ``parse`` are the one-call forms.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, cast

import phonenumbers
from phonenumbers import PhoneNumberType

from smsdesk.core.contacts import cn_tables
from smsdesk.core.contacts.cn_tables import split_place
from smsdesk.core.enums import Carrier
from smsdesk.core.errors import ValidationError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = [
    "REJECT_MESSAGES_EN",
    "NumberInfo",
    "NumberParser",
    "NumberRejected",
    "RejectReason",
    "clean",
    "display",
    "is_truncated",
    "mask",
    "normalize",
    "parse",
    "parser_for",
    "split_place",
]


class RejectReason(StrEnum):
    EMPTY = "empty"
    NOT_A_NUMBER = "not_a_number"
    MASKED = "masked"
    TRUNCATED = "truncated"
    INVALID = "invalid"
    FIXED_LINE = "fixed_line"
    REGION_NOT_ALLOWED = "region_not_allowed"
    DUPLICATE_IN_FILE = "duplicate_in_file"
    # Not about the number itself: a purchase-history row without a readable date.
    MISSING_DATE = "missing_date"


# English fallbacks for logs and the command line; the UI words these through tr().
REJECT_MESSAGES_EN: dict[RejectReason, str] = {
    RejectReason.EMPTY: "No number in this row",
    RejectReason.NOT_A_NUMBER: "Not a phone number",
    RejectReason.MASKED: "A masked number (138****5678): export with full numbers to re-import",
    RejectReason.TRUNCATED: (
        "Excel shortened this number (1.38123E+10) and its last digits are lost:"
        " format the column as text and export the file again"
    ),
    RejectReason.INVALID: "Not a valid number (wrong length or an unused range)",
    RejectReason.FIXED_LINE: "A landline: SMS needs a mobile number",
    RejectReason.REGION_NOT_ALLOWED: "The number belongs to a region not allowed in settings",
    RejectReason.DUPLICATE_IN_FILE: "The same number appears earlier in this file",
    RejectReason.MISSING_DATE: "A purchase row needs a date",
}


class NumberRejected(ValidationError):
    code = "number_rejected"

    def __init__(self, reason: RejectReason, raw: object = "") -> None:
        super().__init__(REJECT_MESSAGES_EN[reason], reason=reason.value)
        self.reason = reason
        self.raw = raw


@dataclass(frozen=True, slots=True)
class NumberInfo:
    """What the number tells about its line. The carrier is a best guess (number portability)."""

    e164: str
    region: str
    carrier: Carrier
    province: str
    city: str
    timezone: str


# (e164, region, carrier value, province, city, time zone): NumberInfo without the object.
NumberTuple = tuple[str, str, str, str, str, str]

_CARRIER_BY_NAME = {
    "中国移动": Carrier.MOBILE,
    "中国联通": Carrier.UNICOM,
    "中国电信": Carrier.TELECOM,
    "中国广电": Carrier.BROADNET,
}

# Characters people and spreadsheets put around numbers: invisible marks, quotes, separators.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00a0\u00ad\u202a\u202b\u202c\u202d\u202e"
        "\u2066\u2067\u2068\u2069\t\r\n",
    ),
    None,
)
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\u30fc()（）\[\]【】.。/·・'\"‘’“”`]+")
_FLOAT_TEXT = re.compile(r"^\d+(?:\.0+)?$|^\d(?:\.\d+)?[eE]\+?\d+$")
_SCIENTIFIC = re.compile(r"^\s*(\d)(?:\.(\d*))?[eE]\+?(\d+)\s*$")
_CN_PREFIXED = re.compile(r"^(?:\+86|0086|86)(1\d{10})$")
_TEL_PREFIX = re.compile(r"^(?:tel|phone|mobile|手机|电话|tel\.)\s*[:：]\s*", re.IGNORECASE)
_MASKED = re.compile(r"^\+?\d{2,}[*＊xX]{3,}\d{2,}$")
_DIALLABLE = re.compile(r"\+?\d{3,20}")
_MOBILE_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)


def _without_marks(text: str) -> str:
    """ASCII text without the separators and quotes people put in numbers (chained
    replace: several times faster than translate or a regular expression on short text)."""
    text = text.replace(" ", "").replace("-", "")
    if "(" in text or ")" in text:
        text = text.replace("(", "").replace(")", "")
    if "'" in text or '"' in text or "\t" in text:
        text = text.replace("'", "").replace('"', "").replace("\t", "")
    return text


def _cn_national(digits: str) -> str | None:
    """The 11 national digits of a Chinese mobile written with or without +86/0086/86."""
    size = len(digits)
    if size == 11:
        national = digits
    elif size == 14 and digits.startswith("+86"):
        national = digits[3:]
    elif size == 15 and digits.startswith("0086"):
        national = digits[4:]
    elif size == 13 and digits.startswith("86"):
        national = digits[2:]
    else:
        return None
    return national if national.isdigit() else None


def _ascii_national(text: str) -> str | None:
    """The 11 national digits of a mobile written in ASCII the usual ways, else None: text
    with full-width digits or invisible marks goes to the slow path, which cleans it."""
    if not text.isascii():
        return None
    if len(text) == 11 and text.isdigit():
        return text
    if "." not in text and "e" not in text and "E" not in text:
        # "138 1234 5678", "+86-138...", "0086 138...", "(138)...": drop the marks.
        return _cn_national(_without_marks(text))
    if text.endswith(".0") and len(text) == 13 and text[:11].isdigit():
        return text[:11]  # a float Excel wrote as text: "13812345678.0"
    return None


def clean(raw: object) -> str:
    """Turn a cell value into the characters of a number: floats and scientific notation
    from Excel, full-width digits, apostrophes, invisible characters and separators."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return str(raw)
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            return ""
        return str(int(raw)) if raw.is_integer() else repr(raw)
    if isinstance(raw, int):
        return str(raw)
    text = unicodedata.normalize("NFKC", str(raw)).translate(_INVISIBLE).strip()
    text = _TEL_PREFIX.sub("", text)
    text = text.lstrip("'=").strip().strip('"').strip()
    if not text.isdigit() and _FLOAT_TEXT.match(text):
        value = float(text)
        if value.is_integer() and value < 1e16:
            return str(int(value))
    return _SEPARATORS.sub("", text)


def is_truncated(text: str) -> bool:
    """True for scientific notation with fewer digits than the number has ("1.38123E+10"):
    Excel wrote what it displayed, and the digits it dropped cannot be recovered."""
    match = _SCIENTIFIC.match(unicodedata.normalize("NFKC", text))
    if match is None:
        return False
    fraction = match.group(2) or ""
    return len(fraction) < int(match.group(3)) and int(match.group(3)) >= 6


class NumberParser:
    """Normalises many numbers under one policy (default region, allowed regions).

    ``classify`` returns a ``NumberTuple`` or the ``RejectReason``: no exception per bad row,
    no object per good one, which is what an import of a million rows needs.
    """

    def __init__(
        self, *, default_region: str = "CN", allowed_regions: tuple[str, ...] | None = None
    ) -> None:
        self.default_region = default_region.upper()
        self.allowed_regions = (
            None if allowed_regions is None else tuple(r.upper() for r in allowed_regions)
        )
        self._cn_allowed = self.allowed_regions is None or "CN" in self.allowed_regions
        self._cn_default = self.default_region == "CN"

    @property
    def cn_tables_needed(self) -> bool:
        """Whether this parser looks numbers up in the Chinese prefix tables."""
        return self._cn_default

    def classify(self, raw: object) -> NumberTuple | RejectReason:
        kind = type(raw)
        national: str | None = None
        if kind is str:
            national = _ascii_national(cast(str, raw))
        elif kind is float:
            if 1e10 <= raw < 2e10 and raw.is_integer():  # type: ignore[operator,attr-defined]
                national = str(int(raw))  # type: ignore[call-overload]
            elif 8.61e12 <= raw < 8.62e12 and raw.is_integer():  # type: ignore[operator,attr-defined]
                national = str(int(raw))[2:]  # type: ignore[call-overload]  # 86 13812345678
        elif kind is int and 10**10 <= raw < 2 * 10**10:  # type: ignore[operator]
            national = str(raw)
        if national is not None and national[0] == "1" and self._cn_default:
            found = cn_tables.lookup(national)
            if found is not None:
                return found if self._cn_allowed else RejectReason.REGION_NOT_ALLOWED
        return self._classify_slow(raw)

    def parse(self, raw: object) -> NumberInfo:
        """``NumberInfo`` for ``raw``, or ``NumberRejected`` with the reason."""
        result = self.classify(raw)
        if isinstance(result, RejectReason):
            raise NumberRejected(result, raw)
        e164, region, carrier_code, province, city, zone = result
        return NumberInfo(e164, region, Carrier(carrier_code), province, city, zone)

    def _classify_slow(self, raw: object) -> NumberTuple | RejectReason:
        if isinstance(raw, str) and is_truncated(raw):
            return RejectReason.TRUNCATED
        text = clean(raw)
        if not text:
            return RejectReason.EMPTY
        national: str | None = None
        if len(text) == 11 and text[0] == "1" and text.isdigit() and self._cn_default:
            national = text
        else:
            match = _CN_PREFIXED.match(text)
            if match is not None:
                national = match.group(1)
        if national is not None:
            found = cn_tables.lookup(national)
            if found is not None:
                return found if self._cn_allowed else RejectReason.REGION_NOT_ALLOWED
        if (
            self._cn_default
            and 9 <= len(text) <= 11
            and text[0] == "1"
            and text[1] != "0"
            and text.isdigit()
        ):
            # Starts like a Chinese mobile but is none: no other Chinese number of this
            # length begins with 1 except Beijing's 10 (a property test checks this).
            return RejectReason.INVALID
        if self._cn_default and 3 <= len(text) <= 5 and text[0] != "0" and text.isdigit():
            return RejectReason.INVALID  # "12345": no number anywhere is this short
        if (
            self._cn_default
            and text[0] == "0"
            and 10 <= len(text) <= 13
            and text.isdigit()
            and cn_tables.is_fixed_line(text[1:])
        ):
            return RejectReason.FIXED_LINE  # "010-62345678", "0755 8600 1234"
        result = self._full_parse(text)
        if isinstance(result, RejectReason):
            return result
        if self.allowed_regions is not None and result[1] not in self.allowed_regions:
            return RejectReason.REGION_NOT_ALLOWED
        return result

    def _full_parse(self, text: str) -> NumberTuple | RejectReason:
        if _MASKED.match(text):
            return RejectReason.MASKED
        if not _DIALLABLE.fullmatch(text):
            return RejectReason.NOT_A_NUMBER
        if text.startswith("00"):
            text = "+" + text[2:]
        try:
            number = phonenumbers.parse(text, self.default_region)
        except phonenumbers.NumberParseException:
            return RejectReason.NOT_A_NUMBER
        if not phonenumbers.is_valid_number(number):
            # A country code written without "+" ("8613...", "4479...") parses as national.
            if not text.startswith("+"):
                try:
                    retry = phonenumbers.parse("+" + text, None)
                except phonenumbers.NumberParseException:
                    return RejectReason.INVALID
                if phonenumbers.is_valid_number(retry):
                    number = retry
                else:
                    return RejectReason.INVALID
            else:
                return RejectReason.INVALID
        if phonenumbers.number_type(number) not in _MOBILE_TYPES:
            return RejectReason.FIXED_LINE
        return _describe(number)


def _describe(number: phonenumbers.PhoneNumber) -> NumberTuple:
    # Imported here: the geocoder loads place names for the whole world (about 100 MB).
    from phonenumbers import carrier, geocoder, timezone

    region = phonenumbers.region_code_for_number(number) or ""
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if region == "CN":
        carrier_code = _CARRIER_BY_NAME.get(carrier.name_for_number(number, "zh"), Carrier.UNKNOWN)
        province, city = split_place(geocoder.description_for_number(number, "zh"))
    else:
        carrier_code = Carrier.INTERNATIONAL
        province, city = "", geocoder.description_for_number(number, "en")
    zones = timezone.time_zones_for_number(number)
    zone = zones[0] if zones and zones[0] != "Etc/Unknown" else "Asia/Shanghai"
    return e164, region, carrier_code.value, province, city, zone


_DEFAULT_PARSER = NumberParser()


def _parser(default_region: str, allowed_regions: tuple[str, ...] | None) -> NumberParser:
    if default_region == "CN" and allowed_regions is None:
        return _DEFAULT_PARSER
    return NumberParser(default_region=default_region, allowed_regions=allowed_regions)


def normalize(
    raw: object, *, default_region: str = "CN", allowed_regions: tuple[str, ...] | None = None
) -> str:
    """E.164 for a mobile number, or ``NumberRejected`` with the reason."""
    return parse(raw, default_region=default_region, allowed_regions=allowed_regions).e164


def parse(
    raw: object, *, default_region: str = "CN", allowed_regions: tuple[str, ...] | None = None
) -> NumberInfo:
    """Everything the number tells (``NumberInfo``), or ``NumberRejected`` with the reason."""
    return _parser(default_region, allowed_regions).parse(raw)


def parser_for(session: Session) -> NumberParser:
    """A parser with the user's number settings (default region, allowed regions)."""
    from smsdesk.core import settings

    allowed = settings.get(session, "numbers.allowed_regions")
    return NumberParser(
        default_region=str(settings.get(session, "numbers.default_region") or "CN"),
        allowed_regions=tuple(allowed) if allowed else None,
    )


def mask(e164: str) -> str:
    """138****5678 for Chinese mobiles; keep the country code and last four elsewhere."""
    if e164.startswith("+86") and len(e164) == 14:
        national = e164[3:]
        return f"{national[:3]}****{national[-4:]}"
    if len(e164) <= 6:
        return "*" * len(e164)
    return f"{e164[:3]}{'*' * (len(e164) - 7)}{e164[-4:]}"


def display(e164: str) -> str:
    """The unmasked number as people write it (national form for China)."""
    if e164.startswith("+86") and len(e164) == 14:
        return e164[3:]
    return e164
