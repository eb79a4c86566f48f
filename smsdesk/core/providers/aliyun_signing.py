"""Alibaba Cloud request signing: ACS3-HMAC-SHA256 for the RPC APIs (Dysmsapi, Dybaseapi) and
the MNS HMAC-SHA1 header for the message queues that carry replies and reports.

Written from the vendor documents (shared/PROVIDERS.md 1.7 and 1.9) and checked against the
published vector in the tests.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from urllib.parse import quote

ACS3 = "ACS3-HMAC-SHA256"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def percent_encode(value: str) -> str:
    """RFC 3986 encoding of UTF-8: only A-Z a-z 0-9 - _ . ~ stay as they are."""
    return quote(value, safe="-_.~")


def canonical_query(params: Mapping[str, str]) -> str:
    """Sorted ``enc(name)=enc(value)`` pairs joined by ``&`` (also usable as the URL query)."""
    pairs = sorted((percent_encode(k), percent_encode(v)) for k, v in params.items())
    return "&".join(f"{k}={v}" for k, v in pairs)


def _signed_header_names(headers: Mapping[str, str]) -> list[str]:
    names = {name.lower() for name in headers}
    return sorted(n for n in names if n in ("host", "content-type") or n.startswith("x-acs-"))


def acs3_authorization(
    *,
    method: str,
    query: Mapping[str, str],
    headers: Mapping[str, str],
    body: bytes,
    key_id: str,
    secret: str,
) -> str:
    """The ``Authorization`` header value for an RPC request with canonical URI ``/``.

    ``headers`` must already hold host, x-acs-action/-version/-date/-signature-nonce,
    x-acs-content-sha256 (of ``body``) and content-type when a body is sent; every one of
    them (host, content-type, x-acs-*) is signed.
    """
    lowered = {name.lower(): value for name, value in headers.items()}
    names = _signed_header_names(lowered)
    canonical_headers = "".join(f"{n}:{lowered[n].strip()}\n" for n in names)
    signed_headers = ";".join(names)
    canonical_request = "\n".join(
        (
            method.upper(),
            "/",
            canonical_query(query),
            canonical_headers,
            signed_headers,
            hashlib.sha256(body).hexdigest(),
        )
    )
    string_to_sign = f"{ACS3}\n{hashlib.sha256(canonical_request.encode()).hexdigest()}"
    signature = hmac.new(secret.encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()
    return f"{ACS3} Credential={key_id},SignedHeaders={signed_headers},Signature={signature}"


def mns_authorization(
    *,
    method: str,
    resource: str,
    date: str,
    mns_headers: Mapping[str, str],
    key_id: str,
    secret: str,
    content_md5: str = "",
    content_type: str = "",
) -> str:
    """``Authorization: MNS id:signature`` for a queue request (aliyun-mns-sdk algorithm).

    ``resource`` is the request path with its query, exactly as sent.
    """
    canonical_mns = "".join(
        f"{name.lower()}:{value}\n"
        for name, value in sorted(mns_headers.items(), key=lambda item: item[0].lower())
        if name.lower().startswith("x-mns-")
    )
    string_to_sign = (
        f"{method.upper()}\n{content_md5}\n{content_type}\n{date}\n{canonical_mns}{resource}"
    )
    digest = hmac.new(secret.encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return f"MNS {key_id}:{base64.b64encode(digest).decode()}"
