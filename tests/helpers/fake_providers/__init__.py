"""Local HTTP servers that speak each vendor's protocol, for tests and benchmarks.

Usage::

    with FakeTencent().running() as fake:
        provider = create_provider(fake.config())
        provider.submit([...])
        assert fake.count_by_number()["+8613800138000"] == 1

See ``server.py`` for the knobs (latency, error injection, dropped connections, failing and
blacklisted numbers, receipt delay, replies).
"""

from tests.helpers.fake_providers.aliyun_fake import FakeAliyun
from tests.helpers.fake_providers.http_fake import FakeHttpReseller
from tests.helpers.fake_providers.server import (
    DROP,
    Accepted,
    FakeServer,
    Request,
    Response,
)
from tests.helpers.fake_providers.tencent_fake import FakeTencent
from tests.helpers.fake_providers.twilio_fake import FakeTwilio

__all__ = [
    "DROP",
    "Accepted",
    "FakeAliyun",
    "FakeHttpReseller",
    "FakeServer",
    "FakeTencent",
    "FakeTwilio",
    "Request",
    "Response",
]
