"""`jornada load_case_types`: idempotent loading, versions, and files refused naming file and step."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from jornada.protocols.models import CaseType, ProtocolStep
from jornada.protocols.specs import due_parse
from jornada.protocols.tests.helpers import load_shipped

pytestmark = pytest.mark.django_db

GOOD = """
slug = "demo-type"
name = { es = "Tipo", en = "Type" }

[[steps]]
key = "first"
kind = "interview"
due = "+1 day"
title = { es = "Primero", en = "First" }

[[steps]]
key = "second"
kind = "form"
after = "first"
due = "+4 hours"
due_from = "first"
title = { es = "Segundo", en = "Second" }
"""


def _load(folder: Path) -> str:
    out = io.StringIO()
    call_command("load_case_types", folder=folder, stdout=out)
    return out.getvalue()


def test_it_loads_the_three_shipped_protocols_once() -> None:
    """The shipped files make three case types; loading them again changes nothing."""
    first = load_shipped()
    assert "unaccompanied-child v1 created" in first
    assert set(CaseType.objects.values_list("slug", flat=True)) == {
        "unaccompanied-child",
        "gender-based-violence",
        "trafficking",
    }
    steps = ProtocolStep.objects.count()
    second = load_shipped()
    assert "Case types are up to date." in second
    assert CaseType.objects.count() == 3
    assert ProtocolStep.objects.count() == steps


def test_it_makes_a_new_version_when_a_file_changes(tmp_path: Path) -> None:
    """A changed file becomes version 2; version 1 and its steps stay."""
    (tmp_path / "demo.toml").write_text(GOOD, encoding="utf-8")
    _load(tmp_path)
    (tmp_path / "demo.toml").write_text(
        GOOD.replace('es = "Primero"', 'es = "Primer paso"'), encoding="utf-8"
    )
    out = _load(tmp_path)
    assert "demo-type v2 created" in out
    assert list(CaseType.objects.filter(slug="demo-type").values_list("version", flat=True)) == [2, 1]
    assert ProtocolStep.objects.filter(case_type__version=1, title_es="Primero").exists()


def _refused(tmp_path: Path, text: str) -> str:
    (tmp_path / "broken.toml").write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        _load(tmp_path)
    assert not CaseType.objects.exists()
    return str(error.value)


def test_it_refuses_a_malformed_file_naming_it(tmp_path: Path) -> None:
    """A file that is not TOML loads nothing; the message names the file."""
    message = _refused(tmp_path, 'slug = "x"\n[[steps]\nkey = ')
    assert "broken.toml" in message
    assert "nothing was loaded" in message


def test_it_refuses_a_reference_to_a_missing_step_naming_file_and_step(tmp_path: Path) -> None:
    """A step after a step that does not exist: the message names the file and both steps."""
    message = _refused(tmp_path, GOOD.replace('after = "first"', 'after = "zeroth"'))
    assert "broken.toml" in message
    assert "second" in message
    assert "zeroth" in message


def test_it_refuses_a_cycle_of_due_times_naming_file_and_step(tmp_path: Path) -> None:
    """Two steps each due from the other's completion: refused, naming the file and a step."""
    text = GOOD.replace('due = "+1 day"', 'due = "+1 day"\ndue_from = "second"')
    message = _refused(tmp_path, text)
    assert "broken.toml" in message
    assert "ciclo de plazos" in message  # Spanish, the default language
    assert "first" in message or "second" in message


def test_it_refuses_in_spanish_for_a_spanish_reader(tmp_path: Path) -> None:
    """The refusal is translated: in Spanish it says the step refers to one that does not exist."""
    with translation.override("es"):
        message = _refused(tmp_path, GOOD.replace('after = "first"', 'after = "zeroth"'))
    assert "no existe" in message


def test_it_refuses_an_unknown_field_type(tmp_path: Path) -> None:
    """A field of a type the forms cannot render is refused, naming step and field."""
    text = GOOD + '\n[[steps.fields]]\nkey = "f"\ntype = "colour"\nlabel = { es = "a", en = "b" }\n'
    message = _refused(tmp_path, text)
    assert "second" in message
    assert "colour" in message


def test_it_reads_due_times_in_hours_days_and_weeks() -> None:
    """ "+4 hours" is 4, "+1 day" 24, "+2 weeks" 336; anything else is refused."""
    assert due_parse("+4 hours", step="s") == 4
    assert due_parse("+1 day", step="s") == 24
    assert due_parse("+2 weeks", step="s") == 336
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        due_parse("tomorrow", step="s")
