"""Evidence files (a signed form, a screenshot, an OTP log): copied into the app's evidence
folder under their SHA-256, so the consent log can name the copy and prove it is unchanged.

The copy lives at ``<evidence_dir>/<sha256>/<original name>``: identical files share one copy,
a person browsing the folder still sees the original name, and the copy is made read-only.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from smsdesk.core.errors import ValidationError
from smsdesk.core.paths import evidence_dir

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
_MAX_NAME = 200


class FileState(StrEnum):
    OK = "ok"
    MISSING = "missing"
    ALTERED = "altered"


@dataclass(frozen=True)
class StoredEvidence:
    relative: str  # what the consent record keeps in ``evidence_file``
    sha256: str
    size: int


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _safe_name(name: str) -> str:
    cleaned = _UNSAFE.sub("_", name).strip(" .") or "evidence"
    if len(cleaned) > _MAX_NAME:
        stem, suffix = os.path.splitext(cleaned)
        cleaned = stem[: _MAX_NAME - len(suffix[:20])] + suffix[:20]
    return cleaned


def store_evidence_file(source: str | os.PathLike[str]) -> StoredEvidence:
    """Copy ``source`` into the evidence folder (once per content) and return its reference."""
    path = Path(source)
    if not path.is_file():
        raise ValidationError(f"Evidence file not found: {path}", reason="evidence_file_not_found")
    sha256 = file_sha256(path)
    folder = evidence_dir() / sha256
    target = folder / _safe_name(path.name)
    if not (target.is_file() and file_sha256(target) == sha256):
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=".incoming-")
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            shutil.copyfile(path, tmp)
            if file_sha256(tmp) != sha256:
                raise ValidationError(
                    f"Evidence file changed while copying: {path}", reason="evidence_file_changed"
                )
            if target.exists():
                target.chmod(0o600)
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
        if os.name == "posix":
            target.chmod(0o400)
    return StoredEvidence(f"{sha256}/{target.name}", sha256, path.stat().st_size)


def evidence_path(relative: str) -> Path:
    """The stored copy for a record's ``evidence_file`` (never outside the evidence folder)."""
    parts = Path(relative).parts
    if not relative or any(part in ("..", "") for part in parts) or Path(relative).is_absolute():
        raise ValidationError(f"Not an evidence reference: {relative!r}", reason="bad_reference")
    return evidence_dir().joinpath(*parts)


def check_evidence_file(relative: str, sha256: str) -> FileState:
    try:
        path = evidence_path(relative)
    except ValidationError:
        return FileState.MISSING
    if not path.is_file():
        return FileState.MISSING
    return FileState.OK if file_sha256(path) == sha256 else FileState.ALTERED
