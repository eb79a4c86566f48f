"""Provider accounts: settings in the database, secrets only in the keychain."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import select, text

from smsdesk.core import settings as app_settings
from smsdesk.core.clock import utc_now
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import AuditEntry, Base, ProviderAccount
from smsdesk.core.errors import ConfigurationError, NotFoundError, SMSDeskError, ValidationError
from smsdesk.core.providers import accounts
from smsdesk.core.providers.base import (
    ErrorCategory,
    OutgoingMessage,
    PendingMessage,
    ProviderRefusedError,
)
from smsdesk.core.providers.sandbox import SandboxProvider
from smsdesk.core.providers.tencent import TencentProvider
from tests.conftest import MemoryKeyring
from tests.helpers.fake_providers import FakeAliyun, FakeHttpReseller, FakeTencent


def add_tencent(db: Database, fake: FakeTencent, *, name: str = "腾讯云") -> int:
    with db.session() as session:
        account = accounts.create_account(
            session,
            name=name,
            kind="tencent",
            settings=fake.provider_settings(),
            secret=fake.secret_key,
            endpoint=fake.url,
            price_per_part=0.04,
        )
        return account.id


def test_create_stores_the_secret_in_the_keychain_only(
    db: Database, fake_tencent: FakeTencent, memory_keyring: MemoryKeyring
) -> None:
    account_id = add_tencent(db, fake_tencent)
    [(service, username)] = memory_keyring.secrets
    assert service == "SMSDesk"
    assert username.startswith("provider-account:")
    assert memory_keyring.secrets[(service, username)] == fake_tencent.secret_key
    with db.session() as session:
        account = session.get(ProviderAccount, account_id)
        assert account is not None
        assert account.batch_size == 200
        assert account.price_per_part == 0.04
        assert "secret" not in account.settings
        summary = accounts.summarize(session, account)
        assert summary.has_secret
        assert not summary.sends_nothing
        assert "secret_ref" not in summary.as_dict()["settings"]
        provider = accounts.load_provider(session, account)
    assert isinstance(provider, TencentProvider)
    assert provider.submit(
        [OutgoingMessage("r1", "+8613900000001", "", "测试商店", "1001", {"1": "x"})]
    )[0].accepted


def test_settings_are_checked(db: Database) -> None:
    with db.session() as session:
        with pytest.raises(ValidationError) as caught:
            accounts.create_account(
                session, name="x", kind="aliyun", settings={"access_key_secret": "s"}
            )
        assert caught.value.params["reason"] == "secret_in_settings"
        with pytest.raises(ValidationError):
            accounts.create_account(session, name="x", kind="aliyun", settings={"colour": "red"})
        with pytest.raises(ConfigurationError):
            accounts.create_account(session, name="x", kind="aliyun", endpoint="http://10.1.1.1:80")
        with pytest.raises(ValidationError):
            accounts.create_account(session, name="x", kind="tencent", batch_size=201)
        with pytest.raises(ConfigurationError):
            accounts.create_account(session, name="x", kind="carrier-pigeon")
        account = accounts.create_account(
            session,
            name="x",
            kind="tencent",
            settings={"international": "yes", "pull_mode": "by_number"},
        )
        assert account.settings == {"international": True, "pull_mode": "by_number"}
        with pytest.raises(ValidationError):
            accounts.create_account(session, name="x", kind="sandbox")  # duplicate name


def test_sandbox_is_the_default_active_account(db: Database) -> None:
    with db.session() as session:
        assert accounts.list_accounts(session) == []
        active = accounts.active_account(session)
        assert active.kind == "sandbox"
        assert active.name == "Sandbox"
        assert accounts.active_account(session).id == active.id  # created once
        assert isinstance(accounts.load_provider(session, active), SandboxProvider)
        assert accounts.summarize(session, active).is_active


def test_use_rename_delete(
    db: Database, fake_tencent: FakeTencent, memory_keyring: MemoryKeyring
) -> None:
    add_tencent(db, fake_tencent)
    with db.session() as session:
        accounts.set_active(session, "腾讯云")
        assert app_settings.get(session, "provider.active_account") == "腾讯云"
        account = accounts.get_account(session, "腾讯云")
        accounts.update_account(session, account, name="Tencent main", rate_per_second=20)
        assert accounts.active_account(session).name == "Tencent main"
        assert accounts.read_secret(account) == fake_tencent.secret_key  # survives a rename
        accounts.update_account(session, account, secret="new-secret-value")
        assert accounts.read_secret(account) == "new-secret-value"
        accounts.update_account(
            session, account, settings={**fake_tencent.provider_settings(), "region": "ap-beijing"}
        )
        assert account.settings["region"] == "ap-beijing"
        assert accounts.read_secret(account)
        accounts.delete_account(session, account)
        assert memory_keyring.secrets == {}
        assert app_settings.get(session, "provider.active_account") is None
        with pytest.raises(NotFoundError):
            accounts.get_account(session, "Tencent main")
        assert accounts.active_account(session).kind == "sandbox"
        actions = [e.action for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions[:2] == ["provider.add", "provider.use"]
    assert "provider.delete" in actions


def test_missing_secret_pauses_instead_of_crashing(
    db: Database, memory_keyring: MemoryKeyring
) -> None:
    with db.session() as session:
        account = accounts.create_account(
            session, name="ali", kind="aliyun", settings={"key_id": "LTAI"}, secret="s3cr3t"
        )
        memory_keyring.secrets.clear()
        with pytest.raises(ProviderRefusedError) as caught:
            accounts.load_provider(session, account)
        assert caught.value.category is ErrorCategory.AUTH


def test_connection_test_goes_through_the_adapter(db: Database, fake_aliyun: FakeAliyun) -> None:
    with db.session() as session:
        account = accounts.create_account(
            session,
            name="阿里云",
            kind="aliyun",
            settings=fake_aliyun.provider_settings(),
            secret=fake_aliyun.secret,
            endpoint=fake_aliyun.url,
        )
        config = accounts.provider_config(account)
    accounts.test_connection(config)
    assert fake_aliyun.accepted == []
    assert fake_aliyun.auth_failures == 0


def _every_row(db: Database) -> str:
    dump = []
    with db.session() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)):
                dump.append(repr(tuple(row)))
        dump.extend(repr(tuple(r)) for r in session.execute(text("SELECT * FROM sqlite_master")))
    return "\n".join(dump)


def test_secrets_never_reach_database_logs_or_errors(
    db: Database,
    db_path: Path,
    tmp_path: Path,
    fake_aliyun: FakeAliyun,
    fake_reseller: FakeHttpReseller,
) -> None:
    log_file = tmp_path / "smsdesk.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    ali_secret = "ALI-SECRET-do-not-leak-7f3a"
    reseller_secret = fake_reseller.api_key
    errors: list[str] = []
    try:
        with db.session() as session:
            ali = accounts.create_account(
                session,
                name="阿里云",
                kind="aliyun",
                settings=fake_aliyun.provider_settings(),
                secret=ali_secret,
                endpoint=fake_aliyun.url,
            )
            reseller = accounts.create_account(
                session,
                name="Reseller",
                kind="http",
                settings=fake_reseller.provider_settings(),
                secret=reseller_secret,
                endpoint=fake_reseller.url,
            )
            accounts.update_account(session, ali, rate_per_second=5)
            configs = [accounts.provider_config(ali), accounts.provider_config(reseller)]
            summaries = [repr(accounts.summarize(session, a)) for a in (ali, reseller)]
            summaries += [repr(accounts.summarize(session, a).as_dict()) for a in (ali, reseller)]
        # The Alibaba secret is wrong for this fake: every call fails with an auth error.
        for call in (
            lambda: accounts.test_connection(configs[0]),
            lambda: accounts.create_provider(configs[0]).submit(
                [OutgoingMessage("r", "+8613800000001", "", "店", "SMS_1", {})]
            ),
        ):
            try:
                call()
            except SMSDeskError as exc:
                errors += [str(exc), repr(exc), repr(exc.params), repr(exc.args)]
        reseller_provider = accounts.create_provider(configs[1])
        [result] = reseller_provider.submit([OutgoingMessage("r2", "+8613800000002", "hello")])
        reseller_provider.pull_receipts(
            [PendingMessage("r2", "+8613800000002", result.provider_message_id, utc_now())]
        )
        fake_reseller.balance = 0
        try:
            reseller_provider.submit([OutgoingMessage("r3", "+8613800000003", "hello")])
        except SMSDeskError as exc:
            errors += [str(exc), repr(exc), repr(exc.params)]
        errors += [repr(c) for c in configs] + summaries
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)
        handler.close()
    assert len(errors) > 8
    everything = "\n".join(errors) + _every_row(db) + log_file.read_text(encoding="utf-8")
    everything += db_path.read_bytes().decode("latin-1")
    for secret in (ali_secret, reseller_secret):
        assert secret not in everything
    assert fake_aliyun.auth_failures >= 2  # the calls really happened
