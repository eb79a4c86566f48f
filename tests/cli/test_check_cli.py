"""`smsdesk-cli check`: the checker from the command line, its JSON and its exit status."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from typing import Any

import pytest

from smsdesk.cli.main import main

GOOD = "【XX生鲜】{name}，今晚20:00前下单享8折，拒收请回复R"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["check", *args])
    return code, capsys.readouterr().out


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code, out = run(capsys, *args, "--json")
    return code, json.loads(out)


def test_clean_text_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code, report = run_json(capsys, "--var", "name=张先生", GOOD)
    assert code == 0
    assert report["ok"] is True
    assert (report["encoding"], report["chars"], report["parts"]) == ("UCS-2", 30, 1)
    assert all(f["severity"] != "error" for f in report["findings"])


def test_json_shape_and_error_exit(capsys: pytest.CaptureFixture[str]) -> None:
    text = "【XX生鲜】全场最佳，详见 t.cn/abc"
    code, report = run_json(capsys, "--carrier", "telecom", text)
    assert code == 1
    assert report["ok"] is False
    assert set(report) >= {"ok", "encoding", "chars", "parts", "findings"}
    by_rule = {f["rule"]: f for f in report["findings"]}
    link = by_rule["contact.link"]
    assert set(link) >= {"rule", "severity", "start", "end", "message", "fix"}
    assert (link["severity"], text[link["start"] : link["end"]]) == ("error", "t.cn/abc")
    assert link["fix"]["replacement"] == ""
    assert by_rule["words.advertising_law"]["fix"]["replacement"] == "优选"
    assert by_rule["optout.missing"]["fix"]["replacement"].endswith("拒收请回复R")


def test_carrier_option_changes_severity(capsys: pytest.CaptureFixture[str]) -> None:
    text = "【XX生鲜】详见 t.cn/abc，拒收请回复R"
    code, report = run_json(capsys, "--carrier", "mobile", text)
    assert code == 0
    assert [f["severity"] for f in report["findings"] if f["rule"] == "contact.link"] == ["warning"]
    code, _ = run_json(capsys, "--carrier", "mobile", "--carrier", "telecom", text)
    assert code == 1


def test_signature_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_json(capsys, "--var", "name=张", GOOD)[0] == 0  # any well-formed signature
    code, report = run_json(capsys, "--signature", "YY生鲜", "--var", "name=张", GOOD)
    assert code == 1
    assert "signature.unregistered" in {f["rule"] for f in report["findings"]}
    code, _ = run_json(
        capsys, "--signature", "YY生鲜", "--signature", "【XX生鲜】", "--var", "name=张", GOOD
    )
    assert code == 0
    code, report = run_json(capsys, "--var", "name=张", "【店】今晚8折，拒收请回复R")
    assert code == 1


def test_kind_ai_and_variables(capsys: pytest.CaptureFixture[str]) -> None:
    service = "【XX快递】{name}，您的包裹已发货"
    assert run_json(capsys, "--kind", "service", "--var", "name=张先生", service)[0] == 0
    assert run_json(capsys, "--var", "name=张先生", service)[0] == 1  # marketing: no opt-out
    code, report = run_json(capsys, "--ai", "--var", "name=张先生", GOOD)
    assert code == 1
    assert "ai.ad_label" in {f["rule"] for f in report["findings"]}
    code, report = run_json(capsys, GOOD)  # {name} not declared
    assert code == 1
    assert "variable.unknown" in {f["rule"] for f in report["findings"]}
    code, report = run_json(capsys, "--var", "name=加V abc123", GOOD)
    assert "variable.injection" in {f["rule"] for f in report["findings"]}


def test_text_from_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(GOOD + "\n"))
    code, report = run_json(capsys, "--var", "name=张先生", "-")
    assert code == 0
    assert report["chars"] == 30


def test_human_output(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    code, out = run(capsys, "【XX生鲜】全场最佳，拒收请回复R")
    assert code == 1
    assert "words.advertising_law" in out
    assert "Replace with “优选”" in out
    assert "UCS-2, 17 characters, 1 part(s)" in out
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    code, out = run(capsys, "【XX生鲜】全场最佳，拒收请回复R")
    assert "改为“优选”" in out
    assert "17字" in out


def test_bad_var_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--var", "novalue", GOOD]) == 2
    assert "NAME=VALUE" in capsys.readouterr().err


def test_installed_command_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "smsdesk.cli.main", "check", "--json", "-"],
        input="【XX生鲜】今晚8折，拒收请回复R",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=dict(os.environ),
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["ok"] is True
