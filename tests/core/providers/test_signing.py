"""The signers reproduce the vendors' published vectors (shared/PROVIDERS.md 1.9, 2.8)."""

from __future__ import annotations

import base64
import hashlib
import hmac

from smsdesk.core.providers.aliyun_signing import (
    EMPTY_SHA256,
    acs3_authorization,
    canonical_query,
    mns_authorization,
    percent_encode,
)
from smsdesk.core.providers.tencent_signing import tc3_authorization

TC3_PAYLOAD = (
    b'{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}'
)


def test_acs3_published_vector() -> None:
    headers = {
        "host": "ecs.cn-shanghai.aliyuncs.com",
        "x-acs-action": "RunInstances",
        "x-acs-version": "2014-05-26",
        "x-acs-date": "2023-10-26T10:22:32Z",
        "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d",
        "x-acs-content-sha256": EMPTY_SHA256,
    }
    authorization = acs3_authorization(
        method="POST",
        query={
            "ImageId": "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
            "RegionId": "cn-shanghai",
        },
        headers=headers,
        body=b"",
        key_id="YourAccessKeyId",
        secret="YourAccessKeySecret",
    )
    assert authorization == (
        "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,"
        "SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;"
        "x-acs-signature-nonce;x-acs-version,"
        "Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
    )


def test_acs3_signs_content_type_and_every_acs_header() -> None:
    headers = {
        "host": "h",
        "content-type": "application/x-www-form-urlencoded",
        "x-acs-action": "A",
        "x-acs-extra": "1",
        "user-agent": "ignored",
    }
    authorization = acs3_authorization(
        method="POST", query={}, headers=headers, body=b"a=1", key_id="k", secret="s"
    )
    assert "SignedHeaders=content-type;host;x-acs-action;x-acs-extra," in authorization


def test_rfc3986_encoding() -> None:
    assert percent_encode("a b*c~d+e/中") == "a%20b%2Ac~d%2Be%2F%E4%B8%AD"
    assert canonical_query({"b": "2", "a": "", "A": "x y"}) == "A=x%20y&a=&b=2"


def test_tc3_published_vectors() -> None:
    def sign(secret_key: str, headers: list[tuple[str, str]]) -> str:
        return tc3_authorization(
            service="cvm",
            timestamp=1551113065,
            method="POST",
            canonical_query="",
            headers=headers,
            payload=TC3_PAYLOAD,
            secret_id="AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
            secret_key=secret_key,
        )

    assert hashlib.sha256(TC3_PAYLOAD).hexdigest() == (
        "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
    )
    base = [
        ("Content-Type", "application/json; charset=utf-8"),
        ("Host", "cvm.tencentcloudapi.com"),
    ]
    older = sign("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", base)
    assert older.endswith(
        "Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
    )
    assert "Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request" in older
    masked = sign("Gu5t9xGARNpq86cd98joQYCN3*******", base)
    assert masked.endswith("2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c")
    current = sign("*" * 32, [*base, ("X-TC-Action", "DescribeInstances")])
    assert "SignedHeaders=content-type;host;x-tc-action," in current
    assert current.endswith("10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f")


def test_tc3_date_is_the_utc_date() -> None:
    # 2024-01-01 23:30 UTC is already 2024-01-02 in Beijing: the scope must say 01-01.
    authorization = tc3_authorization(
        service="sms",
        timestamp=1704151800,
        method="POST",
        canonical_query="",
        headers=[("content-type", "application/json"), ("host", "sms.tencentcloudapi.com")],
        payload=b"{}",
        secret_id="id",
        secret_key="key",
    )
    assert "/2024-01-01/sms/tc3_request" in authorization


def test_mns_signature_follows_the_sdk_algorithm() -> None:
    date = "Thu, 01 Jan 2024 00:00:00 GMT"
    resource = "/queues/q/messages?numOfMessages=16&waitseconds=0"
    authorization = mns_authorization(
        method="GET",
        resource=resource,
        date=date,
        mns_headers={"x-mns-version": "2015-06-06", "other": "not signed"},
        key_id="STS.id",
        secret="tmp-secret",
    )
    string_to_sign = f"GET\n\n\n{date}\nx-mns-version:2015-06-06\n{resource}"
    digest = hmac.new(b"tmp-secret", string_to_sign.encode(), hashlib.sha1).digest()
    assert authorization == f"MNS STS.id:{base64.b64encode(digest).decode()}"
