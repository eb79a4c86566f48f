"""Word lists: the file format, the shipped lists, the user's own list, and one-pass matching."""

from __future__ import annotations

from pathlib import Path

import pytest

from smsdesk.core.compliance import rule_data, wordlists
from smsdesk.core.compliance.checker import CheckContext, check
from smsdesk.core.compliance.findings import Severity
from smsdesk.core.compliance.text_view import TextView
from smsdesk.core.enums import MessageKind

SHIPPED = ("advertising_law", "finance", "medical", "gambling", "urgency", "user")


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    rule_data.forget()


def test_format() -> None:
    word_list = wordlists.parse(
        "shop",
        "# title_zh: 店铺\n# title_en: Shop\n# severity: error\n# kinds: marketing\n"
        "# reason_zh: 不要用\n# reason_en: do not use\n#\n# a comment: not a header\n"
        "特价王 => 特价\n"
        "低价 [hint]\n"
        "  spaced phrase   => nice  [warning]\n"
        "!低价格\n",
    )
    assert (word_list.title_zh, word_list.title_en) == ("店铺", "Shop")
    assert word_list.severity is Severity.ERROR
    assert word_list.kinds == {MessageKind.MARKETING}
    assert (word_list.reason_zh, word_list.reason_en) == ("不要用", "do not use")
    assert [(e.phrase, e.replacement, e.severity) for e in word_list.entries] == [
        ("特价王", "特价", Severity.ERROR),
        ("低价", "", Severity.HINT),
        ("spaced phrase", "nice", Severity.WARNING),
    ]
    assert word_list.allowed == ("低价格",)


def test_every_shipped_list_parses_with_titles_and_reasons() -> None:
    assert set(SHIPPED) <= set(wordlists.available())
    for list_id in SHIPPED:
        word_list = wordlists.load(list_id)
        assert word_list.title_zh
        assert word_list.title_en
        assert word_list.reason_zh
        if list_id != "user":
            assert len(word_list.entries) >= 20, list_id
    for list_id in wordlists.PROVIDER_LISTS:
        assert wordlists.load(list_id, rule_data.COMPLIANCE).entries


def test_one_index_finds_phrases_of_every_list_in_one_pass() -> None:
    index = wordlists.index_for(None)
    text = "【XX】全场最佳，稳赚不赔，根治鼻炎，百家乐，账户异常，送流量"
    hits = index.find(TextView(text), MessageKind.MARKETING)
    assert {hit.word_list.id for hit in hits} >= {
        "advertising_law",
        "finance",
        "medical",
        "gambling",
        "urgency",
        "carrier_names",
    }
    assert index is wordlists.index_for(None)  # cached


def test_longest_phrase_of_a_list_wins() -> None:
    hits = wordlists.index_for(["finance"]).find(TextView("【XX】稳赚不赔"), MessageKind.MARKETING)
    assert [(h.entry.phrase) for h in hits if h.word_list.id == "finance"] == ["稳赚不赔"]


def test_only_enabled_lists_are_used() -> None:
    text = "【XX生鲜】全场最佳，稳赚不赔，拒收请回复R"
    rules = check(text, CheckContext(wordlists=frozenset({"finance"}))).rules()
    assert "words.finance" in rules
    assert "words.advertising_law" not in rules


def test_users_list_in_the_data_folder(smsdesk_home: Path) -> None:
    path = wordlists.user_list_path()
    assert path.is_relative_to(smsdesk_home)
    assert "title_zh" in path.read_text(encoding="utf-8")
    with path.open("a", encoding="utf-8") as handle:
        handle.write("竞品A => 同类产品 [error]\nrival shop\n")
    rule_data.forget()
    report = check("【XX生鲜】比竞品A便宜，比 Rival Shop 更好，拒收请回复R", CheckContext())
    hits = [f for f in report.findings if f.rule == "words.user"]
    assert [(f.severity, f.fix.replacement if f.fix else None) for f in hits] == [
        (Severity.ERROR, "同类产品"),
        (Severity.WARNING, ""),
    ]


def test_user_can_override_a_shipped_list(smsdesk_home: Path) -> None:
    folder = smsdesk_home / "wordlists"
    folder.mkdir(parents=True)
    (folder / "finance.txt").write_text("# severity: hint\n理财\n", encoding="utf-8")
    rule_data.forget()
    text = "【XX生鲜】保本理财，拒收请回复R"
    finance = [f for f in check(text, CheckContext()).findings if f.rule == "words.finance"]
    assert [(f.severity, text[f.start : f.end]) for f in finance] == [(Severity.HINT, "理财")]


def test_a_user_list_of_two_thousand_entries(smsdesk_home: Path) -> None:
    folder = smsdesk_home / "wordlists"
    folder.mkdir(parents=True)
    words = [f"禁词{n:04d}号" for n in range(2000)]
    (folder / "user.txt").write_text("\n".join(words), encoding="utf-8")
    rule_data.forget()
    report = check(f"【XX生鲜】这里有{words[1234]}和{words[7]}，拒收请回复R", CheckContext())
    assert sorted(f.rule for f in report.findings if f.rule == "words.user") == ["words.user"] * 2


def test_words_inside_the_signature_are_not_flagged() -> None:
    report = check("【第一医药】今晚会员日，拒收请回复R", CheckContext())
    assert "words.advertising_law" not in report.rules()
