"""Staff corrections of the directory: merging records and splitting spellings off, both audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jornada.directory.models import (
    Agent,
    Debarment,
    Employer,
    EmployerName,
    ImportRun,
    Recruiter,
    RecruiterName,
    WhdCase,
)
from jornada.directory.services.merging import (
    employer_split,
    employers_merge,
    recruiter_split,
    recruiters_merge,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ReadOnlyAdmin(admin.ModelAdmin):
    """Public records are corrected by re-importing or through the actions, not by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SpellingAdmin(ReadOnlyAdmin):
    """Spellings are only split off (an action), never edited one by one."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)


def merge_action(
    merge: Callable[..., Any], *, description: StrOrPromise, too_few: StrOrPromise
) -> Callable[..., None]:
    """An admin action merging the selected records into the one with the most applications."""

    @admin.action(description=description)
    def merge_selected(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        chosen = list(queryset.order_by("-cases_count", "pk"))
        if len(chosen) < 2:
            modeladmin.message_user(request, too_few, messages.WARNING)
            return
        try:
            target = merge(target=chosen[0], others=chosen[1:], actor=request.user)
        except ValidationError as error:
            modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        modeladmin.message_user(request, _("Merged into %(name)s.") % {"name": target.name}, messages.SUCCESS)

    return merge_selected


def split_action(split: Callable[..., Any], *, description: StrOrPromise) -> Callable[..., None]:
    """An admin action moving the selected spellings (and their applications) to a new record."""

    @admin.action(description=description)
    def split_selected(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        try:
            new = split(names=queryset, actor=request.user)
        except ValidationError as error:
            modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        modeladmin.message_user(
            request, _("Created %(name)s from the selected names.") % {"name": new.name}, messages.SUCCESS
        )

    return split_selected


class EmployerNameInline(admin.TabularInline):
    model = EmployerName
    extra = 0
    fields = ("name", "kind", "block", "link_reason", "link_score", "linked_at")
    readonly_fields = ("name", "kind", "block", "link_reason", "link_score", "linked_at")
    can_delete = False
    show_change_link = True


@admin.register(Employer)
class EmployerAdmin(ReadOnlyAdmin):
    list_display = [
        "name",
        "state",
        "cases_count",
        "workers_certified",
        "last_fiscal_year",
        "has_findings",
        "is_fictional",
    ]
    list_filter = ["has_h2a", "has_h2b", "has_findings", "has_debarment", "is_fictional"]
    search_fields = ["name", "normalised_name", "slug"]
    readonly_fields = (
        "slug",
        "normalised_name",
        "cases_count",
        "workers_certified",
        "first_fiscal_year",
        "last_fiscal_year",
        "has_h2a",
        "has_h2b",
        "has_findings",
        "has_debarment",
        "is_fictional",
    )
    fields = ["name", "city", "state", "country", *readonly_fields]
    inlines = [EmployerNameInline]
    actions = [
        merge_action(
            employers_merge,
            description=_("Merge the selected employers into the one with the most applications"),
            too_few=_("Select at least two employers to merge."),
        )
    ]


@admin.register(EmployerName)
class EmployerNameAdmin(SpellingAdmin):
    list_display = ["name", "employer", "kind", "block", "link_reason", "link_score"]
    list_filter = ["link_reason", "kind"]
    search_fields = ["name", "normalised", "employer__name"]
    readonly_fields = [
        "name",
        "normalised",
        "kind",
        "block",
        "employer",
        "link_reason",
        "link_score",
        "linked_at",
    ]
    actions = [
        split_action(
            employer_split,
            description=_("Split the selected names (and their applications) into a new employer"),
        )
    ]


@admin.register(Recruiter)
class RecruiterAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "country", "cases_count", "employers_count", "is_fictional"]
    list_filter = ["kind", "country", "is_fictional"]
    search_fields = ["name", "normalised_name", "slug"]
    readonly_fields = (
        "slug",
        "normalised_name",
        "cases_count",
        "employers_count",
        "first_fiscal_year",
        "last_fiscal_year",
        "is_fictional",
    )
    fields = ["name", "kind", "city", "state", "country", *readonly_fields]
    actions = [
        merge_action(
            recruiters_merge,
            description=_("Merge the selected recruiters into the one with the most applications"),
            too_few=_("Select at least two recruiters to merge."),
        )
    ]


@admin.register(RecruiterName)
class RecruiterNameAdmin(SpellingAdmin):
    list_display = ["name", "recruiter", "block", "link_reason", "link_score"]
    list_filter = ["link_reason"]
    search_fields = ["name", "normalised", "recruiter__name"]
    readonly_fields = [
        "name",
        "normalised",
        "kind",
        "block",
        "recruiter",
        "link_reason",
        "link_score",
        "linked_at",
    ]
    actions = [
        split_action(
            recruiter_split,
            description=_("Split the selected names (and their applications) into a new recruiter"),
        )
    ]


@admin.register(Agent)
class AgentAdmin(ReadOnlyAdmin):
    list_display = ["name", "firm", "state", "cases_count"]
    search_fields = ["name", "firm"]
    readonly_fields = (
        "slug",
        "normalised_name",
        "normalised_firm",
        "cases_count",
        "first_fiscal_year",
        "last_fiscal_year",
        "is_fictional",
    )


@admin.register(WhdCase)
class WhdCaseAdmin(ReadOnlyAdmin):
    list_display = ["case_id", "legal_name", "state", "employer", "link_reason", "link_score", "findings_end"]
    list_filter = ["link_reason", "state"]
    search_fields = ["case_id", "legal_name", "trade_name"]
    raw_id_fields = ["employer"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Debarment)
class DebarmentAdmin(ReadOnlyAdmin):
    list_display = ["name", "state", "programmes", "start_date", "end_date", "employer", "link_reason"]
    list_filter = ["programmes", "link_reason"]
    search_fields = ["name"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = [
        "file_name",
        "kind",
        "fiscal_year",
        "quarter",
        "started_at",
        "rows_read",
        "rows_rejected",
        "records_created",
        "records_updated",
    ]
    list_filter = ["kind", "fiscal_year"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
