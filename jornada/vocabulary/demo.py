"""Demo data: the fictional organisation takes requests for help in a few places, languages and topics."""

from __future__ import annotations

from typing import Any

from jornada.core.demo import DEMO_ORGANISATION_SLUG
from jornada.core.models import Organisation
from jornada.core.services import organisation_intake_update
from jornada.vocabulary.initial import initial_load
from jornada.vocabulary.models import Category, CategoryVersion

DEMO_PLACES = ("MX-OAX", "MX-GRO", "MX-MIC", "GT", "US-NC", "US-WA", "US-GA")
DEMO_LANGUAGES = ("es", "en", "mixteco", "triqui", "mam")
DEMO_TOPICS = (
    "recruitment-fees",
    "wage-theft",
    "three-fourths-guarantee",
    "travel-visa-costs",
    "document-retention",
    "housing",
    "injury-workers-compensation",
    "retaliation-blacklisting",
    "ilo-deception",
    "ilo-retention-of-identity-documents",
)


def create_demo_data(stdout: Any = None) -> None:
    """Let the demo organisation take requests for help, in topics of the shipped vocabulary."""
    initial_load(Category, CategoryVersion)  # loaded by a migration, but a test may have flushed it
    organisation = Organisation.objects.get(slug=DEMO_ORGANISATION_SLUG)
    organisation_intake_update(
        organisation=organisation,
        by=None,
        accepts_intakes=True,
        places=DEMO_PLACES,
        languages=DEMO_LANGUAGES,
        topics=DEMO_TOPICS,
        takes_urgent=True,
        office_hours_es="Lunes a viernes, de 9 de la mañana a 5 de la tarde (hora del Centro de México).",
        office_hours_en="Monday to Friday, 9 am to 5 pm (Mexico City time).",
    )
    if stdout is not None:
        stdout.write("The demo organisation takes requests for help (places, languages, topics).")
