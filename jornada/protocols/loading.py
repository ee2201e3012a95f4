"""Reading case types from TOML files (stdlib ``tomllib``) into definitions the services take.

A file holds one case type. Bilingual texts are tables (``name = { es = "…", en = "…" }``);
a step's due time is written like ``due = "+1 day"``. See ``content/README.md`` for the shape.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jornada.protocols.specs import definition_check, due_parse

CONTENT_DIR = Path(__file__).resolve().parent / "content"


class CaseTypeFileError(Exception):
    """A case type file that cannot be loaded; the message names the file and the step."""


@dataclass(frozen=True)
class CaseTypeFile:
    path: Path
    definition: dict[str, Any]


def _pair(table: Any, prefix: str, into: dict[str, Any]) -> None:
    """Spread ``{es, en}`` into ``prefix_es`` and ``prefix_en``; a plain string is an error later."""
    if isinstance(table, Mapping):
        into[f"{prefix}_es"] = table.get("es", "")
        into[f"{prefix}_en"] = table.get("en", "")


def _field(raw: Mapping[str, Any]) -> dict[str, Any]:
    spec = {key: value for key, value in raw.items() if key not in ("label", "choices")}
    _pair(raw.get("label"), "label", spec)
    choices = []
    for choice in raw.get("choices") or []:
        if not isinstance(choice, Mapping):
            choices.append(choice)
            continue
        clean = {key: value for key, value in choice.items() if key not in ("label", "task")}
        _pair(choice.get("label"), "label", clean)
        _pair(choice.get("task"), "task", clean)
        choices.append(clean)
    if choices:
        spec["choices"] = choices
    return spec


def _step(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, Mapping):
        raise ValidationError(_("Each step must be a table ([[steps]])."), code="invalid_step")
    key = str(raw.get("key", ""))
    step = {
        name: raw[name]
        for name in ("key", "kind", "role", "due_from", "after", "needs_approval")
        if name in raw
    }
    _pair(raw.get("title"), "title", step)
    _pair(raw.get("guidance"), "guidance", step)
    if "due" in raw:
        step["due_hours"] = due_parse(str(raw["due"]), step=key)
    step["fields"] = [
        _field(field) if isinstance(field, Mapping) else field for field in raw.get("fields") or []
    ]
    return step


def definition_from_toml(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return the plain definition a TOML document describes (not yet checked)."""
    definition = {
        name: data[name] for name in ("slug", "urgent_by_default", "needs_supervisor") if name in data
    }
    _pair(data.get("name"), "name", definition)
    _pair(data.get("description"), "description", definition)
    steps = data.get("steps") or []
    definition["steps"] = [_step(raw) for raw in (steps if isinstance(steps, list) else [steps])]
    return definition


def case_type_file_read(path: Path) -> CaseTypeFile:
    """Read and check one file; raise CaseTypeFileError naming the file (and the step) when it is bad."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        definition = definition_check(definition_from_toml(data))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise CaseTypeFileError(
            _("%(file)s cannot be read as TOML: %(error)s") % {"file": path.name, "error": error}
        ) from error
    except ValidationError as error:
        raise CaseTypeFileError(
            _("%(file)s: %(error)s") % {"file": path.name, "error": " ".join(error.messages)}
        ) from error
    return CaseTypeFile(path, definition)


def case_type_files_read(folder: Path) -> list[CaseTypeFile]:
    """Read every ``*.toml`` of ``folder``, by name; every problem of every file in one error."""
    found: list[CaseTypeFile] = []
    problems: list[str] = []
    for path in sorted(folder.glob("*.toml")):
        try:
            found.append(case_type_file_read(path))
        except CaseTypeFileError as error:
            problems.append(str(error))
    slugs = [item.definition["slug"] for item in found]
    for item in found:
        if slugs.count(item.definition["slug"]) > 1:
            problems.append(
                _("%(file)s: another file also describes the case type %(slug)s.")
                % {"file": item.path.name, "slug": item.definition["slug"]}
            )
    if problems:
        raise CaseTypeFileError("\n".join(problems))
    return found
