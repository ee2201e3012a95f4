import pytest

from jornada.directory.models import Agent, CaseEmployer, Employer, EmployerName, LinkReason, SearchEntry
from jornada.directory.services.resolution import NameIndex, block_keys
from jornada.directory.tests.helpers import h2a_row, import_h2a

pytestmark = pytest.mark.django_db


def test_it_links_spellings_of_one_employer_across_years(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Punctuation, case and legal suffixes do not make a new employer; each link keeps its reason."""
    import_h2a(tmp_path, 2017, [h2a_row("H-300-17001-000001", "G & G Farm & Ranch, Inc.", "NC")])
    import_h2a(tmp_path, 2018, [h2a_row("H-300-18001-000001", "G&G FARM AND RANCH INC", "NC")])
    import_h2a(tmp_path, 2019, [h2a_row("H-300-19001-000001", "G & G Farm & Ranche LLC", "NC")])
    assert Employer.objects.count() == 1
    employer = Employer.objects.get()
    assert employer.cases_count == 3
    assert (employer.first_fiscal_year, employer.last_fiscal_year) == (2017, 2019)
    reasons = dict(EmployerName.objects.values_list("name", "link_reason"))
    assert reasons["G & G Farm & Ranch, Inc."] == LinkReason.FIRST_SEEN
    assert reasons["G & G Farm & Ranche LLC"] == LinkReason.SIMILAR
    assert EmployerName.objects.get(name="G & G Farm & Ranche LLC").link_score >= 0.92


def test_a_later_quarter_that_changes_a_cases_agent_moves_its_count(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The agent who lost its only application goes back to none, in its totals and its search entry."""
    number = "H-300-17001-000001"
    import_h2a(
        tmp_path, 2017, [h2a_row(number, "Green Valley Farms", AGENT_ATTORNEY_NAME="Ana Ruiz")], quarter=1
    )
    import_h2a(
        tmp_path, 2017, [h2a_row(number, "Green Valley Farms", AGENT_ATTORNEY_NAME="Luis Soto")], quarter=2
    )
    counts = dict(Agent.objects.values_list("name", "cases_count"))
    assert counts == {"Ana Ruiz": 0, "Luis Soto": 1}
    assert Agent.objects.get(name="Ana Ruiz").last_fiscal_year is None
    assert SearchEntry.objects.get(kind="agent", name="Ana Ruiz").last_fiscal_year is None


def test_it_keeps_look_alike_employers_apart(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """'B & D Farms' and 'B & W Farms' (real neighbours in North Carolina) stay two employers; so do other states."""
    import_h2a(
        tmp_path,
        2017,
        [
            h2a_row("H-300-17001-000001", "B & D FARMS", "NC"),
            h2a_row("H-300-17001-000002", "B & W FARMS", "NC"),
            h2a_row("H-300-17001-000003", "B & D FARMS", "GA"),
        ],
    )
    assert Employer.objects.count() == 3


def test_it_splits_trade_names_from_legal_names(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """'X DBA Y' and the trade-name column become trade names of one employer."""
    import_h2a(
        tmp_path,
        2017,
        [
            h2a_row(
                "H-300-17001-000001",
                "Caddo Creek Ranch, dba, Paradise Ranch",
                "TX",
                TRADE_NAME_DBA="Caddo Produce",
            )
        ],
    )
    employer = Employer.objects.get()
    assert employer.name == "Caddo Creek Ranch"
    trade = set(employer.names.filter(kind="trade").values_list("name", flat=True))
    assert trade == {"Paradise Ranch", "Caddo Produce"}


def test_it_records_member_farms_of_an_association(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """One master application: the association is primary, each farm a sub-employer with its own workers."""
    import_h2a(
        tmp_path,
        2017,
        [
            h2a_row("H-300-17047-939280", "Virginia Growers Association", "VA", NBR_WORKERS_CERTIFIED=20),
            h2a_row(
                "H-300-17047-939280",
                "Ligon Farms LLC",
                "VA",
                **{"PRIMARY/SUB": "SUB", "NBR_WORKERS_CERTIFIED": 4},
            ),
            h2a_row(
                "H-300-17047-939280",
                "Moser Farms",
                "VA",
                **{"PRIMARY/SUB": "SUB", "NBR_WORKERS_CERTIFIED": 4},
            ),
            h2a_row(
                "H-300-17047-939280",
                "Moser Farms",
                "VA",
                **{"PRIMARY/SUB": "SUB", "NBR_WORKERS_CERTIFIED": 0},
            ),
        ],
    )
    links = CaseEmployer.objects.filter(case__case_number="H-300-17047-939280")
    assert links.count() == 4
    assert links.filter(role="primary").get().employer.name == "Virginia Growers Association"
    assert Employer.objects.get(name="Ligon Farms LLC").workers_certified == 4
    assert sorted(links.filter(employer__name="Moser Farms").values_list("occurrence", flat=True)) == [1, 2]


def test_block_keys_survive_a_typo_at_the_start_of_one_word() -> None:
    """Two distinctive words give two blocks, so a first-letter typo in one still meets the other."""
    assert set(block_keys("ligon tobacco", "VA")) & set(block_keys("ligon tobbaco", "VA"))
    assert set(block_keys("iigon tobacco", "VA")) & set(block_keys("ligon tobacco", "VA"))


def test_the_index_prefers_an_exact_spelling() -> None:
    """A spelling already known resolves to its record without scoring."""
    index = NameIndex.from_rows([("green valley", "GA", "legal", 7)])
    resolution = index.resolve("Green Valley, LLC", "GA")
    assert (resolution.key, resolution.reason, resolution.score) == (7, LinkReason.SAME_NAME, 1.0)
    assert index.resolve("Green Valley", "FL").key is None


SLUG_SAMPLES = [
    "Peñasco Agrícola, S.A. de C.V.",
    "J & M Farms (NCGA)",
    "  --Green_Valley--  ",
    "Ølsen’s Orchards",
    "Straße 1",
    "株式会社",
    "A/B d/b/a C",
    "",
]


def test_slugs_are_djangos_on_real_names(shared_data) -> None:  # type: ignore[no-untyped-def]
    """The importer's own slugify (it makes one a row) gives what Django's does."""
    from django.utils.text import slugify

    from jornada.directory.dol import open_dol_file, parse_rows
    from jornada.directory.services.entities import _slugify

    with open_dol_file(shared_data / "dol" / "H-2A_Disclosure_Data_FY17.xlsx") as dol:
        names = {record.employer_name for record in parse_rows(dol) if hasattr(record, "employer_name")}
    assert len(names) > 5000
    for name in [*names, *SLUG_SAMPLES]:
        assert _slugify(name) == slugify(name), name
