"""The "find help near you" search form: a place, a topic, a language and the cost."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jornada.core.widgets import QuickSelect
from jornada.network.gazetteer import PlaceLookup, Point, place_find
from jornada.network.models import Organization
from jornada.vocabulary.languages import KNOWN_LANGUAGES
from jornada.vocabulary.models import Category
from jornada.vocabulary.places import PLACES
from jornada.vocabulary.selectors import categories

MAX_PLACE = 100
# Two decimals of a degree: about a kilometre, enough to rank by distance, not enough to find a door.
NEAR_ME_DECIMALS = 2
COUNTRIES = (
    ("", _("Any country")),
    ("US", _("United States")),
    ("MX", _("Mexico")),
    ("GT", _("Guatemala")),
    ("HN", _("Honduras")),
    ("SV", _("El Salvador")),
    ("NI", _("Nicaragua")),
    ("CR", _("Costa Rica")),
    ("PA", _("Panama")),
    ("BZ", _("Belize")),
)


def form_place_find(form: forms.Form, field: str, place: str, *, country: str = "") -> PlaceLookup:
    """Look ``place`` up in the offline gazetteer; when it is not there, say so on ``field`` of ``form``.

    Find help and the events calendar both take a town or postal code typed by a worker.
    """
    lookup = place_find(place, country=country)
    if lookup.point is None:
        form.add_error(
            field,
            ValidationError(
                _("We could not find “%(place)s”. Check the spelling, or try a postal code."),
                code="unknown_place",
                params={"place": place},
            ),
        )
    return lookup


class FindHelpForm(forms.Form):
    place = forms.CharField(
        label=_("Where are you?"),
        help_text=_("A town, a US ZIP code or a Mexican postal code. It is not kept."),
        max_length=MAX_PLACE,
        required=False,
    )
    # QuickSelect: the same markup without a template per option (most of the page's own time).
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRIES, required=False, widget=QuickSelect)
    topic = forms.ChoiceField(label=_("What do you need help with?"), required=False, widget=QuickSelect)
    language = forms.ChoiceField(label=_("Language"), required=False, widget=QuickSelect)
    cost = forms.ChoiceField(
        label=_("Cost"),
        choices=(("", _("Free or with a fee")), ("free", _("Free only"))),
        required=False,
        widget=QuickSelect,
    )
    # "Near me": the browser's position, filled by network/near_me.js, used for this search only.
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lookup = PlaceLookup()
        self.near_me = False
        topic = self.fields["topic"]
        language = self.fields["language"]
        assert isinstance(topic, forms.ChoiceField)  # noqa: S101 - declared above
        assert isinstance(language, forms.ChoiceField)  # noqa: S101
        topic.choices = [
            ("", _("Any topic")),
            *((category.code, category.label) for category in categories()),
        ]
        language.choices = [
            ("", _("Any language")),
            *((known.key, known.name()) for known in KNOWN_LANGUAGES),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        place = (cleaned.get("place") or "").strip()
        if not place and "place" not in self.errors:
            self._near_me(cleaned)
        if not place or "place" in self.errors:
            return cleaned
        self.lookup = form_place_find(self, "place", place, country=cleaned.get("country") or "")
        return cleaned

    def _near_me(self, cleaned: dict[str, Any]) -> None:
        """Search from the browser's position, rounded to about a kilometre, when no place is typed."""
        latitude, longitude = cleaned.get("lat"), cleaned.get("lon")
        if latitude is not None and longitude is not None:
            here = Point(
                str(_("your location")),
                "",
                "",
                round(latitude, NEAR_ME_DECIMALS),
                round(longitude, NEAR_ME_DECIMALS),
            )
            self.lookup = PlaceLookup(candidates=[here])
            self.near_me = True
        elif "lat" in self.errors or "lon" in self.errors or (latitude is None) != (longitude is None):
            self.errors.pop("lat", None)
            self.errors.pop("lon", None)
            self.add_error(
                "place",
                ValidationError(
                    _("Your phone's location could not be used. Type a town or a postal code instead."),
                    code="bad_position",
                ),
            )


class DirectoryEntryForm(forms.ModelForm):
    """What an organisation's staff may change in their own directory entry."""

    website = forms.URLField(label=_("web site"), required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Organization
        fields = ["name", "alternate_name", "description", "kind", "email", "website"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class TrustedReferralForm(forms.Form):
    """A partner added to the organisation's own trusted referral list."""

    partner = forms.ModelChoiceField(label=_("Partner organisation"), queryset=Organization.objects.all())
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Category.objects.active(), required=False, empty_label=_("Every topic")
    )
    place = forms.ChoiceField(label=_("Place"), required=False)
    notes = forms.CharField(
        label=_("Notes"),
        help_text=_("What a colleague needs to know, e.g. “ask for the intake line, not the front desk”."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    review_on = forms.DateField(
        label=_("Review on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        place = self.fields["place"]
        assert isinstance(place, forms.ChoiceField)  # noqa: S101 - declared above
        place.choices = [("", _("Anywhere")), *((known.code, known.name()) for known in PLACES)]
