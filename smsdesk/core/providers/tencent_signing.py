"""Tencent Cloud API 3.0 request signing (TC3-HMAC-SHA256), from shared/PROVIDERS.md 2.8.

Checked against the published vectors in the tests. The date in the credential scope is the
UTC date of the timestamp (local dates fail after 00:00 Beijing time).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from datetime import UTC, datetime

TC3 = "TC3-HMAC-SHA256"


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def tc3_authorization(
    *,
    service: str,
    timestamp: int,
    method: str,
    canonical_query: str,
    headers: Sequence[tuple[str, str]],
    payload: bytes,
    secret_id: str,
    secret_key: str,
) -> str:
    """The ``Authorization`` value; ``headers`` are the signed (name, value) pairs as sent."""
    signed = sorted((name.lower(), value.strip().lower()) for name, value in headers)
    canonical_headers = "".join(f"{name}:{value}\n" for name, value in signed)
    signed_headers = ";".join(name for name, _ in signed)
    canonical_request = "\n".join(
        (
            method.upper(),
            "/",
            canonical_query,
            canonical_headers,
            signed_headers,
            hashlib.sha256(payload).hexdigest(),
        )
    )
    date = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
    scope = f"{date}/{service}/tc3_request"
    string_to_sign = "\n".join(
        (TC3, str(timestamp), scope, hashlib.sha256(canonical_request.encode()).hexdigest())
    )
    k_date = _hmac(f"TC3{secret_key}".encode(), date)
    k_service = _hmac(k_date, service)
    k_signing = _hmac(k_service, "tc3_request")
    signature = hmac.new(k_signing, string_to_sign.encode(), hashlib.sha256).hexdigest()
    return (
        f"{TC3} Credential={secret_id}/{scope}, SignedHeaders={signed_headers}, "
        f"Signature={signature}"
    )
