"""The interview at /ayuda/: every step's checks, the branching, the review and the receipt."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from jornada.cases.models import ContactChannel
from jornada.core.pagebudget import page_weight
from jornada.directory.models import Employer
from jornada.directory.tests.helpers import h2a_row, import_h2a
from jornada.intake.drafts import draft_open
from jornada.intake.models import Intake, IntakeRecipient
from jornada.intake.tests.walk import STEP_DATA, Walk, html

pytestmark = pytest.mark.django_db


def test_it_shows_the_first_step_and_the_resume_box(taking: Any) -> None:
    """GET /es/ayuda/ asks the urgent question first, offers to resume with a code, and puts the quick exit first."""
    response = Client().get("/es/ayuda/")
    page = html(response)
    assert response.status_code == 200
    assert page.index("data-quick-exit") < page.index("<h1")
    assert 'name="urgent_reasons"' in page
    assert 'name="resume"' in page


def test_it_walks_every_step_and_sends_the_request(taking: Any) -> None:
    """All steps in order, the review lists the answers, sending gives a receipt code and a status link."""
    walk = Walk()
    walk.begin()
    seen = [walk.step]
    while walk.step != "review":
        walk.post(walk.step, **STEP_DATA[walk.step])
        seen.append(walk.step)
    assert seen == [
        "what",
        "who",
        "who_name",
        "where",
        "now",
        "language",
        "consent",
        "contact",
        "contact_details",
        "organisations",
        "review",
    ]
    assert "Patron-Paso-7Q" in html(walk.response)
    response = walk.send()
    page = html(response)
    assert response.status_code == 200
    assert re.search(r'id="receipt-code">[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}<', page)
    assert 'href="/es/ayuda/estado/"' in page
    intake = Intake.objects.get()
    assert (intake.place, intake.year, intake.contact_channel) == ("MX-OAX", 2025, ContactChannel.WHATSAPP)
    assert list(IntakeRecipient.objects.values_list("organisation__slug", flat=True)) == ["centro-a"]


def test_it_deletes_the_draft_when_the_request_is_sent_and_sends_once(taking: Any) -> None:
    """After sending, the resume code opens nothing, and pressing Send again sends nothing more."""
    walk = Walk()
    walk.answer_all()
    walk.send()
    assert draft_open(code=walk.code) is None
    again = walk.send()
    assert again.status_code == 422
    assert Intake.objects.count() == 1


def test_it_skips_the_contact_steps_when_the_worker_may_not_be_contacted(taking: Any) -> None:
    """Answering no to "may they contact you" skips the channel and number steps, and nothing is sent of them."""
    walk = Walk()
    walk.begin()
    for step in ("what", "who", "who_name", "where", "now", "language"):
        walk.post(step, **STEP_DATA[step])
    walk.post("consent", consent_contact="no", consent_share="no", consent_count="yes")
    assert walk.step == "organisations"
    walk.post("organisations", **STEP_DATA["organisations"])
    assert walk.step == "review"
    walk.send()
    intake = Intake.objects.get()
    assert (intake.contact_channel, intake.consent_contact, intake.consent_count) == (
        ContactChannel.NONE,
        False,
        True,
    )


def test_it_skips_the_name_step_when_the_worker_does_not_know_it(taking: Any) -> None:
    """Answering that they do not know the employer goes straight to where and when."""
    walk = Walk()
    walk.begin()
    walk.post("what", **STEP_DATA["what"])
    walk.post("who", knows_party="no")
    assert walk.step == "where"


def test_it_takes_a_child_alone_on_the_short_urgent_route(taking: Any) -> None:
    """A child alone shows the emergency numbers at once and skips the employer and place questions."""
    walk = Walk()
    response = walk.begin(urgent_reasons=["child_alone"])
    page = html(response)
    assert "+1 520 623 7874" in page
    assert 'href="tel:911"' in page
    walk.post("what", **STEP_DATA["what"])
    assert walk.step == "now"
    walk.answer_all()
    walk.send()
    intake = Intake.objects.get()
    assert (intake.urgent, intake.place, intake.urgent_reasons) == (True, "", ["child_alone"])


def test_it_shows_the_emergency_numbers_on_every_step_after_an_urgent_answer(taking: Any) -> None:
    """Documents taken: the numbers stay on each following step, not only the first."""
    walk = Walk()
    walk.begin(urgent_reasons=["documents_taken"])
    walk.post("what", **STEP_DATA["what"])
    assert "+1 520 623 7874" in html(walk.response)


def test_it_says_plainly_when_no_organisation_matches_and_shows_other_help(taking: Any) -> None:
    """A place nobody takes: the organisations step says so, shows the emergency and consulate numbers, and has no Continue."""
    walk = Walk()
    walk.begin()
    while walk.step != "organisations":
        walk.post(
            walk.step, **{**STEP_DATA[walk.step], **({"place": "US-AK"} if walk.step == "where" else {})}
        )
    page = html(walk.response)
    assert "Todavía ninguna organización en Jornada recibe solicitudes como esta." in page
    assert "+1 520 623 7874" in page
    assert 'value="next"' not in page
    forged = walk.post("organisations", any_organisation="on")
    assert forged.status_code == 422
    assert Intake.objects.count() == 0


def test_it_lists_the_matching_organisations_with_what_they_do_and_their_hours(taking: Any) -> None:
    """Organisation A is listed with its kind, topics in the worker's words and office hours; B, which takes none, is not."""
    taking.a.intake_settings.office_hours_es = "Lunes de 9 a 5"
    taking.a.intake_settings.save()
    walk = Walk()
    walk.begin()
    for step in (
        "what",
        "who",
        "who_name",
        "where",
        "now",
        "language",
        "consent",
        "contact",
        "contact_details",
    ):
        walk.post(step, **STEP_DATA[step])
    page = html(walk.response)
    assert walk.step == "organisations"
    assert "Centro A" in page
    assert "Lunes de 9 a 5" in page
    assert "Centro B" not in page


def test_it_picks_an_employer_from_the_directory_without_javascript(taking: Any, tmp_path: Path) -> None:
    """Search is a button of the same form (no name in any URL); picking a result links the request to it."""
    import_h2a(tmp_path, 2024, [h2a_row("H-300-24001-000001", "Granja Buscable Ficticia", "NC")])
    employer = Employer.objects.get(name="Granja Buscable Ficticia")
    walk = Walk()
    walk.begin()
    walk.post("what", **STEP_DATA["what"])
    walk.post("who", knows_party="yes")
    response = walk.post("who_name", go="search", q="Granja Buscable")
    assert f'value="employer:{employer.pk}"' in html(response)
    walk.post("who_name", q="Granja Buscable", pick=f"employer:{employer.pk}")
    assert walk.step == "where"
    walk.answer_all()
    walk.send()
    assert Intake.objects.get().employer == employer


def test_it_keeps_every_step_within_the_page_budget(taking: Any) -> None:
    """Each step of the interview, the review and the receipt fit the first-render budget with no inline script."""
    walk = Walk()
    walk.begin(urgent_reasons=["injury"])
    pages = [walk.response]
    while walk.step != "review":
        walk.post(walk.step, **STEP_DATA[walk.step])
        pages.append(walk.response)
    pages.append(walk.send())
    for response in pages:
        weight = page_weight(response.content)
        assert (weight.inline_scripts, weight.inline_styles) == (0, 0)
        assert weight.within_budget(), weight.total


def test_it_works_in_english(taking: Any) -> None:
    """The same interview at /en/ayuda/ speaks English."""
    walk = Walk(url="/en/ayuda/")
    response = walk.begin()
    assert "What happened?" in html(response)
    assert "To continue later, write down this code:" in html(response)


def test_it_shows_the_emergency_numbers_when_an_urgent_problem_is_chosen(taking: Any) -> None:
    """No urgent box ticked, but "a child alone" chosen as what happened: the numbers show from the next step on."""
    from jornada.vocabulary.models import Category

    urgent = Category.objects.filter(urgent=True).values_list("code", flat=True).first()
    assert urgent is not None
    walk = Walk()
    walk.begin()
    assert "+1 520 623 7874" not in html(walk.response)
    walk.post("what", categories=[urgent])
    assert "+1 520 623 7874" in html(walk.response)


def test_it_keeps_a_long_story_in_any_script(taking: Any) -> None:
    """10,000 characters of four-byte text (the story's limit) are kept in the draft and sent."""
    walk = Walk()
    walk.begin()
    walk.post("what", categories=["wage-theft"], narrative="😀" * 10_000)
    assert walk.step == "who"
    state = draft_open(code=walk.code)
    assert state is not None
    assert state.answers["narrative"] == "😀" * 10_000
