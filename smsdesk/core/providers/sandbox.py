"""The built-in Sandbox: a pretend gateway that sends nothing.

Everything it "does" is derived from a seed and the message (our_ref, number, submit time), so
a demo or a test gives the same receipts and replies every time, across restarts:

- some numbers are dead (空号 / 停机) and always fail, with the China Mobile receipt codes
  DB:0101 (empty number) and DB:0102 (suspended);
- other messages fail at ``failure_rate`` (UNDELIV / EXPIRED);
- receipts arrive ``receipt_delay_min``..``receipt_delay_max`` seconds after submission;
- a share of delivered messages gets a reply (``reply_rate``), of which ``opt_out_share``
  are opt-outs (T, 退订, TD, R); after an opt-out the number is blacklisted like a real
  gateway does, and later sends to it are refused with OPTED_OUT.

The one piece of state is a journal of accepted messages in the data folder (one JSON line
per message), which is what a real provider would remember: it lets replies be pulled after
a restart and lets an unknown message be reconciled.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import ClassVar

from smsdesk.core import paths
from smsdesk.core.clock import ensure_utc, utc_now
from smsdesk.core.enums import ApprovalStatus, ProviderKind
from smsdesk.core.providers.base import (
    DeliveryStatus,
    ErrorCategory,
    InboundReply,
    OutgoingMessage,
    PendingMessage,
    Provider,
    ProviderConfig,
    ProviderRefusedError,
    Receipt,
    ReviewStatus,
    SettingField,
    SubmitResult,
)

OPT_OUT_REPLIES = ("T", "退订", "TD", "R")
ORDINARY_REPLIES = (
    "好的，谢谢",
    "收到",
    "周末还有活动吗？",
    "地址在哪里？",
    "几点开门？",
    "OK",
    "谢谢提醒",
)
DEAD_NUMBER_CODES = ("DB:0101", "DB:0102")  # 空号, 停机 (China Mobile DSMP receipt codes)
FAILURE_CODES = ("UNDELIV", "EXPIRED")


@dataclass(frozen=True)
class _Entry:
    our_ref: str
    e164: str
    submitted_at: datetime
    message_id: str


class SandboxProvider(Provider):
    kind = ProviderKind.SANDBOX
    max_batch = 100
    uses_templates = False
    sends_nothing = True
    echoes_our_ref = True
    needs_secret = False
    setting_fields: ClassVar[tuple[SettingField, ...]] = (
        SettingField("seed", "int", default=1),
        SettingField("failure_rate", "float", default=0.03),
        SettingField("dead_number_rate", "float", default=0.02),
        SettingField("reply_rate", "float", default=0.05),
        SettingField("opt_out_share", "float", default=0.4),
        SettingField("receipt_delay_min", "float", default=3.0),
        SettingField("receipt_delay_max", "float", default=20.0),
        SettingField("reply_delay_max", "float", default=300.0),
    )

    def __init__(self, config: ProviderConfig) -> None:
        super().__init__(config)
        settings = {f.key: config.settings.get(f.key, f.default) for f in self.setting_fields}
        self.seed = int(settings["seed"])
        self.failure_rate = float(settings["failure_rate"])
        self.dead_number_rate = float(settings["dead_number_rate"])
        self.reply_rate = float(settings["reply_rate"])
        self.opt_out_share = float(settings["opt_out_share"])
        self.delay_min = float(settings["receipt_delay_min"])
        self.delay_max = max(self.delay_min, float(settings["receipt_delay_max"]))
        self.reply_delay_max = max(10.0, float(settings["reply_delay_max"]))
        state_dir = config.settings.get("state_dir") or paths.data_dir() / "sandbox"
        slug = re.sub(r"[^A-Za-z0-9_-]+", "_", config.name).strip("_") or "sandbox"
        self.journal_path = Path(state_dir) / f"{slug}-{self.seed}.jsonl"
        self._lock = threading.Lock()
        self._entries: list[_Entry] = []
        self._by_ref: dict[str, _Entry] = {}
        self._opted_out_at: dict[str, datetime] = {}
        self._offset = 0

    # -- deterministic outcomes ----------------------------------------------------------

    def _unit(self, *parts: str) -> float:
        digest = hashlib.sha256("|".join((str(self.seed), *parts)).encode()).digest()
        return int.from_bytes(digest[:8], "big") / 2**64

    def _pick(self, choices: Sequence[str], *parts: str) -> str:
        return choices[int(self._unit("pick", *parts) * len(choices))]

    def is_dead_number(self, e164: str) -> bool:
        return self._unit("dead", e164) < self.dead_number_rate

    def message_id(self, our_ref: str) -> str:
        return "SBX" + hashlib.sha256(f"{self.seed}|id|{our_ref}".encode()).hexdigest()[:20]

    def _receipt_at(self, entry: _Entry) -> datetime:
        delay = self.delay_min + self._unit("delay", entry.our_ref) * (
            self.delay_max - self.delay_min
        )
        return entry.submitted_at + timedelta(seconds=delay)

    def _outcome(self, entry: _Entry) -> tuple[DeliveryStatus, str]:
        if self.is_dead_number(entry.e164):
            return DeliveryStatus.FAILED, self._pick(DEAD_NUMBER_CODES, "dead", entry.e164)
        if self._unit("fail", entry.our_ref) < self.failure_rate:
            return DeliveryStatus.FAILED, self._pick(FAILURE_CODES, "fail", entry.our_ref)
        return DeliveryStatus.DELIVERED, "DELIVRD"

    def _reply(self, entry: _Entry) -> InboundReply | None:
        if self._outcome(entry)[0] is not DeliveryStatus.DELIVERED:
            return None
        if self._unit("reply", entry.our_ref) >= self.reply_rate:
            return None
        if self._unit("optout", entry.our_ref) < self.opt_out_share:
            text = self._pick(OPT_OUT_REPLIES, "optout-text", entry.our_ref)
        else:
            text = self._pick(ORDINARY_REPLIES, "reply-text", entry.our_ref)
        delay = 10.0 + self._unit("reply-delay", entry.our_ref) * (self.reply_delay_max - 10.0)
        return InboundReply(
            provider_reply_id="SBXR" + self.message_id(entry.our_ref)[3:],
            e164=entry.e164,
            text=text,
            received_at=self._receipt_at(entry) + timedelta(seconds=delay),
        )

    # -- the journal ---------------------------------------------------------------------

    def _load(self) -> None:
        """Read lines appended since the last call (another process may be writing too)."""
        try:
            with self.journal_path.open("rb") as handle:
                handle.seek(self._offset)
                data = handle.read()
        except FileNotFoundError:
            return
        end = data.rfind(b"\n") + 1  # a half-written last line waits for the next call
        self._offset += end
        for line in data[:end].splitlines():
            try:
                raw = json.loads(line)
                entry = _Entry(
                    raw["r"], raw["n"], datetime.fromisoformat(raw["t"]), raw.get("id", "")
                )
            except (ValueError, KeyError, TypeError):
                continue  # a torn line from a killed process
            self._remember(entry)

    def _remember(self, entry: _Entry) -> None:
        self._entries.append(entry)
        self._by_ref.setdefault(entry.our_ref, entry)
        reply = self._reply(entry)
        if reply is not None and reply.text in OPT_OUT_REPLIES:
            previous = self._opted_out_at.get(entry.e164)
            if previous is None or reply.received_at < previous:
                self._opted_out_at[entry.e164] = reply.received_at

    def _append(self, entries: Sequence[_Entry]) -> None:
        self.journal_path.parent.mkdir(parents=True, exist_ok=True)
        lines = "".join(
            json.dumps(
                {"r": e.our_ref, "n": e.e164, "t": e.submitted_at.isoformat(), "id": e.message_id},
                ensure_ascii=False,
            )
            + "\n"
            for e in entries
        )
        # One write() on an O_APPEND file: lines from two processes never interleave.
        fd = os.open(self.journal_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, lines.encode())
        finally:
            os.close(fd)

    def journal_counts(self) -> dict[str, int]:
        """How many times each our_ref was accepted (more than one would be a double send)."""
        with self._lock:
            self._load()
            counts: dict[str, int] = {}
            for entry in self._entries:
                counts[entry.our_ref] = counts.get(entry.our_ref, 0) + 1
            return counts

    # -- Provider ------------------------------------------------------------------------

    def submit(self, messages: Sequence[OutgoingMessage]) -> list[SubmitResult]:
        if len(messages) > self.max_batch:
            raise ValueError(f"at most {self.max_batch} messages per call")
        now = utc_now()
        results: list[SubmitResult] = []
        accepted: list[_Entry] = []
        with self._lock:
            self._load()
            for message in messages:
                opted_out_at = self._opted_out_at.get(message.e164)
                if opted_out_at is not None and opted_out_at <= now:
                    results.append(
                        SubmitResult(
                            our_ref=message.our_ref,
                            accepted=False,
                            error_code="BLACKLIST",
                            error_message="The recipient unsubscribed (sandbox)",
                            category=ErrorCategory.OPTED_OUT,
                        )
                    )
                    continue
                entry = _Entry(message.our_ref, message.e164, now, self.message_id(message.our_ref))
                accepted.append(entry)
                results.append(
                    SubmitResult(
                        our_ref=message.our_ref, accepted=True, provider_message_id=entry.message_id
                    )
                )
            if accepted:
                try:
                    self._append(accepted)
                except OSError:
                    raise ProviderRefusedError(
                        "The sandbox journal cannot be written",
                        category=ErrorCategory.RETRY,
                        vendor_code="journal_write_failed",
                    ) from None
                # Keep the offset past our own lines only if nobody else wrote meanwhile.
                self._load()
        return results

    def _entry_for(self, item: PendingMessage) -> _Entry | None:
        entry = self._by_ref.get(item.our_ref)
        if entry is not None:
            return entry
        if item.provider_message_id:
            return _Entry(
                item.our_ref, item.e164, ensure_utc(item.submitted_at), item.provider_message_id
            )
        return None  # never reached the sandbox

    def _receipts(self, pending: Sequence[PendingMessage], *, with_pending: bool) -> list[Receipt]:
        now = utc_now()
        receipts: list[Receipt] = []
        with self._lock:
            self._load()
            for item in pending:
                entry = self._entry_for(item)
                if entry is None:
                    continue
                at = self._receipt_at(entry)
                if at > now:
                    if with_pending:
                        receipts.append(
                            Receipt(
                                provider_message_id=entry.message_id,
                                status=DeliveryStatus.PENDING,
                                e164=entry.e164,
                                our_ref=entry.our_ref,
                            )
                        )
                    continue
                status, code = self._outcome(entry)
                receipts.append(
                    Receipt(
                        provider_message_id=entry.message_id,
                        status=status,
                        e164=entry.e164,
                        our_ref=entry.our_ref,
                        error_code=code,
                        at=at,
                    )
                )
        return receipts

    def pull_receipts(self, pending: Sequence[PendingMessage]) -> list[Receipt]:
        return self._receipts(pending, with_pending=False)

    def lookup_receipts(self, pending: Sequence[PendingMessage]) -> list[Receipt]:
        return self._receipts(pending, with_pending=True)

    def pull_replies(self, since: datetime | None) -> list[InboundReply]:
        now = utc_now()
        since = ensure_utc(since) if since is not None else None
        horizon = timedelta(seconds=self.delay_max + self.reply_delay_max)
        replies: list[InboundReply] = []
        with self._lock:
            self._load()
            seen: set[str] = set()
            for entry in self._entries:
                if since is not None and entry.submitted_at + horizon <= since:
                    continue
                reply = self._reply(entry)
                if reply is None or reply.received_at > now or reply.provider_reply_id in seen:
                    continue
                if since is not None and reply.received_at <= since:
                    continue
                seen.add(reply.provider_reply_id)
                replies.append(reply)
        replies.sort(key=lambda reply: reply.received_at)
        return replies

    def test_connection(self) -> None:
        try:
            self.journal_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            raise ProviderRefusedError(
                "The sandbox folder cannot be created",
                category=ErrorCategory.AUTH,
                vendor_code="journal_dir",
            ) from None

    # The sandbox reviews instantly and approves everything (so demos can send).

    def submit_template(
        self, *, name: str, text: str, kind: str, sign_name: str = "", remark: str = ""
    ) -> ReviewStatus:
        code = "SBX_" + hashlib.sha256(f"{name}|{text}".encode()).hexdigest()[:10].upper()
        return ReviewStatus(code=code, status=ApprovalStatus.APPROVED)

    def query_template(self, code: str) -> ReviewStatus:
        return ReviewStatus(code=code, status=ApprovalStatus.APPROVED)

    def submit_signature(
        self, *, name: str, company: str, proof_image: bytes = b"", remark: str = ""
    ) -> ReviewStatus:
        return ReviewStatus(code=name, status=ApprovalStatus.APPROVED)

    def query_signature(self, name: str) -> ReviewStatus:
        return ReviewStatus(code=name, status=ApprovalStatus.APPROVED)
