"""The service worker at /sw.js and the script that registers it: data-driven, no inline script."""

import json
import re

import pytest
from django.test import Client, override_settings


def _config(body: str) -> dict:
    return json.loads(re.search(r"^const CONFIG = (.*);$", body, re.MULTILINE).group(1))


@pytest.mark.django_db
def test_it_serves_the_worker_from_the_root() -> None:
    """/sw.js is JavaScript allowed to control the whole site, revalidated on every check."""
    response = Client().get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    config = _config(response.content.decode())
    # The library index in every language, then the other pages of JORNADA_OFFLINE_PAGES (alerts' look-up).
    assert config["pages"][:2] == ["/es/derechos/", "/en/derechos/"]
    assert set(config["pages"][2:]) == {"/es/alerts/", "/en/alerts/"}
    assert "/static/core/site.css" in config["static"]
    assert "/static/rights/rights.css" in config["static"]
    assert config["library"] == {"es": "/es/derechos/", "en": "/en/derechos/"}


@pytest.mark.django_db
def test_it_keeps_pages_listed_in_the_setting() -> None:
    """Adding a URL name to JORNADA_OFFLINE_PAGES precaches it in every language (and changes the version)."""
    before = Client().get("/sw.js").content.decode()
    with override_settings(JORNADA_OFFLINE_PAGES=["rights:index", "core:privacy", "missing:page"]):
        after = Client().get("/sw.js").content.decode()
    assert _config(after)["pages"] == ["/es/derechos/", "/en/derechos/", "/es/privacy/", "/en/privacy/"]
    assert re.search(r"version (\w+)", before).group(1) != re.search(r"version (\w+)", after).group(1)


@pytest.mark.django_db
def test_it_registers_the_worker_from_an_external_script() -> None:
    """Every page loads offline.js (deferred, external) pointing at /sw.js; no inline script."""
    html = Client().get("/es/").content.decode()
    assert re.search(r'<script src="/static/rights/offline\.js" data-worker="/sw\.js" defer></script>', html)
    assert "<script>" not in html
