"""Checking a case type's definition: its steps, the fields each asks, due times and order.

Pure functions over plain dictionaries, shared by the content loader and the admin, so that a
file and an admin form are refused for the same reasons, with an error naming the step.

A field spec is ``{"key", "type", "label_es", "label_en", "required", "personal", "choices"}``:
``type`` is one of ``FIELD_TYPES``; ``choices`` (for choice and multichoice) are
``{"value", "label_es", "label_en"}`` and may carry ``task_es``/``task_en``/``task_days``, a
task created on the case when that choice is completed. ``personal`` says the answer can hold
personal data and is sealed: true by default for text and dates, false for the others.
``required_when`` (``{"field", "value"}``) makes a field required when another field of the
step has that answer: the reason given when someone does not consent, for example.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jornada.core.models import Role
from jornada.protocols.models import StepKind

FIELD_TYPES = ("text", "choice", "multichoice", "yesno", "date", "number")
PERSONAL_BY_DEFAULT = ("text", "date")
MAX_STEPS = 60
MAX_FIELDS = 40
MAX_DUE_HOURS = 366 * 24
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
_DUE = re.compile(r"^\+?\s*(\d{1,4})\s*(hour|hours|day|days|week|weeks)$")
_HOURS = {"hour": 1, "hours": 1, "day": 24, "days": 24, "week": 168, "weeks": 168}

TYPE_FIELDS = (
    "slug",
    "name_es",
    "name_en",
    "description_es",
    "description_en",
    "urgent_by_default",
    "needs_supervisor",
)
STEP_FIELDS = (
    "key",
    "kind",
    "title_es",
    "title_en",
    "guidance_es",
    "guidance_en",
    "fields",
    "role",
    "due_hours",
    "due_from",
    "after",
    "needs_approval",
)


def _error(message: Any, code: str, **params: object) -> ValidationError:
    return ValidationError(message, code=code, params=params)


def due_parse(text: str, *, step: str) -> int:
    """Return the hours of a due time written like ``"+1 day"``, ``"+4 hours"`` or ``"+2 weeks"``."""
    found = _DUE.match(str(text).strip().lower())
    hours = int(found.group(1)) * _HOURS[found.group(2)] if found else 0
    if not found or not 0 < hours <= MAX_DUE_HOURS:
        raise _error(
            _(
                'Step %(step)s: the due time "%(due)s" is not like "+1 day", "+4 hours" or "+2 weeks" (a year at most).'
            ),
            "invalid_due",
            step=step,
            due=text,
        )
    return hours


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def field_spec_clean(spec: Any, *, step: str) -> dict[str, Any]:
    """Return ``spec`` in its normal shape; raise ValidationError naming the step and field."""
    if not isinstance(spec, Mapping):
        raise _error(_("Step %(step)s: each field must be a table of settings."), "invalid_field", step=step)
    key = _text(spec.get("key"))
    if not _KEY.match(key):
        raise _error(
            _('Step %(step)s: the field key "%(field)s" must be lowercase letters, digits, "-" or "_".'),
            "invalid_field",
            step=step,
            field=key,
        )
    kind = _text(spec.get("type"))
    if kind not in FIELD_TYPES:
        raise _error(
            _('Step %(step)s, field %(field)s: the type "%(type)s" is not one of: %(types)s.'),
            "invalid_field_type",
            step=step,
            field=key,
            type=kind,
            types=", ".join(FIELD_TYPES),
        )
    if not _text(spec.get("label_es")) or not _text(spec.get("label_en")):
        raise _error(
            _("Step %(step)s, field %(field)s: give its label in Spanish and English."),
            "missing_label",
            step=step,
            field=key,
        )
    clean: dict[str, Any] = {
        "key": key,
        "type": kind,
        "label_es": _text(spec["label_es"]),
        "label_en": _text(spec["label_en"]),
        "required": bool(spec.get("required", False)),
        "personal": bool(spec.get("personal", kind in PERSONAL_BY_DEFAULT)),
    }
    when = spec.get("required_when")
    if when is not None:
        if not isinstance(when, Mapping) or not _KEY.match(_text(when.get("field"))) or "value" not in when:
            raise _error(
                _("Step %(step)s, field %(field)s: required_when needs the other field's key and its value."),
                "invalid_required_when",
                step=step,
                field=key,
            )
        clean["required_when"] = {"field": _text(when["field"]), "value": when["value"]}
    choices = spec.get("choices") or []
    if kind in ("choice", "multichoice"):
        if not isinstance(choices, list) or not choices:
            raise _error(
                _("Step %(step)s, field %(field)s: a choice field needs its choices."),
                "missing_choices",
                step=step,
                field=key,
            )
        clean["choices"] = [_choice_clean(choice, step=step, field=key) for choice in choices]
        values = [choice["value"] for choice in clean["choices"]]
        if len(set(values)) != len(values):
            raise _error(
                _("Step %(step)s, field %(field)s: two choices have the same value."),
                "duplicate_choice",
                step=step,
                field=key,
            )
    elif choices:
        raise _error(
            _("Step %(step)s, field %(field)s: only choice fields have choices."),
            "unexpected_choices",
            step=step,
            field=key,
        )
    return clean


def _choice_clean(choice: Any, *, step: str, field: str) -> dict[str, Any]:
    value = _text(choice.get("value")) if isinstance(choice, Mapping) else ""
    if not _KEY.match(value) or not _text(choice.get("label_es")) or not _text(choice.get("label_en")):
        raise _error(
            _(
                "Step %(step)s, field %(field)s: each choice needs a value and its label in Spanish and English."
            ),
            "invalid_choice_spec",
            step=step,
            field=field,
        )
    clean: dict[str, Any] = {
        "value": value,
        "label_es": _text(choice["label_es"]),
        "label_en": _text(choice["label_en"]),
    }
    if choice.get("task_es") or choice.get("task_en"):
        days = choice.get("task_days", 7)
        if (
            not _text(choice.get("task_es"))
            or not _text(choice.get("task_en"))
            or not isinstance(days, int)
            or not 0 < days <= 366
        ):
            raise _error(
                _(
                    "Step %(step)s, field %(field)s: a choice's task needs its title in both languages and 1 to 366 days."
                ),
                "invalid_task",
                step=step,
                field=field,
            )
        clean.update(task_es=_text(choice["task_es"]), task_en=_text(choice["task_en"]), task_days=days)
    return clean


def step_clean(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Return one step's settings in their normal shape; raise ValidationError naming the step."""
    key = _text(raw.get("key"))
    if not _KEY.match(key):
        raise _error(
            _('The step key "%(step)s" must be lowercase letters, digits, "-" or "_".'),
            "invalid_key",
            step=key,
        )
    kind = _text(raw.get("kind"))
    if kind not in StepKind.values:
        raise _error(
            _('Step %(step)s: the kind "%(kind)s" is not one of: %(kinds)s.'),
            "invalid_kind",
            step=key,
            kind=kind,
            kinds=", ".join(StepKind.values),
        )
    role = _text(raw.get("role")) or Role.ADVOCATE
    if role not in Role.values:
        raise _error(
            _('Step %(step)s: the role "%(role)s" is not one of: %(roles)s.'),
            "invalid_role",
            step=key,
            role=role,
            roles=", ".join(Role.values),
        )
    for name in ("title_es", "title_en"):
        if not _text(raw.get(name)):
            raise _error(
                _("Step %(step)s: give its title in Spanish and English."), "missing_title", step=key
            )
    due_hours = raw.get("due_hours")
    if due_hours is not None and (not isinstance(due_hours, int) or not 0 < due_hours <= MAX_DUE_HOURS):
        raise _error(
            _("Step %(step)s: the due time must be 1 hour to a year."), "invalid_due", step=key, due=due_hours
        )
    fields = raw.get("fields") or []
    if not isinstance(fields, list) or len(fields) > MAX_FIELDS:
        raise _error(
            _("Step %(step)s: the fields must be a list of at most %(limit)d."),
            "invalid_fields",
            step=key,
            limit=MAX_FIELDS,
        )
    clean_fields = [field_spec_clean(spec, step=key) for spec in fields]
    keys = [spec["key"] for spec in clean_fields]
    if len(set(keys)) != len(keys):
        raise _error(_("Step %(step)s: two fields have the same key."), "duplicate_field", step=key)
    for spec in clean_fields:
        other = spec.get("required_when", {}).get("field")
        if other is not None and other not in keys:
            raise _error(
                _(
                    "Step %(step)s, field %(field)s: it depends on field %(other)s, which the step does not ask."
                ),
                "missing_field",
                step=key,
                field=spec["key"],
                other=other,
            )
    due_from = _text(raw.get("due_from"))
    if due_from and due_hours is None:
        raise _error(
            _("Step %(step)s: it counts its due time from step %(other)s but gives no due time."),
            "missing_due",
            step=key,
            other=due_from,
        )
    return {
        "key": key,
        "kind": kind,
        "title_es": _text(raw.get("title_es")),
        "title_en": _text(raw.get("title_en")),
        "guidance_es": _text(raw.get("guidance_es")),
        "guidance_en": _text(raw.get("guidance_en")),
        "fields": clean_fields,
        "role": role,
        "due_hours": due_hours,
        "due_from": due_from,
        "after": _text(raw.get("after")),
        "needs_approval": bool(raw.get("needs_approval", False)),
    }


def _cycle(steps: list[dict[str, Any]], link: str) -> str | None:
    """Return the key of a step on a cycle of ``link`` references (due_from or after), or None."""
    target = {step["key"]: step[link] for step in steps}
    for start in target:
        seen = set()
        key = start
        while key:
            if key in seen:
                return key
            seen.add(key)
            key = target.get(key, "")
    return None


def steps_check(raw_steps: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Return the steps cleaned; refuse duplicates, references to missing steps and cycles.

    Each error names the step it is about.
    """
    steps = [step_clean(raw) for raw in raw_steps]
    if not steps:
        raise _error(_("A case type needs at least one step."), "no_steps")
    if len(steps) > MAX_STEPS:
        raise _error(_("A case type has at most %(limit)d steps."), "too_many_steps", limit=MAX_STEPS)
    keys = [step["key"] for step in steps]
    for position, key in enumerate(keys):
        if key in keys[:position]:
            raise _error(_("Step %(step)s appears twice."), "duplicate_step", step=key)
    for step in steps:
        for link in ("due_from", "after"):
            other = step[link]
            if other and other not in keys:
                raise _error(
                    _("Step %(step)s refers to step %(other)s, which does not exist."),
                    "missing_step",
                    step=step["key"],
                    other=other,
                )
            if other == step["key"]:
                raise _error(_("Step %(step)s refers to itself."), "cycle", step=step["key"])
    looped = _cycle(steps, "due_from")
    if looped:
        raise _error(
            _("Step %(step)s is on a cycle of due times: each counts from the completion of the next."),
            "due_cycle",
            step=looped,
        )
    looped = _cycle(steps, "after")
    if looped:
        raise _error(
            _("Step %(step)s is on a cycle of steps that must each come after the other."),
            "order_cycle",
            step=looped,
        )
    return steps


def definition_check(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Return a whole case type definition cleaned (type settings and steps)."""
    slug = _text(raw.get("slug"))
    if not _KEY.match(slug):
        raise _error(
            _('The case type identifier "%(slug)s" must be lowercase letters, digits, "-" or "_".'),
            "invalid_slug",
            slug=slug,
        )
    if not _text(raw.get("name_es")) or not _text(raw.get("name_en")):
        raise _error(_("Give the case type's name in Spanish and English."), "missing_name")
    return {
        "slug": slug,
        "name_es": _text(raw.get("name_es")),
        "name_en": _text(raw.get("name_en")),
        "description_es": _text(raw.get("description_es")),
        "description_en": _text(raw.get("description_en")),
        "urgent_by_default": bool(raw.get("urgent_by_default", False)),
        "needs_supervisor": bool(raw.get("needs_supervisor", False)),
        "steps": steps_check(raw.get("steps") or []),
    }


def fingerprint(definition: Mapping[str, Any]) -> str:
    """Return a digest of a cleaned definition: equal content, equal digest."""
    canonical = json.dumps(definition, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
