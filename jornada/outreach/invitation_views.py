"""Staff pages of the dissemination list and of an event's invitations; the invitation's tracking link."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from jornada.core.access import get_owned_or_404, organisations_of, staff_required, system_endpoint
from jornada.core.models import Organisation
from jornada.outreach import invitations
from jornada.outreach.forms import state_choices
from jornada.outreach.models import Channel, ContactKind, Event, Invitation
from jornada.outreach.selectors import STAFF_ROLES
from jornada.vocabulary.places import COUNTRIES, PLACE_BY_CODE


def _language() -> str:
    return (get_language() or "es").split("-")[0]


def _regions(language: str) -> list[tuple[str, Any]]:
    return [(place.code, place.name(language)) for place in COUNTRIES] + state_choices(language, "")[1:]


class ContactForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.none()
    )
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ContactKind.choices)
    channel = forms.ChoiceField(label=gettext_lazy("Channel"), choices=Channel.choices)
    address = forms.CharField(label=gettext_lazy("E-mail address or number"), max_length=254)
    region = forms.ChoiceField(label=gettext_lazy("Region"))

    def __init__(self, *args: Any, organisations: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organisation"]
        field.queryset = organisations
        self.fields["region"].choices = _regions(language)  # type: ignore[attr-defined]


class InviteForm(forms.Form):
    regions = forms.MultipleChoiceField(
        label=gettext_lazy("Regions to reach"), widget=forms.SelectMultiple(attrs={"size": 8})
    )

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["regions"].choices = _regions(language)  # type: ignore[attr-defined]


@staff_required(*STAFF_ROLES)
@never_cache
@require_http_methods(["GET", "POST"])
def contact_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = ContactForm(
        request.POST or None, organisations=organisations_of(user, *STAFF_ROLES), language=_language()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitations.contact_add(
                actor=user,
                organisation=data["organisation"],
                name=data["name"],
                kind=data["kind"],
                channel=data["channel"],
                address=data["address"],
                region=data["region"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The contact was added."))
            return redirect("outreach:contact_list")
    contacts = invitations.contacts_for_user(user).select_related("organisation")
    return render(request, "outreach/staff/contact_list.html", {"form": form, "contacts": contacts})


def _tracking(request: HttpRequest) -> Any:
    return lambda token: request.build_absolute_uri(
        reverse("outreach:invitation_open", kwargs={"token": token})
    )


@staff_required(*STAFF_ROLES)
@never_cache
@require_http_methods(["GET", "POST"])
def event_invitations(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    event = get_owned_or_404(user, Event.objects.select_related("organisation"), *STAFF_ROLES, pk=pk)
    form = InviteForm(
        request.POST or None, language=_language(), initial={"regions": [event.state] if event.state else []}
    )
    if request.method == "POST" and request.POST.get("answered"):
        found = Invitation.objects.filter(event=event, pk=request.POST["answered"][:20]).first()
        if found is None:
            raise Http404
        invitations.invitation_answered(actor=user, invitation=found)
        return redirect("outreach:event_invitations", pk=event.pk)
    if request.method == "POST" and form.is_valid():
        try:
            sent = invitations.invitations_send(
                actor=user, event=event, regions=form.cleaned_data["regions"], link_of=_tracking(request)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Invitations made: %(count)d.") % {"count": len(sent)})
            return redirect("outreach:event_invitations", pk=event.pk)
    link_of = _tracking(request)
    rows = [
        (invitation, invitations.share_links(invitation, link_of(invitation.token)))
        for invitation in event.invitations.select_related("contact", "event__organisation")
    ]
    reach = invitations.event_reach(event)
    language = _language()

    def named(codes: list[str]) -> list[str]:
        return [PLACE_BY_CODE[code].name(language) if code in PLACE_BY_CODE else code for code in codes]

    context = {
        "event": event,
        "form": form,
        "rows": rows,
        "regions": named(reach.regions),
        "not_reached": named(reach.not_reached),
    }
    return render(request, "outreach/staff/event_invitations.html", context)


@system_endpoint
@require_GET
def invitation_open(request: HttpRequest, token: str) -> HttpResponseBase:
    invitation = invitations.invitation_open(token=token)
    if invitation is None:
        raise Http404
    return redirect("outreach:event", uid=invitation.event.uid)
