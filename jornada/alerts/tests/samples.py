"""Examples of the alerts app's parameterised pages, for the tests that walk every URL."""

from typing import Any

from django.core.files.base import ContentFile

from jornada.alerts.models import Follow, Screenshot
from jornada.alerts.services import unsubscribe_token
from jornada.alerts.tests.factories import ReportFactory, published_warning
from jornada.core.testing import page_sample, staff_sample


@page_sample("alerts:warning")
def a_warning() -> dict[str, Any]:
    return {"pk": published_warning(text="Texto de prueba. " * 200).pk}


@page_sample("alerts:unsubscribe")
def a_follow() -> dict[str, Any]:
    follow = Follow.objects.create(
        kind="phone", target="+525512345678", target_label="+52 55 1234 5678", channel="email",
        contact_encrypted="x", base_url="http://testserver/",
    )  # fmt: skip
    return {"token": unsubscribe_token(follow)}


# Moderation pages are shared (reports belong to no organisation): checked by role.
@staff_sample("alerts:moderation_report")
def waiting_report(orgs: Any) -> dict[str, Any]:
    return {"pk": ReportFactory().pk}


@staff_sample("alerts:moderation_screenshot")
def a_screenshot(orgs: Any) -> dict[str, Any]:
    shot = Screenshot(report=ReportFactory(), width=1, height=1)
    shot.image.save("x.jpg", ContentFile(b"\xff\xd8\xff\xd9"), save=True)
    return {"pk": shot.pk}


@page_sample("alerts:follow")
def a_number_to_follow() -> dict[str, Any]:
    return {"kind": "phone", "target": "+525512345678"}


@page_sample("alerts:profile_feed")
def a_feed() -> dict[str, Any]:
    return {"kind": "phone", "target": "+525512345678"}
