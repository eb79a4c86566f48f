"""One live adapter per provider account, reused across rounds (its ``requests.Session``
keeps connections open), rebuilt when the account's settings change."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from sqlalchemy.orm import Session

from smsdesk.core.db.models import ProviderAccount
from smsdesk.core.errors import NotFoundError
from smsdesk.core.providers.base import Provider

log = logging.getLogger(__name__)

ProviderFactory = Callable[[Session, ProviderAccount], Provider]


def default_factory(session: Session, account: ProviderAccount) -> Provider:
    from smsdesk.core.providers.accounts import load_provider

    return load_provider(session, account)


def active_account(session: Session) -> ProviderAccount | None:
    """The account used for messages queued without one (the user's choice in settings,
    else the Sandbox); None when the chosen account no longer exists."""
    from smsdesk.core.providers import accounts

    try:
        return accounts.active_account(session)
    except NotFoundError:
        return None


def _fingerprint(account: ProviderAccount) -> str:
    return json.dumps(
        [account.kind, account.endpoint, account.settings], sort_keys=True, default=str
    )


class ProviderPool:
    def __init__(self, factory: ProviderFactory | None = None) -> None:
        self._factory = factory or default_factory
        self._providers: dict[int, tuple[str, Provider]] = {}

    def get(self, session: Session, account: ProviderAccount) -> Provider:
        fingerprint = _fingerprint(account)
        cached = self._providers.get(account.id)
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
        if cached is not None:
            self._close(cached[1])
        provider = self._factory(session, account)
        self._providers[account.id] = (fingerprint, provider)
        return provider

    def drop(self, account_id: int) -> None:
        """Forget an adapter (after an auth error: the user may fix the secret, then resume)."""
        cached = self._providers.pop(account_id, None)
        if cached is not None:
            self._close(cached[1])

    def close(self) -> None:
        for account_id in list(self._providers):
            self.drop(account_id)

    @staticmethod
    def _close(provider: Provider) -> None:
        try:
            provider.close()
        except Exception:  # closing a pool must not hide the error that made us close it
            log.exception("closing provider adapter failed")
