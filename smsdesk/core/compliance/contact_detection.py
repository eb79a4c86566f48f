"""Find links, domains, IP addresses, phone numbers and contact handles, however disguised.

Disguises handled: full-width characters (ｗｗｗ．), upper case, spaces or zero-width characters
between letters ("w w w . x x . c o m"), spaces around dots, "。", "点", "dot", "(.)" and "[.]"
as dots, short-link hosts, numbers split by spaces, dashes or dots, Chinese and circled numerals
(一三八…), 400/800 numbers, and 微信/QQ/加V handles.

Ordinary text is left alone: prices (¥59.9, 8.5折), dates and times (2025-05-20, 18:00),
percentages, "iPhone 15", decimals, and numbers labelled as order, tracking or coupon numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from smsdesk.core.compliance import rule_data
from smsdesk.core.compliance.text_view import TextView, fold

LINK, IP, PHONE, HANDLE = "link", "ip", "phone", "handle"


@dataclass(frozen=True)
class Detected:
    """One item: ``kind`` (link, ip, phone, handle), its span, a normalised ``key`` used to
    compare it with the template's registered items, and ``short`` for short-link hosts."""

    kind: str
    start: int
    end: int
    key: str
    short: bool = False


# --- links --------------------------------------------------------------------------------

_DOT = r"(?:\.|。|．|点|\(\.\)|\[\.\]|\(dot\)|\[dot\]|(?<![a-z])dot(?![a-z]))"
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_URL_CHARS = r"[a-z0-9\-._~%/?#@$&*+=:\[\]]"
_PATH = rf"(?::\d{{2,5}})?(?:[/?#]{_URL_CHARS}*(?<![.:]))?"
_SCHEME_URL = re.compile(rf"(?<![a-z])(?:https?|ftp)\s*[:：]\s*/\s*/{_URL_CHARS}*(?<![.:])")


@dataclass(frozen=True)
class _LinkPatterns:
    domain: re.Pattern[str]
    strong: frozenset[str]
    short_hosts: frozenset[str]


def _compile(path: Path) -> _LinkPatterns:
    data = rule_data.read_json(path)
    tlds = sorted({t.lower() for t in data.get("tlds", [])}, key=len, reverse=True)
    tld_pattern = "|".join(re.escape(t).replace(r"\.", _DOT) for t in tlds)
    # At most 8 labels before the TLD: real hosts have fewer, and the bound keeps the scan
    # linear on long runs of "a.a.a…" or "a 点 a 点 …" that never end in a TLD.
    domain = re.compile(
        rf"(?<![a-z0-9@._。．点-])(?:{_LABEL}\s*{_DOT}\s*){{1,8}}(?:{tld_pattern})(?![a-z0-9]){_PATH}"
    )
    return _LinkPatterns(
        domain=domain,
        strong=frozenset(t.lower() for t in data.get("strong_tlds", [])),
        short_hosts=frozenset(h.lower() for h in data.get("short_link_hosts", [])),
    )


def _link_patterns() -> _LinkPatterns:
    return rule_data.cached(rule_data.COMPLIANCE, "link_hosts.json", _compile)


# "淘宝点com", "ｗｗｗ．淘宝．ｃｏｍ": a Chinese name written as a domain; only the "点com" part
# is certain.
_CJK_DOMAIN = re.compile(
    r"(?<=[\u4e00-\u9fff])\s*(?:点|dot|[.。．])\s*(?:com|cn|net|org)(?![a-z0-9])"
)
_DOTS_NORMAL = re.compile(r"\s*(?:。|．|点|\(\.\)|\[\.\]|\(dot\)|\[dot\]|dot)\s*|\s*\.\s*")
_WS = re.compile(r"\s+")


def link_key(text: str) -> str:
    """Normalised form of a link for comparing with a registered one: folded, no scheme, no
    spaces, every kind of dot a ".", no "www.", no trailing "/"."""
    value = _WS.sub("", fold(text))
    value = re.sub(r"^(?:https?|ftp)[:：]//", "", value)
    value = _DOTS_NORMAL.sub(".", value)
    value = value.removeprefix("www.")
    return value.rstrip("/")


def _host(key: str) -> str:
    return re.split(r"[/:?#]", key, maxsplit=1)[0]


def _accept(patterns: _LinkPatterns, original: str, host: str) -> bool:
    """Loose matches (spaces around a dot, "。") only for well-known TLDs: "shop. Top deals"
    is prose, "xx . com" is a domain."""
    if not any(ch.isspace() or ch in "。．" for ch in original):
        return True
    if any(word in original for word in ("点", "dot", "(.)", "[.]")):
        return True
    tld2 = ".".join(host.split(".")[-2:])
    return host.rsplit(".", 1)[-1] in patterns.strong or tld2 in patterns.strong


def _links(view: TextView) -> list[Detected]:
    patterns = _link_patterns()
    found: list[Detected] = []
    text = view.folded
    for match in patterns.domain.finditer(text):
        original = match.group(0)
        key = link_key(original)
        host = _host(key)
        if _accept(patterns, original.strip(), host):
            found.append(_link(match.start(), match.end(), key, host, patterns))
    compact = view.compact
    if len(compact) != len(text):
        for match in patterns.domain.finditer(compact.text):
            start, end = compact.span(match.start(), match.end())
            original = text[start:end]
            if not any(ch.isspace() for ch in original):
                continue  # already seen by the first pass
            key = link_key(original)
            host = _host(key)
            if _accept(patterns, original, host):
                found.append(_link(start, end, key, host, patterns))
    for match in _CJK_DOMAIN.finditer(text):
        found.append(Detected(LINK, match.start(), match.end(), link_key(match.group(0))))
    for match in _SCHEME_URL.finditer(text):
        found.append(Detected(LINK, match.start(), match.end(), link_key(match.group(0))))
    return found


def _link(start: int, end: int, key: str, host: str, patterns: _LinkPatterns) -> Detected:
    short = host in patterns.short_hosts or host.removeprefix("www.") in patterns.short_hosts
    return Detected(LINK, start, end, key, short)


# --- IP addresses -----------------------------------------------------------------------

_IP = re.compile(
    r"(?<![a-z\d.])(\d{1,3})\s*[.。．点]\s*(\d{1,3})\s*[.。．点]\s*(\d{1,3})\s*[.。．点]\s*(\d{1,3})"
    r"(?::\d{2,5})?(?![\d]|\.\d)"
)


def _ips(view: TextView) -> list[Detected]:
    found = []
    for match in _IP.finditer(view.folded):
        if all(int(group) <= 255 for group in match.groups()):
            found.append(Detected(IP, match.start(), match.end(), ".".join(match.groups())))
    return found


# --- phone numbers ----------------------------------------------------------------------

_RUN = re.compile(r"(?<![a-z0-9])\+?\d(?:[ \t\-‐‑–—.·_()（）]{0,3}\d)*")
_GROUP = re.compile(r"\d+")
_NON_DIGIT = re.compile(r"\D+")
_MIN_PHONE_DIGITS = 10  # 400/800 numbers; mobiles and landlines have 11 or 12
_MIN_CUED_DIGITS = 5  # 95555
_MOBILE = re.compile(r"(?:0086|86)?1[3-9]\d{9}")
_TOLL_FREE = re.compile(r"[48]00\d{7}")
_LANDLINE = re.compile(r"0(?:[12]\d{9}|[3-9]\d{9,10})")
# A phone cue makes any run of five or more digits a number (95555, 8888 6666); a label makes
# the run something else (an order, tracking or coupon number).
_PHONE_CUE = re.compile(
    r"(?:电话|致电|拨打|热线|来电|联系|咨询|手机|座机|客服|(?<![a-z])(?:tel|phone|call|whatsapp|mobile))"
    r"[^\d\n]{0,6}$"
)
_LABEL_CUE = re.compile(
    r"(?:订单|单号|编号|流水|卡号|券号|券码|兑换码|验证码|校验码|取件码|取货码|提货码|取餐码|"
    r"工单|批次|型号|货号|序列号|账单|发票|合同|会员号|会员卡|工号|学号|房号|车次|航班|order|"
    r"tracking|invoice|ref|no\.|#)[^\d\n]{0,6}$"
)


def _is_phone(digits: str) -> bool:
    return bool(
        _MOBILE.fullmatch(digits) or _TOLL_FREE.fullmatch(digits) or _LANDLINE.fullmatch(digits)
    )


def _phones(view: TextView) -> list[Detected]:
    found = []
    text = view.digits
    for run in _RUN.finditer(text):
        count = len(_NON_DIGIT.sub("", run.group()))
        if count < _MIN_CUED_DIGITS:
            continue
        before = view.folded[max(0, run.start() - 12) : run.start()]
        label, cue = _LABEL_CUE.search(before), _PHONE_CUE.search(before)
        if label and (not cue or label.start() > cue.start()):
            continue
        if not cue and count < _MIN_PHONE_DIGITS:
            continue
        groups = [
            (m.start() + run.start(), m.end() + run.start()) for m in _GROUP.finditer(run.group())
        ]
        found.extend(_phones_in_groups(text, groups, cued=bool(cue)))
    return found


def _phones_in_groups(text: str, groups: list[tuple[int, int]], *, cued: bool) -> list[Detected]:
    """The longest runs of whole digit groups that spell a phone number."""
    found = []
    i = 0
    while i < len(groups):
        best = None
        digits = ""
        for j in range(i, len(groups)):
            digits += text[groups[j][0] : groups[j][1]]
            if len(digits) > 15:
                break
            if _is_phone(digits) or (cued and i == 0 and len(digits) >= 5):
                best = (j, digits)
        if best is None:
            i += 1
            continue
        j, digits = best
        start = groups[i][0]
        if start > 0 and text[start - 1] == "+":
            start -= 1
        key = re.sub(r"^(?:0086|86)(?=1[3-9]\d{9}$)", "", digits)
        found.append(Detected(PHONE, start, groups[j][1], key))
        i = j + 1
    return found


# --- handles ----------------------------------------------------------------------------

_HANDLE_WITH_ID = re.compile(
    r"(?:加\s*(?:v|vx|wx|q|qq|微|薇|威)(?![a-z])|微信|(?<![a-z])(?:vx|wx|weixin|wechat|qq)|v信|威信|薇信|扣扣|企鹅)\s*(?:号码|号|群|id)?\s*"
    r"[:：]?\s*(?P<id>(?<![a-z0-9])[a-z][a-z0-9_-]{5,19}(?![a-z0-9_-])|[1-9]\d{4,11}(?!\d))"
)
_HANDLE_CUE = re.compile(
    r"加\s*(?:微信|微|薇|威|v(?![a-z])|vx|wx|q(?![a-z])|qq|扣扣)|"
    r"(?:微信|(?<![a-z])(?:vx|wx|qq)|扣扣|企鹅)\s*(?:号|群)|微信同号|v信|威信|薇信"
)
_EMAIL = re.compile(r"(?<![a-z0-9._%+-])[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+")


def _handles(view: TextView) -> list[Detected]:
    text = view.folded
    found = []
    for match in _HANDLE_WITH_ID.finditer(text):
        found.append(Detected(HANDLE, match.start(), match.end(), match.group("id")))
    for match in _HANDLE_CUE.finditer(text):
        found.append(Detected(HANDLE, match.start(), match.end(), _WS.sub("", match.group(0))))
    for match in _EMAIL.finditer(text):
        found.append(Detected(HANDLE, match.start(), match.end(), match.group(0)))
    return found


# --- all --------------------------------------------------------------------------------

_PRIORITY = {LINK: 0, HANDLE: 1, IP: 2, PHONE: 3}


def detect(view: TextView, *, body_only: bool = True) -> list[Detected]:
    """Every link, IP address, phone number and handle in ``view``; overlapping items merge
    into the one of highest priority (link > handle > IP > phone), spanning both."""
    items = _links(view) + _ips(view) + _phones(view) + _handles(view)
    if body_only:
        items = [d for d in items if d.start >= view.body_start and d.end <= view.body_end]
    items.sort(key=lambda d: (d.start, -d.end))
    merged: list[Detected] = []
    for item in items:
        if merged and item.start < merged[-1].end:
            last = merged[-1]
            winner = last if _PRIORITY[last.kind] <= _PRIORITY[item.kind] else item
            merged[-1] = Detected(
                winner.kind,
                last.start,
                max(last.end, item.end),
                winner.key,
                last.short or item.short,
            )
        else:
            merged.append(item)
    return merged


def detect_text(text: str) -> list[Detected]:
    """Items in a free-standing value (a variable's value): the whole text counts."""
    return detect(TextView(text), body_only=False)
