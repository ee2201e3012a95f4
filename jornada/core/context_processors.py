from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def site(request: HttpRequest) -> dict[str, Any]:
    """Site name and the language switch: links to this same page in every other language."""
    current = get_language()
    path = request.get_full_path()
    switch = []
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        info = get_language_info(code)
        switch.append({"code": code, "name": info["name_local"], "url": translate_url(path, code)})
    return {
        "site_name": settings.JORNADA_SITE_NAME,
        "language_switch": switch,
        "quick_exit_url": settings.JORNADA_QUICK_EXIT_URL,
    }
