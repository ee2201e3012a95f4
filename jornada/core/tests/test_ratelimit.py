import datetime as dt
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings
from django.utils import timezone

from jornada.core.ratelimit import RateLimit, client_address, pseudonym

ADDRESS = "198.51.100.42"


def cache_contents() -> str:
    return repr(dict(cache._cache))  # type: ignore[attr-defined]


def test_it_limits_hits_per_client() -> None:
    """Within the window a client gets ``limit`` hits; the next is refused; others are unaffected."""
    rule = RateLimit("test", limit=3, window=60)
    assert [rule.hit(ADDRESS) for _ in range(4)] == [True, True, True, False]
    assert rule.is_exceeded(ADDRESS)
    assert rule.hit("198.51.100.43")


def test_it_never_keeps_the_address_in_the_cache() -> None:
    """Counters are keyed by a keyed hash: the address itself appears nowhere in the cache."""
    RateLimit("test", limit=3, window=60).hit(ADDRESS)
    assert ADDRESS not in cache_contents()
    assert pseudonym(ADDRESS, scope="test") in cache_contents()


def test_it_rotates_the_key_every_day() -> None:
    """The same address gives unrelated hashes on different days, and the key lives only in the cache."""
    today = pseudonym(ADDRESS, scope="test")
    assert pseudonym(ADDRESS, scope="test") == today
    tomorrow = timezone.now() + dt.timedelta(days=1)
    with mock.patch("jornada.core.ratelimit.timezone.now", return_value=tomorrow):
        assert pseudonym(ADDRESS, scope="test") != today
    keys = [key for key in cache._cache if "ratelimit:key:" in key]  # type: ignore[attr-defined]
    assert len(keys) == 2


@override_settings(JORNADA_PROXY_COUNT=1)
def test_it_reads_the_client_address_from_the_trusted_proxy() -> None:
    """Behind one proxy, the address that proxy saw is used, not what the client claims."""
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.42"
    )
    assert client_address(request) == "198.51.100.42"


def test_it_ignores_forwarded_headers_without_a_proxy() -> None:
    """With no proxy configured, a client cannot pick its own address with X-Forwarded-For."""
    request = RequestFactory().get("/", REMOTE_ADDR=ADDRESS, HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(request) == ADDRESS


@pytest.mark.django_db
def test_it_answers_429_in_the_worker_language() -> None:
    """The throttled page is a translated page, not a bare error."""
    from django.test import Client

    client = Client()
    for _ in range(5):
        client.post("/en/staff/password/", {"email": "x@example.org"})
    response = client.post("/en/staff/password/", {"email": "x@example.org"})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
