"""Read an inbound SMS and decide what it asks for: opt out, consent to marketing or to service
notices only, or nothing.

Text is compared case-, width- and space-insensitively (NFKC, casefold; "Ｔ Ｄ" is "td").
Two readings, the first that fires wins:

1. **Whole reply.** The reply consists only of keywords and courtesy words ("退订谢谢",
   "t", "ＴＤ", "Stop please", "回复TD退订", "请帮我退订一下"). Short keywords (T, TD, R, N,
   0000, 取消, CANCEL, END, QUIT...) count *only* this way, so "TD是什么", "取消订单",
   "Tomorrow ok?" and "Stop by tomorrow" are not opt-outs. Consent keywords count only this
   way too: Y, YES, 同意 and A only in a re-permission context, START and UNSTOP always.
2. **Clear phrase.** A phrase that can only mean "stop sending" (退订, 拒收, 不要再发,
   别再发, 请勿再发, unsubscribe, opt out, stop texting, remove me...) anywhere in a longer
   reply ("烦死了，别再发了") is an opt-out, unless a negation stands right before it or the
   reply asks about something (什么, 怎么, 如何, what, how...).

Negations: a negation is never turned into an instruction. "我不退订", "don't stop", "我没有
退订", "取消退订" grant nothing and withdraw nothing: they are ``none``. A negation only
cancels the opt-out reading of the phrase right after it (up to three characters or three
words before it, not across punctuation: "不，退订" is an opt-out). Phrases that are negative
instructions themselves (不要再发, 别再发, no more texts) are opt-outs.

When opt-out and consent words both appear, opt-out wins (acting on a false opt-out costs a
customer; ignoring a real one breaks the law). Replies that mention a keyword without
qualifying are flagged ``needs_review`` so a person reads them.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from smsdesk.core.enums import ReplyAction

# DOMAIN.md's list, plus the common misspelling 退定; Latin ones compared as whole words.
OPT_OUT_WORDS = frozenset(
    {"t", "td", "r", "n", "0000", "stop", "stopall", "unsubscribe", "cancel", "end", "quit"}
    | {"optout", "revoke"}
)
OPT_OUT_CJK = (
    "退订",
    "退定",
    "取消",
    "拒收",
    "不要再发",
    "不要再发送",
    "不要再给我发",
    "别再发",
    "别再给我发",
    "别发",
    "不要发",
    "不用再发",
    "请勿再发",
    "勿再发",
)
ALWAYS_CONSENT_WORDS = frozenset({"start", "unstop"})
REPERMISSION_MARKETING_WORDS = frozenset({"y", "yes"}) | ALWAYS_CONSENT_WORDS
REPERMISSION_MARKETING_CJK = ("同意", "继续接收")
REPERMISSION_SERVICE_WORDS = frozenset({"a"})
REPERMISSION_SERVICE_CJK = ("仅接收账单通知", "只接收通知")

# fmt: off
COURTESY_WORDS = frozenset((
    "please", "pls", "plz", "kindly", "thanks", "thank", "you", "thx", "ty", "tks", "thankyou",
    "ok", "okay", "now", "me", "my", "i", "want", "to", "hi", "hello", "dear", "sir", "madam",
    "sms", "text", "texts", "texting", "message", "messages", "msg", "msgs", "sending", "send",
    "all", "from", "this", "these", "list", "number", "just", "sorry", "asap", "immediately",
    "reply", "the", "it", "them", "any", "more", "anymore", "us", "your",
))
COURTESY_CJK = (
    "谢谢", "多谢", "谢了", "感谢", "谢", "请", "麻烦", "麻烦你", "帮我", "帮忙", "给我", "我要",
    "我想", "要", "一下", "了", "吧", "啊", "呀", "哦", "噢", "喔", "嗯", "的", "好的", "好",
    "你好", "您好", "亲", "回复", "回", "短信", "信息", "消息", "所有", "全部", "都", "以后",
    "马上", "立即", "立刻", "赶紧", "快", "直接", "我", "订阅", "服务", "营销", "广告", "此号码",
    "本号码", "这个号码", "号码", "你们", "你们的", "推送", "再见", "拜拜", "收到", "啦", "哈",
)
# fmt: on

# Phrases that can only mean "stop sending" (reading 2). English ones on space-joined words.
CLEAR_PHRASES_CJK = (
    "退订",
    "退定",
    "拒收",
    "不要再发",
    "不要再给我发",
    "别再发",
    "别再给我发",
    "请勿再发",
    "勿再发",
    "不想再收到",
)
CLEAR_PHRASES_EN = (
    "unsubscribe",
    "optout",
    "stopall",
    "stop texting",
    "stop sending",
    "stop messaging",
    "stop contacting",
    "stop spamming",
    "remove me",
    "take me off",
    "no more texts",
    "no more messages",
)
NEGATION_CJK = ("不", "别", "没", "未", "无需", "无须", "勿", "取消")
NEGATION_EN = frozenset(
    ("not", "dont", "never", "didnt", "doesnt", "wont", "cant", "cannot", "no", "without")
)
QUESTION_CJK = ("什么", "怎么", "怎样", "如何", "是否", "啥", "咋", "哪")
QUESTION_EN = frozenset(("what", "whats", "how", "hows", "why", "where", "which"))

_APOSTROPHES = re.compile(r"['’‘`´]")
_JOIN_PHRASES = (
    (re.compile(r"opt[\s\-_.]*out"), "optout"),
    (re.compile(r"un[\s\-_.]*subscribe"), "unsubscribe"),
    (re.compile(r"stop[\s\-_.]*all\b"), "stopall"),
)
_LATIN_RUN = re.compile(r"[a-z0-9]+|[^a-z0-9]+")


@dataclass(frozen=True)
class Interpretation:
    action: ReplyAction
    keywords: tuple[str, ...] = ()
    needs_review: bool = False
    reading: str = ""  # "whole" | "phrase" | ""


def interpret(text: str, *, repermission: bool = False) -> ReplyAction:
    """The action a reply asks for (see the module docstring for the rules)."""
    return explain(text, repermission=repermission).action


def normalize_text(text: str) -> str:
    """NFKC (full width → ASCII), casefold, no invisible marks or apostrophes."""
    value = unicodedata.normalize("NFKC", text or "").casefold()
    value = "".join(ch for ch in value if unicodedata.category(ch) != "Cf")
    value = _APOSTROPHES.sub("", value)
    for pattern, replacement in _JOIN_PHRASES:
        value = pattern.sub(replacement, value)
    return value


def _is_separator(ch: str) -> bool:
    category = unicodedata.category(ch)
    return ch.isspace() or category[0] in ("P", "S", "Z", "C")


@lru_cache(maxsize=4096)
def explain(text: str, *, repermission: bool = False) -> Interpretation:
    norm = normalize_text(text)
    tokens = _whole_reply_tokens(norm, repermission)
    if tokens is not None:
        kinds = {_kind(token, repermission) for token in tokens}
        keywords = tuple(t for t in tokens if _kind(t, repermission) != "courtesy")
        if "opt_out" in kinds:
            return Interpretation(ReplyAction.OPT_OUT, keywords, reading="whole")
        if "marketing" in kinds:
            return Interpretation(ReplyAction.CONSENT_MARKETING, keywords, reading="whole")
        if "service" in kinds:
            return Interpretation(ReplyAction.CONSENT_SERVICE, keywords, reading="whole")
    phrase = _clear_phrase(norm)
    if phrase is not None:
        return Interpretation(ReplyAction.OPT_OUT, (phrase,), reading="phrase")
    return Interpretation(ReplyAction.NONE, needs_review=_mentions_keyword(norm, repermission))


def _kind(token: str, repermission: bool) -> str:
    if token in OPT_OUT_WORDS or token in OPT_OUT_CJK:
        return "opt_out"
    if token in ALWAYS_CONSENT_WORDS:
        return "marketing"
    if repermission and (
        token in REPERMISSION_MARKETING_WORDS or token in REPERMISSION_MARKETING_CJK
    ):
        return "marketing"
    if repermission and (token in REPERMISSION_SERVICE_WORDS or token in REPERMISSION_SERVICE_CJK):
        return "service"
    return "courtesy"


def _pieces(norm: str) -> list[str]:
    """Split on spaces and punctuation; letters typed apart ("s t o p", "退 订") are joined."""
    words = norm.split()
    merged: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1 and not _is_separator(word):
            run.append(word)
            continue
        if run:
            merged.extend(["".join(run)] if len(run) > 1 else run)
            run = []
        if word:
            merged.append(word)
    pieces: list[str] = []
    for word in merged:
        current = ""
        for ch in word:
            if _is_separator(ch):
                if current:
                    pieces.append(current)
                current = ""
            else:
                current += ch
        if current:
            pieces.append(current)
    return pieces


def _whole_reply_tokens(norm: str, repermission: bool) -> list[str] | None:
    """The reply as a list of known tokens, or None when anything else is in it."""
    cjk_tokens = _cjk_vocabulary(repermission)
    tokens: list[str] = []
    for piece in _pieces(norm):
        for run in _LATIN_RUN.findall(piece):
            if run[0].isascii() and run[0].isalnum():
                if _kind(run, repermission) == "courtesy" and run not in COURTESY_WORDS:
                    return None
                tokens.append(run)
            else:
                segmented = _segment(run, cjk_tokens)
                if segmented is None:
                    return None
                tokens.extend(segmented)
    for first, second in itertools.pairwise(tokens):
        if first in ("取消", "cancel") and second != first and _kind(second, False) == "opt_out":
            return None  # "取消退订" cancels an opt-out: a negation, not a second keyword
    return tokens or None


@lru_cache(maxsize=2)
def _cjk_vocabulary(repermission: bool) -> tuple[str, ...]:
    vocabulary = [*OPT_OUT_CJK, *COURTESY_CJK]
    if repermission:
        vocabulary += [*REPERMISSION_MARKETING_CJK, *REPERMISSION_SERVICE_CJK]
    return tuple(sorted(set(vocabulary), key=len, reverse=True))


def _segment(run: str, vocabulary: tuple[str, ...]) -> list[str] | None:
    """Split ``run`` entirely into vocabulary words (longest first), or None."""
    best: list[list[str] | None] = [None] * (len(run) + 1)
    best[0] = []
    for start in range(len(run)):
        done = best[start]
        if done is None:
            continue
        for word in vocabulary:
            end = start + len(word)
            if end <= len(run) and best[end] is None and run.startswith(word, start):
                best[end] = [*done, word]
    return best[len(run)]


def _compact(norm: str) -> str:
    """Whitespace removed (so "不 退订" reads like "不退订"), punctuation kept as "|"."""
    return "".join("|" if _is_separator(ch) else ch for ch in norm if not ch.isspace())


def _clear_phrase(norm: str) -> str | None:
    """The first clear opt-out phrase that is neither negated nor asked about, per clause."""
    for clause in _compact(norm).split("|"):
        if not clause or any(q in clause for q in QUESTION_CJK):
            continue
        for phrase in CLEAR_PHRASES_CJK:
            for match in re.finditer(re.escape(phrase), clause):
                window = clause[max(0, match.start() - 3) : match.start()]
                if not any(neg in window for neg in NEGATION_CJK):
                    return phrase
    for clause in re.split(r"[^\w\s]+", norm):
        words = re.findall(r"[a-z0-9]+", clause)
        if not words or QUESTION_EN.intersection(words):
            continue
        joined = " ".join(words)
        for phrase in CLEAR_PHRASES_EN:
            for match in re.finditer(rf"\b{re.escape(phrase)}\b", joined):
                before = joined[: match.start()].split()[-3:]
                if not NEGATION_EN.intersection(before):
                    return phrase
    return None


def _mentions_keyword(norm: str, repermission: bool) -> bool:
    words = set(re.findall(r"[a-z0-9]+", norm))
    if words & (OPT_OUT_WORDS | ALWAYS_CONSENT_WORDS | REPERMISSION_MARKETING_WORDS):
        return True
    if repermission and words & REPERMISSION_SERVICE_WORDS:
        return True
    compact = _compact(norm)
    return any(word in compact for word in (*OPT_OUT_CJK, *REPERMISSION_MARKETING_CJK))
