"""Reply interpretation over real-looking replies (Chinese and English, with the traps), and
the rules that must hold for every input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smsdesk.core.consent.reply_interpreter import (
    CLEAR_PHRASES_CJK,
    COURTESY_CJK,
    COURTESY_WORDS,
    OPT_OUT_CJK,
    OPT_OUT_WORDS,
    explain,
    interpret,
)
from smsdesk.core.enums import ReplyAction

OUT = ReplyAction.OPT_OUT
MKT = ReplyAction.CONSENT_MARKETING
SVC = ReplyAction.CONSENT_SERVICE
NONE = ReplyAction.NONE

# (reply text, re-permission context, expected action)
REPLIES: list[tuple[str, bool, ReplyAction]] = [
    # Chinese opt-outs, alone or with courtesy words, any width and spacing
    ("退订", False, OUT),
    ("退订谢谢", False, OUT),
    ("退订，谢谢！", False, OUT),
    ("TD", False, OUT),
    ("td", False, OUT),
    ("ＴＤ", False, OUT),
    ("Ｔ　Ｄ", False, OUT),
    ("T", False, OUT),
    ("t", False, OUT),
    ("R", False, OUT),
    ("N", False, OUT),
    ("0000", False, OUT),
    ("００００", False, OUT),
    ("回复TD退订", False, OUT),
    ("T退订", False, OUT),
    ("拒收", False, OUT),
    ("拒收请回复R", False, OUT),
    ("取消", False, OUT),
    ("取消订阅", False, OUT),
    ("不要再发了", False, OUT),
    ("请不要再发短信了", False, OUT),
    ("以后不要再给我发短信了", False, OUT),
    ("别再发了", False, OUT),
    ("烦死了，别再发了", False, OUT),
    ("我要退订", False, OUT),
    ("请帮我退订一下", False, OUT),
    ("麻烦退订，谢谢", False, OUT),
    ("退 订", False, OUT),
    ("退订！！！", False, OUT),
    ("退订🙏", False, OUT),
    ("全部退订", False, OUT),
    ("退定", False, OUT),
    ("你们的短信太多了，退订", False, OUT),
    ("上次退订没成功", False, OUT),
    ("我已经退订了，为什么还收到", False, OUT),
    ("可以帮我退订吗", False, OUT),
    ("请勿再发", False, OUT),
    # English opt-outs
    ("STOP", False, OUT),
    ("Stop", False, OUT),
    ("Stop please", False, OUT),
    ("STOP!!!", False, OUT),
    ("please stop", False, OUT),
    ("S T O P", False, OUT),
    ("STOPALL", False, OUT),
    ("stop all", False, OUT),
    ("Unsubscribe", False, OUT),
    ("unsubscribe me please", False, OUT),
    ("Cancel", False, OUT),
    ("END", False, OUT),
    ("Quit", False, OUT),
    ("OPTOUT", False, OUT),
    ("opt out", False, OUT),
    ("Opt-out", False, OUT),
    ("REVOKE", False, OUT),
    ("Stop texting me", False, OUT),
    ("Please stop sending me these messages, it's annoying", False, OUT),
    ("remove me from your list", False, OUT),
    ("No more texts please", False, OUT),
    ("Ｓｔｏｐ", False, OUT),
    # re-permission replies (回复Y继续接收，回复A仅接收账单通知，回复T退订所有)
    ("Y", True, MKT),
    ("y", True, MKT),
    ("Ｙ", True, MKT),
    ("Yes", True, MKT),
    ("YES please", True, MKT),
    ("Y 谢谢", True, MKT),
    ("同意", True, MKT),
    ("A", True, SVC),
    ("a", True, SVC),
    ("A谢谢", True, SVC),
    ("T", True, OUT),
    ("退订所有", True, OUT),
    ("Y，T", True, OUT),  # both: opt-out wins
    ("START", False, MKT),
    ("start", True, MKT),
    ("UNSTOP", False, MKT),
    # Y / A / YES outside a re-permission context grant nothing
    ("Y", False, NONE),
    ("Yes", False, NONE),
    ("A", False, NONE),
    ("同意", False, NONE),
    # traps: ordinary replies that mention a keyword, negations, questions
    ("我不退订", False, NONE),
    ("TD是什么", False, NONE),
    ("TD是什么意思？", False, NONE),
    ("Tomorrow ok?", False, NONE),
    ("取消订单", False, NONE),
    ("怎么退订", False, NONE),
    ("退订是什么意思", False, NONE),
    ("我没有退订", False, NONE),
    ("不要退订我", False, NONE),
    ("取消退订", False, NONE),
    ("Don't stop", False, NONE),
    ("don't stop sending me deals!", False, NONE),
    ("I did not unsubscribe", False, NONE),
    ("Stop by the store tomorrow?", False, NONE),
    ("What time does the sale end?", False, NONE),
    ("Cancel my order", False, NONE),
    ("T恤还有货吗", False, NONE),
    ("N95口罩有吗", False, NONE),
    ("R18包邮吗", False, NONE),
    ("I'm at the end of the street", False, NONE),
    ("好的，收到", False, NONE),
    ("谢谢", False, NONE),
    ("明天几点开门？", False, NONE),
    ("有优惠券吗", False, NONE),
    ("The party is at 7", False, NONE),
    ("Thanks!", False, NONE),
    ("1", False, NONE),
    ("OK", False, NONE),
    ("Y码有吗", True, NONE),
    ("A和B哪个好", True, NONE),
    ("Yes I'll come tomorrow", True, NONE),
    ("", False, NONE),
    ("   ", False, NONE),
    ("👍", False, NONE),
]


def test_the_table_is_big_and_covers_both_languages() -> None:
    assert len(REPLIES) >= 60
    assert sum(1 for text, *_ in REPLIES if any("\u4e00" <= ch <= "\u9fff" for ch in text)) >= 30
    assert {action for *_, action in REPLIES} == {OUT, MKT, SVC, NONE}


@pytest.mark.parametrize(("text", "repermission", "expected"), REPLIES)
def test_reply_table(text: str, repermission: bool, expected: ReplyAction) -> None:
    assert interpret(text, repermission=repermission) == expected


@pytest.mark.parametrize(
    "text", ["我不退订", "TD是什么", "取消订单", "怎么退订", "Cancel my order", "Y"]
)
def test_replies_that_mention_a_keyword_are_flagged_for_review(text: str) -> None:
    result = explain(text)
    assert result.action == NONE
    assert result.needs_review


@pytest.mark.parametrize("text", ["Tomorrow ok?", "好的，收到", "明天几点开门？", "OK"])
def test_ordinary_replies_are_not_flagged(text: str) -> None:
    assert not explain(text).needs_review


def test_explain_names_the_keywords_and_the_reading() -> None:
    whole = explain("回复TD退订")
    assert (whole.keywords, whole.reading) == (("td", "退订"), "whole")
    phrase = explain("烦死了，别再发了")
    assert (phrase.keywords, phrase.reading) == (("别再发",), "phrase")


# --- rules for every input ----------------------------------------------------------------

_FULLWIDTH = {ch: chr(ord(ch) + 0xFEE0) for ch in map(chr, range(0x21, 0x7F))} | {" ": "\u3000"}
courtesy_en = st.lists(st.sampled_from(sorted(COURTESY_WORDS)), max_size=3)
courtesy_cjk = st.lists(st.sampled_from(COURTESY_CJK), max_size=3)


def _variant(word: str, data: st.DataObject) -> str:
    if data.draw(st.booleans()):
        word = word.upper()
    if data.draw(st.booleans()):
        word = "".join(_FULLWIDTH.get(ch, ch) for ch in word)
    return word


@settings(max_examples=300, deadline=None)
@given(keyword=st.sampled_from(sorted(OPT_OUT_WORDS)), data=st.data())
def test_latin_keyword_with_courtesy_words_is_an_opt_out(keyword: str, data: st.DataObject) -> None:
    before = data.draw(courtesy_en)
    after = data.draw(courtesy_en)
    punctuation = data.draw(st.sampled_from(["", "!", ".", "。", "！", " "]))
    text = " ".join([*before, _variant(keyword, data), *after]) + punctuation
    assert interpret(text) == OUT, text


@settings(max_examples=300, deadline=None)
@given(keyword=st.sampled_from(OPT_OUT_CJK), data=st.data())
def test_chinese_keyword_with_courtesy_words_is_an_opt_out(
    keyword: str, data: st.DataObject
) -> None:
    before = "".join(data.draw(courtesy_cjk))
    after = "".join(data.draw(courtesy_cjk))
    separator = data.draw(st.sampled_from(["", "，", " ", "～"]))
    text = before + separator + keyword + separator + after
    assert interpret(text) == OUT, text


@settings(max_examples=200, deadline=None)
@given(
    phrase=st.sampled_from([p for p in CLEAR_PHRASES_CJK if p[0] not in "不别勿请"]),
    negation=st.sampled_from(["不", "没有", "别", "不想", "不要", "取消", "并没有", "不用"]),
    prefix=st.sampled_from(["", "我", "我们", "亲，我"]),
)
def test_a_negated_phrase_is_never_an_opt_out(phrase: str, negation: str, prefix: str) -> None:
    assert interpret(prefix + negation + phrase) == NONE


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=40), repermission=st.booleans())
def test_any_text_gets_exactly_one_action(text: str, repermission: bool) -> None:
    assert interpret(text, repermission=repermission) in set(ReplyAction)


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=30),
    repermission=st.booleans(),
)
def test_case_and_width_never_change_the_action(text: str, repermission: bool) -> None:
    expected = interpret(text, repermission=repermission)
    wide = "".join(_FULLWIDTH.get(ch, ch) for ch in text)
    assert interpret(text.upper(), repermission=repermission) == expected
    assert interpret(text.lower(), repermission=repermission) == expected
    assert interpret(wide, repermission=repermission) == expected


@settings(max_examples=200, deadline=None)
@given(
    consent=st.sampled_from(["Y", "YES", "A", "START", "同意"]),
    opt_out=st.sampled_from(["T", "TD", "退订", "STOP", "R"]),
    separator=st.sampled_from(["，", ", ", "。", "/"]),
    consent_first=st.booleans(),
)
def test_opt_out_wins_over_consent(
    consent: str, opt_out: str, separator: str, consent_first: bool
) -> None:
    parts = (consent, opt_out) if consent_first else (opt_out, consent)
    assert interpret(separator.join(parts), repermission=True) == OUT
