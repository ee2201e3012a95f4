"""Forms: staff's event form (no JavaScript: times are typed one per line) and the calendar filters."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jornada.core.models import Organisation
from jornada.network.forms import form_place_find
from jornada.network.gazetteer import PlaceLookup
from jornada.outreach.models import (
    MAX_RRULE,
    Appointment,
    Campaign,
    Event,
    EventAudience,
    EventKind,
    EventStatus,
)
from jornada.outreach.selectors import NEAR_DEFAULT_KM, NEAR_DISTANCES_KM
from jornada.outreach.services import EventInput, PlaceInput
from jornada.vocabulary.languages import language_name
from jornada.vocabulary.models import Category
from jornada.vocabulary.places import MX_STATES, US_STATES

_SLOT = re.compile(
    r"^(?P<day>\d{4}-\d{2}-\d{2})\s+(?P<start>\d{1,2}:\d{2})\s*-\s*(?:(?P<end_day>\d{4}-\d{2}-\d{2})\s+)?(?P<end>\d{1,2}:\d{2})$"
)
SLOTS_HELP = _(
    "One time per line, in the event's time zone: 2027-08-30 10:00-14:00, "
    "or 2027-08-30 22:00 - 2027-08-31 02:00 when it ends another day."
)


def state_choices(language: str, blank: Any) -> list[tuple[str, Any]]:
    states = sorted(US_STATES + MX_STATES, key=lambda place: place.name(language))
    return [("", blank), *((place.code, place.name(language)) for place in states)]


def topic_choices(language: str) -> list[tuple[str, str]]:
    return [(category.code, category.label(language, "worker")) for category in Category.objects.active()]


def slots_parse(text: str) -> list[tuple[datetime, datetime]]:
    """Read one wall-clock slot per line; raise a ValidationError naming the line that is wrong."""
    slots = []
    for line in (raw.strip() for raw in text.splitlines()):
        if not line:
            continue
        match = _SLOT.match(line)
        try:
            if match is None:
                raise ValueError(line)
            start = datetime.strptime(f"{match['day']} {match['start']}", "%Y-%m-%d %H:%M")
            end = datetime.strptime(f"{match['end_day'] or match['day']} {match['end']}", "%Y-%m-%d %H:%M")
        except ValueError:
            raise ValidationError(
                _("“%(value)s” is not a date and times such as 2027-08-30 10:00-14:00."),
                code="invalid_slot",
                params={"value": line[:60]},
            ) from None
        slots.append((start, end))
    return slots


class EventForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organiser"), queryset=Organisation.objects.none())
    kind = forms.ChoiceField(label=_("Type"), choices=EventKind.choices)
    title_es = forms.CharField(label=_("Title (Spanish)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    description_es = forms.CharField(
        label=_("Description (Spanish)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    description_en = forms.CharField(
        label=_("Description (English)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    status = forms.ChoiceField(label=_("Status"), choices=EventStatus.choices, initial=EventStatus.SCHEDULED)
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        initial="America/Mexico_City",
        help_text=_(
            "Its IANA name: America/Mexico_City, America/Los_Angeles, America/Chicago, America/New_York…"
        ),
    )
    slots = forms.CharField(
        label=_("Dates and times"), help_text=SLOTS_HELP, widget=forms.Textarea(attrs={"rows": 3})
    )
    rrule = forms.CharField(
        label=_("Repeats (iCalendar rule)"),
        max_length=MAX_RRULE,
        required=False,
        help_text=_(
            "Leave empty if it does not repeat. Every Tuesday, eight times: FREQ=WEEKLY;BYDAY=TU;COUNT=8"
        ),
    )
    place_name = forms.CharField(label=_("Name of the place"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    town = forms.CharField(label=_("Town"), max_length=120, required=False)
    state = forms.ChoiceField(label=_("State"), required=False)
    latitude = forms.DecimalField(
        label=_("Latitude"), required=False, min_value=-90, max_value=90, decimal_places=5
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180, decimal_places=5
    )
    online_url = forms.URLField(label=_("Online link"), max_length=300, required=False, assume_scheme="https")
    languages = forms.CharField(
        label=_("Languages spoken"),
        max_length=300,
        required=False,
        help_text=_("Separated by commas: Español, Mixteco, Purépecha…"),
    )
    topics = forms.MultipleChoiceField(label=_("Topics"), required=False, widget=forms.CheckboxSelectMultiple)
    audiences = forms.MultipleChoiceField(
        label=_("For whom"),
        choices=EventAudience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    what_to_bring_es = forms.CharField(
        label=_("What to bring (Spanish)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    what_to_bring_en = forms.CharField(
        label=_("What to bring (English)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    appointment = forms.ChoiceField(
        label=_("Appointment"), choices=Appointment.choices, initial=Appointment.NOT_NEEDED
    )
    appointment_how_es = forms.CharField(
        label=_("How to get an appointment (Spanish)"), max_length=500, required=False
    )
    appointment_how_en = forms.CharField(
        label=_("How to get an appointment (English)"), max_length=500, required=False
    )
    takes_reservations = forms.BooleanField(
        label=_("Workers may reserve a place"),
        required=False,
        help_text=_("Only a count is kept, never who reserved."),
    )
    phone = forms.RegexField(
        label=_("Telephone"),
        regex=r"^\+[0-9 ]{8,19}$",
        max_length=20,
        required=False,
        help_text=_("With the country code: +52 55 5555 0100"),
    )
    whatsapp = forms.RegexField(
        label=_("WhatsApp"),
        regex=r"^\+[0-9 ]{8,19}$",
        max_length=20,
        required=False,
        help_text=_("With the country code: +1 919 555 0100"),
    )
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.all(), required=False)
    co_organisers = forms.ModelMultipleChoiceField(
        label=_("Co-organisers"), queryset=Organisation.objects.order_by("name"), required=False
    )

    def __init__(self, *args: Any, organisations: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organisation"]
        field.queryset = organisations
        self.fields["state"].choices = state_choices(language, _("(online only)"))  # type: ignore[attr-defined]
        self.fields["topics"].choices = topic_choices(language)  # type: ignore[attr-defined]

    def clean_slots(self) -> list[tuple[datetime, datetime]]:
        slots = slots_parse(self.cleaned_data["slots"])
        if not slots:
            raise ValidationError(_("Give at least one date and time."), code="no_slots")
        return slots

    def clean_languages(self) -> list[str]:
        return [part.strip() for part in self.cleaned_data["languages"].split(",") if part.strip()]

    def event_input(self) -> EventInput:
        data = self.cleaned_data
        place = None
        if data["town"] or data["state"]:
            place = PlaceInput(
                town=data["town"],
                state=data["state"],
                name=data["place_name"],
                address=data["address"],
                latitude=data["latitude"],
                longitude=data["longitude"],
            )
        return EventInput(
            kind=data["kind"],
            title_es=data["title_es"],
            title_en=data["title_en"],
            description_es=data["description_es"],
            description_en=data["description_en"],
            time_zone=data["time_zone"],
            slots=data["slots"],
            rrule=data["rrule"],
            place=place,
            online_url=data["online_url"],
            languages=data["languages"],
            topics=data["topics"],
            audiences=data["audiences"],
            what_to_bring_es=data["what_to_bring_es"],
            what_to_bring_en=data["what_to_bring_en"],
            appointment=data["appointment"],
            appointment_how_es=data["appointment_how_es"],
            appointment_how_en=data["appointment_how_en"],
            takes_reservations=data["takes_reservations"],
            phone=data["phone"],
            whatsapp=data["whatsapp"],
            status=data["status"],
            campaign=data["campaign"],
            co_organisers=list(data["co_organisers"]),
        )


def event_initial(event: Event) -> dict[str, Any]:
    """Return the form's initial values for an existing event, slots in its own time zone."""
    zone = ZoneInfo(event.time_zone)

    def line(start: datetime, end: datetime) -> str:
        start, end = start.astimezone(zone), end.astimezone(zone)
        if start.date() == end.date():
            return f"{start:%Y-%m-%d %H:%M}-{end:%H:%M}"
        return f"{start:%Y-%m-%d %H:%M} - {end:%Y-%m-%d %H:%M}"

    place = event.place
    return {
        "organisation": event.organisation_id,
        "kind": event.kind,
        "title_es": event.title_es,
        "title_en": event.title_en,
        "description_es": event.description_es,
        "description_en": event.description_en,
        "status": event.status,
        "time_zone": event.time_zone,
        "slots": "\n".join(line(slot.starts_at, slot.ends_at) for slot in event.slots.all()),
        "rrule": event.rrule,
        "place_name": place.name if place else "",
        "address": place.address if place else "",
        "town": place.town if place else "",
        "state": place.state if place else "",
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "online_url": event.online_url,
        "languages": ", ".join(language_name(key) for key in event.languages),
        "topics": [topic.code for topic in event.topics.all()],
        "audiences": event.audiences,
        "what_to_bring_es": event.what_to_bring_es,
        "what_to_bring_en": event.what_to_bring_en,
        "appointment": event.appointment,
        "appointment_how_es": event.appointment_how_es,
        "appointment_how_en": event.appointment_how_en,
        "takes_reservations": event.takes_reservations,
        "phone": event.phone,
        "whatsapp": event.whatsapp,
        "campaign": event.campaign_id,
        "co_organisers": [other.pk for other in event.co_organisers.all()],
    }


class CalendarFilterForm(forms.Form):
    near = forms.CharField(
        label=_("Near (postal code or town)"),
        max_length=120,
        required=False,
        help_text=_("For example 27530, Salinas, or “Toledo, Belice”."),
    )
    distance = forms.TypedChoiceField(
        label=_("Within"),
        coerce=int,
        required=False,
        empty_value=NEAR_DEFAULT_KM,  # type: ignore[arg-type]
        choices=[(km, _("%(km)d km") % {"km": km}) for km in NEAR_DISTANCES_KM],
        initial=NEAR_DEFAULT_KM,
    )
    state = forms.ChoiceField(label=_("State"), required=False)
    town = forms.CharField(label=_("Town"), max_length=120, required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lookup = PlaceLookup()
        self.fields["state"].choices = state_choices(language, _("All states"))  # type: ignore[attr-defined]
        self.fields["kind"].choices = [("", _("All types")), *EventKind.choices]  # type: ignore[attr-defined]
        self.fields["topic"].choices = [("", _("All topics")), *topic_choices(language)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        """Find the place typed in ``near`` in the partner network's gazetteer, or say it was not found."""
        cleaned = super().clean() or {}
        near = (cleaned.get("near") or "").strip()
        if not near or "near" in self.errors:
            return cleaned
        self.lookup = form_place_find(self, "near", near)
        return cleaned
