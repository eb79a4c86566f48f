"""Start the desktop application: arguments, logging, language, database, main window.

``smsdesk [--db PATH | --db-url URL] [--demo] [--lang zh_CN|en] [--self-test]``
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sys
import traceback
from collections.abc import Sequence
from types import TracebackType
from typing import TYPE_CHECKING

from smsdesk import APP_NAME, APP_ORG, __version__
from smsdesk.cli.context import add_database_options
from smsdesk.core import paths
from smsdesk.core.db import migrate
from smsdesk.core.db.engine import Database, create_db_engine, open_database, resolve_url
from smsdesk.core.errors import SMSDeskError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

log = logging.getLogger("smsdesk")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="smsdesk", description="SMSDesk desktop application")
    parser.add_argument("--version", action="version", version=f"SMSDesk {__version__}")
    add_database_options(parser)
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the separate demo database, filling it on first use",
    )
    parser.add_argument("--lang", choices=("zh_CN", "en"), help="force the UI language")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open every page, close, exit 0 (or non-zero with the reason)",
    )
    return parser


def setup_logging() -> None:
    """A rotating log file in the log folder; never secrets (adapters redact them)."""
    handler = logging.handlers.RotatingFileHandler(
        paths.log_dir() / "smsdesk.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def open_app_database(args: argparse.Namespace) -> Database:
    url = resolve_url(db_path=args.db, db_url=args.db_url, demo=args.demo)
    notice = None if args.self_test else _upgrade_notice(url)
    try:
        db = open_database(url)
    finally:
        if notice is not None:
            notice.close()
    if args.demo:
        from smsdesk.core.demo.generator import ensure_demo_data

        ensure_demo_data(db)
    return db


def _upgrade_notice(url: str) -> QWidget | None:
    """A splash while a database from an older SMSDesk is upgraded (a large book can take a
    while, once): both languages, since the user's choice is not known yet."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QFrame, QLabel

    if not url.startswith("sqlite"):  # an unreachable server must not be waited for twice
        return None
    try:
        engine = create_db_engine(url)
        try:
            pending = migrate.upgrade_pending(engine)
        finally:
            engine.dispose()
    except Exception:  # open_database reports any problem with the database properly
        return None
    if not pending:
        return None
    log.info("upgrading the database schema")
    label = QLabel("正在升级数据库，请稍候…\nUpgrading the database, please wait…")
    label.setWindowFlags(Qt.WindowType.SplashScreen | Qt.WindowType.WindowStaysOnTopHint)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setFrameStyle(QFrame.Shape.Panel.value | QFrame.Shadow.Raised.value)
    label.setLineWidth(2)
    label.setMargin(28)
    label.show()
    QApplication.processEvents()
    return label


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging()
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication, QMessageBox

    QCoreApplication.setOrganizationName(APP_ORG)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    QApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)

    from smsdesk.ui import icons, translations
    from smsdesk.ui.app_context import AppContext
    from smsdesk.ui.main_window import MainWindow
    from smsdesk.ui.sending.sender_thread import SenderController
    from smsdesk.ui.settings.settings_page import LANGUAGE_KEY

    app.setWindowIcon(icons.app_icon())
    try:
        db = open_app_database(args)
    except SMSDeskError as exc:
        log.error("cannot open the database: %s", exc)
        if args.self_test:
            print(f"self-test failed: {exc}", file=sys.stderr)
            return 2
        translations.install(app, translations.choose_language(args.lang))
        QMessageBox.critical(
            None,
            APP_NAME,
            QCoreApplication.translate("App", "SMSDesk cannot open its database:\n%1").replace(
                "%1", str(exc)
            ),
        )
        return 2

    ctx = AppContext(db, demo=args.demo)
    language = args.lang or str(ctx.qsettings.value(LANGUAGE_KEY, "")) or None
    app._smsdesk_translators = translations.install(  # type: ignore[attr-defined]
        app, translations.choose_language(language)
    )
    window = MainWindow(ctx)
    # The sender (and the campaign scheduler it steps) runs on its own thread for as long as
    # the app is open; another SMSDesk holding the lease makes this one wait, not send.
    sender = SenderController(ctx)
    if args.self_test:
        from smsdesk.ui.self_test import run_self_test

        sender.start()
        code = run_self_test(app, window)
        if not sender.stop(wait_ms=15000):
            print("self-test failed: the sender did not stop within 15 s", file=sys.stderr)
            code = code or 1
        db.close()
        return code
    _install_crash_handler(window)
    window.show()
    sender.start()
    code = app.exec()
    sender.stop(wait_ms=10000)
    ctx.tasks.wait_all(10000)
    db.close()
    return int(code)


def _install_crash_handler(window: object) -> None:
    """A bug shows its traceback in a non-modal dialog (with copy) and goes to the log."""
    from PySide6.QtWidgets import QMessageBox, QWidget

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(kind, value, tb))
        log.error("unhandled exception:\n%s", details)
        box = QMessageBox(window if isinstance(window, QWidget) else None)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(APP_NAME)
        box.setText(
            box.tr(
                "Something went wrong. Your data is safe; the details are below "
                "and in the log file."
            )
        )
        box.setDetailedText(details)
        box.open()

    sys.excepthook = hook


if __name__ == "__main__":
    os.environ.setdefault("QT_API", "pyside6")
    raise SystemExit(main())
