"""The core must import and work with Qt unavailable (the CLI and servers use it alone)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import smsdesk

PACKAGE = Path(smsdesk.__file__).resolve().parent

SCRIPT = textwrap.dedent(
    """
    import importlib, importlib.abc, pkgutil, sys

    class NoQt(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            root = name.split(".")[0]
            if root in ("PySide6", "shiboken6", "PyQt5", "PyQt6", "qtpy", "qtawesome") or \\
                    name.startswith("smsdesk.ui"):
                raise ImportError(f"{name} is blocked: the core must not need Qt")
            return None

    sys.meta_path.insert(0, NoQt())
    import smsdesk.core
    names = [m.name for m in pkgutil.walk_packages(smsdesk.core.__path__, "smsdesk.core.")]
    names += [m.name for m in pkgutil.walk_packages(
        importlib.import_module("smsdesk.cli").__path__, "smsdesk.cli.")]
    for name in names:
        if ".migrations." in name:
            continue
        importlib.import_module(name)
    print(len(names))
    """
)


def test_every_core_and_cli_module_imports_without_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        check=False,
        cwd=PACKAGE.parent,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= 10


def test_blocker_really_blocks_qt() -> None:
    """The guard above is meaningful only if importing Qt under it fails."""
    script = SCRIPT.split("import smsdesk.core")[0] + "import PySide6.QtCore\n"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode != 0
    assert "blocked" in result.stderr
