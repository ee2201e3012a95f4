"""Spanish by default, English complete, and no interface string left untranslated."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from jornada.core.i18n import app_dirs, catalogue_path, entry_key, extract, problems

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


@pytest.mark.parametrize("app_dir", app_dirs(), ids=lambda path: path.name)
@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_it_has_a_complete_catalogue_for_every_language(app_dir: Path, language: str) -> None:
    """Every app has a catalogue per language with nothing untranslated or fuzzy."""
    path = catalogue_path(app_dir, language)
    if not extract(app_dir):
        pytest.skip(f"{app_dir.name} has no interface text")
    assert path.exists(), f"missing catalogue {path}: run `make messages`"
    assert problems(path) == []


@pytest.mark.parametrize("app_dir", app_dirs(), ids=lambda path: path.name)
def test_it_has_every_interface_string_in_the_catalogues(app_dir: Path) -> None:
    """Every string marked for translation in code and templates is in the catalogues (make messages)."""
    import polib

    in_source = extract(app_dir)
    for language in LANGUAGE_CODES:
        path = catalogue_path(app_dir, language)
        in_catalogue = {entry_key(entry) for entry in polib.pofile(str(path))} if path.exists() else set()
        missing = sorted(key[1] for key in in_source - in_catalogue)
        assert missing == [], f"{path}: run `make messages` and translate: {missing[:5]}"


@pytest.mark.django_db
def test_it_sends_a_first_visit_to_spanish() -> None:
    """The bare address redirects to the Spanish site when the browser asks for nothing else."""
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"] == "/es/"


@pytest.mark.django_db
def test_it_links_each_page_to_itself_in_the_other_language() -> None:
    """The language switch is a plain link to the same page, so it works without JavaScript."""
    spanish = Client().get("/es/privacy/").content.decode()
    assert '<html lang="es">' in spanish
    assert 'href="/en/privacy/" hreflang="en" lang="en"' in spanish
    english = Client().get("/en/privacy/").content.decode()
    assert '<html lang="en">' in english
    assert 'href="/es/privacy/" hreflang="es" lang="es" rel="alternate">Español</a>' in english
    assert "Your privacy" in english
    assert "Tu privacidad" in spanish


def test_it_keeps_interface_text_inside_apps() -> None:
    """Modules outside the apps are not extracted into any catalogue, so they must hold no interface text."""
    import re

    from jornada.core.i18n import PACKAGE_DIR

    pattern = re.compile(r"\b(gettext|gettext_lazy|ngettext|pgettext|_)\(")
    offenders = [
        path.name
        for path in PACKAGE_DIR.glob("*.py")
        if path.name != "settings.py" and pattern.search(path.read_text())
    ]
    assert offenders == []


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_it_translates_each_string_the_same_way_in_every_app(language: str) -> None:
    """A msgid with the same context has one translation across all apps' catalogues.

    Django merges the catalogues and the first app in INSTALLED_APPS wins, so a second translation
    is silently replaced (a case shown as "Cerrada" because a request for help is feminine). Where
    the meaning or gender differs, give the source string a context (pgettext); where it is only
    style, make the translations equal. `python -m jornada.core.i18n conflicts` lists them.
    """
    from jornada.core.i18n import conflicts

    found = conflicts(language)
    assert found == [], f"{len(found)} strings translated differently across apps:\n" + "\n".join(found)
