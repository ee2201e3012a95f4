"""Each step refuses bad answers with a translated message naming the field, and keeps what was given."""

from __future__ import annotations

from typing import Any

import pytest

from jornada.intake.drafts import draft_open
from jornada.intake.tests.walk import STEP_DATA, Walk, html

pytestmark = pytest.mark.django_db


def _walk_to(step: str, overrides: dict[str, dict[str, Any]] | None = None) -> Walk:
    walk = Walk()
    walk.begin()
    while walk.step != step:
        walk.post(walk.step, **{**STEP_DATA[walk.step], **(overrides or {}).get(walk.step, {})})
    return walk


# (step, bad answers, the field's label in Spanish, the message in Spanish)
CASES = [
    (
        "what",
        {"categories": [], "narrative": ""},
        "¿Qué pasó? Marca todo",
        "Elige qué pasó, o cuéntalo con tus palabras.",
    ),
    ("what", {"categories": ["no-such-thing"]}, "¿Qué pasó? Marca todo", "Escoja una opción válida"),
    ("what", {"narrative": "x" * 10_001}, "Cuéntalo con tus palabras", "10000"),
    ("what", {"narrative": "hola\x00<script>"}, "Cuéntalo con tus palabras", "caracteres"),
    ("who", {"knows_party": ""}, "¿Sabes el nombre del patrón o del reclutador?", "Contesta sí o no."),
    ("who_name", {"q": "", "pick": ""}, "Nombre del patrón o reclutador", "Escribe el nombre"),
    ("who_name", {"q": "x", "pick": "employer:999999"}, "who_name", "Vuelve a elegir un nombre de la lista."),
    ("where", {"place": "ZZ-XX"}, "¿Dónde pasó?", "Escoja una opción válida"),
    ("where", {"year": "1900"}, "¿En qué año?", "Escoja una opción válida"),
    ("now", {"whereabouts": ""}, "¿Dónde estás ahora?", "Elige dónde estás ahora."),
    (
        "language",
        {"language": "other", "language_other": ""},
        "¿Qué otro idioma?",
        "Escribe el nombre de tu idioma.",
    ),
    (
        "language",
        {"language": "other", "language_other": "<script>"},
        "¿Qué otro idioma?",
        "por ejemplo mixteco",
    ),
    (
        "consent",
        {"consent_contact": ""},
        "¿Puede contactarte una persona de la organización?",
        "Contesta sí o no.",
    ),
    ("contact", {"contact_channel": ""}, "¿Cómo te contactan?", "Elige cómo contactarte."),
    (
        "contact_details",
        {"contact": "12"},
        "Tu número de teléfono, con el código del país",
        "+52 55 1234 5678",
    ),
    (
        "contact_details",
        {"contact": ""},
        "Tu número de teléfono, con el código del país",
        "Escribe dónde contactarte",
    ),
    ("contact_details", {"may_leave_message": ""}, "¿pueden dejarte un mensaje?", "Contesta sí o no."),
    ("contact_details", {"safe_times": "y" * 501}, "¿Cuándo es seguro contactarte?", "500"),
    ("organisations", {"any_organisation": ""}, "Organizaciones", "Elige una organización"),
    ("organisations", {"organisations": ["centro-b"]}, "Organizaciones", "Escoja una opción válida"),
]


@pytest.mark.parametrize(
    ("step", "bad", "label", "message"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_it_refuses_a_bad_answer_naming_the_field(
    taking: Any, step: str, bad: dict[str, Any], label: str, message: str
) -> None:
    """422, the same step again, the error in Spanish next to the field's label, nothing of the step kept."""
    walk = _walk_to(step)
    before = draft_open(code=walk.code)
    response = walk.post(step, **{**STEP_DATA[step], **bad})
    page = html(response)
    assert response.status_code == 422
    assert walk.step == step
    assert 'class="errorlist"' in page
    if label != "who_name":
        assert label in page[page.index('role="alert"') :]
    assert message in page
    assert draft_open(code=walk.code) == before


def test_it_refuses_a_bad_first_answer_and_keeps_no_draft(taking: Any) -> None:
    """An urgent situation not in the list: 422 on the first page, the field named, and no draft row made."""
    from jornada.intake.models import IntakeDraft

    response = Walk().begin(urgent_reasons=["nope"])
    page = html(response)
    assert response.status_code == 422
    assert "¿Te está pasando algo de esto ahora?" in page[page.index('role="alert"') :]
    assert "Escoja una opción válida" in page
    assert IntakeDraft.objects.count() == 0


def test_it_shows_the_answers_already_given_when_a_step_is_refused(taking: Any) -> None:
    """A refused contact step still shows the safe times and the name the worker typed."""
    walk = _walk_to("contact_details")
    page = html(walk.post("contact_details", **{**STEP_DATA["contact_details"], "contact": "12"}))
    assert 'value="domingos"' in page
    assert 'value="Nombre-Paso-7Q"' in page
    assert 'value="12"' in page


def test_it_never_loses_a_confirmed_step_when_a_later_one_fails(taking: Any) -> None:
    """What happened, confirmed earlier, is still in the draft after a later step is refused, and is sent."""
    walk = _walk_to("contact_details")
    walk.post("contact_details", contact="not a phone", may_leave_message="maybe")
    state = draft_open(code=walk.code)
    assert state is not None
    assert state.answers["narrative"] == STEP_DATA["what"]["narrative"]
    assert "what" in state.done
    walk.answer_all()
    walk.send()
    from jornada.intake.models import Intake

    assert Intake.objects.count() == 1


def test_it_shows_a_step_again_with_its_answers_when_going_back(taking: Any) -> None:
    """Back from where-and-when shows the name typed before, filled in."""
    walk = _walk_to("where")
    page = html(walk.post("where", go="back"))
    assert walk.step == "who_name"
    assert 'value="Patron-Paso-7Q"' in page
