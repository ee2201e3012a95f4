import itertools

import pytest

from jornada.contributions.scanner import find_personal_details


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("llámame al +52 55 1234 5678 por favor", "phone", "+52 55 1234 5678"),
        ("escribe a juan.perez@correo.example.mx", "email", "juan.perez@correo.example.mx"),
        ("mira https://facebook.com/juan.perez.123 ahí", "url", "https://facebook.com/juan.perez.123"),
        ("en www.ejemplo.mx/fotos.", "url", "www.ejemplo.mx/fotos"),
        ("busca wa.me/5215512345678", "url", "wa.me/5215512345678"),
        ("haz clic javascript:alert(1) aquí", "url", "javascript:alert(1)"),
        ("mi CURP es PEGJ850101HDFRRN09 ok", "curp", "PEGJ850101HDFRRN09"),
        ("RFC PEGJ850101AB1 del patrón", "rfc", "PEGJ850101AB1"),
        ("clave de elector PRGRJN85010109H400", "voter_id", "PRGRJN85010109H400"),
        ("pasaporte G12345678 vencido", "document", "G12345678"),
        ("mi pasaporte número: N 1234 567 se lo quedaron", "document", "N 1234 567"),
        ("me llamo Juan Pérez y trabajé ahí", "name", "Juan Pérez"),
        ("Mi nombre es maría de la luz, de Oaxaca", "name", "maría de la luz"),
        ("Hola, soy Pedro Gómez del rancho", "name", "Pedro Gómez"),
        ("My name is John O'Neil and I worked there", "name", "John O'Neil"),
    ],
)
def test_it_finds_personal_details(text: str, kind: str, found: str) -> None:
    """Phones, e-mails, links, CURP, RFC, voter card, passport numbers and names are each flagged."""
    hits = find_personal_details(text)
    assert [(hit.kind, hit.text) for hit in hits] == [(kind, found)]
    assert text[hits[0].start : hits[0].end] == found


@pytest.mark.parametrize(
    "text",
    [
        "Nos cobraron 15000 pesos por la visa en 2025.",
        "Soy de Oaxaca y soy trabajador agrícola.",
        "me llamo trabajador y ya",
        "Trabajé con visa H-2A en la temporada 2024-2025, 40 horas por semana.",
        "El patrón pagaba $12.50 la hora.",
    ],
)
def test_it_leaves_ordinary_review_text_alone(text: str) -> None:
    """Amounts, years, hours, visa names and "soy de …" are not personal details."""
    assert find_personal_details(text) == []


def test_it_returns_ordered_spans_that_never_overlap() -> None:
    """Several details in one text come back in order, each once, for highlighting."""
    text = "Soy Ana Ruiz, mi correo ana@ejemplo.org, tel 55 1234 5678, web https://ana.example.com."
    hits = find_personal_details(text)
    assert [hit.kind for hit in hits] == ["name", "email", "phone", "url"]
    for left, right in itertools.pairwise(hits):
        assert left.end <= right.start
    assert hits[0].value == f"{hits[0].start}:{hits[0].end}"
