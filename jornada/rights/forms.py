"""Staff forms for the rights library (used by the Django admin): they validate, services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jornada.rights import audio, services
from jornada.rights.models import Article, ArticleTranslation, Programme


class ArticleForm(forms.ModelForm):
    programmes = forms.MultipleChoiceField(
        label=_("Visa programmes"), choices=Programme.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Article
        fields = ["slug", "topic", "programmes", "order", "status", "legal_review_date", "legal_reviewer"]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if self.instance.pk and not self.errors:
            stored = Article.objects.get(pk=self.instance.pk)
            try:
                services.article_check_update(
                    article=stored,
                    status=cleaned.get("status", stored.status),
                    legal_review_date=cleaned.get("legal_review_date"),
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class TranslationForm(forms.ModelForm):
    recording = forms.FileField(
        label=_("Upload a recording"),
        required=False,
        help_text=_(
            "A person reading the article (preferred over the computer voice). MP3, M4A, Ogg or WAV; "
            "it is compressed for phones."
        ),
    )
    remove_recording = forms.BooleanField(
        label=_("Remove the recording"),
        required=False,
        help_text=_("Without a recording, a computer voice is made again from the text."),
    )

    class Meta:
        model = ArticleTranslation
        fields = [
            "article",
            "language",
            "language_name",
            "title",
            "summary",
            "body_markdown",
            "is_audio_only",
        ]

    def clean_recording(self) -> audio.EncodedAudio | None:
        upload = self.cleaned_data.get("recording")
        if not upload:
            return None
        return audio.transcode_upload(upload)

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        article = cleaned.get("article") or getattr(self.instance, "article", None)
        language = cleaned.get("language") or self.instance.language
        if article is None or not language or self.errors:
            return cleaned
        is_audio_only = bool(cleaned.get("is_audio_only"))
        complete = (
            not is_audio_only
            and bool(cleaned.get("title", "").strip())
            and bool(cleaned.get("summary", "").strip())
            and bool(cleaned.get("body_markdown", "").strip())
        )
        try:
            services.translation_check(article=article, language=language, complete=complete)
        except ValidationError as error:
            self.add_error(None, error)
        has_recording = bool(cleaned.get("recording")) or (
            bool(self.instance.audio) and not cleaned.get("remove_recording")
        )
        if is_audio_only and not has_recording:
            self.add_error(
                "recording",
                ValidationError(
                    _("An audio-only translation needs a recording."), code="audio_only_without_audio"
                ),
            )
        return cleaned
