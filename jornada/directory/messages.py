"""Translated explanations of what was wrong with a DOL file or one of its rows."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jornada.directory.dol import DolFileError, MissingColumnsError, RowError


def file_error_message(error: DolFileError) -> str:
    """A sentence for the person running the import: which file, what is wrong, what to do."""
    name = error.file_name
    if isinstance(error, MissingColumnsError):
        columns = "; ".join(
            _("%(field)s (accepted headers: %(headers)s)") % {"field": field, "headers": ", ".join(headers)}
            for field, headers in error.missing.items()
        )
        return _(
            "%(file)s is a %(kind)s file but lacks required columns: %(columns)s. Nothing was imported."
        ) % {
            "file": name,
            "kind": error.kind.value,
            "columns": columns,
        }
    messages = {
        "unrecognised_header": _(
            "%(file)s does not look like any Department of Labor file Jornada knows (no known header "
            "row). Nothing was imported."
        ),
        "ambiguous_kind": _(
            "%(file)s could be an H-2A or an H-2B file; put H-2A or H-2B in its name. Nothing was imported."
        ),
        "unsupported_kind": _(
            "%(file)s is a kind of Department of Labor file that Jornada does not import. Nothing was imported."
        ),
        "unsupported_format": _("%(file)s is not a spreadsheet, CSV or zip file. Nothing was imported."),
        "empty_file": _("%(file)s is empty. Nothing was imported."),
        "unreadable_file": _(
            "%(file)s cannot be read: it may be truncated or damaged (%(reason)s). Nothing was imported."
        ),
        "zip_without_csv": _("%(file)s is a zip file without a CSV file inside. Nothing was imported."),
    }
    template = messages.get(error.code, _("%(file)s cannot be imported (%(reason)s). Nothing was imported."))
    return template % {"file": name, "reason": error.params.get("reason", error.code)}


def row_error_message(error: RowError) -> str:
    """Why one row was rejected, naming the column."""
    value = (error.params or {}).get("value", "")
    field = error.field or ""
    messages = {
        "missing_value": _("%(field)s is empty"),
        "invalid_date": _("%(field)s is not a date: %(value)s"),
        "invalid_number": _("%(field)s is not a number: %(value)s"),
        "negative_number": _("%(field)s is negative: %(value)s"),
        "not_integer": _("%(field)s is not a whole number: %(value)s"),
        "invalid_period": _("%(field)s ends before it begins"),
        "invalid_state": _("%(field)s is not a known state: %(value)s"),
        "invalid_wage_unit": _("%(field)s is not a known pay unit: %(value)s"),
        "invalid_boolean": _("%(field)s is not yes or no: %(value)s"),
        "invalid_case_number": _("%(field)s is not a case number: %(value)s"),
        "invalid_programme": _("%(field)s is not H-2A or H-2B: %(value)s"),
    }
    template = messages.get(error.code, _("%(field)s is not valid: %(value)s"))
    return template % {"field": field, "value": value}
