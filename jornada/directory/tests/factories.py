import datetime as dt
from decimal import Decimal

import factory

from jornada.directory.dol.names import normalise_name
from jornada.directory.models import (
    Case,
    CaseActivity,
    CaseEmployer,
    CaseHousing,
    CaseRecruiter,
    Debarment,
    Employer,
    EmployerName,
    LinkReason,
    Recruiter,
    RecruiterName,
    WhdCase,
)


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Huertas Prueba {n} LLC")
    slug = factory.Sequence(lambda n: f"huertas-prueba-{n}")
    normalised_name = factory.LazyAttribute(lambda employer: normalise_name(employer.name))
    city = "Tifton"
    state = "GA"
    country = "UNITED STATES OF AMERICA"

    @factory.post_generation
    def spelling(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            EmployerName.objects.create(
                employer=obj,
                name=obj.name,
                normalised=obj.normalised_name,
                block=obj.state,
                link_reason=LinkReason.FIRST_SEEN,
            )


class RecruiterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recruiter
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Reclutadora Prueba {n}")
    slug = factory.Sequence(lambda n: f"reclutadora-prueba-{n}")
    normalised_name = factory.LazyAttribute(lambda recruiter: normalise_name(recruiter.name))
    country = "MEXICO"

    @factory.post_generation
    def spelling(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            RecruiterName.objects.create(
                recruiter=obj,
                name=obj.name,
                normalised=obj.normalised_name,
                block=obj.country,
                link_reason=LinkReason.FIRST_SEEN,
            )


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    case_number = factory.Sequence(lambda n: f"H-300-17{n:03d}-{n:06d}")
    programme = "h2a"
    fiscal_year = 2017
    status = "certified"
    period_begin = dt.date(2017, 4, 1)
    period_end = dt.date(2017, 10, 31)
    workers_requested = 40
    workers_certified = 38
    job_title = "Farmworker"
    crop = "Apples"
    wage_offered = Decimal("11.46")
    wage_unit = "hour"
    hours_per_week = Decimal(40)
    worksite_city = "Tifton"
    worksite_state = "GA"


def employ(
    employer: Employer, case: Case, *, role: str = CaseEmployer.Role.PRIMARY, workers: int = 38
) -> CaseEmployer:
    """Put ``employer`` on ``case`` under its first spelling."""
    return CaseEmployer.objects.create(
        case=case,
        employer=employer,
        employer_name=employer.names.first(),
        role=role,
        workers_requested=workers,
        workers_certified=workers,
        state=employer.state,
    )


def busy_employer(seasons: int = 4) -> Employer:
    """An employer with everything a profile can show, several seasons of it: the page-budget worst case."""
    employer = EmployerFactory(name="Asociación de Productores Muy Ocupados (prueba)")
    WhdCase.objects.create(
        case_id=f"T-{employer.pk}", employer=employer, legal_name=employer.name, state="GA",
        findings_start=dt.date(2012, 1, 1), findings_end=dt.date(2013, 6, 30),
        h2a_violations=12, h2a_back_wages=Decimal("12400"), h2a_employees_owed=31, h2a_penalties=Decimal("5000"),
        flsa_violations=2, flsa_back_wages=Decimal("800.50"), flsa_employees_owed=4,
    )  # fmt: skip
    Debarment.objects.create(
        row_key=f"t{employer.pk}", employer=employer, name=employer.name, programmes="H-2A",
        start_date=dt.date(2014, 3, 1), end_date=dt.date(2017, 2, 28), violation="Failure to pay wages",
    )  # fmt: skip
    recruiter = RecruiterFactory()
    for season in range(seasons):
        for number in range(2):
            case = CaseFactory(
                fiscal_year=2017 + season,
                period_begin=dt.date(2017 + season, 4, 1),
                period_end=dt.date(2017 + season, 10, 31),
            )
            employ(employer, case)
            for member in range(20):
                employ(
                    EmployerFactory(name=f"Granja Socia {season}-{number}-{member}"),
                    case,
                    role=CaseEmployer.Role.SUB,
                    workers=3,
                )
            for crop in range(15):
                CaseActivity.objects.create(
                    case=case,
                    row_key=f"a{crop}",
                    activity=f"Cultivo número {crop}",
                    wage_offer=Decimal("12.50"),
                    wage_unit="hour",
                )
            for home in range(12):
                CaseHousing.objects.create(
                    case=case,
                    row_key=f"h{home}",
                    housing_type="Casa móvil",
                    city="Tifton",
                    state="GA",
                    total_occupancy=8,
                )
            CaseRecruiter.objects.create(case=case, row_key="r", recruiter=recruiter)
    return employer
