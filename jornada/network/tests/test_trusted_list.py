"""Each organisation keeps its own trusted referral list; another organisation never sees or changes it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from jornada.network.models import Organization, TrustedReferral
from jornada.network.selectors import trusted_referrals
from jornada.vocabulary.models import Category

pytestmark = pytest.mark.django_db


def partner(name: str = "Defensa Ficticia") -> Organization:
    return Organization.objects.create(name=name, description="A partner.")


def test_it_adds_a_partner_with_notes_who_and_when(three_orgs: Any, staff_client: Any) -> None:
    """alice adds a partner for a topic and place; the list shows it with her name and the notes."""
    chosen = partner()
    url = reverse("network:trusted_list", kwargs={"slug": three_orgs.a.slug})
    data = {"partner": chosen.pk, "topic": Category.objects.get(code="wage-theft").pk, "place": "US-NC",
            "notes": "Ask for the intake line, not the front desk.", "review_on": "2027-01-31"}  # fmt: skip
    assert staff_client(three_orgs.alice).post(url, data).status_code == 302
    entry = TrustedReferral.objects.get()
    assert (entry.organisation, entry.added_by, entry.place) == (three_orgs.a, three_orgs.alice, "US-NC")
    page = staff_client(three_orgs.charlie).get(url).content.decode()
    assert "Ask for the intake line, not the front desk." in page


def test_it_keeps_each_organisations_list_to_itself(three_orgs: Any, staff_client: Any) -> None:
    """bob (organisation B) gets 404 for A's list and for removing A's entry; the entry stays."""
    entry = TrustedReferral.objects.create(
        organisation=three_orgs.a, partner=partner(), notes="Secret note of A"
    )
    bob = staff_client(three_orgs.bob)
    assert bob.get(reverse("network:trusted_list", kwargs={"slug": three_orgs.a.slug})).status_code == 404
    assert bob.post(reverse("network:trusted_remove", kwargs={"pk": entry.pk})).status_code == 404
    assert TrustedReferral.objects.filter(pk=entry.pk).exists()
    own = bob.get(reverse("network:trusted_list", kwargs={"slug": three_orgs.b.slug})).content.decode()
    assert "Secret note of A" not in own


def test_it_removes_an_entry_of_the_own_organisation(three_orgs: Any, staff_client: Any) -> None:
    """charlie (advocate of A) takes a partner off A's list."""
    entry = TrustedReferral.objects.create(organisation=three_orgs.a, partner=partner())
    assert (
        staff_client(three_orgs.charlie)
        .post(reverse("network:trusted_remove", kwargs={"pk": entry.pk}))
        .status_code
        == 302
    )
    assert not TrustedReferral.objects.exists()


def test_it_offers_the_partners_for_the_topic_and_place_first(three_orgs: Any) -> None:
    """For wage theft in North Carolina, the partner trusted for both comes before the others."""
    wages = Category.objects.get(code="wage-theft")
    housing = Category.objects.get(code="housing")
    TrustedReferral.objects.create(
        organisation=three_orgs.a, partner=partner("A housing, Texas"), topic=housing, place="US-TX"
    )
    TrustedReferral.objects.create(
        organisation=three_orgs.a, partner=partner("B wages, US"), topic=wages, place="US"
    )
    TrustedReferral.objects.create(organisation=three_orgs.a, partner=partner("C anything"))
    TrustedReferral.objects.create(organisation=three_orgs.b, partner=partner("D of B"), topic=wages)
    found = [
        entry.partner.name for entry in trusted_referrals(three_orgs.a, topics=["wage-theft"], place="US-NC")
    ]
    assert found == ["B wages, US", "C anything", "A housing, Texas"]
