import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from jornada.contributions import redaction


def test_it_replaces_spans_with_one_marker_each() -> None:
    """Overlapping and touching spans merge; each removed run becomes one visible marker."""
    text = "Me llamo Juan Pérez, tel 55 1234 5678."
    redacted = redaction.redact(text, [(9, 13), (12, 19), (25, 37)])
    assert redacted == f"Me llamo {redaction.MARKER}, tel {redaction.MARKER}."
    assert "Juan" not in redacted
    assert "5678" not in redacted


def test_it_finds_every_occurrence_of_a_typed_phrase() -> None:
    """Typed phrases match regardless of case, everywhere they occur."""
    text = "Juan dijo que JUAN no pagó; juan se fue."
    assert redaction.phrase_spans(text, ["juan"]) == [(0, 4), (14, 18), (28, 32)]


def test_it_refuses_a_phrase_that_is_not_in_the_text() -> None:
    """A typo in the phrase is an error, not a silent no-op."""
    with pytest.raises(ValidationError) as caught:
        redaction.phrase_spans("texto", ["otro"])
    assert caught.value.code == "phrase_not_found"


def test_it_refuses_spans_outside_the_text() -> None:
    """A forged span value is refused."""
    for value in ("5:3", "-1:2", "0:99", "x:y", "3"):
        with pytest.raises(ValidationError):
            redaction.parse_span(value, 10)
    assert redaction.parse_span("2:5", 10) == (2, 5)


def test_it_shows_markers_in_the_readers_language_and_escapes_the_rest() -> None:
    """On a page the marker reads "[dato personal quitado]" in Spanish; markup stays text."""
    text = f"<b>hola</b> {redaction.MARKER}\nadiós"
    with translation.override("es"):
        html = redaction.as_html(text)
        plain = redaction.as_plain_text(text)
    assert "&lt;b&gt;hola&lt;/b&gt;" in html
    assert '<span class="redacted">[dato personal quitado]</span>' in html
    assert "<br>" in html
    assert plain == "<b>hola</b> [dato personal quitado]\nadiós"
    with translation.override("en"):
        assert "[personal detail removed]" in redaction.as_html(text)
