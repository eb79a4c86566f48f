"""Languages: pick Chinese or English, compile the Qt Linguist sources, install translators.

The ``.ts`` sources live in ``resources/translations/`` (one per UI domain and language). They
are compiled to one ``.qm`` per language with Qt's ``lrelease`` (shipped in the PySide6 wheel):
by ``installer/build.py`` for packaged builds, or here, into the cache folder, on first start
and whenever a source is newer than the compiled file. Compiled files are never committed.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from smsdesk.core import paths

log = logging.getLogger(__name__)

SUPPORTED = ("zh_CN", "en")


def choose_language(forced: str | None = None) -> str:
    """``--lang`` wins; otherwise Chinese when the system locale is Chinese, else English."""
    if forced:
        if forced not in SUPPORTED:
            raise ValueError(f"unsupported language {forced!r}; use one of {', '.join(SUPPORTED)}")
        return forced
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def lrelease_binary() -> Path:
    name = "lrelease.exe" if sys.platform == "win32" else "lrelease"
    return Path(PySide6.__file__).resolve().parent / name


def sources(language: str) -> list[Path]:
    folder = paths.resources_dir() / "translations"
    return sorted(folder.glob(f"*_{language}.ts"))


def compile_language(language: str, target_dir: Path) -> Path | None:
    """Compile every ``*_{language}.ts`` into ``target_dir/smsdesk_{language}.qm``."""
    ts_files = sources(language)
    if not ts_files:
        return None
    target_dir.mkdir(parents=True, exist_ok=True)
    qm = target_dir / f"smsdesk_{language}.qm"
    newest = max(f.stat().st_mtime for f in ts_files)
    if qm.exists() and qm.stat().st_mtime >= newest:
        return qm
    command = [
        os.fspath(lrelease_binary()),
        "-silent",
        *map(os.fspath, ts_files),
        "-qm",
        os.fspath(qm),
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:  # no lrelease (a stripped install): run untranslated, say why
        log.warning("cannot compile translations: %s", exc)
        return None
    if result.returncode != 0 or not qm.exists():
        log.warning("lrelease failed (%s): %s", result.returncode, result.stderr.strip())
        return None
    return qm


def compiled_file(language: str) -> Path | None:
    """A packaged ``.qm`` if the build shipped one, else one compiled into the cache."""
    shipped = paths.resources_dir() / "translations" / f"smsdesk_{language}.qm"
    if shipped.exists() and (
        getattr(sys, "frozen", False)  # a packaged build ships its compiled file; use it
        or not any(ts.stat().st_mtime > shipped.stat().st_mtime for ts in sources(language))
    ):
        return shipped
    return compile_language(language, paths.cache_dir() / "translations")


def install(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install Qt's own and SMSDesk's translators; returns them (keep references alive)."""
    installed: list[QTranslator] = []
    QLocale.setDefault(QLocale(language))
    if language == "en":
        qm = compiled_file(language)  # plural forms only
    else:
        qt_base = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_base.load(f"qtbase_{language}", qt_dir):
            app.installTranslator(qt_base)
            installed.append(qt_base)
        qm = compiled_file(language)
    if qm is not None:
        ours = QTranslator(app)
        if ours.load(os.fspath(qm)):
            app.installTranslator(ours)
            installed.append(ours)
        else:
            log.warning("could not load %s", qm)
    return installed
