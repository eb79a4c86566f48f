"""Phone number normalisation: one function used everywhere, E.164 out.

Speed matters (a million numbers per import), so Chinese mobiles take a fast path: clean the
text, strip the country prefix, and look the 7-digit prefix up in a cache that the full
``phonenumbers`` library fills once per prefix (validity, number type, carrier, place). Every
other number goes through ``phonenumbers.parse`` in full.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneNumberType, carrier, geocoder, timezone

from smsdesk.core.enums import Carrier
from smsdesk.core.errors import ValidationError


class RejectReason(StrEnum):
    EMPTY = "empty"
    NOT_A_NUMBER = "not_a_number"
    INVALID = "invalid"
    FIXED_LINE = "fixed_line"
    REGION_NOT_ALLOWED = "region_not_allowed"
    DUPLICATE_IN_FILE = "duplicate_in_file"


REJECT_MESSAGES_EN: dict[RejectReason, str] = {
    RejectReason.EMPTY: "No number in this row",
    RejectReason.NOT_A_NUMBER: "Not a phone number",
    RejectReason.INVALID: "Not a valid number (wrong length or an unused range)",
    RejectReason.FIXED_LINE: "A landline: SMS needs a mobile number",
    RejectReason.REGION_NOT_ALLOWED: "The number belongs to a region not allowed in settings",
    RejectReason.DUPLICATE_IN_FILE: "The same number appears earlier in this file",
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


_CARRIER_BY_NAME = {
    "中国移动": Carrier.MOBILE,
    "中国联通": Carrier.UNICOM,
    "中国电信": Carrier.TELECOM,
    "中国广电": Carrier.BROADNET,
}

_PROVINCES = (
    "北京",
    "天津",
    "上海",
    "重庆",
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "黑龙江",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "台湾",
    "内蒙古",
    "广西",
    "西藏",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
)
_PROVINCE_SUFFIXES = (
    "壮族自治区",
    "回族自治区",
    "维吾尔自治区",
    "自治区",
    "特别行政区",
    "省",
    "市",
)

# Characters people and spreadsheets put around numbers: invisible marks, quotes, separators.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00a0\u202a\u202c\u202d\u202e\u2066\u2069"), None
)
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212()（）\[\]./·'\"‘’“”`]+")
_FLOAT_TEXT = re.compile(r"^\d+(?:\.0+)?$|^\d(?:\.\d+)?[eE]\+?\d+$")
_CN_PREFIXED = re.compile(r"^(?:\+?86|0086)(1\d{10})$")


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
    text = text.lstrip("'=").strip()
    if _FLOAT_TEXT.match(text):
        value = float(text)
        if value.is_integer() and value < 1e16:
            return str(int(value))
    return _SEPARATORS.sub("", text)


@lru_cache(maxsize=65536)
def _describe_cn_prefix(prefix7: str) -> tuple[bool, bool, Carrier, str, str]:
    """(valid, mobile, carrier, province, city) for a Chinese mobile's first 7 digits.

    Chinese mobile ranges are fixed by their first 3–7 digits, so one full parse of a
    representative number settles every number that shares the prefix.
    """
    number = phonenumbers.parse("+86" + prefix7 + "0000", None)
    valid = phonenumbers.is_valid_number(number)
    kind = phonenumbers.number_type(number)
    mobile = kind in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
    carrier_code = _CARRIER_BY_NAME.get(carrier.name_for_number(number, "zh"), Carrier.UNKNOWN)
    province, city = split_place(geocoder.description_for_number(number, "zh"))
    return valid, mobile, carrier_code, province, city


def split_place(description: str) -> tuple[str, str]:
    """ "广东省深圳市" → ("广东", "深圳"); "北京市" → ("北京", "北京"); "中国" → ("", "")."""
    for name in _PROVINCES:
        if description.startswith(name):
            rest = description[len(name) :]
            for suffix in _PROVINCE_SUFFIXES:
                if rest.startswith(suffix):
                    rest = rest[len(suffix) :]
                    break
            city = rest.removesuffix("市") or (name if len(rest) == 0 else rest)
            return name, city
    return "", ""


def normalize(
    raw: object, *, default_region: str = "CN", allowed_regions: tuple[str, ...] | None = None
) -> str:
    """E.164 for a mobile number, or ``NumberRejected`` with the reason."""
    return parse(raw, default_region=default_region, allowed_regions=allowed_regions).e164


def parse(
    raw: object, *, default_region: str = "CN", allowed_regions: tuple[str, ...] | None = None
) -> NumberInfo:
    text = clean(raw)
    if not text:
        raise NumberRejected(RejectReason.EMPTY, raw)
    fast = _fast_cn(text, default_region)
    if fast is not None:
        info = fast
    else:
        info = _full_parse(text, default_region, raw)
    if allowed_regions is not None and info.region not in allowed_regions:
        raise NumberRejected(RejectReason.REGION_NOT_ALLOWED, raw)
    return info


def _fast_cn(text: str, default_region: str) -> NumberInfo | None:
    if len(text) == 11 and default_region == "CN" and text.isdigit() and text[0] == "1":
        national = text
    else:
        match = _CN_PREFIXED.match(text)
        if match is None:
            return None
        national = match.group(1)
    valid, mobile, carrier_code, province, city = _describe_cn_prefix(national[:7])
    if not valid or not mobile:
        return None  # let the full parser decide and name the reason
    return NumberInfo("+86" + national, "CN", carrier_code, province, city, "Asia/Shanghai")


def _full_parse(text: str, default_region: str, raw: object) -> NumberInfo:
    if not any(ch.isdigit() for ch in text) or not re.fullmatch(r"\+?\d{3,20}", text):
        raise NumberRejected(RejectReason.NOT_A_NUMBER, raw)
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException:
        raise NumberRejected(RejectReason.NOT_A_NUMBER, raw) from None
    if not phonenumbers.is_valid_number(number):
        # "86" + national mobile without "+" parses as a national number in CN: try again.
        if text.startswith("86") and not text.startswith("+"):
            return _full_parse("+" + text, default_region, raw)
        raise NumberRejected(RejectReason.INVALID, raw)
    kind = phonenumbers.number_type(number)
    if kind not in (
        PhoneNumberType.MOBILE,
        PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise NumberRejected(RejectReason.FIXED_LINE, raw)
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
    return NumberInfo(e164, region, carrier_code, province, city, zone)


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
