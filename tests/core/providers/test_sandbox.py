"""The built-in Sandbox: deterministic, realistic, restart-proof, and sends nothing."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import time_machine

from smsdesk.core.enums import ApprovalStatus, ProviderKind
from smsdesk.core.providers.base import (
    DeliveryStatus,
    ErrorCategory,
    OutgoingMessage,
    PendingMessage,
    ProviderConfig,
)
from smsdesk.core.providers.registry import create_provider
from smsdesk.core.providers.sandbox import (
    DEAD_NUMBER_CODES,
    OPT_OUT_REPLIES,
    SandboxProvider,
)

START = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)


def sandbox(tmp_path: Path, **settings: object) -> SandboxProvider:
    provider = create_provider(
        ProviderConfig(
            name="Sandbox",
            kind=ProviderKind.SANDBOX,
            settings={"state_dir": str(tmp_path), **settings},
        )
    )
    assert isinstance(provider, SandboxProvider)
    return provider


def messages(count: int) -> list[OutgoingMessage]:
    return [
        OutgoingMessage(our_ref=f"m{i}", e164=f"+86135{i:08d}", text="【小店】周末8折，拒收请回复R")
        for i in range(count)
    ]


def send_all(provider: SandboxProvider, batch: list[OutgoingMessage]) -> list[PendingMessage]:
    pending = []
    for start in range(0, len(batch), provider.max_batch):
        chunk = batch[start : start + provider.max_batch]
        for m, r in zip(chunk, provider.submit(chunk), strict=True):
            assert r.accepted
            pending.append(PendingMessage(m.our_ref, m.e164, r.provider_message_id, START))
    return pending


def test_labelled_as_sending_nothing(tmp_path: Path) -> None:
    provider = sandbox(tmp_path)
    assert provider.sends_nothing
    assert not provider.needs_secret
    assert provider.echoes_our_ref
    provider.test_connection()


def test_receipts_arrive_after_the_delay_with_realistic_failures(tmp_path: Path) -> None:
    provider = sandbox(tmp_path, failure_rate=0.05, dead_number_rate=0.03)
    with time_machine.travel(START, tick=False):
        pending = send_all(provider, messages(2000))
        assert provider.pull_receipts(pending) == []  # nothing is instant
        assert {r.status for r in provider.lookup_receipts(pending[:5])} == {DeliveryStatus.PENDING}
    with time_machine.travel(START + timedelta(seconds=25), tick=False):
        receipts = provider.pull_receipts(pending)
    assert len(receipts) == 2000
    by_status = Counter(r.status for r in receipts)
    failed = by_status[DeliveryStatus.FAILED] / 2000
    assert 0.05 < failed < 0.11  # 5 % random + 3 % dead numbers, deterministic per seed
    dead = [r for r in receipts if r.error_code in DEAD_NUMBER_CODES]
    assert dead
    assert all(provider.is_dead_number(r.e164) for r in dead)
    assert all(r.our_ref and r.at is not None for r in receipts)


def test_dead_numbers_always_fail(tmp_path: Path) -> None:
    provider = sandbox(tmp_path, dead_number_rate=0.5, failure_rate=0.0)
    dead = next(m for m in messages(50) if provider.is_dead_number(m.e164))
    with time_machine.travel(START, tick=False):
        pending = send_all(provider, [dead, OutgoingMessage("again", dead.e164, "x")])
    with time_machine.travel(START + timedelta(minutes=1), tick=False):
        receipts = provider.pull_receipts(pending)
    assert {r.status for r in receipts} == {DeliveryStatus.FAILED}


def test_same_seed_same_world_other_seed_other_world(tmp_path: Path) -> None:
    def outcomes(seed: int, folder: Path) -> list[tuple[str, str]]:
        provider = sandbox(folder, seed=seed, failure_rate=0.2)
        with time_machine.travel(START, tick=False):
            pending = send_all(provider, messages(200))
        with time_machine.travel(START + timedelta(minutes=10), tick=False):
            return [(r.our_ref, r.status.value) for r in provider.pull_receipts(pending)]

    assert outcomes(7, tmp_path / "a") == outcomes(7, tmp_path / "b")
    assert outcomes(7, tmp_path / "c") != outcomes(8, tmp_path / "d")


def test_replies_include_opt_outs_and_survive_a_restart(tmp_path: Path) -> None:
    provider = sandbox(tmp_path, reply_rate=0.2, opt_out_share=0.5)
    with time_machine.travel(START, tick=False):
        send_all(provider, messages(500))
    with time_machine.travel(START + timedelta(minutes=10), tick=False):
        replies = provider.pull_replies(None)
        restarted = sandbox(tmp_path, reply_rate=0.2, opt_out_share=0.5)
        assert restarted.pull_replies(None) == replies
        assert restarted.pull_replies(START + timedelta(minutes=10)) == []
    texts = Counter(r.text for r in replies)
    assert 60 < len(replies) < 140
    assert {"T", "退订"} <= set(texts)
    assert sum(texts[t] for t in OPT_OUT_REPLIES) > 20
    assert len({r.provider_reply_id for r in replies}) == len(replies)
    middle = sorted(r.received_at for r in replies)[len(replies) // 2]
    assert all(r.received_at > middle for r in provider.pull_replies(middle))


def test_after_an_opt_out_the_number_is_refused(tmp_path: Path) -> None:
    provider = sandbox(
        tmp_path, reply_rate=1.0, opt_out_share=1.0, failure_rate=0, dead_number_rate=0
    )
    [first] = messages(1)
    with time_machine.travel(START, tick=False):
        assert provider.submit([first])[0].accepted
    with time_machine.travel(START + timedelta(hours=1), tick=False):
        [reply] = provider.pull_replies(None)
        assert reply.text in OPT_OUT_REPLIES
        [again] = sandbox(tmp_path, reply_rate=1.0, opt_out_share=1.0).submit(
            [OutgoingMessage("m-again", first.e164, "x")]
        )
    assert (again.accepted, again.category) == (False, ErrorCategory.OPTED_OUT)


def test_unknown_messages_are_reconciled_from_the_journal(tmp_path: Path) -> None:
    provider = sandbox(tmp_path)
    batch = messages(3)
    with time_machine.travel(START, tick=False):
        provider.submit(batch[:2])
    fresh = sandbox(tmp_path)  # "after a crash": only the journal knows
    unknown = [PendingMessage(m.our_ref, m.e164, "", START) for m in batch]
    with time_machine.travel(START + timedelta(minutes=5), tick=False):
        found = {r.our_ref for r in fresh.lookup_receipts(unknown)}
    assert found == {"m0", "m1"}
    assert fresh.journal_counts() == {"m0": 1, "m1": 1}


def test_templates_and_signatures_are_approved_at_once(tmp_path: Path) -> None:
    provider = sandbox(tmp_path)
    status = provider.submit_template(name="促销", text="周末8折，拒收请回复R", kind="marketing")
    assert status.status is ApprovalStatus.APPROVED
    assert status.code.startswith("SBX_")
    assert provider.query_template(status.code).status is ApprovalStatus.APPROVED
    assert provider.submit_signature(name="小店", company="").status is ApprovalStatus.APPROVED


def test_journal_lives_in_the_data_folder(smsdesk_home: Path) -> None:
    provider = create_provider(ProviderConfig(name="My Sandbox", kind=ProviderKind.SANDBOX))
    provider.submit(messages(1))
    assert isinstance(provider, SandboxProvider)
    assert provider.journal_path.parent == smsdesk_home / "sandbox"
    assert provider.journal_path.read_text(encoding="utf-8").count("\n") == 1
