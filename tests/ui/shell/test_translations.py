"""Both languages stay complete: every Chinese string translated, sources compile, load."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from smsdesk.core import paths
from smsdesk.ui import translations

TS_DIR = paths.resources_dir() / "translations"
ZH_FILES = sorted(TS_DIR.glob("*_zh_CN.ts"))
PLACEHOLDER = re.compile(r"%\d|%n")


def test_there_are_translation_sources_for_both_languages() -> None:
    assert ZH_FILES
    for zh in ZH_FILES:
        assert zh.with_name(zh.name.replace("_zh_CN", "_en")).exists(), zh.name


@pytest.mark.parametrize("path", ZH_FILES, ids=lambda p: p.name)
def test_every_chinese_string_is_translated(path: Path) -> None:
    unfinished = []
    for message in ET.parse(path).getroot().iter("message"):
        if message.get("type") == "obsolete":
            continue
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        if translation.get("type") in ("obsolete", "vanished"):
            continue
        numerus = translation.findall("numerusform")
        text = " ".join(n.text or "" for n in numerus) if numerus else (translation.text or "")
        if translation.get("type") == "unfinished" or not text.strip():
            unfinished.append(source)
            continue
        assert sorted(PLACEHOLDER.findall(source)) == sorted(set(PLACEHOLDER.findall(text))) or (
            numerus and "%n" in source
        ), f"placeholders differ: {source!r} -> {text!r}"
    assert unfinished == [], f"{path.name}: {len(unfinished)} untranslated: {unfinished[:10]}"


def test_chinese_compiles_and_translates(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    qm = translations.compile_language("zh_CN", tmp_path)
    assert qm is not None
    assert qm.stat().st_size > 1000
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    try:
        assert QCoreApplication.translate("MainWindow", "Contacts") == "联系人"
        assert QCoreApplication.translate("MainWindow", "Sandbox: nothing is really sent") == (
            "沙盒：不会真正发送任何短信"
        )
    finally:
        QCoreApplication.removeTranslator(translator)


def test_language_choice() -> None:
    assert translations.choose_language("en") == "en"
    assert translations.choose_language("zh_CN") == "zh_CN"
    with pytest.raises(ValueError, match="unsupported"):
        translations.choose_language("fr")
