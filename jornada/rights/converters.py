"""URL converter for language codes in article addresses (es, en, mix, quc, es-MX, …)."""

from __future__ import annotations


class LanguageCodeConverter:
    regex = r"[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
