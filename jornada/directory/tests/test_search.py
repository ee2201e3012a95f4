"""One search interface, two database backends, the same behaviour (run on SQLite and PostgreSQL)."""

from pathlib import Path

import pytest

from jornada.directory.search import SearchFilters, search
from jornada.directory.tests.helpers import h2a_row, import_h2a

pytestmark = pytest.mark.django_db


@pytest.fixture
def growers(tmp_path: Path) -> None:
    import_h2a(
        tmp_path,
        2017,
        [
            h2a_row("H-300-17001-000001", "Peñasco Agrícola Ranch LLC", "NM", PRIMARY_CROP="Chile Peppers"),
            h2a_row("H-300-17001-000002", "Green Valley Farms", "GA", PRIMARY_CROP="Blueberries"),
            h2a_row("H-300-17001-000003", "Green Valley Orchards", "WA", PRIMARY_CROP="Apples"),
            h2a_row("H-300-17001-000004", "Valley Green Nursery", "NC", PRIMARY_CROP="Nursery"),
        ],
    )
    import_h2a(
        tmp_path, 2021, [h2a_row("H-300-21001-000001", "Green Valley Orchards", "WA", PRIMARY_CROP="Apples")]
    )


def names(query: str, **filters: str) -> list[str]:
    return [hit.name for hit in search(query, filters=SearchFilters(**filters)).hits]  # type: ignore[arg-type]


def test_it_ignores_case_accents_and_punctuation(growers: None) -> None:
    """'penasco agricola' finds 'Peñasco Agrícola Ranch LLC'."""
    assert names("PENASCO agricola")[0] == "Peñasco Agrícola Ranch LLC"


@pytest.mark.parametrize("query", ["Penasko Agricloa", "penasco agricolla ranch", "peñsaco"])
def test_it_forgives_about_two_typos(growers: None, query: str) -> None:
    """Missing, doubled, swapped and wrong letters: up to two per long word."""
    assert names(query)[0] == "Peñasco Agrícola Ranch LLC"


def test_it_ignores_word_order(growers: None) -> None:
    """'valley green' finds both orders, the exact name first."""
    found = names("valley green nursery")
    assert found[0] == "Valley Green Nursery"
    assert set(names("valley green")) >= {
        "Green Valley Farms",
        "Green Valley Orchards",
        "Valley Green Nursery",
    }


def test_it_ranks_exact_before_fuzzy_and_recent_before_old(growers: None) -> None:
    """An exact name leads; among equals, the employer active most recently comes first."""
    assert names("green valley farms")[0] == "Green Valley Farms"
    assert names("green valley")[0] == "Green Valley Orchards"  # active in 2021, the others in 2017


def test_it_completes_the_last_word(growers: None) -> None:
    """A half-typed last word already finds the name."""
    assert "Green Valley Orchards" in names("green valley orch")


def test_it_filters_by_programme_state_and_activity(growers: None) -> None:
    """Filters narrow the results: state of work, crop, visa programme, kind."""
    assert names("green valley", state="wa") == ["Green Valley Orchards"]
    assert names("green", activity="blueberries") == ["Green Valley Farms"]
    assert names("green", programme="h2b") == []
    assert names("green", kinds=("recruiter",)) == []  # type: ignore[arg-type]


def test_it_answers_empty_and_hostile_queries_quietly(growers: None) -> None:
    """Nothing searchable gives no results; SQL and FTS syntax in a query is just text."""
    assert search("   ").hits == []
    assert search("'; DROP TABLE directory_searchentry; --").hits == []
    assert any(hit.name.startswith("Green Valley") for hit in search('"green" OR * NEAR(valley)').hits)
    assert search("x" * 5000).hits == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_leaves_the_connection_s_similarity_threshold_as_it_found_it() -> None:
    """The lower trigram threshold holds for the search's own transaction only, not for later queries."""
    from django.db import connection

    from jornada.directory.search.backends import PostgresBackend

    if connection.vendor != "postgresql":
        pytest.skip("pg_trgm is PostgreSQL's (make test-postgres)")
    with connection.cursor() as cursor:
        # The setting exists once pg_trgm's library is loaded in this session, by any of its functions.
        cursor.execute("SELECT similarity('a', 'b')")
        cursor.execute("SHOW pg_trgm.similarity_threshold")
        before = cursor.fetchone()[0]
    PostgresBackend().expand([("gren", False), ("valey", True)])
    with connection.cursor() as cursor:
        cursor.execute("SHOW pg_trgm.similarity_threshold")
        assert cursor.fetchone()[0] == before == "0.3"
