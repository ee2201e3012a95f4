"""Examples of the hotline's parameterised pages, for the tests that walk every URL."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from jornada.core.testing import page_sample, staff_sample
from jornada.core.tests.factories import OrganisationFactory
from jornada.hotline import services
from jornada.hotline.models import Hotline
from jornada.hotline.services import CallbackAnswers
from jornada.hotline.tests.helpers import hotline_of


def _line_of_a(orgs: Any) -> Any:
    return Hotline.objects.filter(organisation=orgs.a).first() or hotline_of(orgs.a, orgs.alice)


@staff_sample("hotline:call")
def call_of_a(orgs: Any) -> dict[str, Any]:
    call = services.call_start(actor=orgs.alice, hotline=_line_of_a(orgs), token="sample")
    return {"pk": call.pk}


@staff_sample("hotline:callbacks")
@staff_sample("hotline:report")
def line_of_a(orgs: Any) -> dict[str, Any]:
    return {"pk": _line_of_a(orgs).pk}


@staff_sample("hotline:report_export")
def export_of_a(orgs: Any) -> dict[str, Any]:
    return {"pk": _line_of_a(orgs).pk, "fmt": "csv"}


def callback_of(hotline: Any) -> Any:
    tomorrow = timezone.localdate() + timedelta(days=1)
    return services.callback_request(
        hotline=hotline,
        answers=CallbackAnswers(
            day=tomorrow,
            from_time=timezone.datetime.strptime("10:00", "%H:%M").time(),
            until_time=timezone.datetime.strptime("12:00", "%H:%M").time(),
            language="Español",
            number="+52 951 555 0199",
        ),
    )


@staff_sample("hotline:callback")
def callback_of_a(orgs: Any) -> dict[str, Any]:
    return {"pk": callback_of(_line_of_a(orgs)).pk}


@page_sample("hotline:callback_request")
def public_line() -> dict[str, Any]:
    organisation = OrganisationFactory()
    return {"slug": hotline_of(organisation).slug}
