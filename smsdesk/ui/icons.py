"""The icon set (Material Design Icons through qtawesome), by meaning rather than by glyph."""

from __future__ import annotations

import os

os.environ.setdefault("QT_API", "pyside6")

import qtawesome
from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import QApplication

GLYPHS = {
    "dashboard": "mdi6.view-dashboard-outline",
    "contacts": "mdi6.account-multiple-outline",
    "optouts": "mdi6.account-cancel-outline",
    "templates": "mdi6.message-text-outline",
    "signatures": "mdi6.draw-pen",
    "campaigns": "mdi6.bullhorn-outline",
    "outbox": "mdi6.send-outline",
    "replies": "mdi6.message-reply-text-outline",
    "providers": "mdi6.cloud-outline",
    "settings": "mdi6.cog-outline",
    "import": "mdi6.file-import-outline",
    "export": "mdi6.file-export-outline",
    "add": "mdi6.plus",
    "delete": "mdi6.delete-outline",
    "edit": "mdi6.pencil-outline",
    "search": "mdi6.magnify",
    "refresh": "mdi6.refresh",
    "about": "mdi6.information-outline",
    "quit": "mdi6.exit-to-app",
    "database": "mdi6.database-outline",
    "sandbox": "mdi6.flask-outline",
    "send": "mdi6.send",
    "shield": "mdi6.shield-check-outline",
    "warning": "mdi6.alert-outline",
    "app": "mdi6.message-processing",
}


def icon(name: str, *, color: str | None = None) -> QIcon:
    """A themed icon; the default colour follows the palette's text colour."""
    glyph = GLYPHS.get(name, name)
    if color is None:
        app = QApplication.instance()
        palette = app.palette() if isinstance(app, QApplication) else QPalette()
        color = palette.color(QPalette.ColorRole.WindowText).name()
    return qtawesome.icon(glyph, color=color)


def app_icon() -> QIcon:
    return qtawesome.icon(GLYPHS["app"], color="#1677ff")
