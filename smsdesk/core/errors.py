"""One hierarchy for every error the core raises on purpose.

The UI and the CLI turn these into words: each carries a stable ``code`` and plain ``params``
rather than a sentence, so both languages stay complete. ``str()`` gives an English fallback
for logs and the command line.
"""

from __future__ import annotations

from typing import Any


class SMSDeskError(Exception):
    """Base class: an expected failure the user can act on."""

    code = "error"

    def __init__(self, message: str = "", **params: Any) -> None:
        super().__init__(message or self.code)
        self.params = params


class ConfigurationError(SMSDeskError):
    """Bad settings, arguments or environment (wrong database URL, missing file)."""

    code = "configuration"


class DatabaseError(SMSDeskError):
    """The database cannot be opened, migrated or is newer than this program."""

    code = "database"


class ValidationError(SMSDeskError):
    """Input that breaks a domain rule (an invalid number, an unknown template variable)."""

    code = "validation"


class NotFoundError(SMSDeskError):
    """A record the caller named does not exist."""

    code = "not_found"


class ImportFileError(SMSDeskError):
    """A file that cannot be imported at all (corrupt, encrypted, empty, wrong type)."""

    code = "import_file"


class ComplianceError(SMSDeskError):
    """An action refused because a legal or carrier rule forbids it."""

    code = "compliance"


class EvidenceIntegrityError(SMSDeskError):
    """The consent evidence chain does not verify."""

    code = "evidence_integrity"


class ProviderError(SMSDeskError):
    """A provider call failed; ``category`` says what the sender should do about it."""

    code = "provider"

    def __init__(self, message: str = "", *, category: str = "retry", **params: Any) -> None:
        super().__init__(message, **params)
        self.category = category


class Cancelled(SMSDeskError):
    """Long work stopped because the user asked it to; nothing was changed."""

    code = "cancelled"
