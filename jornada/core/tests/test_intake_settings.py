"""Organisations' administrators choose which requests for help they take; the wizard finds them."""

import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from jornada.conftest import ThreeOrganisations
from jornada.core import selectors, services
from jornada.core.models import AuditEvent, IntakeSettings
from jornada.core.tests.factories import OrganisationFactory
from jornada.vocabulary.models import Category
from jornada.vocabulary.services import category_retire

pytestmark = pytest.mark.django_db

URL = "/{language}/staff/organisations/{slug}/intake/"


def _post(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "accepts_intakes": "on",
        "places": ["MX-OAX", "US-NC"],
        "languages": ["es", "mixteco"],
        "other_languages": "Chatino, Purépecha",
        "topics": ["wage-theft", "document-retention"],
        "takes_urgent": "on",
        "office_hours_es": "Lunes a viernes, de 9 a 5",
        "office_hours_en": "Monday to Friday, 9 to 5",
    }
    data.update(changes)
    return data


def test_it_lets_an_organisation_admin_set_what_it_takes(
    three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """alice (org admin of A) saves places, languages (ticked and typed), topics and hours; it is audited."""
    client = staff_client(three_orgs.alice)
    page = client.get(URL.format(language="es", slug="centro-a"))
    assert page.status_code == 200
    assert "Oaxaca" in page.content.decode()
    assert "Se quedaron con tus documentos" not in page.content.decode()
    response = client.post(URL.format(language="es", slug="centro-a"), _post())
    assert response.status_code == 302
    saved = IntakeSettings.objects.get(organisation=three_orgs.a)
    assert saved.accepts_intakes
    assert saved.takes_urgent
    assert saved.places == ["MX-OAX", "US-NC"]
    assert saved.languages == ["es", "mixteco", "chatino", "purepecha"]
    assert set(saved.topics.values_list("code", flat=True)) == {"wage-theft", "document-retention"}
    assert saved.office_hours("en") == "Monday to Friday, 9 to 5"
    event = AuditEvent.objects.get(action="organisation.intake_updated")
    assert (event.actor, event.organisation) == (three_orgs.alice, three_orgs.a)
    assert event.detail["places"] == ["MX-OAX", "US-NC"]
    again = client.get(URL.format(language="es", slug="centro-a")).content.decode()
    assert re.search(r"<details open><summary>Estados Unidos</summary>", again), "a group with a tick opens"
    assert re.search(r"<details><summary>Centroamérica</summary>", again)
    assert 'value="Chatino"' in again, "a typed language is shown again as typed"
    assert re.search(r'value="purepecha"[^>]*checked', again), "a typed known language is ticked"


def test_it_refuses_an_advocate_and_hides_another_organisation(
    three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """charlie (advocate of A) is refused; bob (admin of B) gets 404 for A's settings; nothing is saved."""
    url = URL.format(language="es", slug="centro-a")
    assert staff_client(three_orgs.charlie).get(url).status_code == 403
    assert staff_client(three_orgs.charlie).post(url, _post()).status_code == 403
    assert staff_client(three_orgs.bob).get(url).status_code == 404
    assert staff_client(three_orgs.bob).post(url, _post()).status_code == 404
    assert not IntakeSettings.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "spanish", "english"),
    [
        ({"places": []}, "places", "Elige al menos un lugar", "Choose at least one place"),
        ({"topics": []}, "topics", "Elige al menos un tema", "Choose at least one topic"),
        (
            {"languages": [], "other_languages": ""},
            "languages",
            "Elige al menos un idioma",
            "Choose at least one language",
        ),
        ({"places": ["US-XX"]}, "places", "no es una de las opciones", "is not one of the available choices"),
        ({"office_hours_es": "9 a 5 " * 60}, "office_hours_es", "300", "300"),
        (
            {"office_hours_en": "9 to 5\x07"},
            "office_hours_en",
            "caracteres que no se pueden",
            "cannot be shown",
        ),
        ({"other_languages": "x" * 41}, "languages", "como máximo 40", "at most 40"),
        ({"other_languages": "<script>"}, "languages", "con letras", "with letters"),
        ({"other_languages": "Mixe, ¿?"}, "languages", "con letras", "with letters"),
    ],
)
def test_it_answers_bad_input_with_a_translated_error_on_the_field(
    three_orgs: ThreeOrganisations,
    staff_client: Any,
    changes: dict[str, Any],
    field: str,
    spanish: str,
    english: str,
) -> None:
    """Each bad answer names the field it is about, in Spanish and in English, and nothing is saved."""
    client = staff_client(three_orgs.alice)
    for language, expected in (("es", spanish), ("en", english)):
        response = client.post(URL.format(language=language, slug="centro-a"), _post(**changes))
        assert response.status_code == 200
        form = response.context["form"]
        assert field in form.errors, form.errors
        assert expected in " ".join(form.errors[field]), form.errors[field]
        assert f'id="id_{field}_error"' in response.content.decode()
    assert not IntakeSettings.objects.exists()


def test_it_lets_an_organisation_take_nothing(three_orgs: ThreeOrganisations) -> None:
    """Without accepting intakes, empty choices are fine, and the organisation is never listed."""
    services.organisation_intake_update(
        organisation=three_orgs.a,
        by=three_orgs.alice,
        accepts_intakes=False,
        places=["GT"],
        languages=[],
        topics=[],
        takes_urgent=False,
    )
    assert selectors.organisations_accepting(place="GT") == []


def test_it_refuses_a_retired_topic(three_orgs: ThreeOrganisations) -> None:
    """A retired category is no longer a topic one can choose."""
    category_retire(category=Category.objects.get(code="housing"), by=None)
    with pytest.raises(ValidationError) as raised:
        services.organisation_intake_update(
            organisation=three_orgs.a,
            by=three_orgs.alice,
            accepts_intakes=True,
            places=["GT"],
            languages=["es"],
            topics=["housing"],
            takes_urgent=False,
        )
    assert raised.value.error_dict["topics"][0].code == "unknown_topic"


def _accepting(organisation: Any, **choices: Any) -> None:
    services.organisation_intake_update(organisation=organisation, by=None, accepts_intakes=True, **choices)


def test_it_finds_the_organisations_that_match_place_language_topic_and_urgency(
    three_orgs: ThreeOrganisations,
) -> None:
    """A takes Oaxaca in Mixteco for wage theft, urgent too; B takes all of Mexico in Spanish; C takes nothing."""
    c = OrganisationFactory(name="Centro C", slug="centro-c")
    _accepting(
        three_orgs.a,
        places=["MX-OAX", "US-NC"],
        languages=["Spanish", "Mixteco"],
        topics=["wage-theft", "child-alone"],
        takes_urgent=True,
    )
    _accepting(
        three_orgs.b,
        places=["MX"],
        languages=["es"],
        topics=["wage-theft", "recruitment-fees"],
        takes_urgent=False,
    )
    services.organisation_intake_update(
        organisation=c,
        by=None,
        accepts_intakes=False,
        places=["MX-OAX"],
        languages=["mixteco"],
        topics=["wage-theft"],
        takes_urgent=True,
    )
    find = selectors.organisations_accepting
    assert find(place="MX-OAX", language="es", topic="wage-theft") == [three_orgs.a, three_orgs.b]
    assert find(place="MX-OAX", language="mixtec", topic="wage-theft") == [three_orgs.a]
    assert find(place="MX-GRO", language="español", topic="recruitment-fees") == [three_orgs.b]
    assert find(place="US-NC", language="es", topic="recruitment-fees") == []
    assert find(place="MX-OAX", language="es", topic="wage-theft", urgent=True) == [three_orgs.a]
    assert find(place="GT", language="es", topic="wage-theft") == []
    assert find(place="MX-OAX", language="Triqui", topic="wage-theft") == []
    assert find(place="MX-OAX", language="es", topic="child-alone") == [three_orgs.a]
    assert find() == [three_orgs.a, three_orgs.b]
