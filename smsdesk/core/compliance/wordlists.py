"""Editable word lists and one-pass, whole-phrase matching over all of them (Aho-Corasick).

A list is a UTF-8 text file (``resources/wordlists/<id>.txt``, or the user's copy of the same
name in the data folder, which wins): ``# key: value`` header lines (``title_zh``, ``title_en``,
``severity``, ``kinds``), then one phrase per line, optionally ``=> replacement`` and a
``[error|warning|hint]`` severity override (headers ``reason_zh``/``reason_en`` say why the
list exists); ``!phrase`` marks an ordinary phrase that contains a
listed one and must not be flagged (最近 contains 最).

Phrases and text are compared width- and case-folded with white space removed, so "稳 赚",
"ＳＴＯＰ" and "稳​赚" (zero-width space) all match. A phrase that begins or ends with a Latin
letter or digit must stand alone there: "cures" does not match inside "secures".
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick

from smsdesk.core.compliance import rule_data
from smsdesk.core.compliance.findings import Severity
from smsdesk.core.compliance.text_view import TextView, fold
from smsdesk.core.enums import MessageKind

USER_LIST = "user"
_HEADER = re.compile(r"^#\s*([a-z_]+)\s*:\s*(.*?)\s*$")
_HEADER_KEYS = {"title_zh", "title_en", "severity", "kinds", "reason_zh", "reason_en"}
_SEVERITY_SUFFIX = re.compile(r"\s*\[(error|warning|hint)\]\s*$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Entry:
    phrase: str
    severity: Severity
    replacement: str = ""


@dataclass(frozen=True)
class WordList:
    id: str
    title_zh: str
    title_en: str
    severity: Severity
    kinds: frozenset[MessageKind]
    entries: tuple[Entry, ...]
    allowed: tuple[str, ...] = ()
    reason_zh: str = ""
    reason_en: str = ""

    def title(self, language: str) -> str:
        return self.title_zh if language.startswith("zh") else self.title_en


def parse(list_id: str, text: str) -> WordList:
    headers: dict[str, str] = {}
    phrases: list[tuple[str, str, Severity | None]] = []
    allowed: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            header = _HEADER.match(line)
            if header and header.group(1) in _HEADER_KEYS and not phrases:
                headers[header.group(1)] = header.group(2)
            continue
        severity: Severity | None = None
        suffix = _SEVERITY_SUFFIX.search(line)
        if suffix:
            severity = Severity(suffix.group(1))
            line = line[: suffix.start()].strip()
        if line.startswith("!"):
            if line[1:].strip():
                allowed.append(line[1:].strip())
            continue
        phrase, _, replacement = line.partition("=>")
        if phrase.strip():
            phrases.append((phrase.strip(), replacement.strip(), severity))
    default = _severity(headers.get("severity", ""), Severity.WARNING)
    kinds = frozenset(
        MessageKind(k.strip())
        for k in headers.get("kinds", "marketing, service").split(",")
        if k.strip() in {m.value for m in MessageKind}
    ) or frozenset(MessageKind)
    entries = tuple(Entry(p, s or default, r) for p, r, s in phrases)
    return WordList(
        id=list_id,
        title_zh=headers.get("title_zh", list_id),
        title_en=headers.get("title_en", list_id),
        severity=default,
        kinds=kinds,
        entries=entries,
        allowed=tuple(allowed),
        reason_zh=headers.get("reason_zh", ""),
        reason_en=headers.get("reason_en", ""),
    )


def _severity(value: str, default: Severity) -> Severity:
    try:
        return Severity(value.strip().lower())
    except ValueError:
        return default


def load_file(path: Path) -> WordList:
    if not path.is_file():
        return parse(path.stem, "")
    return parse(path.stem, path.read_text(encoding="utf-8-sig"))


def load(list_id: str, folder: str = rule_data.WORDLISTS) -> WordList:
    return rule_data.cached(folder, f"{list_id}.txt", load_file)


_listing_lock = threading.Lock()
_listing: tuple[float, str, tuple[str, ...]] = (0.0, "", ())


def available() -> tuple[str, ...]:
    """Ids of every list: shipped ones and the user's own files (re-listed once a second)."""
    global _listing
    home = os.environ.get("SMSDESK_HOME", "")
    now = time.monotonic()
    with _listing_lock:
        checked, cached_home, ids = _listing
        if cached_home == home and now - checked < 1.0 and ids:
            return ids
    ids = tuple(name[:-4] for name in rule_data.listing(rule_data.WORDLISTS))
    with _listing_lock:
        _listing = (now, home, ids)
    return ids


def user_list_path() -> Path:
    """The user's own list in the data folder, created from the shipped header if missing."""
    path = rule_data.user_folder(rule_data.WORDLISTS) / f"{USER_LIST}.txt"
    if not path.exists():
        shipped = rule_data.shipped_folder(rule_data.WORDLISTS) / f"{USER_LIST}.txt"
        path.write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def key_of(phrase: str) -> str:
    return _SPACES.sub("", fold(phrase))


def _is_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    word_list: WordList
    entry: Entry


@dataclass
class WordIndex:
    """One automaton over every phrase of the given lists (and their allowed phrases)."""

    lists: tuple[WordList, ...]
    _automaton: ahocorasick.Automaton = field(init=False, repr=False)
    _empty: bool = field(init=False, default=True)

    def __post_init__(self) -> None:
        payloads: dict[str, list[tuple[int, int]]] = {}
        for list_index, word_list in enumerate(self.lists):
            for entry_index, entry in enumerate(word_list.entries):
                key = key_of(entry.phrase)
                if key:
                    payloads.setdefault(key, []).append((list_index, entry_index))
            for phrase in word_list.allowed:
                key = key_of(phrase)
                if key:
                    payloads.setdefault(key, []).append((list_index, -1))
        automaton = ahocorasick.Automaton()
        for key, values in payloads.items():
            automaton.add_word(key, (len(key), tuple(values)))
        self._empty = not payloads
        if payloads:
            automaton.make_automaton()
        self._automaton = automaton

    def find(self, view: TextView, kind: MessageKind | None = None) -> list[Hit]:
        """Listed phrases in the body of ``view`` (longest per list where they overlap), minus
        those inside an allowed phrase of the same list."""
        if self._empty:
            return []
        compact = view.compact.text
        folded = view.folded
        raw: list[tuple[int, int, int, int]] = []  # start, end (compact), list, entry
        allowed: list[tuple[int, int, int]] = []
        for end, (length, values) in self._automaton.iter(compact):
            start = end - length + 1
            for list_index, entry_index in values:
                if entry_index < 0:
                    allowed.append((start, end + 1, list_index))
                else:
                    raw.append((start, end + 1, list_index, entry_index))
        hits: list[Hit] = []
        for start, end, list_index, entry_index in raw:
            word_list = self.lists[list_index]
            if kind is not None and kind not in word_list.kinds:
                continue
            if any(a <= start and end <= b and li == list_index for a, b, li in allowed):
                continue
            if any(
                s <= start and end <= e and (s, e) != (start, end) and li == list_index
                for s, e, li, _ in raw
            ):
                continue  # a longer phrase of the same list covers it
            o_start, o_end = view.compact.span(start, end)
            if o_start < view.body_start or o_end > view.body_end:
                continue  # inside the signature
            key = compact[start:end]
            if _is_word_char(key[0]) and o_start > 0 and _is_word_char(folded[o_start - 1]):
                continue
            if _is_word_char(key[-1]) and o_end < len(folded) and _is_word_char(folded[o_end]):
                continue
            hits.append(Hit(o_start, o_end, word_list, word_list.entries[entry_index]))
        return hits


# Lists kept with the provider rules (resources/compliance/): always on, whatever the user
# enabled, because they are about what providers accept rather than about an industry.
PROVIDER_LISTS = ("carrier_names", "promotional_cues")

_index_lock = threading.Lock()
_indexes: dict[tuple[int, ...], WordIndex] = {}


def index_for(list_ids: Iterable[str] | None = None) -> WordIndex:
    """The (cached) index over ``list_ids`` (every available list when ``None``) plus the
    provider lists: one automaton, one pass over the text."""
    ids: Sequence[str] = available() if list_ids is None else sorted(set(list_ids))
    lists = tuple(load(list_id) for list_id in ids if list_id not in PROVIDER_LISTS) + tuple(
        load(list_id, rule_data.COMPLIANCE) for list_id in PROVIDER_LISTS
    )
    key = tuple(id(word_list) for word_list in lists)
    with _index_lock:
        index = _indexes.get(key)
        if index is None:
            if len(_indexes) > 32:
                _indexes.clear()
            index = _indexes[key] = WordIndex(lists)
    return index
