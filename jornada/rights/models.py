"""Know-your-rights articles, their translations (text and audio), sources and edit history.

Interface text is translated with gettext; article text is content, translated as data: any
language code may hold a translation, and a translation may be a recording with no text.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

# BCP 47 in the shape Jornada needs: a 2-3 letter language, then optional subtags
# (region "MX", script "Latn", variant): es, en, mix, zap, trs, quc, mam, es-MX, mix-x-tlaxiaco.
LANGUAGE_CODE_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
# Paths under /derechos/ that are pages, not articles.
RESERVED_SLUGS = frozenset({"buscar", "tema", "temas", "sw", "imprimir", "audio"})


def validate_language_code(value: str) -> None:
    if not LANGUAGE_CODE_RE.match(value):
        raise ValidationError(
            _("“%(code)s” is not a language code. Use a code such as es, en, mix, zap, quc or mam."),
            code="language_code",
            params={"code": value},
        )


def validate_slug_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is used by a page of the library; choose another address."),
            code="reserved_slug",
            params={"slug": value},
        )


def launch_languages() -> list[str]:
    """Return the languages every published article must have complete (the site's languages)."""
    return [code for code, _name in settings.LANGUAGES]


class Topic(models.TextChoices):
    """What an article is about; the library groups articles by topic, in this order."""

    RECRUITMENT = "recruitment", _("Recruitment fees")
    CONTRACT = "contract", _("Your contract")
    WAGES = "wages", _("Pay")
    HOURS = "hours", _("Hours of work")
    TRAVEL = "travel", _("Travel and visa")
    HOUSING = "housing", _("Housing")
    MEALS = "meals", _("Meals")
    TRANSPORT = "transport", _("Transportation")
    HEALTH_SAFETY = "health-safety", _("Health and safety")
    DEDUCTIONS = "deductions", _("Deductions from pay")
    DOCUMENTS = "documents", _("Your papers")
    RETALIATION = "retaliation", _("Retaliation")
    INJURY = "injury", _("Injuries at work")
    TRAFFICKING = "trafficking", _("Human trafficking")


class Programme(models.TextChoices):
    H2A = "h2a", "H-2A"
    H2B = "h2b", "H-2B"


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")


class Article(models.Model):
    """One right explained: a topic, the visa programmes it concerns, and its translations."""

    slug = models.SlugField(
        _("address"),
        max_length=80,
        unique=True,
        validators=[validate_slug_not_reserved],
        help_text=_("Part of the article's web address; keep it once published."),
    )
    topic = models.CharField(_("topic"), max_length=32, choices=Topic.choices)
    programmes = models.JSONField(_("visa programmes"), default=list)
    order = models.PositiveIntegerField(_("order in the library"), default=100)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    legal_review_date = models.DateField(_("last legal review"), null=True, blank=True)
    legal_reviewer = models.CharField(
        _("legal reviewer"),
        max_length=200,
        blank=True,
        help_text=_("Who reviewed the article for legal accuracy (name and organisation)."),
    )
    # Hash of meta.toml when the article came from the content files (load_rights_content).
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return self.slug

    def clean(self) -> None:
        super().clean()
        unknown = sorted(set(self.programmes or []) - set(Programme.values))
        if not self.programmes or unknown:
            raise ValidationError(
                {"programmes": _("Choose at least one visa programme: H-2A, H-2B or both.")},
                code="programmes",
            )
        if bool(self.legal_review_date) != bool(self.legal_reviewer.strip()):
            raise ValidationError(
                _("A legal review needs both its date and the reviewer's name."), code="review_incomplete"
            )

    def is_published(self) -> bool:
        """Return True when workers can read the article."""
        return self.status == Status.PUBLISHED

    def legal_review_pending(self) -> bool:
        """Return True when no lawyer has reviewed the article yet."""
        return self.legal_review_date is None

    def programme_labels(self) -> list[str]:
        """Return the programmes' names (H-2A, H-2B) in the canonical order."""
        return [label for value, label in Programme.choices if value in (self.programmes or [])]


class ArticleTranslation(models.Model):
    """An article in one language: text (Markdown), a recording, or both."""

    class AudioProblem(models.TextChoices):
        NO_SYNTHESISER = (
            "no_espeak",
            _("espeak-ng is not installed on the server, so no voice was generated."),
        )
        NO_ENCODER = (
            "no_ffmpeg",
            _("ffmpeg is not installed on the server, so the audio could not be compressed."),
        )
        NO_VOICE = "no_voice", _("espeak-ng has no voice for this language; upload a recording instead.")
        NO_TEXT = "no_text", _("There is no text to read aloud; upload a recording instead.")
        FAILED = "failed", _("Generating the voice failed; see the worker's log.")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(
        _("language code"),
        max_length=35,
        validators=[validate_language_code],
        help_text=_(
            "es, en, or any other code: mix (Mixteco), zap (Zapoteco), trs (Triqui), quc (K'iche'), mam."
        ),
    )
    language_name = models.CharField(
        _("language name"),
        max_length=100,
        blank=True,
        help_text=_(
            "The language's name as its speakers write it; needed for languages other than es and en."
        ),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    summary = models.CharField(_("one-line summary"), max_length=300, blank=True)
    body_markdown = models.TextField(
        _("text"), blank=True, help_text=_("Markdown: ## headings, - lists, **bold**, [links](https://…).")
    )
    is_audio_only = models.BooleanField(
        _("audio only"),
        default=False,
        help_text=_("A recorded explanation with no text, for spoken languages."),
    )
    # Derived when saved by the services: the sanitised HTML and the accent-free search text.
    body_html = models.TextField(blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    audio = models.FileField(_("recording"), upload_to="rights/audio/", blank=True, editable=False)
    audio_duration_seconds = models.FloatField(null=True, blank=True, editable=False)
    audio_bytes = models.PositiveIntegerField(null=True, blank=True, editable=False)
    audio_is_synthetic = models.BooleanField(_("synthetic voice"), default=False, editable=False)
    # What the synthetic voice read (hash), so it is regenerated only when the text changes.
    audio_text_hash = models.CharField(max_length=64, blank=True, editable=False)
    audio_problem = models.CharField(max_length=16, choices=AudioProblem.choices, blank=True, editable=False)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["article", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="rights_one_translation_per_language"
            )
        ]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")

    def __str__(self) -> str:
        return f"{self.article.slug} [{self.language}]"

    def clean(self) -> None:
        super().clean()
        if not self.is_audio_only and not self.is_complete():
            raise ValidationError(
                _("A translation with text needs a title, a summary and the text."), code="incomplete"
            )

    def is_complete(self) -> bool:
        """Return True when title, summary and text are all written."""
        return bool(self.title.strip() and self.summary.strip() and self.body_markdown.strip())

    def has_text(self) -> bool:
        """Return True when the translation has text to show (it is not a recording only)."""
        return not self.is_audio_only and bool(self.body_markdown.strip())

    def has_audio(self) -> bool:
        """Return True when a recording (uploaded or synthetic) can be played."""
        return bool(self.audio)

    def audio_kb_per_minute(self) -> float | None:
        """Return the recording's size per minute of speech, in KB (1,024 bytes)."""
        if not self.audio_bytes or not self.audio_duration_seconds:
            return None
        return self.audio_bytes / 1024 / (self.audio_duration_seconds / 60)

    def display_language_name(self) -> str:
        """Return the language's own name: the field if set, else Django's name, else the code."""
        if self.language_name.strip():
            return self.language_name.strip()
        try:
            return str(get_language_info(self.language)["name_local"])
        except KeyError:
            return self.language


class ArticleSource(models.Model):
    """A US Department of Labor fact sheet (and section) that an article rests on."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sources")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    fact_sheet = models.CharField(
        _("fact sheet number"), max_length=12, help_text=_("For example 26F or 78D.")
    )
    title = models.CharField(_("fact sheet title"), max_length=300)
    section = models.CharField(_("section"), max_length=300, blank=True)
    url = models.URLField(_("address"), blank=True, max_length=300)

    class Meta:
        ordering = ["article", "position", "pk"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return f"Fact Sheet #{self.fact_sheet}"

    def snapshot(self) -> dict[str, str]:
        """Return the source as plain data (for revisions and comparisons)."""
        return {"fact_sheet": self.fact_sheet, "title": self.title, "section": self.section, "url": self.url}


class ArticleRevision(models.Model):
    """A snapshot written by the services on every change: who, when, what the text and status were."""

    class Reason(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        STATUS = "status", _("Status changed")
        SOURCES = "sources", _("Sources changed")
        LOADED = "loaded", _("Loaded from the content files")
        AUDIO = "audio", _("Recording changed")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    # Empty for a change to the article itself (status, topic, sources), else the translation's.
    language = models.CharField(_("language code"), max_length=35, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Empty when the change came from the content files."),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    reason = models.CharField(_("change"), max_length=16, choices=Reason.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    summary = models.CharField(_("one-line summary"), max_length=300, blank=True)
    body_markdown = models.TextField(_("text"), blank=True)
    metadata = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self) -> str:
        return f"{self.article.slug} [{self.language or '*'}] {self.reason}"
