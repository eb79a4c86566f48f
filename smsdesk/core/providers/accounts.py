"""Provider accounts: non-secret settings in the database, the secret in the OS keychain.

The keychain entry is service "SMSDesk", username ``provider-account:<secret_ref>``, where
``secret_ref`` is a random token stored with the account's settings. It does not change when
the account is renamed, and two databases (the real one and the demo) never share an entry.
Nothing here puts a secret in the database, the audit log, a log line, an exception or a repr.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import keyring
from keyring.errors import KeyringError, PasswordDeleteError
from sqlalchemy import select
from sqlalchemy.orm import Session

from smsdesk.core import audit
from smsdesk.core import settings as app_settings
from smsdesk.core.db.models import ProviderAccount
from smsdesk.core.enums import ProviderKind
from smsdesk.core.errors import ConfigurationError, NotFoundError, ValidationError
from smsdesk.core.providers.base import Provider, ProviderConfig, SettingField
from smsdesk.core.providers.registry import create_provider, provider_class
from smsdesk.core.providers.transport import validate_endpoint

log = logging.getLogger(__name__)

KEYRING_SERVICE = "SMSDesk"
SECRET_REF = "secret_ref"
ACTIVE_SETTING = "provider.active_account"
SANDBOX_NAME = "Sandbox"
# Settings every kind may carry besides its declared fields.
_COMMON_KEYS = {SECRET_REF}
_SANDBOX_EXTRA_KEYS = {"state_dir"}
# A setting with one of these names would put a secret in the database: refuse it.
_SECRET_LIKE = ("secret", "password", "token", "auth")

_DEFAULT_RATES: dict[ProviderKind, float] = {
    ProviderKind.SANDBOX: 50.0,
    ProviderKind.ALIYUN: 50.0,
    ProviderKind.TENCENT: 50.0,
    ProviderKind.TWILIO: 1.0,  # a US long code sends about one segment per second
    ProviderKind.HTTP: 10.0,
}
# Alibaba sends one message per call by default so every message carries its own OutId.
_DEFAULT_BATCH: dict[ProviderKind, int] = {ProviderKind.ALIYUN: 1}


@dataclass(frozen=True)
class AccountSummary:
    """What the UI and ``provider list`` show: never the secret, only whether there is one."""

    id: int
    name: str
    kind: str
    endpoint: str
    price_per_part: float
    rate_per_second: float
    batch_size: int
    is_active: bool
    has_secret: bool
    sends_nothing: bool
    paused_reason: str
    settings: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "endpoint": self.endpoint,
            "price_per_part": self.price_per_part,
            "rate_per_second": self.rate_per_second,
            "batch_size": self.batch_size,
            "active": self.is_active,
            "has_secret": self.has_secret,
            "sends_nothing": self.sends_nothing,
            "paused_reason": self.paused_reason,
            "settings": {k: v for k, v in self.settings.items() if k != SECRET_REF},
        }


# -- keychain ------------------------------------------------------------------------------


def keyring_username(account: ProviderAccount) -> str:
    ref = (account.settings or {}).get(SECRET_REF)
    if not ref:
        raise ConfigurationError("This account has no keychain entry", reason="no_secret_ref")
    return f"provider-account:{ref}"


def read_secret(account: ProviderAccount) -> str:
    if not (account.settings or {}).get(SECRET_REF):
        return ""
    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_username(account)) or ""
    except KeyringError:
        raise ConfigurationError(
            "The system keychain cannot be read", reason="keyring_unavailable"
        ) from None


def has_secret(account: ProviderAccount) -> bool:
    try:
        return bool(read_secret(account))
    except ConfigurationError:
        return False


def _store_secret(account: ProviderAccount, secret: str) -> None:
    settings = dict(account.settings or {})
    if not settings.get(SECRET_REF):
        settings[SECRET_REF] = uuid.uuid4().hex
        account.settings = settings
    try:
        keyring.set_password(KEYRING_SERVICE, keyring_username(account), secret)
    except KeyringError:
        raise ConfigurationError(
            "The secret could not be saved in the system keychain", reason="keyring_unavailable"
        ) from None


def _delete_secret(account: ProviderAccount) -> None:
    if not (account.settings or {}).get(SECRET_REF):
        return
    try:
        keyring.delete_password(KEYRING_SERVICE, keyring_username(account))
    except PasswordDeleteError:
        pass
    except KeyringError:
        log.warning("could not delete a provider secret from the keychain")


# -- validation ----------------------------------------------------------------------------


def _coerce(spec: SettingField, value: Any) -> Any:
    if value is None:
        return spec.default
    try:
        if spec.kind == "int":
            return int(value)
        if spec.kind == "float":
            return float(value)
        if spec.kind == "bool":
            if isinstance(value, str):
                return value.strip().lower() in ("1", "true", "yes", "on")
            return bool(value)
        if spec.kind == "json":
            parsed = json.loads(value) if isinstance(value, str) and value.strip() else value
            return parsed if parsed not in ("", None) else spec.default
    except (TypeError, ValueError):
        raise ValidationError(
            f"Setting {spec.key} has an invalid value", field=spec.key, reason="invalid"
        ) from None
    if spec.kind == "choice" and spec.choices and str(value) not in spec.choices:
        raise ValidationError(f"Setting {spec.key} must be one of {spec.choices}", field=spec.key)
    return value if spec.kind == "choice" else str(value).strip()


def clean_settings(kind: str, settings: Mapping[str, Any]) -> dict[str, Any]:
    """Only the settings ``kind`` declares, typed; refuses anything that looks like a secret."""
    cls = provider_class(kind)
    specs = {spec.key: spec for spec in cls.setting_fields}
    allowed = set(specs) | _COMMON_KEYS | (_SANDBOX_EXTRA_KEYS if kind == "sandbox" else set())
    cleaned: dict[str, Any] = {}
    for key, value in settings.items():
        if key not in allowed:
            if any(word in key.lower() for word in _SECRET_LIKE):
                raise ValidationError(
                    "Secrets go to the system keychain, not into settings",
                    field=key,
                    reason="secret_in_settings",
                )
            raise ValidationError(
                f"Unknown setting {key!r} for {kind}", field=key, reason="unknown"
            )
        cleaned[key] = _coerce(specs[key], value) if key in specs else value
    return cleaned


def _check_name(session: Session, name: str, *, exclude_id: int | None = None) -> str:
    name = name.strip()
    if not name or len(name) > 80:
        raise ValidationError("An account name has 1 to 80 characters", field="name")
    existing = session.scalar(select(ProviderAccount).where(ProviderAccount.name == name))
    if existing is not None and existing.id != exclude_id:
        raise ValidationError(f"An account named {name!r} exists", field="name", reason="duplicate")
    return name


def _check_numbers(
    kind: str, price: float | None, rate: float | None, batch: int | None
) -> tuple[float | None, float | None, int | None]:
    if price is not None and not 0 <= price < 100:
        raise ValidationError("Price per part must be between 0 and 100", field="price")
    if rate is not None and not 0 < rate <= 10000:
        raise ValidationError("Rate must be above 0 and at most 10000 per second", field="rate")
    if batch is not None:
        maximum = provider_class(kind).max_batch
        if not 1 <= batch <= maximum:
            raise ValidationError(f"Batch size must be 1 to {maximum}", field="batch_size")
    return price, rate, batch


# -- accounts ------------------------------------------------------------------------------


def create_account(
    session: Session,
    *,
    name: str,
    kind: str,
    settings: Mapping[str, Any] | None = None,
    secret: str | None = None,
    endpoint: str = "",
    price_per_part: float | None = None,
    rate_per_second: float | None = None,
    batch_size: int | None = None,
) -> ProviderAccount:
    cls = provider_class(kind)
    kind_enum = ProviderKind(kind)
    name = _check_name(session, name)
    cleaned = clean_settings(kind, settings or {})
    cleaned.pop(SECRET_REF, None)
    price, rate, batch = _check_numbers(kind, price_per_part, rate_per_second, batch_size)
    account = ProviderAccount(
        name=name,
        kind=kind_enum.value,
        settings=cleaned,
        endpoint=validate_endpoint(endpoint),
        rate_per_second=rate if rate is not None else _DEFAULT_RATES[kind_enum],
        batch_size=batch if batch is not None else _DEFAULT_BATCH.get(kind_enum, cls.max_batch),
    )
    if price is not None:
        account.price_per_part = price
    session.add(account)
    session.flush()
    if secret:
        _store_secret(account, secret)
    audit.record(session, "provider.add", account=name, kind=kind_enum.value)
    return account


def update_account(
    session: Session,
    account: ProviderAccount,
    *,
    name: str | None = None,
    settings: Mapping[str, Any] | None = None,
    secret: str | None = None,
    endpoint: str | None = None,
    price_per_part: float | None = None,
    rate_per_second: float | None = None,
    batch_size: int | None = None,
) -> ProviderAccount:
    """Change what is given; ``settings`` replaces the non-secret settings; an empty or
    None ``secret`` keeps the stored one."""
    changed: list[str] = []
    previous_name = account.name
    if name is not None and name.strip() != account.name:
        account.name = _check_name(session, name, exclude_id=account.id)
        changed.append("name")
    if settings is not None:
        cleaned = clean_settings(account.kind, settings)
        cleaned[SECRET_REF] = (account.settings or {}).get(SECRET_REF) or cleaned.get(SECRET_REF)
        if not cleaned[SECRET_REF]:
            cleaned.pop(SECRET_REF)
        account.settings = cleaned
        changed.append("settings")
    if endpoint is not None:
        account.endpoint = validate_endpoint(endpoint)
        changed.append("endpoint")
    price, rate, batch = _check_numbers(account.kind, price_per_part, rate_per_second, batch_size)
    if price is not None:
        account.price_per_part = price
        changed.append("price")
    if rate is not None:
        account.rate_per_second = rate
        changed.append("rate")
    if batch is not None:
        account.batch_size = batch
        changed.append("batch_size")
    if secret:
        _store_secret(account, secret)
        changed.append("secret")
    if "name" in changed and app_settings.get(session, ACTIVE_SETTING) == previous_name:
        app_settings.set_value(session, ACTIVE_SETTING, account.name)
    session.flush()
    audit.record(session, "provider.update", account=account.name, changed=changed)
    return account


def delete_account(session: Session, account: ProviderAccount) -> None:
    if app_settings.get(session, ACTIVE_SETTING) == account.name:
        app_settings.set_value(session, ACTIVE_SETTING, None)
    _delete_secret(account)
    audit.record(session, "provider.delete", account=account.name, kind=account.kind)
    session.delete(account)
    session.flush()


def list_accounts(session: Session) -> list[ProviderAccount]:
    return list(session.scalars(select(ProviderAccount).order_by(ProviderAccount.name)))


def get_account(session: Session, name: str) -> ProviderAccount:
    account = session.scalar(select(ProviderAccount).where(ProviderAccount.name == name))
    if account is None:
        raise NotFoundError(f"No provider account named {name!r}", name=name)
    return account


def ensure_sandbox(session: Session) -> ProviderAccount:
    """The built-in Sandbox account, created the first time it is needed."""
    account = session.scalar(
        select(ProviderAccount)
        .where(ProviderAccount.kind == ProviderKind.SANDBOX.value)
        .order_by(ProviderAccount.id)
    )
    if account is not None:
        return account
    name, number = SANDBOX_NAME, 1
    while session.scalar(select(ProviderAccount.id).where(ProviderAccount.name == name)):
        number += 1
        name = f"{SANDBOX_NAME} {number}"
    account = create_account(session, name=name, kind=ProviderKind.SANDBOX.value)
    account.is_default = not app_settings.get(session, ACTIVE_SETTING)
    return account


def active_account(session: Session) -> ProviderAccount:
    """The account in use: the setting ``provider.active_account``, else the Sandbox."""
    name = app_settings.get(session, ACTIVE_SETTING)
    if name:
        return get_account(session, str(name))
    return ensure_sandbox(session)


def set_active(session: Session, name: str) -> ProviderAccount:
    account = get_account(session, name)
    for other in list_accounts(session):
        other.is_default = other.id == account.id
    app_settings.set_value(session, ACTIVE_SETTING, account.name)
    audit.record(session, "provider.use", account=account.name, kind=account.kind)
    return account


def summarize(session: Session, account: ProviderAccount) -> AccountSummary:
    active = app_settings.get(session, ACTIVE_SETTING)
    is_active = account.name == active if active else account.kind == ProviderKind.SANDBOX.value
    cls = provider_class(account.kind)
    return AccountSummary(
        id=account.id,
        name=account.name,
        kind=account.kind,
        endpoint=account.endpoint,
        price_per_part=account.price_per_part,
        rate_per_second=account.rate_per_second,
        batch_size=account.batch_size,
        is_active=is_active,
        has_secret=has_secret(account) if cls.needs_secret else False,
        sends_nothing=cls.sends_nothing,
        paused_reason=account.paused_reason,
        settings=dict(account.settings or {}),
    )


def provider_config(account: ProviderAccount) -> ProviderConfig:
    cls = provider_class(account.kind)
    return ProviderConfig(
        name=account.name,
        kind=ProviderKind(account.kind),
        settings=dict(account.settings or {}),
        secret=read_secret(account) if cls.needs_secret else "",
        endpoint=account.endpoint,
    )


def load_provider(session: Session, account: ProviderAccount) -> Provider:
    """The adapter for ``account``, with its secret from the keychain. Close it when done."""
    return create_provider(provider_config(account))


def test_connection(config: ProviderConfig) -> None:
    """Check credentials and reachability without sending (safe off the GUI thread: it takes
    a config, not a database session). Raises ``ProviderError``."""
    provider = create_provider(config)
    try:
        provider.test_connection()
    finally:
        provider.close()
