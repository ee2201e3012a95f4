"""The body of ``POST /api/v1/reviews``: its JSON Schema, and the checks that hold the server to it.

The web form (``ReviewForm``) stays the one place a review is validated; this module adds what a
JSON body needs before it reaches the form: each field's JSON type and length, and no unknown
field. The schema documents exactly what the two together accept, so a client (or a fuzzer)
can trust it: a body the schema calls valid is stored (201), or answered 404 when the employer
or recruiter it names is not in the directory.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from jornada.contributions.periods import Season
from jornada.contributions.text import check_length, is_invisible
from jornada.reviews.forms import SUBJECT_NAMED, year_choices
from jornada.reviews.models import (
    MAX_FEE,
    MAX_NAME,
    MAX_TEXT,
    ChargedBy,
    Currency,
    ReviewProgramme,
    SubjectKind,
)
from jornada.reviews.questions import QUESTIONS, RATINGS, Answer

Errors = dict[str, list[dict[str, str]]]

# "employer:" or "recruiter:" and the slug must fit the form's subject field.
MAX_SLUG = MAX_NAME - len(f"{SubjectKind.RECRUITER}:")
# An amount as text: 1 to 10,000,000 with at most two decimals, written with a point.
AMOUNT_PATTERN = r"^(?:[1-9][0-9]{0,6}(?:\.[0-9]{1,2})?|10000000(?:\.00?)?)$"
NO_NUL = r"^[^\x00]*$"
# Something other than blanks (and no NUL, which the form refuses in a name).
NOT_BLANK = r"^[^\x00]*[^\s\x00][^\x00]*$"


def _unreadable_class() -> str:
    """A regular-expression class of what ``clean_free_text`` removes or ``strip`` drops."""
    ranges: list[tuple[int, int]] = []
    for code in range(sys.maxunicode + 1):
        character = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue  # surrogates cannot be written in a JSON document's pattern
        if character.isspace() or is_invisible(character):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(f"\\U{first:08x}-\\U{last:08x}" for first, last in ranges)


# Text that is only blanks and invisible characters (emptied by contributions.text) says nothing.
NOTHING_READABLE = f"^[{_unreadable_class()}]*$"
ANSWER_FIELDS = (*(question.name for question in QUESTIONS), *(rating.name for rating in RATINGS))
INTEGER_FIELDS = frozenset({"season_year", *(rating.name for rating in RATINGS)})
TEXT_LIMITS = {"employer": MAX_SLUG, "recruiter": MAX_SLUG, "subject_name": MAX_NAME, "text": MAX_TEXT}


def _choice(values: Any) -> dict[str, Any]:
    return {"type": "string", "enum": [str(value) for value in values]}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def request_schema() -> dict[str, Any]:
    """Return the JSON Schema of a review as the API takes it (``null`` means "not answered")."""
    years = [year for year, _label in year_choices() if year != ""]
    answer = _choice(Answer.values)
    slug = {"type": "string", "minLength": 1, "maxLength": MAX_SLUG, "pattern": NO_NUL}
    amount = {
        "anyOf": [
            {"type": "integer", "minimum": 1, "maximum": MAX_FEE},
            {"type": "string", "pattern": AMOUNT_PATTERN},
        ]
    }
    properties: dict[str, Any] = {
        "employer": _nullable({**slug, "description": "The employer's directory slug."}),
        "recruiter": _nullable({**slug, "description": "The recruiter's directory slug."}),
        "subject_kind": _nullable(_choice(SubjectKind.values)),
        "subject_name": _nullable({"type": "string", "maxLength": MAX_NAME, "pattern": NO_NUL}),
        "programme": _choice(ReviewProgramme.values),
        "season_year": {"type": "integer", "minimum": min(years), "maximum": max(years)},
        "work_season": _nullable(_choice(Season.values)),
        "fees_amount": _nullable(amount),
        "fees_currency": _nullable(_choice(Currency.values)),
        "fees_charged_by": _nullable(_choice(ChargedBy.values)),
        **{question.name: _nullable(answer) for question in QUESTIONS},
        **{rating.name: _nullable({"type": "integer", "minimum": 1, "maximum": 5}) for rating in RATINGS},
        "text": _nullable({"type": "string", "maxLength": MAX_TEXT}),
    }
    given = _given
    subject = {
        "description": (
            "The subject: an employer or a recruiter from the directory (not both), or, for one "
            "that is not in it, subject_kind and subject_name."
        ),
        "anyOf": [
            {**given("employer"), "not": given("recruiter")},
            {**given("recruiter"), "not": given("employer")},
            {
                "allOf": [given("subject_kind"), given("subject_name", pattern=NOT_BLANK)],
                "not": {"anyOf": [given("employer"), given("recruiter")]},
            },
        ],
    }
    # "Something" is an answer, a rating, or text with something readable once blanks and
    # invisible controls go (contributions.text); said as "not all of them empty", one branch.
    says_something = {
        "description": "A review says something: an answer, a rating, or text.",
        "not": {
            "properties": {
                **{name: {"type": "null"} for name in ANSWER_FIELDS},
                "text": {"anyOf": [{"type": "null"}, {"type": "string", "pattern": NOTHING_READABLE}]},
            }
        },
    }
    currency = {
        "description": "An amount needs its currency.",
        "anyOf": [{"not": given("fees_amount")}, given("fees_currency")],
    }
    return {
        "title": "ReviewIn",
        "description": (
            'A review, as the web form takes it. Answers are "yes", "no" or "unknown"; stars 1 to 5; '
            "the year one of the last ten."
        ),
        "type": "object",
        "properties": properties,
        "required": ["programme", "season_year"],
        "additionalProperties": False,
        "allOf": [subject, says_something, currency],
    }


def _given(name: str, **constraints: Any) -> dict[str, Any]:
    """A schema saying ``name`` is present and not null (with extra string constraints if any)."""
    return {"required": [name], "properties": {name: {"not": {"type": "null"}, **constraints}}}


def _whole(value: Any) -> Any:
    """JSON Schema counts 2025.0 as an integer: read it as 2025."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _error(code: str, message: str) -> list[dict[str, str]]:
    return [{"code": code, "message": message}]


def _field_error(name: str, value: Any) -> list[dict[str, str]] | None:
    """Return the error for one field's JSON value, or None when its type and length fit the schema."""
    if name in INTEGER_FIELDS:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif name == "fees_amount":
        ok = isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))
    else:
        ok = isinstance(value, str)
    if not ok:
        return _error("invalid_type", gettext("Send this field with the type the schema gives."))
    if value == "" and name not in ("text", "subject_name"):
        return _error("blank", gettext("Leave this field out, or send null, when there is no answer."))
    if name == "fees_amount" and isinstance(value, str) and not re.fullmatch(AMOUNT_PATTERN, value):
        return _error("invalid", gettext("Write the amount with numbers only, like 15000 or 1500.50."))
    if isinstance(value, str) and name in TEXT_LIMITS:
        try:
            check_length(value, limit=TEXT_LIMITS[name])
        except ValidationError as error:
            return _error("max_length", " ".join(error.messages))
    return None


def form_data(payload: Any, accepted: frozenset[str]) -> tuple[dict[str, str], Errors]:
    """Turn a JSON body into the web form's data; report what the schema does not allow."""
    if not isinstance(payload, dict):
        return {}, {
            "__all__": _error("invalid_json", gettext("Send one JSON object with the review's fields."))
        }
    errors: Errors = {}
    data: dict[str, str] = {}
    for key, value in payload.items():
        if key not in accepted:
            errors[str(key)[:60]] = _error("unknown_field", gettext("This is not a field of a review."))
        elif value is None:
            continue
        elif (problem := _field_error(key, value := _whole(value))) is not None:
            errors[key] = problem
        else:
            data[key] = str(value)
    employer, recruiter = data.pop("employer", ""), data.pop("recruiter", "")
    if employer and recruiter:
        errors["__all__"] = _error("two_subjects", gettext("Send an employer or a recruiter, not both."))
    elif employer:
        data["subject"] = f"{SubjectKind.EMPLOYER}:{employer}"
        data.setdefault("subject_kind", SubjectKind.EMPLOYER)
    elif recruiter:
        data["subject"] = f"{SubjectKind.RECRUITER}:{recruiter}"
        data.setdefault("subject_kind", SubjectKind.RECRUITER)
    elif data.get("subject_name"):
        data["subject"] = SUBJECT_NAMED
    return data, errors
