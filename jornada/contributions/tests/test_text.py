import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from jornada.contributions.text import FreeTextField, clean_free_text


def test_it_keeps_markup_as_plain_text() -> None:
    """HTML and script are text like any other: kept exactly, escaped later on output."""
    text = '<script>alert("x")</script> <a href="javascript:alert(1)">clic</a>'
    assert clean_free_text(text) == text


def test_it_removes_invisible_controls_and_direction_overrides() -> None:
    """Control characters, bidi overrides and private-use characters (the redaction mark) go."""
    text = "pago\x00 ba\x07jo \u202e8765 4321\u202c\ue000 fin"
    assert clean_free_text(text) == "pago bajo 8765 4321 fin"


def test_it_normalises_line_breaks_and_blank_runs() -> None:
    """Windows line breaks become plain ones; long runs of blank lines shrink to one."""
    assert clean_free_text("  uno\r\n\r\n\r\n\r\ndos \r\ntres  ") == "uno\n\ndos\ntres"


def test_it_limits_the_cleaned_length_with_a_translated_message() -> None:
    """The limit counts the text after cleaning, and the message says the limit and the length."""
    field = FreeTextField(max_length=10, required=False)
    assert field.clean("\u202e" * 50 + "corto") == "corto"
    with pytest.raises(ValidationError) as caught:
        field.clean("x" * 11)
    assert caught.value.error_list[0].code == "max_length"
    with translation.override("es"):
        assert caught.value.messages == ["Escribe como máximo 10 caracteres (escribiste 11)."]
    with translation.override("en"):
        assert caught.value.messages == ["Please write at most 10 characters (you wrote 11)."]
