import math
import re

from django.test import override_settings

from jornada.contributions.receipts import (
    ALPHABET,
    BITS,
    candidate_hashes,
    matches,
    new_receipt_code,
    normalise_receipt_code,
    receipt_hash,
)


def test_it_makes_grouped_codes_from_an_unambiguous_alphabet() -> None:
    """Codes look like K7QM-4XPA-93TZ: three groups of four, no I, L, O or U."""
    codes = {new_receipt_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", code)


def test_it_carries_at_least_sixty_bits() -> None:
    """Twelve symbols of a 32-symbol alphabet: 60 bits of randomness."""
    assert len(set(ALPHABET)) == 32
    assert BITS == 60 == 12 * math.log2(len(ALPHABET))


def test_it_forgives_case_spaces_dashes_and_lookalike_letters() -> None:
    """A code typed back in lower case, with spaces, O for 0 or I/L for 1 is still the code."""
    assert normalise_receipt_code("k7qm 4xpa 93tz") == "K7QM4XPA93TZ"
    assert normalise_receipt_code("K7QM-4XPA-93TZ") == normalise_receipt_code("k7qm4xpa93tz")
    assert normalise_receipt_code("OOOO-IIII-LLLL") == "000011111111"


def test_it_rejects_what_cannot_be_a_code() -> None:
    """Wrong length, foreign symbols or absurdly long input are not codes."""
    for typed in ("", "K7QM-4XPA", "K7QM-4XPA-93TZ-AAAA", "K7QM-4XPA-93T!", "x" * 500, "ÁÉÍÓ-4XPA-93TZ"):
        assert normalise_receipt_code(typed) is None
    assert candidate_hashes("not a code") == []


def test_it_stores_only_a_keyed_hash() -> None:
    """The stored value is an HMAC-SHA256 (hex) that does not contain the code."""
    code = new_receipt_code()
    stored = receipt_hash(code)
    assert re.fullmatch(r"[0-9a-f]{64}", stored)
    assert code.replace("-", "") not in stored.upper()
    assert receipt_hash(code.lower().replace("-", " ")) == stored


def test_it_depends_on_the_secret_key() -> None:
    """Another secret key gives another hash: a copy of the database alone cannot test guesses."""
    code = new_receipt_code()
    stored = receipt_hash(code)
    with override_settings(SECRET_KEY="another-secret-key-" + "y" * 40):
        assert receipt_hash(code) != stored


def test_it_still_matches_codes_under_a_fallback_key() -> None:
    """While a secret key is rotated, codes hashed under the old key keep working."""
    code = new_receipt_code()
    old = receipt_hash(code)
    with override_settings(SECRET_KEY="new-secret-key-" + "z" * 40, SECRET_KEY_FALLBACKS=[]):
        assert not matches(old, code)
    from django.conf import settings

    with override_settings(
        SECRET_KEY="new-secret-key-" + "z" * 40, SECRET_KEY_FALLBACKS=[settings.SECRET_KEY]
    ):
        assert matches(old, code)
        assert not matches(old, new_receipt_code())
