"""Editing the rights library in the Django admin (site administrators, second factor required).

Every save goes through the services, so each change leaves a revision and an audit event;
nothing can be deleted here (withdraw an article by moving it back to draft).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from jornada.rights import selectors, services
from jornada.rights.forms import ArticleForm, TranslationForm
from jornada.rights.loading import SourceData
from jornada.rights.models import Article, ArticleRevision, ArticleSource, ArticleTranslation


class NoDeleteMixin:
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SourceInline(admin.TabularInline):
    model = ArticleSource
    fields = ["position", "fact_sheet", "title", "section", "url"]
    extra = 0
    ordering = ["position", "pk"]
    can_delete = True  # a removed row is dropped by the service, which records the change
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class RevisionInline(admin.TabularInline):
    model = ArticleRevision
    fields = ["created_at", "actor", "reason", "language", "status", "title"]
    readonly_fields = ["created_at", "actor", "reason", "language", "status", "title"]
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("history")

    def get_queryset(self, request: HttpRequest) -> QuerySet[ArticleRevision]:
        return super().get_queryset(request).select_related("actor")


@admin.register(Article)
class ArticleAdmin(NoDeleteMixin, admin.ModelAdmin):
    form = ArticleForm
    list_display = ["slug", "topic", "status", "languages", "legal_review_date", "order"]
    list_filter = ["status", "topic"]
    search_fields = ["slug", "translations__title"]
    inlines = [SourceInline, RevisionInline]
    readonly_fields = ["translation_links"]

    def get_fields(self, request: HttpRequest, obj: Article | None = None) -> Any:
        if obj is None:
            return ["slug", "topic", "programmes", "order"]
        return [
            "topic",
            "programmes",
            "order",
            "status",
            "legal_review_date",
            "legal_reviewer",
            "translation_links",
        ]

    def get_inlines(self, request: HttpRequest, obj: Article | None) -> Any:
        return [SourceInline, RevisionInline] if obj is not None else []

    @admin.display(description=_("languages"))
    def languages(self, obj: Article) -> str:
        return ", ".join(obj.translations.values_list("language", flat=True))

    @admin.display(description=_("translations"))
    def translation_links(self, obj: Article) -> str:
        rows = [
            (reverse("admin:rights_articletranslation_change", args=[t.pk]), t.display_language_name())
            for t in obj.translations.all()
        ]
        add = reverse("admin:rights_articletranslation_add") + f"?article={obj.pk}"
        links = format_html_join(" · ", '<a href="{}">{}</a>', rows)
        return format_html('{} · <a href="{}">{}</a>', links, add, _("add a language"))

    def save_model(self, request: HttpRequest, obj: Article, form: ModelForm, change: bool) -> None:
        data = form.cleaned_data
        actor: Any = request.user
        if not change:
            created = services.article_create(
                slug=data["slug"],
                topic=data["topic"],
                programmes=data["programmes"],
                order=data["order"],
                actor=actor,
            )
            obj.pk = created.pk
            obj.refresh_from_db()
            return
        services.article_update(
            article=obj,
            actor=actor,
            topic=data["topic"],
            programmes=data["programmes"],
            order=data["order"],
            status=data["status"],
            legal_review_date=data["legal_review_date"],
            legal_reviewer=data["legal_reviewer"],
        )
        obj.refresh_from_db()

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        # The admin's change message reads what a formset saved; the service does the saving here.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if formset.model is not ArticleSource:
            return  # the history inline is read-only
        kept = [
            row
            for row in formset.cleaned_data
            if row and not row.get("DELETE") and (row.get("fact_sheet") or row.get("title"))
        ]
        kept.sort(key=lambda row: row.get("position") or 0)
        actor: Any = request.user
        services.article_sources_set(
            article=form.instance,
            actor=actor,
            sources=[
                SourceData(
                    fact_sheet=row["fact_sheet"],
                    title=row["title"],
                    section=row.get("section", ""),
                    url=row.get("url", ""),
                )
                for row in kept
            ],
        )


@admin.register(ArticleTranslation)
class TranslationAdmin(NoDeleteMixin, admin.ModelAdmin):
    form = TranslationForm
    list_display = ["article", "language", "title", "is_audio_only", "audio_summary", "updated_at"]
    list_filter = ["language", "is_audio_only", "audio_is_synthetic"]
    search_fields = ["title", "article__slug"]
    readonly_fields = ["audio_summary", "public_link"]

    def get_fields(self, request: HttpRequest, obj: ArticleTranslation | None = None) -> Any:
        fields = ["language_name", "title", "summary", "body_markdown", "is_audio_only"]
        recording = ["audio_summary", "recording", "remove_recording"]
        if obj is None:
            return ["article", "language", *fields, "recording"]
        return ["public_link", *fields, *recording]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is not None:
            kwargs["fields"] = [f for f in self.get_fields(request, obj) if f not in self.readonly_fields]
        return super().get_form(request, obj, change=change, **kwargs)

    @admin.display(description=_("recording"))
    def audio_summary(self, obj: ArticleTranslation) -> str:
        if obj.audio:
            kind = _("computer voice") if obj.audio_is_synthetic else _("human recording")
            return format_html(
                "{} · {} s · {} · {:.0f} KB/min",
                kind,
                round(obj.audio_duration_seconds or 0),
                filesizeformat(obj.audio_bytes or 0),
                obj.audio_kb_per_minute() or 0,
            )
        if obj.audio_problem:
            return str(obj.get_audio_problem_display())
        return str(_("none yet"))

    @admin.display(description=_("public page"))
    def public_link(self, obj: ArticleTranslation) -> str:
        url = selectors.article_path(obj.article, obj.language)
        return format_html('<a href="{}">{}</a>', url, url)

    def save_model(
        self, request: HttpRequest, obj: ArticleTranslation, form: ModelForm, change: bool
    ) -> None:
        data = form.cleaned_data
        actor: Any = request.user
        saved = services.translation_save(
            article=obj.article,
            language=obj.language,
            actor=actor,
            title=data.get("title", ""),
            summary=data.get("summary", ""),
            body_markdown=data.get("body_markdown", ""),
            is_audio_only=data.get("is_audio_only", False),
            language_name=data.get("language_name", ""),
        )
        if data.get("recording"):
            saved = services.translation_audio_upload(translation=saved, actor=actor, audio=data["recording"])
        elif data.get("remove_recording"):
            saved = services.translation_audio_remove(translation=saved, actor=actor)
        obj.pk = saved.pk
        obj.refresh_from_db()


@admin.register(ArticleRevision)
class RevisionAdmin(admin.ModelAdmin):
    """Read-only: the history is written by the services, never edited."""

    list_display = ["created_at", "article", "language", "reason", "status", "actor"]
    list_filter = ["reason", "language", "status"]
    search_fields = ["article__slug", "title"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
