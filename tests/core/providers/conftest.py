"""Fake vendor servers, one per test (they start in a few milliseconds)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.helpers.fake_providers import FakeAliyun, FakeHttpReseller, FakeTencent, FakeTwilio


@pytest.fixture
def fake_aliyun() -> Iterator[FakeAliyun]:
    with FakeAliyun().running() as fake:
        yield fake  # type: ignore[misc]


@pytest.fixture
def fake_tencent() -> Iterator[FakeTencent]:
    with FakeTencent().running() as fake:
        yield fake  # type: ignore[misc]


@pytest.fixture
def fake_twilio() -> Iterator[FakeTwilio]:
    with FakeTwilio().running() as fake:
        yield fake  # type: ignore[misc]


@pytest.fixture
def fake_reseller() -> Iterator[FakeHttpReseller]:
    with FakeHttpReseller().running() as fake:
        yield fake  # type: ignore[misc]
