"""Column tables, forbidden columns, file-name parsing and kind detection."""

from __future__ import annotations

import pytest

from jornada.directory.dol.columns import (
    SOURCES,
    SPECS,
    FileKind,
    build_column_map,
    is_forbidden,
    normalise_header,
)
from jornada.directory.dol.kinds import (
    UnrecognisedFileError,
    detect_kind,
    fiscal_period_from_name,
    fiscal_year_from_rows,
    kind_from_name,
)


def test_it_normalises_headers_case_space_and_punctuation_insensitively() -> None:
    """'Case Number', 'CASE_NUMBER' and 'case_number ' are one header."""
    assert {normalise_header(h) for h in ("Case Number", "CASE_NUMBER", "case_number ")} == {"casenumber"}
    assert normalise_header("EMPLOYER_ADDRESS_1") == normalise_header("EMPLOYER_ADDRESS1")
    assert normalise_header("PRIMARY/SUB") == normalise_header("PRIMARY_SUB")


@pytest.mark.parametrize("kind", list(FileKind))
def test_it_gives_each_alias_to_one_field_only(kind: FileKind) -> None:
    """Within a kind no normalised alias belongs to two canonical fields."""
    owners: dict[str, str] = {}
    for field in SPECS[kind].fields:
        for key in field.keys:
            assert owners.setdefault(key, field.name) == field.name, (key, field.name)


@pytest.mark.parametrize("kind", list(FileKind))
def test_it_records_a_known_source_for_every_alias(kind: FileKind) -> None:
    """Every alias carries source tags that SOURCES explains."""
    for field in SPECS[kind].fields:
        assert field.aliases, field.name
        for alias in field.aliases:
            assert alias.sources, alias
            assert set(alias.sources.split(",")) <= set(SOURCES), alias


@pytest.mark.parametrize("kind", list(FileKind))
def test_it_never_aliases_a_forbidden_column(kind: FileKind) -> None:
    """No canonical field reads a phone, e-mail or contact-person column."""
    for field in SPECS[kind].fields:
        assert not any(word in field.name for word in ("phone", "email", "fax", "poc"))
        for key in field.keys:
            assert not is_forbidden(kind, key), (kind, key)


def test_it_drops_forbidden_columns_before_matching() -> None:
    """Phones, e-mails, points of contact and preparers are never mapped, whatever the header."""
    header = [
        "CASE_NUMBER",
        "EMPLOYER_CLIENT_LEGAL_BUSINESS_NAME",
        "EMPLOYER_CLIENT_PHONE",
        "EMP_CLIENT_POC_PHONE",
        "EMPLOYER_CLIENT_POC_BUSINESS_EMAIL",
        "EMPLOYER_CLIENT_POC_CITY",
        "EMPLOYER_CLIENT_CITY",
    ]
    indexes, matched = build_column_map(FileKind.H2B_APPENDIX_D, header)
    assert set(indexes) == {"case_number", "legal_name", "city"}
    assert matched["city"] == "EMPLOYER_CLIENT_CITY"
    for key in ("employerpocemail", "attorneyagentphone", "phonetoapply", "preparerlastname"):
        assert is_forbidden(FileKind.H2A_MAIN, key)
    assert is_forbidden(FileKind.H2B_APPENDIX_D, "employerclientpocjobtitle")
    assert not is_forbidden(FileKind.H2A_MAIN, "agentpocemployerrepbyagent")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("H-2A_Disclosure_Data_FY2024_Q4.xlsx", (2024, 4)),
        ("H-2A_Disclosure_Data_FY17.xlsx", (2017, None)),
        ("H-2A_FY2009.xls", (2009, None)),
        ("H2A_FY2008.xlsx", (2008, None)),
        ("H-2B_FY14_Q4.xlsx", (2014, 4)),
        ("H-2B_Disclosure_Data_FY2018_EOY.xlsx", (2018, 4)),
        ("H-2A_Addendum_A_Disclosure_Data_FY2022_Q2.xlsx", (2022, 2)),
        ("/some/folder/H-2B_Appendix_C_FY2021_Q3.xlsx", (2021, 3)),
        ("whd_whisard.csv.zip", (None, None)),
    ],
)
def test_it_reads_fiscal_year_and_quarter_from_file_names(
    name: str, expected: tuple[int | None, int | None]
) -> None:
    """FY2024_Q4, FY17, FY2009 and EOY forms give the fiscal year and quarter."""
    assert fiscal_period_from_name(name) == expected


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("H-2A_Disclosure_Data_FY2024_Q4.xlsx", FileKind.H2A_MAIN),
        ("H-2A_Addendum_A_Disclosure_Data_FY2022_Q2.xlsx", FileKind.H2A_ADDENDUM_A),
        ("H-2A_FY2020_AddendumA.xlsx", FileKind.H2A_ADDENDUM_A),
        ("H-2A_Addendum_B_Housing_FY2022_Q2.xlsx", FileKind.H2A_ADDENDUM_B),
        ("H-2A_AddendumB_Housing_FY2020.xlsx", FileKind.H2A_ADDENDUM_B),
        ("H-2B_Appendix_A_FY2022_Q2.xlsx", FileKind.H2B_APPENDIX_A),
        ("H2B_Addendum_C_FY2020_Q3.xlsx", FileKind.H2B_APPENDIX_C),
        ("H2B_AppendixD_FY2020.xlsx", FileKind.H2B_APPENDIX_D),
        ("H-2B_Disclosure_Data_FY2019.xlsx", FileKind.H2B_MAIN),
        ("whd_whisard.csv.zip", FileKind.WHD),
        ("buzzfeed_h2_debarments_2010_2014.csv", FileKind.DEBARMENTS),
        ("notes.xlsx", None),
    ],
)
def test_it_guesses_kinds_from_file_names(name: str, kind: FileKind | None) -> None:
    """File names, including OFLC's FY2020 'Addendum' spelling of H-2B appendices, suggest kinds."""
    assert kind_from_name(name) == kind


@pytest.mark.parametrize(
    "name", ["H-2A_Addendum_B_Employment_FY2021.xlsx", "LCA_Disclosure_Data_FY2024_Q4.xlsx"]
)
def test_it_refuses_names_of_files_it_does_not_import(name: str) -> None:
    """Known DOL files outside this importer's scope raise unsupported_kind."""
    with pytest.raises(UnrecognisedFileError) as caught:
        kind_from_name(name)
    assert caught.value.code == "unsupported_kind"
    assert caught.value.file_name == name


def test_it_prefers_the_header_over_the_file_name() -> None:
    """A housing addendum header wins over a file name that says Appendix C."""
    header = ["CASE_NUMBER", "TYPE_OF_HOUSING", "PHYSICAL_LOCATION_CITY", "PHYSICAL_LOCATION_STATE"]
    assert detect_kind(header, "H-2B_Appendix_C_FY2022_Q2.xlsx") == FileKind.H2A_ADDENDUM_B


def test_it_does_not_mistake_a_main_file_for_an_appendix() -> None:
    """An FY2026 H-2B main header carries Appendix A's MSA column but is still a main file."""
    header = [
        "CASE_NUMBER",
        "CASE_STATUS",
        "EMPLOYER_NAME",
        "TOTAL_WORKERS_CERTIFIED",
        "WORKSITE_STATE",
        "MSA_NAME_OES_AREA_TITLE",
        "BASIC_WAGE_RATE_FROM",
        "PER",
    ]
    assert detect_kind(header, "download.xlsx") == FileKind.H2B_MAIN


def test_it_takes_the_most_common_year_from_sampled_rows() -> None:
    """Decision dates outvote case numbers; case numbers are the last resort."""
    rows = [
        {"decision_date": "2019-10-02", "case_number": "H-400-19200-000001"},
        {"decision_date": "2020-01-05", "case_number": "H-400-19300-000002"},
        {"decision_date": "bad", "case_number": "H-400-19301-000003"},
    ]
    assert fiscal_year_from_rows(rows) == (2020, "decision_date")
    assert fiscal_year_from_rows([{"case_number": "H-300-21216-502888"}]) == (2021, "case_number")
    assert fiscal_year_from_rows([{"case_number": "unknown"}]) == (None, "unknown")
