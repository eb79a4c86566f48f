"""The rule table: for every rule, texts that must trigger it and look-alikes that must not.

Texts come from the example messages in shared/seeds (XX生鲜, XX美妆, XX银行 …) and from what
people write to slip past filters. Carrier rules are judged on 2025-08-01 (Telecom and Unicom
enforcing) unless a case says otherwise.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from smsdesk.core.compliance.checker import CheckContext, check
from smsdesk.core.compliance.variables import BUILTIN_SAMPLES
from smsdesk.core.enums import Carrier, MessageKind

SIG = "【XX生鲜】"
OPT = "拒收请回复R"
TODAY = date(2025, 8, 1)


def context(**options: Any) -> CheckContext:
    options.setdefault("today", TODAY)
    options.setdefault("variables", dict(BUILTIN_SAMPLES))
    return CheckContext(**options)


def case(
    text: str, rule: str, expected: bool, span: str | None = None, **options: Any
) -> tuple[str, str, bool, str | None, dict[str, Any]]:
    """A table row: ``rule`` is (``expected``) or is not found in ``text``; ``span`` is the
    text the finding must cover."""
    return (text, rule, expected, span, options)


def body(text: str) -> str:
    """A compliant frame around ``text``: signature first, opt-out last."""
    return f"{SIG}{text}，{OPT}"


SERVICE = {"kind": MessageKind.SERVICE}

CASES = [
    # --- 1. signature ------------------------------------------------------------------
    case("今日18:00前下单，新鲜水果满59元免配送费，拒收请回复R", "signature.missing", True),
    case("XX生鲜：今晚8折，拒收请回复R", "signature.missing", True),
    case("【XX生鲜】今日18:00前下单，拒收请回复R", "signature.missing", False),
    case("今晚8折，拒收请回复R【XX生鲜】", "signature.missing", False),
    case(
        "Sale today only, reply STOP to opt out",
        "signature.missing",
        False,
        carriers=frozenset({Carrier.INTERNATIONAL}),
    ),
    case("[XX生鲜]今晚8折，拒收请回复R", "signature.brackets", True, "[XX生鲜]"),
    case("〖XX生鲜〗今晚8折，拒收请回复R", "signature.brackets", True, "〖XX生鲜〗"),
    case("(限时)全场5折，拒收请回复R", "signature.brackets", False),
    case("【店】今晚8折，拒收请回复R", "signature.length", True, "【店】"),
    case("【一二三四五六七八九十一二三】今晚8折，拒收请回复R", "signature.length", True),
    case("【XX】今晚8折，拒收请回复R", "signature.length", False),
    case("【一二三四五六七八九十一二】今晚8折，拒收请回复R", "signature.length", False),
    case(
        "【YY生鲜】今晚8折，拒收请回复R",
        "signature.unregistered",
        True,
        "【YY生鲜】",
        signatures=frozenset({"XX生鲜"}),
    ),
    case(
        "【XX生鲜】今晚8折，拒收请回复R",
        "signature.unregistered",
        False,
        signatures=frozenset({"XX生鲜"}),
    ),
    case("【XX生鲜】今晚8折，拒收请回复R", "signature.unregistered", True, signatures=frozenset()),
    case("【XX生鲜】今晚8折，拒收请回复R", "signature.unregistered", False),
    # --- 7. a second 【】 --------------------------------------------------------------
    case("【XX生鲜】【限时】全场5折，拒收请回复R", "template.extra_brackets", True, "【限时】"),
    case("【XX生鲜】全场5折，拒收请回复R【XX生鲜】", "template.extra_brackets", True, "【XX生鲜】"),
    case("【XX生鲜】「限时」全场5折，拒收请回复R", "template.extra_brackets", False),
    # --- 2. opt-out ----------------------------------------------------------------------
    case("【XX美妆】张小姐，您上次关注的精华液已补货，年度特惠今晚截止→", "optout.missing", True),
    case("【XX咖啡】您附近的XX店今日买一送一，欢迎光临！", "optout.missing", True),
    case(
        "【XX汽车】您更关注车型的哪些方面？回复'1'性能，回复'2'价格，回复'3'外观",
        "optout.missing",
        True,
    ),
    case(
        "【XX餐饮】回复 '1' 领取午餐优惠券，回复 '2' 查看菜单，回复 'T' 退订",
        "optout.missing",
        False,
    ),
    case("【XX生鲜】今晚8折，退订回T", "optout.missing", False),
    case("【XX生鲜】今晚8折，回T退订", "optout.missing", False),
    case("【XX生鲜】今晚8折，回复TD退订", "optout.missing", False),
    case("【XX生鲜】今晚8折，拒收请回复R", "optout.missing", False),
    case("【XX生鲜】今晚8折，回复“退订”即可", "optout.missing", False),
    case(
        "【XX生鲜】回复Y继续接收新品及优惠，回复A仅接收账单通知，回复T退订所有",
        "optout.missing",
        False,
    ),
    case("【XX Shop】Sale ends tonight. Reply STOP to opt out", "optout.missing", False),
    case("【XX Shop】Sale ends tonight. Text STOP to unsubscribe", "optout.missing", False),
    case("【XX快递】您的包裹已发货，点击查看物流详情→", "optout.missing", False, **SERVICE),
    case("【XX生鲜】今晚8折，回复1取消预约", "optout.missing", True),
    case("【XX生鲜】今晚8折，回复X退订", "optout.keyword", True, "X"),
    case("【XX生鲜】今晚8折，回复Q退订", "optout.keyword", True, "Q"),
    case("【XX生鲜】今晚8折，回复R拒收", "optout.keyword", False),
    case("【XX生鲜】今晚8折，回复0000退订", "optout.keyword", False),
    case("【XX生鲜】退订回T，今晚8折", "optout.not_at_end", True, "退订回T"),
    case("【XX生鲜】今晚8折，退订回T。", "optout.not_at_end", False),
    # --- 3. links -----------------------------------------------------------------------
    case(body("领券请访问 www.taobao.com"), "contact.link", True, "www.taobao.com"),
    case(body("详情 w w w . x x . c o m"), "contact.link", True, "w w w . x x . c o m"),
    case(body("详情ｗｗｗ．ｘｘ．ｃｏｍ"), "contact.link", True, "ｗｗｗ．ｘｘ．ｃｏｍ"),
    case(body("搜索taobao点com"), "contact.link", True, "taobao点com"),
    case(body("登录淘宝点com"), "contact.link", True, "点com"),
    case(body("访问ｗｗｗ．淘宝．ｃｏｍ领券"), "contact.link", True, "．ｃｏｍ"),
    case("【XX Shop】欢迎光临。Come again tonight，拒收请回复R", "contact.link", False),
    case(body("visit xx dot com"), "contact.link", True, "xx dot com"),
    case(body("详情xx(.)com"), "contact.link", True, "xx(.)com"),
    case(body("详情www。jd。com"), "contact.link", True, "www。jd。com"),
    case(body("点击 t.cn/A6xYz 领取"), "contact.link", True, "t.cn/A6xYz"),
    case(body("点击 dwz.cn/abc 领取"), "contact.link", True, "dwz.cn/abc"),
    case(body("戳 bit.ly/3xYz"), "contact.link", True, "bit.ly/3xYz"),
    case(body("详见 https://example.org/a?b=1"), "contact.link", True, "https://example.org/a?b=1"),
    case(body("详情 shop . com"), "contact.link", True, "shop . com"),
    case(body("邮箱后缀163.com"), "contact.link", True, "163.com"),
    case(body("全场¥59.9起"), "contact.link", False),
    case(body("全场8.5折"), "contact.link", False),
    case(body("活动日期2025.05.20"), "contact.link", False),
    case(body("新版v2.0已上线"), "contact.link", False),
    case(body("iPhone 15 现货"), "contact.link", False),
    case("【XX Shop】Ends 5.20. Top picks inside. Reply STOP to opt out", "contact.link", False),
    case(
        "【XX Shop】Visit our shop. Top deals tonight. Reply STOP to opt out", "contact.link", False
    ),
    case(body("评分4.9分，e.g. 好评如潮"), "contact.link", False),
    case(body("打开APP查看「我的优惠券」"), "contact.link", False),
    # --- 3. IP addresses ---------------------------------------------------------------
    case(body("访问192.168.1.1领取"), "contact.ip", True, "192.168.1.1"),
    case(body("访问 10 . 0 . 0 . 1 领取"), "contact.ip", True, "10 . 0 . 0 . 1"),
    case(body("访问１９２．１６８．１．１领取"), "contact.ip", True, "１９２．１６８．１．１"),
    case(body("访问 8.8.8.8:8080 领取"), "contact.ip", True, "8.8.8.8:8080"),
    case(body("版本1.2.3更新"), "contact.ip", False),
    case(body("编号999.1.1.1"), "contact.ip", False),
    case(body("2025.5.20.1期"), "contact.ip", False),
    # --- 3. phone numbers --------------------------------------------------------------
    case(body("咨询13812345678"), "contact.phone", True, "13812345678"),
    case(body("咨询 138 1234 5678 了解"), "contact.phone", True, "138 1234 5678"),
    case(body("咨询138-1234-5678"), "contact.phone", True, "138-1234-5678"),
    case(body("咨询138.1234.5678"), "contact.phone", True, "138.1234.5678"),
    case(body("咨询+86 138 1234 5678"), "contact.phone", True, "+86 138 1234 5678"),
    case(body("咨询0086-13812345678"), "contact.phone", True, "0086-13812345678"),
    case(body("咨询１３８１２３４５６７８"), "contact.phone", True, "１３８１２３４５６７８"),
    case(body("咨询一三八一二三四五六七八"), "contact.phone", True, "一三八一二三四五六七八"),
    case(body("咨询1 3 8 1 2 3 4 5 6 7 8"), "contact.phone", True, "1 3 8 1 2 3 4 5 6 7 8"),
    case(body("全国热线400-800-1234"), "contact.phone", True, "400-800-1234"),
    case(body("热线 400 820 8820"), "contact.phone", True, "400 820 8820"),
    case(body("免费热线800-810-8888"), "contact.phone", True, "800-810-8888"),
    case(body("门店010-12345678"), "contact.phone", True, "010-12345678"),
    case(body("门店0755-8888-6666"), "contact.phone", True, "0755-8888-6666"),
    case(body("门店(021) 6666 8888"), "contact.phone", True, "021) 6666 8888"),
    case(body("客服热线95555"), "contact.phone", True, "95555"),
    case(body("电话：8888 6666"), "contact.phone", True, "8888 6666"),
    case(body("价格59.9 13812345678"), "contact.phone", True, "13812345678"),
    case(body("订单号13812345678已发货"), "contact.phone", False),
    case(body("运单号：SF1234567890已揽收"), "contact.phone", False),
    case(body("快递单号 773012345678901"), "contact.phone", False),
    case(body("会员卡号 6222 0212 3456 7890"), "contact.phone", False),
    case(body("验证码 123456"), "contact.phone", False),
    case(body("全场¥59.9"), "contact.phone", False),
    case(body("今晚18:00开抢"), "contact.phone", False),
    case(body("活动时间2025-05-20 18:00-20:00"), "contact.phone", False),
    case(body("满300减50，低至30%"), "contact.phone", False),
    case(body("iPhone 15 256G 到货"), "contact.phone", False),
    case(body("圆周率3.1415926535"), "contact.phone", False),
    case(body("库存仅剩12件"), "contact.phone", False),
    case(body("第20250520期"), "contact.phone", False),
    case(body("凭兑换码EDU2025领取"), "contact.phone", False),
    case(body("买一送一，第一二三名有奖"), "contact.phone", False),
    # --- 3. handles --------------------------------------------------------------------
    case(body("加V：abc123"), "contact.handle", True, "加V：abc123"),
    case(body("加微信shop2025领券"), "contact.handle", True, "加微信shop2025"),
    case(body("微信号：shop_2025"), "contact.handle", True, "微信号：shop_2025"),
    case(body("VX: shop2025"), "contact.handle", True, "VX: shop2025"),
    case(body("QQ：123456789"), "contact.handle", True, "QQ：123456789"),
    case(body("QQ群 12345678"), "contact.handle", True, "QQ群 12345678"),
    case(body("扣扣 123456789"), "contact.handle", True, "扣扣 123456789"),
    case(body("微信同号"), "contact.handle", True, "微信同号"),
    case(body("加薇信领券"), "contact.handle", True),
    case(body("联系邮箱 service@shop.com"), "contact.handle", True, "service@shop.com"),
    case(body("支持微信支付"), "contact.handle", False),
    case(body("QQ音乐会员同享"), "contact.handle", False),
    case(body("加入VIP会员"), "contact.handle", False),
    case(body("微信扫码点餐"), "contact.handle", False),
    # --- 3. registered (报备) items are allowed ----------------------------------------
    case(body("详见 shop.com/a"), "contact.link", False, registered_links=("https://shop.com/a",)),
    case(body("详见 shop.com/b"), "contact.link", True, registered_links=("https://shop.com/a",)),
    case(
        body("详见 shop.com/a 或 shop.com/b"),
        "contact.link",
        True,
        registered_links=("shop.com/a", "shop.com/b"),
    ),
    case(
        body("咨询 138 1234 5678 或QQ 123456789"),
        "contact.phone",
        False,
        registered_contacts=("13812345678", "QQ 123456789"),
    ),
    case(
        body("咨询 138 1234 5678 或QQ 123456789"),
        "contact.handle",
        False,
        registered_contacts=("13812345678", "QQ 123456789"),
    ),
    case(
        body("咨询 0755-8888 6666"),
        "contact.phone",
        True,
        registered_contacts=("13812345678", "123456789", "075588886666"),
    ),
    # --- 4. word lists -----------------------------------------------------------------
    case(body("全场最佳口感"), "words.advertising_law", True, "最佳"),
    case(body("国家级品质"), "words.advertising_law", True, "国家级"),
    case(body("全网最低价"), "words.advertising_law", True, "全网最低"),
    case(body("销量第一"), "words.advertising_law", True, "销量第一"),
    case(body("独一无二的味道"), "words.advertising_law", True, "独一无二"),
    case(body("顶级食材"), "words.advertising_law", True, "顶级"),
    case(body("100%纯果汁"), "words.advertising_law", True, "100%"),
    case(body("No.1 brand"), "words.advertising_law", True, "No.1"),
    case(body("最 佳 口 感"), "words.advertising_law", True, "最 佳"),
    case(body("最近上新"), "words.advertising_law", False),
    case(body("最后一天"), "words.advertising_law", False),
    case(body("第一次购买享8折"), "words.advertising_law", False),
    case(body("第一时间通知您"), "words.advertising_law", False),
    case(body("最多可减50元"), "words.advertising_law", False),
    case(body("满100减20，低至30%"), "words.advertising_law", False),
    case(body("1100%"), "words.advertising_law", False),
    case(body("保本理财"), "words.finance", True, "保本"),
    case(body("稳赚不赔"), "words.finance", True, "稳赚不赔"),
    case(body("稳 赚"), "words.finance", True, "稳 赚"),
    case(body("稳\u200b赚"), "words.finance", True, "稳\u200b赚"),
    case(body("无风险高收益"), "words.finance", True, "无风险"),
    case(body("非保本浮动收益型产品"), "words.finance", False),
    case(body("理财经理为您服务"), "words.finance", False),
    case(body("根治鼻炎"), "words.medical", True, "根治"),
    case(body("纯植物无副作用"), "words.medical", True, "无副作用"),
    case(body("包治百病"), "words.medical", True, "包治百病"),
    case(body("Our serum secures moisture"), "words.medical", False),
    case(body("理疗治疗仪特惠"), "words.medical", False),
    case(body("百家乐火爆开局"), "words.gambling", True, "百家乐"),
    case(body("注册送彩金"), "words.gambling", True),
    case(body("Best casino in town"), "words.gambling", True, "casino"),
    case(body("A special occasion"), "words.gambling", False),
    case(body("您的账户异常请处理"), "words.urgency", True, "账户异常"),
    case(body("公检法通知"), "words.urgency", True, "公检法"),
    case(body("冰冻饮品第二杯半价"), "words.urgency", False),
    case(body("中国移动用户专享"), "template.carrier_name", True, "中国移动"),
    case(body("充值送流量"), "template.carrier_name", True),
    case(body("支持移动支付"), "template.carrier_name", False),
    case("【XX通信】您本月流量已用完", "template.carrier_name", False, **SERVICE),
    case(
        "【XX电商】您的订单已发货，下单再领优惠券",
        "kind.promotional_service",
        True,
        "优惠券",
        **SERVICE,
    ),
    case("【XX电商】您的包裹已发货，预计明天送达", "kind.promotional_service", False, **SERVICE),
    case(body("下单再领优惠券"), "kind.promotional_service", False),
    # --- 5. AI-assisted marketing is labelled 广告 ------------------------------------
    case(body("今晚8折"), "ai.ad_label", True, "", ai_assisted=True),
    case(body("（广告）今晚8折"), "ai.ad_label", False, ai_assisted=True),
    case(body("今晚8折"), "ai.ad_label", False),
    case("【XX快递】您的包裹已发货", "ai.ad_label", False, ai_assisted=True, **SERVICE),
    # --- 6. variables --------------------------------------------------------------------
    case(body("{nmae}您好"), "variable.unknown", True, "{nmae}"),
    case(body("{foo}您好"), "variable.unknown", True, "{foo}"),
    case(body("{name}您好"), "variable.unknown", False),
    case(body("{name}您好"), "variable.empty", True, "{name}", variables={"name": ""}),
    case(
        body("{name}您好"),
        "variable.empty",
        True,
        "{name}",
        recipient_values={"name": ["张三", " "]},
    ),
    case(body("{name}您好"), "variable.empty", False),
    case(
        body("{name}您好"), "variable.injection", True, "{name}", variables={"name": "加V abc123"}
    ),
    case(
        body("{name}您好"),
        "variable.injection",
        True,
        "{name}",
        recipient_values={"name": ["张三", "138 1234 5678"]},
    ),
    case(
        body("{name}您好，领{coupon}"),
        "variable.injection",
        True,
        "{coupon}",
        variables={"name": "张先生", "coupon": "见t.cn/x"},
    ),
    case(
        body("{name}您好"), "variable.injection", False, recipient_values={"name": ["张三", "李四"]}
    ),
    # --- 7. provider review ------------------------------------------------------------
    case(body("{name}{coupon}已到账"), "variable.adjacent", True, "{name}{coupon}"),
    case(body("{name} {coupon}已到账"), "variable.adjacent", True, "{name} {coupon}"),
    case(body("{name}，{coupon}已到账"), "variable.adjacent", False),
    case("【XX生鲜】{name}！", "template.only_variables", True),
    case("【XX生鲜】{name}，您好", "template.only_variables", False),
    case(body("★限时★抢购"), "template.refused_symbol", True, "★"),
    case(body("开心^_^"), "template.refused_symbol", True, "^_^"),
    case(body("爱你♥"), "template.refused_symbol", True, "♥"),
    case(body("今日下单送贺卡→"), "template.refused_symbol", False),
    case(body("欢迎光临！~"), "template.refused_symbol", False),
    case(body("生日快乐🎉"), "template.emoji", True, "🎉"),
    case(body("点赞👍🏻"), "template.emoji", True, "👍🏻"),
    case(body("★限时"), "template.emoji", False),
    case(body("${name}您好"), "variable.provider_syntax", True, "${name}"),
    case(body("{1}您好"), "variable.provider_syntax", True, "{1}"),
    case(body("{姓名}您好"), "variable.invalid_name", True, "{姓名}"),
    case(body("{ name }您好"), "variable.invalid_name", True, "{ name }"),
    case(body("{name}您好"), "variable.invalid_name", False),
    case(body("{name您好"), "template.stray_brace", True, "{"),
    case(body("name}您好"), "template.stray_brace", True, "}"),
    case("", "template.empty", True),
    # --- 8. quality hints -----------------------------------------------------------------
    case(body("免费领取试吃装"), "quality.free_early", True, "免费"),
    case(body("今晚到店满100元即可享受会员价，另有免费停车"), "quality.free_early", False),
    case(body("今晚8折"), "quality.no_name", True),
    case(body("{name}，今晚8折"), "quality.no_name", False),
    case(body("全场8折"), "quality.no_deadline", True),
    case(body("今晚20:00前全场8折"), "quality.no_deadline", False),
    case(body("5月20日前全场8折"), "quality.no_deadline", False),
    case(body("大家好，全场8折"), "quality.dajia", True, "大家"),
    case(body("您好，全场8折"), "quality.dajia", False),
]


@pytest.mark.parametrize(
    ("text", "rule", "expected", "span", "options"),
    [
        pytest.param(*row, id=f"{n:03d}-{row[1]}-{'hit' if row[2] else 'miss'}")
        for n, row in enumerate(CASES)
    ],
)
def test_rule_table(
    text: str, rule: str, expected: bool, span: str | None, options: dict[str, Any]
) -> None:
    report = check(text, context(**options))
    hits = [f for f in report.findings if f.rule == rule]
    assert bool(hits) is expected, [(f.rule, text[f.start : f.end]) for f in report.findings]
    if expected and span is not None:
        assert span in [text[f.start : f.end] for f in hits]


def test_the_table_is_big_enough() -> None:
    assert len(CASES) >= 150
    rules = {row[1] for row in CASES}
    assert len(rules) >= 30
