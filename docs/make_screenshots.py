"""Render the main window's pages to PNG, in Chinese and English, for the README and review.

Run under a real X server (``xvfb-run -a python docs/make_screenshots.py``) or offscreen:
``python docs/make_screenshots.py --db /tmp/demo.sqlite3 --out docs/screenshots``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication


def settle(msecs: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(msecs, loop.quit)
    loop.exec()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="database to show (default: a fresh demo database)")
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--lang", action="append", choices=("zh_CN", "en"))
    parser.add_argument("--page", action="append", help="page ids (default: all)")
    args = parser.parse_args()
    os.environ.setdefault("SMSDESK_HOME", tempfile.mkdtemp(prefix="smsdesk-shots-"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from smsdesk.core.db.engine import open_database, sqlite_url
    from smsdesk.core.demo.generator import ensure_demo_data
    from smsdesk.ui import translations
    from smsdesk.ui.app_context import AppContext
    from smsdesk.ui.main_window import MainWindow
    from smsdesk.ui.page_registry import PAGES

    db_path = Path(args.db) if args.db else Path(os.environ["SMSDESK_HOME"]) / "demo.sqlite3"
    db = open_database(sqlite_url(db_path))
    ensure_demo_data(db)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    for language in args.lang or ["zh_CN", "en"]:
        translators = translations.install(app, language)
        ctx = AppContext(db, demo=True)
        window = MainWindow(ctx)
        window.resize(1280, 800)
        window.show()
        for entry in PAGES:
            if args.page and entry.page_id not in args.page:
                continue
            window.show_page(entry.page_id)
            settle(400)
            ctx.tasks.wait_all(20000)
            settle(200)
            target = out / f"{entry.page_id}_{language}.png"
            window.grab().save(str(target))
            print(target)
        window.close()
        for translator in translators:
            app.removeTranslator(translator)
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
