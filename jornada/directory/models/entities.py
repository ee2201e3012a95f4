"""Employers, recruiters and agents: one canonical record each, with every spelling DOL used."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NameKind(models.TextChoices):
    LEGAL = "legal", _("Legal name")
    TRADE = "trade", _("Trade name (DBA)")


class LinkReason(models.TextChoices):
    """Why a spelling belongs to a record: kept with every link, so staff can judge it."""

    FIRST_SEEN = "first_seen", _("First spelling seen: the record was created from it")
    SAME_NAME = "same_name", _("Same name once case, accents, punctuation and legal suffixes are ignored")
    SIMILAR = "similar", _("Similar name in the same state")
    PUBLISHED_TOGETHER = "together", _("Trade name published together with the legal name")
    MANUAL = "manual", _("Linked by staff")


class DirectoryEntity(models.Model):
    """What employers, recruiters and agents share: a name, a place, activity and a search text."""

    name = models.CharField(_("name"), max_length=300)
    slug = models.SlugField(_("address name"), max_length=140, unique=True)
    # No index: records are resolved in memory, and nothing looks one up by it (migration 0005).
    normalised_name = models.CharField(max_length=300, editable=False)
    city = models.CharField(_("city"), max_length=120, blank=True)
    state = models.CharField(_("state or province"), max_length=60, blank=True)
    country = models.CharField(_("country"), max_length=60, blank=True)
    first_fiscal_year = models.PositiveSmallIntegerField(_("first fiscal year"), null=True, blank=True)
    last_fiscal_year = models.PositiveSmallIntegerField(_("last fiscal year"), null=True, blank=True)
    cases_count = models.PositiveIntegerField(_("certification cases"), default=0)
    is_fictional = models.BooleanField(
        _("fictional demo data"),
        default=False,
        help_text=_("Generated for demonstration; shown as fictional wherever it appears."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Employer(DirectoryEntity):
    """A business certified (or refused) to bring H-2A or H-2B workers, as one profile."""

    workers_certified = models.PositiveIntegerField(_("workers certified"), default=0)
    has_h2a = models.BooleanField(default=False)
    has_h2b = models.BooleanField(default=False)
    has_findings = models.BooleanField(
        _("has enforcement findings"), default=False, help_text=_("Wage and Hour found violations.")
    )
    has_debarment = models.BooleanField(_("has been debarred"), default=False)

    class Meta(DirectoryEntity.Meta):
        verbose_name = _("employer")
        verbose_name_plural = _("employers")

    def programmes(self) -> list[str]:
        """Return the visa programmes this employer has used, as display labels."""
        return [label for flag, label in ((self.has_h2a, "H-2A"), (self.has_h2b, "H-2B")) if flag]


class EntityName(models.Model):
    """One spelling of a name as DOL published it, and why it belongs to its record."""

    name = models.CharField(_("name as published"), max_length=300)
    normalised = models.CharField(max_length=300, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=NameKind.choices, default=NameKind.LEGAL)
    # Names are blocked by place before they are compared: state for employers, country for recruiters.
    block = models.CharField(_("state or country"), max_length=60, blank=True)
    link_reason = models.CharField(_("why linked"), max_length=20, choices=LinkReason.choices)
    link_score = models.FloatField(_("similarity"), default=1.0)
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EmployerName(EntityName):
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="names")

    class Meta(EntityName.Meta):
        verbose_name = _("employer name")
        verbose_name_plural = _("employer names")
        constraints = [
            models.UniqueConstraint(
                fields=["normalised", "block", "kind"], name="employer_name_unique_variant"
            )
        ]


class Recruiter(DirectoryEntity):
    """A foreign labour recruiter (H-2B Appendix C): an organisation, or a person recruiting alone."""

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        INDIVIDUAL = "individual", _("Individual recruiter")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ORGANISATION)
    employers_count = models.PositiveIntegerField(_("employers recruited for"), default=0)

    class Meta(DirectoryEntity.Meta):
        verbose_name = _("recruiter")
        verbose_name_plural = _("recruiters")


class RecruiterName(EntityName):
    recruiter = models.ForeignKey(Recruiter, on_delete=models.CASCADE, related_name="names")

    class Meta(EntityName.Meta):
        verbose_name = _("recruiter name")
        verbose_name_plural = _("recruiter names")
        constraints = [
            models.UniqueConstraint(
                fields=["normalised", "block", "kind"], name="recruiter_name_unique_variant"
            )
        ]


class RecruiterOffice(models.Model):
    """A place a recruiter organisation operates from, as listed for some case."""

    # Looked up through recruiter_office_unique, whose first column it is (migration 0005).
    recruiter = models.ForeignKey(Recruiter, on_delete=models.CASCADE, related_name="offices", db_index=False)
    city = models.CharField(_("city"), max_length=120, blank=True)
    state = models.CharField(_("state or province"), max_length=60, blank=True)
    country = models.CharField(_("country"), max_length=60, blank=True)

    class Meta:
        ordering = ["country", "state", "city"]
        verbose_name = _("recruiter office")
        verbose_name_plural = _("recruiter offices")
        constraints = [
            models.UniqueConstraint(
                fields=["recruiter", "city", "state", "country"], name="recruiter_office_unique"
            )
        ]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.city, self.state, self.country) if part)


class RecruiterPerson(models.Model):
    """A person DOL lists for a recruiter: the name as published and nothing else about them."""

    # Looked up through recruiter_person_unique, whose first column it is (migration 0005).
    recruiter = models.ForeignKey(Recruiter, on_delete=models.CASCADE, related_name="people", db_index=False)
    name = models.CharField(_("name as published"), max_length=300)

    class Meta:
        ordering = ["name"]
        verbose_name = _("recruiter's person")
        verbose_name_plural = _("recruiters' people")
        constraints = [models.UniqueConstraint(fields=["recruiter", "name"], name="recruiter_person_unique")]

    def __str__(self) -> str:
        return self.name


class Agent(DirectoryEntity):
    """An agent or attorney who filed cases for employers, with their law firm if any."""

    firm = models.CharField(_("law firm"), max_length=300, blank=True)
    normalised_firm = models.CharField(max_length=300, blank=True, editable=False)

    class Meta(DirectoryEntity.Meta):
        verbose_name = _("agent or attorney")
        verbose_name_plural = _("agents and attorneys")
        constraints = [
            models.UniqueConstraint(
                fields=["normalised_name", "normalised_firm", "state"], name="agent_unique"
            )
        ]


class RetiredSlug(models.Model):
    """The address of an employer or recruiter merged into another: it redirects to the survivor."""

    kind = models.CharField(max_length=10)  # "employer" or "recruiter", as in the URL names
    # No index of their own: the unique constraint serves the look-up by (kind, slug), and a
    # field index would add PostgreSQL's unused pattern-ops copy to every merge's writes.
    slug = models.SlugField(max_length=140, db_index=False)
    current = models.SlugField(
        max_length=140, db_index=False, help_text=_("The address of the record it became part of.")
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "slug"], name="directory_retired_slug_unique")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.slug} → {self.current}"
