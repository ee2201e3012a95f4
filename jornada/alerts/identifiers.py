"""What a scammer is known by, in one comparable form: phone numbers, web addresses and names.

Workers write the same number many ways (``+52 1 55 1234 5678``, ``044 55 1234 5678``,
``55-1234-5678``) and paste the same page many ways (``https://m.facebook.com/empleos.usa/?ref=x``).
Every warning's identifiers are stored normalised, and a look-up normalises the query the same
way, so matching is an exact index hit.

Phone numbers become E.164 (``+525512345678``). Mexico's old mobile prefixes (044 and 045 before
the ten digits, "+52 1" in international form) and long-distance prefix (01) are dropped, as
Mexico did in 2019-2020. A bare ten-digit number is often valid both as a Mexican and as a US
number (``559 555 1234`` is Fresno, California, and a number in Mexico): a warning stores every
valid reading and a look-up matches any of them, so the scammer's number is found however it is
typed. A follow's own number is never guessed: the worker chooses the country or writes the
number in international form (``FollowForm``). Eight digits are Guatemalan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import phonenumbers

from jornada.directory.dol.names import normalise_name


class Kind:
    PHONE = "phone"
    URL = "url"
    NAME = "name"


MAX_VALUE = 300
_DIGITS = re.compile(r"\d")
_PHONE_CHARACTERS = re.compile(r"^[\s\d+().\-/–]+$")
_URL_LIKE = re.compile(
    r"^(?:[a-z][a-z0-9+.\-]*://)?(?:www\.)?[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}(?:[/?#:].*)?$",
    re.IGNORECASE,
)
_FACEBOOK_HOSTS = {
    "facebook.com",
    "m.facebook.com",
    "mbasic.facebook.com",
    "web.facebook.com",
    "touch.facebook.com",
    "mobile.facebook.com",
    "business.facebook.com",
    "es-la.facebook.com",
    "es-es.facebook.com",
    "fb.com",
    "m.me",
}
_WHATSAPP_HOSTS = {"wa.me", "api.whatsapp.com", "web.whatsapp.com"}
_REGIONS = ("MX", "US", "GT")
# Countries a follower may choose for a number written without its country code: the corridor's.
FOLLOW_REGIONS = ("MX", "US", "GT", "HN", "SV", "NI", "CR", "PA", "CO", "PE", "DO", "JM", "HT", "CA")


@dataclass(frozen=True)
class Identifier:
    kind: str
    value: str  # normalised, as stored and matched
    display: str  # as shown to the public


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _international(e164: str) -> str:
    try:
        return phonenumbers.format_number(
            phonenumbers.parse(e164), phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
    except phonenumbers.NumberParseException:
        return e164


def _valid(text: str, region: str | None = None) -> str | None:
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    return _e164(number) if phonenumbers.is_valid_number(number) else None


def phone_candidates(text: str, *, region: str = "") -> list[str]:
    """Return every E.164 number ``text`` can reasonably mean, the likeliest first.

    With ``region`` (a country the writer chose), a number without its country code is read in
    that country only; a number in international form is read as written either way.
    """
    raw = text.strip()
    digits = "".join(_DIGITS.findall(raw))
    if not 7 <= len(digits) <= 15:
        return []
    international = raw.startswith("+") or digits.startswith("00")
    if digits.startswith("00"):
        digits = digits[2:]
    found: list[str] = []

    def add(value: str | None) -> None:
        if value and value not in found:
            found.append(value)

    if international:
        if digits.startswith("521") and len(digits) == 13:  # "+52 1 55 …": the old mobile form
            digits = "52" + digits[3:]
        add(_valid("+" + digits))
        return found
    if region:
        if region == "MX" and len(digits) == 13 and digits[:3] in ("044", "045"):
            digits = digits[3:]
        elif region == "MX" and len(digits) == 12 and digits.startswith("01"):
            digits = digits[2:]
        add(_valid(digits, region))
        return found
    regions: tuple[str, ...] = _REGIONS
    if len(digits) == 13 and digits[:3] in ("044", "045"):  # 044/045 + ten digits (old mobile)
        digits, regions = digits[3:], ("MX",)
    elif len(digits) == 12 and digits.startswith("01"):  # 01 + ten digits (old long distance)
        digits, regions = digits[2:], ("MX",)
    if len(digits) == 13 and digits.startswith("521"):
        add(_valid("+52" + digits[3:]))
    if len(digits) == 12 and digits.startswith("52"):
        add(_valid("+" + digits))
    if len(digits) == 11 and digits.startswith("502"):
        add(_valid("+" + digits))
    if len(digits) == 11 and digits.startswith("1"):
        add(_valid("+" + digits))
    for region in regions:
        add(_valid(digits, region))
    return found


def normalise_phone(text: str) -> Identifier | None:
    """Return a phone number as stored: E.164 when valid, else its digits (still matchable)."""
    candidates = phone_candidates(text)
    if candidates:
        return Identifier(Kind.PHONE, candidates[0], _international(candidates[0]))
    digits = "".join(_DIGITS.findall(text))
    if len(digits) < 7:
        return None
    return Identifier(Kind.PHONE, digits[:20], text.strip()[:60])


def phone_readings(text: str) -> list[Identifier]:
    """Return every way a number may be stored: each valid reading, else its digits.

    ``559 555 1234`` is stored as ``+525595551234`` and ``+15595551234``: a look-up of either
    finds the warning.
    """
    candidates = phone_candidates(text)
    if candidates:
        return [Identifier(Kind.PHONE, value, _international(value)) for value in candidates]
    fallback = normalise_phone(text)
    return [fallback] if fallback else []


def international(e164: str) -> str:
    """Return an E.164 number as people read it: ``+1 559-555-1234``."""
    return _international(e164)


def looks_like_phone(text: str) -> bool:
    """Return True when ``text`` is written like a phone number (digits and separators only)."""
    return bool(_PHONE_CHARACTERS.match(text.strip())) and len(_DIGITS.findall(text)) >= 7


def looks_like_url(text: str) -> bool:
    """Return True when ``text`` is a web address, with or without its scheme."""
    stripped = text.strip()
    return " " not in stripped and bool(_URL_LIKE.match(stripped))


def normalise_url(text: str) -> Identifier | None:
    """Return a web address as stored: no scheme, www., mobile host, query, fragment or final slash.

    Facebook's many hosts become ``facebook.com``; a numeric profile keeps its
    ``profile.php?id=``, which is the only query that names a page. A WhatsApp link
    (``wa.me/52155…``) is a phone number and is returned as one.
    """
    stripped = text.strip()
    if not stripped or " " in stripped:
        return None
    if "://" not in stripped:
        stripped = "https://" + stripped
    try:
        parts = urlsplit(stripped)
    except ValueError:
        return None
    host = (parts.hostname or "").lower().rstrip(".")
    if not host or "." not in host:
        return None
    if host.startswith("www."):
        host = host[4:]
    path = re.sub(r"/{2,}", "/", parts.path).rstrip("/").lower()
    if host in _WHATSAPP_HOSTS:
        number = path.strip("/") or parse_qs(parts.query).get("phone", [""])[0]
        return normalise_phone("+" + number.lstrip("+")) if number else None
    if host in _FACEBOOK_HOSTS:
        host = "facebook.com"
        if path == "/profile.php":
            profile = parse_qs(parts.query).get("id", [""])[0]
            if profile.isdigit():
                path = f"/profile.php?id={profile}"
    value = (host + path)[:MAX_VALUE]
    return Identifier(Kind.URL, value, value)


def normalise_person_or_company(text: str) -> Identifier | None:
    """Return a name as stored: the directory's comparable form (case, accents, legal suffixes)."""
    value = normalise_name(text[:MAX_VALUE])
    if not value:
        return None
    return Identifier(Kind.NAME, value[:MAX_VALUE], " ".join(text.split())[:MAX_VALUE])


@dataclass(frozen=True)
class Query:
    """A look-up box's text, understood: what kind of thing it is and the values to match."""

    text: str
    kind: str
    values: tuple[str, ...]


def understand(text: str) -> Query:
    """Classify what a worker typed into the look-up box and normalise it for matching."""
    text = " ".join(text.split())[:MAX_VALUE]
    if looks_like_phone(text):
        candidates = phone_candidates(text)
        fallback = normalise_phone(text)
        values = tuple(candidates) or ((fallback.value,) if fallback else ())
        return Query(text, Kind.PHONE, values)
    if looks_like_url(text):
        found = normalise_url(text)
        if found is not None:
            if found.kind == Kind.PHONE:
                return Query(text, Kind.PHONE, tuple(phone_candidates(found.value)) or (found.value,))
            return Query(text, Kind.URL, (found.value,))
    name = normalise_person_or_company(text)
    return Query(text, Kind.NAME, (name.value,) if name else ())
