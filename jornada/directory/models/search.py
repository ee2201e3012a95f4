from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One row per employer, recruiter and agent, holding what the search box looks through.

    Kept by the importers and merges; PostgreSQL indexes ``text`` with pg_trgm, SQLite with an
    FTS5 trigram table (migration 0002).
    """

    class Kind(models.TextChoices):
        EMPLOYER = "employer", _("Employer")
        RECRUITER = "recruiter", _("Recruiter")
        AGENT = "agent", _("Agent or attorney")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    slug = models.SlugField(max_length=140, db_index=False)  # shown, never looked up (migration 0005)
    name = models.CharField(max_length=300)
    # Every normalised spelling of the name, space-separated: what typos are forgiven against.
    text = models.TextField()
    place = models.CharField(max_length=200, blank=True)
    # Filters, as space-delimited codes: " h2a h2b ", " NC GA ", " apples peaches ".
    programmes = models.CharField(max_length=20, blank=True)
    states = models.TextField(blank=True)
    activities = models.TextField(blank=True)
    last_fiscal_year = models.PositiveSmallIntegerField(null=True, blank=True)
    weight = models.PositiveIntegerField(default=0)
    is_fictional = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique_object")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.name}"


class SearchWord(models.Model):
    """Every distinct word of the search texts: typos in a query are corrected against these."""

    word = models.CharField(max_length=100, unique=True)
    entries = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self) -> str:
        return self.word
