"""HTTP for every adapter: one pooled ``requests.Session``, endpoint rules, and the one place
that decides whether a failed request may have reached the provider.

At most once depends on that decision. A request that never left (connection refused, DNS
failure, connect timeout) is safe to retry; one that may have been received (read timeout,
connection reset after the body was sent) is an unknown outcome for anything that is not
idempotent, and the sender reconciles it instead of resending.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Mapping
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import MaxRetryError, NewConnectionError, SSLError
from urllib3.util.retry import Retry

from smsdesk import __version__
from smsdesk.core.errors import ConfigurationError
from smsdesk.core.providers.base import (
    ErrorCategory,
    ProviderRefusedError,
    UnknownOutcomeError,
    scrub,
)

log = logging.getLogger(__name__)
# urllib3 logs every request line at DEBUG, query string included; a reseller API key can
# sit in that query (generic HTTP provider). Secrets never reach a log, whatever the level.
logging.getLogger("urllib3.connectionpool").setLevel(logging.INFO)

USER_AGENT = f"SMSDesk/{__version__}"
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback_host(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def validate_endpoint(url: str) -> str:
    """Return ``url`` without a trailing slash if it is allowed as an endpoint override.

    https anywhere; plain http only to this computer (tests, a local proxy), so credentials
    and numbers never cross a network unencrypted.
    """
    url = url.strip().rstrip("/")
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigurationError("Endpoint must be an http(s) URL", reason="endpoint_invalid")
    if parts.username or parts.password:
        raise ConfigurationError(
            "Endpoint must not contain credentials", reason="endpoint_credentials"
        )
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise ConfigurationError(
            "Plain http is only allowed to this computer (127.0.0.1, ::1, localhost)",
            reason="endpoint_http_not_loopback",
        )
    return url


def _never_left(exc: requests.ConnectionError) -> bool:
    """True when the connection was never established, so the request was not sent."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = exc.args[0] if exc.args else None
    if isinstance(reason, MaxRetryError):
        reason = reason.reason
    if isinstance(reason, NewConnectionError):
        return True
    # A certificate that fails verification stops the handshake, before any request byte.
    return isinstance(reason, SSLError) and "CERTIFICATE_VERIFY_FAILED" in str(reason)


class HttpTransport:
    """A pooled session bound to one account; ``secret`` is scrubbed from every error."""

    def __init__(self, *, timeout: float, secret: str = "", pool_size: int = 8) -> None:
        self.timeout = timeout
        self._secret = secret
        self.session = requests.Session()
        # Retry(0, read=False): urllib3 must never resend a request on its own.
        adapter = HTTPAdapter(
            pool_connections=4,
            pool_maxsize=pool_size,
            max_retries=Retry(total=0, connect=0, read=False, redirect=0, status=0),
        )
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self.session.headers["User-Agent"] = USER_AGENT
        self.session.trust_env = True

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        data: bytes | None = None,
        idempotent: bool,
        auth: tuple[str, str] | None = None,
    ) -> requests.Response:
        """Send one request; map transport failures to retry / unknown outcome."""
        try:
            return self.session.request(
                method,
                url,
                headers=dict(headers or {}),
                data=data,
                timeout=self.timeout,
                allow_redirects=False,
                auth=auth,
            )
        except requests.ConnectionError as exc:
            if _never_left(exc) or idempotent:
                log.info("provider connection failed (%s)", type(exc).__name__)
                raise ProviderRefusedError(
                    "Could not connect to the provider",
                    category=ErrorCategory.RETRY,
                    vendor_code="connect_failed",
                ) from None
            log.warning("provider connection lost after sending (%s)", type(exc).__name__)
            raise UnknownOutcomeError(
                "The connection was lost after the request was sent", reason="connection_lost"
            ) from None
        except requests.Timeout:
            if idempotent:
                raise ProviderRefusedError(
                    "The provider did not answer in time",
                    category=ErrorCategory.RETRY,
                    vendor_code="timeout",
                ) from None
            log.warning("provider read timeout after sending")
            raise UnknownOutcomeError(
                "The provider did not answer in time", reason="read_timeout"
            ) from None
        except requests.RequestException as exc:
            # Invalid URL, too many redirects, chunked encoding... never a secret in the text.
            text = scrub(type(exc).__name__, self._secret)
            if idempotent:
                raise ProviderRefusedError(
                    f"HTTP error {text}", category=ErrorCategory.RETRY, vendor_code=text
                ) from None
            raise UnknownOutcomeError(f"HTTP error {text}", reason="http_error") from None

    def close(self) -> None:
        self.session.close()


def base_url(endpoint_override: str, default_host: str) -> str:
    """The base URL to call: the (validated) override, or https on the vendor's host."""
    if endpoint_override:
        return validate_endpoint(endpoint_override)
    return f"https://{default_host}"


def host_of(url: str) -> str:
    """The Host header value for ``url`` (includes a non-default port)."""
    return urlsplit(url).netloc
