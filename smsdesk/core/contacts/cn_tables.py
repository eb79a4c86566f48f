"""Prefix tables for Chinese mobiles, built once from phonenumbers' own data.

A Chinese mobile's range, carrier and place are fixed by its first digits: the carrier by the
first 3–4, the place (province and city of issue) by the first 7. Parsing every number with
the full library costs about 44 µs; a regular expression and two dictionary lookups cost
about 1 µs and give the same answer (a property test compares them).

phonenumbers keeps its place names for the whole world in one dictionary of about 100 MB. The
Chinese mobile part (about 130,000 prefixes) is extracted once per phonenumbers version into
a small file in the cache folder, so an import does not carry the rest of the world.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any

import phonenumbers

from smsdesk.core import paths
from smsdesk.core.enums import Carrier

log = logging.getLogger(__name__)

_CARRIER_BY_NAME = {
    "中国移动": Carrier.MOBILE.value,
    "中国联通": Carrier.UNICOM.value,
    "中国电信": Carrier.TELECOM.value,
    "中国广电": Carrier.BROADNET.value,
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

_lock = threading.Lock()
_mobile_match: Callable[[str], re.Match[str] | None] | None = None
_carrier_by_prefix4: tuple[str, ...] = ()
_places: list[tuple[str, str]] = []
_place_by_prefix7: array[int] = array("H")
_valid_by_prefix5 = bytearray()
_fixed_line: Callable[[str], bool] | None = None
_PROBE_TAILS = ("000000", "999999", "123456", "987654", "505050")


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


def lookup(national: str) -> tuple[str, str, str, str, str, str] | None:
    """(e164, "CN", carrier, province, city, zone) for an 11-digit national Chinese mobile
    (it starts with 1), or None if the digits are not a mobile in a range in use (the
    caller asks phonenumbers why)."""
    if _mobile_match is None:
        _load()
        assert _mobile_match is not None
    # The first seven digits index flat arrays: no hashing, no string keys to chase.
    prefix = int(national[:7]) - 1_000_000
    valid = _valid_by_prefix5[prefix // 100]
    if valid != 1 and (valid == 0 or _mobile_match(national) is None):
        return None
    province, city = _places[_place_by_prefix7[prefix]]
    return (
        "+86" + national,
        "CN",
        _carrier_by_prefix4[prefix // 1000],
        province,
        city,
        "Asia/Shanghai",
    )


def is_fixed_line(national: str) -> bool:
    """True if the digits (national, without the trunk 0) are a valid Chinese number that
    is not a mobile: a landline, or a service number. It is what ``phonenumbers`` decides
    (the general pattern and lengths, then the fixed-line pattern and not the mobile one),
    for about 1 µs instead of 40 (a property test compares them)."""
    global _fixed_line
    if _fixed_line is None:
        _fixed_line = _build_fixed_line()
    return _fixed_line(national)


def _build_fixed_line() -> Callable[[str], bool]:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("CN")
    assert metadata is not None
    assert metadata.fixed_line is not None
    descs = [metadata.general_desc, metadata.fixed_line]
    checks = [
        (
            frozenset(d.possible_length or ()),
            re.compile(f"(?:{d.national_number_pattern})").fullmatch,
        )
        for d in descs
        if d is not None and d.national_number_pattern
    ]
    assert metadata.mobile is not None
    mobile = re.compile(f"(?:{metadata.mobile.national_number_pattern})").fullmatch

    def check(national: str) -> bool:
        for lengths, match in checks:
            if (lengths and len(national) not in lengths) or match(national) is None:
                return False
        return mobile(national) is None

    return check


def load_in_background() -> None:
    """Build the tables on a thread now (an import calls this before opening the workbook,
    which the spreadsheet reader does without the GIL), so the first number does not wait."""
    if _mobile_match is None:
        threading.Thread(target=_load, name="cn-number-tables", daemon=True).start()


def _build_validity(match: Any) -> bytearray:
    """For each 5-digit prefix 10000–19999: 1 if every 11-digit number starting with it is
    a mobile, 0 if none is, 2 if the pattern looks further (then it decides)."""
    table = bytearray(10_000)
    for offset in range(10_000):
        prefix = str(10_000 + offset)
        results = {match(prefix + tail) is not None for tail in _PROBE_TAILS}
        table[offset] = (1 if results.pop() else 0) if len(results) == 1 else 2
    return table


def _build_place_array(by_prefix: dict[str, int]) -> array[int]:
    """The place index for every 7-digit prefix 1000000–1999999: the data's own 7-digit
    entry, else its longest shorter prefix (as phonenumbers' geocoder falls back)."""
    places = array("H", bytes(2 * 1_000_000))
    for length in (2, 3, 4, 5, 6, 7):
        span = 10 ** (7 - length)
        for key, index in by_prefix.items():
            if len(key) == length and key.startswith("1"):
                start = int(key) * span - 1_000_000
                if 0 <= start < 1_000_000:
                    places[start : start + span] = array("H", [index]) * span
    return places


def _load() -> None:
    global _mobile_match, _place_by_prefix7, _valid_by_prefix5, _carrier_by_prefix4
    with _lock:
        if _mobile_match is not None:
            return
        metadata = phonenumbers.PhoneMetadata.metadata_for_region("CN")
        assert metadata is not None
        assert metadata.mobile is not None
        pattern = metadata.mobile.national_number_pattern
        carriers = _build_carriers()
        _carrier_by_prefix4 = tuple(carriers.get(str(1000 + i), "unknown") for i in range(1000))
        places, by_prefix = _load_places()
        _places[:] = places
        _place_by_prefix7 = _build_place_array(by_prefix)
        match = re.compile(f"(?:{pattern})").fullmatch
        _valid_by_prefix5 = _build_validity(match)
        _mobile_match = match


def _build_carriers() -> dict[str, str]:
    """Carrier by the first four national digits (longest-prefix match over the data)."""
    from phonenumbers.carrierdata import CARRIER_DATA

    names = {
        key[2:]: _CARRIER_BY_NAME.get(value.get("zh", ""), Carrier.UNKNOWN.value)
        for key, value in CARRIER_DATA.items()
        if key.startswith("861")
    }
    table: dict[str, str] = {}
    for number in range(1000, 2000):
        prefix = str(number)
        for length in (4, 3, 2, 1):
            found = names.get(prefix[:length])
            if found is not None:
                table[prefix] = found
                break
    return table


def _cache_file() -> Path:
    return paths.cache_dir() / f"cn_mobile_places-{phonenumbers.__version__}.json"


def _load_places() -> tuple[list[tuple[str, str]], dict[str, int]]:
    try:
        cache = _cache_file()
        data = json.loads(cache.read_text(encoding="utf-8"))
        places = [(str(p), str(c)) for p, c in data["places"]]
        return places, {str(k): int(v) for k, v in data["prefixes"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        pass
    places, by_prefix = _build_places()
    try:
        cache = _cache_file()
        partial = cache.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(
            json.dumps({"places": places, "prefixes": by_prefix}, ensure_ascii=False),
            encoding="utf-8",
        )
        partial.replace(cache)
    except OSError as exc:
        log.info("cannot cache Chinese mobile places: %s", exc)
    return places, by_prefix


def _build_places() -> tuple[list[tuple[str, str]], dict[str, int]]:
    """(places, national prefix → index) from phonenumbers' geocoding data (Chinese)."""
    from phonenumbers.geodata import GEOCODE_DATA

    places: list[tuple[str, str]] = [("", "")]
    index_of: dict[tuple[str, str], int] = {("", ""): 0}
    by_prefix: dict[str, int] = {}
    for key, names in GEOCODE_DATA.items():
        if not key.startswith("861"):
            continue
        description = names.get("zh") or names.get("zh_Hans") or ""
        place = split_place(description)
        index = index_of.get(place)
        if index is None:
            index = index_of[place] = len(places)
            places.append(place)
        by_prefix[key[2:]] = index
    return places, by_prefix
