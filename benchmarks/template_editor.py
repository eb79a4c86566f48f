"""How long the template editor takes to re-check and redraw a 500-character text (offscreen).

    QT_QPA_PLATFORM=offscreen python benchmarks/template_editor.py

Two texts: a typical template (a handful of findings) and a worst case (about 40 findings).
Two figures each: a keystroke that only moves the findings (the usual case while typing), and
one that changes the list of findings (rows and fix buttons rebuilt). Both run after the
120 ms typing debounce, and include the repaint.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORST = (
    "{name}，今日18:00前下单，全场最佳，详情 t.cn/A6xYz 或致电 138 1234 5678，"
    "加V：abc123 ★，大家快来，稳赚不赔，"
)
TYPICAL = (
    "{name}您好！今日18:00前下单，新鲜水果满59元免配送费，¥59.9起，全场8.5折，全场最佳，"
    "订单号20250520123456可查物流，详情 t.cn/A6xYz。精选好物每日上新，到店出示兑换码{code}"
    "可领取试吃装一份。"
)


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="smsdesk-bench-"))
    os.environ["SMSDESK_HOME"] = str(home)
    from PySide6.QtWidgets import QApplication

    from smsdesk.core.db.engine import open_database, sqlite_url
    from smsdesk.core.templates import signature_store, template_store
    from smsdesk.ui.app_context import AppContext
    from smsdesk.ui.templates.templates_page import TemplatesPage

    app = QApplication([])
    db = open_database(sqlite_url(home / "bench.sqlite3"))
    with db.session() as session:
        signature = signature_store.create_signature(session, name="XX生鲜")
        template_store.create_template(session, name="bench", body="", signature_id=signature)
    ctx = AppContext(db)
    page = TemplatesPage(ctx)
    page.resize(1280, 820)
    page.show()
    page.ensure_loaded()
    ctx.tasks.wait_all(10000)
    app.processEvents()

    def timed() -> float:
        started = time.perf_counter()
        page.form.run_check()
        app.processEvents()
        return time.perf_counter() - started

    for name, base in (("typical", TYPICAL), ("worst", WORST)):
        text = (base * 8)[:494] + "拒收请回复R"
        page.form.editor.setPlainText(text)
        moved = [timed() for _ in range(30)]
        changed = []
        for i in range(20):
            page.form.editor.setPlainText(text if i % 2 else text.replace("最佳", "优选"))
            changed.append(timed())
        assert page.form.last_report is not None
        findings = len(page.form.last_report.findings)
        print(
            f"{name}: {len(text)} characters, {findings} findings; re-check and redraw when the "
            f"findings move {statistics.median(moved) * 1000:.1f} ms, when they change "
            f"{statistics.median(changed) * 1000:.1f} ms (medians)"
        )
    db.close()


if __name__ == "__main__":
    main()
