"""The emergency numbers the interview shows, in one place (checked against their public sources).

- 911: emergency number in the United States and, since 2017, in Mexico.
- The Mexican foreign ministry's (SRE) consular protection line, CIAM (Centro de Información y
  Asistencia a Personas Mexicanas, Tucson): +1 520 623 7874, free from the US and Canada,
  001 520 623 7874 from Mexico, every day, all day.
"""

from __future__ import annotations

from typing import NamedTuple

from django.utils.translation import gettext_lazy as _


class EmergencyNumber(NamedTuple):
    name: object  # a lazy translated string
    where: object
    number: str  # as shown
    dial: str  # for tel: links


EMERGENCY_NUMBERS: tuple[EmergencyNumber, ...] = (
    EmergencyNumber(_("Emergencies (police, ambulance, fire)"), _("In the United States"), "911", "911"),
    EmergencyNumber(_("Emergencies (police, ambulance, fire)"), _("In Mexico"), "911", "911"),
    EmergencyNumber(
        _("Mexican consulate protection line (CIAM), every day, all day"),
        _("From the United States or Canada"),
        "+1 520 623 7874",
        "+15206237874",
    ),
    EmergencyNumber(
        _("Mexican consulate protection line (CIAM), every day, all day"),
        _("From Mexico"),
        "001 520 623 7874",
        "0015206237874",
    ),
)
