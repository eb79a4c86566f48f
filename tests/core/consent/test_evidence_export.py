"""Evidence export for one number: every record, opt-out and reply with hashes and the
verification result, to .xlsx and to a PDF where Chinese renders."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from sqlalchemy import select

from smsdesk.core.consent import consent_log, evidence_export
from smsdesk.core.consent.replies import record_reply
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import AuditEntry
from smsdesk.core.errors import ValidationError
from tests.helpers.consent_records import raw_sql

NUMBER = "+8613812345678"
NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def history(db: Database, tmp_path: Path) -> None:
    scan = tmp_path / "会员登记表.jpg"
    scan.write_bytes(b"scan of a signed form")
    with db.session() as session:
        consent_log.grant(
            session,
            NUMBER,
            scope="marketing",
            method="paper",
            source="门店 Store #3",
            evidence_text="会员登记表，顾客张三签名同意接收新品及优惠短信",
            evidence_file=scan,
            consented_at=NOW - timedelta(days=60),
            recorded_by="店长李四",
        )
        consent_log.grant(session, "+8613912345678", scope="service", method="otp")
        record_reply(session, e164=NUMBER, text="TD是什么", received_at=NOW - timedelta(days=6))
        record_reply(session, e164=NUMBER, text="退订谢谢🙏", received_at=NOW - timedelta(days=5))


def test_bundle_holds_only_this_number_and_checks_every_hash(db: Database, history: None) -> None:
    with db.session() as session:
        bundle = evidence_export.collect_evidence(session, "138 1234 5678")
    assert bundle.e164 == NUMBER
    assert [(r.action, r.method) for r in bundle.records] == [
        ("grant", "paper"), ("withdraw", "sms_reply"),
    ]  # fmt: skip
    assert all(r.hash_ok for r in bundle.records)
    assert bundle.records[0].file_state == "ok"
    assert [r.text for r in bundle.replies] == ["TD是什么", "退订谢谢🙏"]
    assert len(bundle.opt_outs) == 1
    assert (bundle.chain.ok, bundle.chain.records) == (True, 3)
    assert (bundle.current_scope, bundle.opted_out) == ("none", True)
    assert bundle.timezone == "Asia/Shanghai"


def test_xlsx_export(db: Database, history: None, tmp_path: Path) -> None:
    path = tmp_path / "evidence.xlsx"
    with db.session() as session:
        evidence_export.export_evidence(session, NUMBER, path)
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "evidence.export"))
        assert [a.detail["number"] for a in audit] == ["138****5678"]
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Summary 摘要", "Consent 授权记录", "Opt-outs 退订", "Replies 回复"]
    summary = {row[0]: row[1] for row in book["Summary 摘要"].iter_rows(values_only=True) if row[0]}
    assert summary["号码 Number"] == NUMBER
    assert summary["证据链校验 Evidence log"].startswith("通过 Intact")
    assert len(summary["链头哈希 Head hash"]) == 64
    consent = list(book["Consent 授权记录"].iter_rows(values_only=True))
    assert len(consent) == 3
    assert consent[1][7] == "会员登记表，顾客张三签名同意接收新品及优惠短信"
    assert consent[1][8].endswith("/会员登记表.jpg")
    assert [row[14] for row in consent[1:]] == ["一致 OK", "一致 OK"]
    beijing = (NOW - timedelta(days=60)).astimezone(ZoneInfo("Asia/Shanghai"))
    assert consent[1][1] == beijing.strftime("%Y-%m-%d %H:%M:%S")
    replies = list(book["Replies 回复"].iter_rows(values_only=True))
    assert replies[2][1:3] == ("退订谢谢🙏", "退订 Opt-out")


def test_xlsx_export_shows_a_tampered_record(
    db: Database, history: None, db_path: Path, tmp_path: Path
) -> None:
    with raw_sql(db_path) as connection:
        connection.execute("UPDATE consent_records SET evidence_text = '伪造' WHERE id = 1")
    path = tmp_path / "evidence.xlsx"
    with db.session() as session:
        bundle = evidence_export.export_evidence(session, NUMBER, path)
    assert (bundle.chain.ok, bundle.chain.first_bad) == (False, 1)
    book = openpyxl.load_workbook(path)
    summary = {row[0]: row[1] for row in book["Summary 摘要"].iter_rows(values_only=True) if row[0]}
    assert summary["证据链校验 Evidence log"] == "未通过 FAILED — altered at record #1"
    consent = list(book["Consent 授权记录"].iter_rows(values_only=True))
    assert [row[14] for row in consent[1:]] == ["不一致 MISMATCH", "一致 OK"]


def test_unknown_extension_is_refused(db: Database, history: None, tmp_path: Path) -> None:
    with pytest.raises(ValidationError), db.session() as session:
        evidence_export.export_evidence(session, NUMBER, tmp_path / "evidence.docx")


def _pdf_streams(path: Path) -> list[bytes]:
    """Every content stream, decoded (reportlab writes ASCII85 over Flate)."""
    data = path.read_bytes()
    streams = []
    for match in re.finditer(rb"stream\r?\n(.*?)\s*endstream", data, re.S):
        raw = match.group(1)
        if raw.rstrip().endswith(b"~>"):
            raw = base64.a85decode(b"<~" + raw.strip().removeprefix(b"<~"), adobe=True)
        try:
            streams.append(zlib.decompress(raw))
        except zlib.error:
            streams.append(raw)
    return streams


def test_pdf_uses_the_chinese_cid_font_and_holds_the_text(
    db: Database, history: None, tmp_path: Path
) -> None:
    path = tmp_path / "evidence.pdf"
    with db.session() as session:
        evidence_export.export_evidence(session, NUMBER, path)
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    assert b"/STSong-Light" in data
    assert b"/UniGB-UCS2-H" in data
    content = _unescape(b"".join(_pdf_streams(path)))
    # UniGB-UCS2-H text is written as UCS-2 code units (退订 = 9000 8BA2).
    for expected in ("授权证据报告", "退订谢谢", "会员登记表", NUMBER, "<U+1F64F>"):
        assert expected.encode("utf-16-be") in content, expected


def _unescape(content: bytes) -> bytes:
    """Undo PDF literal-string escapes (octal \\ddd, \\( \\) \\\\)."""

    def one(match: re.Match[bytes]) -> bytes:
        token = match.group(1)
        if token[:1].isdigit():
            return bytes([int(token, 8)])
        return {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(token, token)

    return re.sub(rb"\\([0-7]{1,3}|.)", one, content, flags=re.S)


@pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils (pdftotext, pdftoppm) is not installed",
)
def test_pdf_renders_chinese(db: Database, history: None, tmp_path: Path) -> None:
    path = tmp_path / "evidence.pdf"
    with db.session() as session:
        evidence_export.export_evidence(session, NUMBER, path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    for expected in ("授权证据报告", "会员登记表", "退订谢谢<U+1F64F>", NUMBER, "一致 OK"):
        assert expected in text, expected
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(path),
                    str(tmp_path / "page")], check=True)  # fmt: skip
    from PIL import Image

    page = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    dark = sum(page.histogram()[:128])
    assert dark > 1500  # text was drawn, not an empty page
