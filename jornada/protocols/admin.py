"""Case types in the admin: site administrators edit a protocol, and saving makes a new version.

The version a case began with is never changed: saving a change stores the edited type and steps
as the next version (``case_type_version_create``), and the page shown before stays as it was.
The steps are checked together (missing steps, cycles of due times) before anything is saved.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from jornada.protocols.models import CaseType, ProtocolStep
from jornada.protocols.services import case_type_version_create
from jornada.protocols.specs import STEP_FIELDS, TYPE_FIELDS, steps_check


def _kept_steps(formsets: Any) -> list[dict[str, Any]]:
    """Return the steps the inline forms describe, in order, without those marked for deletion."""
    steps: list[dict[str, Any]] = []
    for formset in formsets:
        forms = [form for form in formset.forms if form.has_changed() or form.instance.pk]
        forms = [form for form in forms if not formset._should_delete_form(form)]
        forms.sort(key=lambda form: form.cleaned_data.get("position") or 0)
        steps.extend({name: form.cleaned_data.get(name) for name in STEP_FIELDS} for form in forms)
    return steps


class StepFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        try:
            steps_check(_kept_steps([self]))
        except ValidationError as error:
            raise ValidationError(error.messages) from error


class ProtocolStepInline(admin.StackedInline):
    model = ProtocolStep
    formset = StepFormSet
    extra = 0
    fields = ("position", *STEP_FIELDS)


@admin.register(CaseType)
class CaseTypeAdmin(admin.ModelAdmin):
    list_display = ("slug", "version", "name_es", "urgent_by_default", "needs_supervisor", "created_at")
    list_filter = ("slug",)
    search_fields = ("slug", "name_es", "name_en")
    readonly_fields = ("version", "source", "created_at")
    inlines = (ProtocolStepInline,)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (*self.readonly_fields, "slug") if obj is not None else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Nothing is written here: ``save_related`` saves the type and its steps as a new version."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        definition = {name: form.cleaned_data.get(name, getattr(form.instance, name)) for name in TYPE_FIELDS}
        definition["steps"] = _kept_steps(formsets)
        result = case_type_version_create(definition=definition, source="admin")
        # The admin redirects to, and logs, the object it was given: make it the version saved.
        form.instance.pk = result.case_type.pk
        form.instance.version = result.case_type.version
        if result.created:
            self.message_user(
                request,
                _("Saved as version %(version)d; cases that began with an earlier version keep it.")
                % {"version": result.case_type.version},
                messages.SUCCESS,
            )
        else:
            self.message_user(request, _("Nothing changed: no new version was made."), messages.INFO)

    def construct_change_message(
        self, request: HttpRequest, form: Any, formsets: Any, add: bool = False
    ) -> list[dict[str, dict[str, list[str]]]]:
        # The inline formsets were not saved (the steps went into the new version), so they have
        # no record of saved objects to describe.
        return [{"added": {}}] if add else [{"changed": {"fields": ["version"]}}]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
