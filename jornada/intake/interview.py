"""The interview's steps, which of them apply given the answers so far, and the request they make.

Branching lives here and nowhere else: the contact steps apply only when the worker lets an
organisation contact them, the name step only when they know the employer or recruiter, and a
child alone takes the short urgent route (no employer, place or year asked: the help comes
first). Answers of a step that no longer applies are kept in the draft but never sent.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jornada.cases.models import ContactChannel
from jornada.intake import forms
from jornada.intake.drafts import DraftState
from jornada.intake.models import UrgentReason, Whereabouts
from jornada.intake.selectors import party_name
from jornada.intake.services import IntakeAnswers, matching_organisations
from jornada.vocabulary.languages import language_key, language_name
from jornada.vocabulary.models import Audience, Category
from jornada.vocabulary.places import PLACE_BY_CODE
from jornada.vocabulary.selectors import category_labels

STEPS: tuple[str, ...] = (
    "urgent",
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
)
REVIEW = "review"
FORMS: dict[str, type[forms.StepForm]] = {
    "urgent": forms.UrgentForm,
    "what": forms.WhatForm,
    "who": forms.WhoForm,
    "who_name": forms.WhoNameForm,
    "where": forms.WhereForm,
    "now": forms.NowForm,
    "language": forms.LanguageForm,
    "consent": forms.ConsentForm,
    "contact": forms.ContactForm,
    "contact_details": forms.ContactDetailsForm,
    "organisations": forms.OrganisationsForm,
}
TITLES = {
    "urgent": _("Do you need help right now?"),
    "what": _("What happened?"),
    "who": _("Who did it?"),
    "who_name": _("Who did it?"),
    "where": _("Where and when?"),
    "now": _("Where are you now?"),
    "language": _("Your language"),
    "consent": _("What you allow"),
    "contact": _("How to contact you"),
    "contact_details": _("How to contact you"),
    "organisations": _("Who will see your request"),
    REVIEW: _("Check your answers"),
}
# A step's answers that the next steps' branching reads.
_FIELDS_OF = {
    "urgent": ("urgent_reasons",),
    "what": ("categories", "narrative"),
    "who": ("knows_party",),
    "who_name": ("q", "pick"),
    "where": ("place", "year"),
    "now": ("whereabouts",),
    "language": ("language", "language_other"),
    "consent": ("consent_contact", "consent_share", "consent_count"),
    "contact": ("contact_channel",),
    "contact_details": ("contact", "safe_times", "may_leave_message", "worker_name"),
    "organisations": ("organisations", "any_organisation"),
}


def child_alone(answers: dict[str, Any]) -> bool:
    """Return True when the worker said a child is alone: the short urgent route."""
    return UrgentReason.CHILD_ALONE in (answers.get("urgent_reasons") or [])


def is_urgent(answers: dict[str, Any]) -> bool:
    """Return True when the answers make the request urgent (as ``intake_submit`` will): show the numbers."""
    if answers.get("urgent_reasons"):
        return True
    codes = list(answers.get("categories") or [])
    return bool(codes) and Category.objects.filter(code__in=codes, urgent=True).exists()


def step_applies(step: str, answers: dict[str, Any]) -> bool:
    """Return True when ``step`` is asked, given the answers so far."""
    if step in ("who", "who_name", "where") and child_alone(answers):
        return False
    if step == "who_name":
        return answers.get("knows_party") == "yes"
    if step in ("contact", "contact_details"):
        return answers.get("consent_contact") == "yes"
    return True


def steps_for(answers: dict[str, Any]) -> list[str]:
    """Return the steps asked for these answers, in order."""
    return [step for step in STEPS if step_applies(step, answers)]


def next_step(state: DraftState, after: str | None = None) -> str:
    """Return the first step that applies and is not confirmed yet (after ``after``), else the review."""
    steps = steps_for(state.answers)
    start = steps.index(after) + 1 if after in steps else 0
    for step in steps[start:]:
        if step not in state.done:
            return step
    for step in steps:
        if step not in state.done:
            return step
    return REVIEW


def previous_step(state: DraftState, current: str) -> str | None:
    """Return the step before ``current`` among those that apply, or None on the first."""
    steps = [*steps_for(state.answers), REVIEW]
    if current not in steps or steps.index(current) == 0:
        return None
    return steps[steps.index(current) - 1]


def step_confirm(state: DraftState, step: str, kept: dict[str, Any]) -> None:
    """Keep a step's checked answers in ``state`` and mark it confirmed."""
    state.answers.update({name: kept.get(name) for name in _FIELDS_OF[step]})
    if step not in state.done:
        state.done.append(step)


def initial_for(step: str, answers: dict[str, Any]) -> dict[str, Any]:
    """Return the answers already given to ``step``, to show them again."""
    return {name: answers[name] for name in _FIELDS_OF[step] if answers.get(name) is not None}


def _language(answers: dict[str, Any]) -> str:
    if answers.get("language") == "other":
        return str(answers.get("language_other") or "")
    return str(answers.get("language") or "")


def organisations_for(answers: dict[str, Any]) -> list[Any]:
    """Return the organisations that take a request with these answers (``matching_organisations``)."""
    language = _language(answers)
    place = "" if child_alone(answers) else str(answers.get("place") or "")
    return matching_organisations(
        place=place,
        language=language_key(language) if language else "",
        categories=list(answers.get("categories") or []),
        urgent=bool(answers.get("urgent_reasons")),
    )


def answers_build(answers: dict[str, Any]) -> IntakeAnswers:
    """Return the request the kept answers make, leaving out steps that do not apply."""
    asked = set(steps_for(answers))
    pick = str(answers.get("pick") or "") if "who_name" in asked else ""
    kind, _colon, pk = pick.partition(":")
    contacted = "contact" in asked and answers.get("consent_contact") == "yes"
    return IntakeAnswers(
        whereabouts=str(answers.get("whereabouts") or ""),
        language=_language(answers),
        categories=list(answers.get("categories") or []),
        narrative=str(answers.get("narrative") or ""),
        employer_id=int(pk) if kind == "employer" else None,
        recruiter_id=int(pk) if kind == "recruiter" else None,
        party_name=str(answers.get("q") or "")
        if "who_name" in asked and kind not in ("employer", "recruiter")
        else "",
        place=str(answers.get("place") or "") if "where" in asked else "",
        year=answers.get("year") if "where" in asked else None,
        urgent_reasons=list(answers.get("urgent_reasons") or []),
        contact_channel=str(answers.get("contact_channel") or ContactChannel.NONE)
        if contacted
        else ContactChannel.NONE,
        contact=str(answers.get("contact") or "") if contacted else "",
        safe_times=str(answers.get("safe_times") or "") if contacted else "",
        may_leave_message=contacted and answers.get("may_leave_message") == "yes",
        worker_name=str(answers.get("worker_name") or "") if contacted else "",
        consent_contact=contacted,
        consent_share=answers.get("consent_share") == "yes",
        consent_count=answers.get("consent_count") == "yes",
        organisations=list(answers.get("organisations") or []),
        any_organisation=bool(answers.get("any_organisation")),
    )


# Which step asks for each field the service may refuse, to go back to it.
STEP_OF_FIELD = {
    "urgent_reasons": "urgent",
    "categories": "what",
    "narrative": "what",
    "party_name": "who_name",
    "employer": "who_name",
    "recruiter": "who_name",
    "place": "where",
    "year": "where",
    "whereabouts": "now",
    "language": "language",
    "contact_channel": "contact",
    "contact": "contact_details",
    "safe_times": "contact_details",
    "worker_name": "contact_details",
    "organisations": "organisations",
}


def review_rows(answers: dict[str, Any], *, language: str) -> list[tuple[str, Any, str]]:
    """Return (step, question, answer in words) for each step asked, for the review page."""
    asked = steps_for(answers)
    yes_no = {"yes": str(_("Yes")), "no": str(_("No"))}
    nothing = str(_("Nothing said"))
    rows: list[tuple[str, Any, str]] = []
    reasons = dict(UrgentReason.choices)
    rows.append(
        (
            "urgent",
            TITLES["urgent"],
            ", ".join(str(reasons[r]) for r in answers.get("urgent_reasons") or [] if r in reasons)
            or str(_("No")),
        )
    )
    labels = [
        choice.label
        for choice in category_labels(
            list(answers.get("categories") or []), language=language, audience=Audience.WORKER
        )
    ]
    what = "; ".join([*labels, *([str(answers["narrative"])] if answers.get("narrative") else [])])
    rows.append(("what", TITLES["what"], what or nothing))
    if "who" in asked:
        if "who_name" in asked:
            name = party_name(str(answers.get("pick") or "")) or str(answers.get("q") or "")
            rows.append(("who_name", TITLES["who"], name or nothing))
        else:
            rows.append(("who", TITLES["who"], str(_("I do not know the name"))))
    if "where" in asked:
        place = PLACE_BY_CODE.get(str(answers.get("place") or ""))
        year = answers.get("year")
        rows.append(
            (
                "where",
                TITLES["where"],
                " · ".join(
                    [
                        place.name(language) if place else str(_("I do not know")),
                        str(year) if year else str(_("I do not remember")),
                    ]
                ),
            )
        )
    rows.append(
        ("now", TITLES["now"], str(dict(Whereabouts.choices).get(str(answers.get("whereabouts")), nothing)))
    )
    rows.append(("language", TITLES["language"], language_name(language_key(_language(answers)), language)))
    consent = [
        (_("May contact you"), answers.get("consent_contact")),
        (_("May send it to another organisation that can help"), answers.get("consent_share")),
        (_("May count your case without your name"), answers.get("consent_count")),
    ]
    rows.append(
        (
            "consent",
            TITLES["consent"],
            "; ".join(f"{label}: {yes_no.get(str(value), nothing)}" for label, value in consent),
        )
    )
    if "contact" in asked:
        channels = dict(ContactChannel.choices)
        parts = [
            str(channels.get(str(answers.get("contact_channel")), nothing)),
            str(answers.get("contact") or ""),
        ]
        if answers.get("safe_times"):
            parts.append(str(answers["safe_times"]))
        parts.append(
            str(_("A message may be left"))
            if answers.get("may_leave_message") == "yes"
            else str(_("Leave no message"))
        )
        rows.append(("contact_details", TITLES["contact"], " · ".join(part for part in parts if part)))
    return rows
