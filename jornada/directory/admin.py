"""Staff corrections of the directory: merging records and splitting spellings off, both audited."""

from __future__ import annotations

from typing import Any

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


class ReadOnlyAdmin(admin.ModelAdmin):
    """Public records are corrected by re-importing or through the actions, not by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


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
    actions = ["merge"]

    @admin.action(description=_("Merge the selected employers into the one with the most applications"))
    def merge(self, request: HttpRequest, queryset: QuerySet[Employer]) -> None:
        chosen = list(queryset.order_by("-cases_count", "pk"))
        if len(chosen) < 2:
            self.message_user(request, _("Select at least two employers to merge."), messages.WARNING)
            return
        try:
            target = employers_merge(target=chosen[0], others=chosen[1:], actor=request.user)  # type: ignore[arg-type]
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(request, _("Merged into %(name)s.") % {"name": target.name}, messages.SUCCESS)


@admin.register(EmployerName)
class EmployerNameAdmin(ReadOnlyAdmin):
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
    actions = ["split"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    @admin.action(description=_("Split the selected names (and their applications) into a new employer"))
    def split(self, request: HttpRequest, queryset: QuerySet[EmployerName]) -> None:
        try:
            new = employer_split(names=queryset, actor=request.user)  # type: ignore[arg-type]
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(
            request, _("Created %(name)s from the selected names.") % {"name": new.name}, messages.SUCCESS
        )


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
    actions = ["merge"]

    @admin.action(description=_("Merge the selected recruiters into the one with the most applications"))
    def merge(self, request: HttpRequest, queryset: QuerySet[Recruiter]) -> None:
        chosen = list(queryset.order_by("-cases_count", "pk"))
        if len(chosen) < 2:
            self.message_user(request, _("Select at least two recruiters to merge."), messages.WARNING)
            return
        try:
            target = recruiters_merge(target=chosen[0], others=chosen[1:], actor=request.user)  # type: ignore[arg-type]
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(request, _("Merged into %(name)s.") % {"name": target.name}, messages.SUCCESS)


@admin.register(RecruiterName)
class RecruiterNameAdmin(ReadOnlyAdmin):
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
    actions = ["split"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    @admin.action(description=_("Split the selected names (and their applications) into a new recruiter"))
    def split(self, request: HttpRequest, queryset: QuerySet[RecruiterName]) -> None:
        try:
            new = recruiter_split(names=queryset, actor=request.user)  # type: ignore[arg-type]
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(
            request, _("Created %(name)s from the selected names.") % {"name": new.name}, messages.SUCCESS
        )


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
