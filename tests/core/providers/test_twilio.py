"""The Twilio adapter against a local Messages API."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl

import pytest

from smsdesk.core.providers.base import (
    DeliveryStatus,
    ErrorCategory,
    OutgoingMessage,
    PendingMessage,
    ProviderRefusedError,
    UnknownOutcomeError,
)
from smsdesk.core.providers.registry import create_provider
from smsdesk.core.providers.twilio import TwilioProvider
from tests.helpers.fake_providers import FakeTwilio, Response
from tests.helpers.fake_providers.twilio_fake import FROM_NUMBER


def message(i: int) -> OutgoingMessage:
    return OutgoingMessage(
        our_ref=f"ref-{i}", e164=f"+1415555{i:04d}", text=f"Hi {i}, 20% off. Reply STOP to opt out"
    )


def adapter(fake: FakeTwilio, **settings: object) -> TwilioProvider:
    provider = create_provider(fake.config(**settings))
    assert isinstance(provider, TwilioProvider)
    return provider


def test_create_message(fake_twilio: FakeTwilio) -> None:
    [result] = adapter(fake_twilio).submit([message(1)])
    assert result.accepted
    assert result.provider_message_id.startswith("SM")
    request = fake_twilio.requests[-1]
    form = dict(parse_qsl(request.body.decode()))
    assert form == {"To": "+14155550001", "From": FROM_NUMBER, "Body": message(1).text}
    assert request.path == f"/2010-04-01/Accounts/{fake_twilio.account_sid}/Messages.json"


def test_messaging_service_sender(fake_twilio: FakeTwilio) -> None:
    adapter(fake_twilio, **{"from": "MG" + "1" * 32}).submit([message(1)])
    form = dict(parse_qsl(fake_twilio.requests[-1].body.decode()))
    assert form["MessagingServiceSid"] == "MG" + "1" * 32
    assert "From" not in form


def test_one_recipient_per_request() -> None:
    assert TwilioProvider.max_batch == 1


def test_unsubscribed_recipient_is_opted_out(fake_twilio: FakeTwilio) -> None:
    fake_twilio.blacklist.add("+14155550002")
    [result] = adapter(fake_twilio).submit([message(2)])
    assert (result.accepted, result.category, result.error_code) == (
        False,
        ErrorCategory.OPTED_OUT,
        "21610",
    )


def test_invalid_number(fake_twilio: FakeTwilio) -> None:
    [result] = adapter(fake_twilio).submit([OutgoingMessage("r", "+1", "x")])
    assert result.category is ErrorCategory.INVALID_NUMBER


def test_account_level_errors_raise(fake_twilio: FakeTwilio) -> None:
    provider = adapter(fake_twilio)
    fake_twilio.error("CreateMessage", 20429, "Too Many Requests", status=429)
    with pytest.raises(ProviderRefusedError) as caught:
        provider.submit([message(1)])
    assert caught.value.category is ErrorCategory.RATE_LIMITED
    fake_twilio.error("CreateMessage", 20500, "Internal Server Error", status=500)
    with pytest.raises(ProviderRefusedError) as caught:
        provider.submit([message(1)])
    assert caught.value.category is ErrorCategory.RETRY
    fake_twilio.inject("CreateMessage", Response(503, b"Service Unavailable", "text/plain"))
    with pytest.raises(UnknownOutcomeError):
        provider.submit([message(1)])
    wrong = create_provider(dataclasses.replace(fake_twilio.config(), secret="twilio-wrong-token"))
    with pytest.raises(ProviderRefusedError) as caught:
        wrong.submit([message(1)])
    assert caught.value.category is ErrorCategory.AUTH
    assert "twilio-wrong-token" not in str(caught.value)
    assert fake_twilio.accepted == []


def test_status_fetch(fake_twilio: FakeTwilio) -> None:
    fake_twilio.fail_numbers["+14155550002"] = "30004"
    fake_twilio.fail_numbers["+14155550003"] = "30003"
    provider = adapter(fake_twilio)
    sent = [message(i) for i in (1, 2, 3)]
    items = [
        PendingMessage(
            m.our_ref, m.e164, provider.submit([m])[0].provider_message_id, datetime.now(UTC)
        )
        for m in sent
    ]
    receipts = {r.our_ref: r for r in provider.pull_receipts(items)}
    assert receipts["ref-1"].status is DeliveryStatus.DELIVERED
    assert (
        receipts["ref-2"].status,
        receipts["ref-2"].error_code,
        receipts["ref-2"].opted_out,
    ) == (
        DeliveryStatus.FAILED,
        "30004",
        True,
    )
    assert receipts["ref-3"].opted_out is False
    gone = PendingMessage("ref-x", "+14155550009", "SM" + "0" * 32, datetime.now(UTC))
    assert provider.pull_receipts([gone]) == []


def test_unknown_message_is_found_by_number_and_time(fake_twilio: FakeTwilio) -> None:
    provider = adapter(fake_twilio)
    fake_twilio.inject_drop("CreateMessage", after_accept=True)
    with pytest.raises(UnknownOutcomeError):
        provider.submit([message(1)])
    item = PendingMessage("ref-1", "+14155550001", "", datetime.now(UTC))
    [found] = provider.lookup_receipts([item])
    assert found.our_ref == "ref-1"
    assert found.provider_message_id.startswith("SM")
    # Submitted long before that message: not ours.
    old = PendingMessage("ref-1", "+14155550001", "", datetime.now(UTC) - timedelta(hours=3))
    assert provider.lookup_receipts([old]) == []


def test_replies_follow_paging_and_skip_outbound(fake_twilio: FakeTwilio) -> None:
    fake_twilio.page_size_max = 2
    provider = adapter(fake_twilio)
    provider.submit([message(1)])
    for i in range(5):
        fake_twilio.add_reply(f"+1415555010{i}", "STOP" if i == 0 else f"thanks {i}")
    replies = provider.pull_replies(datetime.now(UTC) - timedelta(hours=1))
    assert sorted(r.text for r in replies) == [
        "STOP",
        "thanks 1",
        "thanks 2",
        "thanks 3",
        "thanks 4",
    ]
    assert all(r.provider_reply_id.startswith("SM") for r in replies)
    assert {r.e164 for r in replies} == {f"+1415555010{i}" for i in range(5)}
    assert sum("PageToken" in r.query for r in fake_twilio.requests) >= 2  # it followed pages
    later = provider.pull_replies(datetime.now(UTC) + timedelta(minutes=1))
    assert later == []


def test_connection_check(fake_twilio: FakeTwilio) -> None:
    adapter(fake_twilio).test_connection()
    assert fake_twilio.requests[-1].path == f"/2010-04-01/Accounts/{fake_twilio.account_sid}.json"
    with pytest.raises(ProviderRefusedError) as caught:
        adapter(fake_twilio, key_id="AC" + "1" * 32).test_connection()
    assert caught.value.category is ErrorCategory.AUTH
