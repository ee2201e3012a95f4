"""The scam report form (one page, in sections), the look-up box and the follow form.

``ReportForm`` validates the web form and the API alike, so both give the same translated
errors with the same codes.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import EmailValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jornada.alerts import identifiers as ids
from jornada.alerts.images import MAX_UPLOAD_BYTES, CleanImage, NotAnImage, TooManyPixels, clean_image
from jornada.alerts.models import (
    MAX_AMOUNT,
    MAX_SCREENSHOTS,
    MAX_SHORT,
    MAX_TEXT,
    Channel,
    Country,
    Paid,
    PaymentMethod,
    ScamReport,
)
from jornada.contributions.text import FreeTextField
from jornada.reviews.forms import FeeAmountField
from jornada.reviews.models import Currency, ReviewProgramme

TOO_LONG = _("Write at most %(limit_value)d characters.")
CHOOSE = _("Choose one of the answers.")
SECTIONS: tuple[tuple[Any, tuple[str, ...]], ...] = (
    (
        _("Who contacted you"),
        (
            "contact_name",
            "contact_organisation",
            "contact_phone",
            "contact_whatsapp",
            "contact_facebook",
            "contact_website",
            "contact_address",
        ),
    ),
    (_("When and where"), ("contact_year", "town", "state", "country")),
    (
        _("What they offered"),
        ("offer_employer", "offer_job", "offer_place", "programme", "offer_dates", "offer_wage"),
    ),
    (
        _("What they asked for"),
        (
            "asked_amount",
            "asked_currency",
            "asked_for",
            "documents_asked",
            "payment_method",
            "account_holder",
            "paid",
        ),
    ),
    (_("In your own words"), ("text", "screenshots")),
)
IDENTIFYING = (
    "contact_name",
    "contact_organisation",
    "contact_phone",
    "contact_whatsapp",
    "contact_facebook",
    "contact_website",
)


def _text(label: Any, *, help_text: Any = "", max_length: int = MAX_SHORT, **attrs: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=max_length,
        widget=forms.TextInput(attrs={"autocomplete": "off", **attrs}),
        error_messages={"max_length": TOO_LONG},
    )


def _radio(label: Any, choices: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": CHOOSE},
    )


def year_choices() -> list[tuple[int | str, Any]]:
    this_year = timezone.localdate().year
    return [("", _("Choose the year")), *((year, str(year)) for year in range(this_year, this_year - 6, -1))]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ScreenshotsField(forms.FileField):
    """Up to ``MAX_SCREENSHOTS`` images, each re-encoded without metadata (see ``images``)."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def clean(self, data: Any, initial: Any = None) -> list[CleanImage]:
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if len(files) > MAX_SCREENSHOTS:
            raise ValidationError(
                _("Send at most %(limit)d images."), code="too_many_files", params={"limit": MAX_SCREENSHOTS}
            )
        cleaned = []
        for upload in files:
            if not isinstance(upload, UploadedFile):
                raise ValidationError(_("Send the images as files."), code="invalid")
            if upload.size is None or upload.size > MAX_UPLOAD_BYTES:
                raise ValidationError(
                    _("Each image must be at most %(limit)d MB."),
                    code="file_too_large",
                    params={"limit": MAX_UPLOAD_BYTES // (1024 * 1024)},
                )
            try:
                cleaned.append(clean_image(upload))
            except TooManyPixels as large:
                raise ValidationError(
                    _(
                        "“%(name)s” is too large (%(megapixels)d megapixels). Send a screenshot, or a "
                        "photo of at most %(limit)d megapixels."
                    ),
                    code="too_many_pixels",
                    params={
                        "name": (upload.name or "")[:60],
                        "megapixels": large.megapixels,
                        "limit": large.limit,
                    },
                ) from None
            except NotAnImage:
                raise ValidationError(
                    _("“%(name)s” is not a photo or screenshot we can read (JPEG, PNG or WebP)."),
                    code="not_an_image",
                    params={"name": (upload.name or "")[:60]},
                ) from None
        return cleaned


class ReportForm(forms.Form):
    """Everything a worker can tell about a scam; at least one way to recognise the scammer."""

    contact_name = _text(_("Name of the person"), help_text=_("As they introduced themselves."))
    contact_organisation = _text(_("Name of their company or agency"))
    contact_phone = _text(_("Phone number"), inputmode="tel")
    contact_whatsapp = _text(_("WhatsApp number"), inputmode="tel")
    contact_facebook = _text(
        _("Facebook page or profile"), help_text=_("Copy the address, like facebook.com/…")
    )
    contact_website = _text(_("Website"), inputmode="url")
    contact_address = _text(_("Office address"))
    contact_year = forms.TypedChoiceField(
        label=_("Year they contacted you"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=year_choices,
        error_messages={"invalid_choice": _("Choose one of the years in the list.")},
    )
    town = _text(_("Town or city"))
    state = _text(pgettext_lazy("region", "State"))
    country = _radio(pgettext_lazy("place", "Country"), Country.choices)
    offer_employer = _text(
        _("Employer they named"), help_text=_("The company in the US they said you would work for.")
    )
    offer_job = _text(_("Job offered"))
    offer_place = _text(_("Place in the US"))
    programme = _radio(_("Visa they offered"), ReviewProgramme.choices)
    offer_dates = _text(_("Dates of the job"))
    offer_wage = _text(_("Pay they promised"))
    asked_amount = FeeAmountField(label=_("How much money did they ask for?"), max_value=MAX_AMOUNT)
    asked_currency = _radio(_("Currency"), Currency.choices)
    asked_for = _text(
        _("What did they say the money was for?"),
        help_text=_("For example: the visa, a medical exam, the bus."),
    )
    documents_asked = _text(_("What documents did they ask for?"))
    payment_method = _radio(_("How did they want the money?"), PaymentMethod.choices)
    account_holder = _text(
        _("In whose name was the account?"), help_text=_("The name on the account or the transfer.")
    )
    paid = _radio(_("Did you pay?"), Paid.choices)
    text = FreeTextField(
        label=_("What happened?"),
        max_length=MAX_TEXT,
        required=False,
        help_text=_(
            "Do not write your name, phone or other details about you: we remove them before publishing."
        ),
    )
    screenshots = ScreenshotsField(
        label=_("Screenshots or photos (optional)"),
        required=False,
        help_text=_(
            "Up to 3 images of the messages or the ad, 5 MB each. Only moderators see them; we remove the "
            "hidden data (place, date, phone model) from every image."
        ),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("asked_amount") is not None and not cleaned.get("asked_currency"):
            self.add_error(
                "asked_currency",
                ValidationError(_("Choose the currency of the amount."), code="currency_required"),
            )
        for name in ("contact_phone", "contact_whatsapp"):
            value = cleaned.get(name)
            if value and ids.normalise_phone(value) is None:
                self.add_error(
                    name,
                    ValidationError(_("Write the whole number, with its area code."), code="invalid_phone"),
                )
        for name in ("contact_facebook", "contact_website"):
            value = cleaned.get(name)
            if value and ids.normalise_url(value) is None:
                self.add_error(
                    name,
                    ValidationError(
                        _("Copy the address as it appears, like facebook.com/name."), code="invalid_url"
                    ),
                )
        if not self.errors and not any(cleaned.get(name) for name in IDENTIFYING):
            raise ValidationError(
                _("Write at least one way to recognise them: a name, a phone number or a page."),
                code="no_identifier",
            )
        return cleaned

    def answers(self) -> dict[str, Any]:
        """Return the validated content (not the screenshots), as the services take it."""
        return {name: self.cleaned_data.get(name) for name in ScamReport.content_fields}

    def sections(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in SECTIONS]


class LookupForm(forms.Form):
    q = forms.CharField(
        label=_("Phone number, name or web page"),
        max_length=200,
        help_text=_("For example: 55 1234 5678, “Reclutamiento del Norte” or facebook.com/…"),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Write a phone number, a name or a web address.")},
    )
    year = forms.TypedChoiceField(
        label=_("Season of the job (optional)"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=lambda: [
            ("", _("Any year")),
            *((y, str(y)) for y in range(timezone.localdate().year + 1, 2007, -1)),
        ],
        error_messages={"invalid_choice": _("Choose one of the years in the list.")},
    )


COUNTRY_NAMES = {
    "MX": _("Mexico"),
    "US": _("United States"),
    "GT": _("Guatemala"),
    "HN": _("Honduras"),
    "SV": _("El Salvador"),
    "NI": _("Nicaragua"),
    "CR": _("Costa Rica"),
    "PA": _("Panama"),
    "CO": _("Colombia"),
    "PE": _("Peru"),
    "DO": _("Dominican Republic"),
    "JM": _("Jamaica"),
    "HT": _("Haiti"),
    "CA": _("Canada"),
}


def follow_country_choices() -> list[tuple[str, Any]]:
    return [
        ("", _("Choose the country of your number")),
        *((c, COUNTRY_NAMES[c]) for c in ids.FOLLOW_REGIONS),
    ]


class FollowForm(forms.Form):
    """Where to send news: an e-mail address, or a mobile number whose country is never guessed.

    ``559 555 1234`` is a number in Fresno and one in Mexico: a number without its country code
    needs the country chosen, and is read in that country only.
    """

    channel = forms.ChoiceField(
        label=_("How should we tell you?"),
        # WhatsApp follows are made in a WhatsApp conversation, which opens its 24-hour window.
        choices=[(Channel.EMAIL, Channel.EMAIL.label), (Channel.SMS, Channel.SMS.label)],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose e-mail or text message."), "invalid_choice": CHOOSE},
    )
    contact = forms.CharField(
        label=_("Your e-mail address or mobile number"),
        max_length=254,
        help_text=_("Used only for these messages, kept encrypted and deleted when you stop following."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Write where we should send the messages.")},
    )
    country = forms.ChoiceField(
        label=_("Country of your mobile number"),
        choices=follow_country_choices,
        required=False,
        help_text=_("For text messages. Not needed if you write the number with + and its country code."),
        error_messages={"invalid_choice": CHOOSE},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        contact = (cleaned.get("contact") or "").strip()
        channel = cleaned.get("channel")
        if channel == Channel.EMAIL and contact:
            try:
                EmailValidator()(contact)
            except ValidationError:
                self.add_error(
                    "contact", ValidationError(_("Write a valid e-mail address."), code="invalid_email")
                )
            else:
                cleaned["contact"] = contact.lower()
        elif channel == Channel.SMS and contact:
            international = contact.startswith("+") or contact.replace(" ", "").startswith("00")
            country = cleaned.get("country") or ""
            if not international and not country:
                self.add_error(
                    "country",
                    ValidationError(
                        _("Choose the country of your number, or write it with + and its country code."),
                        code="country_required",
                    ),
                )
                return cleaned
            candidates = ids.phone_candidates(contact, region="" if international else country)
            if not candidates:
                self.add_error(
                    "contact",
                    ValidationError(_("Write your mobile number with its area code."), code="invalid_phone"),
                )
            else:
                cleaned["contact"] = candidates[0]
        return cleaned

    def shown_contact(self) -> str:
        """Return the validated contact as the confirmation page shows it (a number in international form)."""
        contact = str(self.cleaned_data["contact"])
        return ids.international(contact) if self.cleaned_data["channel"] == Channel.SMS else contact


class ConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("Confirmation code"),
        max_length=40,
        help_text=_("The 12 letters and numbers we sent you."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}),
        error_messages={"required": _("Write the code we sent you.")},
    )
