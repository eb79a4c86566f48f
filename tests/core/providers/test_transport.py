"""What a failed request means for at-most-once: never left (retry) or maybe arrived
(unknown outcome, never resent blindly)."""

from __future__ import annotations

import dataclasses
import socket
import time

import pytest

from smsdesk.core.errors import ConfigurationError
from smsdesk.core.providers.base import (
    ErrorCategory,
    OutgoingMessage,
    ProviderRefusedError,
    UnknownOutcomeError,
)
from smsdesk.core.providers.registry import create_provider
from smsdesk.core.providers.transport import is_loopback_host, validate_endpoint
from tests.helpers.fake_providers import FakeTencent

MESSAGE = OutgoingMessage(
    our_ref="ref-1", e164="+8613800138000", text="", sign_name="测试商店", template_code="1001"
)


@pytest.mark.parametrize(
    "url",
    ["https://sms.example.com", "http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9"],
)
def test_allowed_endpoints(url: str) -> None:
    assert validate_endpoint(url + "/") == url


@pytest.mark.parametrize(
    "url",
    [
        "http://sms.example.com",
        "http://10.0.0.5",
        "ftp://127.0.0.1",
        "https://user:pw@x.com",
        "nonsense",
    ],
)
def test_refused_endpoints(url: str) -> None:
    with pytest.raises(ConfigurationError):
        validate_endpoint(url)


def test_loopback_names() -> None:
    assert is_loopback_host("127.5.5.5")
    assert is_loopback_host("::1")
    assert not is_loopback_host("192.168.1.1")
    assert not is_loopback_host("localhost.evil.com")


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_connection_refused_is_safe_to_retry(fake_tencent: FakeTencent) -> None:
    config = dataclasses.replace(
        fake_tencent.config(), endpoint=f"http://127.0.0.1:{_closed_port()}"
    )
    provider = create_provider(config)
    with pytest.raises(ProviderRefusedError) as caught:
        provider.submit([MESSAGE])
    assert caught.value.category is ErrorCategory.RETRY
    assert caught.value.vendor_code == "connect_failed"


def test_read_timeout_on_a_send_is_an_unknown_outcome(fake_tencent: FakeTencent) -> None:
    fake_tencent.latency = 0.6
    provider = create_provider(dataclasses.replace(fake_tencent.config(), timeout_seconds=0.2))
    with pytest.raises(UnknownOutcomeError):
        provider.submit([MESSAGE])
    # The vendor did get it: reconciling finds it, resending would have doubled it.
    deadline = time.monotonic() + 10
    while not fake_tencent.count_by_ref() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert fake_tencent.count_by_ref() == {"ref-1": 1}
    provider.close()


def test_read_timeout_on_a_pull_is_retryable(fake_tencent: FakeTencent) -> None:
    fake_tencent.latency = 0.6
    provider = create_provider(dataclasses.replace(fake_tencent.config(), timeout_seconds=0.2))
    with pytest.raises(ProviderRefusedError) as caught:
        provider.pull_receipts([])
    assert caught.value.category is ErrorCategory.RETRY


def test_connection_dropped_after_the_vendor_accepted(fake_tencent: FakeTencent) -> None:
    fake_tencent.inject_drop("SendSms", after_accept=True)
    provider = create_provider(fake_tencent.config())
    with pytest.raises(UnknownOutcomeError):
        provider.submit([MESSAGE])
    assert fake_tencent.count_by_ref() == {"ref-1": 1}
    # A dropped pull is just retried.
    fake_tencent.inject_drop("PullSmsSendStatus", after_accept=False)
    with pytest.raises(ProviderRefusedError) as caught:
        provider.pull_receipts([])
    assert caught.value.category is ErrorCategory.RETRY
