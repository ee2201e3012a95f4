"""A field required only when another answer says so: the reason given without consent to cooperate."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from jornada.protocols.services import answers_clean
from jornada.protocols.specs import field_spec_clean, steps_check

DECISION = {
    "key": "consents",
    "type": "yesno",
    "required": True,
    "label_es": "¿Acepta?",
    "label_en": "Agrees?",
}
REASON = {
    "key": "reason",
    "type": "text",
    "label_es": "Razón",
    "label_en": "Reason",
    "required_when": {"field": "consents", "value": False},
}


def _fields() -> list[dict]:
    return [field_spec_clean(DECISION, step="s"), field_spec_clean(REASON, step="s")]


def test_it_requires_the_reason_when_the_answer_is_no() -> None:
    """ "No" without a reason is refused on the reason field; "yes" without one is fine."""
    with pytest.raises(ValidationError) as error:
        answers_clean(_fields(), {"consents": "no"})
    assert error.value.error_dict["reason"][0].code == "required"
    clear, personal = answers_clean(_fields(), {"consents": "yes"})
    assert clear == {"consents": True}
    assert personal == {}
    clear, personal = answers_clean(_fields(), {"consents": "no", "reason": "Miedo a represalias"})
    assert personal == {"reason": "Miedo a represalias"}


def test_it_refuses_a_dependency_on_a_field_the_step_does_not_ask() -> None:
    """required_when naming a missing field is refused, naming the step and both fields."""
    step = {
        "key": "decision",
        "kind": "form",
        "title_es": "Decisión",
        "title_en": "Decision",
        "fields": [{**REASON, "required_when": {"field": "nowhere", "value": False}}],
    }
    with pytest.raises(ValidationError) as error:
        steps_check([step])
    assert error.value.code == "missing_field"
    assert "nowhere" in error.value.messages[0]
