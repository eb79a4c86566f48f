"""The template editor: live highlighting by severity, tooltips, one-click fixes, the carrier
selector, the preview, saving, and approvals set by hand."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent, QTextCharFormat
from PySide6.QtWidgets import QApplication, QMessageBox, QToolTip
from pytestqt.qtbot import QtBot

from smsdesk.core.compliance.findings import Finding, Severity
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import Contact, ProviderAccount, Template
from smsdesk.core.enums import ApprovalStatus, Carrier
from smsdesk.core.templates import approvals, signature_store, template_store
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.templates.checked_text_edit import SEVERITY_COLORS
from smsdesk.ui.templates.templates_page import TemplatesPage

BODY = "{name}，今晚20:00前到店全场最佳8折，拒收请回复R"


@pytest.fixture
def ids(db: Database) -> dict[str, int]:
    with db.session() as session:
        account = ProviderAccount(name="阿里云", kind="aliyun")
        session.add(account)
        session.add(Contact(e164="+8613812345678", name="欧阳娜娜", carrier="mobile"))
        session.flush()
        signature = signature_store.create_signature(session, name="XX生鲜")
        template = template_store.create_template(
            session, name="周末", body=BODY, signature_id=signature
        )
        return {"account": account.id, "signature": signature, "template": template}


@pytest.fixture
def page(ctx: AppContext, qtbot: QtBot, ids: dict[str, int]) -> TemplatesPage:
    widget = TemplatesPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    widget.ensure_loaded()
    qtbot.waitUntil(lambda: widget.template_id == ids["template"])
    ctx.tasks.wait_all(10000)
    return widget


def type_text(qtbot: QtBot, page: TemplatesPage, text: str) -> None:
    """Replace the body as typing would, then wait for the debounced check."""
    page.form.editor.setPlainText(text)
    qtbot.waitUntil(lambda: not page.form.check_timer.isActive(), timeout=3000)


def underlines(page: TemplatesPage) -> dict[str, QTextCharFormat]:
    return {
        s.cursor.selectedText(): QTextCharFormat(s.format)
        for s in page.form.editor.extraSelections()
    }


def finding_row(page: TemplatesPage, rule: str) -> int:
    rules = [f.rule for f in page.form.findings_panel.findings()]
    return rules.index(rule)


def test_findings_are_underlined_by_severity(qtbot: QtBot, page: TemplatesPage) -> None:
    type_text(qtbot, page, "今晚全场最佳，详见 t.cn/abc，大家快来，拒收请回复R")
    marks = underlines(page)
    for text, severity in (
        ("最佳", Severity.ERROR),
        ("t.cn/abc", Severity.ERROR),
        ("大家", Severity.HINT),
    ):
        assert marks[text].underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
        assert marks[text].underlineColor() == SEVERITY_COLORS[severity]
    assert page.form.last_report is not None
    assert not page.form.last_report.ok


def test_checking_follows_typing(qtbot: QtBot, page: TemplatesPage) -> None:
    page.form.editor.setFocus()
    page.form.editor.selectAll()
    qtbot.keyClicks(page.form.editor, "Sale ends today")
    qtbot.waitUntil(lambda: "optout.missing" in page.form.last_report.rules(), timeout=3000)  # type: ignore[union-attr]
    assert "Characters: 21" in page.form.counter.text()  # 【XX生鲜】 + 15 letters


def test_tooltip_explains_the_underline(qtbot: QtBot, page: TemplatesPage) -> None:
    type_text(qtbot, page, "{name}，今晚全场最佳，拒收请回复R")
    position = page.form.editor.toPlainText().index("最佳") + 1
    assert "Advertising Law" in page.form.editor.tooltip_at(position)
    assert "优选" in page.form.editor.tooltip_at(position)  # the fix
    assert page.form.editor.tooltip_at(page.form.editor.toPlainText().index("今")) == ""
    cursor = page.form.editor.textCursor()
    cursor.setPosition(position)
    point = page.form.editor.cursorRect(cursor).center()
    event = QHelpEvent(QEvent.Type.ToolTip, point, page.form.editor.viewport().mapToGlobal(point))
    QApplication.sendEvent(page.form.editor.viewport(), event)
    assert "Advertising Law" in QToolTip.text()
    QToolTip.hideText()


def test_spans_after_an_emoji_are_exact(qtbot: QtBot, page: TemplatesPage) -> None:
    type_text(qtbot, page, "🎉🎉全场最佳，拒收请回复R")
    assert "最佳" in underlines(page)
    assert "🎉" in underlines(page)  # the emoji warning itself


def test_one_click_fix_replaces_the_word(qtbot: QtBot, page: TemplatesPage) -> None:
    type_text(qtbot, page, "今晚全场最佳，拒收请回复R")
    button = page.form.findings_panel.fix_button(finding_row(page, "words.advertising_law"))
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert page.form.editor.toPlainText() == "今晚全场优选，拒收请回复R"
    assert "words.advertising_law" not in page.form.last_report.rules()  # type: ignore[union-attr]


def test_one_click_fix_appends_the_opt_out(qtbot: QtBot, page: TemplatesPage) -> None:
    type_text(qtbot, page, "{name}，今晚8折")
    button = page.form.findings_panel.fix_button(finding_row(page, "optout.missing"))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]
    assert page.form.editor.toPlainText() == "{name}，今晚8折，拒收请回复R"
    assert page.form.last_report is not None
    assert "optout.missing" not in page.form.last_report.rules()


def test_fix_alternatives_in_the_menu(qtbot: QtBot, page: TemplatesPage) -> None:
    type_text(qtbot, page, "{name}，领券戳 t.cn/abc，拒收请回复R")
    button = page.form.findings_panel.fix_button(finding_row(page, "contact.link"))
    assert button is not None
    labels = [a.text() for a in button.actions()]
    assert any("我的优惠券" in label for label in labels)
    next(a for a in button.actions() if "我的优惠券" in a.text()).trigger()
    assert "t.cn" not in page.form.editor.toPlainText()
    assert "打开APP查看「我的优惠券」" in page.form.editor.toPlainText()


def test_signature_fix_selects_the_registered_signature(qtbot: QtBot, page: TemplatesPage) -> None:
    page.form.signature_combo.setCurrentIndex(0)  # (no signature)
    page.form.run_check()
    assert "signature.missing" in page.form.last_report.rules()  # type: ignore[union-attr]
    page.form.apply_fix(
        next(f for f in page.form.last_report.findings if f.rule == "signature.missing").fix
    )  # type: ignore[union-attr, arg-type]
    assert page.form.signature_name() == "XX生鲜"
    assert page.form.editor.toPlainText() == BODY


def test_undo_takes_a_fix_back(qtbot: QtBot, page: TemplatesPage) -> None:
    type_text(qtbot, page, "今晚全场最佳，拒收请回复R")
    qtbot.mouseClick(
        page.form.findings_panel.fix_button(finding_row(page, "words.advertising_law")),
        Qt.MouseButton.LeftButton,
    )  # type: ignore[arg-type]
    page.form.editor.undo()
    assert page.form.editor.toPlainText() == "今晚全场最佳，拒收请回复R"


def test_carrier_selector_shows_telecom_only_rules(qtbot: QtBot, page: TemplatesPage) -> None:
    type_text(qtbot, page, "{name}，详见 t.cn/abc，今晚截止，拒收请回复R")

    def link() -> Finding:
        assert page.form.last_report is not None
        return next(f for f in page.form.last_report.findings if f.rule == "contact.link")

    assert link().severity is Severity.ERROR
    combo = page.form.preview.carrier_combo
    combo.setCurrentIndex(
        next(i for i in range(combo.count()) if combo.itemData(i) == [Carrier.MOBILE])
    )
    assert link().severity is Severity.WARNING
    assert underlines(page)["t.cn/abc"].underlineColor() == SEVERITY_COLORS[Severity.WARNING]
    combo.setCurrentIndex(
        next(i for i in range(combo.count()) if combo.itemData(i) == [Carrier.TELECOM])
    )
    assert link().severity is Severity.ERROR


def test_preview_for_a_sample_contact(qtbot: QtBot, page: TemplatesPage) -> None:
    assert page.form.preview.bubble.text().startswith("【XX生鲜】张先生，")
    page.form.preview.sample_combo.setCurrentIndex(1)
    assert page.form.preview.bubble.text().startswith("【XX生鲜】欧阳娜娜，")
    assert "138****5678" in page.form.preview.sample_combo.currentText()


def test_length_counts_the_longest_contact_name(page: TemplatesPage) -> None:
    # "欧阳娜娜" is longer than the sample "张先生": the count is for the worst case.
    assert page.form.last_report is not None
    assert page.form.last_report.chars == len("【XX生鲜】" + BODY.replace("{name}", "欧阳娜娜"))


def test_save_and_reapproval(
    qtbot: QtBot, page: TemplatesPage, db: Database, ids: dict[str, int]
) -> None:
    with db.session() as session:
        approvals.set_template_approval(
            session,
            template_id=ids["template"],
            provider_account_id=ids["account"],
            status=ApprovalStatus.APPROVED,
        )
    page.load_template(ids["template"])
    assert not page.form.approval_table.needs_reapproval(0)
    type_text(qtbot, page, BODY.replace("8折", "7折"))
    assert page.form.approval_table.needs_reapproval(0)  # shown while typing, before saving
    assert page.form.save_button.isEnabled()
    assert page.save()
    with db.session() as session:
        assert template_store.get_template(session, ids["template"]).body == BODY.replace(
            "8折", "7折"
        )
        assert not approvals.is_sendable(session, ids["template"], ids["account"])


def test_approval_set_by_hand(
    qtbot: QtBot, page: TemplatesPage, db: Database, ids: dict[str, int]
) -> None:
    table = page.form.approval_table
    table.code_edit(0).setText("SMS_154950909")
    combo = table.status_combo(0)
    combo.setCurrentIndex(combo.findData(ApprovalStatus.APPROVED.value))
    with db.session() as session:
        state = approvals.approval_for(session, ids["template"], ids["account"])
        assert state is not None
        assert (state.status, state.provider_code, state.approved_text) == (
            ApprovalStatus.APPROVED,
            "SMS_154950909",
            BODY,
        )
    qtbot.waitUntil(lambda: table.status_combo(0).currentData() == ApprovalStatus.APPROVED.value)


def test_new_and_delete(qtbot: QtBot, page: TemplatesPage, db: Database) -> None:
    page.new_template()
    assert page.template_list.count() == 2
    assert page.form.name_edit.text() == "New template"
    assert page.form.signature_name() == "XX生鲜"
    page.delete_current()
    assert page.template_list.count() == 1
    with db.session() as session:
        assert [t.name for t in template_store.list_templates(session)] == ["周末"]


def test_duplicate_name_is_refused_inline(qtbot: QtBot, page: TemplatesPage, db: Database) -> None:
    page.new_template()
    page.form.name_edit.setText("周末")
    page._set_dirty(True)
    assert not page.save()
    assert "already" in page.form.status_label.text()


def test_delete_asks_without_blocking(qtbot: QtBot, page: TemplatesPage, db: Database) -> None:
    page._on_delete_clicked()
    box = page.findChild(QMessageBox)
    assert box is not None
    assert box.isVisible()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.template_list.count() == 0)
    assert page.stack.currentWidget() is page.empty
    with db.session() as session:
        assert template_store.list_templates(session) == []


def test_word_lists_can_be_switched_off(qtbot: QtBot, page: TemplatesPage) -> None:
    type_text(qtbot, page, "{name}，今晚全场最佳，拒收请回复R")
    assert "words.advertising_law" in page.form.last_report.rules()  # type: ignore[union-attr]
    (action,) = [
        a for a in page.form.wordlist_button.menu().actions() if a.data() == "advertising_law"
    ]
    action.setChecked(False)
    assert "words.advertising_law" not in page.form.last_report.rules()  # type: ignore[union-attr]
    assert "advertising_law" not in page.form.enabled_wordlists()
    action.setChecked(True)
    assert "words.advertising_law" in page.form.last_report.rules()  # type: ignore[union-attr]


def test_submit_for_review_and_pull_the_verdict(
    ctx: AppContext, page: TemplatesPage, qtbot: QtBot, ids: dict[str, int]
) -> None:
    """Against the fake Alibaba Cloud: the button submits the saved text, the status button
    brings the approval back, and a provider that fails says why and changes nothing."""
    from tests.helpers.fake_providers.aliyun_fake import FakeAliyun

    table = page.form.approval_table
    with FakeAliyun().running() as fake:
        with ctx.session() as session:
            good = fake.create_account(session, "阿里云 正式").id
            # the fixture's text says 最佳 (an absolute term): such a text is not submitted
            session.get(Template, ids["template"]).body = BODY.replace("最佳", "")
        page.load_template(ids["template"])
        names = [table.item(row, 0).text() for row in range(table.rowCount())]
        row = names.index("阿里云 正式")
        assert table.review_button(row).isEnabled()
        table.review_button(row).click()
        ctx.tasks.wait_all(10000)
        qtbot.waitUntil(
            lambda: table.status_combo(row).currentData() == ApprovalStatus.SUBMITTED.value
        )
        [code] = fake.templates
        assert fake.templates[code]["content"].startswith("${name}，今晚20:00前到店")
        assert table.code_edit(row).text() == code
        assert code in page.form.status_label.text()

        fake.set_template_status(code, "1")
        page.form.pull_reviews_button.click()
        ctx.tasks.wait_all(10000)
        qtbot.waitUntil(
            lambda: table.status_combo(row).currentData() == ApprovalStatus.APPROVED.value
        )
        with ctx.session() as session:
            info = approvals.approval_for(session, ids["template"], good)
        assert info is not None
        assert info.sendable

    # The account from the fixture has no credentials: the provider refuses, nothing changes.
    table.review_button(names.index("阿里云")).click()
    ctx.tasks.wait_all(10000)
    qtbot.waitUntil(lambda: "#d32f2f" in page.form.status_label.styleSheet())
    with ctx.session() as session:
        assert approvals.approval_for(session, ids["template"], ids["account"]) is None


def test_a_text_with_errors_is_not_sent_for_review(
    ctx: AppContext, page: TemplatesPage, qtbot: QtBot, ids: dict[str, int]
) -> None:
    page.submit_for_review(ids["account"])  # the fixture's text says 最佳
    ctx.tasks.wait_all(10000)
    qtbot.waitUntil(lambda: "#d32f2f" in page.form.status_label.styleSheet())
    assert "Problems" in page.form.status_label.text()


def test_verdicts_recorded_by_the_sender_show_without_a_click(
    ctx: AppContext, page: TemplatesPage, qtbot: QtBot, ids: dict[str, int]
) -> None:
    with ctx.session() as session:
        approvals.set_template_approval(
            session,
            template_id=ids["template"],
            provider_account_id=ids["account"],
            status=ApprovalStatus.REJECTED,
            provider_code="SMS_1",
            reason="含营销敏感词",
        )
    ctx.notify("reviews")  # what the sender thread's signal does after a review pull
    table = page.form.approval_table
    qtbot.waitUntil(lambda: table.status_combo(0).currentData() == ApprovalStatus.REJECTED.value)
    assert table.reason_edit(0).text() == "含营销敏感词"
