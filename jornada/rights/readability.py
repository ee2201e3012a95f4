"""Spanish readability: syllable counting and the Fernández-Huerta score.

Pure Python, standard library only, so that the content check script and the
future Django ``rights`` app can share it without importing Django.

Syllables
    :func:`count_syllables_es` counts the vowel nuclei of a written Spanish
    word, following the orthographic rules of the RAE (*Ortografía*, 2010):

    * ``a e o`` (and ``á é ó``) are strong vowels, ``i u ü`` are weak.
    * A weak vowel next to another vowel forms a diphthong (``camión``,
      ``ciudad``, ``cuidado``); weak + strong + weak forms a triphthong
      (``buey``, ``averiguáis``).
    * Two strong vowels are in hiatus (``poeta``, ``leer``), and so is a
      stressed weak vowel written with an accent next to a strong vowel
      (``país``, ``reír``, ``ahí``).  Two weak vowels always count as a
      diphthong, even with an accent (``cuídate``, ``construí``), except the
      same vowel twice (``chiita``).
    * A weak vowel between two strong ones opens the next syllable
      (``cacahuate`` = ca-ca-hua-te).
    * ``u`` is silent in ``que qui gue gui`` (``guitarra``), but not with a
      diaeresis (``pingüino``).
    * ``y`` is a vowel when it is not followed by a vowel (``hoy``, ``rey``,
      the word ``y``) and a consonant otherwise (``leyes``, ``yo``).
    * ``h`` on its own is silent and does not split vowels (``prohibir``
      keeps the diphthong ``oi``; ``ahí`` is two syllables only because of
      the accent), while ``ch`` is a consonant.
    * Numbers written with digits are counted as they are spoken in Spanish
      (``50`` = ``cincuenta`` = 3, ``2024`` = ``dos mil veinticuatro`` = 6).
      Digit strings with a leading zero or more than twelve digits are read
      one digit at a time.
    * A token with no vowel at all (``H`` in ``H-2A``) is spelled out letter
      by letter (``hache`` = 2).

Reading ease
    :func:`fernandez_huerta` computes
    ``L = 206.84 - 0.60·P - 1.02·F``, where ``P`` is the number of syllables
    per 100 words.

    Note on ``F``: the formula is very often printed with ``F`` = *sentences
    per 100 words*. With a minus sign in front, that version makes a text
    *harder* when its sentences get *shorter*, which is the opposite of what
    the score is for. Fernández Huerta (1959) adapted Flesch's reading ease
    (``206.835 - 84.6·syllables/word - 1.015·words/sentence``), and the
    constants only line up with Flesch when ``F`` is the *average number of
    words per sentence* (G. Law, "Error in the Fernandez Huerta Readability
    Formula", LINGUIST List 22.2332, 2011). This module uses that corrected
    reading. :func:`text_stats` returns the raw counts, so a caller can
    compute the other version too (the content check prints both).

    The text may be Markdown: headings, list markers, emphasis, inline code,
    HTML tags and URLs are stripped, link text is kept, and every heading,
    list item and paragraph ends a sentence even without a final full stop.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "TextStats",
    "count_syllables_es",
    "fernandez_huerta",
    "grade_label",
    "markdown_to_sentences",
    "number_to_words_es",
    "text_stats",
]

# --------------------------------------------------------------------------
# Syllables
# --------------------------------------------------------------------------

_STRONG = frozenset("aeoáéó")
_WEAK = frozenset("iuü")
_ACCENTED_WEAK = frozenset("íú")
_VOWELS = _STRONG | _WEAK | _ACCENTED_WEAK
# Unaccented form of each vowel, to tell "ii" and "uu" apart from "iu".
_BASE = {"á": "a", "é": "e", "ó": "o", "í": "i", "ú": "u", "ü": "u"}

# Syllables in the Spanish name of each consonant, for tokens without vowels.
_LETTER_NAME_SYLLABLES = {
    "b": 1,  # be
    "c": 1,  # ce
    "d": 1,  # de
    "f": 2,  # efe
    "g": 1,  # ge
    "h": 2,  # hache
    "j": 2,  # jota
    "k": 1,  # ka
    "l": 2,  # ele
    "m": 2,  # eme
    "n": 2,  # ene
    "ñ": 2,  # eñe
    "p": 1,  # pe
    "q": 1,  # cu
    "r": 2,  # erre
    "s": 2,  # ese
    "t": 1,  # te
    "v": 2,  # uve
    "w": 3,  # uve doble
    "x": 2,  # equis
    "z": 2,  # zeta
}

_TOKEN_RE = re.compile(r"[^\W_]+")
_DIGITS_OR_LETTERS_RE = re.compile(r"\d+|[^\W\d_]+")


def _is_hiatus(first: str, second: str) -> bool:
    """Return True when two adjacent vowels belong to different syllables."""
    if first in _STRONG and second in _STRONG:
        return True
    first_weak = first in _WEAK or first in _ACCENTED_WEAK
    second_weak = second in _WEAK or second in _ACCENTED_WEAK
    if first_weak and second_weak:
        # "ui", "iu" are diphthongs even when accented; "ii", "uu" are not.
        return _BASE.get(first, first) == _BASE.get(second, second)
    # One strong and one weak vowel: a diphthong unless the weak one carries
    # a written accent.
    return first in _ACCENTED_WEAK or second in _ACCENTED_WEAK


def _vowel_groups(letters: str) -> list[str]:
    """Split a lower-case word into its runs of vowel letters.

    Silent letters are removed first: ``u`` in ``que/qui/gue/gui`` and a
    lone ``h``. ``y`` is turned into the vowel ``i`` when no vowel follows it.
    """
    chars: list[str] = []
    n = len(letters)
    for i, ch in enumerate(letters):
        prev = letters[i - 1] if i > 0 else ""
        nxt = letters[i + 1] if i + 1 < n else ""
        if ch == "h" and prev != "c":
            continue  # silent h: transparent between vowels
        if ch == "u" and prev in ("q", "g") and nxt in ("e", "i", "é", "í"):
            continue  # silent u in que, qui, gue, gui
        if ch == "y":
            # Look past a silent h: "ayhuasca" is rare, but be consistent.
            j = i + 1
            while j < n and letters[j] == "h":
                j += 1
            following = letters[j] if j < n else ""
            chars.append("y" if following in _VOWELS else "i")
            continue
        chars.append(ch)

    groups: list[str] = []
    current: list[str] = []
    for ch in chars:
        if ch in _VOWELS:
            current.append(ch)
        elif current:
            groups.append("".join(current))
            current = []
    if current:
        groups.append("".join(current))
    return groups


def _nuclei_in_group(group: str) -> int:
    """Count the syllable nuclei in one run of adjacent vowels."""
    count = 1
    for i in range(1, len(group)):
        prev, cur = group[i - 1], group[i]
        if _is_hiatus(prev, cur):
            count += 1
            continue
        # A weak vowel between two strong vowels starts the next syllable:
        # "cacahuate" is ca-ca-hua-te, not ca-cahua-te.
        if cur in _WEAK and prev in _STRONG and i + 1 < len(group) and group[i + 1] in _STRONG:
            count += 1
    return count


def _count_letters(letters: str) -> int:
    """Count syllables in a run of letters (no digits)."""
    groups = _vowel_groups(letters)
    if not groups:
        # No vowel at all: an abbreviation or a letter read by its name.
        return sum(_LETTER_NAME_SYLLABLES.get(ch, 1) for ch in letters)
    return sum(_nuclei_in_group(group) for group in groups)


_UNITS = (
    "cero",
    "uno",
    "dos",
    "tres",
    "cuatro",
    "cinco",
    "seis",
    "siete",
    "ocho",
    "nueve",
    "diez",
    "once",
    "doce",
    "trece",
    "catorce",
    "quince",
    "dieciséis",
    "diecisiete",
    "dieciocho",
    "diecinueve",
    "veinte",
    "veintiuno",
    "veintidós",
    "veintitrés",
    "veinticuatro",
    "veinticinco",
    "veintiséis",
    "veintisiete",
    "veintiocho",
    "veintinueve",
)
_TENS = {
    3: "treinta",
    4: "cuarenta",
    5: "cincuenta",
    6: "sesenta",
    7: "setenta",
    8: "ochenta",
    9: "noventa",
}
_HUNDREDS = {
    1: "ciento",
    2: "doscientos",
    3: "trescientos",
    4: "cuatrocientos",
    5: "quinientos",
    6: "seiscientos",
    7: "setecientos",
    8: "ochocientos",
    9: "novecientos",
}
_MAX_SPOKEN = 10**12 - 1


def _below_thousand(n: int, apocope: bool) -> list[str]:
    """Spell 0 < n < 1000; with ``apocope`` a final "uno" becomes "un"."""
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words.append("cien" if hundreds == 1 and rest == 0 else _HUNDREDS[hundreds])
    if rest:
        if rest < 30:
            words.append(_UNITS[rest])
        else:
            tens, units = divmod(rest, 10)
            words.append(_TENS[tens])
            if units:
                words.extend(["y", _UNITS[units]])
    if apocope and words:
        last = words[-1]
        if last == "uno":
            words[-1] = "un"
        elif last == "veintiuno":
            words[-1] = "veintiún"
    return words


def number_to_words_es(n: int) -> list[str]:
    """Spell a non-negative integer as Spanish words, as it is read aloud.

    ``number_to_words_es(866)`` is ``["ochocientos", "sesenta", "y", "seis"]``.
    Numbers of a trillion (10**12) or more are read digit by digit.
    """
    if n < 0:
        raise ValueError("only non-negative integers can be spelled")
    if n == 0:
        return ["cero"]
    if n > _MAX_SPOKEN:
        return [_UNITS[int(d)] for d in str(n)]
    words: list[str] = []
    millions, below_million = divmod(n, 1_000_000)
    if millions:
        if millions == 1:
            words.extend(["un", "millón"])
        else:
            words.extend(_spell_below_million(millions, apocope=True))
            words.append("millones")
    if below_million:
        words.extend(_spell_below_million(below_million, apocope=False))
    return words


def _spell_below_million(n: int, apocope: bool) -> list[str]:
    words: list[str] = []
    thousands, rest = divmod(n, 1000)
    if thousands:
        if thousands > 1:
            words.extend(_below_thousand(thousands, apocope=True))
        words.append("mil")
    if rest:
        words.extend(_below_thousand(rest, apocope=apocope))
    return words


def _spoken_digits(run: str) -> list[str]:
    """Words for a run of digits as a Spanish speaker would read it."""
    digits = "".join(str(unicodedata.decimal(ch)) for ch in run)  # any script
    if len(digits) > 1 and digits.startswith("0"):
        return [_UNITS[int(d)] for d in digits]
    return number_to_words_es(int(digits))


def count_syllables_es(word: str) -> int:
    """Count the syllables of a Spanish word.

    Case and accents are handled (``"CAMIÓN"`` is 2). Digits are counted as
    spoken (``"50"`` is ``cincuenta``, 3). Punctuation is ignored; if the
    string holds several words, their syllables are added up. An empty
    string, or one with no letters or digits, has 0 syllables.
    """
    text = unicodedata.normalize("NFC", word).lower()
    total = 0
    for token in _TOKEN_RE.findall(text):
        for part in _DIGITS_OR_LETTERS_RE.findall(token):
            if part[0].isdigit():
                total += sum(_count_letters(w) for w in _spoken_digits(part))
            else:
                total += _count_letters(part)
    return total


# --------------------------------------------------------------------------
# Markdown to sentences
# --------------------------------------------------------------------------

_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_SETEXT_RE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_HR_RE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_LIST_RE = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+(.*)$")
_QUOTE_RE = re.compile(r"^\s{0,3}>\s?")
_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_REF_LINK_RE = re.compile(r"\[([^\]]*)\]\[[^\]]*\]")
_AUTOLINK_RE = re.compile(r"<(?:https?://|mailto:)[^>]*>")
_URL_RE = re.compile(r"https?://\S+")
_HTML_RE = re.compile(r"</?[A-Za-z][^>]*>")
_CODE_RE = re.compile(r"`+([^`]*)`+")
_EMPHASIS_RE = re.compile(r"(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1")
_SENTENCE_END_RE = re.compile("(?<=[.!?\u2026])[\"'\u201d\u2019\u00bb)\\]]*\\s+")


def _inline_to_text(line: str) -> str:
    """Remove inline Markdown syntax, keeping the readable text."""
    line = _IMAGE_RE.sub(r"\1", line)
    line = _LINK_RE.sub(r"\1", line)
    line = _REF_LINK_RE.sub(r"\1", line)
    line = _AUTOLINK_RE.sub(" ", line)
    line = _URL_RE.sub(" ", line)
    line = _HTML_RE.sub(" ", line)
    line = _CODE_RE.sub(r"\1", line)
    previous = None
    while previous != line:  # nested emphasis such as ***x*** or **_x_**
        previous = line
        line = _EMPHASIS_RE.sub(r"\2", line)
    return line.replace("\\", "")


def _markdown_blocks(markdown: str) -> list[str]:
    """Split Markdown into blocks: headings, list items and paragraphs."""
    blocks: list[str] = []
    paragraph: list[str] = []
    in_fence = False

    def flush() -> None:
        if paragraph:
            blocks.append(" ".join(paragraph))
            paragraph.clear()

    for raw in markdown.splitlines():
        if _FENCE_RE.match(raw):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            continue  # code is not prose
        line = _QUOTE_RE.sub("", raw)
        if not line.strip():
            flush()
            continue
        heading = _HEADING_RE.match(line)
        if heading:
            flush()
            blocks.append(heading.group(1))
            continue
        if _HR_RE.match(line):
            flush()
            continue
        if _SETEXT_RE.match(line) and paragraph:
            flush()  # the paragraph above was a setext heading
            continue
        item = _LIST_RE.match(line)
        if item:
            flush()
            paragraph.append(item.group(1))
            continue
        if raw[:1] in (" ", "\t") and paragraph:
            paragraph.append(line.strip())  # continuation of a list item
            continue
        paragraph.append(line.strip())
    flush()
    return blocks


def markdown_to_sentences(markdown: str) -> list[str]:
    """Return the plain-text sentences of a Markdown document.

    Each heading, list item and paragraph is at least one sentence; inside a
    block, a new sentence starts after ``.``, ``!``, ``?`` or ``…`` followed
    by a space. Sentences with no word in them are dropped.
    """
    sentences: list[str] = []
    for block in _markdown_blocks(markdown):
        text = _inline_to_text(block)
        for piece in _SENTENCE_END_RE.split(text):
            piece = " ".join(piece.split())
            if piece and _TOKEN_RE.search(piece):
                sentences.append(piece)
    return sentences


# --------------------------------------------------------------------------
# Reading ease
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class TextStats:
    """Counts behind the reading-ease score of a text."""

    words: int
    syllables: int
    sentences: int

    @property
    def syllables_per_100_words(self) -> float:
        return 100.0 * self.syllables / self.words

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences

    @property
    def sentences_per_100_words(self) -> float:
        return 100.0 * self.sentences / self.words


def _spoken_words(token: str) -> list[str]:
    """Split a token into the words it is read as (digits become words)."""
    words: list[str] = []
    for part in _DIGITS_OR_LETTERS_RE.findall(token):
        if part[0].isdigit():
            words.extend(_spoken_digits(part))
        else:
            words.append(part)
    return words


_THOUSANDS_RE = re.compile(r"(?<![\d,])(\d{1,3})((?:,\d{3})+)(?![\d,])")


def text_stats(markdown: str) -> TextStats:
    """Count words, syllables and sentences in a (Markdown) text.

    Numbers are read as spoken Spanish words, so ``"75"`` counts as the three
    words ``setenta y cinco``; a thousands separator (``"5,000"``) is read as
    part of the number.
    """
    words = 0
    syllables = 0
    sentences = markdown_to_sentences(markdown)
    for sentence in sentences:
        sentence = _THOUSANDS_RE.sub(lambda m: m.group(1) + m.group(2).replace(",", ""), sentence)
        for token in _TOKEN_RE.findall(unicodedata.normalize("NFC", sentence).lower()):
            for spoken in _spoken_words(token):
                words += 1
                syllables += _count_letters(spoken)
    return TextStats(words=words, syllables=syllables, sentences=len(sentences))


def fernandez_huerta(text: str) -> float:
    """Fernández-Huerta reading ease of a Spanish (Markdown) text.

    ``L = 206.84 - 0.60·P - 1.02·F`` with ``P`` = syllables per 100 words and
    ``F`` = average words per sentence (see the module docstring for why
    ``F`` is words per sentence). Higher is easier; everyday easy text lands
    between 70 and 90. Raises ``ValueError`` if the text has no words.
    """
    stats = text_stats(text)
    if stats.words == 0:
        raise ValueError("the text has no words to score")
    return 206.84 - 0.60 * stats.syllables_per_100_words - 1.02 * stats.words_per_sentence


_BANDS: tuple[tuple[float, str], ...] = (
    (90.0, "grade-4"),  # muy fácil
    (80.0, "grade-5"),  # fácil
    (70.0, "grade-6"),  # algo fácil
    (60.0, "grade-7-8"),  # normal
    (50.0, "fairly-difficult"),  # algo difícil (preuniversitario)
    (30.0, "difficult"),  # difícil (cursos selectivos)
)


def grade_label(score: float) -> str:
    """Map a Fernández-Huerta score to a stable ASCII band code.

    ``>= 90`` ``grade-4`` (very easy), ``80-90`` ``grade-5`` (easy),
    ``70-80`` ``grade-6`` (fairly easy), ``60-70`` ``grade-7-8`` (normal),
    ``50-60`` ``fairly-difficult``, ``30-50`` ``difficult``, below 30
    ``very-difficult``. A score on a boundary belongs to the easier band.
    Raises ``ValueError`` for NaN.
    """
    if math.isnan(score):
        raise ValueError("score is NaN")
    for floor, label in _BANDS:
        if score >= floor:
            return label
    return "very-difficult"
