import io
import logging

import pytest
from django.test import Client

from jornada.core.privacy import ScrubPersonalDataFilter, find_personal_data, scrub


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("+52 1 55 1234 5678", "phone"),
        ("044 55 1234 5678", "phone"),
        ("55-1234-5678", "phone"),
        ("(555) 123-4567", "phone"),
        ("+502 5555 1234", "phone"),
        ("5512345678", "phone"),
        ("55.1234.5678", "phone"),
        ("maria.lopez+h2a@correo.example.mx", "email"),
        ("203.0.113.77", "ip"),
        ("2001:db8::1", "ip"),
        ("fe80::1%eth0", "ip"),
    ],
)
def test_it_finds_personal_data(text: str, kind: str) -> None:
    """Phone numbers written many ways, e-mail and IP addresses are each recognised."""
    findings = find_personal_data(f"contacto: {text}.")
    assert [(finding.kind, finding.text) for finding in findings] == [(kind, text)]


@pytest.mark.parametrize(
    "text",
    ["2026-11-23 10:30:00", "10:30:00", "imported 12930 rows", "version 5.2.19", "H-300-17001-123456"],
)
def test_it_leaves_dates_times_and_counts_alone(text: str) -> None:
    """Ordinary log content (timestamps, counts, versions, case numbers) is not mistaken for data."""
    assert find_personal_data(text) == []


def test_it_scrubs_a_log_line_through_the_configured_logging() -> None:
    """A line with an address, an e-mail and a phone comes out of Jornada's handler scrubbed."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, ScrubPersonalDataFilter) for f in h.filters)
    )
    stream = io.StringIO()
    original = handler.setStream(stream)  # type: ignore[attr-defined]
    try:
        logging.getLogger("jornada.test").warning(
            "worker %s wrote from %s, phone %s", "ana@example.com", "198.51.100.23", "+52 55 1234 5678"
        )
        try:
            raise ValueError("bad number 044 55 8765 4321 from 2001:db8::7")
        except ValueError:
            logging.getLogger("jornada.test").exception("failed")
    finally:
        handler.setStream(original)  # type: ignore[attr-defined]
    output = stream.getvalue()
    assert "worker [e-mail] wrote from [ip], phone [phone]" in output
    for secret in ("ana@example.com", "198.51.100.23", "1234 5678", "8765 4321", "2001:db8::7"):
        assert secret not in output
    assert "ValueError: bad number [phone] from [ip]" in output


@pytest.mark.django_db
def test_it_keeps_addresses_out_of_request_logs(caplog: pytest.LogCaptureFixture) -> None:
    """Django's own "Not Found" log line for a path holding a phone number is scrubbed."""
    caplog.handler.addFilter(ScrubPersonalDataFilter())
    with caplog.at_level(logging.WARNING, logger="django.request"):
        Client(REMOTE_ADDR="203.0.113.200").get("/es/no-such-page/5512345678/")
    text = caplog.text
    assert "Not Found" in text
    assert "5512345678" not in text
    assert "203.0.113.200" not in text


def test_scrub_keeps_the_rest_of_the_text() -> None:
    """Only the personal data is replaced; the sentence around it stays."""
    assert (
        scrub("Llama al 55 1234 5678 o escribe a a@b.mx hoy") == "Llama al [phone] o escribe a [e-mail] hoy"
    )
