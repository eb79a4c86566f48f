"""The signatures page: add and rename signatures, and record their approval per account."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import ProviderAccount
from smsdesk.core.enums import ApprovalStatus
from smsdesk.core.templates import signature_store
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.templates.signatures_page import SignaturesPage


@pytest.fixture
def accounts(db: Database) -> list[int]:
    with db.session() as session:
        rows = [
            ProviderAccount(name="阿里云", kind="aliyun"),
            ProviderAccount(name="腾讯云", kind="tencent"),
        ]
        session.add_all(rows)
        session.flush()
        return [row.id for row in rows]


@pytest.fixture
def page(ctx: AppContext, qtbot: QtBot, accounts: list[int]) -> SignaturesPage:
    widget = SignaturesPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    widget.ensure_loaded()
    return widget


def test_add_a_signature(qtbot: QtBot, page: SignaturesPage, db: Database) -> None:
    assert page.table.topLevelItemCount() == 0
    page.name_edit.insert("【XX生鲜】")  # as typed (keyClicks only knows ASCII)
    page.company_edit.setText("XX生鲜有限公司")
    assert "【XX生鲜】" in page.name_hint.text()
    assert page.save()
    assert page.table.topLevelItemCount() == 1
    assert page.table.topLevelItem(0).text(0) == "【XX生鲜】"
    with db.session() as session:
        (info,) = signature_store.list_signatures(session)
    assert (info.name, info.company) == ("XX生鲜", "XX生鲜有限公司")


def test_invalid_names_are_explained_not_saved(
    qtbot: QtBot, page: SignaturesPage, db: Database
) -> None:
    page.name_edit.insert("店")
    assert "2–12" in page.name_hint.text()
    assert not page.save()
    with db.session() as session:
        assert signature_store.list_signatures(session) == []


def test_approval_per_account(
    qtbot: QtBot, page: SignaturesPage, db: Database, accounts: list[int]
) -> None:
    page.name_edit.setText("XX生鲜")
    assert page.save()
    table = page.approval_table
    assert table.rowCount() == 2
    names = [table.item(row, 0).text() for row in range(2)]
    row = names.index("腾讯云")
    table.reason_edit(row).setText("签名与企业名称不符")
    combo = table.status_combo(row)
    combo.setCurrentIndex(combo.findData(ApprovalStatus.REJECTED.value))
    with db.session() as session:
        (info,) = signature_store.list_signatures(session)
    assert [(a.account_name, a.status, a.reason) for a in info.approvals] == [
        ("腾讯云", ApprovalStatus.REJECTED, "签名与企业名称不符")
    ]
    header = page.table.headerItem()
    tencent_column = next(c for c in range(page.table.columnCount()) if header.text(c) == "腾讯云")
    qtbot.waitUntil(lambda: page.table.topLevelItem(0).text(tencent_column) == "Rejected")


def test_new_account_appears_after_providers_change(
    qtbot: QtBot, page: SignaturesPage, ctx: AppContext, db: Database
) -> None:
    with db.session() as session:
        session.add(ProviderAccount(name="Twilio", kind="twilio"))
    ctx.notify("providers")
    qtbot.waitUntil(lambda: page.table.columnCount() == 5)


def test_tencent_signature_review_with_the_licence_image(
    ctx: AppContext, qtbot: QtBot, page: SignaturesPage, db: Database, tmp_path: Path
) -> None:
    from tests.helpers.fake_providers.tencent_fake import FakeTencent

    with FakeTencent().running() as fake:
        with db.session() as session:
            account_id = fake.create_account(session, "腾讯云 正式").id
            signature_store.create_signature(session, name="XX生鲜", company="XX生鲜有限公司")
        page.refresh()
        licence = tmp_path / "licence.png"
        licence.write_bytes(b"\x89PNG\r\n\x1a\n licence")
        page.submit_for_review(account_id, licence)
        ctx.tasks.wait_all(10000)
        qtbot.waitUntil(lambda: bool(fake.signs))
        [sign] = fake.signs.values()
        assert (sign["name"], sign["proof"]) == ("XX生鲜", licence.read_bytes())
        sign["status"] = 0  # approved
        page.pull_reviews_button.click()
        ctx.tasks.wait_all(10000)
        qtbot.waitUntil(lambda: "1 decided" in page.review_hint.text())
    with db.session() as session:
        [info] = signature_store.list_signatures(session)
    status = {a.provider_account_id: a.status for a in info.approvals}
    assert status[account_id] == ApprovalStatus.APPROVED
    column = 2 + [name for _, name in page._accounts].index("腾讯云 正式")
    assert page.table.topLevelItem(0).text(column) == "Approved"


def test_an_unreadable_licence_image_is_reported(
    ctx: AppContext, qtbot: QtBot, page: SignaturesPage, db: Database, tmp_path: Path
) -> None:
    with db.session() as session:
        signature_store.create_signature(session, name="XX生鲜", company="XX生鲜有限公司")
    page.refresh()
    tencent = next(account_id for account_id, name in page._accounts if name == "腾讯云")
    page.submit_for_review(tencent, tmp_path / "missing.png")
    ctx.tasks.wait_all(10000)
    qtbot.waitUntil(lambda: "Could not read the file" in page.review_hint.text())
    assert "#d32f2f" in page.review_hint.styleSheet()
