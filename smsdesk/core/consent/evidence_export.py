"""Evidence for one number, for a complaint or a regulator's inquiry: every consent record (with
its hashes, each checked), every opt-out and reply, the current state and the verification of
the whole log, written to .xlsx or .pdf (``evidence_pdf``).

The number appears in full: the document is about that one person's number. The export is
audited with the masked number. Labels are bilingual (Chinese first) because the document is
read by people outside the app, whatever language the app is set to.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from smsdesk import __version__
from smsdesk.core import audit
from smsdesk.core.clock import utc_now
from smsdesk.core.consent import consent_log, evidence_chain, evidence_files, opt_outs
from smsdesk.core.consent.evidence_chain import VerifyResult
from smsdesk.core.contacts.numbers import NumberRejected, mask, parse
from smsdesk.core.db.models import ConsentRecord, Reply
from smsdesk.core.enums import ConsentScope
from smsdesk.core.errors import ValidationError
from smsdesk.core.progress import Progress

LABELS = {
    "grant": "授予 Grant",
    "withdraw": "撤回 Withdraw",
    "marketing": "营销 Marketing",
    "service": "通知 Service",
    "none": "无 None",
    "sms_reply": "短信回复 SMS reply",
    "otp": "验证码 OTP",
    "signature": "签字确认 Signature",
    "web_form": "网页勾选 Web form",
    "paper": "纸质表单 Paper form",
    "import": "导入 Import",
    "opt_out": "退订 Opt-out",
    "consent_marketing": "同意营销 Consent: marketing",
    "consent_service": "仅通知 Consent: service",
    "ok": "一致 OK",
    "missing": "文件缺失 Missing",
    "altered": "已被改动 Altered",
}


def label(code: str) -> str:
    return LABELS.get(code, code)


@dataclass(frozen=True)
class RecordEvidence:
    id: int
    consented_at: datetime
    recorded_at: datetime
    action: str
    scope: str
    method: str
    source: str
    evidence_text: str
    evidence_file: str
    evidence_sha256: str
    file_state: str  # "", or evidence_files.FileState value
    recorded_by: str
    prev_hash: str
    hash: str
    hash_ok: bool


@dataclass(frozen=True)
class OptOutEvidence:
    created_at: datetime
    reason: str
    source: str
    removed_at: datetime | None
    removed_reason: str


@dataclass(frozen=True)
class ReplyEvidence:
    received_at: datetime
    text: str
    action: str
    consent_record_id: int | None


@dataclass
class EvidenceBundle:
    e164: str
    timezone: str
    generated_at: datetime
    generated_by: str
    current_scope: ConsentScope
    opted_out: bool
    chain: VerifyResult
    records: list[RecordEvidence] = field(default_factory=list)
    opt_outs: list[OptOutEvidence] = field(default_factory=list)
    replies: list[ReplyEvidence] = field(default_factory=list)
    app_version: str = __version__

    def local(self, value: datetime | None) -> str:
        """A time in the number's own time zone, as printed in the documents."""
        if value is None:
            return ""
        return value.astimezone(ZoneInfo(self.timezone)).strftime("%Y-%m-%d %H:%M:%S")

    @property
    def all_hashes_ok(self) -> bool:
        return all(record.hash_ok for record in self.records)


def collect_evidence(
    session: Session, e164: str, *, progress: Progress | None = None
) -> EvidenceBundle:
    """Everything the log knows about ``e164``, with the whole chain verified."""
    number = opt_outs.to_e164(session, e164)
    try:
        zone = parse(number).timezone
    except NumberRejected:
        zone = "UTC"
    chain = consent_log.verify(session, remember=False, progress=progress)
    bundle = EvidenceBundle(
        e164=number,
        timezone=zone,
        generated_at=utc_now(),
        generated_by=consent_log.default_recorder(session),
        current_scope=consent_log.current_scope(session, number),
        opted_out=opt_outs.is_opted_out(session, number),
        chain=chain,
    )
    records = session.scalars(
        select(ConsentRecord).where(ConsentRecord.e164 == number).order_by(ConsentRecord.id)
    )
    for record in records:
        values = {name: getattr(record, name) for name in evidence_chain.HASHED_FIELDS}
        file_state = ""
        if record.evidence_file:
            file_state = evidence_files.check_evidence_file(
                record.evidence_file, record.evidence_sha256
            ).value
        bundle.records.append(
            RecordEvidence(
                id=record.id,
                consented_at=record.consented_at,
                recorded_at=record.recorded_at,
                action=record.action,
                scope=record.scope,
                method=record.method,
                source=record.source,
                evidence_text=record.evidence_text,
                evidence_file=record.evidence_file,
                evidence_sha256=record.evidence_sha256,
                file_state=file_state,
                recorded_by=record.recorded_by,
                prev_hash=record.prev_hash,
                hash=record.hash,
                hash_ok=evidence_chain.record_hash(values, record.prev_hash) == record.hash,
            )
        )
    bundle.opt_outs = [
        OptOutEvidence(row.created_at, row.reason, row.source, row.removed_at, row.removed_reason)
        for row in opt_outs.opt_out_history(session, number)
    ]
    replies = session.scalars(
        select(Reply).where(Reply.e164 == number).order_by(Reply.received_at, Reply.id)
    )
    bundle.replies = [
        ReplyEvidence(row.received_at, row.text, row.action, row.consent_record_id)
        for row in replies
    ]
    return bundle


def export_evidence(
    session: Session,
    e164: str,
    path: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
) -> EvidenceBundle:
    """Write the evidence for ``e164`` to ``path`` (.xlsx or .pdf, by extension)."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise ValidationError("Export to .xlsx or .pdf", reason="bad_extension")
    bundle = collect_evidence(session, e164, progress=progress)
    if suffix == ".xlsx":
        write_xlsx(bundle, target)
    else:
        from smsdesk.core.consent.evidence_pdf import write_pdf

        write_pdf(bundle, target)
    audit.record(
        session,
        "evidence.export",
        number=mask(bundle.e164),
        file=target.name,
        records=len(bundle.records),
        chain_ok=bundle.chain.ok,
    )
    return bundle


def summary_rows(bundle: EvidenceBundle) -> list[tuple[str, str]]:
    """The key facts, shared by both formats."""
    chain = bundle.chain
    if chain.ok:
        verdict = f"通过 Intact — {chain.records} records"
    else:
        where = f" at record #{chain.first_bad}" if chain.first_bad is not None else ""
        verdict = f"未通过 FAILED — {chain.problem}{where}"
    opted = "已退订 Opted out" if bundle.opted_out else "未退订 Not opted out"
    return [
        ("号码 Number", bundle.e164),
        ("当前授权 Current consent", label(bundle.current_scope.value)),
        ("退订状态 Opt-out", opted),
        ("证据链校验 Evidence log", verdict),
        ("记录总数 Records in log", str(chain.records)),
        ("链头哈希 Head hash", chain.head),
        (
            "本号码记录哈希 Hashes of this number",
            "全部一致 all match" if bundle.all_hashes_ok else "有不一致 MISMATCH",
        ),
        ("时区 Time zone", bundle.timezone),
        ("生成时间 Generated", bundle.local(bundle.generated_at)),
        ("生成人 Generated by", bundle.generated_by),
        ("软件 Software", f"SMSDesk {bundle.app_version}"),
    ]


HASH_EXPLANATION = (
    "每条记录的哈希 = SHA-256(上一条记录的哈希 + 本记录内容的规范 JSON)。"
    "Each record's hash = SHA-256(previous record's hash + canonical JSON of the record's fields: "
    + ", ".join(evidence_chain.HASHED_FIELDS)
    + "; keys sorted, UTF-8, times in UTC as YYYY-MM-DDTHH:MM:SS.ffffffZ). "
    "The first record follows 64 zeros. Changing, removing or reordering any record breaks the chain."
)


def write_xlsx(bundle: EvidenceBundle, path: Path) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    try:
        bold = workbook.add_format({"bold": True, "valign": "top"})
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        mono = workbook.add_format({"font_name": "Consolas", "valign": "top"})
        bad = workbook.add_format({"bold": True, "font_color": "#B00020", "valign": "top"})
        sheet = workbook.add_worksheet("Summary 摘要")
        sheet.set_column(0, 0, 34)
        sheet.set_column(1, 1, 80)
        for row, (key, value) in enumerate(summary_rows(bundle)):
            sheet.write(row, 0, key, bold)
            sheet.write(row, 1, value, bad if "FAILED" in value or "MISMATCH" in value else wrap)
        sheet.write(len(summary_rows(bundle)) + 1, 0, "哈希算法 Hashes", bold)
        sheet.write(len(summary_rows(bundle)) + 1, 1, HASH_EXPLANATION, wrap)

        consent = workbook.add_worksheet("Consent 授权记录")
        header = (
            "ID", "授权时间 Consented", "录入时间 Recorded", "操作 Action", "范围 Scope",
            "方式 Method", "来源 Source", "证据 Evidence", "证据文件 File", "文件 SHA-256",
            "文件状态 File check", "录入人 By", "前一哈希 Previous hash", "哈希 Hash",
            "哈希校验 Hash check",
        )  # fmt: skip
        consent.write_row(0, 0, header, bold)
        widths = (6, 20, 20, 14, 16, 18, 20, 40, 30, 66, 14, 14, 66, 66, 12)
        for column, width in enumerate(widths):
            consent.set_column(column, column, width)
        for row, record in enumerate(bundle.records, start=1):
            consent.write_row(
                row,
                0,
                (
                    record.id, bundle.local(record.consented_at), bundle.local(record.recorded_at),
                    label(record.action), label(record.scope), label(record.method), record.source,
                    record.evidence_text, record.evidence_file, record.evidence_sha256,
                    label(record.file_state) if record.file_state else "", record.recorded_by,
                ),
                wrap,
            )  # fmt: skip
            consent.write(row, 12, record.prev_hash, mono)
            consent.write(row, 13, record.hash, mono)
            consent.write(row, 14, "一致 OK" if record.hash_ok else "不一致 MISMATCH",
                          wrap if record.hash_ok else bad)  # fmt: skip

        optout_sheet = workbook.add_worksheet("Opt-outs 退订")
        optout_sheet.write_row(
            0, 0, ("加入时间 Added", "原因 Reason", "来源 Source", "解除时间 Removed",
                   "解除原因 Removal reason"), bold
        )  # fmt: skip
        optout_sheet.set_column(0, 4, 26)
        for row, item in enumerate(bundle.opt_outs, start=1):
            optout_sheet.write_row(
                row, 0, (bundle.local(item.created_at), item.reason, item.source,
                         bundle.local(item.removed_at), item.removed_reason), wrap
            )  # fmt: skip

        reply_sheet = workbook.add_worksheet("Replies 回复")
        reply_sheet.write_row(
            0, 0, ("接收时间 Received", "内容 Text", "处理 Action", "授权记录 Consent record"), bold
        )
        reply_sheet.set_column(0, 0, 20)
        reply_sheet.set_column(1, 1, 50)
        reply_sheet.set_column(2, 3, 24)
        for row, reply in enumerate(bundle.replies, start=1):
            reply_sheet.write_row(
                row, 0, (bundle.local(reply.received_at), reply.text, label(reply.action),
                         f"#{reply.consent_record_id}" if reply.consent_record_id else ""), wrap
            )  # fmt: skip
    finally:
        workbook.close()
