"""Property: once an opt-out is recorded, the dispatcher never submits to that number again,
whatever the order of sends and opt-outs (DOMAIN.md: Opt-out, hard rule)."""

from __future__ import annotations

import random
import tempfile
from collections.abc import Sequence
from pathlib import Path

import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smsdesk.core.clock import utc_now
from smsdesk.core.consent import opt_outs
from smsdesk.core.db.engine import open_database, sqlite_url
from smsdesk.core.providers.base import OutgoingMessage, SubmitResult
from smsdesk.core.sending import lease
from smsdesk.core.sending.dispatcher import Dispatcher
from smsdesk.core.sending.provider_pool import ProviderPool
from tests.helpers.sending_world import DAYTIME_UTC, RecordingProvider, build_world, queue_for_all


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    contacts=st.integers(2, 6),
    rounds=st.integers(1, 3),
    batch=st.sampled_from([1, 3]),
    # (after how many submitted calls, which contact) opts out
    opt_out_plan=st.lists(st.tuples(st.integers(0, 12), st.integers(0, 5)), max_size=4),
)
def test_no_submission_after_an_opt_out(
    contacts: int, rounds: int, batch: int, opt_out_plan: list[tuple[int, int]]
) -> None:
    with tempfile.TemporaryDirectory() as folder, time_machine.travel(DAYTIME_UTC, tick=True):
        db = open_database(sqlite_url(Path(folder) / "p.sqlite3"))
        try:
            world = build_world(db, contacts=contacts, tier="loyal", batch_size=batch)
            for _ in range(rounds):
                queue_for_all(db, world)
            opted_at: dict[str, int] = {}
            calls = 0

            def script(messages: Sequence[OutgoingMessage]) -> list[SubmitResult]:
                nonlocal calls
                for message in messages:
                    assert message.e164 not in opted_at, "sent after the opt-out"
                calls += 1
                for after, index in opt_out_plan:
                    number = world.numbers[index % contacts]
                    if after == calls and number not in opted_at:
                        with db.session() as session:
                            opt_outs.add_opt_out(session, number, reason="T", source="test")
                        opted_at[number] = calls
                return [
                    SubmitResult(our_ref=m.our_ref, accepted=True, provider_message_id="x")
                    for m in messages
                ]

            holder = lease.make_holder()
            with db.session() as session:
                lease.acquire(session, holder=holder, now=utc_now())
            provider = RecordingProvider(script=script, max_batch=batch)
            dispatcher = Dispatcher(
                db, holder=holder, pool=ProviderPool(lambda s, a: provider), rng=random.Random(0)
            )
            for _ in range(rounds + 2):
                dispatcher.run_round()
        finally:
            db.close()
