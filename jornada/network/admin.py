"""The directory in the Django admin, for site administrators (second factor required)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from jornada.network.models import (
    GazetteerPlace,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from jornada.network.search import search_rows_refresh


class PhoneInline(admin.TabularInline):
    model = Phone
    fields = ["number", "type", "whatsapp", "description"]
    extra = 0


class ScheduleInline(admin.TabularInline):
    model = Schedule
    fields = ["freq", "interval", "byday", "opens_at", "closes_at", "valid_from", "valid_to", "description"]
    extra = 0


class ServiceAreaInline(admin.TabularInline):
    model = ServiceArea
    extra = 0


class ServiceAtLocationInline(admin.TabularInline):
    model = ServiceAtLocation
    autocomplete_fields = ["location"]
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "staff_organisation", "verified_by", "verified_at", "is_fictional"]
    list_filter = ["kind", "is_fictional"]
    search_fields = ["name", "alternate_name"]
    autocomplete_fields = ["staff_organisation"]
    inlines = [PhoneInline]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "status", "free", "verified_at"]
    list_filter = ["status", "free", "topics"]
    search_fields = ["name", "organization__name"]
    autocomplete_fields = ["organization"]
    filter_horizontal = ["topics"]
    inlines = [ServiceAtLocationInline, ServiceAreaInline, ScheduleInline, PhoneInline]

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        # Topics and locations are saved here, after the service: the search rows follow them.
        super().save_related(request, form, formsets, change)
        search_rows_refresh(services=[form.instance.pk])


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "city", "country", "confidential"]
    list_filter = ["confidential", "country", "location_type"]
    search_fields = ["name", "city", "organization__name"]
    autocomplete_fields = ["organization"]
    inlines = [ScheduleInline, PhoneInline]

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        search_rows_refresh(locations=[form.instance.pk])  # the point may have moved


@admin.register(GazetteerPlace)
class GazetteerPlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "region", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "code"]
