"""Profiles keep their rendered DOL records until the records change, never longer."""

from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jornada.core.tests.factories import UserFactory
from jornada.directory.models import Employer
from jornada.directory.services.merging import employers_merge
from jornada.directory.tests.factories import busy_employer
from jornada.directory.tests.helpers import h2a_row, import_h2a

pytestmark = pytest.mark.django_db


def test_a_second_visit_reads_the_records_from_the_cache() -> None:
    """The same page again: identical HTML, without the queries that built the seasons."""
    employer = busy_employer(seasons=4)
    url = f"/es/directory/employers/{employer.slug}/"
    with CaptureQueriesContext(connection) as first:
        before = Client().get(url).content
    with CaptureQueriesContext(connection) as second:
        after = Client().get(url).content
    assert after == before
    assert len(second) < len(first)
    assert not any("directory_caseactivity" in query["sql"] for query in second.captured_queries)


def test_a_new_quarter_shows_at_once(tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    """A file imported after the page was seen appears on the very next visit."""
    import_h2a(tmp_path, 2017, [h2a_row("H-300-17001-000001", "Green Valley Farms", "GA")])
    url = "/es/directory/employers/green-valley-farms-ga/"
    assert "Temporada 2018" not in Client().get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the cache is renewed when the import commits
        import_h2a(
            tmp_path,
            2018,
            [
                h2a_row(
                    "H-300-18001-000009",
                    "Green Valley Farms",
                    "GA",
                    REQUESTED_START_DATE_OF_NEED="2018-04-01",
                    REQUESTED_END_DATE_OF_NEED="2018-10-31",
                )
            ],
            quarter=1,
        )
    assert "Temporada 2018" in Client().get(url).content.decode()


def test_a_merge_shows_at_once(tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    """Staff merge two spellings: the profile counts both applications on the next visit."""
    import_h2a(
        tmp_path,
        2017,
        [
            h2a_row("H-300-17001-000001", "Sunrise Harvest", "FL"),
            h2a_row("H-300-17001-000002", "Sun Rise Harvesting Crew", "FL"),
        ],
    )
    target = Employer.objects.get(name="Sunrise Harvest")
    url = f"/en/directory/employers/{target.slug}/"
    assert "2 applications" not in Client().get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        employers_merge(
            target=target, others=[Employer.objects.get(name="Sun Rise Harvesting Crew")], actor=UserFactory()
        )
    assert "2 applications" in Client().get(url).content.decode()


def test_each_language_and_page_has_its_own_rendering() -> None:
    """Spanish and English never share a rendering; an odd page number is page 1, as the paginator reads it."""
    employer = busy_employer(seasons=8)
    url = f"/{{}}/directory/employers/{employer.slug}/"
    spanish = Client().get(url.format("es")).content.decode()
    english = Client().get(url.format("en")).content.decode()
    assert "Temporada" in spanish
    assert "Temporada" not in english
    assert "Season" in english
    second = Client().get(url.format("es"), {"page": "2"}).content.decode()
    assert "Página 2 de" in second
    odd = Client().get(url.format("es"), {"page": "abc"}).content.decode()
    assert odd.split("<main", 1)[1] == spanish.split("<main", 1)[1]


def test_a_rendering_kept_by_an_older_release_is_rendered_again() -> None:
    """After a deploy, a kept value whose class is gone is a miss, not an error page."""
    from django.core.cache import cache

    from jornada.core import generations
    from jornada.directory import caching

    employer = busy_employer(seasons=1)
    key = f"directory:{generations.current(caching.GENERATION)}:rendered:employer:{employer.slug}:1:es"
    stored = cache.make_key(key)
    cache._cache[stored] = b"cjornada.nowhere\nGone\n)\x81."  # type: ignore[attr-defined]
    cache._expire_info[stored] = None  # type: ignore[attr-defined]  # kept for good, as a real entry
    page = Client().get(f"/es/directory/employers/{employer.slug}/")
    assert page.status_code == 200
    assert "Temporada" in page.content.decode()


def test_a_kept_profile_is_served_without_a_query() -> None:
    """The whole page is kept for anonymous visitors: the same HTML, and not one query."""
    employer = busy_employer(seasons=2)
    url = f"/es/directory/employers/{employer.slug}/"
    first = Client().get(url)
    with CaptureQueriesContext(connection) as again:
        second = Client().get(url)
    assert second.content == first.content
    assert len(again) == 0
    assert second["Content-Language"] == "es"
    assert "Content-Security-Policy" in second


def test_reviews_published_after_a_visit_show_at_once(django_capture_on_commit_callbacks: Any) -> None:
    """What workers say is part of the kept page: publishing reviews renews it."""
    from jornada.reviews.tests.factories import published_reviews

    employer = busy_employer(seasons=1)
    url = f"/en/directory/employers/{employer.slug}/"
    assert "3 of 3 workers say" not in Client().get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        published_reviews(employer, 3, fees_charged="yes")
    assert "3 of 3 workers say they were charged" in Client().get(url).content.decode()


def test_a_signed_in_visitor_never_gets_the_kept_page(staff_client: Any, three_orgs: Any) -> None:
    """Staff carry a session; their page is rendered for them and never kept for others."""
    employer = busy_employer(seasons=1)
    url = f"/es/directory/employers/{employer.slug}/"
    anonymous = Client().get(url).content
    with CaptureQueriesContext(connection) as signed_in:
        staff_client(three_orgs.alice).get(url)
    assert len(signed_in) > 0  # rendered for them: at least their session was read
    assert Client().get(url).content == anonymous


def test_a_rights_article_published_after_a_visit_is_linked_at_once(
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The reviews section links the fees article: publishing one renews the kept page."""
    from jornada.reviews.tests.factories import published_reviews
    from jornada.rights.tests.factories import make_article

    employer = busy_employer(seasons=1)
    published_reviews(employer, 3, fees_charged="yes")
    url = f"/es/directory/employers/{employer.slug}/"
    assert "/derechos/cobros-de-prueba/" not in Client().get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        make_article(slug="cobros-de-prueba")
    assert 'href="/es/derechos/cobros-de-prueba/"' in Client().get(url).content.decode()
