"""The checker's data files: shipped in ``resources/``, overridable from the data folder.

Carrier enforcement dates, word lists and symbol lists change faster than releases, so each is a
text or JSON file the user can edit: a file of the same name under the data folder
(``<data>/compliance/…``, ``<data>/wordlists/…``) wins over the shipped one. Parsed files are
cached and re-read when they change; the file system is looked at no more than once a second,
so a check stays well under a millisecond.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from smsdesk.core import paths

T = TypeVar("T")

COMPLIANCE = "compliance"
WORDLISTS = "wordlists"
_RECHECK_SECONDS = 1.0

_lock = threading.Lock()
# (folder, name, parser id) -> (checked at, home, stat signature, value)
_cache: dict[tuple[str, str, str], tuple[float, str, tuple[Any, ...], Any]] = {}


def user_folder(folder: str) -> Path:
    """Where the user's own copies live (created on demand)."""
    path = paths.data_dir() / folder
    path.mkdir(parents=True, exist_ok=True)
    return path


def shipped_folder(folder: str) -> Path:
    return paths.resources_dir() / folder


def resolve(folder: str, name: str) -> Path:
    """The user's copy of ``folder/name`` if there is one, else the shipped file."""
    home = os.environ.get("SMSDESK_HOME")
    base = Path(home) if home else paths.data_dir()
    user = base / folder / name
    return user if user.is_file() else shipped_folder(folder) / name


def _signature(path: Path) -> tuple[Any, ...]:
    try:
        stat = path.stat()
    except OSError:
        return (str(path), None)
    return (str(path), stat.st_mtime_ns, stat.st_size)


def cached(folder: str, name: str, parser: Callable[[Path], T], parser_id: str = "") -> T:
    """``parser(path)`` for the effective ``folder/name``, parsed again only when it changed."""
    key = (folder, name, parser_id or getattr(parser, "__name__", "parser"))
    home = os.environ.get("SMSDESK_HOME", "")
    now = time.monotonic()
    with _lock:
        entry = _cache.get(key)
        if entry and entry[1] == home and now - entry[0] < _RECHECK_SECONDS:
            return entry[3]  # type: ignore[no-any-return]
    path = resolve(folder, name)
    signature = _signature(path)
    if entry and entry[1] == home and entry[2] == signature:
        value = entry[3]
    else:
        value = parser(path)
    with _lock:
        _cache[key] = (now, home, signature, value)
    return value  # type: ignore[no-any-return]


def forget() -> None:
    """Drop every cached file (after the user saved an edited list)."""
    with _lock:
        _cache.clear()


def read_json(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        value = json.load(handle)
    if not isinstance(value, dict):
        raise ValueError(f"{path}: expected a JSON object")
    return value


def read_lines(path: Path) -> list[str]:
    """The non-empty lines of a text file, without ``#`` comment lines (none if missing)."""
    if not path.is_file():
        return []
    lines = []
    for raw in path.read_text(encoding="utf-8-sig").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def listing(folder: str) -> list[str]:
    """File names in ``folder``: the shipped ones and the user's own, each once, sorted."""
    names = {p.name for p in shipped_folder(folder).glob("*.txt")}
    home = os.environ.get("SMSDESK_HOME")
    base = Path(home) if home else paths.data_dir()
    user = base / folder
    if user.is_dir():
        names.update(p.name for p in user.glob("*.txt"))
    return sorted(names)
