"""Consent evidence figures: append, verify, reply interpretation, opt-out checks and import.

Run: ``python benchmarks/consent_evidence.py [--records 100000]``. Uses a temporary SQLite file
and a temporary data folder; prints one line per figure (docs/PERFORMANCE.md quotes them).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--optouts", type=int, default=100_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="consent-bench-"))
    os.environ["SMSDESK_HOME"] = str(folder / "home")

    from smsdesk.core.consent import consent_log, opt_outs
    from smsdesk.core.consent.evidence_chain import ConsentEntry, append, verify_chain
    from smsdesk.core.consent.opt_out_files import import_opt_outs
    from smsdesk.core.consent.reply_interpreter import explain
    from smsdesk.core.db.engine import open_database, sqlite_url

    db = open_database(sqlite_url(folder / "bench.sqlite3"))
    start_time = datetime(2026, 1, 1, tzinfo=UTC)
    entries = [
        ConsentEntry(
            e164=f"+86139{index:08d}", action="grant", scope="marketing", method="import",
            consented_at=start_time + timedelta(seconds=index), source="门店",
            evidence_text=f"会员登记表 No. {index}", recorded_by="bench",
        )
        for index in range(args.records)
    ]  # fmt: skip
    began = time.perf_counter()
    with db.session() as session:
        for offset in range(0, len(entries), 5000):
            append(session, entries[offset : offset + 5000])
    elapsed = time.perf_counter() - began
    print(f"append (bulk, 5,000 per call): {args.records:,} records in {elapsed:.2f} s "
          f"({args.records / elapsed:,.0f}/s)")  # fmt: skip

    singles = []
    for index in range(200):
        began = time.perf_counter()
        with db.session() as session:
            consent_log.grant(session, f"+86137{index:08d}", scope="marketing", method="paper",
                              evidence_text="signed")  # fmt: skip
        singles.append(time.perf_counter() - began)
    print(f"grant, one per transaction: median {statistics.median(singles) * 1000:.1f} ms")

    began = time.perf_counter()
    with db.session() as session:
        result = verify_chain(session)
    elapsed = time.perf_counter() - began
    assert result.ok, result
    print(f"verify: {result.records:,} records in {elapsed:.2f} s "
          f"({result.records / elapsed:,.0f}/s)")  # fmt: skip

    samples = ["退订谢谢", "TD是什么", "Stop please", "好的，收到", "我不退订", "Tomorrow ok?",
               "烦死了，别再发了", "请问明天几点开门？"]  # fmt: skip
    texts = [
        samples[index % len(samples)] + ("" if index % 3 else str(index)) for index in range(20000)
    ]
    explain.cache_clear()
    began = time.perf_counter()
    for text in texts:
        explain(text)
    elapsed = time.perf_counter() - began
    print(f"interpret: {len(texts):,} replies in {elapsed:.2f} s "
          f"({elapsed / len(texts) * 1e6:.0f} µs each, uncached)")  # fmt: skip

    numbers_file = folder / "optouts.csv"
    numbers_file.write_text("\n".join(f"138{index:08d}" for index in range(args.optouts)))
    began = time.perf_counter()
    with db.session() as session:
        imported = import_opt_outs(session, numbers_file)
    elapsed = time.perf_counter() - began
    print(f"opt-out import: {imported.added:,} numbers in {elapsed:.2f} s")

    candidates = [f"+86138{index:08d}" for index in range(0, 2 * args.optouts, 2)][:10000]
    began = time.perf_counter()
    with db.session() as session:
        found = opt_outs.opted_out_numbers(session, candidates)
    elapsed = time.perf_counter() - began
    print(f"opted_out_numbers: {len(candidates):,} numbers checked in {elapsed * 1000:.0f} ms "
          f"({len(found):,} suppressed)")  # fmt: skip
    checks = []
    with db.session() as session:
        for number in candidates[:2000]:
            began = time.perf_counter()
            opt_outs.is_opted_out(session, number)
            checks.append(time.perf_counter() - began)
    print(f"is_opted_out (before each submission): median {statistics.median(checks) * 1e6:.0f} µs")
    db.close()


if __name__ == "__main__":
    main()
