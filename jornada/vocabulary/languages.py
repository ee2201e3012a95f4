"""The languages a worker may ask for help in: Spanish, English and indigenous languages by name.

Indigenous languages have no settled spelling ("Purépecha", "purepecha", "P'urhépecha"), so a
language is kept as a key made from its name (lower case, without accents or apostrophes);
known names and their variants map to one key, and any other name a worker or an organisation
types is kept as its own key.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from django.utils.translation import get_language

MAX_LANGUAGE_NAME = 40


class Language(NamedTuple):
    key: str
    name_es: str
    name_en: str
    variants: tuple[str, ...] = ()

    def name(self, language: str | None = None) -> str:
        """Return the language's name in ``language`` (the active one by default)."""
        return self.name_en if (language or get_language() or "es").startswith("en") else self.name_es


KNOWN_LANGUAGES: tuple[Language, ...] = (
    Language("es", "Español", "Spanish", ("espanol", "castellano", "spanish")),
    Language("en", "Inglés", "English", ("ingles", "english")),
    Language("mixteco", "Mixteco", "Mixtec", ("mixtec", "tu'un savi", "tuun savi")),
    Language("zapoteco", "Zapoteco", "Zapotec", ("zapotec",)),
    Language("triqui", "Triqui", "Triqui", ("trique",)),
    Language("purepecha", "Purépecha", "Purépecha", ("p'urhepecha", "purhepecha", "tarasco")),
    Language("nahuatl", "Náhuatl", "Nahuatl", ("mexicano",)),
    Language("mam", "Mam", "Mam"),
    Language("kiche", "K'iche'", "K'iche'", ("quiche", "k'iche")),
    Language("qanjobal", "Q'anjob'al", "Q'anjob'al", ("kanjobal", "q'anjobal")),
    Language("otomi", "Otomí", "Otomi", ("hñähñu", "hnahnu")),
    Language("mazahua", "Mazahua", "Mazahua"),
    Language("tzotzil", "Tsotsil", "Tzotzil", ("tsotsil",)),
    Language("tzeltal", "Tseltal", "Tzeltal", ("tseltal",)),
    Language("chinanteco", "Chinanteco", "Chinantec", ("chinantec",)),
    Language("kaqchikel", "Kaqchikel", "Kaqchikel", ("cakchiquel",)),
    Language("qeqchi", "Q'eqchi'", "Q'eqchi'", ("kekchi",)),
    Language("garifuna", "Garífuna", "Garifuna"),
)


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.strip().casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"\s+", " ", plain)


def _key_of(folded: str) -> str:
    return re.sub(r"[^a-z0-9ñ ]", "", folded).replace(" ", "-")


_BY_NAME: dict[str, str] = {}
for _language in KNOWN_LANGUAGES:
    for _name in (_language.key, _language.name_es, _language.name_en, *_language.variants):
        _BY_NAME[_key_of(_fold(_name))] = _language.key
LANGUAGE_BY_KEY = {language.key: language for language in KNOWN_LANGUAGES}


_NAME = re.compile(r"^(?:[^\W\d_]|[ '’-])+$")


def is_language_name(name: str) -> bool:
    """Return True when ``name`` is made of letters, spaces, apostrophes and hyphens only."""
    return bool(_NAME.match(name.strip())) and bool(_key_of(_fold(name)))


def language_key(name: str) -> str:
    """Return the key a language name is kept and matched under ("Purépecha" → "purepecha")."""
    key = _key_of(_fold(name))
    return _BY_NAME.get(key, key)


def language_name(key: str, language: str | None = None) -> str:
    """Return a readable name for a kept key: the known name, or the key as typed."""
    known = LANGUAGE_BY_KEY.get(key)
    return known.name(language) if known else key.replace("-", " ").capitalize()
