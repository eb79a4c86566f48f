"""What the checker returns: findings with a span, a message in both languages and a fix.

The contract says findings carry their sentence in Chinese and English (the CLI prints them and
the planner stores them), so the bilingual catalogue lives in ``messages.py`` rather than in the
UI. Spans are Python string indices (code points) into the text that was checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from smsdesk.core.enums import Carrier


class Severity(StrEnum):
    ERROR = "error"  # blocks sending
    WARNING = "warning"  # sending needs confirmation
    HINT = "hint"  # advice

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.HINT: 2}


class Encoding(StrEnum):
    GSM7 = "GSM-7"
    UCS2 = "UCS-2"


@dataclass(frozen=True)
class Fix:
    """Replace ``text[start:end]`` with ``replacement``: an insert when the span is empty, a
    removal when the replacement is."""

    start: int
    end: int
    replacement: str
    label_zh: str
    label_en: str

    def apply(self, text: str) -> str:
        return text[: self.start] + self.replacement + text[self.end :]

    def label(self, language: str) -> str:
        return self.label_zh if language.startswith("zh") else self.label_en

    def shifted(self, offset: int) -> Fix:
        return Fix(
            self.start + offset, self.end + offset, self.replacement, self.label_zh, self.label_en
        )


@dataclass(frozen=True)
class Finding:
    """One problem: which rule, how bad, where, why (both languages) and how to fix it.

    ``alternatives`` are further fixes (a link-free rewrite, another word); ``carriers`` names
    the recipients' carriers a carrier rule makes this an error for.
    """

    rule: str
    severity: Severity
    start: int
    end: int
    message_zh: str
    message_en: str
    fix: Fix | None = None
    alternatives: tuple[Fix, ...] = ()
    carriers: frozenset[Carrier] = frozenset()

    def message(self, language: str) -> str:
        return self.message_zh if language.startswith("zh") else self.message_en

    @property
    def fixes(self) -> tuple[Fix, ...]:
        return ((self.fix,) if self.fix else ()) + self.alternatives

    def sort_key(self) -> tuple[int, int, int, str]:
        return (self.start, self.severity.rank, self.end, self.rule)


@dataclass(frozen=True)
class Report:
    """Length of the worst-case rendered message (signature included) and the findings."""

    encoding: Encoding
    chars: int
    parts: int
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """No error: the text may be sent (warnings need confirmation)."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return self._with(Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return self._with(Severity.WARNING)

    @property
    def hints(self) -> tuple[Finding, ...]:
        return self._with(Severity.HINT)

    def rules(self) -> set[str]:
        return {f.rule for f in self.findings}

    def _with(self, severity: Severity) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is severity)
