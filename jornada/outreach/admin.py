"""Outreach in the admin: site administrators create campaigns; events are read here, changed by staff pages.

An event changed in the admin would skip the service that bumps its SEQUENCE and rewrites its
occurrences, so subscribers' calendars would never hear of it: events are read-only here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jornada.outreach.models import Campaign, Event


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_es", "starts_on", "ends_on", "organisation")
    search_fields = ("slug", "name_es", "name_en")
    prepopulated_fields = {"slug": ("name_es",)}


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title_es", "organisation", "kind", "status", "sequence", "state", "created_at")
    list_filter = ("kind", "status")
    search_fields = ("title_es", "title_en")
    fields = ("uid", "title_es", "organisation", "kind", "status", "sequence", "state", "time_zone", "rrule")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
