"""``{code}`` redemption codes: short, unguessable, easy to read out and to check at the counter.

A code is 8 random characters and 1 check character from a 31-character alphabet without
look-alikes (no 0/O, no 1/I/L). 31^8 ≈ 8.5e11 codes, so guessing a live code is hopeless
even with a million in circulation; the check character (a weighted sum modulo the prime 31,
as in ISBN-10) catches every single mistyped character and every swap of two neighbours,
so a cashier learns of a typo before looking anything up.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
BASE = len(ALPHABET)  # 31, a prime
DATA_LENGTH = 8
CODE_LENGTH = DATA_LENGTH + 1

_VALUE = {char: index for index, char in enumerate(ALPHABET)}
# Random bytes below 248 (= 31 * 8) map evenly onto the alphabet; the rest are dropped.
_LIMIT = BASE * (256 // BASE)
_TO_ALPHABET = bytes(ord(ALPHABET[b % BASE]) if b < _LIMIT else 0 for b in range(256))
_REJECTED = bytes(range(_LIMIT, 256))
# Partial weighted sums for each pair of data positions: four lookups per check character.
_PAIR_SUMS: list[dict[str, int]] = [
    {
        a + b: ((2 * pair + 1) * _VALUE[a] + (2 * pair + 2) * _VALUE[b]) % BASE
        for a in ALPHABET
        for b in ALPHABET
    }
    for pair in range(DATA_LENGTH // 2)
]


def check_char(data: str) -> str:
    """The check character for 8 data characters: sum of (position × value) mod 31."""
    p0, p1, p2, p3 = _PAIR_SUMS
    total = p0[data[0:2]] + p1[data[2:4]] + p2[data[4:6]] + p3[data[6:8]]
    return ALPHABET[total % BASE]


def _random_data(count: int) -> str:
    """``count`` × 8 characters from the OS's cryptographic random source."""
    wanted = count * DATA_LENGTH
    chunks: list[str] = []
    have = 0
    while have < wanted:
        raw = os.urandom(int((wanted - have) * 1.05) + 16)
        text = raw.translate(_TO_ALPHABET, _REJECTED).decode("ascii")
        chunks.append(text)
        have += len(text)
    return "".join(chunks)[:wanted]


def generate(count: int, *, exclude: Iterable[str] = ()) -> list[str]:
    """``count`` distinct new codes (none of them in ``exclude``)."""
    taken = set(exclude)
    codes: list[str] = []
    while len(codes) < count:
        data = _random_data(count - len(codes))
        for start in range(0, len(data), DATA_LENGTH):
            piece = data[start : start + DATA_LENGTH]
            code = piece + check_char(piece)
            if code not in taken:
                taken.add(code)
                codes.append(code)
    return codes


def normalize(text: str) -> str:
    """What the customer showed or the cashier typed, as a code: full-width folded, spaces and
    dashes dropped, upper case."""
    folded = unicodedata.normalize("NFKC", text or "").upper()
    return "".join(ch for ch in folded if ch.isalnum())


def is_well_formed(code: str) -> bool:
    """Right length, right alphabet, right check character (no database needed)."""
    if len(code) != CODE_LENGTH or any(ch not in _VALUE for ch in code):
        return False
    return check_char(code[:DATA_LENGTH]) == code[DATA_LENGTH]


def display(code: str) -> str:
    """Grouped for reading aloud: ``K7PM X3QA 9``."""
    return f"{code[0:4]} {code[4:8]} {code[8:]}" if len(code) == CODE_LENGTH else code
