"""Editing the vocabulary in the Django admin (site administrators, second factor required).

Every save goes through ``category_save``, which keeps the previous words as a version; nothing
can be deleted: a category that should no longer be offered is retired with the list action.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from jornada.vocabulary import services
from jornada.vocabulary.models import Category, CategoryVersion


class VersionInline(admin.TabularInline):
    model = CategoryVersion
    fields = ["number", "change", "changed_at", "changed_by", "content"]
    readonly_fields = ["number", "change", "changed_at", "changed_by", "content"]
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = _("history")

    def get_queryset(self, request: HttpRequest) -> QuerySet[CategoryVersion]:
        return super().get_queryset(request).select_related("changed_by")


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "group", "staff_label_es", "worker_label_es", "urgent", "version", "retired_at"]
    list_filter = ["group", "urgent", ("retired_at", admin.EmptyFieldListFilter)]
    search_fields = ["code", "worker_label_es", "worker_label_en", "staff_label_es", "staff_label_en"]
    readonly_fields = ["version", "retired_at", "created_at"]
    fieldsets = [
        (None, {"fields": ["code", "group", "urgent", "position"]}),
        (_("Spanish"), {"fields": ["worker_label_es", "description_es", "staff_label_es"]}),
        (_("English"), {"fields": ["worker_label_en", "description_en", "staff_label_en"]}),
        (_("History"), {"fields": ["version", "retired_at", "created_at"]}),
    ]
    inlines = [VersionInline]
    actions = ["retire", "restore"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The code is what cases and statistics hold: fixed once the category exists.
        return [*self.readonly_fields, "code"] if obj is not None else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: Category, form: ModelForm, change: bool) -> None:
        services.category_save(category=obj, by=request.user)

    def save_formset(self, request: HttpRequest, form: ModelForm, formset: Any, change: bool) -> None:
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []  # read-only

    @admin.action(description=_("Retire the selected categories (kept for old records)"))
    def retire(self, request: HttpRequest, queryset: QuerySet[Category]) -> None:
        for category in queryset:
            services.category_retire(category=category, by=request.user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%(count)d category retired.", "%(count)d categories retired.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Offer the selected categories again"))
    def restore(self, request: HttpRequest, queryset: QuerySet[Category]) -> None:
        for category in queryset:
            services.category_restore(category=category, by=request.user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%(count)d category offered again.", "%(count)d categories offered again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
