"""Save and resume with a code: the code is never stored, the answers are sealed, drafts expire by the day."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from jornada.cases.tests.helpers import table_dump
from jornada.core.retention import retention_prune
from jornada.intake.drafts import DRAFT_DAYS, DraftState, draft_open, draft_save, draft_start, drafts_prune
from jornada.intake.models import IntakeDraft
from jornada.intake.tests.helpers import PHONE
from jornada.intake.tests.walk import STEP_DATA, Walk, html

pytestmark = pytest.mark.django_db


def test_it_keeps_neither_the_code_nor_the_answers_in_clear() -> None:
    """The draft row holds an HMAC of the code and ciphertext: no answer, no code, in any form."""
    state = DraftState(answers={"contact": PHONE, "narrative": "Relato-Borrador-3W"}, done=["what"])
    code = draft_start(state=state)
    dump = table_dump(IntakeDraft._meta.db_table)
    for needle in (
        code,
        code.replace("-", ""),
        PHONE,
        PHONE.replace(" ", ""),
        "Relato-Borrador-3W",
        "narrative",
    ):
        assert needle.encode() not in dump
    assert draft_open(code=code) == state


def test_it_opens_a_draft_with_the_code_typed_another_way() -> None:
    """Lower case, spaces instead of dashes and an O for a zero still open the draft."""
    code = draft_start(state=DraftState(answers={"a": 1}))
    typed = code.lower().replace("-", " ").replace("0", "o")
    assert draft_open(code=typed) == DraftState(answers={"a": 1})


def test_it_opens_nothing_with_a_wrong_or_malformed_code() -> None:
    """Another code, garbage or 10 kB of text open nothing and raise nothing."""
    draft_start(state=DraftState(answers={"a": 1}))
    for code in ("0000-0000-0000", "", "<script>", "x" * 10_000):
        assert draft_open(code=code) is None


def test_it_keeps_only_the_day_it_expires() -> None:
    """The only date on a draft is a day, DRAFT_DAYS after its last save; saving again pushes it back."""
    code = draft_start(state=DraftState())
    draft = IntakeDraft.objects.get()
    assert draft.expires_on == timezone.localdate() + timedelta(days=DRAFT_DAYS)
    assert [
        field.name
        for field in IntakeDraft._meta.get_fields()
        if field.get_internal_type() in ("DateTimeField", "TimeField")
    ] == []
    IntakeDraft.objects.update(expires_on=timezone.localdate())
    assert draft_save(code=code, state=DraftState(answers={"b": 2}))
    assert IntakeDraft.objects.get().expires_on == timezone.localdate() + timedelta(days=DRAFT_DAYS)


def test_it_prunes_expired_drafts_in_the_daily_prune() -> None:
    """A draft past its day is no longer opened, and the daily prune deletes it; a current one stays."""
    old = draft_start(state=DraftState())
    current = draft_start(state=DraftState())
    IntakeDraft.objects.exclude(pk=IntakeDraft.objects.order_by("pk").last().pk).update(  # type: ignore[union-attr]
        expires_on=timezone.localdate() - timedelta(days=1)
    )
    opened = [code for code in (old, current) if draft_open(code=code) is not None]
    assert len(opened) == 1
    retention_prune()
    assert IntakeDraft.objects.count() == 1
    assert drafts_prune() == 0


def test_it_resumes_the_interview_from_the_first_page_with_the_code(taking: Any) -> None:
    """Typing the code on /ayuda/ shows the first step not yet answered, with the code again."""
    walk = Walk()
    walk.begin()
    walk.post("what", **STEP_DATA["what"])
    walk.post("who", knows_party="no")
    response = walk.client.post("/es/ayuda/", {"go": "resume", "resume": walk.code.lower()})
    page = html(response)
    assert response.status_code == 200
    assert 'name="step" value="where"' in page
    assert walk.code in page


def test_it_says_plainly_when_a_resume_code_opens_nothing(taking: Any) -> None:
    """A wrong code: 422, the first page again, a Spanish message next to the code box."""
    response = Walk().client.post("/es/ayuda/", {"go": "resume", "resume": "ABCD-EFGH-JKMN"})
    assert response.status_code == 422
    assert "No encontramos respuestas guardadas con este código." in html(response)


def test_it_limits_how_many_codes_one_client_may_try(taking: Any, settings: Any) -> None:
    """Guessing codes meets the receipt codes' hourly limit (429)."""
    walk = Walk()
    statuses = {
        walk.client.post("/es/ayuda/", {"go": "resume", "resume": "ABCD-EFGH-JKMN"}).status_code
        for _ in range(35)
    }
    assert 429 in statuses


def test_it_limits_codes_tried_in_the_steps_hidden_field_too(taking: Any) -> None:
    """Posting a step with guessed draft codes meets the same hourly limit as the resume box (429)."""
    client = Walk().client
    statuses = {
        client.post("/es/ayuda/", {"draft": "ABCD-EFGH-JKMN", "step": "what", "go": "next"}).status_code
        for _ in range(35)
    }
    assert 429 in statuses


def test_the_privacy_page_tells_workers_how_long_drafts_are_kept() -> None:
    """The privacy page states the drafts' period, as the README's retention table does."""
    from django.test import Client

    page = html(Client().get("/es/privacy/"))
    assert f"por {DRAFT_DAYS} días" in page
