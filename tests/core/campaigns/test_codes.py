"""Redemption codes: no look-alike characters, a check character that catches typos, unique."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from smsdesk.core.campaigns import codes


def test_alphabet_has_no_look_alikes() -> None:
    for confusable in "01OIL":
        assert confusable not in codes.ALPHABET
    assert len(set(codes.ALPHABET)) == codes.BASE == 31


def test_generated_codes_are_unique_and_well_formed() -> None:
    batch = codes.generate(50_000)
    assert len(set(batch)) == 50_000
    assert all(len(c) == codes.CODE_LENGTH and codes.is_well_formed(c) for c in batch)
    # Roughly uniform characters (unguessable means no favourite characters).
    counts = dict.fromkeys(codes.ALPHABET, 0)
    for code in batch[:10_000]:
        for ch in code[: codes.DATA_LENGTH]:
            counts[ch] += 1
    expected = 10_000 * codes.DATA_LENGTH / codes.BASE
    assert all(abs(n - expected) < expected * 0.15 for n in counts.values())


def test_exclude_avoids_known_codes() -> None:
    taken = set(codes.generate(100))
    assert not taken & set(codes.generate(1000, exclude=taken))


data = st.text(alphabet=codes.ALPHABET, min_size=8, max_size=8)


@given(data, st.integers(0, 7), st.sampled_from(codes.ALPHABET))
def test_every_single_typo_is_caught(piece: str, position: int, wrong: str) -> None:
    code = piece + codes.check_char(piece)
    typo = code[:position] + wrong + code[position + 1 :]
    assert codes.is_well_formed(typo) == (typo == code)


@given(data, st.integers(0, 7))
def test_every_swap_of_neighbours_is_caught(piece: str, position: int) -> None:
    code = piece + codes.check_char(piece)
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
    assert codes.is_well_formed(swapped) == (swapped == code)


def test_normalize_folds_width_case_and_separators() -> None:
    code = codes.generate(1)[0]
    wide = "".join(chr(ord(ch) + 0xFEE0) for ch in code.lower())
    assert codes.normalize(f" {wide[:4]}-{wide[4:]} ") == code
    assert codes.display(code) == f"{code[:4]} {code[4:8]} {code[8]}"
