"""The intake request page and the case's referral form offer the organisation's own trusted list first;
public pages about warnings, rights and employers link to "find help near you"."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jornada.core.testing import PAGE_SAMPLES, load_samples
from jornada.intake.models import Intake
from jornada.intake.tests.helpers import accepting, submit
from jornada.network.models import Organization, TrustedReferral
from jornada.referrals.tests.helpers import full_case
from jornada.vocabulary.models import Category

pytestmark = pytest.mark.django_db


def trusted(organisation: Any, name: str, topic: str | None = None, place: str = "") -> TrustedReferral:
    partner = Organization.objects.create(name=name, description="A partner.")
    category = Category.objects.get(code=topic) if topic else None
    return TrustedReferral.objects.create(
        organisation=organisation, partner=partner, topic=category, place=place
    )


def lists(orgs: Any) -> None:
    """A trusts one partner for wage theft in North Carolina and one for another topic; B trusts its own."""
    other = Category.objects.exclude(code="wage-theft").order_by("code").first()
    assert other is not None
    trusted(orgs.a, "Aaa-Otro-Tema", other.code, "MX-OAX")
    trusted(orgs.a, "Zzz-Salarios-NC", "wage-theft", "US-NC")
    trusted(orgs.b, "Lista-De-B", "wage-theft", "US-NC")


def test_it_offers_the_trusted_list_first_on_the_request_page(three_orgs: Any, staff_client: Any) -> None:
    """For a wage-theft request from North Carolina, A's partner for both comes first; B's list never shows."""
    lists(three_orgs)
    accepting(three_orgs.a)
    intake = submit(any_organisation=False, organisations=[three_orgs.a.slug]).intake
    Intake.objects.filter(pk=intake.pk).update(categories=["wage-theft"], place="US-NC")
    page = staff_client(three_orgs.alice).get(reverse("intake_staff:detail", kwargs={"pk": intake.pk}))
    text = page.content.decode()
    assert text.index("Zzz-Salarios-NC") < text.index("Aaa-Otro-Tema")
    assert "Lista-De-B" not in text


def test_it_offers_the_trusted_list_first_on_the_referral_form(three_orgs: Any, staff_client: Any) -> None:
    """On a wage-theft case's referral form, A's wage-theft partner comes first; B's list never shows."""
    lists(three_orgs)
    case = full_case(three_orgs.a, three_orgs.alice)
    text = (
        staff_client(three_orgs.alice).get(reverse("referrals:new", kwargs={"pk": case.pk})).content.decode()
    )
    assert text.index("Zzz-Salarios-NC") < text.index("Aaa-Otro-Tema")
    assert "Lista-De-B" not in text


@pytest.mark.parametrize(
    "name", ["alerts:warning", "rights:article", "directory:employer", "directory:recruiter"]
)
def test_it_links_find_help_near_you_from_public_pages(name: str) -> None:
    """A warning, a rights article and an employer's or recruiter's profile link to "find help near you"."""
    load_samples()
    url = reverse(name, kwargs=PAGE_SAMPLES[name]())
    assert reverse("network:find_help") in Client().get(url).content.decode()
