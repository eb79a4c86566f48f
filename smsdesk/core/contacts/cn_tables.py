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
_mobile_match: re.Pattern[str] | None = None
_carrier_by_prefix4: dict[str, str] = {}
_places: list[tuple[str, str]] = []
_place_by_prefix: dict[str, int] = {}
_place_by_prefix6: dict[str, int] = {}
_valid_by_prefix5: dict[str, bool | None] = {}
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
    """(e164, "CN", carrier, province, city, zone) for an 11-digit national Chinese mobile,
    or None if the digits are not a mobile in a range in use (the caller asks phonenumbers
    why)."""
    if _mobile_match is None:
        _load()
        assert _mobile_match is not None
    valid = _valid_by_prefix5.get(national[:5])
    if not valid and (valid is not None or _mobile_match(national) is None):
        return None
    index = _place_by_prefix.get(national[:7])
    if index is None:
        index = _place_by_prefix6.get(national[:6], 0)
    province, city = _places[index]
    return (
        "+86" + national,
        "CN",
        _carrier_by_prefix4.get(national[:4], "unknown"),
        province,
        city,
        "Asia/Shanghai",
    )


def _build_validity(match: Any) -> dict[str, bool | None]:
    """Whether an 11-digit number with these first five digits is a mobile; None where the
    pattern looks further than five digits (then the pattern itself decides)."""
    table: dict[str, bool | None] = {}
    for number in range(10000, 20000):
        prefix = str(number)
        results = {match(prefix + tail) is not None for tail in _PROBE_TAILS}
        table[prefix] = results.pop() if len(results) == 1 else None
    return table


def _build_short_places(by_prefix: dict[str, int]) -> dict[str, int]:
    """The place of every 6-digit prefix from the data's 2- to 6-digit keys (longest wins),
    so a lookup needs at most two dictionary probes."""
    table: dict[str, int] = {}
    for number in range(100000, 200000):
        prefix = str(number)
        for length in (6, 5, 4, 3, 2):
            found = by_prefix.get(prefix[:length])
            if found is not None:
                table[prefix] = found
                break
    return table


def _load() -> None:
    global _mobile_match
    with _lock:
        if _mobile_match is not None:
            return
        metadata = phonenumbers.PhoneMetadata.metadata_for_region("CN")
        assert metadata is not None
        assert metadata.mobile is not None
        pattern = metadata.mobile.national_number_pattern
        _carrier_by_prefix4.update(_build_carriers())
        places, by_prefix = _load_places()
        _places[:] = places
        _place_by_prefix.update(by_prefix)
        _place_by_prefix6.update(_build_short_places(by_prefix))
        match = re.compile(f"(?:{pattern})").fullmatch
        _valid_by_prefix5.update(_build_validity(match))
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
