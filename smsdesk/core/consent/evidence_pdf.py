"""The evidence document as a PDF a person can hand to a regulator (reportlab).

Chinese uses ReportLab's built-in CID font STSong-Light (Adobe-GB1): nothing to ship or
embed, and every PDF reader maps it to a Song/Ming face (Acrobat, PDFium in browsers,
Preview, poppler). Characters outside that set (emoji, rare CJK extensions) are written as
``<U+1F600>`` so nothing a customer wrote is silently lost.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from smsdesk.core.consent.evidence_export import (
    HASH_EXPLANATION,
    EvidenceBundle,
    label,
    summary_rows,
)

FONT = "STSong-Light"
MONO = "Courier"
_GRID = colors.HexColor("#9AA3AD")
_HEAD = colors.HexColor("#E8EDF2")
_BAD = colors.HexColor("#B00020")
_OK = colors.HexColor("#1B7F3B")


def _register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def printable(text: str) -> str:
    """Escape for reportlab markup; characters the CID font lacks become <U+hex code>."""
    out = []
    for ch in text:
        code = ord(ch)
        if code > 0xFFFF or 0xD800 <= code <= 0xDFFF or (code < 32 and ch not in "\n\t"):
            out.append(f"<U+{code:04X}>")
        else:
            out.append(ch)
    return escape("".join(out)).replace("\n", "<br/>")


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=8.5, leading=11, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=16, leading=22, spaceAfter=4),
        "h2": ParagraphStyle(
            "h2", parent=base, fontSize=11.5, leading=16, spaceBefore=10, spaceAfter=4
        ),
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
        "mono": ParagraphStyle(
            "mono", parent=base, fontName=MONO, fontSize=6.5, leading=8, wordWrap="CJK"
        ),
        "bad": ParagraphStyle("bad", parent=base, textColor=_BAD),
        "ok": ParagraphStyle("ok", parent=base, textColor=_OK),
    }


def _table(rows: list[list[object]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, _GRID),
                ("BACKGROUND", (0, 0), (-1, 0), _HEAD),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def write_pdf(bundle: EvidenceBundle, path: Path) -> None:
    _register_font()
    s = _styles()
    p = Paragraph

    def cell(text: str, style: str = "body") -> Paragraph:
        return p(printable(text), s[style])

    story: list[object] = [
        p("授权证据报告 Consent evidence report", s["title"]),
        p(printable(f"号码 Number: {bundle.e164}"), s["h2"]),
    ]
    summary = []
    for key, value in summary_rows(bundle):
        style = "bad" if ("FAILED" in value or "MISMATCH" in value) else "body"
        if key.startswith("证据链校验") and bundle.chain.ok:
            style = "ok"
        summary.append([cell(key), cell(value, "mono" if key.endswith("Head hash") else style)])
    story.append(_table([[cell("项目 Item"), cell("内容 Value")], *summary], [70 * mm, 190 * mm]))

    story.append(p("授权记录 Consent records", s["h2"]))
    if not bundle.records:
        story.append(cell("无记录 No consent records for this number."))
    else:
        rows: list[list[object]] = [
            [cell(h, "small") for h in ("ID", "授权时间 Consented", "录入时间 Recorded",
                                        "操作 Action", "范围 Scope", "方式 Method",
                                        "来源 Source", "证据 Evidence", "录入人 By")]
        ]  # fmt: skip
        for record in bundle.records:
            evidence = record.evidence_text
            if record.evidence_file:
                state = label(record.file_state) if record.file_state else ""
                evidence += f"\n文件 File: {record.evidence_file.split('/', 1)[-1]} ({state})"
                evidence += f"\nSHA-256: {record.evidence_sha256}"
            rows.append(
                [
                    cell(str(record.id)), cell(bundle.local(record.consented_at)),
                    cell(bundle.local(record.recorded_at)), cell(label(record.action)),
                    cell(label(record.scope)), cell(label(record.method)), cell(record.source),
                    cell(evidence), cell(record.recorded_by),
                ]
            )  # fmt: skip
        widths = [12, 27, 27, 22, 24, 26, 30, 75, 24]
        story.append(_table(rows, [w * mm for w in widths]))

        story.append(p("哈希 Hashes", s["h2"]))
        hash_rows: list[list[object]] = [
            [cell(h, "small") for h in ("ID", "前一哈希 Previous hash", "哈希 Hash", "校验 Check")]
        ]
        for record in bundle.records:
            check = "一致 OK" if record.hash_ok else "不一致 MISMATCH"
            hash_rows.append(
                [cell(str(record.id)), cell(record.prev_hash, "mono"), cell(record.hash, "mono"),
                 cell(check, "ok" if record.hash_ok else "bad")]
            )  # fmt: skip
        story.append(_table(hash_rows, [12 * mm, 112 * mm, 112 * mm, 24 * mm]))

    story.append(p("退订记录 Opt-outs", s["h2"]))
    if not bundle.opt_outs:
        story.append(cell("无 None."))
    else:
        optout_rows: list[list[object]] = [
            [cell(h, "small") for h in ("加入时间 Added", "原因 Reason", "来源 Source",
                                        "解除时间 Removed", "解除原因 Removal reason")]
        ]  # fmt: skip
        for item in bundle.opt_outs:
            optout_rows.append(
                [cell(bundle.local(item.created_at)), cell(item.reason), cell(item.source),
                 cell(bundle.local(item.removed_at)), cell(item.removed_reason)]
            )  # fmt: skip
        story.append(_table(optout_rows, [w * mm for w in (34, 80, 50, 34, 62)]))

    story.append(p("回复记录 Replies", s["h2"]))
    if not bundle.replies:
        story.append(cell("无 None."))
    else:
        reply_rows: list[list[object]] = [
            [cell(h, "small") for h in ("接收时间 Received", "内容 Text", "处理 Action",
                                        "授权记录 Consent record")]
        ]  # fmt: skip
        for reply in bundle.replies:
            linked = f"#{reply.consent_record_id}" if reply.consent_record_id else ""
            reply_rows.append(
                [cell(bundle.local(reply.received_at)), cell(reply.text),
                 cell(label(reply.action)), cell(linked)]
            )  # fmt: skip
        story.append(_table(reply_rows, [w * mm for w in (34, 136, 50, 40)]))

    story.append(Spacer(1, 6 * mm))
    story.append(
        KeepTogether([p("校验方法 How to check", s["h2"]), cell(HASH_EXPLANATION, "small")])
    )

    # Plain ASCII separators: "·" and "…" are not in the Adobe-GB1 set of STSong-Light.
    footer = (
        f"SMSDesk {bundle.app_version} | {bundle.e164} | {bundle.chain.records} records | "
        f"head hash {bundle.chain.head}"
    )

    def on_page(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillColor(colors.HexColor("#5A6570"))
        canvas.drawString(15 * mm, 8 * mm, footer)
        canvas.drawRightString(doc.pagesize[0] - 15 * mm, 8 * mm, f"{doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        str(path),
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=15 * mm,
        title=f"Consent evidence {bundle.e164}",
        author=bundle.generated_by,
        creator=f"SMSDesk {bundle.app_version}",
    )
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
