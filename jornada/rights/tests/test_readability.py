"""Tests for jornada.rights.readability (plain functions, no Django)."""

from __future__ import annotations

import math

import pytest

from jornada.rights.readability import (
    count_syllables_es,
    fernandez_huerta,
    grade_label,
    markdown_to_sentences,
    number_to_words_es,
    text_stats,
)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("camión", 2),
        ("país", 2),
        ("guitarra", 3),
        ("pingüino", 3),
        ("averiguáis", 4),
        ("ahí", 2),
        ("buey", 1),
        ("reír", 2),
        ("transporte", 3),
        ("trabajadores", 5),
        ("hoy", 1),
        ("rey", 1),
    ],
)
def test_it_counts_the_reference_words(word: str, expected: int) -> None:
    """The words named in the brief have their dictionary syllable counts."""
    assert count_syllables_es(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("ciudad", 2),  # iu: two weak vowels make a diphthong
        ("cuidado", 3),  # ui: diphthong
        ("cuídate", 3),  # an accent on a weak+weak pair keeps the diphthong
        ("chiita", 3),  # the same weak vowel twice is a hiatus
        ("poeta", 3),  # two strong vowels: hiatus
        ("leer", 2),  # two strong vowels: hiatus
        ("día", 2),  # accented weak vowel: hiatus
        ("baúl", 2),  # accented weak vowel: hiatus
        ("estudiáis", 3),  # triphthong
        ("Uruguay", 3),  # triphthong closed by y
        ("cacahuate", 4),  # a weak vowel between two strong ones opens a syllable
    ],
)
def test_it_tells_diphthongs_triphthongs_and_hiatus_apart(word: str, expected: int) -> None:
    """Weak vowels join their neighbours unless accented; strong ones split."""
    assert count_syllables_es(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("que", 1),
        ("quiero", 2),
        ("guerra", 2),
        ("guapo", 2),  # u is heard before a
        ("vergüenza", 3),  # ü is heard
        ("averigüéis", 4),
    ],
)
def test_it_drops_the_silent_u_after_q_and_g(word: str, expected: int) -> None:
    """The u of que/qui/gue/gui is silent; gua, guo and gü keep it."""
    assert count_syllables_es(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("y", 1),
        ("muy", 1),
        ("leyes", 2),  # y before a vowel is a consonant
        ("yo", 1),
        ("ayuda", 3),
    ],
)
def test_it_reads_y_as_a_vowel_only_when_no_vowel_follows(word: str, expected: int) -> None:
    """Final y (hoy, rey, muy) is a vowel; y before a vowel is a consonant."""
    assert count_syllables_es(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("ahora", 3),  # h does not join a and o
        ("búho", 2),
        ("coche", 2),  # ch is a consonant
        ("hache", 2),
    ],
)
def test_it_treats_a_lone_h_as_silent(word: str, expected: int) -> None:
    """A lone h is silent; ch is a consonant."""
    assert count_syllables_es(word) == expected


def test_it_ignores_case_punctuation_and_decomposed_accents() -> None:
    """Upper case, surrounding punctuation and NFD accents do not matter."""
    assert count_syllables_es("¡CAMIÓN!") == 2
    assert count_syllables_es("cami\u006f\u0301n") == 2  # o + combining acute
    assert count_syllables_es("") == 0
    assert count_syllables_es("...") == 0


def test_it_counts_digits_as_spoken_spanish() -> None:
    """Digits are read aloud: 50 is cincuenta, 2024 dos mil veinticuatro."""
    assert count_syllables_es("50") == 3
    assert count_syllables_es("2024") == 6
    assert count_syllables_es("1") == 2  # uno
    assert count_syllables_es("007") == 6  # cero cero siete
    assert number_to_words_es(866) == ["ochocientos", "sesenta", "y", "seis"]
    assert number_to_words_es(21_000) == ["veintiún", "mil"]
    assert number_to_words_es(100) == ["cien"]
    assert number_to_words_es(29) == ["veintinueve"]
    assert number_to_words_es(999) == ["novecientos", "noventa", "y", "nueve"]
    assert number_to_words_es(101) == ["ciento", "uno"]
    assert number_to_words_es(1_000_000) == ["un", "millón"]


def test_it_spells_out_tokens_without_vowels() -> None:
    """A lone consonant such as the H of H-2A is read by its name."""
    assert count_syllables_es("H") == 2  # hache
    assert count_syllables_es("H-2A") == 4  # hache, dos, a


PASSAGE = """## El pago

Tu patrón te debe pagar.

- Paga cada semana.
- No cobra por la casa.
"""


def test_it_treats_headings_and_list_items_as_sentences() -> None:
    """A heading and each list item count as one sentence each."""
    assert markdown_to_sentences(PASSAGE) == [
        "El pago",
        "Tu patrón te debe pagar.",
        "Paga cada semana.",
        "No cobra por la casa.",
    ]


def test_it_scores_a_short_known_passage() -> None:
    """15 words, 25 syllables, 4 sentences.

    P = 100 * 25 / 15 = 166.67 and F = 15 / 4 = 3.75 words per sentence,
    so L = 206.84 - 0.60 * 166.67 - 1.02 * 3.75 = 103.015.
    """
    stats = text_stats(PASSAGE)
    assert (stats.words, stats.syllables, stats.sentences) == (15, 25, 4)
    assert fernandez_huerta(PASSAGE) == pytest.approx(103.015, abs=1e-3)


def test_it_keeps_link_text_and_drops_markdown_syntax() -> None:
    """Links keep their text, emphasis marks and URLs disappear."""
    text = "Llama al [DOL](https://www.dol.gov) **hoy**. Ve a https://example.org ya."
    assert markdown_to_sentences(text) == ["Llama al DOL hoy.", "Ve a ya."]
    stats = text_stats(text)
    assert (stats.words, stats.sentences) == (7, 2)


def test_it_reads_numbers_as_spoken_words() -> None:
    """'75' counts as the three words setenta y cinco; 5,000 as cinco mil."""
    assert text_stats("Es el 75.").words == 5
    assert text_stats("Son 5,000.").words == 3


def test_it_scores_shorter_sentences_as_easier() -> None:
    """Splitting the same words into more sentences raises the score."""
    one = "Tu patrón te debe pagar cada semana y no te puede cobrar la casa."
    two = "Tu patrón te debe pagar cada semana. No te puede cobrar la casa."
    assert fernandez_huerta(two) > fernandez_huerta(one)


def test_it_scores_longer_words_as_harder() -> None:
    """Same sentence length, longer words: lower score."""
    short = "Tu jefe te paga bien."
    long = "Tu empleador te remunera adecuadamente."
    assert fernandez_huerta(short) > fernandez_huerta(long)


def test_it_refuses_a_text_without_words() -> None:
    """An empty text has no score: ValueError."""
    with pytest.raises(ValueError, match="no words"):
        fernandez_huerta("## \n\n- \n")


@pytest.mark.parametrize(
    ("score", "label"),
    [
        (103.0, "grade-4"),
        (90.0, "grade-4"),
        (89.99, "grade-5"),
        (80.0, "grade-5"),
        (75.0, "grade-6"),
        (70.0, "grade-6"),
        (69.9, "grade-7-8"),
        (60.0, "grade-7-8"),
        (55.0, "fairly-difficult"),
        (50.0, "fairly-difficult"),
        (30.0, "difficult"),
        (29.9, "very-difficult"),
        (-5.0, "very-difficult"),
    ],
)
def test_it_maps_scores_to_grade_bands(score: float, label: str) -> None:
    """Each band includes its lower bound; codes are stable ASCII."""
    assert grade_label(score) == label
    assert label.isascii()


def test_it_refuses_nan_as_a_score() -> None:
    """NaN is not a score."""
    with pytest.raises(ValueError, match="NaN"):
        grade_label(math.nan)
