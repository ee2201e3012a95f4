"""Free text as workers send it: cleaned of invisible tricks, limited in size, never markup.

HTML and script stay exactly as typed (templates escape them on output). What is removed is
only what a reader cannot see but a browser or a moderator's eye can be fooled by: control
characters, bidirectional overrides (which can make a phone number read backwards) and
private-use characters (one of them marks a redaction, so a worker cannot fake one).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# U+200E/F marks, U+202A-E embeddings and overrides, U+2066-9 isolates, U+061C Arabic mark.
_BIDI_CONTROLS = frozenset(
    "\u200e\u200f\u061c"
    + "".join(chr(code) for code in range(0x202A, 0x202F))
    + "".join(chr(code) for code in range(0x2066, 0x206A))
)
_REMOVED_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn"})
_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


def is_invisible(character: str) -> bool:
    """Return True for a character ``clean_free_text`` removes (controls, overrides, private use)."""
    return unicodedata.category(character) in _REMOVED_CATEGORIES or character in _BIDI_CONTROLS


def clean_free_text(value: str) -> str:
    """Return ``value`` in NFC with invisible controls removed and blank runs collapsed."""
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    kept = [character for character in value if character in "\n\t" or not is_invisible(character)]
    text = "".join(kept)
    text = _TRAILING_SPACE.sub("\n", text)
    return _BLANK_LINES.sub("\n\n", text).strip()


class FreeTextField(forms.CharField):
    """A text field for worker-written text: cleaned as above, then length-checked.

    The length limit applies to the cleaned text, with a translated message that names it.
    """

    def __init__(self, *, max_length: int, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 6}))
        super().__init__(max_length=max_length, strip=True, **kwargs)
        self.error_messages["max_length"] = _(
            "Please write at most %(limit_value)d characters (you wrote %(show_value)d)."
        )

    def to_python(self, value: Any) -> str:
        text: str = super().to_python(value) or ""
        return clean_free_text(text) if text else text


def check_length(value: str, *, limit: int) -> None:
    """Raise the standard too-long error for text that did not pass through a form field."""
    if len(value) > limit:
        raise ValidationError(
            _("Please write at most %(limit_value)d characters (you wrote %(show_value)d)."),
            code="max_length",
            params={"limit_value": limit, "show_value": len(value)},
        )
