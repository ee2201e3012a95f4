from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jornada.core.models import AuditEvent, Invitation, Membership, ModerationGrant, Organisation, User
from jornada.core.services import check_may_join


class MembershipAdminForm(forms.ModelForm):
    """A site administrator adding a member directly meets the same bars as an invitation."""

    class Meta:
        model = Membership
        fields = ["user", "role"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (user := cleaned.get("user")) is not None:
            check_may_join(user)
        return cleaned


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipAdminForm
    extra = 0
    autocomplete_fields = ["user"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown for reference; changes go through the staff pages, whose services audit them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ModerationGrant)
class ModerationGrantAdmin(ReadOnlyAdmin):
    """Grant and revoke on the staff page "Moderators" (/staff/moderators/): it audits both."""

    list_display = ["user", "granted_by", "granted_at", "revoked_by", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__email", "user__name"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["user", "organisation", "state", "created_at", "decided_at"]
    list_filter = ["state"]
    search_fields = ["user__email", "organisation__name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "is_fictional"]
    list_filter = ["kind", "country", "is_fictional"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_active", "is_superuser"]
    list_filter = ["is_active", "is_superuser"]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "name", "password")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),)
    filter_horizontal = ()
    readonly_fields = ["last_login", "date_joined"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log can be searched here but never edited."""

    list_display = ["at", "actor", "organisation", "action", "target_type", "target_id"]
    list_filter = ["action", "organisation"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
