"""Classifying a gender-based violence incident the GBVIMS way: one type, then its derived context.

The type comes from ordered yes/no questions, the first "yes" deciding: penetration (rape),
otherwise unwanted sexual contact (sexual assault), physical assault, forced marriage, denial of
resources, opportunities or services, psychological or emotional abuse; with none of them, the
incident is not gender-based violence. The context is derived from other answers, never asked:
intimate partner violence, child sexual abuse, early marriage, possible sexual exploitation.
Pure functions, with no database: one incident, one type, one survivor.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

ADULT_AGE = 18
INTIMATE_PARTNERS = ("intimate_partner", "former_partner")


class IncidentType(models.TextChoices):
    RAPE = "rape", _("Rape")
    SEXUAL_ASSAULT = "sexual_assault", _("Sexual assault")
    PHYSICAL_ASSAULT = "physical_assault", _("Physical assault")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    DENIAL = "denial_of_resources", _("Denial of resources, opportunities or services")
    PSYCHOLOGICAL = "psychological_abuse", _("Psychological or emotional abuse")
    NON_GBV = "non_gbv", _("Not gender-based violence")


class IncidentContext(models.TextChoices):
    INTIMATE_PARTNER = "intimate_partner_violence", _("Intimate partner violence")
    CHILD_SEXUAL_ABUSE = "child_sexual_abuse", _("Child sexual abuse")
    EARLY_MARRIAGE = "early_marriage", _("Early marriage")
    SEXUAL_EXPLOITATION = "possible_sexual_exploitation", _("Possible sexual exploitation")


# The questions in the order the standard asks them, each with the type its "yes" gives.
ORDERED_QUESTIONS: tuple[tuple[str, IncidentType], ...] = (
    ("penetration", IncidentType.RAPE),
    ("sexual_contact", IncidentType.SEXUAL_ASSAULT),
    ("physical_assault", IncidentType.PHYSICAL_ASSAULT),
    ("forced_marriage", IncidentType.FORCED_MARRIAGE),
    ("denial_of_resources", IncidentType.DENIAL),
    ("psychological_abuse", IncidentType.PSYCHOLOGICAL),
)
SEXUAL_TYPES = (IncidentType.RAPE, IncidentType.SEXUAL_ASSAULT)


def incident_type(answers: Mapping[str, Any]) -> IncidentType:
    """Return the incident's type: the type of the first question answered yes, else not GBV."""
    for question, found in ORDERED_QUESTIONS:
        if answers.get(question) is True:
            return found
    return IncidentType.NON_GBV


def incident_context(answers: Mapping[str, Any], kind: IncidentType | None = None) -> list[IncidentContext]:
    """Return the context derived from the answers, in the standard's order (possibly none).

    - intimate partner violence: the perpetrator is a current or former intimate partner;
    - child sexual abuse: rape or sexual assault of a survivor under 18;
    - early marriage: a forced marriage of a survivor under 18;
    - possible sexual exploitation: rape or sexual assault where money, goods, benefits or
      services were exchanged.
    """
    kind = incident_type(answers) if kind is None else kind
    age = answers.get("survivor_age")
    minor = isinstance(age, int | float) and not isinstance(age, bool) and age < ADULT_AGE
    found = []
    if kind != IncidentType.NON_GBV and answers.get("perpetrator_relationship") in INTIMATE_PARTNERS:
        found.append(IncidentContext.INTIMATE_PARTNER)
    if kind in SEXUAL_TYPES and minor:
        found.append(IncidentContext.CHILD_SEXUAL_ABUSE)
    if kind == IncidentType.FORCED_MARRIAGE and minor:
        found.append(IncidentContext.EARLY_MARRIAGE)
    if kind in SEXUAL_TYPES and answers.get("exchange") is True:
        found.append(IncidentContext.SEXUAL_EXPLOITATION)
    return found
