"""What the checker needs to know besides the text: kind, recipients' carriers, registered
signatures and items, declared variables, enabled word lists and the AI flag."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from smsdesk.core.compliance.carrier_rules import DOMESTIC
from smsdesk.core.enums import Carrier, MessageKind


@dataclass(frozen=True)
class CheckContext:
    """The circumstances of a check.

    Attributes:
        kind: marketing or service; marketing needs an opt-out text.
        carriers: the recipients' carriers; the default (all three domestic carriers) is the
            safe assumption when they are not known yet.
        signatures: registered signature names; ``None`` accepts any well-formed 【name】 of
            2–12 characters (the CLI without ``--signature``).
        variables: declared variable names with sample values (what ``{name}`` may be).
        recipient_values: the actual recipients' values per variable (distinct values are
            enough); length is computed for the longest, and each is checked for links.
        wordlists: ids of the enabled word lists; ``None`` enables every list.
        ai_assisted: the text was written with AI help, so it must be labelled 广告.
        registered_links, registered_contacts: items registered (报备) with the carrier for
            this template; at most one link and two contacts count (data file).
        today: the date carrier rules are judged on (China time); ``None`` is today.
    """

    kind: MessageKind = MessageKind.MARKETING
    carriers: frozenset[Carrier] = DOMESTIC
    signatures: frozenset[str] | None = None
    variables: Mapping[str, str] = field(default_factory=dict)
    recipient_values: Mapping[str, Sequence[str]] = field(default_factory=dict)
    wordlists: frozenset[str] | None = None
    ai_assisted: bool = False
    registered_links: tuple[str, ...] = ()
    registered_contacts: tuple[str, ...] = ()
    today: date | None = None

    @property
    def marketing(self) -> bool:
        return self.kind is MessageKind.MARKETING

    @property
    def domestic(self) -> bool:
        """Any recipient on a Chinese network (the 【signature】 rules apply)."""
        return any(c is not Carrier.INTERNATIONAL for c in self.carriers) or not self.carriers
