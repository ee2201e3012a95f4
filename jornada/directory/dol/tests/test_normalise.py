"""Cell parsers: values DOL has published, and the stable error codes for the rest."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jornada.directory.dol.normalise import (
    ERROR_CODES,
    RowError,
    case_number_filing_date,
    case_status_code,
    fiscal_year_of,
    free_text,
    parse_bool,
    parse_case_number,
    parse_code,
    parse_date,
    parse_int,
    parse_money,
    parse_period,
    parse_postal_code,
    parse_programmes,
    parse_state,
    parse_wage_unit,
    scrub_contacts,
    text,
)


def _code(call: object) -> str:
    assert isinstance(call, RowError)
    return call.code


def _error(function: object, *args: object, **kwargs: object) -> RowError:
    with pytest.raises(RowError) as caught:
        function(*args, **kwargs)  # type: ignore[operator]
    assert caught.value.code in ERROR_CODES
    return caught.value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2017, 6, 8, 16, 37, 1), dt.date(2017, 6, 8)),
        (dt.date(2017, 4, 12), dt.date(2017, 4, 12)),
        (42795.0, dt.date(2017, 3, 1)),
        (42795, dt.date(2017, 3, 1)),
        ("2017-03-01", dt.date(2017, 3, 1)),
        ("2017-03-01 00:00:00", dt.date(2017, 3, 1)),
        ("2017-03-01T08:15:00", dt.date(2017, 3, 1)),
        ("3/1/2017", dt.date(2017, 3, 1)),
        ("3/1/17", dt.date(2017, 3, 1)),
        ("01-MAR-17", dt.date(2017, 3, 1)),
        ("1-Mar-2017", dt.date(2017, 3, 1)),
        ("20170301", dt.date(2017, 3, 1)),
        (" 3/1/2017 8:00 AM ", dt.date(2017, 3, 1)),
        ("", None),
        (None, None),
    ],
)
def test_it_parses_every_date_form_dol_used(value: object, expected: dt.date | None) -> None:
    """Excel serials, calamine datetimes, ISO, US, DD-MON-YY and compact dates all parse."""
    assert parse_date(value, "decision_date") == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["31/31/2017", "2017-02-30", "soon", "01-XYZ-17", True, 0.0])
def test_it_rejects_non_dates_with_invalid_date(value: object) -> None:
    """Anything that is not a date raises invalid_date naming the field and the value."""
    error = _error(parse_date, value, "decision_date")
    assert (error.code, error.field) == ("invalid_date", "decision_date")
    assert "value" in error.params


def test_it_parses_money_and_counts() -> None:
    """Money keeps its decimals exactly; counts accept 12.0 and "1,200" but not 12.5."""
    assert parse_money("$1,234.50") == Decimal("1234.50")
    assert parse_money(12.5) == Decimal("12.5")
    assert parse_money(11.59) == Decimal("11.59")
    assert parse_money(" ") is None
    assert parse_money(None) is None
    assert parse_int("1,200") == 1200
    assert parse_int(12.0) == 12
    assert parse_int(7) == 7
    assert parse_int("3.0") == 3
    assert parse_int("") is None
    assert _error(parse_int, 12.5, "workers").code == "not_integer"
    assert _error(parse_int, "twelve", "workers").code == "invalid_number"
    assert _error(parse_int, -1, "workers").code == "negative_number"
    assert _error(parse_money, "12.50 per hour", "wage").code == "invalid_number"
    assert _error(parse_money, "-3", "wage").code == "negative_number"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("Hour", "hour"),
        ("Hourly", "hour"),
        ("HR", "hour"),
        ("Week", "week"),
        ("Bi-Weekly", "biweekly"),
        ("Month", "month"),
        ("MTH", "month"),
        ("Year", "year"),
        ("Annual", "year"),
        ("Piece Rate", "piece_rate"),
        ("Select Pay Range", None),
        ("", None),
    ],
)
def test_it_maps_wage_units_to_stable_codes(value: str, code: str | None) -> None:
    """Units of pay, old abbreviations included, become one of WAGE_UNITS."""
    assert parse_wage_unit(value, "wage_unit") == code


def test_it_rejects_unknown_wage_units() -> None:
    """An unknown unit raises invalid_wage_unit."""
    assert _error(parse_wage_unit, "per bushel basket", "wage_unit").code == "invalid_wage_unit"


def test_it_parses_booleans() -> None:
    """Y/N, Yes/No, 1/0 and True/False are booleans; blank and N/A are unknown."""
    assert [parse_bool(v) for v in ("Y", "yes", "1", 1.0, True)] == [True] * 5
    assert [parse_bool(v) for v in ("N", "No", "0", 0, False)] == [False] * 5
    assert parse_bool("N/A") is None
    assert parse_bool("") is None
    assert _error(parse_bool, "maybe", "standards_local").code == "invalid_boolean"


def test_it_normalises_us_states_and_keeps_foreign_regions() -> None:
    """US states become USPS codes; Mexican states and Guatemalan departments stay as given."""
    assert parse_state("NORTH CAROLINA") == "NC"
    assert parse_state(" nc ") == "NC"
    assert parse_state("N.C.") == "NC"
    assert parse_state("Northern Mariana Islands") == "MP"
    assert parse_state("District of Columbia") == "DC"
    assert parse_state("  Nuevo León ") == "Nuevo León"
    assert parse_state("HUEHUETENANGO") == "HUEHUETENANGO"
    assert parse_state("Guerrero", country="MEXICO") == "Guerrero"
    assert parse_state("Alberta", country="CANADA") == "Alberta"
    assert parse_state("Florida", country="UNITED STATES OF AMERICA") == "FL"
    assert _error(parse_state, "Vriginia", "state").code == "invalid_state"


def test_it_keeps_postal_codes_as_text_with_their_zeros() -> None:
    """ZIPs stored as numbers regain leading zeros; ZIP+4 gets its dash; foreign codes stay."""
    assert parse_postal_code(2554.0) == "02554"
    assert parse_postal_code("77465") == "77465"
    assert parse_postal_code(123456789) == "12345-6789"
    assert parse_postal_code("64000", us=False) == "64000"
    assert parse_postal_code("K1A 0B1", us=False) == "K1A 0B1"
    assert parse_code(111219.0) == "111219"
    assert parse_code("45-2092.00") == "45-2092.00"


def test_it_trims_text_and_removes_contacts_from_free_text() -> None:
    """Text is trimmed and collapsed; free text loses phones and e-mails, keeps dates and ZIPs."""
    assert text("  Migrant  Labor\nCamp ") == "Migrant Labor Camp"
    assert text(600.0) == "600"
    assert text("N/A") is None
    assert text("   ") is None
    note = "Call 361-972-2005 or +52 (55) 1234 5678, write to jefe@rancho.mx; open 2017-03-01, 19081-1234"
    cleaned = scrub_contacts(note)
    assert "972" not in cleaned
    assert "1234 5678" not in cleaned
    assert "@" not in cleaned
    assert "2017-03-01" in cleaned
    assert "19081-1234" in cleaned
    assert free_text("  Housing at 125 Sunset Avenue ") == "Housing at 125 Sunset Avenue"


def test_it_rejects_a_period_that_ends_before_it_begins() -> None:
    """A period of need whose end precedes its beginning raises invalid_period."""
    assert parse_period("2017-05-01", "2018-02-01") == (dt.date(2017, 5, 1), dt.date(2018, 2, 1))
    error = _error(parse_period, "2017-09-08", "2017-09-06", "requested_period")
    assert (error.code, error.params) == (
        "invalid_period",
        {"begin": "2017-09-08", "end": "2017-09-06"},
    )


def test_it_reads_case_numbers_and_their_filing_dates() -> None:
    """Case numbers are normalised; their YYDDD group gives the filing date and fiscal year."""
    assert parse_case_number(" h-300-17097-485527 ") == "H-300-17097-485527"
    assert case_number_filing_date("H-300-17097-485527") == dt.date(2017, 4, 7)
    assert case_number_filing_date("C-11046-27747") == dt.date(2011, 2, 15)
    assert fiscal_year_of(dt.date(2021, 8, 4)) == 2021
    assert fiscal_year_of(dt.date(2021, 10, 1)) == 2022
    assert case_number_filing_date("no digits here") is None
    assert _error(parse_case_number, "PENDING", "case_number").code == "invalid_case_number"


@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("DETERMINATION ISSUED - CERTIFICATION", "certified"),
        ("DETERMINATION ISSUED - CERTIFICATION EXPIRED", "certified"),
        ("Certified - Full", "certified"),
        ("DETERMINATION ISSUED - PARTIAL CERTIFICATION", "partial_certification"),
        ("Certified - Partial", "partial_certification"),
        ("Determination Issued - Denied", "denied"),
        ("Withdrawn", "withdrawn"),
        ("CERTIFIED-WITHDRAWN", "certified_withdrawn"),
        ("Determination Issued - Rejected", "rejected"),
        ("Remand Issued", "other"),
    ],
)
def test_it_maps_case_statuses_to_stable_codes(status: str, code: str) -> None:
    """Each wording DOL used for a status maps to one stable code."""
    assert case_status_code(status) == code


def test_it_parses_debarment_programmes() -> None:
    """'H-2A', 'H2B' and 'H-2A/H-2B' give programme codes; others raise invalid_programme."""
    assert parse_programmes("H-2A/H-2B") == ("H-2A", "H-2B")
    assert parse_programmes("h2b") == ("H-2B",)
    assert _error(parse_programmes, "H-1B", "programme").code == "invalid_programme"
    assert _error(parse_programmes, "", "programme").code == "missing_value"


def test_it_keeps_row_numbers_on_errors_without_changing_the_original() -> None:
    """RowError.at_row returns a copy with the row number and serialises to plain data."""
    error = RowError("invalid_date", "decision_date", {"value": "soon"})
    placed = error.at_row(17)
    assert error.row_number is None
    assert placed.row_number == 17
    assert placed.as_dict() == {
        "code": "invalid_date",
        "field": "decision_date",
        "params": {"value": "soon"},
        "row_number": 17,
    }
    assert _code(placed) == "invalid_date"
