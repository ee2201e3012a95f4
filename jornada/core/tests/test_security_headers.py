import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


def test_it_sends_a_strict_content_security_policy() -> None:
    """No inline script or style is allowed anywhere, and nothing loads from other sites."""
    policy = Client().get("/es/")["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_it_never_tells_other_sites_where_a_worker_came_from() -> None:
    """Referrer-Policy is no-referrer; framing, sniffing and device access are off."""
    response = Client().get("/es/")
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "geolocation=()" in response["Permissions-Policy"]


@override_settings(
    SECURE_HSTS_SECONDS=31_536_000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True
)
def test_it_sends_hsts_over_https() -> None:
    """Over HTTPS the browser is told to use HTTPS only, for a year."""
    response = Client().get("/es/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_it_sets_no_cookie_for_an_anonymous_reader() -> None:
    """Reading public pages leaves no session or tracking cookie behind."""
    client = Client()
    for url in ("/es/", "/es/privacy/", "/en/"):
        response = client.get(url)
        assert response.cookies == {} or set(response.cookies) <= {"csrftoken"}
    assert "sessionid" not in client.cookies


def test_it_compresses_pages() -> None:
    """HTML is served gzip-compressed to browsers that accept it."""
    response = Client().get("/es/privacy/", headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"


def test_it_lets_forms_prove_their_origin_without_telling_other_sites() -> None:
    """A page with a form says same-origin, so its POST carries a real Origin for CSRF checks."""
    assert Client().get("/es/staff/login/")["Referrer-Policy"] == "same-origin"
    assert Client().get("/es/privacy/")["Referrer-Policy"] == "no-referrer"


def test_it_forgets_the_csrf_cookie_when_the_browser_closes() -> None:
    """The CSRF cookie is a session cookie (no expiry) on a shared phone, and the form still posts."""
    client = Client(enforce_csrf_checks=True)
    page = client.get("/es/alerts/report/")
    cookie = page.cookies["csrftoken"]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert cookie["httponly"]
    token = page.context["csrf_token"]
    posted = client.post("/es/alerts/report/", {"csrfmiddlewaretoken": str(token)})
    assert posted.status_code != 403
