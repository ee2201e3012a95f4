"""The site's public address, for every link that leaves the site (e-mail, text messages, PDFs).

Links are built from ``JORNADA_BASE_URL``, never from the request's Host header: a request can
name any host its sender likes (or one of several allowed names), and a password-reset link
or a follow confirmation built from it would send a worker or a staff member elsewhere.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def site_base_url() -> str:
    """Return JORNADA_BASE_URL without its trailing slash; refuse to guess one when it is unset."""
    base: str = settings.JORNADA_BASE_URL
    if not base:
        raise ImproperlyConfigured(
            "JORNADA_BASE_URL is not set: Jornada needs the site's public address (such as "
            "https://jornada.example.org) to build links in e-mails, text messages and printables."
        )
    return base.rstrip("/")
