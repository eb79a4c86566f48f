"""Cell values as customer lists hold them, turned into typed values for the contact book.

Spreadsheets from shops and WPS write the same thing many ways: dates as date cells, text
(2024/5/1, 2024年5月1日, 20240501) or Excel serial numbers; amounts as ¥1,234.50 or 1234.5元;
yes/no as 是/否, √/×, Y/N. Every parser returns None for an empty cell and raises
``ValueError`` for a value it cannot read, so the importer can tell "no value" from "bad value".
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from smsdesk.core.enums import ConsentMethod, ConsentScope, Tier

# Separators between tags, as the issue lists them: , ， ; ； 、 and white space.
_TAG_SPLIT = re.compile(r"[,，;；、\s]+")
TAG_MAX_LENGTH = 60
_EXCEL_EPOCH = datetime(1899, 12, 30)
_DATE_TEXT = re.compile(
    r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2})(?:\.(\d{1,6}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$"
)
_COMPACT_DATE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_MONTH_DAY = re.compile(r"^\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_AMOUNT_NOISE = re.compile(r"[\s,，¥￥$元圆]|RMB|CNY", re.IGNORECASE)


def _words(listing: str) -> list[str]:
    return listing.split()


_TRUE_WORDS = frozenset(
    _words("1 y yes true t 是 是的 对 有 √ ✓ ✔ 已退订 退订 已拒收 拒收 黑名单 checked on")
)
_FALSE_WORDS = frozenset(_words("0 n no false f 否 不 不是 无 没有 × ✗ 未退订 正常 off -"))

_SCOPE_WORDS: dict[str, ConsentScope] = {
    **dict.fromkeys(
        _words(
            "marketing all promotions promotion full y yes 营销 推广 营销短信 全部 同意营销 "
            "营销及通知 优惠 是 同意"
        ),
        ConsentScope.MARKETING,
    ),
    **dict.fromkeys(
        _words(
            "service notifications notification transactional a 服务 通知 账单 仅通知 服务通知 "
            "交易通知 仅账单"
        ),
        ConsentScope.SERVICE,
    ),
    **dict.fromkeys(
        _words("none no n false withdrawn 无 否 不同意 未授权 未同意 撤回 拒绝 -"),
        ConsentScope.NONE,
    ),
}

_METHOD_WORDS: dict[str, ConsentMethod] = {
    **dict.fromkeys(
        _words("sms_reply sms reply smsreply 短信 短信回复 回复 回复y 上行"),
        ConsentMethod.SMS_REPLY,
    ),
    **dict.fromkeys(_words("otp code verification 验证码 短信验证码 验证"), ConsentMethod.OTP),
    **dict.fromkeys(
        _words("signature signed contract 签字 签名 书面 书面确认 合同 签署"),
        ConsentMethod.SIGNATURE,
    ),
    **dict.fromkeys(
        _words(
            "web_form web form online app website popup checkbox 网页 网站 app勾选 小程序 勾选 弹窗 "
            "线上 在线 公众号 表单 网页勾选"
        ),
        ConsentMethod.WEB_FORM,
    ),
    **dict.fromkeys(
        _words("paper store instore paper_form 纸质 门店 到店 登记表 纸质表单 门店登记 现场"),
        ConsentMethod.PAPER,
    ),
    **dict.fromkeys(_words("import imported 导入 文件导入"), ConsentMethod.IMPORT),
}

_TIER_WORDS: dict[str, Tier] = {
    **dict.fromkeys(_words("new 新客 新客户 新"), Tier.NEW),
    **dict.fromkeys(_words("active 活跃 活跃客户"), Tier.ACTIVE),
    **dict.fromkeys(_words("dormant 沉睡 沉睡客户 休眠"), Tier.DORMANT),
    **dict.fromkeys(_words("loyal 忠诚 忠诚客户 老客"), Tier.LOYAL),
}


def _word(value: object) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip().lower().replace(" ", "")


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: object, *, limit: int | None = None) -> str | None:
    """A cell as text: integral floats without ".0", dates as ISO, surrounding space trimmed."""
    if value is None:
        return None
    if isinstance(value, str):
        result = value.strip()
    elif isinstance(value, bool):
        result = "TRUE" if value else "FALSE"
    elif isinstance(value, float):
        result = str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    elif isinstance(value, datetime):
        result = value.isoformat(sep=" ")
    elif isinstance(value, date):
        result = value.isoformat()
    else:
        result = str(value).strip()
    if not result:
        return None
    return result[:limit] if limit is not None else result


def split_tags(value: object) -> tuple[str, ...]:
    """Tags from one cell, split on , ， ; ； 、 and spaces; order kept, repeats dropped."""
    raw = text(value)
    if raw is None:
        return ()
    seen: dict[str, None] = {}
    for part in _TAG_SPLIT.split(unicodedata.normalize("NFKC", raw)):
        tag = part.strip()[:TAG_MAX_LENGTH]
        if tag:
            seen.setdefault(tag, None)
    return tuple(seen)


def parse_date(value: object) -> date | None:
    """A calendar date from a date cell, an Excel serial number or common text forms."""
    if is_empty(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(float(value)).date()
    raw = unicodedata.normalize("NFKC", str(value))
    match = _DATE_TEXT.match(raw) or _COMPACT_DATE.match(raw)
    if match is None:
        raise ValueError(f"not a date: {value!r}")
    return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))


def parse_datetime(value: object) -> datetime | None:
    """An aware UTC datetime. Times written without a zone are local time on this computer
    (what the shop's till wrote); a date alone means local midnight."""
    if is_empty(value):
        return None
    if isinstance(value, datetime):
        return _local_to_utc(value)
    if isinstance(value, date):
        return _local_to_utc(datetime.combine(value, time()))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _local_to_utc(_from_serial(float(value)))
    raw = unicodedata.normalize("NFKC", str(value)).strip()
    match = _DATE_TEXT.match(raw)
    if match is not None:
        year, month, day, hour, minute, second, fraction, zone = match.groups()
        micro = int((fraction or "0").ljust(6, "0"))
        parsed = datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            micro,
        )
        if zone:
            return datetime.fromisoformat(parsed.isoformat() + _iso_zone(zone)).astimezone(UTC)
        return _local_to_utc(parsed)
    match = _COMPACT_DATE.match(raw)
    if match is not None:
        return _local_to_utc(
            datetime(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        )
    raise ValueError(f"not a date: {value!r}")


def _iso_zone(zone: str) -> str:
    if zone == "Z":
        return "+00:00"
    return zone if ":" in zone else f"{zone[:3]}:{zone[3:]}"


def _local_to_utc(value: datetime) -> datetime:
    if value.tzinfo is not None:
        return value.astimezone(UTC)
    return value.astimezone().astimezone(UTC)


def _from_serial(serial: float) -> datetime:
    if not 1 <= serial < 2_958_466:
        raise ValueError(f"not a date serial: {serial!r}")
    return _EXCEL_EPOCH + timedelta(days=serial)


def parse_month_day(value: object) -> str | None:
    """ "MM-DD" from a birthday written without a year ("5月12日", "05-12")."""
    if is_empty(value):
        return None
    match = _MONTH_DAY.match(unicodedata.normalize("NFKC", str(value)))
    if match is None:
        raise ValueError(f"not a month and day: {value!r}")
    month, day = int(match.group(1)), int(match.group(2))
    date(2000, month, day)  # validates (2000 is a leap year: 02-29 is a birthday)
    return f"{month:02d}-{day:02d}"


def parse_amount_cents(value: object) -> int | None:
    """Money in cents from 1234.5, "¥1,234.50", "1234.5元"; half-up rounding."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise ValueError("not an amount")
    if isinstance(value, int):
        return value * 100
    raw = repr(value) if isinstance(value, float) else _AMOUNT_NOISE.sub("", str(value))
    try:
        amount = Decimal(unicodedata.normalize("NFKC", raw))
    except InvalidOperation:
        raise ValueError(f"not an amount: {value!r}") from None
    if not amount.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_count(value: object) -> int | None:
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise ValueError("not a count")
    if isinstance(value, float):
        if not value.is_integer() or value < 0:
            raise ValueError(f"not a count: {value!r}")
        return int(value)
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"not a count: {value!r}")
        return value
    raw = unicodedata.normalize("NFKC", str(value)).strip().removesuffix("次").strip()
    count = int(float(raw)) if re.fullmatch(r"\d+(?:\.0*)?", raw) else None
    if count is None:
        raise ValueError(f"not a count: {value!r}")
    return count


def parse_bool(value: object) -> bool | None:
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    word = _word(value)
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise ValueError(f"not yes or no: {value!r}")


def parse_scope(value: object) -> ConsentScope | None:
    if is_empty(value):
        return None
    found = _SCOPE_WORDS.get(_word(value))
    if found is None:
        raise ValueError(f"not a consent scope: {value!r}")
    return found


def parse_method(value: object) -> ConsentMethod | None:
    if is_empty(value):
        return None
    word = _word(value)
    try:
        return ConsentMethod(word)
    except ValueError:
        pass
    found = _METHOD_WORDS.get(word)
    if found is None:
        raise ValueError(f"not a consent method: {value!r}")
    return found


def parse_tier(value: object) -> Tier | None:
    if is_empty(value):
        return None
    found = _TIER_WORDS.get(_word(value))
    if found is None:
        raise ValueError(f"not a tier: {value!r}")
    return found
