"""What a reader may ask of a published table: one year or all, one problem, one place."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jornada.evidence.publication import Published
from jornada.vocabulary.models import Category
from jornada.vocabulary.places import PLACE_BY_CODE

MAX_YEARS = 10
FIRST_YEAR = 2000


class FigureFilter(forms.Form):
    """Narrow a published table to columns or rows it already has; never a new cut."""

    year_from = forms.IntegerField(label=_("From year"), required=False, min_value=FIRST_YEAR, max_value=9999)
    year_to = forms.IntegerField(label=_("To year"), required=False, min_value=FIRST_YEAR, max_value=9999)
    category = forms.SlugField(label=_("Problem"), required=False, max_length=60)
    place = forms.CharField(label=_("Place"), required=False, max_length=10)

    def __init__(self, *args: Any, table: Published, today: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.table = table
        self.today = today or dt.date.today()

    def clean_category(self) -> str:
        code = self.cleaned_data["category"]
        if code and not Category.objects.filter(code=code).exists():
            raise ValidationError(
                _("There is no problem called “%(code)s”."), code="unknown_category", params={"code": code}
            )
        return code

    def clean_place(self) -> str:
        code = self.cleaned_data["place"].strip().upper()
        if code and code not in PLACE_BY_CODE:
            raise ValidationError(
                _("There is no place “%(code)s”."), code="unknown_place", params={"code": code}
            )
        return code

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        first, last = data.get("year_from"), data.get("year_to")
        if first is None and last is None:
            return data
        first, last = (first if first is not None else last), (last if last is not None else first)
        if first is None or last is None:  # pragma: no cover - one of them is set, see above
            return data
        if first > last:
            raise ValidationError(
                _("The first year (%(first)s) comes after the last (%(last)s)."),
                code="reversed",
                params={"first": first, "last": last},
            )
        if last > self.today.year:
            raise ValidationError(
                _("%(year)s has not happened yet: choose a year up to %(now)s."),
                code="future",
                params={"year": last, "now": self.today.year},
            )
        if last - first + 1 > MAX_YEARS:
            raise ValidationError(
                _("Choose at most %(max)s years."), code="too_long", params={"max": MAX_YEARS}
            )
        published = self.table.years
        if published is not None and (first, last) == published:
            data["year"] = None
            return data
        if first != last:
            raise ValidationError(
                _(
                    "Figures are published for one year or for all years together: other ranges "
                    "could let small counts be worked out by subtraction."
                ),
                code="finer_than_published",
            )
        if self.table.table.column_dimension != "year":
            raise ValidationError(
                _("This table is published for all years together only: see the table by year."),
                code="finer_than_published",
            )
        if str(first) not in self.table.table.columns:
            raise ValidationError(
                _("Nothing is published for %(year)s."), code="year_not_published", params={"year": first}
            )
        data["year"] = str(first)
        return data


class ActivityPeriodForm(forms.Form):
    """The date range of an organisation's activity report: in order, not in the future, at most five years."""

    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, today: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or dt.date.today()

    def clean(self) -> dict[str, Any]:
        from jornada.evidence.activity import MAX_DAYS, default_period

        data = super().clean() or {}
        first, last = default_period(self.today)
        start = data.get("start") or first
        end = data.get("end") or last
        if start > end:
            raise ValidationError(
                _("The start (%(start)s) comes after the end (%(end)s)."),
                code="reversed",
                params={"start": start.isoformat(), "end": end.isoformat()},
            )
        if end > self.today:
            raise ValidationError(
                _("%(end)s has not happened yet: choose an end up to today (%(today)s)."),
                code="future",
                params={"end": end.isoformat(), "today": self.today.isoformat()},
            )
        if (end - start).days + 1 > MAX_DAYS:
            raise ValidationError(
                _("Choose at most five years (%(days)s days)."), code="too_long", params={"days": MAX_DAYS}
            )
        data["start"], data["end"] = start, end
        return data
