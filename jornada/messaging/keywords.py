"""Understanding a text message: keywords in Spanish or English, forgiving of accents, case and typos.

A message is folded (accents and punctuation removed, upper case) and its first word compared
with every keyword: exactly, or for words of four letters or more by similarity (rapidfuzz),
so ``busacr``, ``Derécho`` and ``ingles`` work. Opt-out words count only when they are the
whole message, exactly, as carriers read them: ``END of my contract`` is not a STOP.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz, process

MIN_FUZZY_LENGTH = 4
MIN_SIMILARITY = 80


class Command(StrEnum):
    LOOKUP = "lookup"
    REPORT = "report"
    RIGHTS = "rights"
    FOLLOW = "follow"
    HELP = "help"
    URGENT = "urgent"
    CALLBACK = "callback"
    MENU = "menu"
    ENGLISH = "english"
    SPANISH = "spanish"


# The menu's numbers, in the menu's order.
MENU_ORDER: tuple[Command, ...] = (
    Command.LOOKUP,
    Command.REPORT,
    Command.RIGHTS,
    Command.FOLLOW,
    Command.HELP,
    Command.URGENT,
    Command.CALLBACK,
)

KEYWORDS: dict[str, Command] = {
    "BUSCAR": Command.LOOKUP,
    "CHECAR": Command.LOOKUP,
    "VERIFICAR": Command.LOOKUP,
    "CHECK": Command.LOOKUP,
    "SEARCH": Command.LOOKUP,
    "LOOKUP": Command.LOOKUP,
    "REPORTAR": Command.REPORT,
    "DENUNCIAR": Command.REPORT,
    "REPORT": Command.REPORT,
    "DERECHOS": Command.RIGHTS,
    "DERECHO": Command.RIGHTS,
    "RIGHTS": Command.RIGHTS,
    "SEGUIR": Command.FOLLOW,
    "FOLLOW": Command.FOLLOW,
    "AYUDA": Command.HELP,
    "HELP": Command.HELP,
    "URGENTE": Command.URGENT,
    "URGENT": Command.URGENT,
    "EMERGENCIA": Command.URGENT,
    "EMERGENCY": Command.URGENT,
    "LLAMAME": Command.CALLBACK,
    "LLAMENME": Command.CALLBACK,
    "CALL": Command.CALLBACK,  # CALL ME: the first word decides
    "CALLBACK": Command.CALLBACK,
    "MENU": Command.MENU,
    "INICIO": Command.MENU,
    "HOLA": Command.MENU,
    "HELLO": Command.MENU,
    "START": Command.MENU,
    "ENGLISH": Command.ENGLISH,
    "INGLES": Command.ENGLISH,
    "ESPANOL": Command.SPANISH,
    "SPANISH": Command.SPANISH,
}

# Carriers' opt-out words and ALTO (Spanish "stop"): the whole message, exactly.
STOP_WORDS = frozenset(
    {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "BAJA", "ALTO", "REVOKE", "OPTOUT"}
)
YES_WORDS = frozenset({"SI", "YES", "S", "Y"})
NO_WORDS = frozenset({"NO", "N"})
SKIP_WORDS = frozenset({"0", "SALTAR", "SKIP", "NADA", "NONE"})

_NOT_WORD = re.compile(r"[^A-Z0-9]+")


def fold(text: str) -> str:
    """Return ``text`` without accents and punctuation, upper case, words single-spaced."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).upper()
    return _NOT_WORD.sub(" ", plain).strip()


@dataclass(frozen=True)
class Parsed:
    command: Command | None
    rest: str  # what followed the keyword, as written (the name or number to look up)


def keyword(word: str) -> Command | None:
    """Return the command a single folded word means, if any (typos forgiven for long words)."""
    if word in KEYWORDS:
        return KEYWORDS[word]
    if len(word) < MIN_FUZZY_LENGTH:
        return None
    best = process.extractOne(word, KEYWORDS.keys(), scorer=fuzz.ratio, score_cutoff=MIN_SIMILARITY)
    return KEYWORDS[best[0]] if best else None


def parse(text: str) -> Parsed:
    """Split a message into its command (its first word, if one) and the rest as written."""
    stripped = text.strip()
    first, _space, rest = stripped.partition(" ")
    folded = fold(first)
    if not folded or " " in folded:
        return Parsed(None, stripped)
    return Parsed(keyword(folded), rest.strip())


def is_stop(text: str) -> bool:
    """Return True when the whole message is an opt-out word."""
    return fold(text).replace(" ", "") in STOP_WORDS


def number_choice(text: str, count: int) -> int | None:
    """Return the 1-based option a reply like ``2`` or ``2.`` picks among ``count``, else None."""
    folded = fold(text)
    if folded.isdigit() and 1 <= int(folded) <= count:
        return int(folded)
    return None
