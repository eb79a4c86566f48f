"""The Providers page: list, add with the secret going to the keychain, test in the background,
choose the account that sends, delete."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from smsdesk.core import settings as app_settings
from smsdesk.core.providers import accounts
from smsdesk.ui.providers.providers_page import ProvidersPage
from tests.conftest import MemoryKeyring
from tests.helpers.fake_providers import FakeTencent


@pytest.fixture
def fake() -> Iterator[FakeTencent]:
    with FakeTencent().running() as server:
        yield server  # type: ignore[misc]


@pytest.fixture
def page(ctx, qtbot: QtBot) -> ProvidersPage:  # type: ignore[no-untyped-def]
    widget = ProvidersPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    widget.ensure_loaded()
    qtbot.waitUntil(lambda: widget.table.rowCount() == 1, timeout=10000)
    return widget


def row_names(page: ProvidersPage) -> list[str]:
    return [page.table.item(i, 0).text() for i in range(page.table.rowCount())]


def add_tencent(page: ProvidersPage, qtbot: QtBot, fake: FakeTencent, *, secret: str) -> None:
    page.add_button.click()
    dialog = page.dialog
    assert dialog is not None
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("tencent"))
    dialog.name_edit.setText("腾讯云")
    for key, value in fake.provider_settings().items():
        dialog.set_field(key, value)
    dialog.endpoint_edit.setText(fake.url)
    dialog.secret_edit.setText(secret)
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: "腾讯云" in row_names(page), timeout=10000)


def test_sandbox_is_listed_and_labelled(page: ProvidersPage) -> None:
    assert row_names(page) == ["Sandbox"]
    assert page.table.item(0, 1).text() == "Sandbox (sends nothing)"
    assert page.sandbox_banner.isVisible()
    page.table.selectRow(0)
    assert not page.delete_button.isEnabled()  # the built-in Sandbox stays
    assert not page.use_button.isEnabled()  # it is already in use


def test_add_test_use_delete(
    page: ProvidersPage, qtbot: QtBot, fake: FakeTencent, memory_keyring: MemoryKeyring, ctx
) -> None:  # type: ignore[no-untyped-def]
    add_tencent(page, qtbot, fake, secret=fake.secret_key)
    assert list(memory_keyring.secrets.values()) == [fake.secret_key]
    page.select_account("腾讯云")
    page.test_button.click()
    qtbot.waitUntil(lambda: "OK" in page.result_label.text(), timeout=10000)
    assert "Nothing was sent" in page.result_label.text()
    assert fake.accepted == []

    page.use_button.click()
    qtbot.waitUntil(lambda: not page.sandbox_banner.isVisible(), timeout=10000)
    with ctx.session() as session:
        assert app_settings.get(session, "provider.active_account") == "腾讯云"

    page.select_account("腾讯云")
    page.delete_button.click()
    box = page._confirm
    assert isinstance(box, QMessageBox)
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: row_names(page) == ["Sandbox"], timeout=10000)
    assert memory_keyring.secrets == {}
    qtbot.waitUntil(page.sandbox_banner.isVisible, timeout=10000)


def test_failed_test_shows_a_reason_without_the_secret(
    page: ProvidersPage, qtbot: QtBot, fake: FakeTencent
) -> None:
    add_tencent(page, qtbot, fake, secret="wrong-key-shown-nowhere")
    page.select_account("腾讯云")
    page.test_button.click()
    qtbot.waitUntil(lambda: "credentials" in page.result_label.text(), timeout=10000)
    text = page.result_label.text()
    assert "AuthFailure.SignatureFailure" in text
    assert "wrong-key-shown-nowhere" not in text


def test_dialog_checks_input_and_shows_core_errors(page: ProvidersPage, qtbot: QtBot, ctx) -> None:  # type: ignore[no-untyped-def]
    page.add_button.click()
    dialog = page.dialog
    assert dialog is not None
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("aliyun"))
    dialog.name_edit.setText("阿里云")
    dialog.buttons.accepted.emit()
    assert dialog.error_label.isVisibleTo(dialog)
    assert "AccessKey ID" in dialog.error_label.text()
    dialog.set_field("key_id", "LTAI5t")
    dialog.secret_edit.setText("s3cret")
    dialog.endpoint_edit.setText("http://sms.example.com")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(
        lambda: "only allowed to this computer" in dialog.error_label.text(), timeout=10000
    )
    assert dialog.result() != QDialog.DialogCode.Accepted
    dialog.endpoint_edit.setText("")
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        dialog.buttons.accepted.emit()
    with ctx.session() as session:
        account = accounts.get_account(session, "阿里云")
        assert account.settings["key_id"] == "LTAI5t"
        assert account.batch_size == 1


def test_edit_keeps_the_secret_when_left_empty(
    page: ProvidersPage, qtbot: QtBot, fake: FakeTencent, memory_keyring: MemoryKeyring, ctx
) -> None:  # type: ignore[no-untyped-def]
    add_tencent(page, qtbot, fake, secret=fake.secret_key)
    page.select_account("腾讯云")
    page.edit_button.click()
    dialog = page.dialog
    assert dialog is not None
    assert not dialog.kind_combo.isEnabled()
    assert dialog.secret_edit.text() == ""
    dialog.rate_spin.setValue(12)
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        dialog.buttons.accepted.emit()
    qtbot.waitUntil(
        lambda: page.table.item(row_names(page).index("腾讯云"), 3).text() == "12 /s", timeout=10000
    )
    assert list(memory_keyring.secrets.values()) == [fake.secret_key]
