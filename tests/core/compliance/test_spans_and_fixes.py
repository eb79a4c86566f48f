"""Spans point at exactly the offending characters, and applying a fix removes the finding."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from smsdesk.core.compliance.checker import CheckContext, Finding, check
from smsdesk.core.compliance.variables import BUILTIN_SAMPLES

TODAY = date(2025, 8, 1)
CONTEXT = CheckContext(today=TODAY, variables=dict(BUILTIN_SAMPLES))


def only(text: str, rule: str, context: CheckContext = CONTEXT) -> Finding:
    hits = [f for f in check(text, context).findings if f.rule == rule]
    assert len(hits) == 1, hits
    return hits[0]


def test_exact_spans() -> None:
    text = "【XX生鲜】{name}，致电 138 1234 5678 或访问 www.xx.com，全场最佳，拒收请回复R"
    phone = only(text, "contact.phone")
    assert (phone.start, phone.end) == (text.index("138"), text.index("5678") + 4)
    link = only(text, "contact.link")
    assert text[link.start : link.end] == "www.xx.com"
    word = only(text, "words.advertising_law")
    assert (word.start, word.end) == (text.index("最佳"), text.index("最佳") + 2)


def test_spans_are_code_point_indices_after_an_emoji() -> None:
    text = "【XX生鲜】😀🎉稳赚不赔，拒收请回复R"
    word = only(text, "words.finance")
    assert text[word.start : word.end] == "稳赚不赔"
    assert word.start == 8


def test_spans_cover_obfuscation_spaces() -> None:
    text = "【XX生鲜】稳 赚 不 赔，详见 w w w . x x . c o m，拒收请回复R"
    assert (
        text[only(text, "words.finance").start : only(text, "words.finance").end] == "稳 赚 不 赔"
    )
    link = only(text, "contact.link")
    assert text[link.start : link.end] == "w w w . x x . c o m"


def test_signature_findings_span_the_brackets() -> None:
    text = "【YY】今晚8折，拒收请回复R"
    finding = only(text, "signature.unregistered", CheckContext(signatures=frozenset({"XX生鲜"})))
    assert (finding.start, finding.end) == (0, 4)


def test_zero_width_findings_sit_where_the_fix_goes() -> None:
    text = "【XX生鲜】今晚8折"
    missing = only(text, "optout.missing")
    assert missing.start == missing.end == len(text)
    assert missing.fix is not None
    assert missing.fix.apply(text) == "【XX生鲜】今晚8折，拒收请回复R"


def test_opt_out_fix_goes_before_a_trailing_signature() -> None:
    text = "今晚8折。【XX生鲜】"
    fixed = only(text, "optout.missing").fix.apply(text)  # type: ignore[union-attr]
    assert fixed == "今晚8折。拒收请回复R【XX生鲜】"


def test_english_text_gets_an_english_opt_out() -> None:
    text = "Sale ends tonight"
    context = CheckContext(carriers=frozenset())
    fixed = only(text, "optout.missing", context).fix.apply(text)  # type: ignore[union-attr]
    assert fixed == "Sale ends tonight Reply STOP to opt out"


def _fixed(text: str, rule: str, context: CheckContext = CONTEXT) -> str:
    finding = only(text, rule, context)
    assert finding.fix is not None
    return finding.fix.apply(text)


def test_every_fix_removes_its_finding() -> None:
    cases = [
        ("【XX生鲜】今晚8折", "optout.missing"),
        ("【XX生鲜】全场最佳，拒收请回复R", "words.advertising_law"),
        ("【XX生鲜】访问t.cn/abc，拒收请回复R", "contact.link"),
        ("【XX生鲜】致电：13812345678，拒收请回复R", "contact.phone"),
        ("【XX生鲜】加V：abc123，拒收请回复R", "contact.handle"),
        ("【XX生鲜】★限时，拒收请回复R", "template.refused_symbol"),
        ("【XX生鲜】{name}{coupon}，拒收请回复R", "variable.adjacent"),
        ("【XX生鲜】${name}，拒收请回复R", "variable.provider_syntax"),
        ("【XX生鲜】{nmae}，拒收请回复R", "variable.unknown"),
        ("【XX生鲜】【限时】抢购，拒收请回复R", "template.extra_brackets"),
        ("[XX生鲜]今晚8折，拒收请回复R", "signature.brackets"),
        ("【XX生鲜】退订回T，今晚8折", "optout.not_at_end"),
        ("【XX生鲜】今晚8折，回复X退订", "optout.keyword"),
        ("【XX生鲜】大家好，拒收请回复R", "quality.dajia"),
        ("【XX生鲜】今晚8折，拒收请回复R", "quality.no_name"),
    ]
    for text, rule in cases:
        fixed = _fixed(text, rule)
        assert rule not in check(fixed, CONTEXT).rules(), (text, fixed)


def test_ai_label_fix() -> None:
    context = CheckContext(today=TODAY, ai_assisted=True)
    text = "【XX生鲜】今晚8折，拒收请回复R"
    fixed = _fixed(text, "ai.ad_label", context)
    assert fixed == "【XX生鲜】（广告）今晚8折，拒收请回复R"
    assert "ai.ad_label" not in check(fixed, context).rules()


def test_link_alternatives_are_link_free() -> None:
    text = "【XX生鲜】领券戳 t.cn/abc，拒收请回复R"
    finding = only(text, "contact.link")
    assert len(finding.alternatives) >= 2
    for alternative in finding.alternatives:
        rewritten = alternative.apply(text)
        assert (
            not {"contact.link", "contact.phone", "contact.handle"}
            & check(rewritten, CONTEXT).rules()
        ), rewritten


def test_moving_the_opt_out_keeps_every_word() -> None:
    text = "【XX生鲜】退订回T，全场8折，今晚截止。"
    assert _fixed(text, "optout.not_at_end") == "【XX生鲜】全场8折，今晚截止。退订回T"


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("【】{}$ 0123456789.-:@/abcwqv点微信最佳稳赚回复T退订，。😀★")
        ),
        max_size=60,
    )
)
def test_spans_and_fixes_stay_inside_the_text(text: str) -> None:
    report = check(text, CONTEXT)
    for finding in report.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        for fix in finding.fixes:
            assert 0 <= fix.start <= fix.end <= len(text)
            fix.apply(text)
    assert report.ok == (not report.errors)
