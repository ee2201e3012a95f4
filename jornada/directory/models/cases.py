"""Certification cases and what DOL publishes about each: activities, housing, worksites, recruiters."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jornada.directory.models.entities import (
    Agent,
    Employer,
    EmployerName,
    Recruiter,
    RecruiterName,
    RecruiterOffice,
)


class Programme(models.TextChoices):
    H2A = "h2a", "H-2A"
    H2B = "h2b", "H-2B"


class CaseStatus(models.TextChoices):
    CERTIFIED = "certified", _("Certified")
    PARTIAL = "partial", _("Partially certified")
    DENIED = "denied", _("Denied")
    WITHDRAWN = "withdrawn", pgettext_lazy("certification status", "Withdrawn")
    OTHER = "other", pgettext_lazy("certification status", "Other")


class WageUnit(models.TextChoices):
    HOUR = "hour", _("per hour")
    DAY = "day", _("per day")
    WEEK = "week", _("per week")
    BIWEEK = "biweek", _("every two weeks")
    MONTH = "month", _("per month")
    YEAR = "year", _("per year")
    PIECE = "piece", _("per piece")


class Case(models.Model):
    """One labour certification case: an employer's request to bring H-2 workers for a season.

    The employers on it are ``CaseEmployer`` rows: usually one, but an H-2A master application
    of an association lists the association (primary) and each member farm (sub-employer) with
    its own workers. A case first seen in an appendix file (which carries no employer) is kept
    with only its number; the main file of its year fills it in when it is imported.
    """

    case_number = models.CharField(_("case number"), max_length=40, unique=True)
    programme = models.CharField(_("programme"), max_length=3, choices=Programme.choices)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), null=True, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=CaseStatus.choices, blank=True)
    status_raw = models.CharField(_("status as published"), max_length=120, blank=True)
    received_date = models.DateField(_("received"), null=True, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    period_begin = models.DateField(_("period of need from"), null=True, blank=True)
    period_end = models.DateField(_("period of need to"), null=True, blank=True)
    workers_requested = models.PositiveIntegerField(_("workers requested"), null=True, blank=True)
    workers_certified = models.PositiveIntegerField(_("workers certified"), null=True, blank=True)
    job_title = models.CharField(_("job title"), max_length=300, blank=True)
    soc_code = models.CharField(_("SOC code"), max_length=20, blank=True)
    soc_title = models.CharField(_("SOC title"), max_length=300, blank=True)
    crop = models.CharField(_("primary crop"), max_length=200, blank=True)
    naics_code = models.CharField(_("NAICS code"), max_length=20, blank=True)
    wage_offered = models.DecimalField(
        _("wage offered"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    wage_offered_to = models.DecimalField(
        _("wage offered up to"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    wage_unit = models.CharField(_("wage unit"), max_length=10, choices=WageUnit.choices, blank=True)
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    worksite_city = models.CharField(_("worksite city"), max_length=120, blank=True)
    worksite_county = models.CharField(_("worksite county"), max_length=120, blank=True)
    worksite_state = models.CharField(_("worksite state"), max_length=60, blank=True)
    worksite_postal_code = models.CharField(_("worksite postal code"), max_length=20, blank=True)
    agent = models.ForeignKey(
        Agent, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases", verbose_name=_("agent")
    )
    is_fictional = models.BooleanField(_("fictional demo data"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-fiscal_year", "-decision_date", "case_number"]
        verbose_name = _("certification case")
        verbose_name_plural = _("certification cases")

    def __str__(self) -> str:
        return self.case_number

    def season(self) -> int | None:
        """Return the year a worker would call the season: the year work began, else the fiscal year."""
        return self.period_begin.year if self.period_begin else self.fiscal_year


class CaseEmployer(models.Model):
    """An employer named on a case, with the workers requested and certified for it."""

    class Role(models.TextChoices):
        PRIMARY = "primary", _("Filed the application")
        SUB = "sub", _("Member of an association's application")

    # No index of its own: the unique constraint below starts with the case.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="employers", db_index=False)
    # Indexed together with the case (case_employer_by_employer), which serves both.
    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="case_links", db_index=False
    )
    employer_name = models.ForeignKey(EmployerName, on_delete=models.CASCADE, related_name="case_links")
    # The same spelling can appear twice on one master application (two rows, two counts).
    occurrence = models.PositiveSmallIntegerField(default=1)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.PRIMARY)
    workers_requested = models.PositiveIntegerField(_("workers requested"), null=True, blank=True)
    workers_certified = models.PositiveIntegerField(_("workers certified"), null=True, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    state = models.CharField(_("state"), max_length=60, blank=True)

    class Meta:
        ordering = ["case", "role"]
        verbose_name = _("employer on a case")
        verbose_name_plural = _("employers on cases")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "employer_name", "occurrence"], name="case_employer_unique"
            )
        ]
        indexes = [models.Index(fields=["employer", "case"], name="case_employer_by_employer")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.employer_id} ({self.role})"


class CaseDetail(models.Model):
    """A row of an appendix about one case, identified by a hash of its content (for idempotency)."""

    row_key = models.CharField(max_length=40, editable=False)

    class Meta:
        abstract = True


class CaseActivity(CaseDetail):
    """H-2A Addendum A: a crop or agricultural activity of the job, with its wage offer."""

    # No index of its own: the unique constraint below starts with the case.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="activities", db_index=False)
    activity = models.CharField(_("crop or activity"), max_length=300)
    wage_offer = models.DecimalField(_("wage offer"), max_digits=12, decimal_places=2, null=True, blank=True)
    wage_unit = models.CharField(_("wage unit"), max_length=10, choices=WageUnit.choices, blank=True)
    special_pay = models.CharField(_("piece-rate units or special pay"), max_length=500, blank=True)

    class Meta:
        ordering = ["activity"]
        verbose_name = _("crop or activity")
        verbose_name_plural = _("crops and activities")
        constraints = [models.UniqueConstraint(fields=["case", "row_key"], name="case_activity_unique_row")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.activity}"


class CaseHousing(CaseDetail):
    """H-2A Addendum B: housing offered to the workers of a case."""

    # No index of its own: the unique constraint below starts with the case.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="housing", db_index=False)
    housing_type = models.CharField(_("type of housing"), max_length=120, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    county = models.CharField(_("county"), max_length=120, blank=True)
    state = models.CharField(_("state"), max_length=60, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    total_units = models.PositiveIntegerField(_("units"), null=True, blank=True)
    total_occupancy = models.PositiveIntegerField(_("occupancy"), null=True, blank=True)
    standards_local = models.BooleanField(_("meets local standards"), null=True)
    standards_state = models.BooleanField(_("meets state standards"), null=True)
    standards_federal = models.BooleanField(_("meets federal standards"), null=True)

    class Meta:
        ordering = ["state", "city"]
        verbose_name = _("housing")
        verbose_name_plural = _("housing")
        constraints = [models.UniqueConstraint(fields=["case", "row_key"], name="case_housing_unique_row")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.housing_type} {self.city}"


class CaseWorksite(CaseDetail):
    """H-2B Appendix A: a place of work of a case with its workers, dates and wage range."""

    # No index of its own: the unique constraint below starts with the case.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="worksites", db_index=False)
    city = models.CharField(_("city"), max_length=120, blank=True)
    county = models.CharField(_("county"), max_length=120, blank=True)
    state = models.CharField(_("state"), max_length=60, blank=True)
    area_title = models.CharField(_("area"), max_length=300, blank=True)
    total_workers = models.PositiveIntegerField(_("workers"), null=True, blank=True)
    begin_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("to"), null=True, blank=True)
    wage_from = models.DecimalField(_("wage from"), max_digits=12, decimal_places=2, null=True, blank=True)
    wage_to = models.DecimalField(_("wage to"), max_digits=12, decimal_places=2, null=True, blank=True)
    wage_unit = models.CharField(_("wage unit"), max_length=10, choices=WageUnit.choices, blank=True)

    class Meta:
        ordering = ["state", "city"]
        verbose_name = _("worksite")
        verbose_name_plural = _("worksites")
        constraints = [models.UniqueConstraint(fields=["case", "row_key"], name="case_worksite_unique_row")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.city} {self.state}"


class CaseRecruiter(CaseDetail):
    """H-2B Appendix C: a foreign labour recruiter, at one of its offices, that an employer used for a case.

    DOL lists one row per person working for the recruiter on the case; the rows of one case,
    spelling and office are one link here, naming those people (about three rows a link).
    """

    # No index of its own: the unique constraint below starts with the case.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recruiter_links", db_index=False)
    recruiter = models.ForeignKey(Recruiter, on_delete=models.CASCADE, related_name="case_links")
    recruiter_name = models.ForeignKey(
        RecruiterName, on_delete=models.SET_NULL, null=True, blank=True, related_name="case_links"
    )
    office = models.ForeignKey(
        RecruiterOffice, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    people = models.TextField(_("people listed"), blank=True, help_text=_("As published, one per line."))

    class Meta:
        verbose_name = _("recruiter of a case")
        verbose_name_plural = _("recruiters of cases")
        constraints = [models.UniqueConstraint(fields=["case", "row_key"], name="case_recruiter_unique_row")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.recruiter_id}"

    def people_listed(self) -> list[str]:
        """Return the names DOL lists for the recruiter on this case."""
        return self.people.splitlines()


class CaseClient(CaseDetail):
    """H-2B Appendix D: an employer client served by a job contractor's case (no contact details)."""

    # No index of its own: the unique constraint below starts with the case.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="clients", db_index=False)
    legal_name = models.CharField(_("legal name"), max_length=300)
    trade_name = models.CharField(_("trade name"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    state = models.CharField(_("state"), max_length=60, blank=True)
    country = models.CharField(_("country"), max_length=60, blank=True)

    class Meta:
        ordering = ["legal_name"]
        verbose_name = _("employer client")
        verbose_name_plural = _("employer clients")
        constraints = [models.UniqueConstraint(fields=["case", "row_key"], name="case_client_unique_row")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.legal_name}"
