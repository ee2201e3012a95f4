import datetime as dt

from jornada.contributions.abuse import is_burst, near_duplicates

TEXT = "El patrón nos quitó los pasaportes y no pagó las horas extra de la cosecha."


def test_it_finds_near_duplicates_even_reshuffled() -> None:
    """A copy with other case, spacing or word order is flagged; a different text is not."""
    others = [
        ("copy", TEXT.upper()),
        ("shuffled", "no pagó las horas extra de la cosecha y el patrón nos quitó los pasaportes."),
        ("other", "La vivienda estaba limpia y el transporte era seguro, volvería sin duda."),
    ]
    found = near_duplicates(TEXT, others)
    assert {d.key for d in found} == {"copy", "shuffled"}
    assert all(d.score >= 85 for d in found)


def test_it_ignores_very_short_texts() -> None:
    """Two "buen patrón" are not a campaign."""
    assert near_duplicates("Buen patrón", [("x", "Buen patrón")]) == []


def test_it_flags_a_burst_against_the_usual_pace() -> None:
    """Five or more in a month, at least three times the monthly average before, is a burst."""
    month = dt.date(2026, 6, 1)
    assert is_burst({month: 5}, month)
    assert not is_burst({month: 4}, month)
    usual = {dt.date(2026, m, 1): 3 for m in range(1, 6)} | {dt.date(2025, 12, 1): 3}
    assert not is_burst(usual | {month: 8}, month)
    assert is_burst(usual | {month: 9}, month)
