"""Views of the message that detection runs on, each the same length as the original so that a
match's span is a span of the original text.

People slip links and numbers past filters with full-width characters (ｗｗｗ．), upper case,
zero-width characters and Chinese numerals (一三八…); the views undo that.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

# Full-width ASCII (U+FF01..U+FF5E) to ASCII; ASCII and full-width capitals to lower case;
# ideographic, no-break and zero-width spaces to a space; the half-width full stop to ".".
_FOLD: dict[int, int] = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD.update({code: code + 32 for code in range(ord("A"), ord("Z") + 1)})
_FOLD.update({code: code - 0xFEE0 + 32 for code in range(0xFF21, 0xFF3B)})
_FOLD.update(dict.fromkeys((12288, 160, 8203, 8204, 8205, 8288, 65279), 32))
_FOLD[0xFF61] = ord(".")

# For phone numbers only: Chinese numerals (plain and financial forms), circled and
# parenthesised digits, to ASCII digits. Ordinary text never has seven of them in a row.
_DIGITS = dict(_FOLD)
for _digit, _chars in enumerate(
    (
        "零〇⓪",
        "一壹幺①⑴",
        "二贰②⑵",
        "三叁③⑶",
        "四肆④⑷",
        "五伍⑤⑸",
        "六陆⑥⑹",
        "七柒⑦⑺",
        "八捌⑧⑻",
        "九玖⑨⑼",
    )
):
    for _char in _chars:
        _DIGITS[ord(_char)] = ord("0") + _digit

_SPACES = re.compile(r"\s+")

SIGNATURE_OPEN = "【"
SIGNATURE_CLOSE = "】"
_LEADING_SIGNATURE = re.compile(r"\A\s*【([^【】\n]{0,30})】")
_TRAILING_SIGNATURE = re.compile(r"【([^【】\n]{0,30})】\s*\Z")


def fold(text: str) -> str:
    """Width- and case-folded copy of ``text``, same length."""
    return text.translate(_FOLD)


def fold_digits(text: str) -> str:
    """Like ``fold`` but with Chinese and circled numerals turned into digits, same length."""
    return text.translate(_DIGITS)


@dataclass(frozen=True)
class Compact:
    """A text with its white space removed, and the way back to original indices."""

    text: str
    _gap_at: tuple[int, ...]  # compact index at which a removed run ends…
    _removed: tuple[int, ...]  # …and how many characters were removed up to there

    @classmethod
    def of(cls, text: str) -> Compact:
        gap_at: list[int] = []
        removed_list: list[int] = []
        removed = 0
        for match in _SPACES.finditer(text):
            removed += match.end() - match.start()
            gap_at.append(match.end() - removed)
            removed_list.append(removed)
        if not removed:
            return cls(text, (), ())
        return cls(_SPACES.sub("", text), tuple(gap_at), tuple(removed_list))

    def __len__(self) -> int:
        return len(self.text)

    def original(self, index: int) -> int:
        """Index in the original text of compact character ``index``."""
        position = bisect_right(self._gap_at, index)
        return index + (self._removed[position - 1] if position else 0)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original span of the compact span ``[start, end)`` (``end > start``)."""
        return self.original(start), self.original(end - 1) + 1


@dataclass(frozen=True)
class SignatureSpan:
    name: str
    start: int  # of "【"
    end: int  # after "】"
    at_start: bool


@dataclass
class TextView:
    """The checked text, its folded views, and where the signature and the body are."""

    text: str
    folded: str = field(init=False)
    signature: SignatureSpan | None = field(init=False)
    body_start: int = field(init=False)
    body_end: int = field(init=False)

    def __post_init__(self) -> None:
        self.folded = fold(self.text)
        self.signature = _find_signature(self.text)
        self.body_start, self.body_end = 0, len(self.text)
        if self.signature is not None:
            if self.signature.at_start:
                self.body_start = self.signature.end
            else:
                self.body_end = self.signature.start

    @cached_property
    def digits(self) -> str:
        return fold_digits(self.text)

    @cached_property
    def compact(self) -> Compact:
        """The folded text without white space (so "w w w . x x . c o m" reads as a domain)."""
        return Compact.of(self.folded)

    @property
    def body(self) -> str:
        return self.text[self.body_start : self.body_end]


def _find_signature(text: str) -> SignatureSpan | None:
    match = _LEADING_SIGNATURE.search(text)
    if match:
        return SignatureSpan(
            match.group(1), match.start(0) + match.group(0).index("【"), match.end(0), True
        )
    match = _TRAILING_SIGNATURE.search(text)
    if match:
        return SignatureSpan(
            match.group(1), match.start(0), match.start(0) + len(match.group(1)) + 2, False
        )
    return None
