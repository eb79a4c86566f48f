"""Which adapter serves which kind of account, and building one from its configuration."""

from __future__ import annotations

from smsdesk.core.enums import ProviderKind
from smsdesk.core.errors import ConfigurationError
from smsdesk.core.providers.aliyun import AliyunProvider
from smsdesk.core.providers.base import (
    ErrorCategory,
    Provider,
    ProviderConfig,
    ProviderRefusedError,
)
from smsdesk.core.providers.http_generic import HttpGenericProvider
from smsdesk.core.providers.sandbox import SandboxProvider
from smsdesk.core.providers.tencent import TencentProvider
from smsdesk.core.providers.twilio import TwilioProvider

PROVIDER_KINDS: dict[ProviderKind, type[Provider]] = {
    ProviderKind.SANDBOX: SandboxProvider,
    ProviderKind.ALIYUN: AliyunProvider,
    ProviderKind.TENCENT: TencentProvider,
    ProviderKind.TWILIO: TwilioProvider,
    ProviderKind.HTTP: HttpGenericProvider,
}


def provider_class(kind: str) -> type[Provider]:
    try:
        return PROVIDER_KINDS[ProviderKind(kind)]
    except ValueError:
        raise ConfigurationError(
            f"Unknown provider kind {kind!r}", reason="kind", kind=kind
        ) from None


def create_provider(config: ProviderConfig) -> Provider:
    """The adapter for ``config``; refuses a configuration that cannot work.

    A missing required setting is a ``ConfigurationError``; a missing secret is a
    ``ProviderRefusedError`` with category AUTH (the sender pauses the account).
    """
    cls = provider_class(config.kind)
    missing = [
        spec.key
        for spec in cls.setting_fields
        if spec.required and config.settings.get(spec.key) in (None, "")
    ]
    if missing:
        raise ConfigurationError(
            f"Missing provider settings: {', '.join(missing)}",
            reason="settings_missing",
            fields=missing,
        )
    if cls.needs_secret and not config.secret:
        raise ProviderRefusedError(
            "No secret for this account in the system keychain",
            category=ErrorCategory.AUTH,
            vendor_code="secret_missing",
        )
    return cls(config)
