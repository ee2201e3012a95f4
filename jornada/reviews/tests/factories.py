"""Factories for reviews and the directory records they are about (fictional data only)."""

from __future__ import annotations

from typing import Any

import factory

from jornada.contributions.models import Status
from jornada.contributions.receipts import new_receipt_code, receipt_hash
from jornada.contributions.services import public_change
from jornada.directory.models import Employer, Recruiter
from jornada.reviews.models import EmployerClaim, EmployerReply, Review, ReviewProgramme, SubjectKind


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"Granja Ficticia {n} LLC")
    slug = factory.Sequence(lambda n: f"granja-ficticia-{n}")
    normalised_name = factory.LazyAttribute(lambda o: o.name.lower().replace(" llc", ""))
    city = "Lyons"
    state = "GA"
    is_fictional = True
    has_h2a = True


class RecruiterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recruiter

    name = factory.Sequence(lambda n: f"Reclutadora Ficticia {n}")
    slug = factory.Sequence(lambda n: f"reclutadora-ficticia-{n}")
    normalised_name = factory.LazyAttribute(lambda o: o.name.lower())
    city = "Monterrey"
    state = "NL"
    country = "Mexico"
    is_fictional = True


class ReviewFactory(factory.django.DjangoModelFactory):
    """A review; pass ``code=`` to know its receipt code (a fresh one otherwise)."""

    class Meta:
        model = Review

    class Params:
        code = factory.LazyFunction(new_receipt_code)

    subject_kind = SubjectKind.EMPLOYER
    employer = factory.SubFactory(EmployerFactory)
    programme = ReviewProgramme.H2A
    season_year = 2025
    receipt_hash = factory.LazyAttribute(lambda o: receipt_hash(o.code))
    fees_charged = "yes"
    would_return = "no"
    rating_pay = 2
    text = "Nos cobraron la visa y no nos pagaron todas las horas."
    status = Status.RECEIVED


def published_reviews(subject: Any, count: int, **fields: Any) -> list[Review]:
    """Create ``count`` published reviews about an employer or recruiter."""
    if isinstance(subject, Employer):
        fields.update(employer=subject, subject_kind=SubjectKind.EMPLOYER)
    else:
        fields.update(employer=None, recruiter=subject, subject_kind=SubjectKind.RECRUITER)
    reviews = [ReviewFactory(status=Status.PUBLISHED, **fields) for _ in range(count)]
    if reviews:
        public_change(reviews[0])  # as publishing through the services does
    return reviews


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerClaim

    employer = factory.SubFactory(EmployerFactory)
    contact_name = "Rosa Gerente (ficticia)"
    contact_email = factory.Sequence(lambda n: f"gerente{n}@granja.example")
    contact_role = "Gerente de recursos humanos"
    message = "Our agent of record is listed in DOL records."


class ReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerReply

    review = factory.SubFactory(ReviewFactory, status=Status.PUBLISHED)
    claim = factory.SubFactory(ClaimFactory, employer=factory.SelfAttribute("..review.employer"))
    text = "Gracias por tu opinión; revisamos los pagos de horas."
