"""The example messages of shared/seeds, checked whole: exactly these errors and nothing else
blocks them (warnings and hints are not listed)."""

from __future__ import annotations

from datetime import date

import pytest

from smsdesk.core.compliance.checker import CheckContext, check
from smsdesk.core.compliance.variables import BUILTIN_SAMPLES
from smsdesk.core.enums import MessageKind

M, S = MessageKind.MARKETING, MessageKind.SERVICE

SEEDS = [
    ("【XX生鲜】今日18:00前下单，新鲜水果满59元免配送费，仅剩3小时→链接", M, {"optout.missing"}),
    (
        "【XX美妆】张小姐，您上次关注的精华液已补货，年度最优价今晚截止→",
        M,
        {"optout.missing", "words.advertising_law"},
    ),
    ("【XX蛋糕】小明，生日快乐！摩羯月专属8折蛋糕券已到账→", M, {"optout.missing"}),
    ("【XX服饰】明日降温，您收藏的大衣直降200元→", M, {"optout.missing"}),
    ("【XX 银行】搜索 ' 理财专区 ' 查看专属产品", M, {"optout.missing"}),
    ("【XX 电商】打开 APP 查看 ' 我的优惠券 '", M, {"optout.missing"}),
    ("【XX 教育】凭短信验证码 'EDU2025' 领取试听课程", M, {"optout.missing"}),
    ("【XX 鲜花】七夕节专属花束 8 折，今日下单送贺卡→", M, {"optout.missing"}),
    ("【XX 咖啡】您附近的 XX 店今日买一送一，欢迎光临！", M, {"optout.missing"}),
    ("【XX 旅游】杭州用户专享！西湖游船特惠票 8 折→", M, {"optout.missing"}),
    ("【XX 快递】您的包裹已发货，点击查看物流详情→", S, set()),
    ("【XX 电器】您的空调保修期将在 7 天后到期，点击了解延保服务→", S, set()),
    ("【XX 电商】您的购物车还有 3 件商品，今日下单享 9 折→", M, {"optout.missing"}),
    ("【XX 餐饮】回复 '1' 领取午餐优惠券，回复 '2' 查看菜单，回复 'T' 退订", M, set()),
    (
        "【XX 汽车】您更关注车型的哪些方面？回复 '1' 性能，回复 '2' 价格，回复 '3' 外观",
        M,
        {"optout.missing"},
    ),
    ("【XX 银行】回复您的问题，我们将尽快为您解答", S, set()),
    (
        "王先生，您常点的榛果拿铁今日会员价 22 元（原价 32），12 点前下单赠送专属杯套（剩余 3 张优惠券）",
        M,
        {"signature.missing", "optout.missing"},
    ),
    (
        "您关注的 3J 车厘子直降 39 元！限时 48 小时，前 100 名下单赠进口红酒→",
        M,
        {"signature.missing", "optout.missing"},
    ),
    ("【XX健身】3天后你的体脂率将突破临界值，扫码领取专属减脂方案→", M, {"optout.missing"}),
    ("【XX】回复Y继续接收新品及优惠，回复A仅接收账单通知，回复T退订所有", M, set()),
    ("【XX食府】欢迎加入XX食府，点击查看", M, {"optout.missing"}),
    ("【XX食府】您的专属健康餐单已备好，凭短信至门店领取，退订回T", M, set()),
    ("【XX食府】VIP厨房开放日预约：本周六14:00-16:00体验米其林主厨教学，回T退订", M, set()),
    ("【XX银行】您的投资组合需优化？点击预约专属顾问，拒收请回复R", M, set()),
    ("【XX基金】您关注的XX基金定投开启，首月仅需99元起，拒收请回复R", M, set()),
    ("【XX银行】银发理财课堂明日开讲，现场赠送便携点餐器，拒收请回复R", M, set()),
    ("【XX电商】您购物车中的XX商品即将涨价，3小时后自动降价30%，拒收请回复R", M, set()),
    ("【XX】您的5000积分可兑换，拒收请回复R", M, set()),
    ("【XX医疗】建议立即联系您的专属医生，附三甲医院挂号二维码", S, set()),
    ("【XX眼科】小明的视力检测报告已生成，点击查看并领取护眼套餐", S, set()),
    ("【XX银行】理财产品保本保息，稳赚不赔，拒收请回复R", M, {"words.finance"}),
    ("【XX生鲜】详情 t.cn/A6xYz，拒收请回复R", M, {"contact.link"}),
    ("【XX生鲜】订购热线400-800-1234，拒收请回复R", M, {"contact.phone"}),
    ("【XX生鲜】加微信shop2025领券，拒收请回复R", M, {"contact.handle"}),
]


@pytest.mark.parametrize(
    ("text", "kind", "errors"), SEEDS, ids=[f"seed{n:02d}" for n in range(len(SEEDS))]
)
def test_seed_message(text: str, kind: MessageKind, errors: set[str]) -> None:
    context = CheckContext(kind=kind, today=date(2025, 8, 1), variables=dict(BUILTIN_SAMPLES))
    report = check(text, context)
    assert {f.rule for f in report.errors} == errors
    assert report.ok == (not errors)
