"""Staff pages of the relationship memory and the handover: the organisation's own staff only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from jornada.core.access import get_organisation_or_404, staff_required
from jornada.core.models import Organisation, Role
from jornada.network import relationships
from jornada.network.models import Organization, PartnerContact
from jornada.network.relationship_forms import (
    HandoverForm,
    PartnerAgreementForm,
    PartnerContactForm,
    PartnerInteractionForm,
)

STAFF = (Role.ADVOCATE, Role.SUPERVISOR, Role.ORG_ADMIN)
ADDED = {
    "contact": gettext_lazy("The contact was added."),
    "interaction": gettext_lazy("The interaction was recorded."),
    "agreement": gettext_lazy("The agreement was recorded."),
}


@staff_required(*STAFF)
@require_http_methods(["GET", "POST"])
def partner_page(request: HttpRequest, slug: str, partner: str) -> HttpResponse:
    """What the organisation knows of one partner: contacts, interactions, agreements, referrals."""
    user: Any = request.user
    organisation = get_organisation_or_404(user, slug, *STAFF)
    entry = get_object_or_404(Organization, pk=partner)
    which = request.POST.get("form", "") if request.method == "POST" else ""
    if which == "left":
        return _contact_left(request, organisation, entry)
    data = {key: request.POST if which == key else None for key in ADDED}
    forms = {
        "contact": PartnerContactForm(data["contact"], organisation=organisation, prefix="contact"),
        "interaction": PartnerInteractionForm(data["interaction"], prefix="interaction"),
        "agreement": PartnerAgreementForm(data["agreement"], organisation=organisation, prefix="agreement"),
    }
    if which in forms and forms[which].is_valid():
        add = {
            "contact": relationships.partner_contact_add,
            "interaction": relationships.partner_interaction_add,
            "agreement": relationships.partner_agreement_add,
        }[which]
        try:
            add(organisation=organisation, partner=entry, by=user, values=forms[which].cleaned_data)
        except ValidationError as error:
            forms[which].add_error(None, error)
        else:
            messages.success(request, str(ADDED[which]))
            return redirect("network:partner", slug=organisation.slug, partner=entry.pk)
    memory = relationships.partner_memory(user=user, organisation=organisation, partner=entry)
    return render(
        request,
        "network/staff/partner.html",
        {"organisation": organisation, "memory": memory, "forms": forms},
    )


@staff_required(Role.ORG_ADMIN, Role.SUPERVISOR)
@require_http_methods(["GET", "POST"])
def handover(request: HttpRequest, slug: str) -> HttpResponse:
    """A guided handover: choose who leaves and who takes over, see the checklist, confirm."""
    user: Any = request.user
    organisation = get_organisation_or_404(user, slug, Role.ORG_ADMIN, Role.SUPERVISOR)
    form = HandoverForm(request.POST or request.GET or None, organisation=organisation)
    checklist = None
    if form.is_bound and form.is_valid():
        leaving = form.cleaned_data["leaving"]
        checklist = relationships.handover_checklist(organisation=organisation, leaving=leaving)
        if request.method == "POST" and request.POST.get("confirm") == "1":
            try:
                done = relationships.handover_do(
                    organisation=organisation,
                    leaving=leaving,
                    successor=form.cleaned_data["successor"],
                    by=user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "Handed over: %(contacts)s contacts, %(agreements)s agreements, "
                        "%(referrals)s open referrals and %(tasks)s open tasks."
                    )
                    % done.moved,
                )
                return redirect("network:handover", slug=organisation.slug)
    return render(
        request,
        "network/staff/handover.html",
        {"organisation": organisation, "form": form, "checklist": checklist},
    )


def _contact_left(request: HttpRequest, organisation: Organisation, entry: Organization) -> HttpResponse:
    """Record that a contact of this organisation at this partner left today: kept in the memory, dated."""
    chosen = request.POST.get("contact", "")
    if not chosen.isdigit():
        raise Http404
    contact = get_object_or_404(PartnerContact, organisation=organisation, partner=entry, pk=int(chosen))
    try:
        relationships.partner_contact_leave(contact=contact, by=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The contact is recorded as gone; add who replaces them."))
    return redirect("network:partner", slug=organisation.slug, partner=entry.pk)
