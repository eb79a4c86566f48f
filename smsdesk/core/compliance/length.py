"""Characters, encoding and billed parts of a message (DOMAIN.md, Length and cost).

GSM-7 (Latin-only text): 160 septets in one message, 153 per part when longer; the extension
characters (``^{}[]~|\\€`` and form feed) take two. UCS-2 (anything else, so every message with
a 【signature】): 70 UTF-16 units in one message, 67 per part; an emoji or other character
outside the BMP takes two. A part never splits an escape sequence or a surrogate pair, so the
count packs characters the way a gateway does rather than dividing.
"""

from __future__ import annotations

import math
import re

from smsdesk.core.compliance.findings import Encoding

GSM_SINGLE, GSM_MULTI = 160, 153
UCS2_SINGLE, UCS2_MULTI = 70, 67

GSM_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = "^{}\\[~]|€\f"

_NON_GSM = re.compile("[^" + re.escape(GSM_BASIC + GSM_EXTENSION) + "]")
_GSM_EXTENDED = re.compile("[" + re.escape(GSM_EXTENSION) + "]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def is_gsm7(text: str) -> bool:
    return _NON_GSM.search(text) is None


def encoding_of(text: str) -> Encoding:
    return Encoding.GSM7 if is_gsm7(text) else Encoding.UCS2


def measure(text: str) -> tuple[Encoding, int, int]:
    """``(encoding, chars, parts)`` of ``text`` as sent (signature included).

    ``chars`` is counted in the encoding's units (septets or UTF-16 units), which is what the
    limits are counted in: an emoji counts 2, and so does "€" in a GSM-7 message. An empty text
    has 0 parts.
    """
    if is_gsm7(text):
        if _GSM_EXTENDED.search(text) is None:
            return Encoding.GSM7, len(text), _parts_even(len(text), GSM_SINGLE, GSM_MULTI)
        widths = [2 if char in GSM_EXTENSION else 1 for char in text]
        return Encoding.GSM7, sum(widths), _parts_packed(widths, GSM_SINGLE, GSM_MULTI)
    if _ASTRAL.search(text) is None:
        return Encoding.UCS2, len(text), _parts_even(len(text), UCS2_SINGLE, UCS2_MULTI)
    widths = [2 if ord(char) > 0xFFFF else 1 for char in text]
    return Encoding.UCS2, sum(widths), _parts_packed(widths, UCS2_SINGLE, UCS2_MULTI)


def limits(encoding: Encoding) -> tuple[int, int]:
    """``(single, per_part)`` for ``encoding``."""
    return (GSM_SINGLE, GSM_MULTI) if encoding is Encoding.GSM7 else (UCS2_SINGLE, UCS2_MULTI)


def _parts_even(units: int, single: int, multi: int) -> int:
    if units == 0:
        return 0
    return 1 if units <= single else math.ceil(units / multi)


def _parts_packed(widths: list[int], single: int, multi: int) -> int:
    total = sum(widths)
    if total <= single:
        return 1 if total else 0
    parts, used = 1, 0
    for width in widths:
        if used + width > multi:
            parts += 1
            used = 0
        used += width
    return parts
