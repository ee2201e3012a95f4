"""Finding and removing personal data: used on every log line and on free text workers write.

Detection errs on the side of removing too much: a log line with a case number blanked out costs
a developer a minute; a log line with a worker's phone number can cost the worker a job.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["email", "ip", "phone"]

_EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]*\d)")
# Candidates only; ipaddress decides (so "10:30:00" stays a time).
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:%\w+)?(?![\w:])")
# 8 to 15 digits (Guatemalan numbers have 8, E.164 at most 15) with light punctuation between.
_PHONE = re.compile(r"(?<![\w+(-])(?:\+|00)?\(?\d(?:[ \t.\-()]{0,2}\d){7,14}(?![\w-])")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}(?::\d{2}){0,2})?$")

REPLACEMENTS: dict[Kind, str] = {"email": "[e-mail]", "ip": "[ip]", "phone": "[phone]"}


@dataclass(frozen=True)
class Finding:
    kind: Kind
    start: int
    end: int
    text: str


def _valid_ip(candidate: str) -> bool:
    try:
        ipaddress.ip_address(candidate.split("%", 1)[0])
    except ValueError:
        return False
    return True


def find_personal_data(text: str) -> list[Finding]:
    """Return the e-mail addresses, IP addresses and phone numbers in ``text``, in order."""
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def add(kind: Kind, match: re.Match[str]) -> None:
        start, end = match.span()
        if any(start < t_end and end > t_start for t_start, t_end in taken):
            return
        taken.append((start, end))
        findings.append(Finding(kind, start, end, match.group()))

    for match in _EMAIL.finditer(text):
        add("email", match)
    for match in _IPV4.finditer(text):
        if _valid_ip(match.group()):
            add("ip", match)
    for match in _IPV6.finditer(text):
        if match.group().count(":") >= 2 and _valid_ip(match.group()):
            add("ip", match)
    for match in _PHONE.finditer(text):
        if not _DATE.match(match.group()):
            add("phone", match)
    return sorted(findings, key=lambda finding: finding.start)


def scrub(text: str) -> str:
    """Return ``text`` with every e-mail address, IP address and phone number replaced."""
    findings = find_personal_data(text)
    if not findings:
        return text
    parts: list[str] = []
    position = 0
    for finding in findings:
        parts.append(text[position : finding.start])
        parts.append(REPLACEMENTS[finding.kind])
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)


# A query string can carry a worker's search or position ("near me"): log lines keep the path only.
_QUERY_STRING = re.compile(r"(/[^\s?#\"']*)\?[^\s\"']+")


def strip_query_strings(text: str) -> str:
    """Return ``text`` with the query string of every path or URL in it replaced by ``?[query]``."""
    return _QUERY_STRING.sub(r"\1?[query]", text)


class ScrubPersonalDataFilter(logging.Filter):
    """A logging filter that removes personal data and query strings from the message, traceback and stack."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the line
            message = f"{record.msg!r} {record.args!r}"
        record.msg = scrub(strip_query_strings(message))
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        # Django's request logging attaches the request itself; its repr can carry addresses.
        if getattr(record, "request", None) is not None:
            record.request = None
        return True
