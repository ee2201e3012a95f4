"""Finding personal details in free text, for moderators to see before anything is published.

Extends ``jornada.core.privacy.find_personal_data`` (e-mail and IP addresses, phone numbers)
with links, Mexican identity numbers (CURP, RFC, the voter card's clave de elector),
passport-like numbers, and phrases that introduce a name ("me llamo …", "mi nombre es …",
"soy …", "my name is …"). Like the core scanner it errs towards flagging too much: a
moderator dismisses a false alarm in a second; a missed phone number can cost a worker a job.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jornada.core.privacy import find_personal_data

KIND_LABELS: dict[str, str | Promise] = {
    "email": _("e-mail address"),
    "ip": _("IP address"),
    "phone": _("phone number"),
    "url": _("link"),
    "curp": _("CURP"),
    "rfc": _("RFC"),
    "voter_id": _("voter card number"),
    "document": _("document or passport number"),
    "name": _("a name"),
}


@dataclass(frozen=True)
class Hit:
    """One span of text that looks like a personal detail."""

    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> str | Promise:
        return KIND_LABELS[self.kind]

    @property
    def value(self) -> str:
        """The span as a form value: ``start:end``."""
        return f"{self.start}:{self.end}"


_URL = re.compile(
    r"(?:\b(?:https?|ftp|javascript|vbscript|data):[^\s<>\"']+"
    r"|\bwww\.[^\s<>\"']+"
    r"|\b(?:[a-z0-9-]+\.)+(?:com|net|org|info|biz|mx|gt|hn|sv|ni|us|co|io|me|ly|app|link|site|online|page|xyz)"
    r"\b(?:/[^\s<>\"']*)?)",
    re.IGNORECASE,
)
_TRAILING_PUNCTUATION = ".,;:!?)]}»\"'"
_CURP = re.compile(r"\b[A-Z]{4}\d{6}[HMX][A-Z]{5}[A-Z0-9]\d\b", re.IGNORECASE)
_VOTER_ID = re.compile(r"\b[A-Z]{6}\d{8}[HMX]\d{3}\b", re.IGNORECASE)
_RFC = re.compile(r"\b[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}\b", re.IGNORECASE)
_PASSPORT_LIKE = re.compile(r"\b[A-Z]{1,3}-?\d{6,9}\b", re.IGNORECASE)
# "pasaporte número G1234…", "DPI 2345 67890 0101", "visa #: 12345678"
_DOCUMENT_AFTER_WORD = re.compile(
    r"\b(?:pasaporte|passport|visa|dpi|ine|curp|rfc|credencial|licencia|license|matr[ií]cula|folio)"
    r"\s*(?:n[uú]m(?:ero)?\.?|no\.?|num\.?|number|#)?\s*[:#]?\s*"
    r"(?P<number>(?-i:[A-Z]{0,3}) ?\d[\d -]{3,20}\d(?-i:[A-Z])?)",
    re.IGNORECASE,
)
# "2024-2025" or "2019/2020" looks like a phone number to the core scanner: it is a season.
_YEAR_RANGE = re.compile(r"^(?:19|20)\d\d\s?[-–/]\s?(?:19|20)\d\d$")
_NAME_INTRO = re.compile(
    r"\b(?P<intro>me\s+llamo|mi\s+nombre\s+es|my\s+name\s+is|me\s+dicen|soy)\b[\s,:]*",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_NAME_PARTICLES = frozenset({"de", "del", "la", "las", "los", "van", "von", "da", "dos"})
_NOT_NAMES = frozenset(
    {
        # Words that follow "me llamo / my name is" without being a name, and connectors.
        "y",
        "e",
        "o",
        "u",
        "pero",
        "que",
        "and",
        "but",
        "or",
        "el",
        "un",
        "una",
        "the",
        "a",
        "an",
        "trabajador",
        "trabajadora",
        "worker",
        "nadie",
        "anonimo",
        "anónimo",
        "anónima",
        "anonymous",
        "es",
        "is",
        "no",
        "not",
        "de",
        "del",
        "en",
        "in",
        "from",
        "con",
        "with",
        "para",
        "for",
        "por",
        "muy",
        "very",
        "also",
        "tambien",
        "también",
    }
)
MAX_NAME_WORDS = 4


def _has_digits(text: str, minimum: int) -> bool:
    return sum(character.isdigit() for character in text) >= minimum


def _name_after(text: str, intro: str, position: int) -> tuple[int, int] | None:
    """Return the span of the name that follows an introduction at ``position``, if any."""
    capital_required = intro.lower() == "soy"
    words: list[re.Match[str]] = []
    cursor = position
    while len(words) < MAX_NAME_WORDS:
        match = _WORD.match(text, cursor)
        if match is None:
            break
        word = match.group()
        lowered = word.lower()
        if lowered in _NAME_PARTICLES and words:
            # "María de la Luz": a particle belongs to the name only before another name word.
            following = re.match(r"[ \t]+(?:(?:de|del|la|las|los)[ \t]+)*([^\W\d_]+)", text[match.end() :])
            if (
                following is None
                or following.group(1).lower() in _NOT_NAMES
                or (capital_required and not following.group(1)[:1].isupper())
            ):
                break
        elif lowered in _NOT_NAMES or (capital_required and not word[:1].isupper()):
            break
        words.append(match)
        gap = re.match(r"[ \t]+", text[match.end() :])
        if gap is None:
            break
        cursor = match.end() + gap.end()
    while words and words[-1].group().lower() in _NAME_PARTICLES:
        words.pop()
    if not words:
        return None
    return words[0].start(), words[-1].end()


def find_personal_details(text: str) -> list[Hit]:
    """Return every span of ``text`` that looks like a personal detail, in order, never overlapping."""
    hits: list[Hit] = []

    def add(kind: str, start: int, end: int) -> None:
        if start >= end or any(start < hit.end and end > hit.start for hit in hits):
            return
        hits.append(Hit(kind, start, end, text[start:end]))

    for finding in find_personal_data(text):
        if finding.kind == "email":
            add("email", finding.start, finding.end)
    for match in _URL.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in _TRAILING_PUNCTUATION:
            # A closing parenthesis belongs to the link when it closes one opened inside it.
            if text[end - 1] == ")" and text.count("(", match.start(), end) >= text.count(
                ")", match.start(), end
            ):
                break
            end -= 1
        add("url", match.start(), end)
    for kind, pattern in (("curp", _CURP), ("voter_id", _VOTER_ID), ("rfc", _RFC)):
        for match in pattern.finditer(text):
            add(kind, *match.span())
    for finding in find_personal_data(text):
        if finding.kind != "email" and not _YEAR_RANGE.match(finding.text):
            add(finding.kind, finding.start, finding.end)
    for match in _DOCUMENT_AFTER_WORD.finditer(text):
        if _has_digits(match.group("number"), 5):
            add("document", *match.span("number"))
    for match in _PASSPORT_LIKE.finditer(text):
        add("document", *match.span())
    for match in _NAME_INTRO.finditer(text):
        span = _name_after(text, match.group("intro"), match.end())
        if span is not None:
            add("name", *span)
    return sorted(hits, key=lambda hit: hit.start)


@dataclass(frozen=True)
class FieldHits:
    """One published text field of a contribution and the personal details found in it."""

    name: str
    label: Any
    text: str
    hits: list[Hit]


def scan_fields(contribution: Any) -> list[FieldHits]:
    """Scan every field in ``moderated_fields`` that holds text, in the model's order."""
    found = []
    for name in contribution.moderated_fields:
        text = getattr(contribution, name) or ""
        if text:
            label = contribution._meta.get_field(name).verbose_name
            found.append(FieldHits(name, label, text, find_personal_details(text)))
    return found


def hits_fingerprint(fields: list[FieldHits]) -> str:
    """Return a short digest of every hit in every field: what a moderator confirmed they checked."""
    digest = hashlib.sha256()
    for field in fields:
        for hit in field.hits:
            digest.update(f"{field.name}\0{hit.kind}\0{hit.start}\0{hit.end}\0{hit.text}\0".encode())
    return digest.hexdigest()[:16]


def hit_count(fields: list[FieldHits]) -> int:
    return sum(len(field.hits) for field in fields)
