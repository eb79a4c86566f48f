"""Refresh the Qt Linguist sources from the code: one ``.ts`` per UI domain and language.

``python installer/update_translations.py [domain ...]`` runs ``lupdate`` on each domain's
files (explicit file lists: directory scanning misses Python files on some Qt versions).
Chinese files then need their new strings translated (the tests list any left unfinished);
English files hold plural forms only, since the source strings are English.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import PySide6

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "smsdesk" / "ui"
TRANSLATIONS = ROOT / "resources" / "translations"
DOMAIN_FOLDERS = ("contacts", "consent", "templates", "providers", "sending", "campaigns")
SHELL_FOLDERS = ("dashboard", "settings", "widgets", "pages")


def domain_files(domain: str) -> list[Path]:
    if domain == "shell":
        files = sorted(UI.glob("*.py"))
        for folder in SHELL_FOLDERS:
            files += sorted((UI / folder).rglob("*.py"))
        return files
    return sorted((UI / domain).rglob("*.py"))


def lupdate_binary() -> Path:
    name = "lupdate.exe" if sys.platform == "win32" else "lupdate"
    return Path(PySide6.__file__).resolve().parent / name


def update(domain: str) -> None:
    files = [os.fspath(f) for f in domain_files(domain)]
    for language, extra in (("zh_CN", []), ("en", ["-pluralonly"])):
        target = TRANSLATIONS / f"{domain}_{language}.ts"
        command = [
            os.fspath(lupdate_binary()),
            "-silent",
            "-locations",
            "none",
            *extra,
            *files,
            "-target-language",
            language,
            "-ts",
            os.fspath(target),
        ]
        subprocess.run(command, check=True)
        print(target.relative_to(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("domains", nargs="*", default=["shell", *DOMAIN_FOLDERS])
    args = parser.parse_args()
    for domain in args.domains:
        update(domain)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
