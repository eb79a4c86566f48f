"""Adapter throughput against the local fake vendors (no database): how many messages per
second one thread gets through signing, HTTP on loopback, the fake's own signature check and
the answer's parsing. It bounds what the sender can reach with each adapter.

    python benchmarks/provider_adapters.py [--messages N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SMSDESK_HOME", tempfile.mkdtemp(prefix="smsdesk-bench-"))

from smsdesk.core.providers.base import OutgoingMessage, Provider  # noqa: E402
from smsdesk.core.providers.registry import create_provider  # noqa: E402
from tests.helpers.fake_providers import (  # noqa: E402
    FakeAliyun,
    FakeHttpReseller,
    FakeServer,
    FakeTencent,
    FakeTwilio,
)


def messages(count: int, *, prefix: str, intl: bool = False) -> list[OutgoingMessage]:
    return [
        OutgoingMessage(
            our_ref=f"{prefix}{i}",
            e164=f"+1415{i:07d}" if intl else f"+86138{i:08d}",
            text="您的订单已发货，请留意查收",
            sign_name="测试商店",
            template_code="1001" if prefix.startswith("tc") else "SMS_100",
            variables={"1": "A"} if prefix.startswith("tc") else {"name": "A"},
        )
        for i in range(count)
    ]


def measure(
    label: str,
    fake: FakeServer,
    batch: int,
    count: int,
    make: Callable[[int], list[OutgoingMessage]],
) -> None:
    with fake.running():
        fake.record_requests = False
        provider: Provider = create_provider(fake.config())
        items = make(count)
        provider.submit(items[:batch])  # warm-up: connection, imports
        start = time.perf_counter()
        for offset in range(batch, count, batch):
            results = provider.submit(items[offset : offset + batch])
            assert all(r.accepted for r in results), results[0]
        elapsed = time.perf_counter() - start
        provider.close()
        sent = count - batch
        assert fake.auth_failures == 0
        print(f"{label:<36} {sent / elapsed:8.0f} msg/s  {sent / batch / elapsed:7.0f} req/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=4000)
    count = parser.parse_args().messages
    measure(
        "Tencent SendSms, 200 per call",
        FakeTencent(enforce_limits=False),
        200,
        count * 5,
        lambda n: messages(n, prefix="tc"),
    )
    measure(
        "Alibaba SendBatchSms, 100 per call",
        FakeAliyun(),
        100,
        count * 2,
        lambda n: messages(n, prefix="al"),
    )
    measure(
        "Alibaba SendSms, 1 per call",
        FakeAliyun(),
        1,
        count // 4,
        lambda n: messages(n, prefix="al"),
    )
    measure(
        "Tencent SendSms, 1 per call",
        FakeTencent(enforce_limits=False),
        1,
        count // 4,
        lambda n: messages(n, prefix="tc"),
    )
    measure(
        "Twilio create Message",
        FakeTwilio(),
        1,
        count // 4,
        lambda n: messages(n, prefix="tw", intl=True),
    )
    measure(
        "Generic HTTP (reseller form POST)",
        FakeHttpReseller(),
        1,
        count // 4,
        lambda n: messages(n, prefix="ht"),
    )


if __name__ == "__main__":
    main()
