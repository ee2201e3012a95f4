"""The places an organisation takes requests from, as ISO 3166 codes with Spanish and English names.

US states and Mexican states are ISO 3166-2 subdivisions (``US-CA``, ``MX-OAX``); the Central
American countries, and the two large countries as a whole, are ISO 3166-1 codes (``GT``,
``MX``). A country code covers every state under it.
"""

from __future__ import annotations

from typing import NamedTuple

from django.utils.translation import get_language


class Place(NamedTuple):
    code: str
    name_es: str
    name_en: str

    def name(self, language: str | None = None) -> str:
        """Return the place's name in ``language`` (the active one by default)."""
        return self.name_en if (language or get_language() or "es").startswith("en") else self.name_es

    def country(self) -> str:
        """Return the ISO 3166-1 code of the country this place is in (or is)."""
        return self.code.split("-")[0]


COUNTRIES: tuple[Place, ...] = (
    Place("US", "Estados Unidos (todo el país)", "United States (whole country)"),
    Place("MX", "México (todo el país)", "Mexico (whole country)"),
)

CENTRAL_AMERICA: tuple[Place, ...] = (
    Place("GT", "Guatemala", "Guatemala"),
    Place("HN", "Honduras", "Honduras"),
    Place("SV", "El Salvador", "El Salvador"),
    Place("NI", "Nicaragua", "Nicaragua"),
    Place("CR", "Costa Rica", "Costa Rica"),
    Place("PA", "Panamá", "Panama"),
    Place("BZ", "Belice", "Belize"),
)

# fmt: off
US_STATES: tuple[Place, ...] = tuple(Place(f"US-{code}", es, en) for code, es, en in (
    ("AL", "Alabama", "Alabama"), ("AK", "Alaska", "Alaska"), ("AZ", "Arizona", "Arizona"),
    ("AR", "Arkansas", "Arkansas"), ("CA", "California", "California"),
    ("CO", "Colorado", "Colorado"), ("CT", "Connecticut", "Connecticut"),
    ("DE", "Delaware", "Delaware"), ("DC", "Distrito de Columbia", "District of Columbia"),
    ("FL", "Florida", "Florida"), ("GA", "Georgia", "Georgia"), ("HI", "Hawái", "Hawaii"),
    ("ID", "Idaho", "Idaho"), ("IL", "Illinois", "Illinois"), ("IN", "Indiana", "Indiana"),
    ("IA", "Iowa", "Iowa"), ("KS", "Kansas", "Kansas"), ("KY", "Kentucky", "Kentucky"),
    ("LA", "Luisiana", "Louisiana"), ("ME", "Maine", "Maine"), ("MD", "Maryland", "Maryland"),
    ("MA", "Massachusetts", "Massachusetts"), ("MI", "Míchigan", "Michigan"),
    ("MN", "Minnesota", "Minnesota"), ("MS", "Misisipi", "Mississippi"),
    ("MO", "Misuri", "Missouri"), ("MT", "Montana", "Montana"), ("NE", "Nebraska", "Nebraska"),
    ("NV", "Nevada", "Nevada"), ("NH", "Nuevo Hampshire", "New Hampshire"),
    ("NJ", "Nueva Jersey", "New Jersey"), ("NM", "Nuevo México", "New Mexico"),
    ("NY", "Nueva York", "New York"), ("NC", "Carolina del Norte", "North Carolina"),
    ("ND", "Dakota del Norte", "North Dakota"), ("OH", "Ohio", "Ohio"),
    ("OK", "Oklahoma", "Oklahoma"), ("OR", "Oregón", "Oregon"),
    ("PA", "Pensilvania", "Pennsylvania"), ("RI", "Rhode Island", "Rhode Island"),
    ("SC", "Carolina del Sur", "South Carolina"), ("SD", "Dakota del Sur", "South Dakota"),
    ("TN", "Tennessee", "Tennessee"), ("TX", "Texas", "Texas"), ("UT", "Utah", "Utah"),
    ("VT", "Vermont", "Vermont"), ("VA", "Virginia", "Virginia"),
    ("WA", "Washington", "Washington"), ("WV", "Virginia Occidental", "West Virginia"),
    ("WI", "Wisconsin", "Wisconsin"), ("WY", "Wyoming", "Wyoming"),
    ("PR", "Puerto Rico", "Puerto Rico"),
))

MX_STATES: tuple[Place, ...] = tuple(Place(f"MX-{code}", es, en) for code, es, en in (
    ("AGU", "Aguascalientes", "Aguascalientes"), ("BCN", "Baja California", "Baja California"),
    ("BCS", "Baja California Sur", "Baja California Sur"), ("CAM", "Campeche", "Campeche"),
    ("CHP", "Chiapas", "Chiapas"), ("CHH", "Chihuahua", "Chihuahua"),
    ("CMX", "Ciudad de México", "Mexico City"), ("COA", "Coahuila", "Coahuila"),
    ("COL", "Colima", "Colima"), ("DUR", "Durango", "Durango"),
    ("GUA", "Guanajuato", "Guanajuato"), ("GRO", "Guerrero", "Guerrero"),
    ("HID", "Hidalgo", "Hidalgo"), ("JAL", "Jalisco", "Jalisco"),
    ("MEX", "Estado de México", "State of Mexico"), ("MIC", "Michoacán", "Michoacán"),
    ("MOR", "Morelos", "Morelos"), ("NAY", "Nayarit", "Nayarit"),
    ("NLE", "Nuevo León", "Nuevo León"), ("OAX", "Oaxaca", "Oaxaca"),
    ("PUE", "Puebla", "Puebla"), ("QUE", "Querétaro", "Querétaro"),
    ("ROO", "Quintana Roo", "Quintana Roo"), ("SLP", "San Luis Potosí", "San Luis Potosí"),
    ("SIN", "Sinaloa", "Sinaloa"), ("SON", "Sonora", "Sonora"), ("TAB", "Tabasco", "Tabasco"),
    ("TAM", "Tamaulipas", "Tamaulipas"), ("TLA", "Tlaxcala", "Tlaxcala"),
    ("VER", "Veracruz", "Veracruz"), ("YUC", "Yucatán", "Yucatán"),
    ("ZAC", "Zacatecas", "Zacatecas"),
))
# fmt: on

PLACES: tuple[Place, ...] = COUNTRIES + US_STATES + MX_STATES + CENTRAL_AMERICA
PLACE_BY_CODE = {place.code: place for place in PLACES}


def place_covers(accepted: str, place: str) -> bool:
    """Return True when an organisation taking ``accepted`` takes requests from ``place``."""
    return accepted == place or ("-" not in accepted and place.split("-")[0] == accepted)
