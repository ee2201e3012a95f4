"""The statistics layer: what counts, and that no count from 1 to 10 is ever published."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.test import Client

from jornada.cases.consent import case_consent_record, case_consent_withdraw
from jornada.cases.models import ConsentMethod, ConsentPurpose
from jornada.cases.tests.helpers import open_case
from jornada.conftest import ThreeOrganisations
from jornada.evidence import sources
from jornada.evidence.disclosure import Mark
from jornada.evidence.publication import CACHE_KEY, Publication, publication_build


def _snapshot(publication: Publication) -> dict[str, object]:
    return {
        slug: (t.cells, t.row_totals, t.column_totals, t.total) for slug, t in publication.tables.items()
    } | {"records": publication.records}


def test_it_publishes_no_count_from_one_to_ten(mixed: None) -> None:
    """Every count a page, download or the API can show is zero or at least 11."""
    publication = publication_build()
    shown = list(publication.visible_values())
    assert shown, "something is published"
    assert not [v for v in shown if 0 < v < 11]
    marks = [v for t in publication.tables.values() for v in t.cells.values() if isinstance(v, Mark)]
    assert Mark.PRIMARY in marks
    assert Mark.COMPLEMENTARY in marks


def test_it_counts_an_employer_only_with_eleven_workers_behind_it(mixed: None) -> None:
    """The employers table names only employers with at least 11 reviews; the rest is one "other" row."""
    table = publication_build().tables["reviews-employers"]
    named = [row for row in table.table.rows if row != "other"]
    assert len(named) == 2
    assert all(isinstance(table.row_totals[row], int) for row in named)


def _consented_case(three_orgs: ThreeOrganisations, *, purpose: str = ConsentPurpose.REPORTING):
    case = open_case(three_orgs.a, three_orgs.alice)
    case_consent_record(actor=three_orgs.alice, case=case, purpose=purpose, method=ConsentMethod.VERBAL)
    return case


def test_it_leaves_every_number_alone_for_a_case_without_reporting_consent(
    mixed: None, three_orgs: ThreeOrganisations
) -> None:
    """A case whose worker did not consent to reporting (or withdrew it) changes no public number."""
    for _ in range(12):
        _consented_case(three_orgs)
    before = _snapshot(publication_build())
    assert before["records"]["cases"] == 12  # type: ignore[index]
    _consented_case(three_orgs, purpose=ConsentPurpose.SERVICES)
    withdrawn = _consented_case(three_orgs)
    consent = withdrawn.consents.get(purpose=ConsentPurpose.REPORTING)
    case_consent_withdraw(actor=three_orgs.alice, consent=consent)
    assert _snapshot(publication_build()) == before


def test_it_shows_money_recovered_only_with_eleven_cases_behind_it(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An amount recovered in fewer than 11 cases is hidden, and so is how many cases there were."""
    rows = [
        sources.Recovered("USD", "back_wages", 12, Decimal("50000.00")),
        sources.Recovered("MXN", "fees", 4, Decimal("72000.00")),
    ]
    monkeypatch.setattr(sources, "case_money_recovered", lambda: rows)
    money = {m.currency: m for m in publication_build().money}
    assert (money["USD"].cases, money["USD"].amount) == (12, "50000.00")
    assert (money["MXN"].cases, money["MXN"].amount) == (Mark.PRIMARY, None)


def test_it_keeps_serving_the_last_publication_while_a_rebuild_waits(
    three_orgs: ThreeOrganisations, django_capture_on_commit_callbacks: object
) -> None:
    """A change queues one rebuild (not one per change); readers never build on their time, and see the change once it ran."""
    from django.core.cache import cache
    from django_tasks_db.models import DBTaskResult

    from jornada.evidence.publication import REBUILD_QUEUED_KEY, publication_current
    from jornada.evidence.tasks import publication_rebuild

    cache.clear()
    before = publication_current()  # the very first reader builds it
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        for _ in range(3):
            _consented_case(three_orgs)
    queued = DBTaskResult.objects.filter(task_path__endswith="publication_rebuild")
    assert queued.count() == 1, "three changes, one rebuild queued"
    assert _snapshot(publication_current()) == _snapshot(before), "the reader keeps the last one"
    publication_rebuild.call()
    assert cache.get(REBUILD_QUEUED_KEY) is None
    assert _snapshot(publication_current()) != _snapshot(before)


def test_it_counts_a_referred_incident_once(three_orgs: ThreeOrganisations) -> None:
    """The case B opens from A's referral is A's incident: counted once while A's case counts, and alone after A's consent goes."""
    from jornada.referrals.services import referral_accept
    from jornada.referrals.tests.helpers import full_case, send

    sender_case = full_case(three_orgs.a, three_orgs.alice)
    reporting = case_consent_record(
        actor=three_orgs.alice,
        case=sender_case,
        purpose=ConsentPurpose.REPORTING,
        method=ConsentMethod.VERBAL,
    )
    referral = send(sender_case, three_orgs.alice, three_orgs.b)
    referral = referral_accept(actor=three_orgs.bob, referral=referral, open_case=True)
    assert referral.receiver_case is not None
    case_consent_record(
        actor=three_orgs.bob,
        case=referral.receiver_case,
        purpose=ConsentPurpose.REPORTING,
        method=ConsentMethod.VERBAL,
    )
    assert list(sources.counted_cases()) == [sender_case]
    case_consent_withdraw(actor=three_orgs.alice, consent=reporting)
    assert list(sources.counted_cases()) == [referral.receiver_case]


@pytest.mark.parametrize(
    ("language", "text"), [("es", "Las cifras se están preparando"), ("en", "The figures are being prepared")]
)
def test_it_says_the_figures_are_being_prepared_on_an_empty_cache(
    db: None, client: Client, language: str, text: str
) -> None:
    """With no publication kept, pages and the API answer 503 with Retry-After, translated, and queue one build, never building on the reader's time."""
    from django.core.cache import cache
    from django.urls import reverse
    from django.utils import translation
    from django_tasks_db.models import DBTaskResult

    from jornada.core.pagebudget import page_weight

    cache.clear()
    with translation.override(language):
        urls = [
            reverse("evidence:index"),
            reverse("evidence:source", args=["reviews"]),
            reverse("evidence:figure", args=["reviews", "category-year"]),
        ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 503, url
        assert response["Retry-After"] == "300"
        assert text in response.content.decode()
        weight = page_weight(response.content)
        assert weight.within_budget(), url
        assert weight.inline_scripts == 0, url
    api = client.get("/api/v1/evidence/")
    assert (api.status_code, api["Retry-After"]) == (503, "300")
    queued = DBTaskResult.objects.filter(task_path__endswith="publication_rebuild")
    assert queued.count() == 1, "four readers, one build queued"
    assert cache.get(CACHE_KEY) is None, "no reader built it"


def test_it_builds_the_publication_with_the_deploy_command(mixed_unbuilt: None, client: Client) -> None:
    """``jornada evidence_build`` (run by deploy and ``make run``) keeps the publication, and the pages then answer 200."""
    from django.core.cache import cache
    from django.core.management import call_command
    from django.urls import reverse

    cache.clear()
    assert client.get(reverse("evidence:index")).status_code == 503
    out = io.StringIO()
    call_command("evidence_build", stdout=out)
    assert "tables" in out.getvalue()
    assert client.get(reverse("evidence:index")).status_code == 200
    assert client.get(reverse("evidence:figure", args=["reviews", "category-year"])).status_code == 200


def test_it_reads_only_the_table_a_page_shows(
    mixed: None, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A figure page reads the small head, its own table and its rendered figure from the cache, never the whole publication."""
    from django.core.cache import cache
    from django.urls import reverse

    read: list[str] = []
    original_get, original_many = cache.get, cache.get_many
    monkeypatch.setattr(cache, "get", lambda key, *a, **k: read.append(key) or original_get(key, *a, **k))
    monkeypatch.setattr(
        cache, "get_many", lambda keys, *a, **k: read.extend(keys) or original_many(keys, *a, **k)
    )
    response = client.get(reverse("evidence:figure", args=["reviews", "category-state"]))
    assert response.status_code == 200
    evidence = {key for key in read if key.startswith(CACHE_KEY)}
    tables = {key.split(":")[3] for key in evidence if key != CACHE_KEY}
    assert tables == {"reviews-category-state"}, evidence


def test_it_renders_a_figure_once_per_publication_and_language(mixed: None, client: Client) -> None:
    """The second reader of a whole table gets its rendered figure: no query names its rows; a new publication renders anew."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from jornada.evidence.publication import publication_store

    url = reverse("evidence:figure", args=["reviews", "employers"])
    first = client.get(url).content
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url).content
    assert again == first
    assert not [q for q in queries.captured_queries if "directory_employer" in q["sql"]]
    publication_store()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert [q for q in queries.captured_queries if "directory_employer" in q["sql"]]


def test_it_cuts_problems_by_industry_crop_and_season(mixed: None) -> None:
    """Reviews are cut by the employer's NAICS sector (named), its H-2A crop and the season worked; each cut keeps every review (not given where unknown)."""
    from django.utils import translation

    from jornada.evidence.present import Labeller

    publication = publication_build()
    sector = publication.tables["reviews-category-sector"]
    assert sector.table.columns == ("11", "56")
    crop = publication.tables["reviews-category-crop"]
    assert crop.table.columns == ("apples", "")
    season = publication.tables["reviews-category-season"]
    assert season.table.columns == ("2025-spring", "2025-summer", "")
    by_state = publication.tables["reviews-category-state"]
    for cut in (sector, crop, season):
        assert cut.row_totals == by_state.row_totals, "the same category totals link every cut"
        assert cut.total == by_state.total
    assert sector.cells[("recruitment-fees", "11")] == 34  # 30 reviews of 2025 and 4 of 2024
    with translation.override("es"):
        labels = Labeller([sector])
        assert labels.label("sector", "11") == "Agricultura, silvicultura, pesca y caza"
        assert labels.label("season", "2025-q3") == "2025, julio a septiembre"
    with translation.override("en"):
        assert Labeller([crop]).label("crop", "apples") == "Apples"
        assert Labeller([season]).label("season", "2025-summer") == "2025, Summer"


def test_it_protects_the_cut_by_state_and_by_crop_together(mixed: None) -> None:
    """An attacker holding every published table of a source (by state, crop, industry, season, year) pins no hidden cell."""
    from jornada.evidence.disclosure import THRESHOLD
    from jornada.evidence.tests.test_disclosure import FEWER, HIDDEN, solve_bounds

    publication = publication_build()
    view: dict[object, int | str] = {}
    sums = []
    for table in publication.tables.values():
        if table.source != "reviews":
            continue
        values, table_sums = table.table.cells_and_sums()
        shown = {table.table.cell_key(r, c): v for (r, c), v in table.cells.items()} | {
            table.table.row_total_key(r): v for r, v in table.row_totals.items()
        }
        shown |= {table.table.column_total_key(c): v for c, v in table.column_totals.items()}
        shown[table.table.grand_total_key()] = table.total
        for key in values:
            value = shown[key]
            view[key] = value if isinstance(value, int) else FEWER if value is Mark.PRIMARY else HIDDEN
        sums += [one for one in table_sums if one not in sums]
    assert FEWER in view.values()
    ceiling = sum(v for v in view.values() if isinstance(v, int)) * 2 + THRESHOLD
    for key, (low, high) in solve_bounds(view, sums, ceiling).items():
        assert low < high, key


def test_it_reads_the_reviews_in_one_scan_per_cut(mixed: None, django_assert_num_queries: object) -> None:
    """Every category of the reviews is counted in one GROUP BY (conditional counts), not one scan per category."""
    from collections import Counter

    from jornada.reviews.models import Review

    with django_assert_num_queries(1):  # type: ignore[operator]
        counts = sources.review_counts()
    with django_assert_num_queries(1):  # type: ignore[operator]
        answers = sources.review_answers()
    with django_assert_num_queries(3):  # type: ignore[operator]  # by employer, by season, the employers' industries
        sources.cut_counts("reviews")
    records = Counter()
    for facts, n in counts.items():
        if facts.category == sources.RECORDS:
            records[facts.year] += n
    assert records == Counter({2025: 44, 2024: 6})
    assert answers[("fees_charged", "yes")] == Review.objects.filter(fees_charged="yes").count() == 34
