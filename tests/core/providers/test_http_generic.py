"""The configurable HTTP provider against a typical reseller API."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl

import pytest

from smsdesk.core.errors import ConfigurationError
from smsdesk.core.providers.base import (
    DeliveryStatus,
    ErrorCategory,
    OutgoingMessage,
    PendingMessage,
    ProviderRefusedError,
    UnknownOutcomeError,
)
from smsdesk.core.providers.http_generic import HttpGenericProvider, field_at, render
from smsdesk.core.providers.registry import create_provider
from tests.helpers.fake_providers import FakeHttpReseller, Response

TEXT = "【小店】张三您好，周末8折，拒收请回复R"


def message(i: int) -> OutgoingMessage:
    return OutgoingMessage(our_ref=f"ref-{i}", e164=f"+86137{i:08d}", text=TEXT)


def adapter(fake: FakeHttpReseller, **settings: object) -> HttpGenericProvider:
    provider = create_provider(fake.config(**settings))
    assert isinstance(provider, HttpGenericProvider)
    return provider


def test_paths_and_placeholders() -> None:
    data = {"data": [{"msgid": 7}], "code": 0}
    assert field_at(data, "data.0.msgid") == 7
    assert field_at(data, "code") == 0
    assert render("{a}-{b}-{unknown}", {"a": 1, "b": "x y"}) == "1-x y-{unknown}"


def test_form_send_then_status(fake_reseller: FakeHttpReseller) -> None:
    provider = adapter(fake_reseller)
    [result] = provider.submit([message(1)])
    assert result.accepted
    assert result.provider_message_id.startswith("RS")
    form = dict(parse_qsl(fake_reseller.requests[-1].body.decode()))
    assert form == {
        "apikey": fake_reseller.api_key,
        "mobile": "13700000001",
        "content": TEXT,
        "ref": "ref-1",
    }
    assert fake_reseller.count_by_ref() == {"ref-1": 1}
    item = PendingMessage("ref-1", "+8613700000001", result.provider_message_id, datetime.now(UTC))
    [receipt] = provider.pull_receipts([item])
    assert receipt.status is DeliveryStatus.DELIVERED


def test_json_body(fake_reseller: FakeHttpReseller) -> None:
    provider = adapter(fake_reseller, body_format="json")
    assert provider.submit([message(2)])[0].accepted
    request = fake_reseller.requests[-1]
    assert request.headers["content-type"].startswith("application/json")
    assert json.loads(request.body)["mobile"] == "13700000002"


def test_vendor_codes_map_to_categories(fake_reseller: FakeHttpReseller) -> None:
    provider = adapter(fake_reseller)
    fake_reseller.blacklist.add("+8613700000003")
    [blocked] = provider.submit([message(3)])
    assert (blocked.category, blocked.error_code) == (ErrorCategory.OPTED_OUT, "4")
    [invalid] = provider.submit([OutgoingMessage("r", "+8612", TEXT)])
    assert invalid.category is ErrorCategory.INVALID_NUMBER
    fake_reseller.balance = 0
    with pytest.raises(ProviderRefusedError) as caught:
        provider.submit([message(4)])
    assert caught.value.category is ErrorCategory.BALANCE
    assert caught.value.params["vendor_code"] == "2"


def test_answers_that_prove_nothing_are_unknown(fake_reseller: FakeHttpReseller) -> None:
    provider = adapter(fake_reseller)
    fake_reseller.inject("/sms/send", Response(502, b"<html>bad gateway</html>", "text/html"))
    with pytest.raises(UnknownOutcomeError):
        provider.submit([message(1)])
    fake_reseller.inject("/sms/send", Response(200, b"OK", "text/plain"))
    with pytest.raises(UnknownOutcomeError):
        provider.submit([message(1)])
    fake_reseller.inject("/sms/send", Response(429, b'{"code": 9, "msg": "slow down"}'))
    with pytest.raises(ProviderRefusedError) as caught:
        provider.submit([message(1)])
    assert caught.value.category is ErrorCategory.RATE_LIMITED


def test_wrong_key(fake_reseller: FakeHttpReseller) -> None:
    config = dataclasses.replace(fake_reseller.config(), secret="reseller-wrong-key")
    with pytest.raises(ProviderRefusedError) as caught:
        create_provider(config).test_connection()
    assert caught.value.category is ErrorCategory.AUTH
    assert "reseller-wrong-key" not in str(caught.value)
    adapter(fake_reseller).test_connection()


def test_failed_receipt_and_replies(fake_reseller: FakeHttpReseller) -> None:
    fake_reseller.fail_numbers["+8613700000005"] = "UNDELIV"
    provider = adapter(fake_reseller)
    [result] = provider.submit([message(5)])
    item = PendingMessage("ref-5", "+8613700000005", result.provider_message_id, datetime.now(UTC))
    [receipt] = provider.pull_receipts([item])
    assert (receipt.status, receipt.error_code) == (DeliveryStatus.FAILED, "UNDELIV")
    fake_reseller.add_reply("+8613700000005", "TD")
    [reply] = provider.pull_replies(datetime.now(UTC) - timedelta(minutes=5))
    assert (reply.e164, reply.text) == ("+8613700000005", "TD")


def test_endpoint_override_moves_every_url_and_http_needs_loopback(
    fake_reseller: FakeHttpReseller,
) -> None:
    provider = adapter(fake_reseller)
    assert provider.url.startswith(fake_reseller.url)
    settings = fake_reseller.provider_settings(url="http://sms.example.com/send")
    with pytest.raises(ConfigurationError):
        create_provider(dataclasses.replace(fake_reseller.config(), settings=settings, endpoint=""))
