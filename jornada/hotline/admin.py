"""The hotline in the Django administration: lines and their operators; calls and callbacks read-only.

Sealed fields never appear here; calls and callbacks are recorded by operators on their pages.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jornada.hotline.models import Call, CallbackRequest, Hotline, HotlineOperator


class OperatorInline(admin.TabularInline):
    model = HotlineOperator
    extra = 1
    autocomplete_fields = ()


@admin.register(Hotline)
class HotlineAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "phone", "whatsapp", "time_zone")
    list_filter = ("organisation",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [OperatorInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Call)
class CallAdmin(ReadOnlyAdmin):
    list_display = ("hotline", "started_at", "minutes", "outcome")
    list_filter = ("hotline", "outcome")
    fields = ("hotline", "started_at", "ended_at", "minutes", "outcome", "language", "categories", "intake")


@admin.register(CallbackRequest)
class CallbackRequestAdmin(ReadOnlyAdmin):
    list_display = ("hotline", "requested_at", "status", "result", "language")
    list_filter = ("hotline", "status")
    fields = (
        "hotline",
        "requested_at",
        "window_start",
        "window_end",
        "language",
        "status",
        "result",
        "done_at",
    )
