"""URL converter for language codes in article addresses (es, en, mix, quc, es-MX, …)."""

from __future__ import annotations

from django.urls import register_converter


class LanguageCodeConverter:
    regex = r"[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LanguageCodeConverter, "rights_lang")
# The path segment for a language code in URL patterns (registering it is this module's import).
LANGUAGE = "<rights_lang:language>"
