"""``smsdesk --self-test``: open every page, let each load, close; report what failed.

Installers run it against the frozen app; CI runs it in a subprocess.
"""

from __future__ import annotations

import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from smsdesk.ui.main_window import MainWindow
from smsdesk.ui.page_registry import PAGES


def run_self_test(app: QApplication, window: MainWindow) -> int:
    problems: list[str] = []

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        problems.append("".join(traceback.format_exception(kind, value, tb)))

    previous = sys.excepthook
    sys.excepthook = hook
    try:
        window.show()
        for entry in PAGES:
            try:
                page = window.show_page(entry.page_id)
                page.ensure_loaded()
                if window.current_page_id() != entry.page_id:
                    problems.append(f"page {entry.page_id} could not be shown")
                _settle(app, 150)
            except Exception:
                problems.append(f"page {entry.page_id}:\n{traceback.format_exc()}")
        window.show_about()
        _settle(app, 50)
        window.ctx.tasks.wait_all(30000)
        _settle(app, 100)
        window.close()
        _settle(app, 50)
    finally:
        sys.excepthook = previous
    if problems:
        print("self-test failed:", file=sys.stderr)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    print(f"self-test passed: {len(PAGES)} pages opened")
    return 0


def _settle(app: QApplication, msecs: int) -> None:
    """Let queued events, timers and finished background tasks run for ``msecs``."""
    loop = QEventLoop()
    QTimer.singleShot(msecs, loop.quit)
    loop.exec()
