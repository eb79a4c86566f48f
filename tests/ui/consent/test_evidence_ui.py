"""The evidence panel (verify with a clear verdict, export for a number), the consent timeline
for the contact detail, and the record-consent dialog with an evidence file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from smsdesk.core.consent import consent_log, opt_outs
from smsdesk.core.consent.replies import record_reply
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import ConsentRecord
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.consent.consent_timeline import ConsentTimeline
from smsdesk.ui.consent.evidence_panel import EvidencePanel
from smsdesk.ui.consent.record_consent_dialog import RecordConsentDialog
from tests.helpers.consent_records import raw_sql

NUMBER = "+8613812345678"
NOW = datetime.now(UTC)


def grant(ctx: AppContext, number: str = NUMBER, days_ago: int = 30) -> None:
    with ctx.session() as session:
        consent_log.grant(session, number, scope="marketing", method="paper",
                          evidence_text="会员登记表", consented_at=NOW - timedelta(days=days_ago))  # fmt: skip


def make_panel(ctx: AppContext, qtbot: QtBot) -> EvidencePanel:
    panel = EvidencePanel(ctx)
    qtbot.addWidget(panel)
    return panel


def test_verify_says_intact(ctx: AppContext, qtbot: QtBot) -> None:
    grant(ctx)
    grant(ctx, "+8613912345678")
    panel = make_panel(ctx, qtbot)
    panel.verify()
    qtbot.waitUntil(lambda: panel.task is None, timeout=10000)
    assert panel.last_result is not None
    assert panel.last_result.ok
    assert "The evidence log is intact." in panel.result.text()
    assert "2 records checked" in panel.result.text()
    assert panel.verify_button.isEnabled()
    assert panel.progress.isHidden()


def test_verify_says_what_was_tampered(
    ctx: AppContext, qtbot: QtBot, db: Database, db_path: Path
) -> None:
    for days in (30, 20, 10):
        grant(ctx, days_ago=days)
    with raw_sql(db_path) as connection:
        connection.execute("DELETE FROM consent_records WHERE id = 2")
    panel = make_panel(ctx, qtbot)
    panel.verify()
    qtbot.waitUntil(lambda: panel.task is None, timeout=10000)
    text = panel.result.text()
    assert "The evidence log does NOT verify." in text
    assert "One or more records were deleted just before record #3." in text
    assert "Do not edit the database." in text


def test_panel_exports_evidence_for_a_number(ctx: AppContext, qtbot: QtBot, tmp_path: Path) -> None:
    grant(ctx)
    panel = make_panel(ctx, qtbot)
    target = tmp_path / "evidence.pdf"
    with qtbot.waitSignal(panel.exporter.finished, timeout=20000) as blocker:
        panel.exporter.export_to(NUMBER, target)
    ok, message = blocker.args
    assert ok
    assert message == f"Evidence for 138****5678 saved to {target}. The evidence log verifies."
    assert target.read_bytes().startswith(b"%PDF")


def test_panel_refuses_a_bad_number_before_asking_for_a_file(ctx: AppContext, qtbot: QtBot) -> None:
    panel = make_panel(ctx, qtbot)
    panel.export_number.setText("hello")
    panel.export_button.click()
    assert panel.export_status.text() == "This is not a phone number."


def make_timeline(ctx: AppContext, qtbot: QtBot) -> ConsentTimeline:
    timeline = ConsentTimeline(ctx)
    qtbot.addWidget(timeline)
    return timeline


def events(timeline: ConsentTimeline) -> list[tuple[str, str]]:
    tree = timeline.tree
    return [
        (tree.topLevelItem(i).text(1), tree.topLevelItem(i).text(3))
        for i in range(tree.topLevelItemCount())
    ]


def test_timeline_shows_the_story_newest_first(ctx: AppContext, qtbot: QtBot) -> None:
    grant(ctx, days_ago=40)
    with ctx.session() as session:
        record_reply(session, e164=NUMBER, text="TD是什么", received_at=NOW - timedelta(days=5))
        record_reply(session, e164=NUMBER, text="退订", received_at=NOW - timedelta(days=2))
    timeline = make_timeline(ctx, qtbot)
    assert not timeline.record_button.isEnabled()
    timeline.show_number(NUMBER)
    assert "138****5678" in timeline.state.text()
    assert "Consent: No consent" in timeline.state.text()
    assert "Opted out since" in timeline.state.text()
    assert timeline.resubscribe_button.isVisibleTo(timeline)
    titles = [title for title, _ in events(timeline)]
    assert titles[-1] == "Consent given"
    assert set(titles[:3]) == {"Consent withdrawn", "Put on opt-out list", "Replied"}
    assert ("Replied", "TD是什么") in events(timeline)


def test_timeline_records_consent_with_an_evidence_file(
    ctx: AppContext, qtbot: QtBot, tmp_path: Path
) -> None:
    scan = tmp_path / "签字.jpg"
    scan.write_bytes(b"scan")
    timeline = make_timeline(ctx, qtbot)
    timeline.show_number(NUMBER)
    assert not timeline.resubscribe_button.isVisibleTo(timeline)
    dialog = timeline.open_record_dialog(resubscribe=False)
    assert dialog.number.isReadOnly()
    dialog.scope.setCurrentIndex(dialog.scope.findData("service"))
    dialog.method.setCurrentIndex(dialog.method.findData("signature"))
    dialog.source.setText("徐汇门店")
    dialog.evidence.setPlainText("顾客签字确认")
    dialog.set_evidence_file(scan)
    assert dialog.file_label.text() == "签字.jpg"
    with qtbot.waitSignal(timeline.changed, timeout=10000):
        dialog.save()
    assert events(timeline)[0] == ("Consent given", "顾客签字确认 · File: 签字.jpg")
    assert "Consent: Service notices only" in timeline.state.text()
    with ctx.session() as session:
        record = session.scalars(select(ConsentRecord)).one()
        assert (record.scope, record.method, record.source) == ("service", "signature", "徐汇门店")
        assert record.evidence_file.endswith("/签字.jpg")
        assert len(record.evidence_sha256) == 64


def test_timeline_withdrawal_and_resubscribe(ctx: AppContext, qtbot: QtBot) -> None:
    grant(ctx)
    timeline = make_timeline(ctx, qtbot)
    timeline.show_number(NUMBER)
    dialog = timeline.open_record_dialog(resubscribe=False)
    dialog.withdraw_button.setChecked(True)
    assert not dialog.scope.isEnabled()
    with qtbot.waitSignal(timeline.changed, timeout=10000):
        dialog.save()
    assert "Consent: No consent" in timeline.state.text()
    with ctx.session() as session:
        opt_outs.add_opt_out(session, NUMBER, reason="T", source="reply")
    ctx.notify("optouts")
    assert timeline.resubscribe_button.isVisibleTo(timeline)
    again = timeline.open_record_dialog(resubscribe=True)
    again.evidence.setPlainText("重新签字")
    with qtbot.waitSignal(timeline.changed, timeout=10000):
        again.save()
    assert "Not opted out" in timeline.state.text()
    assert "Consent: Marketing" in timeline.state.text()


def test_record_dialog_shows_core_refusals(ctx: AppContext, qtbot: QtBot) -> None:
    with ctx.session() as session:
        opt_outs.add_opt_out(session, NUMBER, reason="T", source="reply")
    dialog = RecordConsentDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.number.setText("13812345678")
    dialog.number.editingFinished.emit()
    assert "opted out on" in dialog.intro.text()
    dialog.save()  # marketing consent without evidence for an opted-out number
    qtbot.waitUntil(lambda: dialog.error.isVisibleTo(dialog), timeout=10000)
    assert "Describe the new consent in Evidence" in dialog.error.text()
    assert dialog.buttons.isEnabled()


def test_timeline_export(ctx: AppContext, qtbot: QtBot, tmp_path: Path) -> None:
    grant(ctx)
    timeline = make_timeline(ctx, qtbot)
    timeline.show_number(NUMBER)
    target = tmp_path / "e.xlsx"
    with qtbot.waitSignal(timeline.exporter.finished, timeout=20000):
        timeline.exporter.export_to(NUMBER, target)
    assert target.exists()
    assert timeline.message.text().startswith("Evidence for 138****5678 saved to")
