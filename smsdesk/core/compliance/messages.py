"""The checker's sentences, in Simplified Chinese and English, by rule id.

Findings carry both languages (the contract of ``Finding``), so the catalogue is here rather
than in the UI; each sentence says what is wrong and, where it helps, why.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from smsdesk.core.enums import Carrier

_CATALOGUE: dict[str, tuple[str, str]] = {
    "signature.missing": (
        "缺少签名：短信须以【签名】开头（如【XX生鲜】），且是服务商已审核通过的签名。",
        "No signature: the message must start with 【Name】, a signature your provider approved.",
    ),
    "signature.length": (
        "签名【{name}】有{count}个字，签名须为2–12个字。",
        "Signature 【{name}】 has the wrong length ({count}); a signature has 2–12 characters.",
    ),
    "signature.brackets": (
        "签名须写在中文方头括号【】里，不能用“{found}”。",
        "Write the signature in 【】 brackets, not “{found}”.",
    ),
    "signature.unregistered": (
        "签名【{name}】未报备：只能使用服务商已审核通过的签名（{known}）。",
        "Signature 【{name}】 is not registered with your provider (registered: {known}).",
    ),
    "template.extra_brackets": (
        "正文中不能再出现【】：服务商会当作第二个签名而驳回模板。",
        "A second 【】 in the text: providers reject it as a second signature.",
    ),
    "optout.missing": (
        "营销短信必须写明免费的退订方式，例如“拒收请回复R”。",
        "A marketing message must say how to opt out for free, e.g. “拒收请回复R” or “Reply STOP to opt out”.",
    ),
    "optout.keyword": (
        "退订指令“{keyword}”不能被自动识别，用户回复后不会退订；请改用R、T或TD。",
        "The opt-out keyword “{keyword}” is not recognised, so such replies would not unsubscribe anyone; use R, T or TD.",
    ),
    "optout.not_at_end": (
        "退订语最好放在末尾：腾讯云要求营销模板以“拒收请回复R”结尾。",
        "Put the opt-out text at the end: Tencent Cloud requires marketing templates to end with it.",
    ),
    "contact.link": (
        "短信中不能有链接或网址{short_zh}。{note_zh}",
        "Links and web addresses are refused{short_en}. {note_en}",
    ),
    "contact.ip": (
        "短信中不能有IP地址。{note_zh}",
        "IP addresses are refused. {note_en}",
    ),
    "contact.phone": (
        "短信中不能有电话号码（手机、座机、400/800）。{note_zh}",
        "Phone numbers (mobile, landline, 400/800) are refused. {note_en}",
    ),
    "contact.handle": (
        "短信中不能有微信、QQ、邮箱等联系方式（引流信息）。{note_zh}",
        "WeChat, QQ, e-mail and other contact handles are refused as traffic diversion. {note_en}",
    ),
    "words": ("“{phrase}”：{reason_zh}", "“{phrase}”: {reason_en}"),
    "kind.promotional_service": (
        "通知类短信里出现了营销用语“{phrase}”：服务商会驳回，且未授权营销的用户只能收到与交易相关的通知。",
        "“{phrase}” reads as marketing in a service message: providers reject that, and customers without marketing consent may only get transaction notices.",
    ),
    "variable.adjacent": (
        "变量{first}和{second}紧挨在一起，服务商审核不通过：请在中间加上文字或标点。",
        "Variables {first} and {second} are next to each other, which providers refuse: put words or punctuation between them.",
    ),
    "template.only_variables": (
        "模板不能只有变量：服务商要求模板有固定的文字内容。",
        "A template of variables only is refused: providers need fixed wording.",
    ),
    "template.refused_symbol": (
        "服务商不接受符号“{symbol}”。",
        "Providers refuse the symbol “{symbol}”.",
    ),
    "template.emoji": (
        "表情“{symbol}”可能被服务商拒绝或显示为乱码，并且按2个字计费。",
        "The emoji “{symbol}” may be refused or garbled, and counts as 2 characters.",
    ),
    "variable.provider_syntax": (
        "“{written}”是服务商自己的变量写法；这里请写成{{名称}}，例如{{name}}，提交时会自动转换。",
        "“{written}” is a provider's own placeholder syntax; write {{name}} here, it is converted on submission.",
    ),
    "variable.invalid_name": (
        "“{written}”不是有效的变量：变量名只能用英文字母、数字和下划线，例如{{name}}。",
        "“{written}” is not a valid variable: use letters, digits and underscores, e.g. {{name}}.",
    ),
    "template.stray_brace": (
        "单独的“{brace}”：是不是漏写了变量的另一半括号？",
        "A lone “{brace}”: is half of a variable missing?",
    ),
    "variable.unknown": (
        "未知变量{{{name}}}：可用的变量有 {known}。",
        "Unknown variable {{{name}}}; available: {known}.",
    ),
    "variable.empty": (
        "变量{{{name}}}的值为空{who_zh}：发出的短信会缺字。",
        "Variable {{{name}}} is empty{who_en}: the message would have a gap.",
    ),
    "variable.injection": (
        "变量{{{name}}}的值“{value}”含有{what_zh}，会把它带进短信。",
        "The value “{value}” of {{{name}}} contains {what_en}, which would put it into the message.",
    ),
    "ai.ad_label": (
        "借助AI生成的营销内容须显著标明“广告”。",
        "Marketing text written with AI help must be labelled as advertising (广告).",
    ),
    "quality.free_early": (
        "前20个字出现“免费”会提高退订率（实测约+40%）。",
        "“免费” (free) in the first 20 characters raises opt-outs (about +40% in tests).",
    ),
    "quality.no_name": (
        "加上称呼（如{{name}}）的短信打开率更高（实测约+42%）。",
        "A personal greeting with {{name}} raises opens (about +42% in tests).",
    ),
    "quality.no_deadline": (
        "写明具体的截止时间（如“今晚20:00前”）能提高转化。",
        "A concrete deadline (e.g. “until 20:00 tonight”) raises response.",
    ),
    "quality.dajia": (
        "用“您”代替“大家”，读起来更亲切（打开率约+15%）。",
        "“您” reads better than “大家” (about +15% opens in tests).",
    ),
    "template.empty": ("短信内容为空。", "The message is empty."),
    # Fix labels.
    "fix.append": ("在末尾加上“{text}”", "Append “{text}”"),
    "fix.insert": ("插入“{text}”", "Insert “{text}”"),
    "fix.remove": ("删除“{text}”", "Remove “{text}”"),
    "fix.replace": ("改为“{text}”", "Replace with “{text}”"),
    "fix.move_optout": ("把退订语移到末尾", "Move the opt-out text to the end"),
    "fix.use_signature": ("改用【{name}】", "Use 【{name}】"),
    "fix.brackets": ("改用【】", "Use 【】"),
    "fix.unbracket": ("去掉【】", "Remove the 【】"),
}

CARRIER_NAMES: dict[Carrier, tuple[str, str]] = {
    Carrier.MOBILE: ("中国移动", "China Mobile"),
    Carrier.UNICOM: ("中国联通", "China Unicom"),
    Carrier.TELECOM: ("中国电信", "China Telecom"),
    Carrier.BROADNET: ("中国广电", "China Broadnet"),
    Carrier.INTERNATIONAL: ("境外运营商", "international carriers"),
    Carrier.UNKNOWN: ("未知运营商", "unknown carriers"),
}
_ORDER = [Carrier.TELECOM, Carrier.UNICOM, Carrier.MOBILE, Carrier.BROADNET, Carrier.UNKNOWN]


def text(rule: str, **params: Any) -> tuple[str, str]:
    """``(chinese, english)`` for ``rule`` with ``params`` filled in."""
    zh, en = _CATALOGUE[rule]
    return zh.format(**params), en.format(**params)


def carrier_list(carriers: Iterable[Carrier]) -> tuple[str, str]:
    ordered = sorted(set(carriers), key=lambda c: _ORDER.index(c) if c in _ORDER else 99)
    return (
        "、".join(CARRIER_NAMES[c][0] for c in ordered),
        ", ".join(CARRIER_NAMES[c][1] for c in ordered),
    )


def enforcement_note(
    blocked: dict[Carrier, date | None], others: Iterable[Carrier], *, expected: bool = True
) -> tuple[str, str]:
    """The carrier sentence of a link or contact finding: who refuses it since when, or that
    nobody does yet (and whether one of them is ``expected`` to follow)."""
    if blocked:
        parts_zh, parts_en = [], []
        for carrier in sorted(blocked, key=lambda c: _ORDER.index(c) if c in _ORDER else 99):
            since = blocked[carrier]
            zh_name, en_name = CARRIER_NAMES[carrier]
            if since is None:
                parts_zh.append(zh_name)
                parts_en.append(en_name)
            else:
                parts_zh.append(f"{zh_name}（{since.isoformat()}起）")
                parts_en.append(f"{en_name} (since {since.isoformat()})")
        return (
            f"{'、'.join(parts_zh)}会拦截这条短信；可删除，或向运营商报备后再用。",
            f"{', '.join(parts_en)} will block this message; remove it or register (报备) it with the carrier.",
        )
    zh_others, en_others = carrier_list(others)
    if expected:
        return (
            f"{zh_others or '收件人的运营商'}目前尚未拦截，但预计会跟进，建议删除。",
            f"Not blocked yet by {en_others or 'these carriers'}, but expected to follow; better remove it.",
        )
    return (
        f"{zh_others or '收件人的运营商'}不拦截，但发往国内号码时会被拦截，建议删除。",
        f"Not blocked by {en_others or 'these carriers'}, but Chinese carriers block it; better remove it.",
    )
