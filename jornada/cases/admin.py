"""Cases in the admin: number, organisation and dates only, read-only.

Personal fields, notes and keys are never shown here: a site administrator is not a member of
the organisation that works the case, and the admin writes no audit event for a read.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jornada.cases.models import Case


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("number", "organisation", "created_at", "updated_at", "anonymised_at")
    list_filter = ("organisation",)
    fields = ("number", "organisation", "created_at", "updated_at", "anonymised_at", "anonymised_reason")
    readonly_fields = fields
    search_fields = ("number",)

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).only(*self.fields).select_related("organisation")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
