"""Wage and Hour Division enforcement cases and H-2A/H-2B debarments."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jornada.directory.models.entities import Employer

PROGRAMMES = ("h2a", "h2b", "mspa", "flsa")


def _findings(programme: str) -> dict[str, models.Field]:
    label = {"h2a": "H-2A", "h2b": "H-2B", "mspa": "MSPA", "flsa": "FLSA"}[programme]
    return {
        f"{programme}_violations": models.PositiveIntegerField(
            _("%(programme)s violations") % {"programme": label}, null=True, blank=True
        ),
        f"{programme}_back_wages": models.DecimalField(
            _("%(programme)s back wages") % {"programme": label},
            max_digits=14,
            decimal_places=2,
            null=True,
            blank=True,
        ),
        f"{programme}_employees_owed": models.PositiveIntegerField(
            _("%(programme)s employees owed back wages") % {"programme": label}, null=True, blank=True
        ),
        f"{programme}_penalties": models.DecimalField(
            _("%(programme)s civil money penalties") % {"programme": label},
            max_digits=14,
            decimal_places=2,
            null=True,
            blank=True,
        ),
    }


class WhdCase(models.Model):
    """A Wage and Hour Division case that concluded with findings (WHISARD), per programme."""

    case_id = models.CharField(_("WHD case id"), max_length=40, unique=True)
    employer = models.ForeignKey(
        Employer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="whd_cases",
        verbose_name=_("employer"),
    )
    legal_name = models.CharField(_("legal name"), max_length=300)
    trade_name = models.CharField(_("trade name"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    state = models.CharField(_("state"), max_length=60, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    naics_code = models.CharField(_("NAICS code"), max_length=20, blank=True)
    naics_description = models.CharField(_("industry"), max_length=300, blank=True)
    findings_start = models.DateField(_("findings from"), null=True, blank=True)
    findings_end = models.DateField(_("findings to"), null=True, blank=True)
    locals().update(_findings("h2a"))
    locals().update(_findings("h2b"))
    locals().update(_findings("mspa"))
    locals().update(_findings("flsa"))
    link_reason = models.CharField(_("why linked"), max_length=20, blank=True)
    link_score = models.FloatField(_("similarity"), null=True, blank=True)
    is_fictional = models.BooleanField(_("fictional demo data"), default=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-findings_end", "case_id"]
        verbose_name = _("Wage and Hour case")
        verbose_name_plural = _("Wage and Hour cases")

    def __str__(self) -> str:
        return f"{self.case_id} {self.legal_name}"

    def findings(self) -> list[dict[str, object]]:
        """Return one entry per programme with any finding, for plain-language display."""
        found = []
        for programme in PROGRAMMES:
            values = {
                "programme": programme,
                "violations": getattr(self, f"{programme}_violations") or 0,
                "back_wages": getattr(self, f"{programme}_back_wages") or Decimal(0),
                "employees_owed": getattr(self, f"{programme}_employees_owed") or 0,
                "penalties": getattr(self, f"{programme}_penalties") or Decimal(0),
            }
            if values["violations"] or values["back_wages"] or values["penalties"]:
                found.append(values)
        return found


class Debarment(models.Model):
    """A period during which DOL barred an employer or agent from the H-2A or H-2B programme."""

    row_key = models.CharField(max_length=40, unique=True, editable=False)
    employer = models.ForeignKey(
        Employer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="debarments",
        verbose_name=_("employer"),
    )
    name = models.CharField(_("name as published"), max_length=300)
    city = models.CharField(_("city"), max_length=120, blank=True)
    state = models.CharField(_("state"), max_length=60, blank=True)
    programmes = models.CharField(_("programmes"), max_length=40)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)
    violation = models.TextField(_("violation"), blank=True)
    link_reason = models.CharField(_("why linked"), max_length=20, blank=True)
    link_score = models.FloatField(_("similarity"), null=True, blank=True)
    is_fictional = models.BooleanField(_("fictional demo data"), default=False)

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("debarment")
        verbose_name_plural = _("debarments")

    def __str__(self) -> str:
        return f"{self.name} ({self.programmes}, {self.start_date:%Y})"
