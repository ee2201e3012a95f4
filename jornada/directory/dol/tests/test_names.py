"""Name normalisation and similarity, calibrated on spellings found in the shared files."""

from __future__ import annotations

import pytest

from jornada.directory.dol.names import (
    LINK_THRESHOLD,
    SplitName,
    blocking_key,
    fold,
    normalise_name,
    similarity,
    split_dba,
)

# One employer, two spellings, found in the shared files.
SAME_EMPLOYER = [
    # FY2017 H-2A (employer or law firm) ↔ FY2022 Q2 H-2B Appendix C (recruiter)
    ("NORTH AMERICAN LABOR SERVICE, INC", "North American Labor Service, Inc."),
    ("Riverview, LLP", "River View, LLP"),  # both Morris, MN
    ("BRANISLAV HRUZ, CO, LPA", "Branislav Hruz CO. L.P.A."),
    ("Couch Application Service Assistance, LLC", "Couch Application Service Assistance LLC - FLC"),
    ("Golden Opportunities Int LLC", "Golden Opportunities Int. LLC"),
    ("WORK ABROAD NETWORK, LLC", "Work Abroad Network"),
    # FY2017 H-2A ↔ FY2019 H-2B
    ("TRI-STATE LAWN CARE INC", "Tri State Lawn Care, Inc."),
    ("D & T CRAWFISH", "D&T Crawfish, LLC"),
    ("MANOR VIEW FARM INC.", "MANOR VIEW FARM , INC."),
    ("Cherrylake Inc.", "Cherrylake, Inc"),
    # typos and variants within the FY2017 H-2A / FY2019 H-2B files
    ("JAMES SANDERS NURSERY INC", "JAMES SANDERS NURSEY INC"),
    ("WILLIAMS FAMRS OF DENNY STORE, LLC", "WILLIAMS FARMS OF DENNY STORE, LLC"),
    ("Welcome Planatation, Inc. (joint employer)", "WELCOME PLANTATION, INC."),
    ("J.M.McLEOD FARMS, LLC", "J. M. McLEOD FARMS, LLC"),
    ("THE  HILL OF BERRYS", "THE HILL OF BERRY'S"),
    (
        "North Carolina Growers Association, Inc. (NCGA)",
        "NORTH CAROLINA GROWERS ASSOCIATION,  INC.",
    ),
    ("L. WALTHER AND SONS, INC. &ndash; MI", "L. Walther and Sons, Inc. - MI"),
    (
        "KDE Equine, LLC d/b/a Steve Asmussen Racing Stable",
        "KDE Equine, d/b/a Steve Assmusen Racing Stable",
    ),
    ("TOBY SPEAKS  aka SPEAKS FARMS", "Speaks Farms"),
]

# Similar names, different employers (checked against addresses in the files).
DIFFERENT_EMPLOYERS = [
    ("B & D FARMS", "B & W FARMS"),  # FY2017 H-2A, Cedar Grove NC vs Snow Hill NC
    ("TRIPLE B FARMS", "TRIPLE T FARMS"),  # FY2017 H-2A, Pinnacle NC vs Hiddenite NC
    ("CHASE FARMS LLC", "CHASE FUTRELL FARMS"),  # FY2017 H-2A, Glasgow KY vs Murray KY
    ("VIETH ENTERPRISES INC.", "Venice Enterprises, Inc."),  # Amarillo TX vs Sugarland TX
    ("IMAGESCAPES TWO, INC.", "IMAGESCAPES, INC."),  # FY2019 H-2B: two legal entities
    ("Moon Valley Nursery of Texas, LLC", "Moon Valley Nursery, Inc."),  # FY2019 H-2B
    ("J & J Farms", "J & P Farms"),  # FY2017 H-2A, Louisiana
]


def test_it_strips_legal_suffixes_us_and_mexican() -> None:
    """US legal suffixes and S.A. de C.V., S. de R.L. de C.V., SAPI de CV… are dropped."""
    base = "reclutamiento del norte"
    for suffix in (
        "LLC",
        "L.L.C.",
        "Inc.",
        "Incorporated",
        "Corp",
        "Corporation",
        "Co.",
        "Company",
        "Ltd",
        "LP",
        "LLP",
        "PLLC",
        "P.C.",
        "S.A. de C.V.",
        "S. de R.L. de C.V.",
        "S.C.",
        "S.A.",
        "SAPI de CV",
        "A.C.",
        "Co., LLC",
    ):
        assert normalise_name(f"Reclutamiento del Norte, {suffix}") == base, suffix
    assert normalise_name("LLC") == "llc"  # a name that is only a suffix keeps it


def test_it_folds_accents_ampersands_and_punctuation() -> None:
    """Accents fold, '&' becomes 'and', apostrophes vanish, spaces collapse."""
    assert fold("Agrícola Peñasco") == "agricola penasco"
    assert normalise_name("Agrícola  Peñasco") == "agricola penasco"
    assert normalise_name("G & G Farm & Ranch, Inc.") == "g and g farm and ranch"
    assert normalise_name("ISLEY FARM'S") == "isley farms"
    assert normalise_name("Doctor's &quot;At the Lake&quot;, Inc.") == "doctors at the lake"


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        (
            "Caddo Creek Ranch, dba, Paradise Ranch",
            SplitName("Caddo Creek Ranch", ("Paradise Ranch",)),
        ),
        (
            "M.L Taggares, Inc DBA Arete Vineyards",
            SplitName("M.L Taggares, Inc", ("Arete Vineyards",)),
        ),
        (
            "KDE Equine, LLC d/b/a Steve Asmussen Racing Stable",
            SplitName("KDE Equine, LLC", ("Steve Asmussen Racing Stable",)),
        ),
        ("Smith Farms (DBA Sunny Acres)", SplitName("Smith Farms", ("Sunny Acres",))),
        ("TOBY SPEAKS aka SPEAKS FARMS", SplitName("TOBY SPEAKS", ("SPEAKS FARMS",))),
        ("Rojas Farms, A/K/A Rojas Bros", SplitName("Rojas Farms", ("Rojas Bros",))),
        ("Oakalla Farms", SplitName("Oakalla Farms")),
    ],
)
def test_it_splits_dba_and_aka_names(published: str, expected: SplitName) -> None:
    """'X DBA Y', 'X d/b/a Y', 'X (DBA Y)' and 'X, A/K/A Y' split into legal and trade names."""
    assert split_dba(published) == expected


@pytest.mark.parametrize(("a", "b"), SAME_EMPLOYER)
def test_it_links_real_spellings_of_one_employer(a: str, b: str) -> None:
    """Real spellings of one employer (FY2017/FY2019/FY2022 files) reach the link threshold."""
    assert similarity(a, b) >= LINK_THRESHOLD
    assert similarity(b, a) == pytest.approx(similarity(a, b))


@pytest.mark.parametrize(("a", "b"), DIFFERENT_EMPLOYERS)
def test_it_keeps_near_miss_employers_apart(a: str, b: str) -> None:
    """Look-alike names of different employers score below the threshold."""
    assert similarity(a, b) < LINK_THRESHOLD


@pytest.mark.parametrize(("a", "b"), [*SAME_EMPLOYER, *DIFFERENT_EMPLOYERS])
def test_a_cutoff_only_skips_pairs_that_cannot_link(a: str, b: str) -> None:
    """Resolution asks for ``at_least=LINK_THRESHOLD``: the same pairs link, with the same score."""
    full, cut = similarity(a, b), similarity(a, b, at_least=LINK_THRESHOLD)
    assert (cut >= LINK_THRESHOLD) == (full >= LINK_THRESHOLD)
    if full >= LINK_THRESHOLD:
        assert cut == full
    else:
        assert cut <= full


def test_it_blocks_spellings_together_by_state() -> None:
    """Blocking keys agree across spellings in one state and differ across states."""
    assert blocking_key("A. Olivarez Harvesting, LLC", "TX") == "TX|oliv"
    assert blocking_key("Riverview, LLP", "MN") == blocking_key("River View, LLP", "MN") == "MN|rive"
    assert blocking_key("J.M.McLEOD FARMS, LLC", "NC") == blocking_key(
        "J. M. McLEOD FARMS, LLC", "North Carolina"
    )
    assert blocking_key("Tri-State Lawn Care", "KY") == blocking_key("TRI STATE LAWN CARE INC", "KENTUCKY")
    assert blocking_key("Triple R Farms, LLC", "ID") != blocking_key("Triple R Farms LLC", "KY")
    assert blocking_key("Caddo Creek Ranch, dba, Paradise Ranch", None) == "|cadd"
