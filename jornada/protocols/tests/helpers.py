"""What the protocols tests share: loading the shipped case types, answers a step's form takes."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.management import call_command
from django.utils import timezone

from jornada.cases.models import Case
from jornada.cases.tests.helpers import open_case
from jornada.core.models import Organisation, User
from jornada.protocols.models import CaseProtocol, CaseType, ProtocolStep
from jornada.protocols.services import case_protocol_choose, case_type_current

TEXT = "Respuesta-Unica-9P"


def load_shipped() -> str:
    """Load the case types of jornada/protocols/content; return the command's output."""
    out = io.StringIO()
    call_command("load_case_types", stdout=out)
    return out.getvalue()


def shipped(slug: str) -> CaseType:
    case_type = case_type_current(slug)
    if case_type is None:
        load_shipped()
        case_type = case_type_current(slug)
    assert case_type is not None
    return case_type


def protocol_case(organisation: Organisation, actor: User, slug: str) -> Case:
    """Open a case in ``organisation`` that follows the newest version of ``slug``."""
    case = open_case(organisation, actor)
    case_protocol_choose(actor=actor, case=case, case_type=shipped(slug))
    return case


def answers_for(step: ProtocolStep, **overrides: Any) -> dict[str, Any]:
    """Return valid service answers for every field of ``step`` (the marker text for texts)."""
    answers: dict[str, Any] = {}
    for spec in step.fields:
        kind = spec["type"]
        if kind == "text":
            answers[spec["key"]] = TEXT
        elif kind == "yesno":
            answers[spec["key"]] = "yes"
        elif kind == "choice":
            answers[spec["key"]] = spec["choices"][0]["value"]
        elif kind == "multichoice":
            answers[spec["key"]] = [spec["choices"][0]["value"]]
        elif kind == "date":
            answers[spec["key"]] = timezone.localdate() - dt.timedelta(days=3)
        else:
            answers[spec["key"]] = 15
    answers.update(overrides)
    return answers


def post_data(step: ProtocolStep, **overrides: Any) -> dict[str, Any]:
    """Return the POST body of ``step``'s form on the protocol page, with valid answers."""
    data: dict[str, Any] = {"action": "complete", "step": step.key}
    for key, value in answers_for(step, **overrides).items():
        data[f"step-{step.key}-{key}"] = value.isoformat() if isinstance(value, dt.date) else value
    return data


def steps_of(case: Case) -> list[ProtocolStep]:
    return list(CaseProtocol.objects.get(case=case).case_type.steps.all())
