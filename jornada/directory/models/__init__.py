"""The directory: employers, recruiters and agents, and the public records about them."""

from jornada.directory.models.cases import (
    Case,
    CaseActivity,
    CaseClient,
    CaseEmployer,
    CaseHousing,
    CaseRecruiter,
    CaseWorksite,
    Programme,
)
from jornada.directory.models.enforcement import Debarment, WhdCase
from jornada.directory.models.entities import (
    Agent,
    Employer,
    EmployerName,
    LinkReason,
    NameKind,
    Recruiter,
    RecruiterName,
    RecruiterOffice,
    RecruiterPerson,
    RetiredSlug,
)
from jornada.directory.models.imports import ImportRun
from jornada.directory.models.search import SearchEntry, SearchWord

__all__ = [
    "Agent",
    "Case",
    "CaseActivity",
    "CaseClient",
    "CaseEmployer",
    "CaseHousing",
    "CaseRecruiter",
    "CaseWorksite",
    "Debarment",
    "Employer",
    "EmployerName",
    "ImportRun",
    "LinkReason",
    "NameKind",
    "Programme",
    "Recruiter",
    "RecruiterName",
    "RecruiterOffice",
    "RecruiterPerson",
    "RetiredSlug",
    "SearchEntry",
    "SearchWord",
    "WhdCase",
]
